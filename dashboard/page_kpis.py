"""The KPIs each page asks for: one list per page section, shared by the views, the start-up warm-up
and the page-timing benchmark (no Streamlit import, so benchmarks can read it outside a Streamlit run)."""

BREAKDOWN_KPIS = ("contacts", "conversion_rate", "qa_score", "five_star_reviews", "attribution_coverage",
                  "compliance_rate", "digital_voice_ratio")
TEAM_KPIS = ("qa_score", "contacts", "conversion_rate", "avg_talk_seconds", "five_star_reviews", "resolution_rate")
TEAM_CARDS = ("qa_score", "at_target_share", "five_star_reviews")
REVIEW_CARDS = ("reviews", "avg_rating", "five_star_reviews")
COMPLIANCE_CARDS = ("compliance_rate", "violations_frequency", "violations_post_conversation",
                    "violations_inconvenient_time", "violations_pause")
ME_CARDS = ("contacts", "conversion_rate", "qa_score", "five_star_reviews", "avg_talk_seconds", "resolution_rate")
CHANNEL_CARDS = ("contacts_voice", "contacts_email", "contacts_sms", "contacts_chat", "voice_ai_handoff_rate",
                 "avg_talk_seconds", "median_talk_seconds", "resolution_rate")
