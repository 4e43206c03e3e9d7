"""Scheduled digests and alerts to Slack, Microsoft Teams and email (`python -m notify`).

Rooms: `periods` (what each digest covers), `digests` (built from metrics readers with the
recipient's scope), `model` and `render` (Block Kit, Adaptive Card, email), `escape` (safe text
per format), `transport` (delivery with retries), `config` (destinations, recipients, secrets),
`sendlog` (once per digest, period and recipient), `send` (the run), `cli`.
"""
