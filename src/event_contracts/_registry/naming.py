"""Subject naming strategies: which registry subject holds an event type's versions.

The names and results follow Confluent's serializer settings (`value.subject.name.strategy`):

- RecordNameStrategy (default here): the event type id, `catalog.ProductAdded`. One subject per
  event type whatever topic carries it: the natural choice when a topic carries several types.
- TopicNameStrategy (Confluent's default): `<topic>-value`. Every type on the topic shares one
  subject, so the topic effectively carries one event type.
- TopicRecordNameStrategy: `<topic>-<event type id>`.

Our event type id doubles as the record name: Avro schemas here are named `<module>.<Event>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from event_contracts.errors import UsageError


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

    def subject_for(self, event_type: str) -> str:
        if self.strategy is SubjectNameStrategy.TOPIC:
            return f"{self.topic}-value"
        if self.strategy is SubjectNameStrategy.TOPIC_RECORD:
            return f"{self.topic}-{event_type}"
        return event_type

    def owns(self, subject: str, modules: frozenset[str]) -> bool:
        """Whether a remote subject looks like one this repository would write.

        Used by `registry verify` to find subjects nobody here knows (drift) without flagging
        other teams' subjects in a shared registry.
        """
        if self.strategy is SubjectNameStrategy.TOPIC:
            return subject == f"{self.topic}-value"
        if self.strategy is SubjectNameStrategy.TOPIC_RECORD:
            prefix = f"{self.topic}-"
            rest = subject[len(prefix) :]
            return subject.startswith(prefix) and rest.split(".", 1)[0] in modules and "." in rest
        return subject.split(".", 1)[0] in modules and "." in subject
