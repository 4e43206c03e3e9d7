"""The one chart + table + CSV download helper every page uses, KPI cards, and drill-down tables."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.labels import VALUES, display, kpi_label, label, value
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
PER_UNIT = ("digital_voice_ratio",)  # ratios of two counts ("3.2 : 1"), not shares
PERCENT_COLUMNS = ("share", "pass_rate", "score_share", "weakest_score_share", "coverage")
SCORE_COLUMNS = ("qa_score", "polarity", "confidence")
COLORS = ["#1f6feb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4", "#84cc16", "#f97316"]


def empty(value: object) -> bool:
    """True for None, NaN and NaT."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def fmt(value: object, unit: str, name: str | None = None) -> str:
    """A KPI value for display in its unit; an empty ratio shows as an em dash.

    Shares show as percentages; `digital_voice_ratio` (a ratio of two counts) as "3.2 : 1".
    """
    if empty(value):
        return "—"
    v = float(value)
    if unit == "ratio" and name in PER_UNIT:
        return f"{v:.1f} : 1"
    if unit == "ratio":
        return f"{v:.1%}"
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
    if unit == "ratio" and name in PER_UNIT:
        return f"{diff:+.1f}"
    if unit == "ratio":
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
            col.metric(kpi_label(name), fmt(now, kpi.unit, name), delta(name, now, before),
                       delta_color="inverse" if kpi.better == "lower" else "normal", help=kpi.description,
                       border=True)


def first_row(frame: pd.DataFrame) -> pd.Series | None:
    """The first row of a frame, or None when it is empty."""
    return frame.iloc[0] if not frame.empty else None


def _axis_unit(axis: object, unit: str | None) -> None:
    """Ticks and hover for an axis of shares (0-100 %), counts (whole numbers) or scores (0-100, one decimal)."""
    if unit == "percent":
        axis.update(tickformat=".0%", hoverformat=".1%", range=[0, 1.02], dtick=0.2, rangemode="tozero")
    elif unit == "count":
        axis.update(tickformat=",d", hoverformat=",d", rangemode="tozero", tick0=0, dtick=None,
                    minallowed=0)
    elif unit == "score":
        axis.update(hoverformat=".1f", range=[0, 102])


def _dates(values: object) -> str | None:
    """`day` when a trace's x values are dates, `month` when they are YYYY-MM strings, else None."""
    try:
        first = next((v for v in values if v is not None), None)
    except TypeError:
        return None
    if isinstance(first, date | pd.Timestamp | np.datetime64):
        return "day"
    if isinstance(first, str) and len(first) == 7 and first[4] == "-" and first[:4].isdigit():
        return "month"
    return None


def _humanise(fig: go.Figure) -> None:
    """Database names in axis and legend titles, trace names and hover text become words."""
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")) and fig.layout[name].title.text:
            fig.layout[name].title.text = label(fig.layout[name].title.text)
    legend = fig.layout.legend.title.text
    if legend:
        fig.layout.legend.title.text = label(legend)
    for trace in fig.data:
        if legend in VALUES and trace.name:
            trace.name = str(value(legend, trace.name))
        elif trace.name and "_" in trace.name:
            trace.name = label(trace.name)
        template = getattr(trace, "hovertemplate", None)
        if template:
            for part in template.replace("<br>", "\n").split("\n"):
                column = part.split("=", 1)[0]
                if "=" in part and column and " " not in column:
                    template = template.replace(f"{column}=", f"{label(column)}: ", 1)
            trace.hovertemplate = template


def style(fig: go.Figure, height: int = 360, *, x: str | None = None, y: str | None = None,
          max_count: float | None = None) -> go.Figure:
    """The house look for every Plotly figure: human titles, units on the axes, dates with their year.

    `x`/`y` name an axis unit: "percent" (shares, 0-100 %), "count" (whole numbers) or "score".
    `max_count` is the largest count shown, so small counts get a tick per unit.
    """
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, colorway=COLORS,
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"side": "left"}},
                      template="none")
    if not fig.layout.height:
        fig.update_layout(height=height)
    fig.update_traces(connectgaps=True, selector={"type": "scatter"})
    _humanise(fig)
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")) and fig.layout[name].title.text:
            fig.layout[name].automargin = True  # room for the axis title (the house margins are narrow)
    _axis_unit(fig.layout.xaxis, x)
    _axis_unit(fig.layout.yaxis, y)
    for name, unit in (("xaxis", x), ("yaxis", y)):
        if unit == "count" and max_count is not None and max_count <= 10:
            fig.layout[name].update(dtick=1)
    xs = [t.x for t in fig.data if getattr(t, "x", None) is not None and t.type != "pie"]
    grains = {_dates(x) for x in xs}
    if grains == {"day"}:
        fig.update_xaxes(tickformat="%-d %b %Y", hoverformat="%a %-d %b %Y")
        days = {pd.Timestamp(v).normalize() for x in xs for v in x if v is not None}
        if len(days) == 1:  # one day alone: a week around it, not milliseconds
            only = next(iter(days))
            fig.update_xaxes(range=[only - pd.Timedelta(days=4), only + pd.Timedelta(days=4)], dtick=86_400_000)
    elif grains == {"month"}:
        fig.update_xaxes(tickformat="%b %Y", hoverformat="%B %Y")
    return fig


