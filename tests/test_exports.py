"""The public API is exactly what `__all__` lists, sorted, and every name resolves."""

import event_contracts


def test_all_is_sorted_and_complete() -> None:
    assert event_contracts.__all__ == sorted(event_contracts.__all__)
    for name in event_contracts.__all__:
        assert hasattr(event_contracts, name), name


def test_every_error_derives_from_the_one_root() -> None:
    for name in event_contracts.__all__:
        obj = getattr(event_contracts, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, event_contracts.ContractError), name
