"""The one chart + table + CSV download helper every page uses, KPI cards, and drill-down tables."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.safety import mask_frame, to_csv
from metrics.definitions import BY_NAME


@dataclass(frozen=True)
class Drill:
    """How to show the rows behind one row of a figure.

    `rows` maps a frame row to a title and the detail rows. `column` is the frame column a chart
    point names (its x or y category), so clicking a point drills down too; None limits the drill
    to selecting table rows (a chart of counts whose bars are not single rows). `shows` says what
    the reader gets, for the hint under the title.
    """

    rows: Callable[[pd.Series], tuple[str, pd.DataFrame]]
    column: str | None = None
    shows: str = "the rows behind it"
TEXT_COLUMNS = ("comment", "comment_translation", "evidence", "value", "note", "detail", "message", "text")
VIEWS = ("Chart", "Table")
COLORS = ["#1f6feb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4", "#84cc16", "#f97316"]


def empty(value: object) -> bool:
    """True for None, NaN and NaT."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def fmt(value: object, unit: str) -> str:
    """A KPI value for display in its unit; an empty ratio shows as an em dash."""
    if empty(value):
        return "—"
    v = float(value)
    if unit == "ratio":
        return f"{v:.1%}" if abs(v) <= 1.5 else f"{v:.1f} : 1"
    if unit == "seconds":
        return f"{int(v) // 60}:{int(v) % 60:02d}"
    if unit == "score":
        return f"{v:.1f}"
    if unit == "stars":
        return f"{v:.2f} ★"
    return f"{v:,.0f}"


def delta(name: str, now: object, before: object) -> str | None:
    """Change vs the previous period: points for ratios and scores, percent for counts."""
    if empty(now) or empty(before):
        return None
    unit = BY_NAME[name].unit if name in BY_NAME else "count"
    diff = float(now) - float(before)
    if unit == "ratio" and abs(float(now)) <= 1.5:
        return f"{diff * 100:+.1f} pts"
    if unit in ("score", "stars"):
        return f"{diff:+.2f}"
    if unit == "seconds":
        return f"{diff:+.0f} s"
    if not float(before):
        return None
    return f"{diff / float(before):+.1%}"


def kpi_cards(current: pd.Series | dict, previous: pd.Series | dict | None, names: Sequence[str],
              per_row: int = 4) -> None:
    """One `st.metric` per KPI with its label, description as help, and change vs the previous period."""
    for start in range(0, len(names), per_row):
        cols = st.columns(per_row)
        for col, name in zip(cols, names[start : start + per_row], strict=False):
            kpi = BY_NAME[name]
            now = current.get(name) if current is not None else None
            before = previous.get(name) if previous is not None else None
            col.metric(kpi.label, fmt(now, kpi.unit), delta(name, now, before),
                       delta_color="inverse" if kpi.better == "lower" else "normal", help=kpi.description,
                       border=True)


def first_row(frame: pd.DataFrame) -> pd.Series | None:
    """The first row of a frame, or None when it is empty."""
    return frame.iloc[0] if not frame.empty else None


def style(fig: go.Figure, height: int = 360) -> go.Figure:
    """The house look for every Plotly figure."""
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, colorway=COLORS,
                      legend={"orientation": "h", "y": -0.15}, template="none")
    fig.update_traces(connectgaps=True, selector={"type": "scatter"})
    return fig


def download(frame: pd.DataFrame, name: str, key: str, label: str = "Download CSV") -> None:
    """A CSV download of `frame` with formula-like cells neutralised and contact details masked."""
    st.download_button(label, lambda: to_csv(mask_frame(frame, TEXT_COLUMNS)), file_name=f"{name}.csv",
                       mime="text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore")


def show_detail(row: pd.Series, drill: Drill, key: str, name: str) -> None:
    """The rows behind one frame row, with their own CSV download."""
    title, detail = drill.rows(row)
    st.markdown(f"**{escape_md(title)}**")
    links = {"open": st.column_config.LinkColumn("open", display_text="Open")} if "open" in detail.columns else None
    st.dataframe(mask_frame(detail, TEXT_COLUMNS), hide_index=True, width="stretch", key=f"{key}_drill",
                 column_config=links)
    download(detail, f"{name}_detail", f"{key}_drill", "Download these rows (CSV)")


