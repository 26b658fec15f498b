"""Where the client's settings come from, and that secrets stay secret."""

from __future__ import annotations

import pytest

from event_contracts import UsageError
from event_contracts._registry.naming import SubjectNameStrategy, SubjectNaming
from event_contracts._registry.settings import RegistrySettings


def test_options_win_over_environment_variables() -> None:
    env = {
        "EVENT_CONTRACTS_REGISTRY_URL": "https://env.example:8081",
        "EVENT_CONTRACTS_REGISTRY_USER": "env-user",
        "EVENT_CONTRACTS_REGISTRY_PASSWORD": "env-pass",
        "EVENT_CONTRACTS_REGISTRY_TIMEOUT": "3",
        "EVENT_CONTRACTS_REGISTRY_CA_BUNDLE": "/etc/ca.pem",
    }
    from_env = RegistrySettings.from_env(env=env)
    assert (from_env.url, from_env.username, from_env.password) == (
        "https://env.example:8081",
        "env-user",
        "env-pass",
    )
    assert from_env.timeout == 3.0 and from_env.ca_bundle == "/etc/ca.pem"
    given = RegistrySettings.from_env("http://opt:1", env=env, username="opt-user", timeout=9)
    assert (given.url, given.username, given.timeout) == ("http://opt:1", "opt-user", 9)


def test_a_token_from_the_environment() -> None:
    s = RegistrySettings.from_env("http://r:1", env={"EVENT_CONTRACTS_REGISTRY_TOKEN": "tok-xyz"})
    assert s.auth_kind == "bearer" and s.token == "tok-xyz"


def test_credentials_in_the_url_move_out_of_it() -> None:
    s = RegistrySettings.from_env("https://key:p%40ss@registry.example/prefix", env={})
    assert s.url == "https://registry.example/prefix"
    assert (s.username, s.password) == ("key", "p@ss")
    assert "p@ss" not in repr(s) and "p%40ss" not in repr(s)


def test_repr_and_redact_hide_every_secret() -> None:
    s = RegistrySettings("http://r:1", username="u", password="hunter2")
    assert "hunter2" not in repr(s)
    assert s.redact("echo hunter2 back") == "echo *** back"
    t = RegistrySettings("http://r:1", token="tok-123")
    assert "tok-123" not in repr(t) and "tok-123" not in str(t)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"url": "ftp://r"}, r"not an http\(s\) URL"),
        ({"url": "http://[::1"}, r"'http://\[::1' is not an http\(s\) URL"),
        ({"url": "http://r:port"}, r"not an http\(s\) URL"),
        ({"url": "http://u:secret@[::1/x"}, r"'http://\[::1/x' is not an http\(s\) URL"),
        ({"url": "http://r", "token": "t", "username": "u", "password": "p"}, "not both"),
        ({"url": "http://r", "password": "p"}, "needs a user"),
        ({"url": "http://r", "timeout": 0}, "positive"),
        ({"url": "http://r", "retries": -1}, "between 0 and 100"),
        ({"url": "http://r", "timeout": float("nan")}, "positive number"),
        ({"url": "http://r", "timeout": float("inf")}, "positive number"),
    ],
)
def test_bad_settings_are_usage_errors(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(UsageError, match=words):
        RegistrySettings(**kwargs)  # type: ignore[arg-type]


def test_no_url_anywhere_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="EVENT_CONTRACTS_REGISTRY_URL"):
        RegistrySettings.from_env(env={})


@pytest.mark.parametrize(
    ("strategy", "topic", "subject"),
    [
        ("RecordNameStrategy", None, "catalog.ProductAdded"),
        ("io.confluent.kafka.serializers.subject.TopicNameStrategy", "catalog", "catalog-value"),
        ("TopicRecordNameStrategy", "catalog", "catalog-catalog.ProductAdded"),
        ("topic_record", "t", "t-catalog.ProductAdded"),
    ],
)
def test_subject_naming_strategies(strategy: str, topic: str | None, subject: str) -> None:
    naming = SubjectNaming(SubjectNameStrategy.parse(strategy), topic)
    assert naming.subject_for("catalog.ProductAdded") == subject


def test_topic_strategies_need_a_topic_and_unknown_names_are_refused() -> None:
    with pytest.raises(UsageError, match="--topic"):
        SubjectNaming(SubjectNameStrategy.TOPIC)
    with pytest.raises(UsageError, match="RecordNameStrategy"):
        SubjectNameStrategy.parse("Nope")
