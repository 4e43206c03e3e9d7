"""What a demo review is: the kinds and naming variants with their odds, the interaction a review
follows, and the Review itself as the Business Profile API returns it."""

from __future__ import annotations

from dataclasses import dataclass, field

from demo.clock import iso
from demo.interactions import Activity

LOCATION = "accounts/104958736521478523690/locations/8147302695532014873"
STARS = {1: "ONE", 2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}
VARIANTS = {
    "first_name": 0.30,
    "preferred_name": 0.14,
    "nickname": 0.11,
    "alias": 0.10,
    "typo": 0.08,
    "accent_missing": 0.10,
    "accent_extra": 0.07,
    "full_name": 0.10,
}
KINDS = {
    "mention": 0.56,
    "generic": 0.09,
    "rating_only": 0.11,
    "multi_agent": 0.04,
    "word_as_word": 0.05,
    "family_member": 0.06,
    "unattributable": 0.09,
}
NAMING_STYLES = (
    *VARIANTS, "possessive", "all_caps", "spanish", "french", "translated", "family_member", "word_as_word",
    "word_name", "rating_only", "unattributable", "low_rating", "multi_agent", "anonymous", "initial_display",
    "other_display", "updated", "reply",
)


@dataclass(frozen=True)
class Recipe:
    """What kind of review to write."""

    kind: str
    variant: str = "first_name"
    language: str | None = None
    stars: int | None = None
    extras: frozenset[str] = frozenset()


@dataclass(slots=True)
class Experience:
    """A person-handled engaged interaction a review may follow."""

    end: int
    account: int
    agent_id: str
    outcome: str
    language: str
    channel: str


@dataclass
class Review:
    """One Google review and its truth."""

    review_id: str
    reviewer: str
    anonymous: bool
    stars: int
    comment: str | None
    created: int
    updated: int
    reply: tuple[str, int] | None
    agents: list[str]
    account: int | None
    styles: set[str] = field(default_factory=set)

    def to_json(self) -> dict:
        """The Business Profile API v4 Review object."""
        out: dict = {
            "name": f"{LOCATION}/reviews/{self.review_id}",
            "reviewId": self.review_id,
            "reviewer": {"displayName": self.reviewer, "isAnonymous": self.anonymous},
            "starRating": STARS[self.stars],
        }
        if self.comment is not None:
            out["comment"] = self.comment
        out["createTime"] = iso(self.created)
        out["updateTime"] = iso(self.updated)
        if self.reply:
            out["reviewReply"] = {"comment": self.reply[0], "updateTime": iso(self.reply[1])}
        return out


def experiences(activity: Activity) -> list[Experience]:
    """Calls with a person on the line and customer-started conversations an agent handled."""
    found = [Experience(c.end, c.account, c.person, c.outcome, c.language, "voice")
             for c in activity.calls if c.talk > 0 and c.person]
    found += [Experience(m.end or m.ts, m.account, m.agent_id, m.outcome, m.language, m.channel)
              for m in activity.messages if m.direction == "inbound" and m.agent_id]
    found.sort(key=lambda e: (e.end, e.account))
    return found
