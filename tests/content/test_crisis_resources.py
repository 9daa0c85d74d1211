"""The crisis directory: complete, sourced and never stale."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.content.crisis import load_directory
from bot.core.safety.reply import crisis_slot_values, render_crisis_reply

DIRECTORY = load_directory()
REQUIRED_COUNTRIES = {"US", "CA", "GB", "IE", "AU", "NZ", "IN"}
CATEGORIES = [
    "suicidal_thoughts", "suicide_plan", "self_harm", "overdose", "harm_to_others", "abuse",
    "child_abuse", "indirect_means", "third_party", "general",
]
RESOURCES = [(c.code, r) for c in DIRECTORY.countries.values() for r in c.resources]
MAX_AGE = dt.timedelta(days=365)


def test_required_countries_and_fallback_are_present() -> None:
    assert REQUIRED_COUNTRIES <= set(DIRECTORY.countries)
    assert DIRECTORY.default_country in DIRECTORY.countries


@pytest.mark.parametrize(("country", "resource"), RESOURCES, ids=[r.id for _, r in RESOURCES])
def test_every_resource_is_sourced_and_checked_within_a_year(country: str, resource) -> None:
    assert resource.source.startswith("http"), f"{resource.id} has no source URL"
    assert resource.url.startswith("http")
    age = dt.date.today() - resource.checked_on
    assert age <= MAX_AGE, f"{resource.id} was last checked {resource.checked_on}; re-check it"
    assert resource.checked_on <= dt.date.today(), f"{resource.id} has a checked_on date in the future"
    assert resource.hours


@pytest.mark.parametrize(("text", "code"), [
    ("I live in Ohio. My sister moved to London last year and I miss her.", "US"),
    ("my mate from London says hi", None), ("my sister who moved to London is visiting", None),
    ("my partner and I moved to London", "GB"), ("he lives in London, I live in Ohio", "US"),
])
def test_someone_elses_place_is_not_where_the_writer_is(text: str, code: str | None) -> None:
    assert DIRECTORY.find_country_mention(text, {"london": "GB"}) == code


@pytest.mark.parametrize("code", sorted(DIRECTORY.countries))
@pytest.mark.parametrize("category", CATEGORIES)
def test_each_country_has_a_service_number_text_option_and_emergency(code: str, category: str) -> None:
    values = crisis_slot_values(category, code)
    assert values["help_service"] and values["help_phone"] and values["help_text"]
    assert values["emergency_number"]


@pytest.mark.parametrize("code", sorted(DIRECTORY.countries))
@pytest.mark.parametrize("category", [*CATEGORIES, "sexual_assault"])
def test_a_text_option_that_is_another_services_names_whose_it_is(code: str, category: str) -> None:
    """Red team rt23: after RAINN's number, "text START to 88788, or chat at thehotline.org" read as RAINN's own."""
    country = DIRECTORY.countries[code]
    named = country.resource_for(category)
    option = country.text_option_for(category)
    others = [r for r in country.resources if r.text and r.id != named.id and option.startswith(r.text)]
    if named.text:
        assert option == named.text
    elif others:
        assert option.endswith(f"({others[0].name})"), option


def test_stale_entry_fails_the_age_check() -> None:
    """The check above is real: an entry dated 400 days ago is over the limit."""
    assert dt.date.today() - (dt.date.today() - dt.timedelta(days=400)) > MAX_AGE


@pytest.mark.parametrize(("text", "code"), [
    ("I'm in Ireland", "IE"), ("i live in the uk", "GB"), ("I'm from Australia", "AU"),
    ("i'm based in india", "IN"), ("I live in New Zealand.", "NZ"), ("I'm in Canada!", "CA"),
    ("I'm in the US", "US"), ("I'm in pain", None), ("I'm in a bad place", None),
])
def test_country_mentions(text: str, code: str | None) -> None:
    assert DIRECTORY.find_country_mention(text) == code


@pytest.mark.parametrize(("text", "code"), [
    ("I'm in London, Ontario", "CA"), ("i live in london", "GB"), ("I'm in Georgia", "US"),
    ("living in new mexico", "US"), ("I'm in Mexico", "MX"), ("we moved to Perth, Western Australia", "AU"),
    ("I'm in Ontario right now", "CA"), ("i'm in Paris, Texas", "US"), ("I'm at Victoria station", None),
    # a town, then its country (red team rt13: Perth won over Scotland, and the lines were Australia's)
    ("I'm in Perth in Scotland and I want to die", "GB"), ("I'm 15 and I live in Perth Scotland", "GB"),
    ("i'm in perth, australia", "AU"), ("im in perth", "AU"), ("im worried about my sister in ireland", None),
    ("I'm near Galway and I want to die", "IE"), ("I'm in Ireland on a trip from the US", "IE"),
])
def test_states_and_provinces_name_their_country(text: str, code: str | None) -> None:
    """A region wins over the town before it, and over another country of the same name."""
    others = {"london": "GB", "mexico": "MX", "georgia": "GE", "paris": "FR", "perth": "AU"}
    assert DIRECTORY.find_country_mention(text, others) == code


@pytest.mark.parametrize("code", sorted(DIRECTORY.countries))
@pytest.mark.parametrize("category", CATEGORIES)
def test_crisis_reply_has_everything_a_crisis_reply_needs(code: str, category: str) -> None:
    reply = render_crisis_reply(category, code)
    text = reply["text"]
    values = crisis_slot_values(category, code)
    assert "{" not in text, "a placeholder was left unfilled"
    assert values["help_phone"] in text and values["emergency_number"] in text
    service = values["help_service"]
    # (capitalised where it begins a sentence: "Your local crisis line is ...")
    assert (service in text or service[0].upper() + service[1:] in text) and values["help_text"] in text
    last_sentence = text.rstrip().rsplit(". ", 1)[-1]
    assert last_sentence.endswith("?") and "safe" in last_sentence.lower()  # a direct question about safety now
    assert "24/7" in text or "day or night" in text  # the named service is there around the clock
    assert any(w in text for w in ("someone", "grown-up", "stay with them", "not alone"))  # being with a person
    assert "plan" in text.lower() and ("I'm here" in text or "I can stay" in text)  # an offer to stay and plan
    assert any(b["payload"] == "/make_safety_plan" for b in reply["buttons"])
    # never a list of numbers: one service plus the emergency number
    assert text.count(" on ") <= 2


@pytest.mark.parametrize("category", CATEGORIES)
def test_crisis_reply_never_names_methods(category: str) -> None:
    text = render_crisis_reply(category, "US")["text"].lower()
    for word in ("rope", "noose", "bridge", "jump", "pills", "overdose on", "dose", "gun", "wrist"):
        assert word not in text


def test_overdose_reply_puts_the_emergency_number_first() -> None:
    text = render_crisis_reply("overdose", "US")["text"]
    assert text.index("911") < text.index("1-800-222-1222")


def test_child_abuse_reply_gives_the_child_helpline() -> None:
    text = render_crisis_reply("child_abuse", "GB")["text"]
    assert "Childline" in text and "0800 1111" in text and "999" in text


@pytest.mark.parametrize(("code", "emergency"), [("AT", "112"), ("PL", "112"),
                                                 ("KE", "your local emergency number")])
def test_a_country_without_lines_gets_its_own_emergency_number_or_none(code: str, emergency: str) -> None:
    country = load_directory().country(code)
    assert country.emergency == emergency
    assert country.resource_for("suicidal_thoughts").url == "https://findahelpline.com"


@pytest.mark.parametrize("code", ["PR", "GU", "VI"])
def test_us_territories_with_codes_of_their_own_get_the_us_lines(code: str) -> None:
    """Red team rt13: metadata "GU" got no line and no number (the name "Guam" in words got 988 and 911)."""
    text = render_crisis_reply("suicidal_thoughts", code)["text"]
    assert "988" in text and "911" in text and "findahelpline" not in text
    assert code in load_directory().shown_codes()


@pytest.mark.parametrize(("text", "code"), [
    ("we are planning a holiday to Spain next month", None),
    ("I went on holiday to France last year, it was lovely", None),
    ("I'm on holiday in Spain right now", "ES"),
    ("I'm visiting Australia next year. Anyway I live in Canada", "CA"),
    ("I moved to the UK last year", "GB"),
    ("I'm in Ireland on a trip from the US", "IE"),  # where they are, not the home they came from
    ("Estoy en España y quiero morirme.", "ES"),
    ("Ich wohne in Deutschland und will nicht mehr leben.", "DE"),
    ("Ik woon in Nederland. Ik wil dood.", "NL"),
    ("Je suis en France", "FR"),
    # a few words between the verb and the place: where they are now
    ("actually im visiting family in the uk right now, not home", "GB"),
    ("im staying with my aunt in ireland", "IE"),
    ("we are planning on visiting friends in spain next month", None),
    ("im worried about my sister in ireland", None),
    # who they are said first: still where they are
    ("im in year 9 in the uk", "GB"),
    ("im 14 and in ireland", "IE"),
    ("i'm a student nurse in australia", "AU"),
    ("im 14 and going to the uk next year", None),
    ("im 14 in year 9 in australia", "AU"),
    ("we're in the uk", "GB"),
    ("what's the number in australia", "AU"),
    ("i'm eleven, in 5th grade in canada", "CA"),
    # where they are not, or no longer are (red team rt27: these gave the named country's lines)
    ("I used to live in Australia. I want to kill myself tonight", None),
    ("I'm not in the UK and I want to kill myself tonight", None),
    ("I'm in the US, I'm not in India. I want to kill myself tonight", "US"),
    ("I don't live in Ireland anymore", None),
    ("i was living in spain", None),
    ("I'm not ok, I'm in the UK", "GB"),
    ("I'm not from the UK, I'm in Canada", "CA"),
])
def test_a_trip_past_or_to_come_does_not_change_the_country(text: str, code: str | None) -> None:
    assert load_directory().find_country_mention(text) == code


@pytest.mark.parametrize(("code", "line", "emergency"), [("DE", "0800 111 0 111", "112"), ("NL", "0800-0113", "112")])
def test_germany_and_the_netherlands_get_their_own_lines(code: str, line: str, emergency: str) -> None:
    text = render_crisis_reply("suicidal_thoughts", code)["text"]
    assert line in text and f"call {emergency}" in text
    assert DIRECTORY.find_country_mention("I live in Germany") == "DE"


def test_brazil_gets_cvv_and_samu() -> None:
    text = render_crisis_reply("suicidal_thoughts", "BR")["text"]
    assert "CVV" in text and "188" in text and "192 (SAMU)" in text
    assert DIRECTORY.find_country_mention("estou no Brasil") == "BR"


def test_the_bereaved_get_support_and_are_asked_about_their_own_safety() -> None:
    text = render_crisis_reply("bereaved", "GB")["text"]
    assert "Losing someone to suicide" in text and "116 123" in text and "999" in text
    assert "safe right now" in text and "Are they safe" not in text


def test_someone_elses_overdose_names_the_poison_line_and_asks_about_them() -> None:
    text = render_crisis_reply("overdose_other", "US")["text"]
    assert "1-800-222-1222" in text and "911" in text and "are they awake and breathing" in text
    assert "unlock your door" not in text and "even if you feel" not in text


def test_a_missing_person_is_reported_now_with_the_emergency_number() -> None:
    text = render_crisis_reply("missing_person", "GB")["text"]
    assert "999" in text and "report them missing" in text and "116 123" in text


@pytest.mark.parametrize(("category", "asks"), [("harm_to_others", "Is everyone safe right now?"),
                                                ("abuse", "Are you somewhere safe right now?"),
                                                ("child_abuse", "Are you safe right now?")])
def test_the_escalation_for_danger_from_or_to_someone_else_never_speaks_of_hurting_oneself(category: str,
                                                                                        asks: str) -> None:
    import yaml

    from tests.conftest import PROJECT_ROOT

    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    variants = [v for v in domain["responses"]["utter_crisis_escalate"]
                if {"type": "slot", "name": "crisis_category", "value": category} in v.get("condition", [])]
    assert variants
    for variant in variants:
        text = variant["text"].format(**crisis_slot_values(category, "GB"))
        assert asks in text and "999" in text and "yourself" not in text and "{" not in text


def test_the_reply_when_the_bot_cannot_answer_still_gives_the_line_a_text_option_and_the_emergency_number() -> None:
    from bot.core.replies import fail_safe_reply

    text = fail_safe_reply("hello?", "US")["text"]
    assert "988" in text and "text 988" in text and "911" in text and "{" not in text


@pytest.mark.parametrize("asked", ["help now", "H E L P  N O W", "who can I call tonight?",
                                   "which helpline is open at night?"])
def test_help_now_when_the_bot_cannot_answer_gets_the_lines_not_the_apology(asked: str) -> None:
    from bot.core.replies import domain_text, fail_safe_reply

    text = fail_safe_reply(asked, "GB")["text"]
    assert "116 123" in text and "999" in text and "SHOUT" in text
    assert domain_text("utter_trouble").split("{")[0] not in text  # no "I'm having trouble answering"


def test_ordinary_words_when_the_bot_cannot_answer_still_get_the_apology_with_the_line() -> None:
    from bot.core.replies import fail_safe_reply

    text = fail_safe_reply("can I change my reminder", "GB")["text"]
    assert "116 123" in text and "trouble answering" in text


@pytest.mark.parametrize(("code", "line", "emergency"), [("MX", "800 911 2000", "911"),
                                                         ("ZA", "0800 567 567", "112 (from a mobile)"),
                                                         ("JP", "0120-279-338", "119 (ambulance)")])
def test_mexico_south_africa_and_japan_get_a_national_line_not_the_directory(code: str, line: str,
                                                                             emergency: str) -> None:
    text = render_crisis_reply("suicidal_thoughts", code)["text"]
    assert line in text and emergency in text and "988" not in text



@pytest.mark.parametrize(("code", "poison_line", "crisis_line"), [("US", "1-800-222-1222", "988"),
                                                                 ("AU", "13 11 26", "13 11 14"),
                                                                 ("CA", "1-844-764-7669", "988"),
                                                                 ("NZ", "0800 764 766", "1737")])
def test_an_overdose_gets_the_poison_line_and_thoughts_of_suicide_the_crisis_line(code: str, poison_line: str,
                                                                                  crisis_line: str) -> None:
    assert crisis_slot_values("overdose", code)["help_phone"] == poison_line
    assert crisis_slot_values("overdose_other", code)["help_phone"] == poison_line
    assert crisis_slot_values("suicidal_thoughts", code)["help_phone"] == crisis_line


@pytest.mark.parametrize("code", ["NZ", "FR", "DE", "JP", "GB", "US"])
def test_abuse_at_home_names_each_line_once(code: str) -> None:
    """Where the line for children is the line named for abuse at home (New Zealand's 1737), it is named once."""
    import re

    text = render_crisis_reply("abuse_at_home", code)["text"]
    phones = re.findall(r"\bon ([0-9][0-9 \-]{1,20}[0-9])", text)
    assert phones and len(phones) == len(set(phones))


@pytest.mark.parametrize(("category", "code", "young", "line"), [
    ("suicidal_thoughts", "GB", True, "0800 1111"), ("suicidal_thoughts", "GB", False, "116 123"),
    ("self_harm", "AU", True, "1800 55 1800"), ("general", "CA", True, "1-800-668-6868"),
    ("suicidal_thoughts", "IE", True, "1800 66 66 66"),
    # the US line for children is for abuse: a young person thinking of suicide gets 988
    ("suicidal_thoughts", "US", True, "988"),
    ("overdose", "GB", True, "111"),
])
def test_a_child_gets_the_line_for_young_people_first(category: str, code: str, young: bool, line: str) -> None:
    from bot.core.safety.reply import crisis_slot_values

    assert crisis_slot_values(category, code, young)["help_phone"] == line or line in str(
        crisis_slot_values(category, code, young)["help_phone"])


@pytest.mark.parametrize("category", ["suicidal_thoughts", "self_harm", "overdose", "abuse", "child_abuse",
                                      "third_party", "harm_to_others", "general"])
def test_a_country_the_directory_does_not_list_never_gets_a_sentence_in_lower_case(category: str) -> None:
    """The international fallback's facts ("your local crisis line") begin sentences in several replies."""
    import re

    from bot.core.replies import crisis_help_text, fail_safe_reply

    for text in (render_crisis_reply(category, "XX")["text"], render_crisis_reply(category, "XX",
                 "utter_crisis_escalate")["text"], crisis_help_text("XX"), fail_safe_reply("hello?", "XX")["text"]):
        assert "findahelpline.com" in text and not re.search(r"(^|[.!?]\s+)[a-z]", text), text
