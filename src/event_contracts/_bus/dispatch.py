"""One consuming module's side of delivery: decode, deduplicate, call, retry, dead-letter.

A failing handler never reaches the transport or the other handlers: each handler of the
module gets its own attempts (`RetryPolicy`), and when they are spent the raw message goes to
the dead-letter sink with the error. A message that cannot be decoded into a handler's class
is dead-lettered at once (decoding again would fail again). Either way the (handler, event id)
pair is then recorded as settled, so a redelivery does not repeat it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from event_contracts._bus.context import Delivery, delivering, topics_for
from event_contracts._bus.handlers import Subscription
from event_contracts._bus.message import DeadLetter, Message
from event_contracts._bus.stores import DeadLetterSink, DedupStore
from event_contracts._runtime.base import EventMetadata, IntegrationEvent
from event_contracts._runtime.envelope import from_kafka
from event_contracts.errors import ContractError

log = logging.getLogger("event_contracts.bus")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Attempts per handler and delivery; the pause doubles after each failed attempt."""

    attempts: int = 3
    backoff: float = 0.05
    max_backoff: float = 2.0

    def pause(self, attempt: int) -> float:
        return float(min(self.backoff * 2 ** (attempt - 1), self.max_backoff))


class Dispatcher:
    """Delivers messages to the handlers of one module (one consumer group)."""

    def __init__(
        self,
        module: str,
        subscriptions: Sequence[Subscription],
        dedup: DedupStore,
        dead_letters: DeadLetterSink,
        retry: RetryPolicy,
    ) -> None:
        self.module = module
        self.dedup = dedup
        self.dead_letters = dead_letters
        self.retry = retry
        self.by_topic: dict[str, list[Subscription]] = {}
        for sub in subscriptions:
            for topic in topics_for(sub.event_class):
                self.by_topic.setdefault(topic, []).append(sub)

    @property
    def topics(self) -> list[str]:
        return sorted(self.by_topic)

    def __call__(self, message: Message) -> None:
        """Handle one message; never raises for a handler's or the payload's fault."""
        event_id = message.event_id or ""
        decoded: dict[type[IntegrationEvent], IntegrationEvent | BaseException] = {}
        for sub in self.by_topic.get(message.topic, ()):
            if event_id and self.dedup.seen(sub.scope, event_id):
                continue
            cls = sub.event_class
            if cls not in decoded:
                try:
                    decoded[cls] = from_kafka(message.headers, message.value, into=cls)
                except ContractError as exc:
                    decoded[cls] = exc
            event = decoded[cls]
            if isinstance(event, BaseException):
                self._dead(sub, message, event, attempts=0)
            else:
                self._deliver(sub, message, event)
            if event_id:
                self.dedup.mark(sub.scope, event_id)

    def _deliver(self, sub: Subscription, message: Message, event: IntegrationEvent) -> None:
        meta = event.metadata if isinstance(event.metadata, EventMetadata) else EventMetadata()  # type: ignore[attr-defined]
        delivery = Delivery(
            event_id=message.event_id or "",
            correlation_id=meta.correlation_id,
            traceparent=meta.traceparent,
            tracestate=meta.tracestate,
            tenant_id=meta.tenant_id,
        )
        error: BaseException | None = None
        for attempt in range(1, self.retry.attempts + 1):
            try:
                with delivering(delivery):
                    if sub.is_async:
                        run_async(sub.handler(event))
                    else:
                        sub.handler(event)
                return
            except Exception as exc:
                error = exc
                if attempt < self.retry.attempts:
                    time.sleep(self.retry.pause(attempt))
        assert error is not None
        self._dead(sub, message, error, attempts=self.retry.attempts)

    def _dead(self, sub: Subscription, message: Message, exc: BaseException, attempts: int) -> None:
        log.warning(
            "dead letter: %s (%s) on %s %s after %d attempt(s): %s: %s",
            sub.name,
            self.module,
            message.topic,
            message.event_id,
            attempts,
            type(exc).__name__,
            exc,
        )
        self.dead_letters.put(
            DeadLetter(
                module=self.module,
                handler=sub.name,
                message=message,
                error=f"{type(exc).__name__}: {exc}",
                attempts=attempts,
            )
        )


_LOOP: asyncio.AbstractEventLoop | None = None
_LOOP_LOCK = threading.Lock()


def run_async(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run an `async def` handler to completion on the bus's own event loop thread (started
    once); the calling worker thread waits, so a handler failure is retried like a sync one."""
    global _LOOP
    with _LOOP_LOCK:
        if _LOOP is None:
            loop = asyncio.new_event_loop()
            threading.Thread(
                target=loop.run_forever, name="event-contracts-bus-async", daemon=True
            ).start()
            _LOOP = loop
    return asyncio.run_coroutine_threadsafe(coro, _LOOP).result()


Handler = Callable[[Message], None]
