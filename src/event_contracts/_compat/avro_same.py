"""Are two JSON values `==` to each other the same, types of numbers included?

`==` equates 1, 1.0 and true; the parser (`avro_names`) takes a type of the other schema of a
pair only when the numbers it reads are of the same types too, and keys its cache of parsed
schemas by a fingerprint faithful to those types.
"""

from __future__ import annotations

import marshal
import pickle
from typing import Any

Read = tuple[str, str, type]  # a number read: pointer of its object, key, type of the value


def read_alike(reads: tuple[Read | None, ...], base: int, value: Any) -> bool:
    """Are the numbers that `reads` placed in a type of the same types in `value`, a JSON
    value `==` to that type (so of the same shape), whose pointer is `base` long?"""
    last, holder = None, value
    for read in reads:
        assert read is not None
        at, key, kind = read
        if at is not last:  # (a decimal's precision and scale: one object, one walk)
            last, holder = at, value
            if len(at) > base:
                for token in at[base + 1 :].split("/"):
                    holder = holder[int(token)] if type(holder) is list else holder[token]
        if type(holder.get(key)) is not kind:
            return False
    return True


def identical(a: Any, b: Any) -> bool:
    """Are two JSON values the same, types of numbers included (given `a == b`)?

    `marshal` format 2 writes the type of every value and no back-references (format 3 marks
    objects by reference count), so the same value gives the same bytes; a third of the
    time of `pickle` for a small type. Unequal bytes only cost a reuse.
    """
    try:
        return marshal.dumps(a, 2) == marshal.dumps(b, 2)
    except ValueError:  # nested too deeply for marshal: parse it instead
        return False


def fingerprint(schema: Any) -> bytes:
    """A cache key for JSON data, faithful to types (`1`, `1.0` and `true` differ); a
    different key order or sharing of sub-objects only costs a cache miss.

    `pickle` is faster than `repr` or `json.dumps`. Not `marshal`: from format version 3
    it marks objects that have other references, so the bytes of one value changed once it
    had been parsed (its strings then also live in nodes) and it never hit the cache again;
    version 2 is stable but slower than `pickle`.
    """
    try:
        return pickle.dumps(schema, 5)
    except (pickle.PicklingError, TypeError, AttributeError):  # not picklable: still exact
        return repr(schema).encode()
