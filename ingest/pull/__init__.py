"""Incremental pulls from vendor APIs (`twilio`, `zendesk`): each stored batch goes through the vendor mapping
and the canonical loader, and its bookmark moves in the same transaction, so an interrupted pull resumes
where the last committed batch ended (nothing lost; records fetched twice upsert unchanged)."""
