"""Mapping files: how a vendor's export becomes canonical calls or digital rows (TOML, see docs/vendors.md).

A mapping names the file format, which records become calls or digital interactions, and for each
canonical column (plus the identity fields used to find the account and the agent) where the value
comes from: a path into the record, value tables, conversions. Shipped mappings live in
`ingest/mappings/`; a user's mapping may `extends` one of them and override parts.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

FORMATS = ("csv", "json", "jsonl")
IDENTITY_FIELDS = ("account_ref", "customer_phone", "customer_email", "agent_ref", "bot")
DURATIONS = ("s", "ms", "hms")
UNMAPPED = ("reject", "blank", "keep")


class MappingError(ValueError):
    """A mapping file that cannot be used, with the file and the key at fault."""


@dataclass(frozen=True)
class FieldSpec:
    """Where one output value comes from. Exactly one of path / value / first / by_direction is set."""

    path: str | None = None
    value: str | None = None
    first: tuple[FieldSpec, ...] = ()
    by_direction: dict[str, str] = field(default_factory=dict)
    map: str | None = None
    unmapped: str = "reject"
    default: str | None = None
    prefix: str = ""
    match: str | None = None
    duration: str | None = None
    aggregate: str = "first"
    present: str | None = None
    absent: str | None = None
    timestamp: bool = False


@dataclass(frozen=True)
class Mapping:
    """One vendor export's mapping onto the contract."""

    name: str
    label: str
    format: str
    records: str | None
    kinds: dict[str, tuple[str, ...]]
    kind_path: str | None
    skip: dict[str, str]
    fields: dict[str, FieldSpec]
    values: dict[str, dict[str, str]]
    timezone: str | None = None
    timestamp_format: str | None = None
    phone_region: str | None = None
    latest_by: str | None = None
    agent_ids: str = ""
    source_file: str = ""
    per_kind: dict[str, dict[str, FieldSpec]] = field(default_factory=dict)

    def fields_for(self, kind: str) -> dict[str, FieldSpec]:
        """The field specs that apply to `kind` (`calls` or `digital`): shared ones plus `[fields.KIND]`."""
        return self.fields | self.per_kind.get(kind, {})


def shipped() -> dict[str, Path]:
    """The mappings shipped with Starboard, by name (`--from NAME`)."""
    folder = resources.files("ingest") / "mappings"
    return {Path(str(p)).stem: Path(str(p)) for p in folder.iterdir() if str(p).endswith(".toml")}


def load_mapping(name_or_path: str | Path) -> Mapping:
    """A shipped mapping by name, or a mapping file by path."""
    data, origin = _read(name_or_path, seen=())
    return _build(data, origin)


def _read(name_or_path: str | Path, seen: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    known = shipped()
    path = known.get(str(name_or_path)) or Path(name_or_path)
    if str(path) in seen:
        raise MappingError(f"{path}: 'extends' goes round in a circle ({' -> '.join(seen)})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MappingError(
            f"no mapping {str(name_or_path)!r}: not a file, nor one of the shipped mappings "
            f"({', '.join(sorted(known))})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{path}: not valid TOML: {exc}") from None
    base = data.pop("extends", None)
    if base is None:
        data.setdefault("agent_ids", data.get("name", path.stem))
        data.setdefault("name", path.stem)
        return data, str(path)
    parent, _ = _read(base, (*seen, str(path)))
    parent["name"] = path.stem
    return _merge(parent, data), str(path)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key not in _WHOLE:
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


_WHOLE = {"first", "by_direction"}  # replaced, not merged, by an extending mapping
_SPEC_KEYS = {
    "path", "value", "first", "by_direction", "map", "unmapped", "default", "prefix", "match", "duration",
    "aggregate", "present", "absent", "timestamp",
}


def _build(data: dict[str, Any], origin: str) -> Mapping:
    where = origin
    fmt = data.get("format")
    if fmt not in FORMATS:
        raise MappingError(f"{where}: format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    values = {str(k): {str(a).lower(): str(b) for a, b in v.items()} for k, v in data.get("values", {}).items()}
    kind = data.get("kind", {})
    kinds = {k: tuple(str(x).lower() for x in kind.get(k, ())) for k in ("calls", "digital")}
    if kind.get("only") in kinds:  # every record is of this kind
        kinds = {k: ("*",) if k == kind["only"] else () for k in kinds}
    elif not kind.get("path"):
        raise MappingError(f"{where}: [kind] needs `only = \"calls\"` (or digital), or a `path` and each kind's values")
    fields = {name: _spec(spec, f"{where}: fields.{name}", values) for name, spec in data.get("fields", {}).items()
              if name not in ("calls", "digital")}
    per_kind = {k: {n: _spec(s, f"{where}: fields.{k}.{n}", values)
                    for n, s in data.get("fields", {}).get(k, {}).items()} for k in ("calls", "digital")}
    mapping = Mapping(
        name=str(data.get("name")), label=str(data.get("label", data.get("name"))), format=fmt,
        records=data.get("records"), kinds=kinds, kind_path=kind.get("path"),
        skip={str(k).lower(): str(v) for k, v in kind.get("skip", {}).items()}, fields=fields, values=values,
        timezone=data.get("timezone"), timestamp_format=data.get("timestamp_format"),
        phone_region=data.get("phone_region"), latest_by=data.get("latest_by"),
        agent_ids=str(data.get("agent_ids", data.get("name"))), source_file=origin, per_kind=per_kind,
    )
    return mapping


def _spec(raw: Any, where: str, values: dict[str, dict[str, str]]) -> FieldSpec:
    if isinstance(raw, str):
        return FieldSpec(path=raw)
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected a path (string) or a table")
    unknown = set(raw) - _SPEC_KEYS
    if unknown:
        raise MappingError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_SPEC_KEYS))}"
        )
    sources = [k for k in ("path", "value", "first", "by_direction") if k in raw]
    if len(sources) != 1:
        raise MappingError(f"{where}: give exactly one of path, value, first, by_direction")
    if raw.get("map") and raw["map"] not in values:
        raise MappingError(f"{where}: map {raw['map']!r} has no [values.{raw['map']}] table")
    if raw.get("unmapped", "reject") not in UNMAPPED:
        raise MappingError(f"{where}: unmapped must be one of {', '.join(UNMAPPED)}")
    if raw.get("duration") and raw["duration"] not in DURATIONS:
        raise MappingError(f"{where}: duration must be one of {', '.join(DURATIONS)}")
    if raw.get("aggregate", "first") not in ("first", "sum"):
        raise MappingError(f"{where}: aggregate must be first or sum")
    first = tuple(_spec(s, f"{where}.first[{i}]", values) for i, s in enumerate(raw.get("first", ())))
    return FieldSpec(
        path=raw.get("path"), value=None if raw.get("value") is None else str(raw["value"]), first=first,
        by_direction={str(k): str(v) for k, v in raw.get("by_direction", {}).items()}, map=raw.get("map"),
        unmapped=raw.get("unmapped", "reject"), default=None if raw.get("default") is None else str(raw["default"]),
        prefix=str(raw.get("prefix", "")), match=raw.get("match"), duration=raw.get("duration"),
        aggregate=raw.get("aggregate", "first"), present=raw.get("present"), absent=raw.get("absent"),
        timestamp=bool(raw.get("timestamp", False)),
    )
