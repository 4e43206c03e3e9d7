"""One module per dashboard page; each runs top to bottom when its page is shown."""
