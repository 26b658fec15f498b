"""Kafka via confluent-kafka (the `kafka` extra): one topic per event type, one consumer group
per consuming module, offsets committed only after the module's handlers have run.

At least once: the consumer stores a message's offset after handling it (`enable.auto.offset.store`
off) and librdkafka commits stored offsets (periodically and on close), so a crash redelivers at
most the messages handled since the last commit, which the dedup store then skips. Ordering holds
per partition, i.e. per partition key. Topics are created on first listen when missing.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from event_contracts._bus.message import Message, headers_of
from event_contracts._bus.transport import RETRY_PAUSE, Listener, OnMessage, delivered
from event_contracts.errors import BusError

log = logging.getLogger("event_contracts.bus")


def _kafka() -> Any:
    try:
        return importlib.import_module("confluent_kafka")
    except ImportError:
        raise BusError(
            "the Kafka transport needs confluent-kafka: pip install 'event-contracts[kafka]'"
        ) from None


class KafkaTransport:
    """`kafka://host:port[,host:port]?partitions=3&<librdkafka setting>=<value>`; the URL's
    librdkafka settings and `config` go to every client (producer, consumers, admin)."""

    name = "kafka"

    def __init__(
        self,
        bootstrap: str,
        *,
        options: Mapping[str, str] | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> None:
        self._ck = _kafka()
        self.bootstrap = bootstrap
        options = dict(options or {})
        self.partitions = int(options.pop("partitions", "3"))
        # Other URL options are librdkafka settings: kafka://h:9092?session.timeout.ms=6000
        self.config: dict[str, Any] = {"bootstrap.servers": bootstrap, **options, **(config or {})}
        self._producer: Any = None
        self._errors: list[str] = []
        self._lock = threading.Lock()
        self._listeners: list[_KafkaListener] = []

    def _producer_(self) -> Any:
        with self._lock:
            if self._producer is None:
                self._producer = self._ck.Producer(
                    {"enable.idempotence": True, "linger.ms": 5, **self.config}
                )
            return self._producer

    def send(self, message: Message) -> None:
        producer = self._producer_()

        def delivered(err: Any, _msg: Any) -> None:
            if err is not None:
                self._errors.append(f"{message.topic}: {err}")

        try:
            producer.produce(
                message.topic,
                value=message.value,
                key=message.key,
                headers=list(message.headers),
                on_delivery=delivered,
            )
        except BufferError:  # the local queue is full: wait for room once, then retry
            producer.poll(1.0)
            producer.produce(
                message.topic,
                value=message.value,
                key=message.key,
                headers=list(message.headers),
                on_delivery=delivered,
            )
        producer.poll(0)

    def flush(self, timeout: float = 10.0) -> None:
        if self._producer is not None:
            left = self._producer.flush(timeout)
            if left:
                raise BusError(f"Kafka: {left} message(s) still undelivered after {timeout} s")
        if self._errors:
            errors, self._errors = self._errors, []
            raise BusError("Kafka refused message(s): " + "; ".join(errors[:5]))

    def ensure_topics(self, topics: Sequence[str]) -> None:
        """Make sure the topics exist before a group subscribes (an existing one is left as
        it is): a metadata request creates them on brokers that auto-create topics; where
        that is off, the admin API creates them with `partitions` partitions."""
        producer = self._producer_()
        missing = [t for t in topics if not _exists(producer, t)]
        if not missing:
            return
        admin = self._ck.admin.AdminClient(self.config)
        new = [
            self._ck.admin.NewTopic(t, num_partitions=self.partitions, replication_factor=-1)
            for t in missing
        ]
        for topic, future in admin.create_topics(new, request_timeout=15).items():
            try:
                future.result(20)
            except self._ck.KafkaException as exc:
                if exc.args[0].code() != self._ck.KafkaError.TOPIC_ALREADY_EXISTS:
                    raise BusError(f"Kafka: cannot create topic {topic!r}: {exc}") from None

    def listen(self, group: str, topics: Sequence[str], on_message: OnMessage) -> Listener:
        self.ensure_topics(topics)
        consumer = self._ck.Consumer(
            {
                **self.config,
                "group.id": group,
                "auto.offset.reset": "earliest",
                "enable.auto.commit": True,
                "enable.auto.offset.store": False,
                "auto.commit.interval.ms": 1000,
                "error_cb": lambda err: log.warning("Kafka consumer %s: %s", group, err),
            }
        )
        consumer.subscribe(list(topics))
        listener = _KafkaListener(self, consumer, group, on_message)
        self._listeners.append(listener)
        listener.thread.start()
        return listener

    def close(self) -> None:
        for listener in list(self._listeners):
            listener.stop()
        try:
            self.flush()
        finally:
            self._producer = None


def _exists(producer: Any, topic: str) -> bool:
    found = producer.list_topics(topic=topic, timeout=10).topics.get(topic)
    return found is not None and found.error is None and bool(found.partitions)


class _KafkaListener:
    def __init__(self, transport: KafkaTransport, consumer: Any, group: str, on: OnMessage) -> None:
        self.transport = transport
        self.consumer = consumer
        self.on_message = on
        self.group = group
        self.stopping = threading.Event()
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, name=f"bus-kafka-{group}", daemon=True)

    def _run(self) -> None:
        ck = self.transport._ck
        while not self.stopping.is_set():
            msg = self.consumer.poll(0.1)
            if msg is None:
                continue
            err = msg.error()
            if err is not None:
                if err.code() != ck.KafkaError._PARTITION_EOF:
                    log.warning("Kafka consumer: %s", err)
                if err.fatal():
                    self.error = str(err)
                    return
                continue
            message = Message(msg.topic(), msg.key(), headers_of(msg.headers()), msg.value() or b"")
            if not delivered(self.on_message, message, self.group):
                # Not stored: rewind the partition so the same message comes again.
                self.consumer.seek(ck.TopicPartition(msg.topic(), msg.partition(), msg.offset()))
                self.stopping.wait(RETRY_PAUSE)
                continue
            self.consumer.store_offsets(message=msg)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.consumer.close()  # commits the offsets stored so far
        if self in self.transport._listeners:
            self.transport._listeners.remove(self)
