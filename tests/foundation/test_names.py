"""One set of naming rules: the loader's rename hints and `new event` use the same spellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_contracts._authoring.names import parse_type_id
from event_contracts._schema.loader import scan
from event_contracts._schema.names import pascal_case, snake_case
from event_contracts.errors import UsageError


@pytest.mark.parametrize(
    ("name", "snake", "pascal"),
    [
        ("ProductAdded", "product_added", "ProductAdded"),
        ("HTTPRequestSent", "http_request_sent", "HTTPRequestSent"),
        ("order-line items", "order_line_items", "OrderLineItems"),
    ],
)
def test_spellings(name: str, snake: str, pascal: str) -> None:
    assert snake_case(name) == snake
    assert pascal_case(name) == pascal


def test_loader_hint_splits_acronyms(tmp_path: Path) -> None:
    (tmp_path / "HTTPGateway" / "RequestSent").mkdir(parents=True)
    _, problems = scan(tmp_path)
    [p] = [p for p in problems if p.code == "BAD_MODULE_NAME"]
    assert "'http_gateway'" in p.fix


def test_new_event_hint_matches_the_loader(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="use 'http_gateway'"):
        parse_type_id("HTTPGateway.RequestSent")
