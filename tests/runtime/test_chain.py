"""The upcaster chain is checked when built: gaps, cycles, duplicates and unknown versions are
errors naming the event type and versions; failing steps are UpcastErrors with the payload."""

from __future__ import annotations

from typing import Any

import pytest

from event_contracts import UpcastChainError, UpcasterRegistry, UpcastError, decode, encode
from event_contracts._runtime.schemas import for_package
from integration_events.catalog import ProductListedV1
from integration_events.identity import UserRegisteredV2
from integration_events.orders import OrderPlacedV2

from .samples import order_v1, product_v1, user_v1


def same(data: dict[str, Any]) -> dict[str, Any]:
    return data


def chain_error(registry: UpcasterRegistry) -> UpcastChainError:
    with pytest.raises(UpcastChainError) as info:
        registry.chain(for_package("integration_events")).verify()
    return info.value


def test_duplicate_hop() -> None:
    reg = UpcasterRegistry()
    reg.register("identity.UserRegistered", 1, 2, same)
    reg.register("identity.UserRegistered", 1, 2, lambda d: d)
    err = chain_error(reg)
    assert "two upcasters for the same hop" in str(err)
    assert (err.event_type, err.from_version, err.to_version) == ("identity.UserRegistered", 1, 2)


def test_backward_step_is_a_cycle() -> None:
    reg = UpcasterRegistry()
    reg.register("orders.OrderPlaced", 2, 1, same)
    err = chain_error(reg)
    assert "cycle" in str(err) and err.from_version == 2 and err.to_version == 1


def test_unknown_versions_and_types() -> None:
    reg = UpcasterRegistry()
    reg.register("orders.OrderPlaced", 2, 3, same)
    assert "v3, which does not exist" in str(chain_error(reg))
    reg = UpcasterRegistry()
    reg.register("orders.OrderPlaced", 7, 2, same)
    assert "v7, which does not exist" in str(chain_error(reg))
    reg = UpcasterRegistry()
    reg.register("orders.OrderPlaced", 1, 2, same, target_type="orders.Nope")
    assert "'orders.Nope', which does not exist" in str(chain_error(reg))


def test_cross_type_step_must_start_at_the_last_version_or_it_leaves_a_gap() -> None:
    reg = UpcasterRegistry()
    reg.register("catalog.ProductAdded", 1, 1, same, target_type="catalog.ProductListed")
    err = chain_error(reg)
    assert "gap" in str(err) and "v2..v2" in str(err)
    assert err.event_type == "catalog.ProductAdded"


def test_cross_type_step_needs_supersedes() -> None:
    reg = UpcasterRegistry()
    reg.register("orders.OrderPlaced", 2, 1, same, target_type="identity.UserRegistered")
    assert "does not declare supersedes" in str(chain_error(reg))


def test_bad_version_number_is_refused_at_registration() -> None:
    with pytest.raises(UpcastChainError, match="version number"):
        UpcasterRegistry().register("orders.OrderPlaced", 0, 1, same)


def test_chain_error_surfaces_on_first_decode_with_the_payload() -> None:
    reg = UpcasterRegistry()
    reg.register("orders.OrderPlaced", 2, 1, same)
    data = encode(order_v1())
    with pytest.raises(UpcastChainError) as info:
        decode(data, into=OrderPlacedV2, upcasters=reg)
    assert info.value.raw == data


def test_hand_written_step_overrides_resolution() -> None:
    reg = UpcasterRegistry()

    @reg.upcaster("orders.OrderPlaced", 1, 2)
    def add_coupon(v1: dict[str, Any]) -> dict[str, Any]:
        return {**v1, "shipping_address": None, "coupon_code": "LEGACY"}

    assert decode(encode(order_v1()), into=OrderPlacedV2, upcasters=reg).coupon_code == "LEGACY"
    assert decode(encode(order_v1()), into=OrderPlacedV2).coupon_code is None


def test_step_that_raises_is_an_upcast_error() -> None:
    reg = UpcasterRegistry()

    @reg.upcaster("identity.UserRegistered", 1, 2)
    def broken(v1: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("given")

    data = encode(user_v1())
    with pytest.raises(UpcastError, match="raised KeyError") as info:
        decode(data, into=UserRegisteredV2, upcasters=reg)
    assert info.value.raw == data and info.value.to_version == 2


def test_step_returning_invalid_data_is_an_upcast_error() -> None:
    reg = UpcasterRegistry()
    reg.register("identity.UserRegistered", 1, 2, lambda v1: {**v1, "given_name": 42})
    with pytest.raises(UpcastError, match=r"invalid for identity\.UserRegistered v2"):
        decode(encode(user_v1()), into=UserRegisteredV2, upcasters=reg)


def test_no_cross_step_means_no_path_to_the_new_type() -> None:
    with pytest.raises(UpcastError, match="no upcaster to the type that supersedes it"):
        decode(encode(product_v1()), into=ProductListedV1, upcasters=UpcasterRegistry())


def test_registering_later_rebuilds_the_chain() -> None:
    reg = UpcasterRegistry()
    plain = decode(encode(user_v1()), into=UserRegisteredV2, upcasters=reg)
    assert plain.given_name == ""
    reg.register("identity.UserRegistered", 1, 2, lambda v1: {**v1, "given_name": "X"})
    assert decode(encode(user_v1()), into=UserRegisteredV2, upcasters=reg).given_name == "X"


def test_json_schema_upcaster_runs_and_its_output_is_validated() -> None:
    from integration_events.connections import MetaConnectionEstablishedV2

    from .samples import connection_v1

    reg = UpcasterRegistry()

    @reg.upcaster("connections.MetaConnectionEstablished", 1, 2)
    def name_from_page(v1: dict[str, Any]) -> dict[str, Any]:
        return {**v1, "businessName": f"page {v1['pageId']}"}

    data = encode(connection_v1())
    event = decode(data, into=MetaConnectionEstablishedV2, version=1, upcasters=reg)
    assert event.business_name == "page page-1"

    bad = UpcasterRegistry()
    bad.register("connections.MetaConnectionEstablished", 1, 2, lambda v1: {**v1, "extra": 1})
    with pytest.raises(UpcastError, match="Additional properties") as info:
        decode(data, into=MetaConnectionEstablishedV2, version=1, upcasters=bad)
    assert info.value.raw == data


def test_a_broken_step_breaks_only_its_own_type() -> None:
    reg = UpcasterRegistry()
    reg.register("catalog.ProductAdded", 1, 1, same, target_type="catalog.ProductListed")
    chain = reg.chain(for_package("integration_events"))
    assert [p.kind for p in chain.problems] == ["gap"]
    assert "start the step at v2" in chain.problems[0].fix
    # Other types decode with the same registry...
    assert decode(encode(order_v1()), into=OrderPlacedV2, upcasters=reg).coupon_code is None
    assert (
        decode(encode(user_v1()), into=UserRegisteredV2, upcasters=reg).email == "ada@example.com"
    )
    # ...the broken one raises, on each use, naming the step.
    for _ in range(2):
        with pytest.raises(UpcastChainError, match="leaves a gap") as info:
            decode(encode(product_v1()), into=ProductListedV1, upcasters=reg)
        assert info.value.event_type == "catalog.ProductAdded"
