"""Google reviews: Business Profile API v4 Review objects, in the contract's three JSON shapes.

A review seen again with a later `updateTime` replaces the stored one (and is
attributed again); every version seen is kept in `review_versions`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from tqdm import tqdm

from ingest.csv_file import FileError, decode, read_bytes
from ingest.fields import YEAR_RANGE
from ingest.google.takeout import takeout_review_files, takeout_root
from ingest.review_json import read_review_json
from ingest.review_text import split_translation
from ingest.runs import AfterLoad, LoadResult, Reject, load_transaction, record_unreadable
from sql.schema import review_versions, reviews

STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5, "STAR_RATING_UNSPECIFIED": None}
CHUNK = 500
COMMENT_LIMIT = 100_000  # Google caps a review at 4,096 characters; far longer text is not a review
PROGRESS_MIN_ROWS = 50_000


class ReviewError(ValueError):
    """A review that breaks a contract rule, with the field at fault."""

    def __init__(self, column: str, value: object, reason: str):
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def load_review_paths(engine: Engine, paths: list[Path], *, progress: bool = True,
                      after_load: AfterLoad | None = None) -> list[LoadResult]:
    """Load review files (or folders of them), one transaction per file."""
    return [load_review_file(engine, p, progress=progress, after_load=after_load) for p in expand_paths(paths)]


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; a folder yields the review JSON files below it, in name order (Takeout: each location once)."""
    for p in map(Path, paths):
        if p.is_dir() and (root := takeout_root(p)) is not None:
            yield from takeout_review_files(root)
        elif p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".json", ".jsonl"))
        else:
            yield p


def load_review_file(engine: Engine, path: Path, *, progress: bool = True,
                     after_load: AfterLoad | None = None) -> LoadResult:
    """Validate and upsert the reviews of one file."""
    result = LoadResult(source="reviews", path=str(path))
    try:
        data, checksum = read_bytes(path)
        items, rejects = read_review_json(path, decode(path, data))
    except (FileError, OSError) as exc:
        return record_unreadable(engine, result, exc)
    unreadable = len(rejects)
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for item in items:
        try:
            row = parse_review(item.value)
        except ReviewError as exc:
            rejects.append(Reject(item.line, exc.column, _short(exc.value), exc.reason))
            continue
        key = row["review_id"]
        if key in seen and rows[seen[key]]["updated_at"] >= row["updated_at"]:
            rows.append(row | {"_skip": True})
            continue
        seen[key] = len(rows)
        rows.append(row)
    result.rows_read = len(items) + unreadable
    result.rejects = rejects
    result.rejected = len({r.line for r in rejects})
    with load_transaction(engine, result, lock="reviews", checksum=checksum, after_load=after_load) as conn:
        latest = [r for i, r in enumerate(rows) if not r.get("_skip") and seen[r["review_id"]] == i]
        result.unchanged = len(rows) - len(latest)
        bar = tqdm(total=len(latest), desc=f"reviews {path.name}", unit="rows", leave=False) if (
            progress and len(latest) >= PROGRESS_MIN_ROWS) else None
        inserted, updated, unchanged = store_reviews(conn, latest, result.run_id, bar.update if bar else None)
        if bar:
            bar.close()
        store_versions(conn, rows, result.run_id)
        result.inserted, result.updated = inserted, updated
        result.unchanged += unchanged
        result.status = "ok" if not result.rejected else "partial"
    return result


def _short(value: object) -> str | None:
    return None if value is None else str(value)[:200]


