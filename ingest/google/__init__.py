"""Google Business Profile: OAuth consent, live review sync, Takeout import."""
