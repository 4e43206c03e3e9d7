"""A digest in each format: Slack Block Kit, a Microsoft Teams Adaptive Card, an email (plain + HTML).

Every string of the digest is escaped for the format; user-written text (review text and its
translation) is also masked. A translated review shows the original and the translation side
by side (Slack section fields, a Teams column set, an HTML table row).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from notify import escape
from notify.model import Digest, Item, Section

SLACK_MAX_BLOCKS = 50
SLACK_TEXT_MAX = 2900
SLACK_FIELD_MAX = 1900
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.4"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
NO_TEXT = "(a rating without text)"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _more(s: Section) -> str:
    return f"…and {s.more} more in the dashboard." if s.more else ""


def _lang(item: Item) -> str:
    return f"Original ({item.language})" if item.language else "Original"


# --- Slack -----------------------------------------------------------------------------------


def _mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": _cut(text, SLACK_TEXT_MAX)}


def _slack_item(item: Item) -> list[dict]:
    lines = [f"*{escape.slack(item.title)}*"]
    fields = []
    if item.translation:
        fields = [_mrkdwn(f"*{_lang(item)}*\n{_cut(escape.slack(item.quote or '', mask=True), SLACK_FIELD_MAX)}"),
                  _mrkdwn(f"*English*\n{_cut(escape.slack(item.translation, mask=True), SLACK_FIELD_MAX)}")]
    elif item.quote is not None:
        lines.append("> " + escape.slack(item.quote, mask=True).replace("\n", "\n> "))
    fields += [_mrkdwn(f"*{escape.slack(k)}*\n{escape.slack(v)}") for k, v in item.facts]
    block: dict = {"type": "section", "text": _mrkdwn("\n".join(lines))}
    if fields:
        block["fields"] = fields[:10]
    return [block]


def slack_payload(d: Digest) -> dict:
    """The Block Kit message (`text` is the notification fallback)."""
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(d.title, 150), "emoji": True}},
        {"type": "section", "text": _mrkdwn(escape.slack(d.summary))},
    ]
    footer = {"type": "context", "elements": [_mrkdwn(escape.slack(d.footer))]}
    for s in d.sections:
        blocks += [{"type": "divider"}, {"type": "section", "text": _mrkdwn(f"*{escape.slack(s.heading)}*")}]
        if not s.items:
            blocks.append({"type": "section", "text": _mrkdwn(f"_{escape.slack(s.empty)}_")})
        left = s.more
        for i, item in enumerate(s.items):
            if len(blocks) >= SLACK_MAX_BLOCKS - 3:
                left += len(s.items) - i
                break
            blocks += _slack_item(item)
        if left:
            blocks.append({"type": "context", "elements": [_mrkdwn(f"…and {left} more in the dashboard.")]})
    blocks = [*blocks[: SLACK_MAX_BLOCKS - 1], footer]
    return {"text": escape.slack(f"{d.title}: {d.summary}"), "blocks": blocks,
            "unfurl_links": False, "unfurl_media": False}


# --- Microsoft Teams ---------------------------------------------------------------------------


def _block(text: str, **style: object) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _teams_item(item: Item) -> dict:
    parts: list[dict] = [_block(escape.teams(item.title), weight="Bolder")]
    if item.translation:
        parts.append({"type": "ColumnSet", "columns": [
            {"type": "Column", "width": "stretch", "items": [
                _block(_lang(item), isSubtle=True, size="Small"),
                _block(escape.teams(item.quote or "", mask=True))]},
            {"type": "Column", "width": "stretch", "items": [
                _block("English", isSubtle=True, size="Small"),
                _block(escape.teams(item.translation, mask=True))]},
        ]})
    elif item.quote is not None:
        parts.append(_block(escape.teams(item.quote, mask=True)))
    if item.facts:
        parts.append({"type": "FactSet", "facts": [{"title": escape.teams(k), "value": escape.teams(v)}
                                                   for k, v in item.facts]})
    return {"type": "Container", "separator": True, "items": parts}


def teams_payload(d: Digest) -> dict:
    """The incoming-webhook message carrying one Adaptive Card."""
    body: list[dict] = [_block(escape.teams(d.title), size="Large", weight="Bolder"),
                        _block(escape.teams(d.summary))]
    for s in d.sections:
        body.append(_block(escape.teams(s.heading), size="Medium", weight="Bolder", separator=True,
                           spacing="Medium"))
        if not s.items:
            body.append(_block(escape.teams(s.empty), isSubtle=True))
        body += [_teams_item(i) for i in s.items]
        if s.more:
            body.append(_block(_more(s), isSubtle=True))
    body.append(_block(escape.teams(d.footer), isSubtle=True, size="Small", separator=True))
    card = {"$schema": CARD_SCHEMA, "type": "AdaptiveCard", "version": CARD_VERSION, "body": body,
            "msteams": {"width": "Full"}}
    return {"type": "message", "attachments": [{"contentType": CARD_CONTENT_TYPE, "contentUrl": None,
                                                 "content": card}]}


# --- Email -------------------------------------------------------------------------------------


def plain_text(d: Digest) -> str:
    """The plain-text part."""
    p = escape.plain
    lines = [p(d.title), "=" * len(d.title), "", p(d.summary), ""]
    for s in d.sections:
        lines += [p(s.heading), "-" * len(s.heading)]
        if not s.items:
            lines.append(p(s.empty))
        for item in s.items:
            lines.append(f"* {p(item.title)}")
            if item.quote is not None:
                lines.append(f"  {_lang(item) if item.translation else 'Review'}: {p(item.quote, mask=True)}")
            if item.translation:
                lines.append(f"  English: {p(item.translation, mask=True)}")
            lines += [f"  {p(k)}: {p(v)}" for k, v in item.facts]
        if s.more:
            lines.append(_more(s))
        lines.append("")
    lines += ["--", p(d.footer)]
    return "\n".join(lines) + "\n"


STYLE = ("body{font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1f2937;background:#f8fafc;margin:0}"
         ".card{max-width:760px;margin:24px auto;background:#fff;border-radius:10px;padding:24px 28px;"
         "border-top:6px solid #f59e0b}h1{font-size:22px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 8px;"
         "border-bottom:2px solid #fde68a;padding-bottom:4px}.item{margin:12px 0;padding:10px 14px;"
         "background:#fffbeb;border-left:4px solid #f59e0b;border-radius:4px}.title{font-weight:600}"
         ".quote{white-space:pre-wrap;margin-top:6px}.pair{width:100%;border-collapse:collapse;margin-top:6px}"
         ".pair td{vertical-align:top;width:50%;padding:0 8px 0 0;white-space:pre-wrap}"
         ".label{color:#6b7280;font-size:12px;text-transform:uppercase;letter-spacing:.04em}"
         ".facts td{padding:2px 12px 2px 0;vertical-align:top}.muted{color:#6b7280;font-size:13px}")


def html_body(d: Digest) -> str:
    """The HTML part: a standalone page with inline styles."""
    h = escape.html_text
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>{h(d.title)}</title><style>{STYLE}</style></head><body><div class='card'>",
           f"<h1>{h(d.title)}</h1>", f"<p>{h(d.summary)}</p>"]
    for s in d.sections:
        out.append(f"<h2>{h(s.heading)}</h2>")
        if not s.items:
            out.append(f"<p class='muted'>{h(s.empty)}</p>")
        for item in s.items:
            out.append(f"<div class='item'><div class='title'>{h(item.title)}</div>")
            if item.translation:
                out.append(f"<table class='pair'><tr><td><div class='label'>{h(_lang(item))}</div>"
                           f"{h(item.quote or '', mask=True)}</td><td><div class='label'>English</div>"
                           f"{h(item.translation, mask=True)}</td></tr></table>")
            elif item.quote is not None:
                out.append(f"<div class='quote'>{h(item.quote, mask=True)}</div>")
            if item.facts:
                rows = "".join(f"<tr><td class='label'>{h(k)}</td><td>{h(v)}</td></tr>" for k, v in item.facts)
                out.append(f"<table class='facts'>{rows}</table>")
            out.append("</div>")
        if s.more:
            out.append(f"<p class='muted'>{h(_more(s))}</p>")
    out += [f"<p class='muted'>{h(d.footer)}</p>", "</div></body></html>"]
    return "\n".join(out)


def email_message(d: Digest, sender: str, to: str) -> EmailMessage:
    """A multipart/alternative message: plain text first, then HTML."""
    msg = EmailMessage()
    msg["Subject"] = d.title
    msg["From"] = sender
    msg["To"] = to
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or "starboard.local")
    msg["X-Starboard-Digest"] = f"{d.digest} {d.period}"
    msg.set_content(plain_text(d))
    msg.add_alternative(html_body(d), subtype="html")
    return msg
