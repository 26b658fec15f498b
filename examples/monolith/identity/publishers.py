"""identity's outward face: typed publish methods over the bus (seed 001's IdentityPublisher).

Command handlers call `IdentityPublisher`, never the bus; moving identity out of the monolith
changes the bus's transport setting, not this file.
"""

from __future__ import annotations

import datetime as dt
import uuid

from event_contracts.bus import Published, publish
from integration_events.identity import UserRegistered


class IdentityPublisher:
    def user_registered(
        self, *, user_id: uuid.UUID, tenant_id: str, email: str, name: str
    ) -> Published:
        given, _, family = name.partition(" ")
        return publish(
            UserRegistered(
                event_id=uuid.uuid4(),
                user_id=user_id,
                tenant_id=tenant_id,
                email=email,
                full_name=name,
                registered_at=dt.datetime.now(dt.UTC),
                given_name=given,
                family_name=family,
            )
        )
