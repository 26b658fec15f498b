"""Authoring: scaffolding new event types and versions, the event catalog, package versions.

names         parse and check `<module>.<EventName>` ids against the conventions
schema_text   starter schemas, event.toml, and the stable layout we write them in
scaffold      `new event`, `new version`, `new event --supersedes` (never overwrite)
upcaster_stub append a stub upcaster to the hand-written upcaster module
fields        the rows of a version's field table (Avro fields, JSON properties)
catalog_data  what the catalog pages show: edges between modules, a timeline of versions
catalog_md    the Markdown page; catalog_html + svg_graph: the self-contained HTML page
semver_bump   the bump a schema change needs, and the next package version
changelog     Keep-a-Changelog sections for a release
gitfiles      files and commit dates read from git
"""
