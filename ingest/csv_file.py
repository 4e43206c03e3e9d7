"""Reading a canonical CSV file: bytes, encoding, header and line numbers."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd


class FileError(Exception):
    """A problem with a whole file (cannot decode, no header, missing required column)."""

    def __init__(self, path: Path, reason: str, line: int | None = None, column: str | None = None):
        where = f"{path}" + (f", line {line}" if line else "") + (f", column {column}" if column else "")
        super().__init__(f"{where}: {reason}")
        self.path, self.reason, self.line, self.column = path, reason, line, column


@dataclass
class RawTable:
    """A file's cells as strings, with the line each record starts on."""

    frame: pd.DataFrame
    lines: np.ndarray
    short_rows: np.ndarray
    extra_columns: list[str]
    checksum: str
    unterminated_line: int | None = None
    header_width: int = 0


def read_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256."""
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def decode(path: Path, data: bytes, encoding: str | None = None) -> str:
    """Text of the file: UTF-8 (BOM optional) unless `encoding` is given; CRLF folded."""
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            path,
            f"not valid {encoding or 'UTF-8'}: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
            "(re-save as UTF-8, or load with --encoding, e.g. --encoding cp1252)",
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from None
    except LookupError:
        raise FileError(path, f"unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_csv(path: Path, columns: list[str], required: list[str], encoding: str | None = None) -> RawTable:
    """Parse `path` into strings for `columns`; unknown columns are listed, not loaded."""
    data, checksum = read_bytes(path)
    text = decode(path, data, encoding)
    if not text.strip():
        raise FileError(path, "file is empty (expected a header row)", line=1)
    header = [h.strip() for h in next(csv.reader(io.StringIO(text, newline="")), [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise FileError(
            path, f"missing required column(s): {', '.join(missing)}; header has: {', '.join(header)}", line=1,
            column=missing[0],
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise FileError(path, f"column(s) named twice in the header: {', '.join(dupes)}", line=1, column=dupes[0])
    extra = [h for h in header if h not in columns]
    frame, lines, short = _parse(text, header)
    present = [c for c in columns if c in frame.columns]
    frame = frame[present]
    for c in columns:
        if c not in frame.columns:
            frame[c] = ""
    return RawTable(frame[columns], lines, short, extra, checksum, _unterminated(text, lines), len(header))


def _parse(text: str, header: list[str]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Fast path with pandas' C parser; the csv module when records span lines or are ragged."""
    body_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            names=header,
            header=0,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        return _parse_slow(text, header)
    if len(frame) + 1 != body_lines or _has_short_rows(frame):
        return _parse_slow(text, header)
    blank = _blank_rows(frame)
    lines = np.arange(2, len(frame) + 2)
    if blank.any():
        frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
    return frame, lines, np.zeros(len(frame), dtype=bool)


def _unterminated(text: str, lines: np.ndarray) -> int | None:
    """The line of the last record if a quote it opens is never closed (it swallowed the rest of the file)."""
    if not len(lines) or text.count('"') % 2 == 0:  # well-formed quoting always pairs up
        return None
    tail = "".join(itertools.islice(io.StringIO(text, newline=""), int(lines[-1]) - 1, None))
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return int(lines[-1])
    return None


def _has_short_rows(frame: pd.DataFrame) -> bool:
    return bool(frame.isna().to_numpy().any())


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    return frame.eq("").all(axis=1).to_numpy()


def _parse_slow(text: str, header: list[str]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Record by record, keeping each record's first line; wrong field counts are flagged."""
    reader = csv.reader(io.StringIO(text, newline=""))
    csv.field_size_limit(1 << 30)
    next(reader)
    rows: list[list[str]] = []
    lines: list[int] = []
    short: list[bool] = []
    width = len(header)
    start = reader.line_num + 1
    for record in reader:
        if record and any(cell.strip() for cell in record):
            short.append(len(record) != width)
            rows.append((record + [""] * width)[:width])
            lines.append(start)
        start = reader.line_num + 1
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(columns=header, dtype=str)
    return frame, np.asarray(lines, dtype=np.int64), np.asarray(short, dtype=bool)
