"""Load a vendor export through a mapping: records -> canonical cells -> the canonical loader.

The mapped cells go through the same validation, rejects store, upsert and per-file transaction as a
canonical calls.csv or digital.csv (`ingest.loader.load_table`); what the mapping itself could not
place (an unmapped status, no matching account) is rejected with the record's line and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from ingest import calls, digital
from ingest.csv_file import FileError, RawTable
from ingest.fields import Context, Problem
from ingest.loader import load_table
from ingest.runs import AfterLoad, LoadResult, record_unreadable
from ingest.source import CsvSource
from ingest.vendor.identity import Directory, agent_id_table, e164, resolve_accounts, resolve_agents
from ingest.vendor.records import Records, evaluate, read_records
from ingest.vendor.spec import FieldSpec, Mapping, MappingError, load_mapping

SOURCES: dict[str, CsvSource] = {"calls": calls.SOURCE, "digital": digital.SOURCE}
TIMESTAMPS = ("started_at", "ended_at")


def load_vendor_paths(engine: Engine, kind: str, paths: Iterable[Path], mapping: str | Path, *,
                      timezone: str | None = None, encoding: str | None = None, agent_ids: Path | None = None,
                      progress: bool = True, after_load: AfterLoad | None = None) -> list[LoadResult]:
    """Load each vendor file as `kind` (calls or digital) through `mapping` (a shipped name or a file)."""
    if kind not in SOURCES:
        raise ValueError(f"a vendor export loads as calls or digital, not {kind!r}")
    spec = load_mapping(mapping)
    if not spec.kinds.get(kind):
        held = " or ".join(k for k, v in spec.kinds.items() if v) or "nothing"
        raise MappingError(f"{spec.label} exports hold {held}, not {kind}")
    table = agent_id_table(agent_ids, spec.agent_ids)
    return [load_vendor_file(engine, kind, Path(p), spec, timezone=timezone, encoding=encoding, agent_table=table,
                             progress=progress, after_load=after_load) for p in paths]


def load_vendor_file(engine: Engine, kind: str, path: Path, mapping: Mapping, *, timezone: str | None = None,
                     encoding: str | None = None, agent_table: dict[str, str] | None = None, progress: bool = True,
                     after_load: AfterLoad | None = None) -> LoadResult:
    """One vendor file, one transaction, one run record (source = kind, so rollups and reports follow)."""
    source = SOURCES[kind]
    result = LoadResult(source=kind, path=str(path))
    try:
        records = read_records(path, mapping.format, mapping.records, encoding)
    except (FileError, OSError) as exc:
        return record_unreadable(engine, result, exc)
    zone = timezone or mapping.timezone
    with engine.connect() as conn:
        directory = Directory.read(conn, mapping.phone_region, need_accounts=True)
    try:
        raw, found, notes = build(records, kind, mapping, directory, agent_table or {}, zone)
    except ValueError as exc:  # a path the records cannot follow
        return record_unreadable(engine, result, FileError(path, f"mapping {mapping.source_file}: {exc}"))
    result.message = "; ".join([f"mapped from {mapping.label}", *notes])
    return load_table(engine, source, raw, result, Context(timezone=zone), found=found, progress=progress,
                      after_load=after_load)


def build(records: Records, kind: str, mapping: Mapping, directory: Directory, agent_table: dict[str, str],
          zone: str | None) -> tuple[RawTable, list[Problem], list[str]]:
    """Canonical cells for the records of `kind`, the problems found on the way, and notes for the run."""
    source = SOURCES[kind]
    keep, problems, notes = _select_kind(records, kind, mapping)
    fields = mapping.fields_for(kind)
    cells: dict[str, pd.Series] = {}
    for name in ("direction", *[n for n in fields if n != "direction"]):
        if name in fields:
            cells[name], found = _value(fields[name], name, records, mapping, cells, zone)
            problems.extend(found)
    n = records.table.num_rows
    blank = pd.Series([""] * n, dtype="str")
    account, found, tried = resolve_accounts(cells.get("account_ref", blank), cells.get("customer_phone", blank),
                                             cells.get("customer_email", blank), directory, mapping.phone_region)
    cells["account_id"] = account.where(account != "", tried)
    problems = _first_reasons([*problems, *found])
    agent, matched = resolve_agents(cells.get("agent_ref", blank), directory, agent_table)
    if kind == "calls":
        outbound = cells.get("direction", blank) == "outbound"
        if outbound.any() and "dialled_number" in source.columns:  # what was dialled: the customer's number
            dialled = pd.Series("", index=blank.index, dtype="str")
            dialled[outbound] = e164(cells.get("customer_phone", blank)[outbound], mapping.phone_region)
            cells["dialled_number"] = dialled
        bot = cells.get("bot", blank) != ""
        cells["handled_by"] = cells.get("handled_by", pd.Series(
            np.where(bot, "voice_ai", np.where(agent != "", "agent", "none")), dtype="str"))
        cells["handoff_agent_id"] = agent.where(bot, "")
        cells["agent_id"] = agent.where(~bot, "")
    else:
        cells["agent_id"] = agent
    frame = pd.DataFrame({c: cells.get(c, blank) for c in source.columns}).fillna("").astype("str")
    if mapping.latest_by and frame[source.key[0]][keep].duplicated().any():
        keep &= _latest(records, frame[source.key[0]], mapping.latest_by, keep, notes)
    positions = np.flatnonzero(keep)
    remap = np.full(n, -1)
    remap[positions] = np.arange(len(positions))
    kept_problems = []
    for p in problems:
        sel = keep[p.positions]
        if sel.any():
            values = None if p.values is None else np.asarray(p.values, dtype=object)[sel]
            kept_problems.append(Problem(p.column, remap[p.positions[sel]], p.reason, values))
    unmatched = int((~matched.to_numpy() & keep).sum())
    if unmatched:
        notes.append(f"{unmatched} record(s) name a user the roster and agent-ids file do not know (kept; see "
                     f"the data-quality report, and map them in config/agent_ids.toml [{mapping.agent_ids}])")
    raw = RawTable(frame[keep].reset_index(drop=True), records.lines[keep], np.zeros(len(positions), dtype=bool), [],
                   records.checksum)
    return raw, kept_problems, notes


def _first_reasons(problems: list[Problem]) -> list[Problem]:
    """One reason per record, the first found (its kind, then its fields in order, then its account)."""
    seen = np.empty(0, dtype=np.int64)
    out = []
    for p in problems:
        keep = ~np.isin(p.positions, seen)
        if keep.any():
            values = None if p.values is None else np.asarray(p.values, dtype=object)[keep]
            out.append(Problem(p.column, p.positions[keep], p.reason, values))
            seen = np.union1d(seen, p.positions[keep])
    return out


def _select_kind(records: Records, kind: str, mapping: Mapping) -> tuple[np.ndarray, list[Problem], list[str]]:
    """Which records become `kind`; records of the other kind or a skipped kind are left out and counted."""
    n = records.table.num_rows
    if mapping.kind_path is None:
        return np.ones(n, dtype=bool), [], []
    value = evaluate(records, mapping.kind_path).str.strip().str.lower()
    mine = value.isin(mapping.kinds[kind]).to_numpy()
    other = [k for k in mapping.kinds if k != kind]
    theirs = value.isin([v for k in other for v in mapping.kinds[k]]).to_numpy()
    notes = []
    if theirs.any():
        notes.append(f"{int(theirs.sum())} record(s) are {' / '.join(other)}: load them with `load {other[0]}`")
    for what, reason in mapping.skip.items():
        hit = (value == what).to_numpy()
        if hit.any():
            notes.append(f"{int(hit.sum())} {what} record(s) skipped ({reason})")
            theirs = theirs | hit
    unknown = ~mine & ~theirs
    problems = []
    if unknown.any():
        known = ", ".join(sorted({v for vs in mapping.kinds.values() for v in vs} | set(mapping.skip)))
        problems.append(Problem("", np.flatnonzero(unknown),
                                f"{mapping.kind_path} is not a known kind of record (known: {known})",
                                value[unknown].to_numpy()))
    return mine | unknown, problems, notes


def _latest(records: Records, ids: pd.Series, path: str, keep: np.ndarray, notes: list[str]) -> np.ndarray:
    """Keep only the latest copy of a record delivered more than once (by `path`, e.g. LastUpdateTimestamp)."""
    stamp = pd.to_datetime(evaluate(records, path).replace("", None), utc=True, errors="coerce", format="ISO8601")
    order = pd.DataFrame({"id": ids, "at": stamp, "keep": keep}).reset_index()
    order = order[order["keep"]].sort_values(["at", "index"], na_position="first")
    superseded = order["id"].duplicated(keep="last")
    out = np.ones(len(ids), dtype=bool)
    out[order["index"][superseded].to_numpy()] = False
    if superseded.any():
        notes.append(f"{int(superseded.sum())} earlier cop(y/ies) of re-delivered records superseded by a later {path}")
    return out


def _value(spec: FieldSpec, name: str, records: Records, mapping: Mapping, cells: dict[str, pd.Series],
           zone: str | None, top: bool = True) -> tuple[pd.Series, list[Problem]]:
    """One output column from its spec, with the problems it raises (located by record position)."""
    n = records.table.num_rows
    problems: list[Problem] = []
    if spec.value is not None:
        out = pd.Series([spec.value] * n, dtype="str")
    elif spec.first:
        out = pd.Series([""] * n, dtype="str")
        for sub in spec.first:
            got, found = _value(sub, name, records, mapping, cells, zone, top=False)
            fill = (out == "") & (got != "")
            out = out.where(~fill, got)
            problems.extend(p for p in found)
    elif spec.by_direction:
        direction = cells.get("direction", pd.Series([""] * n, dtype="str"))
        out = pd.Series([""] * n, dtype="str")
        for way, path in spec.by_direction.items():
            hit = direction == way
            if hit.any():
                out = out.where(~hit, evaluate(records, path, spec.aggregate))
    else:
        within = frozenset(mapping.values[spec.map]) if spec.map and spec.unmapped == "blank" else None
        out = evaluate(records, spec.path or "", spec.aggregate, within)
    if spec.match:
        out = out.where(out.str.contains(spec.match, regex=True, flags=re.IGNORECASE), "")
    if spec.duration:
        out, found = _seconds(out, spec.duration, name)
        problems.extend(found)
    if (spec.timestamp or (top and name in TIMESTAMPS)) and mapping.timestamp_format:
        out, found = _timestamps(out, mapping.timestamp_format, name)
        problems.extend(found)
    if spec.map:
        table = mapping.values[spec.map]
        mapped = out.str.lower().map(table)
        missing = (out != "") & mapped.isna()
        if missing.any() and spec.unmapped == "reject":
            problems.append(Problem(name, np.flatnonzero(missing),
                                    f"{spec.path or name} value not in the mapping's [values.{spec.map}] table "
                                    f"(known: {', '.join(sorted(table))})", out[missing].to_numpy()))
        out = mapped.where(~missing, out if spec.unmapped == "keep" else "").fillna("")
    if spec.present is not None or spec.absent is not None:
        has = (out != "") & (out != "0")
        out = pd.Series(np.where(has, spec.present or "", spec.absent or ""), dtype="str")
    if spec.default is not None:
        out = out.where(out != "", spec.default)
    if spec.prefix:
        out = out.where(out == "", spec.prefix + out)
    return out.astype("str"), problems


def _seconds(values: pd.Series, unit: str, name: str) -> tuple[pd.Series, list[Problem]]:
    """Durations as whole seconds: `s`, `ms`, or `hms` (h:mm:ss or mm:ss)."""
    present = values != ""
    if unit == "hms":
        parts = values.where(present, "0").str.split(":", expand=True).iloc[:, ::-1]
        nums = parts.apply(pd.to_numeric, errors="coerce")
        weights = [1, 60, 3600][: nums.shape[1]]
        secs = sum(nums.iloc[:, i].fillna(0) * w for i, w in enumerate(weights))
        bad = present & (nums.iloc[:, 0].isna() | (nums.shape[1] > 3))
    else:
        secs = pd.to_numeric(values.where(present, None), errors="coerce")
        if unit == "ms":
            secs = secs / 1000
        bad = present & secs.isna()
    out = secs.round().astype("Int64").astype(str).where(present & ~bad, "")
    problems = [Problem(name, np.flatnonzero(bad), f"expected a duration ({unit})", values[bad].to_numpy())] \
        if bad.any() else []
    return out.astype("str"), problems


def _timestamps(values: pd.Series, fmt: str, name: str) -> tuple[pd.Series, list[Problem]]:
    """Vendor timestamps in `fmt` rewritten as ISO 8601 (with the offset when the format has one)."""
    present = values != ""
    parsed = pd.to_datetime(values.where(present, None), format=fmt, errors="coerce", utc="%z" in fmt)
    bad = present & parsed.isna()
    text = parsed.dt.strftime("%Y-%m-%dT%H:%M:%S" + ("Z" if "%z" in fmt else "")).fillna("")
    problems = [Problem(name, np.flatnonzero(bad), f"expected a timestamp like {fmt!r}", values[bad].to_numpy())] \
        if bad.any() else []
    return text.where(~bad, values).astype("str"), problems
