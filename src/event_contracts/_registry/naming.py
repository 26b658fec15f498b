"""Subject naming strategies: which registry subject holds an event type's versions.

Subjects are computed exactly as confluent-kafka's serializers compute them
(`confluent_kafka.schema_registry.{record,topic,topic_record}_subject_name_strategy`, fed the
*record name* each serializer takes from the schema):

- the record name of an Avro schema is the record's full name (`namespace.name`, what
  `AvroSerializer` reads from the parsed schema): `catalog.ProductAdded`, our event type id;
- the record name of a JSON Schema is its `title` (what `JSONSerializer` reads):
  `MetaConnectionEstablished`, without the module.

- RecordNameStrategy (default here): `<record name>`. One subject per event type whatever
  topic carries it: the natural choice when a topic carries several types.
- TopicNameStrategy (Confluent's default): `<topic>-value`. Every type on the topic shares one
  subject, so the topic effectively carries one event type.
- TopicRecordNameStrategy: `<topic>-<record name>`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from event_contracts._schema.avro import record_fullname
from event_contracts._schema.model import EventType, SchemaVersion
from event_contracts.errors import UsageError


def record_name(version: SchemaVersion) -> str | None:
    """The record name confluent-kafka's serializer takes from this schema (None: it has none).

    AvroSerializer: the parsed schema's `name`, the record's full name. JSONSerializer: the
    schema's `title`.
    """
    if version.format == "avro":
        return record_fullname(version.schema)
    title = version.schema.get("title") if isinstance(version.schema, dict) else None
    return title if isinstance(title, str) else None


def record_name_of(t: EventType) -> str:
    """The one record name every version of `t` carries (so one subject holds them all)."""
    names = {v.number: record_name(v) for v in t.versions}
    found = set(names.values())
    if len(found) != 1 or None in found:
        shown = ", ".join(f"v{n}: {name!r}" for n, name in names.items())
        what = "title" if t.format == "jsonschema" else "record full name"
        raise UsageError(
            f"{t.id}: confluent-kafka names subjects after the schema's {what}, and the "
            f"versions do not share one ({shown}); give every version the same {what}"
        )
    return found.pop()  # type: ignore[return-value]


class SubjectNameStrategy(StrEnum):
    RECORD = "RecordNameStrategy"
    TOPIC = "TopicNameStrategy"
    TOPIC_RECORD = "TopicRecordNameStrategy"

    @classmethod
    def parse(cls, value: str | SubjectNameStrategy) -> SubjectNameStrategy:
        """Accept the Confluent class name, with or without its package, or a short alias."""
        text = str(value).rsplit(".", 1)[-1].strip()
        aliases = {
            "record": cls.RECORD,
            "topic": cls.TOPIC,
            "topic_record": cls.TOPIC_RECORD,
            "topic-record": cls.TOPIC_RECORD,
            "topicrecord": cls.TOPIC_RECORD,
        }
        for member in cls:
            if text.lower() == member.value.lower():
                return member
        if text.lower() in aliases:
            return aliases[text.lower()]
        names = ", ".join(m.value for m in cls)
        raise UsageError(f"unknown subject naming strategy {value!r}; use one of {names}")


@dataclass(frozen=True, slots=True)
class SubjectNaming:
    """A strategy with the topic it needs (TopicNameStrategy and TopicRecordNameStrategy)."""

    strategy: SubjectNameStrategy = SubjectNameStrategy.RECORD
    topic: str | None = None

    def __post_init__(self) -> None:
        if self.strategy is not SubjectNameStrategy.RECORD and not self.topic:
            raise UsageError(f"{self.strategy.value} needs a topic: pass --topic TOPIC")

    def subject_for(self, record: str) -> str:
        """The subject of a record name (see `record_name`), as confluent-kafka computes it."""
        if self.strategy is SubjectNameStrategy.TOPIC:
            return f"{self.topic}-value"
        if self.strategy is SubjectNameStrategy.TOPIC_RECORD:
            return f"{self.topic}-{record}"
        return record

    def subject_of(self, t: EventType) -> str:
        """The subject holding the versions of event type `t`."""
        return self.subject_for(record_name_of(t))

    def owns(self, subject: str, modules: frozenset[str], names: Iterable[str] = ()) -> bool:
        """Whether a remote subject looks like one this repository would write.

        `names`: record names and event type ids of the catalog; a subject named after one of
        them under another strategy's shape (say the `title` a JSON serializer registered under)
        is ours too. Used by `registry verify` to find subjects nobody here maps to (drift)
        without flagging other teams' subjects in a shared registry.
        """
        known = frozenset(names)
        if self.strategy is SubjectNameStrategy.TOPIC:
            return subject == f"{self.topic}-value"
        rest = subject
        if self.strategy is SubjectNameStrategy.TOPIC_RECORD:
            prefix = f"{self.topic}-"
            if not subject.startswith(prefix):
                return False
            rest = subject[len(prefix) :]
        return rest in known or ("." in rest and rest.split(".", 1)[0] in modules)
