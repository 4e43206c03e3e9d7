"""The floor for benchmarks/dashboard.py: a trivial 5-page Streamlit app with one Plotly chart per page.

Whatever any Streamlit + Plotly app pays (the app shell, the websocket, Plotly's script, one chart)
it pays too; the dashboard's first render is reported as a ratio to this one's, from the same run.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st


def page(number: int) -> None:
    """A title and one line chart of 30 points."""
    st.title(f"Page {number}")
    days = list(range(1, 31))
    st.plotly_chart(go.Figure(go.Scatter(x=days, y=[(d * 7 + number) % 13 for d in days], mode="lines+markers")),
                    key=f"floor_{number}")


st.set_page_config(page_title="Floor", layout="wide")
pages = [st.Page(lambda n=n: page(n), title=f"Page {n}", url_path=f"page{n}") for n in range(1, 6)]
st.navigation(pages).run()
