"""PHQ-9 and GAD-7 from ``data/content/questionnaires.yml``: questions, answers and scoring."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.content.loader import content_path, load_yaml


@dataclass(frozen=True)
class Questionnaire:
    key: str
    name: str
    measures: str
    intro: str
    about: str  # what it is and is not, said before the first item
    attribution: str
    items: tuple[str, ...]
    bands: tuple[tuple[int, int, str], ...]
    options: tuple[tuple[int, str], ...]
    crisis_item: int | None = None
    explanations: tuple[str, ...] = ()
    phrasings: tuple[tuple[int, re.Pattern[str]], ...] = ()
    crisis_yes: re.Pattern[str] | None = None
    answer_words: tuple[str, ...] = ()
    misspellings: dict[str, str] = field(default_factory=dict)

    def slot(self, number: int) -> str:
        return f"{self.key}_{number}"

    @property
    def slots(self) -> list[str]:
        return [self.slot(n) for n in range(1, len(self.items) + 1)]

    def question(self, number: int, opening: bool = False) -> str:
        """Item ``number`` as asked; the first with the time frame, and at the opening with what this is."""
        prefix = (f"{self.about}\n\n" if opening else "") + (f"{self.intro}\n\n" if number == 1 else "")
        return f"{prefix}{self.name} {number} of {len(self.items)}: {self.items[number - 1]}"

    def explanation(self, number: int) -> str:
        """Item ``number`` in plain words (asked "what does that mean?"); the item itself when none is written."""
        return self.explanations[number - 1] if number <= len(self.explanations) else self.items[number - 1]

    def band(self, total: int) -> str:
        return next(label for low, high, label in self.bands if low <= total <= high)

    def is_crisis_answer(self, number: int, value: int) -> bool:
        """Any answer above 0 on the crisis item (PHQ-9 item 9) needs the crisis reply at once."""
        return self.crisis_item == number and value > 0

    def parse_answer(self, text: object, number: int | None = None) -> int | None:
        """0-3 from a number, the option's words ("several days") or everyday words for them ("most
        days", "nearly every single day"); None when nothing matches or two different answers do. At the
        crisis item (``number``) a yes or a maybe without a frequency is 1 (``crisis_item_yes``)."""
        cleaned = re.sub(r"\s+", " ", str(text).strip().lower().replace("\u2019", "'"))
        cleaned = re.sub(r"[a-z]+", lambda word: self.spelt(word.group(0)), cleaned)
        if re.fullmatch(r"[0-3](\.0)?", cleaned):  # "2", or 2.0: an answer already scored (a resumed form)
            return int(cleaned[0])
        found = {value for value, label in self.options if label.lower() in cleaned}
        found |= {value for value, pattern in self.phrasings if pattern.search(cleaned)}
        if not found and number == self.crisis_item and self.crisis_yes and self.crisis_yes.search(cleaned):
            return 1
        if not found and number not in (None, self.crisis_item) and re.fullmatch(r"(no|nope|nah)\W*", cleaned):
            return 0  # "no" to "how often ... bothered by ...?" outside the crisis item: not at all
        if number == self.crisis_item and len(found) > 1 and 0 in found:
            # "not really, maybe once": at the crisis item a hedged answer is read as the frequency it gives
            return max(found)
        return found.pop() if len(found) == 1 else None

    def spelt(self, word: str) -> str:
        """``word``, or the answer word it is one or two letters from ("sevral" -> "several", "evry" -> "every")."""
        if word in self.misspellings:
            return self.misspellings[word]
        if len(word) < 5 or word in self.answer_words:
            return word
        close = difflib.get_close_matches(word, self.answer_words, n=1, cutoff=0.8)
        return close[0] if close else word


@lru_cache(maxsize=4)
def load_questionnaires(path: Path | None = None) -> dict[str, Questionnaire]:
    raw = load_yaml(path or content_path("questionnaires.yml"))
    options = tuple((int(o["value"]), str(o["label"])) for o in raw["options"])
    phrasings = tuple((int(value), re.compile(pattern))
                      for value, patterns in raw.get("phrasings", {}).items() for pattern in patterns)
    return {
        key: Questionnaire(
            key=key, name=q["name"], measures=q["measures"], intro=q["intro"], about=q["about"],
            attribution=q["attribution"], items=tuple(q["items"]),
            bands=tuple((int(b["min"]), int(b["max"]), str(b["label"])) for b in q["bands"]),
            options=options, crisis_item=q.get("crisis_item"), explanations=tuple(q.get("explain", ())),
            phrasings=phrasings,
            crisis_yes=re.compile(raw["crisis_item_yes"]) if q.get("crisis_item") else None,
            answer_words=tuple(str(w) for w in raw.get("answer_words", ())),
            misspellings={str(k): str(v) for k, v in raw.get("answer_misspellings", {}).items()},
        )
        for key, q in raw["questionnaires"].items()
    }


@lru_cache(maxsize=2)
def offer_every_days(path: Path | None = None) -> int:
    """How often PHQ-9 and GAD-7 are offered (their two-week recall window)."""
    return int(load_yaml(path or content_path("questionnaires.yml"))["offer_every_days"])
