"""Understanding check-in answers typed as free text ("about six", "6/10", "pretty awful")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bot.content.loader import content_path, load_yaml


@lru_cache(maxsize=1)
def _answers() -> dict[str, Any]:
    """The vocabularies and patterns in data/content/checkin_answers.yml."""
    return load_yaml(content_path("checkin_answers.yml"))


def _first_number(text: str) -> float | None:
    text = text.lower().replace(",", ".")
    fraction = re.search(r"(\d+(?:\.\d+)?)\s*(?:/|out of)\s*10\b", text)
    if fraction:
        return float(fraction.group(1))
    number = re.search(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?", text)
    if number and "e" in number.group(0):
        return None  # "1e309", "1e3": no rating or number of hours anyone types
    if number:
        value = float(number.group(0))
        if re.search(r"\band a half\b|½", text):
            value += 0.5
        return value
    half = 0.5 if re.search(r"\band a half\b", text) else 0.0
    # the number word said first ("five and a half hours, as I woke at four" is 5.5, not 4.5)
    # "none" and "nothing" are a nought only as the whole answer ("nothing at all"): "nothing else", "i feel so
    # hopeless, nothing ever gets better" rate nothing
    whole = re.fullmatch(r"\W*(none|nothing)( at all| really| whatsoever)?\W*", text)
    found = [(match.start(), float(value)) for word, value in _answers()["word_numbers"].items()
             if whole or word not in ("none", "nothing")
             for match in [re.search(rf"\b{word}\b", text)] if match]
    if found:
        return min(found)[1] + half
    return 0.5 if re.search(r"\bhalf an? hour\b", text) else None


# A change of mind inside the answer ("6, no wait, 5", "7... actually make it 6"): what follows it is the answer.
_CORRECTION = re.compile(r"\b(?:no wait|wait|actually|i mean|i meant|sorry|make (?:that|it)|scratch that|or rather"
                         r"|correction|no no|more like|closer to|or maybe|maybe)\b")


def corrected(text: str) -> str:
    """The part of ``text`` after its last change of mind, when that part says something; else ``text``."""
    marks = list(_CORRECTION.finditer(text.lower()))
    if not marks:
        return text
    after = text[marks[-1].end():]
    if not re.search(r"\w", after):
        return text
    if re.search(r"\d", text[:marks[-1].start()]) and not re.search(r"\d", after) and not any(
            re.search(rf"\b{re.escape(word)}\b", after.lower()) for word in _answers()["word_numbers"]):
        return text  # "like 8 maybe, too good if anything": a number, then a remark about it (no other number)
    return after


# Thanks said with the answer ("thank you very much") is no rating: its "very" is not "very anxious".
_THANKS = re.compile(r"\b(?:thank you|thanks|thank u|ty|cheers)(?: (?:very|so) much| a lot| loads)?\b")


def _from_words(text: str, words: dict[str, int]) -> float | None:
    # "is not good, not bad": the words as said, without the punctuation between them
    lowered = re.sub(r"\s+", " ", re.sub(r"[^\w'\s-]+", " ", _THANKS.sub(" ", text.lower()))).strip()
    for word, value in sorted(words.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            return float(value)
    return None


def parse_scale(text: str | None, words: dict[str, int] | None = None) -> float | None:
    """A 0-10 rating from a number, "6/10", "about six" or a word like "pretty awful" (mood words unless
    ``words`` says otherwise)."""
    if text is None:
        return None
    text = corrected(str(text))
    if re.search(_answers()["not_a_rating"], text.lower()):
        return None
    value = _first_number(text)
    if value is None:
        value = _from_words(text, _answers()["mood_words"] if words is None else words)
    if value is None or not 0 <= value <= 10:
        return None
    return value


# A check-in step the person chose to leave out ("skip", said again after the bot explained why it helps): the
# slot holds this while the form runs, and the store keeps no value (NULL) for it.
LEFT_OUT = -1.0


def given(value: Any) -> float | None:
    """A check-in number as stored: None for a step left out."""
    return None if value is None or float(value) == LEFT_OUT else float(value)


def is_hard_day(mood: float, anxiety: float | None) -> bool:
    """Whether a check-in's numbers call for more than "saved" (data/content/checkin_answers.yml: hard_day)."""
    limits = _answers()["hard_day"]
    return mood <= float(limits["mood_at_most"]) or (anxiety is not None
                                                      and anxiety >= float(limits["anxiety_at_least"]))


def parse_anxiety(text: str | None) -> float | None:
    return parse_scale(text, _answers()["anxiety_words"])


def parse_sleep_hours(text: str | None) -> float | None:
    """Hours slept: "about six", "7.5", "6 hours", "didn't sleep" (0)."""
    if text is None:
        return None
    lowered = corrected(str(text)).lower()
    if re.search(_answers()["not_a_rating"], lowered):
        return None
    if re.search(_answers()["sleep"]["none"], lowered):
        return 0.0
    clock = _clock_range_hours(lowered)
    between = re.search(r"\b(\d{1,2}(?:[.,]\d)?)\s*(?:-|–|to|or)\s*(\d{1,2}(?:[.,]\d)?)\b", lowered)
    if clock is not None:  # "2am to 10", "from 11pm till 7": the hours between
        value: float | None = clock
    elif between:  # "4-5", "6 or 7 hours": the middle, as the "4-5" button says 4.5
        low, high = (float(x.replace(",", ".")) for x in between.groups())
        value = (low + high) / 2 if low < high <= 24 else None
    else:  # a lone clock time is no number of hours ("keep waking at like 4am", red team rt28: saved as 4 hours)
        value = _first_number(ONE_CLOCK_TIME.sub(" ", lowered))
    if value is None:  # "barely slept", "a couple of hours"
        value = next((float(hours) for pattern, hours in _answers()["sleep"]["rough"] if re.search(pattern, lowered)),
                     None)
    if value is None or not 0 <= value <= 24:
        return None
    return value


