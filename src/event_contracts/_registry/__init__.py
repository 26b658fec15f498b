"""Schema registries: the embedded file registry and a Confluent-compatible REST client.

    model.py     Registry protocol, RegisteredSchema, canonical forms (no HTTP)
    naming.py    subject naming strategies
    file.py      FileRegistry: schemas/ + registry.lock
    resolver.py  RegistryIdResolver: cached schema ids for Confluent framing
    settings.py  URL, auth, TLS, timeouts, retries (env vars; secrets redacted)
    codes.py     Confluent error codes -> RegistryError (messages cut to size)
    answers.py   the shape of every registry answer, checked (RegistryError, never a traceback)
    transport.py one HTTP exchange: total deadline, size cap, retries, Retry-After, redaction
    confluent.py ConfluentClient (with transport.py, the only modules importing httpx)
    push.py, verify.py  what `event-contracts registry push|verify` do

This package's `__init__` imports nothing that needs httpx, so runtime code may import the
file registry and the resolver.
"""
