"""`python -m event_contracts`: the same CLI as `event-contracts`."""

from event_contracts._cli.main import console

console()
