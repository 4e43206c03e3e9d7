"""Name matching without a database: normalisation, diminutives, person-vs-word, non-agents."""

from __future__ import annotations

import pytest

from attribution.mentions import find_mentions, mentions_in_review
from attribution.names import canonicals_of, fold, is_ordinary_word, nicknames_of
from attribution.roster import build_roster, insider_matches, make_agent
from ingest.review_text import split_translation


@pytest.fixture(scope="module")
def roster():
    return build_roster(
        [
            make_agent("rob", "Robert Diaz", aliases="Bob"),
            make_agent("grace", "Grace Okafor"),
            make_agent("will", "William Chen", preferred_name="Will"),
            make_agent("hope", "Hope Martinez"),
            make_agent("sunny", "Sunny Patel"),
            make_agent("sydney", "Sydney Brooks"),
            make_agent("jordan", "Jordan Ellis"),
            make_agent("jen", "Jennifer Walsh"),
            make_agent("jose", "José Hernández", country="MX"),
            make_agent("amelie", "Amélie Fournier", country="FR"),
            make_agent("paco", "Francisco Ramos", country="MX"),
            make_agent("lan", "Nguyen Thi Lan", preferred_name="Lily", country="VN"),
            make_agent("john1", "John Peters"),
            make_agent("john2", "John Alvarez"),
            make_agent("nico", "Nicolas Bernard", country="FR"),
            make_agent("june", "June Carter"),
            make_agent("mark", "Mark Sullivan"),
            make_agent("austin", "Austin Reed"),
            make_agent("kate", "Katherine Moss"),
            make_agent("sarah", "Sarah Kim"),
        ]
    )


def credited(text: str, roster) -> set[str]:
    return {a for m in find_mentions(text, roster) for a in m.agents}


def test_fold_strips_case_accents_and_curly_apostrophes() -> None:
    assert fold("JOSÉ") == "jose"
    assert fold("Amélie’s") == "amelie's"


def test_diminutive_tables_cover_english_spanish_and_french() -> None:
    assert "bob" in nicknames_of("robert")
    assert "paco" in nicknames_of("francisco")
    assert "nico" in nicknames_of("nicolas")
    assert "jose" in canonicals_of("pepe")


def test_ordinary_words_come_from_the_lexicon_not_a_fixed_list() -> None:
    assert is_ordinary_word("will") and is_ordinary_word("grace") and is_ordinary_word("hope")
    assert not is_ordinary_word("jennifer") and not is_ordinary_word("maria")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bob was great", {"rob"}),
        ("Robert Diaz sorted everything", {"rob"}),
        ("jose was kind and patient", {"jose"}),
        ("JOSÉ!! THE BEST", {"jose"}),
        ("Amélie's patience made it easy.", {"amelie"}),
        ("Jenifer helped me a lot.", {"jen"}),
        ("Paco me ayudó muchísimo.", {"paco"}),
        ("Nico a été super, merci!", {"nico"}),
        ("Lily was so sweet.", {"lan"}),
        ("Lan explained the letter.", {"lan"}),
        ("Grace was wonderful.", {"grace"}),
        ("Thank you Will for your patience.", {"will"}),
        ("Spoke with Sydney yesterday, lovely person.", {"sydney"}),
        ("Huge thanks to June!", {"june"}),
        ("Great service from Hope today.", {"hope"}),
        ("Sunny and I set up a plan.", {"sunny"}),
        ("Bob and Grace were fantastic!", {"rob", "grace"}),
        ("The representative, Mrs. Okafor, was lovely.", {"grace"}),
        ("Jennifer's colleague Bob also helped.", {"jen", "rob"}),
        ("After talking to Mark I felt better.", {"mark"}),
        ("Grace - amazing!!", {"grace"}),
        ("Hands down the best, Grace.", {"grace"}),
        ("Austin walked me through it.", {"austin"}),
        ("really appreciate lily helping me", {"lan"}),
    ],
)
def test_names_used_for_a_person_are_found(roster, text: str, expected: set[str]) -> None:
    assert credited(text, roster) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will definitely recommend to my friends.",
        "Hope this helps someone.",
        "By the grace of God I am debt free.",
        "I live in Sydney and they still called at a good time.",
        "It was a sunny day when I finally paid.",
        "Travelling through Jordan when they emailed.",
        "Since June my payments are on track.",
        "There is hope after debt. Will call again.",
        "My husband John handled the paperwork.",
        "The founder, John Weaver, built a good team.",
        "John Smith from my bank recommended them.",
        "My name is John and I owed money.",
        "I also have a Mary Kay debt.",
        "Great service! - Grace",
        "Thank you, hope to hear back soon.",
        "They gave me a grace period.",
        "I'm in Austin, TX.",
        "They really hit the mark.",
        "My late husband Robert had this debt.",
        "Robert, my husband, handled this.",
        "i also owe mary kay but this was easier.",
        "My husband, who is named John, called them.",
        "Unlike Sarah at my bank, they were kind to me.",
    ],
)
def test_words_places_and_other_people_are_not_credited(roster, text: str) -> None:
    assert credited(text, roster) == set()


