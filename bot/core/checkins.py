"""Understanding check-in answers typed as free text ("about six", "6/10", "pretty awful")."""

from __future__ import annotations

import re

WORD_NUMBERS = {
    "zero": 0, "none": 0, "nothing": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "half": 0.5,
}

# Words for a 0-10 rating, checked longest first. Mood: higher is better; the same words are used
# for anxiety with the scale reversed (see parse_anxiety).
MOOD_WORDS = {
    "terrible": 1, "awful": 1, "horrible": 1, "the worst": 0, "very bad": 2, "really bad": 2,
    "pretty awful": 2, "pretty bad": 3, "bad": 3, "low": 3, "down": 3, "not great": 4, "meh": 4,
    "so so": 5, "so-so": 5, "okay": 5, "ok": 5, "alright": 5, "average": 5, "fine": 6,
    "decent": 6, "pretty good": 7, "good": 7, "really good": 8, "very good": 8, "great": 8,
    "amazing": 9, "fantastic": 9, "excellent": 9, "perfect": 10, "the best": 10,
}
ANXIETY_WORDS = {
    "not at all": 0, "none": 0, "calm": 1, "relaxed": 1, "a little": 3, "a bit": 3, "slightly": 3,
    "somewhat": 5, "moderate": 5, "moderately": 5, "quite": 6, "pretty anxious": 7, "very": 8,
    "really anxious": 8, "extremely": 9, "panicking": 10, "terrible": 9, "awful": 9,
}


def _first_number(text: str) -> float | None:
    text = text.lower().replace(",", ".")
    fraction = re.search(r"(\d+(?:\.\d+)?)\s*(?:/|out of)\s*10\b", text)
    if fraction:
        return float(fraction.group(1))
    number = re.search(r"-?\d+(?:\.\d+)?", text)
    if number:
        value = float(number.group(0))
        if re.search(r"\band a half\b|½", text):
            value += 0.5
        return value
    half = 0.5 if re.search(r"\band a half\b", text) else 0.0
    for word, value in WORD_NUMBERS.items():
        if word != "half" and re.search(rf"\b{word}\b", text):
            return float(value) + half
    return 0.5 if re.search(r"\bhalf an? hour\b", text) else None


def _from_words(text: str, words: dict[str, int]) -> float | None:
    lowered = text.lower()
    for word, value in sorted(words.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            return float(value)
    return None


def parse_scale(text: str | None, words: dict[str, int] = MOOD_WORDS) -> float | None:
    """A 0-10 rating from a number, "6/10", "about six" or a word like "pretty awful"."""
    if text is None:
        return None
    value = _first_number(str(text))
    if value is None:
        value = _from_words(str(text), words)
    if value is None or not 0 <= value <= 10:
        return None
    return value


def parse_anxiety(text: str | None) -> float | None:
    return parse_scale(text, ANXIETY_WORDS)


def parse_sleep_hours(text: str | None) -> float | None:
    """Hours slept: "about six", "7.5", "6 hours", "didn't sleep" (0)."""
    if text is None:
        return None
    lowered = str(text).lower()
    if re.search(r"\b(didn'?t|did not|couldn'?t|could not|no) sleep\b|\bat all\b", lowered):
        return 0.0
    value = _first_number(lowered)
    if value is None or not 0 <= value <= 24:
        return None
    return value


def parse_medication(text: str | None) -> str | None:
    """'yes', 'no' or 'not_prescribed'."""
    if text is None:
        return None
    lowered = str(text).lower().strip()
    if re.search(r"not on|no medication|don'?t take|do not take|not prescribed|no meds|n/a", lowered):
        return "not_prescribed"
    yes = r"^(y|yes|yeah|yep|yup|sure|i did|did|took (it|them)|all of (it|them)|of course)\b"
    if re.search(yes, lowered):
        return "yes"
    if re.search(r"^(n|no|nope|nah|not yet|(i )?(forgot|missed|didn'?t|did not|skipped))\b", lowered):
        return "no"
    return None


def parse_optional_text(text: str | None) -> str | None:
    """Optional answers: "skip", "no", "nothing" mean none."""
    if text is None:
        return None
    cleaned = str(text).strip()
    if not cleaned or re.fullmatch(r"(?i)(skip|no|nope|nothing|none|n/a|-|no thanks)\.?", cleaned):
        return None
    return cleaned[:2000]
