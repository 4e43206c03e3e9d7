"""Text signals of a review: language, TextBlob polarity/subjectivity, and star/text disagreement."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textblob.en import sentiment as pattern_sentiment

from ingest.attribution.names import fold

_WORDS = re.compile(r"[^\W\d_]+")
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and was were is to of for with my me she he they you very great thank thanks helpful "
                    "it i this that not have had".split()),
    "es": frozenset("el la los las de que y muy con por para una un es fue me mi gracias su pero lo del al se "
                    "atencion excelente".split()),
    "fr": frozenset("le la les des et est tres avec pour une un du je mon ma merci mais pas au qui nous vous "
                    "etait tout".split()),
    "pt": frozenset("o os da do das dos e muito com para uma um foi obrigado obrigada nao em meu minha voce "
                    "atendimento".split()),
    "de": frozenset("der die das und ist sehr mit fur ein eine ich nicht war danke auch sie wir zu".split()),
    "it": frozenset("il lo gli della che e molto con per una un sono grazie non mi ho era anche".split()),
}


@dataclass(frozen=True)
class Signals:
    """Language, polarity (-1..1), subjectivity (0..1) and the star/text mismatch flag."""

    language: str | None
    polarity: float | None
    subjectivity: float | None
    is_mismatch: bool | None


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code by stop-word votes (cheap and good enough for reviews); None when unsure."""
    if not text:
        return None
    words = [fold(w) for w in _WORDS.findall(text)]
    if not words:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best == 0:
        return "en" if all(w.isascii() for w in words) and len(words) <= 3 else None
    return lang


def text_signals(
    original: str | None,
    translation: str | None,
    stars: int | None,
    known_language: str | None = None,
    *,
    high_stars_max_polarity: float = -0.25,
    low_stars_min_polarity: float = 0.4,
) -> Signals:
    """Signals for one review; sentiment is read from the English text (the translation when there is one)."""
    language = known_language or detect_language(original)
    english = translation if translation else (original if language in (None, "en") else None)
    if not english or not english.strip():
        return Signals(language, None, None, None)
    # TextBlob's default analyser, called directly: TextBlob(text).sentiment builds a namedtuple class per call.
    raw_polarity, raw_subjectivity = pattern_sentiment(english)
    polarity, subjectivity = round(float(raw_polarity), 4), round(float(raw_subjectivity), 4)
    mismatch = None
    if stars is not None and len(_WORDS.findall(english)) >= 3:
        mismatch = (stars >= 4 and polarity <= high_stars_max_polarity) or (
            stars <= 2 and polarity >= low_stars_min_polarity
        )
    return Signals(language, polarity, subjectivity, mismatch)
