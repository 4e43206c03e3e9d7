"""The shareable recognition digest of a month's five-star reviews, as escaped HTML or Markdown."""

from __future__ import annotations

import html
import re

import pandas as pd

from dashboard.safety import short_name, text_or

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def _md(text: object) -> str:
    return MD_SPECIAL.sub(r"\\\1", str(text))


def _groups(wall: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    out = []
    for agent_id, rows in wall.groupby("agent_id", sort=False):
        first = rows.iloc[0]
        out.append((str(first["full_name"] or agent_id), str(first["team"] or ""), rows))
    return sorted(out, key=lambda g: (-len(g[2]), g[0]))


def markdown_digest(wall: pd.DataFrame, month: str) -> str:
    """The month's wall as Markdown: every user-written character escaped, contact details masked."""
    lines = [f"# Five-star wall · {month}", "", f"{wall['review_id'].nunique()} five-star reviews for "
             f"{wall['agent_id'].nunique()} people. Thank you!", ""]
    for name, team, rows in _groups(wall):
        lines += [f"## {_md(name)} · {_md(team)} ({len(rows)} ★★★★★)", ""]
        for r in rows.itertuples():
            text = " ".join(text_or(r.comment).split())
            lines.append(f"> {_md(text)}  ")
            lines.append(f"> — {_md(short_name(r.reviewer_name))}, {r.created_at:%d %b %Y}")
            lines.append("")
    return "\n".join(lines)


def html_digest(wall: pd.DataFrame, month: str) -> str:
    """The month's wall as a standalone HTML page: every user-written character escaped, contact details masked."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Five-star wall · {e(month)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:860px;margin:2rem auto;color:#1f2937}"
        "h2{border-bottom:2px solid #f59e0b;padding-bottom:.2rem}blockquote{background:#fffbeb;margin:.6rem 0;"
        "padding:.6rem 1rem;border-left:4px solid #f59e0b;white-space:pre-wrap}cite{display:block;color:#6b7280;"
        "font-size:.9rem;margin-top:.3rem}</style></head><body>",
        f"<h1>Five-star wall · {e(month)}</h1>",
        f"<p>{wall['review_id'].nunique()} five-star reviews for {wall['agent_id'].nunique()} people. Thank you!</p>",
    ]
    for name, team, rows in _groups(wall):
        parts.append(f"<h2>{e(name)} <small>{e(team)} · {len(rows)} ★★★★★</small></h2>")
        for r in rows.itertuples():
            parts.append(f"<blockquote>{e(text_or(r.comment))}"
                         f"<cite>— {e(short_name(r.reviewer_name))}, {r.created_at:%d %b %Y}</cite></blockquote>")
    parts.append("</body></html>")
    return "\n".join(parts)
