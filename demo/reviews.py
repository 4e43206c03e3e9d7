"""Google reviews that name agents the way customers do, and the truth of who each review is about.

A review follows a real person-handled engaged interaction of the reviewer's account (within 14
days) and credits that agent; reviews prompted by no person (strangers, website, automated texts)
have no true agent. Each review carries `styles` labels so tests can check every naming habit occurs.
"""

from __future__ import annotations

import base64
import random
import re
from collections import defaultdict
from collections.abc import Callable

from demo import names, phrases
from demo.accounts import POPULATIONS, Account, Customer
from demo.clock import DAY, WINDOW_END, WINDOW_START
from demo.interactions import HOUR, Activity, Message
from demo.names import EXTRA_ACCENTS, WORD_DECOYS, diminutives, has_accents, strip_accents, typo
from demo.review_kinds import KINDS, VARIANTS, Experience, Recipe, Review, experiences
from demo.roster import Agent
from demo.staffing import AgentPicker

_GENDERED = re.compile(r"\[\[([^|\]]*)\|([^\]]*)\]\]")


def _fill(template: str, gender: str, **values: str) -> str:
    """Pick `[[masculine|feminine]]` forms, then fill the `{slots}`."""
    return _GENDERED.sub(lambda m: m.group(1 if gender == "m" else 2), template).format(**values)


def _once(template: str | tuple[str, str], short: str) -> str | tuple[str, str]:
    """Write a long name in full once, then as people do: `Thank you Shawn!` rather than the full name again."""
    if isinstance(template, tuple):
        return _once(template[0], short), _once(template[1], short)
    head, sep, tail = template.partition("{name}")
    return head + sep + tail.replace("{name}", short)


