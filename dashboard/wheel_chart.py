"""The prize wheel as an animated Plotly pie: the Spin button turns it, it stops on the recorded winner, and only
then does the winner's name appear (the first paint shows the wheel at rest, nobody singled out)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.components import COLORS

SPINS = 5
FRAMES = 48
FRAME_MS = 45


def stop_angle(entries: list[int], index: int) -> float:
    """The pie rotation (degrees, clockwise slices) that puts slice `index`'s centre under the pointer at 12 o'clock."""
    total = sum(entries)
    start = 360.0 * sum(entries[:index]) / total
    centre = start + 180.0 * entries[index] / total
    return (-centre) % 360.0


def wheel_figure(names: list[str], entries: list[int], winner_index: int | None, height: int = 460) -> go.Figure:
    """The wheel with one slice per entrant (sized by entries) and a Spin animation that ends on the winner.

    Nothing on the first paint tells who won: the last frame of the spin pulls the winner's slice
    out and writes their name.
    """
    final = stop_angle(entries, winner_index) if winner_index is not None and entries else 0.0
    colors = [COLORS[i % len(COLORS)] for i in range(len(names))]
    pointer = {"text": "▼", "x": 0.5, "y": 1.07, "xref": "paper", "yref": "paper", "showarrow": False,
               "font": {"size": 30, "color": "#111827"}}
    reveal = {"text": f"Winner: {names[winner_index]}" if winner_index is not None else "", "x": 0.5, "y": -0.06,
              "xref": "paper", "yref": "paper", "showarrow": False, "font": {"size": 22, "color": "#111827"}}

    def pie(rotation: float, pull: list[float] | None = None) -> go.Pie:
        return go.Pie(labels=names, values=entries, sort=False, direction="clockwise", rotation=rotation % 360,
                      textinfo="label", textposition="inside", insidetextorientation="radial", hole=0.18,
                      marker={"colors": colors, "line": {"color": "white", "width": 2}},
                      pull=pull or [0] * len(names),
                      hovertemplate="%{label}: %{value} entr%{customdata}<extra></extra>",
                      customdata=["y" if e == 1 else "ies" for e in entries], showlegend=False)

    travel = 360.0 * SPINS + final
    frames = []
    for k in range(FRAMES + 1):
        t = k / FRAMES
        eased = 1 - (1 - t) ** 3
        frames.append(go.Frame(data=[pie(travel * eased)], name=str(k)))
    if winner_index is not None:
        won = [0.08 if i == winner_index else 0 for i in range(len(names))]
        frames.append(go.Frame(data=[pie(travel, won)], layout={"annotations": [pointer, reveal]},
                               name="reveal"))
    fig = go.Figure(data=[pie(0.0)], frames=frames)
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 40, "b": 40},
        annotations=[pointer],
        updatemenus=[{
            "type": "buttons", "showactive": False, "x": 0.0, "y": 1.08, "xanchor": "left",
            "buttons": [{"label": "▶ Spin", "method": "animate",
                         "args": [None, {"frame": {"duration": FRAME_MS, "redraw": True},
                                         "transition": {"duration": 0}, "fromcurrent": False, "mode": "immediate"}]}],
        }],
    )
    return fig
