"""Event bus: typed publish -> handle throughput per transport, against the raw client doing the
same produce/consume in the same run, and in-memory publish -> handle latency.

Typed: `Bus.publish` (metadata, partition key, Avro encoding, CloudEvents headers) through the
transport into a module's handler (decode into the handler's class, dedup, retry wrapper).
Raw: the same pre-encoded bytes and headers through the bare client into a no-op callback
(Kafka: confluent-kafka's producer and consumer); in memory, what a team writes by hand: fastavro
encode, a queue to a worker thread, fastavro decode and `model_validate`.

    .venv/bin/python bench/bus.py [--n 3000] [--transports memory,kafka]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import queue
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer

from event_contracts.bus import Bus, HandlerRegistry, MemoryTransport, Transport, message_for
from integration_events.identity import UserRegistered

NOW = dt.datetime(2026, 3, 14, 15, 9, 26, tzinfo=dt.UTC)
SCHEMAS = Path(__file__).resolve().parents[1] / "src/integration_events/_schemas"


def event(n: int) -> UserRegistered:
    return UserRegistered(
        event_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        tenant_id="acme",
        email=f"user{n}@example.com",
        full_name=f"Ada {n} Lovelace",
        registered_at=NOW,
        given_name="Ada",
        family_name="Lovelace",
    )


def typed(transport: Transport, n: int) -> float:
    """Seconds from the first publish until the handler has seen all n events."""
    handlers = HandlerRegistry()
    done = threading.Event()
    seen = [-1]  # the warm-up event

    def handle(_event: UserRegistered) -> None:
        seen[0] += 1
        if seen[0] in (0, n):
            done.set()

    handlers.add(UserRegistered, handle, module="notifications")
    events = [event(i) for i in range(n)]
    bus = Bus(transport, handlers=handlers).start()
    bus.publish(event(-1))  # the consumer has joined and handled one before the clock starts
    bus.flush(60)
    if not done.wait(60):
        raise SystemExit(f"{transport.name}: the warm-up event was not handled")
    done.clear()
    start = time.perf_counter()
    for e in events:
        bus.publish(e)
    bus.flush(60)
    if not done.wait(120):
        raise SystemExit(f"{transport.name}: only {seen[0]} of {n} handled")
    took = time.perf_counter() - start
    bus.close()
    return took


def raw_memory(n: int) -> float:
    """By hand: fastavro encode, a queue to a worker thread, fastavro decode, model_validate."""
    schema = parse_schema(json.loads((SCHEMAS / "identity/UserRegistered/v2.avsc").read_text()))
    events = [event(i) for i in range(n)]
    q: queue.SimpleQueue[bytes] = queue.SimpleQueue()
    done = threading.Event()

    def worker() -> None:
        for i in range(n):
            data = schemaless_reader(io.BytesIO(q.get()), schema, None)
            UserRegistered.model_validate(data)
            if i == n - 1:
                done.set()

    threading.Thread(target=worker, daemon=True).start()
    start = time.perf_counter()
    for e in events:
        buf = io.BytesIO()
        schemaless_writer(buf, schema, e.model_dump(exclude={"metadata"}))
        q.put(buf.getvalue())
    done.wait()
    return time.perf_counter() - start


def raw_kafka(brokers: str, n: int) -> float:
    import confluent_kafka as ck

    messages = [message_for(event(i))[1] for i in range(n)]
    topic = f"raw.{uuid.uuid4().hex}"
    producer = ck.Producer(
        {"bootstrap.servers": brokers, "enable.idempotence": True, "linger.ms": 5}
    )
    producer.list_topics(topic=topic, timeout=10)
    consumer = ck.Consumer(
        {
            "bootstrap.servers": brokers,
            "group.id": topic,
            "auto.offset.reset": "earliest",
            "enable.auto.offset.store": False,
        }
    )
    consumer.subscribe([topic])
    producer.produce(topic, b"warm-up")
    producer.flush()
    while (m := consumer.poll(0.2)) is None or m.error():
        pass
    consumer.store_offsets(message=m)
    start = time.perf_counter()
    for msg in messages:
        producer.produce(topic, value=msg.value, key=msg.key, headers=list(msg.headers))
        producer.poll(0)
    producer.flush(60)
    got = 0
    while got < n:
        m = consumer.poll(0.5)
        if m is None or m.error():
            continue
        _ = (m.headers(), m.value())
        consumer.store_offsets(message=m)
        got += 1
    took = time.perf_counter() - start
    consumer.close()
    return took


def raw_redis(url: str, n: int) -> float:
    import redis

    messages = [message_for(event(i))[1] for i in range(n)]
    client = redis.Redis.from_url(url)
    stream = f"raw-{uuid.uuid4().hex}"
    client.xgroup_create(stream, "g", id="0", mkstream=True)

    def consume() -> None:  # in its own thread and connection, as the bus's listener
        reader = redis.Redis.from_url(url)
        got = 0
        while got < n:
            reply: Any = reader.xreadgroup("g", "c", {stream: ">"}, count=10, block=100)
            for _stream, entries in reply or ():
                for entry_id, _fields in entries:
                    reader.xack(stream, "g", entry_id)
                    got += 1
        reader.close()

    worker = threading.Thread(target=consume)
    start = time.perf_counter()
    worker.start()
    for m in messages:
        fields = {b"value": m.value, b"key": m.key or b""}
        fields.update({b"h:" + k.encode(): v for k, v in m.headers})
        client.xadd(stream, fields)  # type: ignore[arg-type]
    worker.join()
    took = time.perf_counter() - start
    client.close()
    return took


def raw_sqs(endpoint: str, n: int) -> float:
    import boto3  # type: ignore[import-untyped]

    from event_contracts._bus.sqs import to_structured

    bodies = [to_structured(message_for(event(i))[1]) for i in range(n)]
    kw: dict[str, Any] = {"endpoint_url": f"http://{endpoint}", "region_name": "us-east-1"}
    sns, sqs = boto3.client("sns", **kw), boto3.client("sqs", **kw)
    name = f"raw-{uuid.uuid4().hex}"
    topic = sns.create_topic(Name=name)["TopicArn"]
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn["QueueArn"],
        Attributes={"RawMessageDelivery": "true"},
    )

    def consume() -> None:  # in its own thread and client, as the bus's listener
        reader = boto3.client("sqs", **kw)
        got = 0
        while got < n:
            reply = reader.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            for item in reply.get("Messages", ()):
                reader.delete_message(QueueUrl=url, ReceiptHandle=item["ReceiptHandle"])
                got += 1

    worker = threading.Thread(target=consume)
    start = time.perf_counter()
    worker.start()
    for body in bodies:
        sns.publish(TopicArn=topic, Message=body)
    worker.join()
    return time.perf_counter() - start


def redis_server() -> tuple[Any, str] | None:
    import shutil
    import socket
    import subprocess
    import tempfile

    binary = shutil.which("redis-server")
    if binary is None:
        return None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tempfile.mkdtemp(),
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def moto_server() -> tuple[Any, str]:
    import logging
    import os
    import socket

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise

    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(k, "bench")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"127.0.0.1:{port}"


def latency(samples: int) -> list[float]:
    """In memory: one publish, wait for its handler, repeat; microseconds each."""
    handlers = HandlerRegistry()
    arrived = threading.Event()
    handlers.add(UserRegistered, lambda _e: arrived.set(), module="notifications")
    events = [event(i) for i in range(samples)]
    out = []
    with Bus(MemoryTransport(), handlers=handlers) as bus:
        bus.start()
        for e in events:
            arrived.clear()
            t0 = time.perf_counter()
            bus.publish(e)
            arrived.wait(10)
            out.append((time.perf_counter() - t0) * 1e6)
    return out


def kafka_cluster() -> tuple[Any, str]:
    import confluent_kafka as ck

    owner = ck.Producer({"test.mock.num.brokers": 1, "log_level": 3})
    meta = owner.list_topics(timeout=10)
    return owner, ",".join(f"{b.host}:{b.port}" for b in meta.brokers.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--transports", default="memory,kafka,redis,sqs")
    args = parser.parse_args()
    n = args.n
    print(f"typed publish -> handle, {n} identity.UserRegistered (Avro) events")
    print(f"{'transport':<12}{'typed ev/s':>12}{'raw ev/s':>12}{'typed/raw':>11}")
    runs: dict[str, tuple[Callable[[], float], Callable[[], float]]] = {
        "memory": (lambda: typed(MemoryTransport(), n), lambda: raw_memory(n)),
    }
    from event_contracts.bus import from_url

    cleanup: list[Callable[[], object]] = []  # servers this run started, stopped at the end
    if "kafka" in args.transports:
        _owner, brokers = kafka_cluster()
        runs["kafka"] = (
            lambda: typed(from_url(f"kafka://{brokers}"), n),
            lambda: raw_kafka(brokers, n),
        )
    if "redis" in args.transports:
        started = redis_server()
        if started is None:
            print("redis: skipped (no redis-server on PATH)")
        else:
            redis_url = started[1]
            cleanup.append(started[0].terminate)
            runs["redis"] = (
                lambda: typed(from_url(redis_url), n),
                lambda: raw_redis(redis_url, n),
            )
    sqs_n = max(n // 10, 50)  # moto answers over HTTP, one request per message
    if "sqs" in args.transports:
        server, endpoint = moto_server()
        cleanup.append(server.stop)
        url = f"sqs://{endpoint}?region=us-east-1&wait-seconds=1"
        runs["sqs"] = (lambda: typed(from_url(url), sqs_n), lambda: raw_sqs(endpoint, sqs_n))
    try:
        for name in args.transports.split(","):
            if name not in runs:
                continue
            typed_run, raw_run = runs[name]
            count = sqs_n if name == "sqs" else n
            t, r = typed_run(), raw_run()
            print(f"{name:<12}{count / t:>12,.0f}{count / r:>12,.0f}{r / t:>10.2f}x  ({count} ev)")
    finally:
        for stop in cleanup:
            stop()
    lat = latency(1000)
    q = statistics.quantiles(lat, n=100)
    print(
        f"in-memory publish -> handle latency: p50 {q[49]:.0f} µs, p99 {q[98]:.0f} µs "
        f"(1000 sequential events)"
    )


if __name__ == "__main__":
    main()
