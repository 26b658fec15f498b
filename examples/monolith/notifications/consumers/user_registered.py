"""Welcome e-mail for every new user (seed 001's UserRegisteredConsumer)."""

from __future__ import annotations

from event_contracts.bus import subscriber
from integration_events.identity import UserRegistered

OUTBOX: list[str] = []
"""E-mails "sent" (a stand-in for notifications' own SendEmailNotificationCommand)."""


@subscriber(UserRegistered, module="notifications")
def handle(event: UserRegistered) -> None:
    OUTBOX.append(event.email)
    meta = event.metadata
    print(
        f"  notifications: welcome e-mail to {event.email} (Hello {event.given_name}!) "
        f"correlation={meta.correlation_id if meta else None}"
    )
