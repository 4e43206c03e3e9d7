"""Recognition (everyone): the month's five-star leaderboard, the wall with a shareable digest, and the prize wheel.

One section at a time (a switch, not tabs): only the chosen one is built and sent to the browser,
so the wheel's animation frames load when someone opens the wheel.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, filters
from dashboard.digest import html_digest, markdown_digest
from dashboard.safety import short_name, text_or
from dashboard.wheel_chart import wheel_figure
from metrics.settings import company_timezone

identity = auth.signed_in()
viewer = identity.viewer
sel = filters.current()
month = f"{sel.anchor:%Y-%m}"
month_name = f"{sel.anchor:%B %Y}"

st.title("Recognition")
spans = sel.period.first_day().strftime("%Y-%m") != month
filters.caption(f"{month_name}" + (" (the last month of the period chosen in the sidebar)" if spans else "")
                + " · five-star Google reviews credited to our people, shared with the whole company, and the "
                  "monthly wheel.")

if not data.review_months():
    st.info("No reviews loaded yet.")
    st.stop()

board = data.leaderboard(viewer, month)
wall = data.wall(viewer, month)

SECTIONS = ("Leaderboard", "Wall", "Spin the wheel")
section = st.segmented_control("Show", SECTIONS, default=SECTIONS[0], key="recognition_view",
                               label_visibility="collapsed") or SECTIONS[0]

if section == "Leaderboard":
    top = board.head(20).sort_values("five_star_reviews")
    fig = px.bar(top, x="five_star_reviews", y="full_name", orientation="h", color="team", text="five_star_reviews")
    fig.update_layout(height=max(300, 28 * len(top) + 100))
    fig.update_yaxes(categoryorder="total ascending", title=None, automargin=True)
    fig.update_xaxes(title="Five-star reviews credited")

    def agent_reviews(row: pd.Series) -> tuple[str, pd.DataFrame]:
        """The wall entries of one agent."""
        rows = wall[wall["agent_id"] == row["agent_id"]]
        shown = rows.assign(reviewer=rows["reviewer_name"].map(short_name))
        return f"Five-star reviews for {row['full_name']}", shown[["created_at", "reviewer", "language", "comment"]]

    components.chart(f"Five-star leaderboard · {month_name}", fig, board, "recognition_board",
                     components.Drill(agent_reviews, "full_name", "their five-star reviews"), x="count",
                     max_count=float(board["five_star_reviews"].max()) if not board.empty else None,
                     caption="Credited five-star reviews per person (a review naming two people counts for both).",
                     empty_text=f"No credited five-star reviews in {month_name} yet.")

elif section == "Wall":
    st.subheader(f"Wall of five-star reviews · {month_name}")
    if wall.empty:
        st.info(f"No credited five-star reviews in {month_name} yet.")
    else:
        c1, c2 = st.columns(2)
        c1.download_button("Download digest (HTML)", html_digest(wall, month).encode("utf-8"),
                           file_name=f"five-star-wall-{month}.html", mime="text/html", key="recognition_html")
        c2.download_button("Download digest (Markdown)", markdown_digest(wall, month).encode("utf-8"),
                           file_name=f"five-star-wall-{month}.md", mime="text/markdown", key="recognition_md")
        groups = sorted(wall.groupby("agent_id", sort=False),
                        key=lambda g: (-len(g[1]), str(g[1].iloc[0]["full_name"])))
        cols = st.columns(3)
        for i, (_, rows) in enumerate(groups):
            first = rows.iloc[0]
            with cols[i % 3].container(border=True):
                st.text(f"{first['full_name']} · {first['team'] or ''} · {len(rows)} × ★★★★★")
                for r in rows.itertuples():
                    components.plain(f"“{text_or(r.comment)}” — {short_name(r.reviewer_name)}")

else:
    today = datetime.now(company_timezone()).date()
    weighted = st.toggle("Weight by number of five-star reviews", value=False, key="recognition_weighted",
                         disabled=not viewer.is_leadership)
    pool = data.wheel_entrants(viewer, month, today, weighted)
    past = data.wheel_history(viewer)
    this_month = [d for d in past if d.month == month]
    shown = this_month[0] if this_month else None
    notice = st.session_state.pop("recognition_notice", None)
    if notice:
        st.success(notice)
    if shown is not None:
        labels = data.agent_names(tuple(e.agent_id for e in shown.entrants))
        entrant_names = [labels.get(e.agent_id, e.agent_id) for e in shown.entrants]
        entries = [e.entries for e in shown.entrants]
        ids = [e.agent_id for e in shown.entrants]
        winner = ids.index(shown.winner_agent_id) if shown.winner_agent_id in ids else None
        st.subheader(f"The draw for {month_name} is recorded: press ▶ Spin to reveal the winner")
        st.plotly_chart(wheel_figure(entrant_names, entries, winner), key="recognition_wheel",
                        config={"displaylogo": False})
        with st.expander("Draw record (shows the winner)"):
            recorded, recomputed = data.replay(shown.draw_id)
            replays = "the same winner ✓" if recomputed == recorded.winner_agent_id else "a DIFFERENT winner ✗"
            st.text(f"Winner for {month_name}: {labels.get(shown.winner_agent_id, shown.winner_agent_id)}")
            st.text(f"Draw {shown.draw_id} on {shown.drawn_at:%-d %b %Y %H:%M} UTC by {shown.drawn_by} · seed "
                    f"{shown.seed} · {'weighted' if shown.weighted else 'one entry each'} · replaying the seed "
                    f"and entrants gives {replays}")
            recorded_pool = pd.DataFrame([{"full_name": labels.get(e.agent_id, e.agent_id),
                                           "five_star_reviews": e.five_star_reviews, "entries": e.entries,
                                           "agent_id": e.agent_id} for e in shown.entrants])
            components.table(recorded_pool, "recognition_recorded", name=f"wheel-entrants-{month}")
    elif pool.empty:
        st.info(f"Nobody has a credited five-star review in {month_name} yet, so there is no draw.")
    else:
        st.subheader(f"{len(pool)} entrants for {month_name}")
        st.plotly_chart(wheel_figure(list(pool["full_name"]), list(pool["entries"]), None), key="recognition_wheel",
                        config={"displaylogo": False})
        components.table(pool, "recognition_pool", name=f"wheel-entrants-{month}")
    if viewer.is_leadership and not pool.empty:
        again = st.checkbox("Draw again (this month already has a draw)", key="recognition_again") if shown else True
        if st.button("Spin and record the draw", type="primary", key="recognition_spin", disabled=not again):
            result = data.draw(viewer, month, weighted, identity.email)
            st.session_state["recognition_notice"] = (f"Draw recorded with seed {result.seed}: press ▶ Spin on the "
                                                      "wheel to reveal the winner.")
            st.rerun()
    st.subheader("Past winners")
    earlier = [d for d in past if d.month != month]
    if not earlier:
        st.info("No draws recorded for earlier months yet.")
    else:
        winners = data.agent_names(tuple(d.winner_agent_id for d in earlier if d.winner_agent_id))
        history = pd.DataFrame([{"month": d.month, "winner": winners.get(d.winner_agent_id, d.winner_agent_id),
                                 "entrants": len(d.entrants), "weighted": d.weighted, "drawn_at": d.drawn_at,
                                 "drawn_by": d.drawn_by, "seed": d.seed, "draw_id": d.draw_id} for d in earlier])
        components.table(history, "recognition_history", name="wheel-history")
