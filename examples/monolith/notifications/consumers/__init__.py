"""notifications' inbound integration: one handler per integration event it subscribes to."""

from monolith.notifications.consumers import user_registered

__all__ = ["user_registered"]
