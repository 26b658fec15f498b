"""The contracts distribution: its metadata, a reproducible build, and an upload.

meta.py     name, version and the engine requirement of the contracts distribution
build.py    `event-contracts build`: wheel and sdist in dist/, from fresh generated code only
publish.py  `event-contracts publish`: upload with twine (the `publish` extra)
"""
