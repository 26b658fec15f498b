"""Read-only questions about one JSON Schema document, asked while planning its classes.

`SchemaDocument` is a mixin of the planner: resolving local references (JSON pointers and
anchors), refusing reference cycles that name no schema, the JSON types a subschema admits,
whether `oneOf` branches are disjoint or tagged, whether `null` is valid, and whether a default
is valid (judged as the generated classes judge: `json_judge`).
"""

from __future__ import annotations

import json
from typing import Any

from event_contracts._codegen import json_keywords as kw
from event_contracts._runtime import json_judge
from event_contracts.errors import CodegenError


class SchemaDocument:
    root: dict[str, Any]
    where: str
    _validator: Any = None  # jsonschema validator of the whole file, built when first needed
    _reaching: set[str] | None = None  # references known to lead to a schema (no bare cycle)

    def fail(self, pointer: str, message: str) -> CodegenError:
        return CodegenError(f"{self.where} at {pointer or '/'}: {message}")

    @property
    def draft07(self) -> bool:
        return str(self.root.get("$schema", "")).rstrip("#").endswith("draft-07/schema")

    def resolve(self, ref: str, pointer: str) -> Any:
        if not ref.startswith("#"):
            raise self.fail(
                pointer, f"only references inside the schema file are supported, not {ref!r}"
            )
        if ref != "#" and not ref.startswith("#/"):  # a plain-name fragment: `$anchor`
            found = kw.anchor(self.root, ref[1:], draft07=self.draft07)
            if found is None:
                raise self.fail(pointer, f"reference {ref!r} names no anchor in the file")
            return found
        target: Any = self.root
        for part in ref[1:].split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            elif isinstance(target, dict) and part in target:
                target = target[part]
            else:
                raise self.fail(pointer, f"reference {ref!r} points nowhere")
        return target

    def disjoint(self, branches: list[Any]) -> bool:
        """Whether no instance can match two `oneOf` branches (then a union is exact)."""
        kinds = [self.kinds(b) for b in branches]
        if all(k is not None for k in kinds):
            flat = [k for ks in kinds if ks is not None for k in ks]
            if len(flat) == len(set(flat)):
                return True
        return self.discriminated(branches) is not None

    def kinds(self, schema: Any, depth: int = 0) -> set[str] | None:
        """JSON types a schema admits (integer counted as number), None when unknown."""
        if not isinstance(schema, dict) or depth > 20:
            return None
        if "$ref" in schema:
            try:
                return self.kinds(self.resolve(str(schema["$ref"]), ""), depth + 1)
            except CodegenError:
                return None
        values = [schema["const"]] if "const" in schema else schema.get("enum")
        if isinstance(values, list):
            return {kw.json_type(v) for v in values}
        kinds = schema.get("type")
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, list) or any(k in schema for k in ("anyOf", "oneOf", "allOf")):
            return None
        return {"number" if k == "integer" else str(k) for k in kinds}

    def discriminated(self, branches: list[Any]) -> str | None:
        """The property each object branch requires with a different constant, if any."""
        resolved = []
        for b in branches:
            seen: set[str] = set()
            while isinstance(b, dict) and "$ref" in b:
                if str(b["$ref"]) in seen:  # a cycle of bare references
                    return None
                seen.add(str(b["$ref"]))
                try:
                    b = self.resolve(str(b["$ref"]), "")
                except CodegenError:
                    return None
            if not isinstance(b, dict) or "properties" not in b:
                return None
            resolved.append(b)
        for key in resolved[0]["properties"] if resolved else ():
            consts = []
            for b in resolved:
                sub = b["properties"].get(key)
                if key not in b.get("required", []) or not isinstance(sub, dict):
                    break
                if "const" not in sub:
                    break
                consts.append(json.dumps(sub["const"], sort_keys=True))
            else:
                if len(set(consts)) == len(consts):
                    return str(key)
        return None

    def refuse_bare_cycle(self, ref: str, target: Any, pointer: str) -> None:
        """A `$ref` that leads back to itself through nothing but references names no schema
        (validators recurse forever on it): refused, naming the chain. Linear in the chain,
        and a reference seen to reach a schema is not walked again: a hostile file of
        thousands of chained references costs thousands of steps, not billions."""
        known = self._reaching
        if known is None:
            known = self._reaching = set()
        chain = [ref]
        seen = {ref}
        while bare_ref(target) and chain[-1] not in known:
            chain.append(str(target["$ref"]))
            if chain[-1] in seen:
                raise self.fail(
                    pointer,
                    f"$ref cycle with no schema in between ({' -> '.join(chain)}): no instance "
                    "can be validated against it; point one of the references at a real schema",
                )
            seen.add(chain[-1])
            target = self.resolve(chain[-1], pointer)
        known.update(chain)

    def nullable(self, schema: Any, following: set[str] | None = None) -> bool:
        """Whether `null` is a valid instance of the (already planned) schema, however many
        references lead to it (a chain of them is followed in a loop). `following`: the
        references on the way here; one met again adds nothing (it is being asked already)."""
        following = set() if following is None else following
        passed: list[str] = []
        try:
            while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
                ref = schema["$ref"]
                if ref == "#" or ref in following:  # the event itself is an object
                    return False
                if kw.constraints(schema, "$ref") and not self.draft07:  # one more conjunct
                    rest = {k: v for k, v in schema.items() if k != "$ref"}
                    return self.nullable(rest, following) and self.nullable(
                        {"$ref": ref}, following
                    )
                following.add(ref)
                passed.append(ref)
                try:
                    schema = self.resolve(ref, "")
                except CodegenError:
                    return False
            return self._nullable_here(schema, following)
        finally:
            following.difference_update(passed)

    def _nullable_here(self, schema: Any, following: set[str]) -> bool:
        if schema is True or schema == {}:
            return True
        if not isinstance(schema, dict):
            return False
        if "const" in schema:
            return schema["const"] is None
        if "enum" in schema:
            return None in schema["enum"]
        for combinator in ("anyOf", "oneOf"):
            if combinator in schema:
                return any(self.nullable(s, following) for s in schema[combinator])
        if "allOf" in schema:
            return all(self.nullable(s, following) for s in schema["allOf"])
        kinds = schema.get("type")
        if kinds is None:  # every JSON type, null included (other keywords let it pass)
            return True
        return kinds == "null" or (isinstance(kinds, list) and "null" in kinds)

    def valid(self, value: Any, schema: Any) -> bool:
        """Whether `value` is valid under `schema` (a part of this file): a default that is
        not would make the class reject the absent property the schema accepts, so it is
        dropped (defaults are annotations in JSON Schema)."""
        if self._validator is None:
            self._validator = json_judge.validator_class(self.root)(
                self.root, format_checker=json_judge.FORMATS
            )
        try:
            return bool(self._validator.evolve(schema=schema).is_valid(value))
        except Exception:  # an unresolvable reference: judge it by the types alone
            return True


def bare_ref(schema: Any) -> bool:
    """Whether `schema` is a reference and nothing that constrains besides: it means the
    schema it points at (in every draft)."""
    return (
        isinstance(schema, dict)
        and isinstance(schema.get("$ref"), str)
        and not kw.constraints(schema, "$ref")
    )