def _timestamp(review: dict, field: str, required: bool) -> datetime | None:
    value = review.get(field)
    if value in (None, ""):
        if required:
            raise ReviewError(field, value, f"{field} is required")
        return None
    if not isinstance(value, str):
        raise ReviewError(field, value, f"{field} must be an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise ReviewError(field, value, f"{field} is not a valid ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        raise ReviewError(field, value, f"{field} has no timezone (expected Z or an offset)")
    if not YEAR_RANGE[0] <= parsed.year <= YEAR_RANGE[1]:
        raise ReviewError(field, value, f"{field} year outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
    return parsed.astimezone(UTC).replace(tzinfo=None)


def parse_review(review: object) -> dict:
    """A Review object as a `reviews` row; raises ReviewError on a contract breach."""
    if not isinstance(review, dict):
        raise ReviewError("json", review, "expected a Review object")
    _check_strings(review, "json")
    name = review.get("name")
    review_id = review.get("reviewId") or (name.rsplit("/", 1)[-1] if isinstance(name, str) and name else None)
    if not review_id or not isinstance(review_id, str):
        raise ReviewError("reviewId", review_id, "reviewId is required")
    _check_length("reviewId", review_id, reviews.c.review_id.type.length)
    stars = review.get("starRating")
    if isinstance(stars, str) and stars.upper() in STARS:
        star_rating = STARS[stars.upper()]
    elif isinstance(stars, int) and not isinstance(stars, bool) and 1 <= stars <= 5:
        star_rating = stars
    else:
        raise ReviewError("starRating", stars, "starRating must be ONE..FIVE or STAR_RATING_UNSPECIFIED")
    reviewer = review.get("reviewer") or {}
    if not isinstance(reviewer, dict):
        raise ReviewError("reviewer", reviewer, "reviewer must be an object")
    display_name = reviewer.get("displayName")
    if display_name is not None and not isinstance(display_name, str):
        raise ReviewError("reviewer.displayName", display_name, "reviewer.displayName must be text")
    _check_length("reviewer.displayName", display_name, reviews.c.reviewer_name.type.length)
    anonymous = reviewer.get("isAnonymous") or False
    if not isinstance(anonymous, bool):
        raise ReviewError("reviewer.isAnonymous", anonymous, "reviewer.isAnonymous must be true or false")
    comment = review.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise ReviewError("comment", comment, "comment must be text")
    _check_length("comment", comment, COMMENT_LIMIT)
    created = _timestamp(review, "createTime", required=True)
    updated = _timestamp(review, "updateTime", required=False) or created
    if updated < created:
        raise ReviewError("updateTime", review.get("updateTime"), "updateTime is before createTime")
    reply = review.get("reviewReply") or {}
    if not isinstance(reply, dict) or not isinstance(reply.get("comment") or "", str):
        raise ReviewError("reviewReply", reply, "reviewReply must be an object with a text comment")
    location = _location(name)
    _check_length("name", location, reviews.c.location_id.type.length)
    original, translation = split_translation(comment)
    return {
        "review_id": review_id,
        "name": name if isinstance(name, str) else None,
        "location_id": location,
        "reviewer_name": display_name or None,
        "reviewer_is_anonymous": anonymous,
        "star_rating": star_rating,
        "comment": comment or None,
        "comment_original": original if translation else None,
        "comment_translation": translation,
        "created_at": created,
        "updated_at": updated,
        "reply_comment": reply.get("comment") or None,
        "reply_updated_at": _timestamp(reply, "updateTime", required=False),
        "raw_json": json.dumps(review, ensure_ascii=False, sort_keys=True),
    }


def _check_strings(value: object, where: str) -> None:
    """Refuse text no engine stores: NUL characters and lone surrogates (JSON `\\u0000`, `\\ud800`)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ReviewError(where, value, f"{where} contains a NUL character (\\u0000), which cannot be stored")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ReviewError(where, value.encode("utf-8", "backslashreplace").decode(),
                                  f"{where} contains an unpaired surrogate (invalid Unicode)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(k, where)
            _check_strings(v, k if where == "json" else f"{where}.{k}")
    elif isinstance(value, list):
        for v in value:
            _check_strings(v, where)


def _check_length(field: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        raise ReviewError(field, value, f"{field} longer than {limit} characters")


def _location(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    parts = name.split("/")
    return parts[parts.index("locations") + 1] if "locations" in parts[:-1] else None


REVIEW_COLUMNS = [c.name for c in reviews.columns if c.name not in ("is_deleted", "polarity", "subjectivity",
                                                                     "is_rating_text_mismatch", "language",
                                                                     "attributed_update")]


def store_reviews(conn: Connection, rows: list[dict], run_id: int, progress=None) -> tuple[int, int, int]:
    """Insert new reviews, replace ones with a later updateTime; (inserted, updated, unchanged)."""
    inserted = updated = unchanged = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        known = dict(
            conn.execute(
                select(reviews.c.review_id, reviews.c.updated_at).where(
                    reviews.c.review_id.in_([r["review_id"] for r in chunk])
                )
            ).all()
        )
        new = [_row(r, run_id) | {"is_deleted": False} for r in chunk if r["review_id"] not in known]
        newer = [_row(r, run_id) for r in chunk if r["review_id"] in known and r["updated_at"] > known[r["review_id"]]]
        if new:
            conn.execute(insert(reviews), new)
        if newer:
            stmt = (
                update(reviews)
                .where(reviews.c.review_id == bindparam("b_review_id"))
                .values({c: bindparam(c) for c in REVIEW_COLUMNS if c != "review_id"} | {"is_deleted": False})
            )
            conn.execute(stmt, [r | {"b_review_id": r["review_id"]} for r in newer])
        inserted += len(new)
        updated += len(newer)
        unchanged += len(chunk) - len(new) - len(newer)
        if progress:
            progress(len(chunk))
    return inserted, updated, unchanged


def _row(r: dict, run_id: int) -> dict:
    return {c: r[c] for c in REVIEW_COLUMNS if c != "run_id"} | {"run_id": run_id}


def store_versions(conn: Connection, rows: list[dict], run_id: int) -> None:
    """Keep every (review, updateTime) version seen, once."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids = list({r["review_id"] for r in chunk})
        have = set(
            conn.execute(
                select(review_versions.c.review_id, review_versions.c.updated_at).where(
                    review_versions.c.review_id.in_(ids)
                )
            ).all()
        )
        fresh: dict[tuple, dict] = {}
        for r in chunk:
            key = (r["review_id"], r["updated_at"])
            if key not in have and key not in fresh:
                fresh[key] = {
                    "review_id": r["review_id"],
                    "updated_at": r["updated_at"],
                    "star_rating": r["star_rating"],
                    "comment": r["comment"],
                    "reviewer_name": r["reviewer_name"],
                    "raw_json": r["raw_json"],
                    "run_id": run_id,
                }
        if fresh:
            conn.execute(insert(review_versions), list(fresh.values()))
