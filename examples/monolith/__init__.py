"""Seed 001's modular monolith in a few files: identity publishes, notifications consumes.

Neither module imports the other; both import only the shared contracts (`integration_events`)
and the bus. Run it with `PYTHONPATH=examples python -m monolith.main`; set
`EVENT_CONTRACTS_TRANSPORT=kafka://HOST:PORT` to run the same code over Kafka.
"""
