"""Amazon SQS via boto3 (the `sqs` extra), fanned out by SNS: one SNS topic per event type, one
SQS queue per consuming module subscribed to the topics of its handlers (raw delivery).

The body is the CloudEvent in the JSON event format (`data_base64` carries the exact payload
bytes), since SQS allows ten message attributes and a CloudEvent has more. A message is deleted
only after the module's handlers ran; one that is not reappears after the queue's visibility
timeout, so a consumer that dies loses nothing (at least once; standard queues do not order).

    sqs://aws?region=eu-west-1                  AWS itself (credentials from boto3's chain)
    sqs://127.0.0.1:4566?region=us-east-1       an endpoint such as LocalStack or moto
    options: prefix=, visibility-timeout=30, wait-seconds=1, tls=1
"""

from __future__ import annotations

import base64
import importlib
import json
import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from event_contracts._bus.message import Message
from event_contracts._bus.transport import Listener, OnMessage, delivered
from event_contracts.errors import BusError

log = logging.getLogger("event_contracts.bus")


def _boto3() -> Any:
    try:
        return importlib.import_module("boto3")
    except ImportError:
        raise BusError(
            "the SQS transport needs boto3: pip install 'event-contracts[sqs]'"
        ) from None


def to_structured(message: Message) -> str:
    """A binary-mode message as a CloudEvent in the JSON event format."""
    doc: dict[str, str] = {}
    for name, value in message.headers:
        text = value.decode("utf-8", "replace")
        if name.lower() == "content-type":
            doc["datacontenttype"] = text
        elif name.lower().startswith("ce_"):
            doc[name[3:]] = text
    doc["data_base64"] = base64.b64encode(message.value).decode()
    return json.dumps(doc, separators=(",", ":"))


def from_structured(body: str) -> Message:
    """The binary-mode message a JSON CloudEvent (as `to_structured` writes it) stands for."""
    doc = json.loads(body)
    value = base64.b64decode(doc.pop("data_base64", ""))
    headers: list[tuple[str, bytes]] = []
    if "datacontenttype" in doc:
        headers.append(("content-type", str(doc.pop("datacontenttype")).encode()))
    headers.extend((f"ce_{k}", str(v).encode()) for k, v in doc.items())
    key = doc.get("partitionkey")
    return Message(str(doc.get("type", "")), key.encode() if key else None, tuple(headers), value)


class SqsTransport:
    name = "sqs"

    def __init__(self, netloc: str, *, options: Mapping[str, str] | None = None) -> None:
        boto3 = _boto3()
        options = dict(options or {})
        self.prefix = options.get("prefix", "")
        self.visibility = int(options.get("visibility-timeout", "30"))
        self.wait_seconds = int(options.get("wait-seconds", "1"))
        endpoint = None
        if netloc and netloc != "aws":
            endpoint = f"{'https' if options.get('tls') == '1' else 'http'}://{netloc}"
        self._session = boto3.session.Session(region_name=options.get("region"))
        self._kwargs: dict[str, Any] = {"endpoint_url": endpoint} if endpoint else {}
        self.sns = self._session.client("sns", **self._kwargs)
        self._topics: dict[str, str] = {}
        self._listeners: list[_SqsListener] = []
        self._lock = threading.Lock()

    def sqs_client(self) -> Any:
        return self._session.client("sqs", **self._kwargs)

    def topic_arn(self, topic: str) -> str:
        """The SNS topic of an event type (created if missing; names allow no dots)."""
        with self._lock:
            arn = self._topics.get(topic)
            if arn is None:
                name = self.prefix + topic.replace(".", "-")
                arn = self.sns.create_topic(Name=name)["TopicArn"]
                self._topics[topic] = arn
            return arn

    def send(self, message: Message) -> None:
        try:
            self.sns.publish(TopicArn=self.topic_arn(message.topic), Message=to_structured(message))
        except Exception as exc:  # botocore's errors have no common importable root here
            raise BusError(f"SNS/SQS: cannot publish to {message.topic!r}: {exc}") from None

    def flush(self, timeout: float = 10.0) -> None:
        """Publish returns once SNS has the message: nothing is buffered here."""

    def listen(self, group: str, topics: Sequence[str], on_message: OnMessage) -> Listener:
        sqs = self.sqs_client()
        url = sqs.create_queue(
            QueueName=self.prefix + group,
            Attributes={"VisibilityTimeout": str(self.visibility)},
        )["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        for topic in topics:
            self.sns.subscribe(
                TopicArn=self.topic_arn(topic),
                Protocol="sqs",
                Endpoint=arn,
                Attributes={"RawMessageDelivery": "true"},
            )
        listener = _SqsListener(self, sqs, url, group, on_message)
        self._listeners.append(listener)
        listener.thread.start()
        return listener

    def close(self) -> None:
        for listener in list(self._listeners):
            listener.stop()


class _SqsListener:
    def __init__(
        self, transport: SqsTransport, sqs: Any, url: str, group: str, on: OnMessage
    ) -> None:
        self.transport = transport
        self.sqs = sqs
        self.url = url
        self.on_message = on
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"bus-sqs-{group}", daemon=True)

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                reply = self.sqs.receive_message(
                    QueueUrl=self.url,
                    MaxNumberOfMessages=10,
                    WaitTimeSeconds=self.transport.wait_seconds,
                )
            except Exception as exc:
                log.warning("SQS consumer %s: %s", self.url, exc)
                self.stopping.wait(1.0)
                continue
            for item in reply.get("Messages", ()):
                if self.stopping.is_set():
                    return  # not deleted: visible again after the visibility timeout
                if delivered(self.on_message, from_structured(item["Body"]), self.url):
                    self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=item["ReceiptHandle"])
                # else: not deleted, visible again after the visibility timeout

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        if self in self.transport._listeners:
            self.transport._listeners.remove(self)
