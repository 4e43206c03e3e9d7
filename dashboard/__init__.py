"""The Starboard Streamlit dashboard: router and frame in app.py, one page per file in views/."""
