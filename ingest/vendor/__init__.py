"""Vendor exports (Twilio, Genesys Cloud, Five9, Amazon Connect, Zendesk, or any file with a mapping) loaded as
canonical calls or digital interactions: `spec` reads mapping files, `records` reads the export, `identity`
finds accounts and agents, `engine` builds the canonical cells and hands them to `ingest.loader`."""