# One clock time ("4am", "at 11:30pm", "3 o'clock").
ONE_CLOCK_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)(?=\W|$)")
# Times of going to sleep and waking ("2am to 10", "from 11pm till 7:30", "midnight to 6am").
CLOCK_RANGE = re.compile(r"\b(?P<from>from )?(?P<h1>\d{1,2}|midnight)(?::(?P<m1>\d{2}))?\s*(?P<p1>am|pm|a\.m\.|p\.m\.)?"
                         r"\s*(?P<sep>-|–|to|till|til|until)\s*(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?\s*"
                         r"(?P<p2>am|pm|a\.m\.|p\.m\.)?")


def _clock_range_hours(lowered: str) -> float | None:
    """The hours between two clock times, when the words say they are times (am/pm, "midnight", "from",
    "till", minutes): "6 to 7 hours" is a range of hours, not times."""
    found = CLOCK_RANGE.search(lowered)
    if not found or not (found["p1"] or found["p2"] or found["from"] or found["m1"] or found["m2"]
                         or found["h1"] == "midnight" or found["sep"] in ("till", "til", "until")):
        return None
    start = 0 if found["h1"] == "midnight" else int(found["h1"])
    end = int(found["h2"])
    if start > 23 or end > 23:
        return None
    if found["p1"] and found["p1"].startswith("p") and start < 12:
        start += 12
    if found["p1"] and found["p1"].startswith("a") and start == 12:
        start = 0
    start_at = start + int(found["m1"] or 0) / 60
    ends = [end + 12 if end < 12 else end] if found["p2"] and found["p2"].startswith("p") else \
        [0 if end == 12 else end] if found["p2"] else [end, end + 12]
    durations = [((e + int(found["m2"] or 0) / 60) - start_at) % 24 for e in ends]
    fitting = [d for d in durations if 1 <= d <= 16]
    return min(fitting) if fitting else None


def parse_medication(text: str | None) -> str | None:
    """'yes', 'no', 'partly' (some doses), 'not_said' (they would rather not say) or 'not_prescribed'."""
    if text is None:
        return None
    lowered = str(text).lower().strip()
    for answer in ("not_prescribed", "partly", "not_said", "yes", "no"):  # in this order: "no meds" is not "no"
        if re.search(_answers()["medication"][answer], lowered):
            return answer
    return None


def parse_optional_text(text: str | None) -> str | None:
    """Optional answers: "skip", "no", "nothing" mean none."""
    if text is None:
        return None
    cleaned = str(text).strip()
    if not cleaned or re.fullmatch(_answers()["optional_none"], cleaned):
        return None
    return cleaned[:2000]


# "actually my mood is more like 3", "put my mood as 6" typed at the anxiety question: a correction of an
# earlier answer.
CORRECTION = re.compile(r"\b(?:my )?(mood|anxiety|sleep)\b"
                        r"(?: (?:today|tonight|last night|earlier|this morning|score|rating))?"
                        r" (?:is|was|'?s|would be|should be|should have been|"
                        r"more like|is more like|was more like|is actually|was actually|more|as|at|to|down as)\b"
                        r"|\b(?:i )?(?:only |actually |really )?(slept)\b"
                        # "sorry i got the sleep wrong, it was 5 hours not 7"
                        r"|\b(mood|anxiety|sleep)\b (?:answer |score |rating |one |number )?(?:was |is )?wrong\W+"
                        r"(?:(?:it|that|i|mine) (?:was|is|should be|meant|slept|had) )?")
CORRECTED_SLOT = {"mood": "mood", "anxiety": "anxiety", "sleep": "sleep_hours", "slept": "sleep_hours"}
# "actually make my mood a 3 not whatever you put", "oh and mood, change it to 5": a correction in other words.
CHANGE = re.compile(r"\b(?:make|change|put|set) (?:my |the )?(mood|anxiety|sleep)\b"
                    r"(?: (?:answer|score|rating|number|hours))?(?: (?:to|as|at|a|an|it))*"
                    r"|\b(mood|anxiety|sleep)\W+(?:\w+ )?(?:change|make|put|set) (?:it|that) (?:to|as|at)?")

# A correction must say so where an answer could also be a remark: "I slept 5 hours and had a nightmare" at the note
# step, "my mood was great today" after the check-in was saved; "change my sleep answer to 5 hours" says so.
SAYS_CORRECTION = re.compile(r"\b(actually|wait|sorry|oops|correction|meant|not \d+(\.\d+)?|instead|wrong|fix|"
                             r"should have been|should be)\b"
                             r"|\b(?:change|make|put|set) (?:my |the )?(?:mood|anxiety|sleep)\b")


def rating_corrected(text: str | None) -> tuple[str, float] | None:
    """("mood", 2.0) for "oh wait my mood today was actually a 2, can u fix that": a check-in rating named and
    corrected in so many words ("my mood was great today" is no correction); None otherwise."""
    lowered = str(text or "").lower()
    if not SAYS_CORRECTION.search(lowered):
        return None
    match = CORRECTION.search(lowered) or CHANGE.search(lowered)
    if match is None:
        return None
    field = CORRECTED_SLOT[next(group for group in match.groups() if group)]
    parse = {"mood": parse_scale, "anxiety": parse_anxiety, "sleep_hours": parse_sleep_hours}[field]
    value = parse(str(text)[match.end():])
    return (field, value) if value is not None else None
