"""Register a user in identity; notifications sends the welcome e-mail (any transport)."""

from __future__ import annotations

import time
import uuid

import monolith.notifications.consumers  # noqa: F401  (registers notifications' handlers)
from event_contracts.bus import get_bus
from monolith.identity.publishers import IdentityPublisher
from monolith.notifications.consumers.user_registered import OUTBOX


def main() -> None:
    bus = get_bus()
    print(f"  transport: {bus.transport.name}")
    sent = IdentityPublisher().user_registered(
        user_id=uuid.uuid4(), tenant_id="acme", email="ada@example.com", name="Ada Lovelace"
    )
    print(f"  identity: published {sent.topic} id={sent.event_id} key={sent.key}")
    bus.flush()
    deadline = time.monotonic() + 60
    while "ada@example.com" not in OUTBOX and time.monotonic() < deadline:
        time.sleep(0.05)
    bus.close()
    if "ada@example.com" not in OUTBOX:
        raise SystemExit("the welcome e-mail was not sent")


if __name__ == "__main__":
    main()