def test_shared_first_name_gives_every_namesake(roster) -> None:
    assert credited("John was great", roster) == {"john1", "john2"}
    assert credited("John A. was great", roster) == {"john2"}


def test_translated_review_counts_a_name_once(roster) -> None:
    original, translation = split_translation(
        "(Translated by Google) José was very kind.\n\n(Original)\nJosé fue muy amable."
    )
    found = mentions_in_review(original, translation, roster)
    assert [set(m.agents) for m in found] == [{"jose"}]


def test_insider_matches_full_name_only(roster) -> None:
    assert insider_matches(roster, "robert DÍAZ") == ["rob"]
    assert insider_matches(roster, "Robert D.") == []
    assert insider_matches(roster, "Robert Smith") == []


def test_reviewer_signing_with_their_own_first_name_is_not_a_mention(roster) -> None:
    assert mentions_in_review("Great service. Thanks, Bob", None, roster, reviewer="Bob Smith") == []
    assert [set(m.agents) for m in mentions_in_review("Great service. Thanks, Bob", None, roster)] == [{"rob"}]


def test_an_alias_that_is_also_another_agents_diminutive_names_both() -> None:
    """"Bob" is Robert Diaz's phone alias and Robert Kowalski's usual nickname: history or a person decides."""
    roster = build_roster(
        [make_agent("diaz", "Robert Diaz", aliases="Bob"), make_agent("kowalski", "Robert Kowalski")]
    )
    [mention] = find_mentions("Bob was so patient with me.", roster)
    assert set(mention.agents) == {"diaz", "kowalski"}
    [full] = find_mentions("Robert Kowalski was so patient with me.", roster)
    assert set(full.agents) == {"kowalski"}, "a full name stays specific"


# ---- issue #13: the hold-out's classes


def unknown(text: str, roster) -> set[str]:
    """People the text names who are not on the roster."""
    return {m.surface for m in find_mentions(text, roster) if not m.agents}


@pytest.mark.parametrize(
    "text",
    [
        "The Austin office is great, they picked up at once.",
        "Sydney, Jordan, Austin: I have owed money in all of them and this was the best.",
        "I have lived in Sydney and Jordan and never had a collector this decent.",
        "Their team in Austin is clearly well trained.",
    ],
)
def test_places_and_lists_of_names_without_person_context_credit_nobody(text: str, roster) -> None:
    assert credited(text, roster) == set()


def test_a_list_that_reads_as_people_credits_each() -> None:
    r = build_roster([make_agent("m", "Mason Reyes"), make_agent("l", "Liam Okafor")])
    assert credited("Both Mason and Liam were wonderful.", r) == {"m", "l"}
    assert credited("Thank you Mason and Liam!", r) == {"m", "l"}


def test_a_first_name_followed_by_another_surname_is_someone_else(roster) -> None:
    r = build_roster([make_agent("josh", "Josh Reed")])
    assert credited("Thanks to Josh Foreman for building a company that cares.", r) == set()
    assert credited("SHOUT OUT TO JOSH HARGREAVES FOR STARTING THIS PLACE.", r) == set()
    assert credited("Josh Reed sorted it.", r) == {"josh"}


def test_company_people_from_the_config_are_not_agents() -> None:
    r = build_roster([make_agent("r", "Rachel Moss")], company=(("rachel", "goldberg"),))
    assert credited("Thanks to Rachel Goldberg for running a fair company.", r) == set()
    assert credited("Rachel was so helpful.", r) == {"r"}


def test_a_title_reads_a_surname_and_a_bare_word_a_first_name() -> None:
    r = build_roster([make_agent("given", "Scott Baker"), make_agent("family", "Dana Scott")])
    assert credited("Mr. Scott went above and beyond.", r) == {"family"}
    assert credited("Scott was very kind.", r) == {"given"}


def test_unknown_people_are_reported_and_diminutives_and_near_spellings_resolved(roster) -> None:
    assert unknown("Huge thanks to Bartholomew!", roster) == {"Bartholomew"}
    assert unknown("Yusuf calmed me down.", roster) == {"Yusuf"}
    assert unknown("Great service, Experian was not involved.", roster) == set()
    assert credited("Katie was amazing.", roster) == {"kate"}
    assert credited("Huge thanks to Jenifer!", roster) == {"jen"}
    r = build_roster([make_agent("aiden", "Aiden Cole")])
    [m] = find_mentions("Aden calmed me down.", r)
    assert m.agents == {"aiden": "fuzzy"} and m.needs_history  # a real name too: only history makes it Aiden


def test_a_diminutive_that_is_a_function_word_is_not_indexed() -> None:
    r = build_roster([make_agent("nat", "Nathaniel Carrington")])
    assert credited("Could not have asked for a better rep than Mason.", r) == set()