class ReviewMaker:
    """Writes reviews one recipe at a time, never two from the same customer."""

    def __init__(self, rng: random.Random, agents: list[Agent], customers: list[Customer],
                 accounts: list[Account], activity: Activity, picker: AgentPicker):
        self.rng, self.customers, self.accounts, self.activity, self.picker = (
            rng, customers, accounts, activity, picker)
        self.agents = {a.agent_id: a for a in agents}
        self.used: set[int] = set()
        pool = [e for e in experiences(activity) if e.end < WINDOW_END - DAY]
        keyed = [(rng.random() ** (1 / self._appeal(e)), n) for n, e in enumerate(pool)]
        keyed.sort(reverse=True)
        self.pool = [pool[n] for _, n in keyed]
        self.contacts: dict[int, list[Experience]] = defaultdict(list)
        for e in pool:
            self.contacts[e.account].append(e)
        served = {accounts[e.account].customer for e in pool}
        self.last_contact: dict[int, int] = defaultdict(int)
        for m in activity.messages:
            self.last_contact[m.account] = max(self.last_contact[m.account], m.ts)
        self.unserved = [i for i in sorted(self.last_contact) if accounts[i].customer not in served]
        rng.shuffle(self.unserved)

    def _appeal(self, e: Experience) -> float:
        good = e.outcome in ("payment_plan_created", "plan_restarted", "paid_in_full", "hardship_support",
                             "payment_made")
        return self.agents[e.agent_id].charm * (3.0 if good else 0.8)

    def plan(self, count: int) -> list[Recipe]:
        """A few of every style first (so even a small set shows them all), then a realistic mix."""
        rng = self.rng
        must = [Recipe("mention", v) for v in VARIANTS]
        must += [
            Recipe("mention", "first_name", extras=frozenset({"possessive"})),
            Recipe("mention", "preferred_name", extras=frozenset({"all_caps"})),
            Recipe("mention", "first_name", "es"),
            Recipe("mention", "first_name", "fr"),
            Recipe("mention", "preferred_name", "es", extras=frozenset({"translated"})),
            Recipe("mention", "first_name", "fr", extras=frozenset({"translated"})),
            Recipe("mention", "first_name", stars=2),
            Recipe("mention", "first_name", stars=3),
        ]
        must += [Recipe(k) for k in KINDS if k != "mention"]
        recipes = must * 2
        while len(recipes) < count:
            kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            variant = rng.choices(list(VARIANTS), weights=list(VARIANTS.values()))[0]
            extras = set()
            if rng.random() < 0.12:
                extras.add("possessive")
            if rng.random() < 0.03:
                extras.add("all_caps")
            recipes.append(Recipe(kind, variant, extras=frozenset(extras)))
        recipes = recipes[:count]
        rng.shuffle(recipes)
        return recipes

    def make(self, count: int) -> list[Review]:
        """`count` reviews, newest first."""
        reviews = []
        for recipe in self.plan(count):
            review = self._unattributable(recipe) if recipe.kind == "unattributable" else self._about(recipe)
            if review is None:
                review = self._about(Recipe("mention"))
            if review is not None:
                reviews.append(review)
        reviews.sort(key=lambda r: (r.updated, r.review_id), reverse=True)
        return reviews

    # --- naming -------------------------------------------------------------------------------------

    def spoken(self, agent: Agent, variant: str) -> str | None:
        """The agent's name written the `variant` way, or None when that habit cannot apply."""
        called, first = agent.called, agent.first_name
        if variant == "first_name":
            return first if not agent.preferred_name or agent.preferred_name == agent.given else None
        if variant == "preferred_name":
            return agent.preferred_name if agent.preferred_name and agent.preferred_name != agent.given else None
        if variant == "alias":
            return self.rng.choice(agent.aliases) if agent.aliases else None
        if variant == "nickname":
            known = {called, agent.given, first, *agent.aliases}
            options = [d for d in diminutives(first) if d not in known]
            return self.rng.choice(options) if options else None
        if variant == "typo":
            return typo(called) if len(called) >= 5 or called in names.TYPOS else None
        if variant == "accent_missing":
            return strip_accents(called) if has_accents(called) else None
        if variant == "accent_extra":
            for key in (called, first, f"{first} {self._surname(agent)}"):
                if key in EXTRA_ACCENTS:
                    return EXTRA_ACCENTS[key]
            return None
        if variant == "full_name":
            return f"{called} {self._surname(agent)}"
        raise ValueError(variant)

    @staticmethod
    def _surname(agent: Agent) -> str:
        parts = agent.full_name.split()
        return parts[0] if agent.given == parts[-1] and len(parts) == 3 else parts[-1]

    # --- choosing what to review --------------------------------------------------------------------

    def _experience(self, recipe: Recipe, test: Callable[[Agent], bool]) -> tuple[Experience, int] | None:
        rng = self.rng
        for e in self.pool:
            customer = self.accounts[e.account].customer
            if customer in self.used or (recipe.language and e.language != recipe.language):
                continue
            if not test(self.agents[e.agent_id]):
                continue
            r = rng.random()
            delay = rng.uniform(0.1, 24) if r < 0.55 else rng.uniform(24, 120) if r < 0.87 else rng.uniform(120, 330)
            if recipe.kind == "multi_agent":
                delay = rng.uniform(30, 300)
            created = e.end + int(delay * HOUR)
            if created >= WINDOW_END - HOUR or any(
                    o.agent_id != e.agent_id and e.end < o.end <= created for o in self.contacts[e.account]):
                continue
            self.used.add(customer)
            return e, created
        return None

    def _about(self, recipe: Recipe) -> Review | None:
        rng = self.rng
        variant = recipe.variant if recipe.kind in ("mention", "multi_agent") else "first_name"
        if recipe.kind in ("mention", "word_as_word", "family_member", "multi_agent"):
            def test(a: Agent) -> bool:
                return self.spoken(a, variant) is not None and (
                    recipe.kind != "word_as_word" or a.called not in WORD_DECOYS)
        else:
            def test(a: Agent) -> bool:
                return True
        found = self._experience(recipe, test)
        if found is None:
            return None
        e, created = found
        agent = self.agents[e.agent_id]
        styles: set[str] = {recipe.kind} if recipe.kind != "mention" else set()
        language = recipe.language or self._language(e.language)
        if recipe.extras & {"possessive", "all_caps"} or recipe.kind == "word_as_word":
            language = "en"
        stars = recipe.stars or rng.choices((5, 4, 3, 2, 1), weights=(0.83, 0.08, 0.03, 0.02, 0.04))[0]
        if recipe.kind in ("generic", "word_as_word", "family_member", "multi_agent") and stars < 4:
            stars = 5
        name = self.spoken(agent, variant) or agent.called
        if recipe.kind in ("mention", "multi_agent", "word_as_word"):
            styles.add(variant)
        if name in WORD_DECOYS and recipe.kind != "word_as_word":
            styles.add("word_name")
        agents = [agent.agent_id]
        values = {"name": name}
        if recipe.kind == "multi_agent":
            second = self._second_agent(e, created)
            if second is None:
                return None
            agents.append(second.agent_id)
            values["name2"] = second.called
        comment = self._comment(recipe, e, agent, language, stars, values, styles)
        reviewer, anonymous = self._reviewer(e, styles, values)
        return self._finish(reviewer, anonymous, stars, comment, created, agents, e.account, styles, agent.called,
                            language)

    def _language(self, spoken: str) -> str:
        if spoken == "es":
            return "es" if self.rng.random() < 0.7 else "en"
        if spoken == "fr":
            return "fr" if self.rng.random() < 0.8 else "en"
        return "en"

    def _second_agent(self, e: Experience, created: int) -> Agent | None:
        """Plant a chat with a second agent between the reviewed interaction and the review."""
        rng = self.rng
        ts = e.end + int(rng.uniform(0.2, 0.8) * (created - e.end))
        for _ in range(10):
            other = self.picker.pick(rng, ts, e.language, "digital")
            if other and other.agent_id != e.agent_id:
                end = min(ts + rng.randrange(300, 1500), created - 60)
                self.activity.messages.append(
                    Message(ts, end, e.account, "chat", "inbound", other.agent_id, "payment_plan_created", e.language))
                return other
        return None

    # --- text ---------------------------------------------------------------------------------------

    def _comment(self, recipe: Recipe, e: Experience, agent: Agent, language: str, stars: int,
                 values: dict[str, str], styles: set[str]) -> str | None:
        rng = self.rng
        if recipe.kind == "rating_only":
            return None
        kind = {"mention": "name", "multi_agent": "multi", "generic": "generic", "family_member": "family",
                "word_as_word": "name"}[recipe.kind]
        if recipe.kind == "mention":
            if stars <= 2:
                kind = "negative_name"
            elif stars == 3:
                kind = "mixed_name"
            elif "possessive" in recipe.extras:
                kind = "possessive"
        if recipe.kind == "family_member":
            kind = "family" if rng.random() < 0.65 else "family_noname"
            values.update(self._relative(e, language))
        table = {"en": phrases.EN, "es": phrases.ES, "fr": phrases.FR}[language]
        if kind == "name" and language == "en":
            options = [*table["name"], *phrases.EN.get(f"name_{e.channel}", ()),
                       *phrases.EN.get(f"name_{e.outcome}", ())]
        else:
            options = list(table.get(kind) or phrases.EN[kind])
            if kind not in table:
                language = "en"
        chosen = rng.choice(options)
        if kind == "possessive":
            styles.add("possessive")
        if values["name"].count(" ") and rng.random() < 0.8:
            chosen = _once(chosen, agent.called)
        if language == "en":
            text = _fill(chosen, agent.gender, **values)
        else:
            styles.add("spanish" if language == "es" else "french")
            original = _fill(chosen[0], agent.gender, **values)
            if "translated" in recipe.extras or rng.random() < 0.45:
                styles.add("translated")
                english = _fill(chosen[1], agent.gender, **values)
                text = f"(Translated by Google) {english}\n\n(Original)\n{original}"
            else:
                text = original
        if recipe.kind == "word_as_word":
            word = rng.choice(sorted(w for w in WORD_DECOYS if w != agent.called))
            decoy = rng.choice(WORD_DECOYS[word])
            text = f"{text} {decoy}" if rng.random() < 0.6 else decoy
        if "all_caps" in recipe.extras:
            styles.add("all_caps")
            text = text.upper().rstrip(".!") + "!!!"
        return text

    def _relative(self, e: Experience, language: str) -> dict[str, str]:
        """A family member named in the review: often the account holder themself, written by a spouse."""
        rng = self.rng
        holder = self.customers[self.accounts[e.account].customer]
        if rng.random() < 0.5:
            gender = "m" if holder.gender == "m" else "f"
            relation = phrases.RELATIONS[gender][0]
            fam = holder.first
            writer = "spouse"
        else:
            gender = rng.choice("mf")
            relation = rng.choice(phrases.RELATIONS[gender])
            namesakes = sorted({a.first_name for a in self.agents.values() if a.gender == gender})
            pool = names.EN_MALE if gender == "m" else names.EN_FEMALE
            fam = rng.choice(namesakes) if rng.random() < 0.5 else rng.choice(pool)
            writer = "holder"
        index = {"en": 0, "es": 1, "fr": 2}[language]
        return {"fam": fam, "rel": relation[index], "rel_en": relation[0], "writer": writer}

    def _reviewer(self, e: Experience, styles: set[str], values: dict[str, str]) -> tuple[str, bool]:
        rng = self.rng
        holder = self.customers[self.accounts[e.account].customer]
        if values.get("writer") == "spouse":
            _, female, male, _ = POPULATIONS[holder.population]
            pool = female if holder.gender == "m" else male
            styles.add("other_display")
            return f"{rng.choice(pool)} {holder.last}", False
        r = rng.random()
        if r < 0.04:
            styles.add("anonymous")
            return "A Google User", True
        if r < 0.62:
            return holder.name, False
        if r < 0.84:
            styles.add("initial_display")
            last = holder.last if holder.population != "vietnamese" else holder.first
            first = holder.first if holder.population != "vietnamese" else holder.last
            return f"{first} {last[0]}.", False
        styles.add("other_display")
        short = diminutives(holder.first)
        if short:
            return f"{short[0]} {strip_accents(holder.last)}", False
        return f"{strip_accents(holder.first).lower()}.{holder.last[0].lower()}{rng.randrange(70, 99)}", False

    def _unattributable(self, recipe: Recipe) -> Review | None:
        """A review no agent earned: a stranger, an anonymous rant, or a customer who only met automation."""
        rng = self.rng
        styles = {"unattributable"}
        r = rng.random()
        account = None
        created = rng.randrange(WINDOW_START + DAY, WINDOW_END - DAY)
        if r < 0.4 and self.unserved:
            account = self.unserved.pop()
            customer = self.accounts[account].customer
            if customer in self.used:
                return None
            self.used.add(customer)
            created = self.last_contact[account] + rng.randrange(HOUR, 5 * DAY)
            if created >= WINDOW_END - HOUR:
                created = rng.randrange(WINDOW_START + DAY, WINDOW_END - DAY)
            reviewer, anonymous = self.customers[customer].name, False
            stars = 5 if rng.random() < 0.6 else 1
        elif r < 0.75:
            pool = rng.choice((names.EN_FEMALE, names.EN_MALE, names.ES_FEMALE, names.ES_MALE))
            reviewer, anonymous = f"{rng.choice(pool)} {rng.choice(names.EN_LAST + names.ES_LAST)}", False
            stars = 1 if rng.random() < 0.55 else 5
        else:
            styles.add("anonymous")
            reviewer, anonymous = "A Google User", True
            stars = 1 if rng.random() < 0.8 else 2
        if rng.random() < 0.15:
            comment = None
            styles.add("rating_only")
        elif stars >= 4:
            comment = rng.choice(phrases.EN["stranger_positive"])
        else:
            comment = rng.choice(phrases.EN["negative"])
        return self._finish(reviewer, anonymous, stars, comment, created, [], account, styles, "", "en")

    def _finish(self, reviewer: str, anonymous: bool, stars: int, comment: str | None, created: int,
                agents: list[str], account: int | None, styles: set[str], agent_name: str,
                language: str) -> Review:
        rng = self.rng
        updated = created
        if rng.random() < 0.1 and created + 2 * DAY < WINDOW_END:
            updated = created + rng.randrange(DAY, min(40 * DAY, WINDOW_END - created - DAY))
            styles.add("updated")
            if comment and agent_name and stars >= 4 and language == "en" and rng.random() < 0.5:
                comment = f"{comment}\n\n{rng.choice(phrases.UPDATES)}"
        reply = None
        if rng.random() < (0.8 if stars <= 2 else 0.4):
            first = reviewer.split()[0] if not anonymous else "there"
            if stars <= 2:
                text = rng.choice(phrases.REPLIES["negative"])
            else:
                text = rng.choice(phrases.REPLIES.get(language, phrases.REPLIES["en"]) if agent_name
                                  else phrases.REPLIES["en"][1:])
            reply = (text.format(reviewer=first, agent=agent_name or "the team"),
                     min(updated + rng.randrange(2 * HOUR, 3 * DAY), WINDOW_END - 1))
            styles.add("reply")
        if stars < 5:
            styles.add("low_rating")
        review_id = "AbFvOq" + base64.urlsafe_b64encode(rng.randbytes(27)).decode()
        return Review(review_id, reviewer, anonymous, stars, comment, created, updated, reply, agents, account,
                      styles)
