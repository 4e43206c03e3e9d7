"""Load canonical files: parse -> validate -> upsert, one transaction per file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from tqdm import tqdm

from ingest import accounts, agents, calls, consents, digital, pauses, qa
from ingest.csv_file import FileError, RawTable, read_csv
from ingest.fields import Context, Problem, check_column
from ingest.reviews import load_review_paths
from ingest.runs import AfterLoad, LoadResult, Reject, load_transaction, record_unreadable
from ingest.source import CsvSource
from sql.dialect import bulk_upsert

CSV_SOURCES: dict[str, CsvSource] = {
    s.kind: s
    for s in (agents.SOURCE, accounts.SOURCE, pauses.SOURCE, consents.SOURCE, calls.SOURCE, digital.SOURCE, qa.SOURCE)
}
KINDS = (*CSV_SOURCES, "reviews")
PROGRESS_MIN_ROWS = 50_000


def load_paths(
    engine: Engine,
    kind: str,
    paths: Iterable[Path],
    *,
    timezone: str | None = None,
    encoding: str | None = None,
    progress: bool = True,
    after_load: AfterLoad | None = None,
) -> list[LoadResult]:
    """Load each file of one kind; a file that fails does not stop the others.

    `after_load` runs inside each file's transaction (see `ingest.runs.AfterLoad`).
    """
    if kind == "reviews":
        return load_review_paths(engine, list(paths), progress=progress, after_load=after_load)
    if kind not in CSV_SOURCES:
        raise ValueError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    source = CSV_SOURCES[kind]
    return [
        load_csv(engine, source, Path(p), timezone=timezone, encoding=encoding, progress=progress,
                 after_load=after_load)
        for p in paths
    ]


def load_csv(
    engine: Engine,
    source: CsvSource,
    path: Path,
    *,
    timezone: str | None = None,
    encoding: str | None = None,
    progress: bool = True,
    after_load: AfterLoad | None = None,
) -> LoadResult:
    """Load one canonical CSV file in one transaction."""
    result = LoadResult(source=source.kind, path=str(path))
    try:
        raw = read_csv(path, source.columns, source.required, encoding)
    except (FileError, OSError) as exc:
        return record_unreadable(engine, result, exc)
    if raw.extra_columns:
        result.message = f"ignored unknown column(s): {', '.join(raw.extra_columns)}"
    return load_table(engine, source, raw, result, Context(timezone=timezone), progress=progress,
                      after_load=after_load)


def load_table(
    engine: Engine,
    source: CsvSource,
    raw: RawTable,
    result: LoadResult,
    ctx: Context,
    *,
    found: list[Problem] | None = None,
    progress: bool = True,
    after_load: AfterLoad | None = None,
) -> LoadResult:
    """Validate a file's cells (plus problems the caller `found`, e.g. a vendor mapping's) and upsert the good
    rows in one transaction. Shared by canonical files and vendor exports (`ingest.vendor`)."""
    typed, rejects, bad = validate(source, raw, ctx, found)
    result.rows_read = len(raw.frame)
    result.rejects = rejects
    result.rejected = int(bad.sum())
    columns = [*source.columns, "run_id"]
    good = typed[~bad]
    bar = None
    if progress and len(good) >= PROGRESS_MIN_ROWS:
        bar = tqdm(total=len(good), desc=f"{source.kind} {Path(result.path).name}", unit="rows", leave=False)
    try:
        with load_transaction(engine, result, lock=source.kind, checksum=raw.checksum, after_load=after_load) as conn:
            rows = to_rows(good, source, result.run_id)
            counts = bulk_upsert(conn, source.table, columns, rows, bar.update if bar else None)
            result.inserted, result.updated, result.unchanged = counts.inserted, counts.updated, counts.unchanged
            result.status = "ok" if not result.rejected else "partial"
    finally:
        if bar:
            bar.close()
    return result


def validate(source: CsvSource, raw: RawTable, ctx: Context, found: list[Problem] | None = None
             ) -> tuple[pd.DataFrame, list[Reject], np.ndarray]:
    """Typed columns, the rejects found, and a mask of rows that may not be loaded.

    `found`: problems already known (a vendor mapping's); a row they explain gets no further reasons.
    """
    frame = raw.frame
    problems: list[Problem] = list(found or [])
    explained = np.unique(np.concatenate([p.positions for p in problems])) if problems else None
    typed = {}
    for spec in source.fields:
        typed[spec.name], checks = check_column(spec, frame[spec.name], ctx)
        for p in checks:
            if explained is not None:
                p.positions = np.setdiff1d(p.positions, explained)
            if len(p.positions):
                problems.append(p)
    out = pd.DataFrame(typed)
    for check in source.rules:
        problems.extend(check(out))
    short = raw.short_rows & (raw.lines != raw.unterminated_line)
    if short.any():
        problems.append(
            Problem("", np.flatnonzero(short), f"wrong number of fields (header has {raw.header_width})")
        )
    if raw.unterminated_line is not None:
        problems.append(Problem("", np.flatnonzero(raw.lines == raw.unterminated_line),
                                'a quoted field opened on this line is never closed (unbalanced "), '
                                "so the rest of the file was read into it"))
    bad = np.zeros(len(frame), dtype=bool)
    for p in problems:
        bad[p.positions] = True
    problems.extend(_duplicates(source, out, bad, raw.lines))
    rejects: list[Reject] = []
    for p in problems:
        bad[p.positions] = True
        if p.values is not None:
            values = p.values
        else:
            values = frame[p.column].to_numpy()[p.positions] if p.column in frame else [None] * len(p.positions)
        rejects.extend(
            Reject(int(raw.lines[i]), p.column or None, v, p.reason)
            for i, v in zip(p.positions, values, strict=True)
        )
    rejects.sort(key=lambda r: (r.line or 0, r.column or ""))
    return out, rejects, bad


def _duplicates(source: CsvSource, typed: pd.DataFrame, bad: np.ndarray, lines: np.ndarray) -> list[Problem]:
    """Later rows repeating an id already seen in this file are refused."""
    keys = typed[source.key][~bad]
    dup = keys.duplicated(keep="first")
    if not dup.any():
        return []
    first_line = dict(zip(
        map(tuple, keys[~dup].itertuples(index=False, name=None)), lines[~bad][~dup.to_numpy()], strict=True
    ))
    problems = []
    for pos, key in zip(np.flatnonzero(~bad)[dup.to_numpy()], keys[dup].itertuples(index=False, name=None),
                        strict=True):
        label = ", ".join(f"{k}={v}" for k, v in zip(source.key, key, strict=True))
        reason = f"duplicate id ({label}) already on line {first_line[key]} of this file"
        problems.append(Problem(source.key[0], np.array([pos]), reason))
    return problems


def to_rows(frame: pd.DataFrame, source: CsvSource, run_id: int) -> list[tuple]:
    """Driver-ready tuples (see `sql.dialect`), in `source.columns` order plus run_id."""
    cols = [_driver_values(frame[f.name], f.kind) for f in source.fields]
    cols.append([run_id] * len(frame))
    return list(zip(*cols, strict=True))


def _driver_values(series: pd.Series, kind: str) -> list:
    if kind == "timestamp":
        arr = series.to_numpy(dtype="datetime64[us]")
        text = np.datetime_as_string(arr, unit="us")
        return [None if s == "NaT" else s[:10] + " " + s[11:] for s in text.tolist()]
    if kind == "date":
        arr = series.to_numpy(dtype="datetime64[D]")
        return [None if s == "NaT" else s for s in np.datetime_as_string(arr, unit="D").tolist()]
    obj = series.astype(object)
    return obj.where(series.notna(), None).tolist()
