"""Text signals of a review: language, TextBlob polarity/subjectivity, and star/text disagreement."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from textblob.en import sentiment as pattern_sentiment

from attribution.names import fold

_WORDS = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and was were is to of for with my me she he they you very great thank thanks helpful it i "
        "this that not have had"
    ),
    "es": _words(
        "el la los las de que y muy con por para una un es fue me mi gracias su pero lo del al se atencion excelente"
    ),
    "fr": _words("le la les des et est tres avec pour une un du je mon ma merci mais pas au qui nous vous etait tout"),
    "pt": _words("o os da do das dos e muito com para uma um foi obrigado obrigada nao em meu minha voce atendimento"),
    "de": _words("der die das und ist sehr mit fur ein eine ich nicht war danke auch sie wir zu"),
    "it": _words("il lo gli della che e molto con per una un sono grazie non mi ho era anche"),
}


_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _stop in STOPWORDS.items():
    for _w in _stop:
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _lang)


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
    scores = dict.fromkeys(STOPWORDS, 0)
    for w in words:
        for lang in _LANGS_OF.get(w, ()):
            scores[lang] += 1
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best == 0:
        return "en" if all(w.isascii() for w in words) and len(words) <= 3 else None
    return lang


@lru_cache(maxsize=20_000)
def sentiment(text: str) -> tuple[float, float]:
    """TextBlob's (polarity, subjectivity) of English text, rounded to 4 places.

    Calls TextBlob's default analyser directly: `TextBlob(text).sentiment` builds a namedtuple
    class per call. Cached because short reviews ("Great service!") repeat often.
    """
    raw_polarity, raw_subjectivity = pattern_sentiment(text)
    return round(float(raw_polarity), 4), round(float(raw_subjectivity), 4)


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
    polarity, subjectivity = sentiment(english)
    mismatch = None
    if stars is not None and len(_WORDS.findall(english)) >= 3:
        mismatch = (stars >= 4 and polarity <= high_stars_max_polarity) or (
            stars <= 2 and polarity >= low_stars_min_polarity
        )
    return Signals(language, polarity, subjectivity, mismatch)
