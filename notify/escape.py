"""Making untrusted text safe for each format: Slack mrkdwn, Teams card markdown, HTML and plain text.

All formats first `neutralise`: contact details masked (`common.masking`), links defanged
(`https[:]//evil[.]com`: no client turns them into links) and mass mentions broken
(`@here`, `@channel`, `@everyone` get a zero-width space). Then each format escapes its own
syntax: Slack's `&`, `<`, `>` (so `<!channel>`, `<@U1>` and `<url|text>` are shown as typed),
Teams' markdown link and emphasis characters (`[ ] * _ ~ \\` and backticks), HTML's `& < > " '`.
"""

from __future__ import annotations

import html
import re

from common.masking import mask_text

ZWSP = "\u200b"
SCHEME = re.compile(r"\b(https?|ftp|mailto|tel|sms|file|javascript|data|slack|msteams):", re.IGNORECASE)
DOMAIN = re.compile(r"\b((?:[a-z0-9-]+\.)*[a-z0-9-]+)\.([a-z]{2,24})\b", re.IGNORECASE)
MENTION = re.compile(r"@(here|channel|everyone|all|team)\b", re.IGNORECASE)
TEAMS_MARKDOWN = re.compile(r"([\\`*_\[\]~])")


def _defang_domain(m: re.Match[str]) -> str:
    host, tld = m.group(1), m.group(2)
    if not any(c.isalpha() for c in host):
        return m.group(0)
    return f"{host}[.]{tld}"


def neutralise(text: str, mask: bool = True) -> str:
    """`text` with contact details masked (`mask`), links defanged and mass mentions broken."""
    text = str(mask_text(text)) if mask else text
    text = SCHEME.sub(lambda m: f"{m.group(1)}[:]", text)
    text = DOMAIN.sub(_defang_domain, text)
    return MENTION.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)


def slack(text: str, mask: bool = False) -> str:
    """Text for a Slack mrkdwn field: neutralised, with `&`, `<`, `>` escaped as Slack asks."""
    text = neutralise(text, mask)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def teams(text: str, mask: bool = False) -> str:
    """Text for an Adaptive Card TextBlock: neutralised, markdown characters backslash-escaped."""
    return TEAMS_MARKDOWN.sub(r"\\\1", neutralise(text, mask))


def html_text(text: str, mask: bool = False) -> str:
    """Text for HTML: neutralised and HTML-escaped."""
    return html.escape(neutralise(text, mask), quote=True)


def plain(text: str, mask: bool = False) -> str:
    """Text for the plain-text email part: neutralised."""
    return neutralise(text, mask)
