"""Reading a message before any stage talk: a question is answered, not staged; someone speaking for
another person gets carer guidance, not a stage of their own (data/content/stage_reading.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.content.loader import content_path, load_yaml
from bot.core.form_replies import normal_text

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# The no button under "Does that sound right?" about a stage (domain.yml, utter_stage_understood), as button titles
# are compared: lower case. A stage named in words right after it is the person's own choice (the NLU component
# reads it, the stage action keeps it).
NOT_QUITE = "not quite"


@dataclass(frozen=True)
class StageReading:
    question_openers: frozenset[str]
    question_phrases: tuple[str, ...]
    relations: frozenset[str]
    third_person: frozenset[str]
    first_person: frozenset[str]
    propose_min_confidence: float
    change_min_confidence: float
    speaking_for: tuple[str, ...] = ()
    named_stages: tuple[tuple[str, str], ...] = ()
    harder_cues: str = ""

    def tells_of_getting_harder(self, text: str) -> bool:
        """Whether the message says things got harder ("struggling again", "back in hospital"): the evidence a
        move back from a confirmed stage needs before it is checked."""
        return bool(self.harder_cues) and re.search(self.harder_cues, normal_text(text)) is not None

    def relation_words(self) -> str:
        """The relations as a regular-expression group, longest first: "(granddaughter|...|son)"."""
        return "(" + "|".join(sorted(self.relations, key=len, reverse=True)) + ")"

    def _speaking_for(self) -> re.Pattern[str] | None:
        if not self.speaking_for:
            return None
        return re.compile("|".join(p.replace("RELATION", self.relation_words()) for p in self.speaking_for))

    def is_question(self, text: str) -> bool:
        """True for "what side effects should I expect?", "how do i tell my doctor", "should i stop"."""
        normal = normal_text(text)
        if "?" in normal:
            return True
        words = WORD.findall(normal)
        if words and words[0] in self.question_openers:
            return True
        return any(phrase in normal for phrase in self.question_phrases)

    def stage_named(self, text: str) -> str | None:
        """The stage intent a message names in words ("I'd call it staying well": stage_maintenance), when it
        names exactly one."""
        normal = normal_text(text)
        named = {intent for intent, pattern in _compiled_named_stages(self) if pattern.search(normal)}
        return named.pop() if len(named) == 1 else None

    def asks_about_someone_else(self, text: str) -> bool:
        """True when a question about a stage is asked of someone else ("what stage is my son in")."""
        return bool(_compiled_asks_of_another(self).search(normal_text(text)))

    def about_someone_else(self, text: str) -> bool:
        """True when the message is about another person's situation: a relation is named ("my son") and
        the message says more about them than about the writer."""
        words = WORD.findall(normal_text(text))
        if not any(w in self.relations for w in words):
            return False
        said_so = _compiled_speaking_for(self)
        if said_so is not None and said_so.search(normal_text(text)):
            return True  # "it's my son who's unwell, not me", "I'm asking for my daughter"
        # "talking to my partner" names a relation without speaking about them: only pronouns for someone else,
        # or a relation as the subject ("my son is...", "my wife keeps..."), count for them.
        as_subject = _compiled_relation_subject(self).search(normal_text(text))
        others = sum(w in self.third_person for w in words) + (1 if as_subject else 0)
        mine = sum(w in self.first_person for w in words)
        return others > 0 and others > mine


@lru_cache(maxsize=4)
def _compiled_asks_of_another(reading: StageReading) -> re.Pattern[str]:
    """A question whose subject is someone else: "what stage is he in", "where is my daughter at", "how far along
    is she in her recovery"."""
    someone = rf"(?:he|she|they|him|them|(?:my|our|his|her|their) {reading.relation_words()})"
    # ("what stage would you say he is in", "i meant what stage HE is in": the stage, then who is in it)
    return re.compile(rf"\b(?:is|are|would|will|does|do|could|might|has|was) {someone}\b"
                      rf"|\b(?:his|her|their|(?:my|our) {reading.relation_words()}'?s?) (?:recovery|stage)\b"
                      rf"|\bstages?\b[^.?!]{{0,30}}\b{someone}(?:'s| is| are|'re| would be| might be)\b")


@lru_cache(maxsize=4)
def _compiled_relation_subject(reading: StageReading) -> re.Pattern[str]:
    """A relation as the subject of what is said: "my son is", "my wife keeps", "my partner said"."""
    return re.compile(rf"\b(my|our) {reading.relation_words()}('?s| is| has| was| keeps| won'?t| doesn'?t| can'?t|"
                      r" seems| feels| said| says| got| just| hasn'?t| isn'?t| wants| needs| thinks| told)\b")


@lru_cache(maxsize=4)
def _compiled_named_stages(reading: StageReading) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((intent, re.compile(pattern)) for intent, pattern in reading.named_stages)


@lru_cache(maxsize=4)
def _compiled_speaking_for(reading: StageReading) -> re.Pattern[str] | None:
    return reading._speaking_for()


@lru_cache(maxsize=1)
def stage_reading() -> StageReading:
    raw = load_yaml(content_path("stage_reading.yml"))
    return StageReading(
        question_openers=frozenset(str(w) for w in raw["question_openers"]),
        question_phrases=tuple(str(p) for p in raw["question_phrases"]),
        relations=frozenset(str(w) for w in raw["relations"]),
        third_person=frozenset(str(w) for w in raw["third_person"]),
        first_person=frozenset(str(w) for w in raw["first_person"]),
        propose_min_confidence=float(raw["propose_min_confidence"]),
        change_min_confidence=float(raw["change_min_confidence"]),
        speaking_for=tuple(str(p) for p in raw.get("speaking_for", ())),
        named_stages=tuple((str(k), str(v)) for k, v in raw.get("named_stages", {}).items()),
        harder_cues=str(raw.get("harder_cues", "")),
    )
