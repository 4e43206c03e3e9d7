"""Schema, migrations and the one gateway to the database."""
