"""Handlers registered by consuming modules: `@subscriber(ProductListed, module="orders")`."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from event_contracts._runtime.base import IntegrationEvent
from event_contracts._schema.names import MODULE_NAME
from event_contracts.errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Subscription:
    """One handler of one consuming module for the event class it was written against."""

    module: str
    event_class: type[IntegrationEvent]
    handler: Callable[[Any], Any]
    name: str
    """`module.qualname` of the handler: with the module, the deduplication scope."""
    is_async: bool

    @property
    def scope(self) -> str:
        return f"{self.module}:{self.name}"


class HandlerRegistry:
    """Every subscription, in registration order; thread-safe."""

    def __init__(self) -> None:
        self._subs: list[Subscription] = []
        self._lock = threading.Lock()

    def subscriber(self, event_class: type[IntegrationEvent], *, module: str) -> Callable[[F], F]:
        """Register the decorated function (sync or `async def`) for `event_class` in `module`."""
        _check_class(event_class)
        if not isinstance(module, str) or not MODULE_NAME.match(module):
            raise UsageError(f"module must be a lower_snake module name, not {module!r}")

        def register(fn: F) -> F:
            self.add(event_class, fn, module=module)
            return fn

        return register

    def add(
        self, event_class: type[IntegrationEvent], handler: Callable[[Any], Any], *, module: str
    ) -> Subscription:
        _check_class(event_class)
        name = f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', handler)}"
        sub = Subscription(
            module=module,
            event_class=event_class,
            handler=handler,
            name=name,
            is_async=inspect.iscoroutinefunction(handler),
        )
        with self._lock:
            if any(s.scope == sub.scope and s.event_class is event_class for s in self._subs):
                return sub  # importing a handler module twice registers it once
            self._subs.append(sub)
        return sub

    def subscriptions(self, module: str | None = None) -> list[Subscription]:
        with self._lock:
            return [s for s in self._subs if module is None or s.module == module]

    def modules(self) -> list[str]:
        with self._lock:
            return sorted({s.module for s in self._subs})

    def clear(self) -> None:
        with self._lock:
            self._subs.clear()


def _check_class(event_class: object) -> None:
    if not (isinstance(event_class, type) and issubclass(event_class, IntegrationEvent)):
        raise UsageError(
            f"subscriber() takes a generated event class, not {event_class!r} "
            "(e.g. `from integration_events.catalog import ProductListed`)"
        )
    if "EVENT_TYPE" not in dir(event_class):
        raise UsageError(f"{event_class.__name__} is not a generated event class (no EVENT_TYPE)")


DEFAULT_HANDLERS = HandlerRegistry()
"""Where `event_contracts.bus.subscriber` registers; the default bus reads it."""


def subscriber(event_class: type[IntegrationEvent], *, module: str) -> Callable[[F], F]:
    """Register a handler on the default registry: `@subscriber(UserRegistered, module="x")`."""
    return DEFAULT_HANDLERS.subscriber(event_class, module=module)
