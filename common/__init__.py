"""The lowest layer: small helpers with no Starboard imports, usable by every other package."""