def table(frame: pd.DataFrame, key: str, drill: Drill | None = None, *, name: str | None = None,
          height: int | None = None, column_config: dict | None = None, hint: bool = True) -> None:
    """A table with its CSV download; selecting a row shows the rows behind it (`drill`) underneath.

    `hint` adds a caption saying so (off when the chart's caption already does).
    """
    shown = mask_frame(frame, TEXT_COLUMNS)
    kwargs = {"hide_index": True, "width": "stretch", "column_config": column_config}
    if height:
        kwargs["height"] = height
    if drill is None or frame.empty:
        st.dataframe(shown, key=f"{key}_table", **kwargs)
    else:
        event = st.dataframe(shown, key=f"{key}_table", on_select="rerun", selection_mode="single-row", **kwargs)
        if hint:
            st.caption(f"Select a row for {drill.shows}.")
        rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
        if rows and rows[0] < len(frame):
            show_detail(frame.iloc[rows[0]], drill, key, name or key)
    download(frame, name or key, key)


def _point_key(value: object, dates: bool) -> object:
    """A comparable form of a frame value or of a chart point's coordinate."""
    if empty(value):
        return None
    if dates:
        try:
            return pd.Timestamp(value).normalize()
        except (TypeError, ValueError):
            return None
    return str(value)


def point_row(frame: pd.DataFrame, column: str, points: Sequence[dict]) -> pd.Series | None:
    """The frame row a clicked chart point stands for: the first point whose x or y is a value of `column`."""
    if column not in frame.columns or not points:
        return None
    values = frame[column]
    dates = pd.api.types.is_datetime64_any_dtype(values) or any(isinstance(v, date) for v in values.head(5))
    keys = [_point_key(v, dates) for v in values]
    for point in points:
        for axis in ("x", "y"):
            wanted = _point_key(point.get(axis), dates)
            if wanted is not None and wanted in keys:
                return frame.iloc[keys.index(wanted)]
    return None


def chart(title: str, fig: go.Figure | None, frame: pd.DataFrame, key: str, drill: Drill | None = None,
          *, caption: str | None = None, column_config: dict | None = None, table_first: bool = False,
          heading: bool = True) -> None:
    """A titled chart with a switch to the table of the same rows and a CSV download.

    With a `drill`, clicking a chart point or selecting a table row shows the rows behind it.
    Only the chosen view is built, so a page of charts does not also ship every table to the browser.
    `heading=False` leaves the title to the page (a chart under a switch the page already titled).
    """
    if heading:
        st.subheader(title)
    if drill is not None:
        hint = f"Click a point or bar, or select a table row, for {drill.shows}." if drill.column \
            else f"Select a table row for {drill.shows}."
        caption = f"{caption} {hint}" if caption else hint
    if caption:
        st.caption(caption)
    if frame.empty:
        st.info("No data for this selection.")
        return
    view = st.segmented_control("View", VIEWS, default=VIEWS[1] if table_first else VIEWS[0],
                                key=f"{key}_view", label_visibility="collapsed")
    if view == VIEWS[1] or fig is None:
        table(frame, key, drill, column_config=column_config, hint=False)
        return
    config = {"displaylogo": False}
    if drill is None or drill.column is None:
        st.plotly_chart(style(fig), key=f"{key}_chart", width="stretch", config=config)
    else:
        event = st.plotly_chart(style(fig), key=f"{key}_chart", width="stretch", config=config,
                                on_select="rerun", selection_mode="points")
        points = event.selection.points if event is not None and hasattr(event, "selection") else []
        row = point_row(frame, drill.column, points)
        if row is not None:
            show_detail(row, drill, key, key)
    download(frame, key, key)


def escape_md(text: str) -> str:
    """Markdown-escape a label we compose (never user text, which is shown with `st.text`)."""
    for ch in "\\`*_[]<>#|$~":
        text = text.replace(ch, "\\" + ch)
    return text


def plain(text: object) -> None:
    """User-written text (reviews, notes) shown as plain text: never HTML, never markdown."""
    st.text("" if empty(text) else str(text))
