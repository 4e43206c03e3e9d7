"""Vendor records as an Arrow table, and paths into them evaluated a whole column at a time.

JSON Lines go through Arrow's multithreaded JSON reader (no Python object per record); a JSON
document (one API page `{"calls": [...]}`, or an array) and CSV files are read whole. A path is
`a.b` (nested field), `list[]` (every element) or `list[key=value]` (elements whose `key` is
`value`); a record whose path yields several values gives the first non-blank one, or their sum.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from ingest.csv_file import FileError, decode, read_bytes

_STEP = re.compile(r"^(?P<name>[^\[\]]+)?(?:\[(?P<filter>[^\]]*)\])?$")


@dataclass
class Records:
    """A vendor file's records: the table, the line (or record number) of each, and the checksum."""

    table: pa.Table
    lines: np.ndarray
    checksum: str
    tabular: bool  # CSV: a path is a column name, taken literally


def read_records(path: Path, fmt: str, records_key: str | None, encoding: str | None = None) -> Records:
    """Read a csv, json or jsonl vendor file; `FileError` says what is wrong with it."""
    data, checksum = read_bytes(path)
    if fmt == "csv":
        text = decode(path, data, encoding)
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
        except (pd.errors.ParserError, ValueError) as exc:
            raise FileError(path, f"cannot parse CSV: {exc}") from None
        frame.columns = [str(c).strip() for c in frame.columns]
        return Records(pa.Table.from_pandas(frame, preserve_index=False), np.arange(2, len(frame) + 2), checksum, True)
    if fmt == "jsonl" and encoding in (None, "utf-8", "utf-8-sig"):
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        if body and not body.isspace() and b"\n\n" not in body and b"\n\r\n" not in body:
            try:
                table = pj.read_json(io.BytesIO(body), read_options=pj.ReadOptions(block_size=1 << 24))
                return Records(table, np.arange(1, table.num_rows + 1), checksum, False)
            except pa.ArrowInvalid:
                pass  # mixed types or a bad line: the line-by-line reader below says which
    text = decode(path, data, encoding)
    items, lines = _json_items(path, text, fmt, records_key)
    try:
        table = pa.Table.from_pylist(items)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        table = pa.Table.from_pylist([_stringify(i) for i in items])
    return Records(table, lines, checksum, False)


def _json_items(path: Path, text: str, fmt: str, records_key: str | None) -> tuple[list[dict], np.ndarray]:
    if fmt == "jsonl":
        items, lines = [], []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise FileError(path, f"not valid JSON: {exc.args[0]}", line=number) from None
            if not isinstance(item, dict):
                raise FileError(path, "expected one JSON object per line", line=number)
            items.append(item)
            lines.append(number)
        return items, np.asarray(lines, dtype=np.int64)
    try:
        doc = json.loads(text)
    except ValueError as exc:
        line = text.count("\n", 0, getattr(exc, "pos", 0)) + 1
        raise FileError(path, f"not valid JSON: {exc.args[0]}", line=line) from None
    if isinstance(doc, dict) and records_key and isinstance(doc.get(records_key), list):
        doc = doc[records_key]
    if not isinstance(doc, list) or not all(isinstance(i, dict) for i in doc):
        want = f"an object with a {records_key!r} array, or " if records_key else ""
        raise FileError(path, f"expected {want}a JSON array of records")
    return doc, np.arange(1, len(doc) + 1)


def _stringify(value):
    """Scalars as strings, so that a field holding numbers in one record and text in another still loads."""
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    return None if value is None else json.dumps(value) if isinstance(value, bool) else str(value)


@dataclass
class _Walk:
    values: pa.Array
    parents: np.ndarray | None  # record index of each value; None = one value per record


def evaluate(records: Records, path: str, aggregate: str = "first", within: frozenset[str] | None = None
             ) -> pd.Series:
    """One string per record (blank when the path yields nothing); `aggregate='sum'` adds numbers.

    `within`: take the first value that is (lower-cased) in this set, e.g. the first tag a value table knows.
    """
    n = records.table.num_rows
    if records.tabular:
        if path not in records.table.column_names:
            return pd.Series([""] * n, dtype="str")
        return records.table.column(path).combine_chunks().fill_null("").to_pandas()
    walk = _walk(records.table, path)
    if walk is None:
        return pd.Series([""] * n, dtype="str")
    values = walk.values
    if pa.types.is_struct(values.type) or pa.types.is_list(values.type):
        raise ValueError(f"path {path!r} ends on a nested object or list, not a value")
    if walk.parents is None:
        return _strings(values)
    valid = values.is_valid().to_numpy(zero_copy_only=False)
    parents = walk.parents[valid]
    kept = values.filter(pa.array(valid))
    if aggregate == "sum":
        nums = pc.cast(kept, pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        total = np.bincount(parents, weights=np.nan_to_num(nums), minlength=n)
        has = np.bincount(parents, minlength=n) > 0
        out = pd.Series(total).map(lambda v: f"{v:g}").where(has, "")
        return out.astype("str")
    texts = _strings(kept).to_numpy()
    nonblank = texts != ""
    if within is not None:
        nonblank &= np.isin(np.char.lower(texts.astype(str)), list(within))
    first_parent, first_at = np.unique(parents[nonblank], return_index=True)
    out = np.full(n, "", dtype=object)
    out[first_parent] = texts[nonblank][first_at]
    return pd.Series(out, dtype="str")


def _strings(values: pa.Array) -> pd.Series:
    if pa.types.is_timestamp(values.type):  # Arrow's JSON reader turned ISO 8601 text into UTC instants
        values = pc.binary_join_element_wise(pc.cast(values, pa.string()), "Z", "")
    elif pa.types.is_boolean(values.type):
        values = pc.if_else(values, "true", "false")
    elif pa.types.is_floating(values.type):
        filled = values.to_numpy(zero_copy_only=False)
        return pd.Series([("" if np.isnan(v) else f"{v:g}") for v in filled], dtype="str")
    elif not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        values = pc.cast(values, pa.string())
    return values.fill_null("").to_pandas()  # pandas' Arrow-backed str dtype: no Python object per value


def _walk(table: pa.Table, path: str) -> _Walk | None:
    """Follow `path` from the table's columns; None when a step names a field no record has."""
    current: pa.Array | None = None
    parents: np.ndarray | None = None
    for i, step in enumerate(path.split(".")):
        m = _STEP.match(step)
        if not m:
            raise ValueError(f"path {path!r}: cannot read step {step!r}")
        name, filt = m.group("name"), m.group("filter")
        if name:
            if current is None:
                if name not in table.column_names:
                    return None
                current = table.column(name).combine_chunks()
            else:
                if not pa.types.is_struct(current.type) or current.type.get_field_index(name) < 0:
                    return None
                current = pc.struct_field(current, name)
        elif i == 0:
            raise ValueError(f"path {path!r} must start with a field name")
        if filt is None:
            continue
        if not pa.types.is_list(current.type) and not pa.types.is_large_list(current.type):
            return None
        idx = pc.list_parent_indices(current).to_numpy(zero_copy_only=False)
        parents = idx if parents is None else parents[idx]
        current = pc.list_flatten(current)
        if filt:
            key, _, wanted = filt.partition("=")
            if not pa.types.is_struct(current.type) or current.type.get_field_index(key) < 0:
                return None
            keys = pc.struct_field(current, key)
            mask = pc.fill_null(pc.equal(pc.cast(keys, pa.string()), wanted), False)
            current = current.filter(mask)
            parents = parents[mask.to_numpy(zero_copy_only=False)]
    assert current is not None
    return _Walk(current, parents)
