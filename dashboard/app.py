"""Starboard dashboard entry point: the router, the sign-in gate and the shared filters.

Run from the repository root: `.venv/bin/streamlit run dashboard/app.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import auth, filters  # noqa: E402
from dashboard.nav import pages_for  # noqa: E402


def main() -> None:
    """Resolve who is looking, draw the shared filters, and run the chosen page."""
    st.set_page_config(page_title="Starboard", page_icon=":material/star:", layout="wide")
    identity = auth.current_identity()
    st.session_state[auth.IDENTITY_KEY] = identity
    if identity.viewer is None:
        st.title("Starboard")
        st.info(f"Hello! {identity.email or 'This account'} is not set up for Starboard yet. "
                "If you work in the CX team, ask your manager to check that your work email is on the roster.")
        st.stop()
    with st.sidebar:
        st.caption(f"{identity.name} · {identity.role}")
    nav = st.navigation(pages_for(identity.role))
    st.session_state[filters.SELECTION_KEY] = filters.sidebar(identity.viewer)
    nav.run()


main()
