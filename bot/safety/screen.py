"""The safety screen: text in, crisis assessment out.

Pure and deterministic: no I/O after construction, no conversation state. Every message in every
conversation state goes through :meth:`SafetyScreen.assess`; nothing here can be switched off by
earlier turns (no "already warned" flag), and negation or "jk"/"lol" never clears a match.

The patterns are data (``data/content/safety_patterns.yml``) so that a clinician can review them;
this module only knows how to normalise text and run spaCy's ``PhraseMatcher`` and ``Matcher``.
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from bot.content.loader import content_path, load_yaml

# spaCy adds its own stream handler, which prints every line a second time beside the process's own
# (JSON or text) handler; its lines still reach the root logger.
logging.getLogger("spacy").handlers.clear()

# Which reply a message gets when several categories match: medical emergencies and children first.
CATEGORY_PRIORITY: tuple[str, ...] = (
    "overdose",
    "child_abuse",
    "suicide_plan",
    "suicidal_thoughts",
    "self_harm",
    "harm_to_others",
    "abuse",
    "indirect_means",
    "third_party",
)

SEVERITY = {
    "overdose": "emergency",
    "child_abuse": "emergency",
    "suicide_plan": "emergency",
    "harm_to_others": "emergency",
}

# Categories whose wording is about the writer themselves; a third-person subject moves them to
# ``third_party`` (resources for helping someone else). Someone else's overdose stays ``overdose``:
# it is the same medical emergency, whoever writes about it.
FIRST_PERSON_CATEGORIES = {"suicidal_thoughts", "suicide_plan", "self_harm"}


@dataclass(frozen=True)
class Evidence:
    """One matched phrase: which category it supports and the matched words."""

    category: str
    text: str
    rule: str


@dataclass(frozen=True)
class CrisisAssessment:
    """What the screen concluded about one message."""

    is_crisis: bool
    category: str | None = None
    categories: tuple[str, ...] = ()
    severity: str = "none"
    evidence: tuple[Evidence, ...] = field(default=())

    @classmethod
    def clear(cls) -> CrisisAssessment:
        return cls(is_crisis=False)


def _blank_english() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


class SafetyScreen:
    """Screens text for crisis content using patterns loaded from a YAML file."""

    def __init__(self, patterns: dict[str, Any], nlp: Language | None = None) -> None:
        self._nlp = nlp or _blank_english()
        norm = patterns.get("normalise", {})
        self._leet = {str(k): str(v) for k, v in norm.get("leet", {}).items()}
        self._replacements = {
            str(k).lower(): str(v) for k, v in norm.get("replacements", {}).items()
        }
        self._compact = {str(k).lower(): str(v) for k, v in norm.get("compact", {}).items()}
        self._fuzzy = [str(w) for w in norm.get("fuzzy_keywords", [])]
        self._fuzzy_cutoff = float(norm.get("fuzzy_cutoff", 0.8))
        self._lemma_overrides = {
            str(k): str(v) for k, v in norm.get("lemma_overrides", {}).items()
        }

        self._phrases = PhraseMatcher(self._nlp.vocab, attr="LEMMA")
        self._matcher = Matcher(self._nlp.vocab)
        self._reports_as: dict[str, str] = {}
        for label, spec in patterns["categories"].items():
            self._add_rules(label, spec)
            self._reports_as[label] = spec.get("reports_as", label)
        self._add_rules("not_crisis", patterns.get("not_crisis", {}))

        context = patterns.get("context", {})
        self._third_person = {w.lower() for w in context.get("third_person_subjects", [])}
        self._first_person = {w.lower() for w in context.get("first_person_words", [])}
        self._clause_breaks = {w.lower() for w in context.get("clause_breaks", [])}
        self._distress_cues = self._compile_cues(context.get("distress_cues", []))
        self._child_cues = self._compile_cues(context.get("child_cues", []))
        self._needs_distress = set(context.get("categories_needing_distress_cue", []))

    # ---------------------------------------------------------------- construction helpers
    def _add_rules(self, label: str, spec: dict[str, Any]) -> None:
        phrases = spec.get("phrases", [])
        if phrases:
            self._phrases.add(label, [self._make_doc(p) for p in phrases])
        for i, pattern in enumerate(spec.get("patterns", [])):
            self._matcher.add(f"{label}|{i}", [pattern])

    @staticmethod
    def _compile_cues(cues: Iterable[str]) -> re.Pattern[str] | None:
        cues = list(cues)
        if not cues:
            return None
        return re.compile(r"\b(?:" + "|".join(cues) + r")\b")

    def _make_doc(self, text: str) -> Doc:
        return self._parse(self.normalise(text))

    def _parse(self, normalised: str) -> Doc:
        doc = self._nlp(normalised)
        for token in doc:
            override = self._lemma_overrides.get(token.lower_)
            if override:
                token.lemma_ = override
        return doc

    # ---------------------------------------------------------------------- normalisation
    def normalise(self, text: str) -> str:
        """Lower-case, undo leetspeak, coded words, missing spaces and common misspellings."""
        text = unicodedata.normalize("NFKC", text)
        text = re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", text)
        text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
        text = text.lower()
        text = re.sub(r"(?<=\w)-(?=\w)", " ", text)  # self-harm -> self harm
        text = self._join_spaced_letters(text)
        text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)  # soooo -> soo, wannnna -> wanna
        return "".join(self._normalise_word(w) for w in re.split(r"(\s+)", text))

    @staticmethod
    def _join_spaced_letters(text: str) -> str:
        # "s u i c i d e" or "k.m.s" -> "suicide", "kms"
        def join(match: re.Match[str]) -> str:
            return re.sub(r"[\s.]", "", match.group(0))

        return re.sub(r"\b(?:[a-z][\s.]){2,}[a-z]\b", join, text)

    def _normalise_word(self, word: str) -> str:
        if not word or word.isspace():
            return word
        core = word
        if re.search(r"[a-z]", core) and re.search(r"[0-9@$]", core):
            core = "".join(self._leet.get(ch, ch) for ch in core)
        bare = core.strip(".,!?;:\"'()[]{}*_~#")
        if bare in self._replacements:
            return core.replace(bare, self._replacements[bare])
        letters = re.sub(r"[^a-z]", "", bare)
        for key, expansion in self._compact.items():
            if letters.endswith(key):
                return expansion
        if letters.isalpha() and len(letters) >= 6 and letters not in self._fuzzy:
            close = difflib.get_close_matches(letters, self._fuzzy, n=1, cutoff=self._fuzzy_cutoff)
            if close:
                return core.replace(bare, close[0]) if bare else close[0]
        return core

    # ------------------------------------------------------------------------- assessment
    def assess(self, text: str | None) -> CrisisAssessment:
        """Screen one message. Empty or non-text input is never a crisis by itself."""
        if not text or not text.strip():
            return CrisisAssessment.clear()
        normalised = self.normalise(text)
        doc = self._parse(normalised)

        spans: list[tuple[str, Span, str]] = []
        for match_id, start, end in self._phrases(doc):
            spans.append((self._nlp.vocab.strings[match_id], doc[start:end], "phrase"))
        for match_id, start, end in self._matcher(doc):
            label, _, index = self._nlp.vocab.strings[match_id].partition("|")
            spans.append((label, doc[start:end], f"pattern {index}"))

        safe = [span for label, span, _ in spans if label == "not_crisis"]
        evidence: list[Evidence] = []
        for label, span, rule in spans:
            if label == "not_crisis" or any(_overlaps(span, s) for s in safe):
                continue
            category = self._refine(label, span, doc, normalised)
            if category is None:
                continue
            evidence.append(Evidence(category=category, text=span.text, rule=f"{label}: {rule}"))

        if not evidence:
            return CrisisAssessment.clear()
        categories = tuple(c for c in CATEGORY_PRIORITY if any(e.category == c for e in evidence))
        top = categories[0]
        return CrisisAssessment(
            is_crisis=True,
            category=top,
            categories=categories,
            severity=SEVERITY.get(top, "high"),
            evidence=tuple(sorted(set(evidence), key=lambda e: (e.category, e.text))),
        )

    def _refine(self, label: str, span: Span, doc: Doc, text: str) -> str | None:
        """Apply context: whose crisis it is, a child's abuse, a distress cue for indirect questions."""
        if label in self._needs_distress:
            if self._distress_cues is None or not self._distress_cues.search(text):
                return None
        label = self._reports_as.get(label, label)
        if label == "abuse" and self._child_cues is not None and self._child_cues.search(text):
            return "child_abuse"
        if label in FIRST_PERSON_CATEGORIES and self._is_third_person(span, doc):
            return "third_party"
        return label

    def _is_third_person(self, span: Span, doc: Doc) -> bool:
        words = {t.lower_ for t in span}
        if words & self._first_person:
            return False
        if words & self._third_person:
            return True
        # Walk back to the start of the clause looking for the subject.
        for token in reversed(doc[max(0, span.start - 8) : span.start]):
            if token.lower_ in self._clause_breaks:
                break
            if token.lower_ in self._first_person:
                return False
            if token.lower_ in self._third_person:
                return True
        return False


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


_SCREEN: SafetyScreen | None = None


def load_screen(path: Path | None = None) -> SafetyScreen:
    """Build a screen from ``safety_patterns.yml`` (the default file is loaded once per process)."""
    global _SCREEN
    if path is None and _SCREEN is not None:
        return _SCREEN
    screen = SafetyScreen(load_yaml(path or content_path("safety_patterns.yml")))
    if path is None:
        _SCREEN = screen
    return screen


def screen_message(text: str | None) -> CrisisAssessment:
    """Screen one message with the default patterns."""
    return load_screen().assess(text)