def download(frame: pd.DataFrame, name: str, key: str, label: str = "Download CSV") -> None:
    """A CSV download of `frame` with formula-like cells neutralised and contact details masked."""
    st.download_button(label, lambda: to_csv(mask_frame(frame, TEXT_COLUMNS)), file_name=f"{name}.csv",
                       mime="text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore")


def show_detail(row: pd.Series, drill: Drill, key: str, name: str) -> None:
    """The rows behind one frame row, with their own CSV download."""
    title, detail = drill.rows(row)
    st.markdown(f"**{escape_md(title)}**")
    links = {label("open"): st.column_config.LinkColumn(label("open"), display_text="Open")} \
        if "open" in detail.columns else {}
    st.dataframe(display(mask_frame(detail, TEXT_COLUMNS)), hide_index=True, width="stretch", key=f"{key}_drill",
                 column_config={**column_formats(detail), **links})
    download(detail, f"{name}_detail", f"{key}_drill", "Download these rows (CSV)")


def column_formats(frame: pd.DataFrame, extra: dict | None = None) -> dict:
    """Number formats for the shown frame (keyed by the human header): shares as %, scores to one decimal."""
    out: dict = {}
    for col in frame.columns:
        unit = BY_NAME[col].unit if col in BY_NAME else None
        if (unit == "ratio" and col not in PER_UNIT) or col in PERCENT_COLUMNS:
            out[label(col)] = st.column_config.NumberColumn(format="percent")
        elif unit in ("score", "stars") or col in SCORE_COLUMNS or col in PER_UNIT:
            out[label(col)] = st.column_config.NumberColumn(format="%.1f")
        elif unit == "seconds" or col.endswith("_seconds"):
            out[label(col)] = st.column_config.NumberColumn(format="%.0f s")
    out.update({label(k): v for k, v in (extra or {}).items()})
    return out


def table(frame: pd.DataFrame, key: str, drill: Drill | None = None, *, name: str | None = None,
          height: int | None = None, column_config: dict | None = None, hint: bool = True) -> None:
    """A table with its CSV download; selecting a row shows the rows behind it (`drill`) underneath.

    `hint` adds a caption saying so (off when the chart's caption already does).
    """
    shown = display(mask_frame(frame, TEXT_COLUMNS))
    kwargs = {"hide_index": True, "width": "stretch", "column_config": column_formats(frame, column_config)}
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
          heading: bool = True, x: str | None = None, y: str | None = None, max_count: float | None = None,
          empty: bool | None = None, empty_text: str = "No data for this selection.") -> None:
    """A titled chart with a switch to the table of the same rows and a CSV download.

    With a `drill`, clicking a chart point or selecting a table row shows the rows behind it.
    Only the chosen view is built, so a page of charts does not also ship every table to the browser.
    `heading=False` leaves the title to the page (a chart under a switch the page already titled).
    `x`/`y`/`max_count` set the axis units (see `style`); `empty` (default: the frame has no rows)
    shows `empty_text` instead of an empty axis.
    """
    if heading:
        st.subheader(title)
    if drill is not None:
        hint = f"Click a point or bar, or select a table row, for {drill.shows}." if drill.column \
            else f"Select a table row for {drill.shows}."
        caption = f"{caption} {hint}" if caption else hint
    if caption:
        st.caption(caption)
    if frame.empty if empty is None else empty:
        st.info(empty_text)
        return
    view = st.segmented_control("View", VIEWS, default=VIEWS[1] if table_first else VIEWS[0],
                                key=f"{key}_view", label_visibility="collapsed")
    if view == VIEWS[1] or fig is None:
        table(frame, key, drill, column_config=column_config, hint=False)
        return
    config = {"displaylogo": False}
    if drill is None or drill.column is None:
        st.plotly_chart(style(fig, x=x, y=y, max_count=max_count), key=f"{key}_chart", width="stretch",
                        config=config)
    else:
        event = st.plotly_chart(style(fig, x=x, y=y, max_count=max_count), key=f"{key}_chart", width="stretch",
                                config=config, on_select="rerun", selection_mode="points")
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
