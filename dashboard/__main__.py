"""`python -m dashboard [streamlit options]`: serve the dashboard with its read caches warmed as the server starts.

Same as `streamlit run dashboard/app.py [options]`, except that the default views' reads start
at once, in the background, instead of when the first visitor arrives.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

from dashboard import warm

APP = Path(__file__).resolve().parent / "app.py"


def main() -> None:
    """Start the warm-up thread, then Streamlit's own `run` command on the app."""
    warm.start()
    sys.exit(cli.main(["run", str(APP), *sys.argv[1:]], prog_name="streamlit", standalone_mode=True))


if __name__ == "__main__":
    main()
