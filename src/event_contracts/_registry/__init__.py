"""Schema registries: the embedded file registry and a Confluent-compatible REST client.

    model.py     Registry protocol, RegisteredSchema, canonical forms (no HTTP)
    naming.py    subject naming strategies
    file.py      FileRegistry: schemas/ + registry.lock
    resolver.py  RegistryIdResolver: cached schema ids for Confluent framing
    settings.py  URL, auth, TLS, timeouts, retries (env vars; secrets redacted)
    codes.py     Confluent error codes -> RegistryError
    confluent.py ConfluentClient (the only module importing httpx: tools extra)
    push.py, verify.py  what `event-contracts registry push|verify` do

This package's `__init__` imports nothing that needs httpx, so runtime code may import the
file registry and the resolver.
"""
