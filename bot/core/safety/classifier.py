"""The learned risk classifier beside the safety patterns.

Patterns are precise and reviewable but only catch wording someone wrote down; this classifier learns
from a purpose-written corpus (``data/safety/train/``: crisis messages in every category we reply to,
and look-alikes) what risk sounds like in words nobody listed. It reads the text the screen has already
normalised (:meth:`bot.core.safety.screen.SafetyScreen.normalise`: slang, spelling, look-alike letters), turns
it into word, word-pair and character n-gram features weighted by TF-IDF, and scores it with two logistic
regressions: a binary one (risk or look-alike) and one over every category, crisis kinds and look-alike kinds.
The thresholds apply to :attr:`RiskScore.flag_score` (mostly the category model's probability of the crisis
kinds together).

Two thresholds, chosen on the validation set (``data/safety/validation/``, written apart from the
training set and never trained on) by ``python -m bot train-classifier`` (bot/core/safety/training.py):

* ``crisis``: at or above it, with a crisis category on top, the message gets the crisis reply;
* ``possible``: at or above it, the "possible risk" question (are you having thoughts of ending your
  life?) with the crisis line in the same message.

The model is stored as JSON (classes, thresholds, vocabulary) and a NumPy ``.npz`` of weights, loaded
with ``allow_pickle=False``: no pickle, so the Python 3.10 Rasa process and the newer sides read the same
file. Scoring needs only NumPy; training needs scikit-learn (only ``make train`` does it).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import yaml

from bot.config import PROJECT_ROOT, risk_model_dir
from bot.content.loader import FAST_SAFE_LOADER

logger = logging.getLogger(__name__)

CORPUS = PROJECT_ROOT / "data" / "safety"
SAFE = "safe"
FORMAT_VERSION = 1
# Classifier categories -> the crisis reply's categories (domain.yml utter_crisis conditions).
REPLY_CATEGORY = {"method_question": "indirect_means"}
# Look-alike rates the thresholds are chosen for, on the validation set (the goal is 3% on unseen
# messages: the margin is for the difference between our validation set and other people's words).
FLAG_FALSE_ALARM_TARGET = 0.025
CRISIS_FALSE_ALARM_TARGET = 0.01

_WORD = re.compile(r"[a-z0-9']+|[^\sa-z0-9'.,!?;:\"()\-]")


def default_model_dir() -> Path:
    return risk_model_dir()


def analyse(normalised: str) -> list[str]:
    """Features of already-normalised text: words, word pairs and triples, pairs with a word skipped,
    character 2-5-grams inside words and 4- and 6-grams across word boundaries."""
    words = _WORD.findall(normalised.lower())
    features = [f"w:{w}" for w in words]
    features += [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    features += [f"t:{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]
    features += [f"s:{a} _ {c}" for a, c in zip(words, words[2:], strict=False)]
    for word in words:
        padded = f" {word} "
        for n in range(2, 6):
            features += [f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    joined = " " + " ".join(words) + " "
    for n in (4, 6):
        features += [f"x:{joined[i:i + n]}" for i in range(len(joined) - n + 1) if " " in joined[i + 1:i + n - 1]]
    return features


@dataclass(frozen=True)
class Example:
    text: str
    category: str
    label: str  # "risk" or "safe"

    @property
    def target(self) -> str:
        return self.category if self.label == "risk" else SAFE


# The bot's own NLU training data is what ordinary conversation with it looks like: look-alikes for the
# classifier (check-in answers, stage descriptions, questions), except the crisis intent's examples.
NLU_DATA = PROJECT_ROOT / "data" / "nlu"
NLU_INTENTS_NOT_LOOKALIKES = {"crisis"}
# NLU files written for the intent classifier only, not reviewed as the risk classifier's look-alikes: voices_y
# holds substance use told as coping ("my mum's sleeping pills to knock myself out") that must not be taught as
# safe. (With it among the look-alikes, validation moved by noise: 0.982 of crises flagged at 4.2% false alarms,
# against 0.981 at 4.2% without it, so the classifier stays as it was chosen.) voices_z holds self-criticism and
# loneliness ("I keep thinking I'm a disappointment to my family") that must not be taught as safe either.
# voices_aa holds low moods and hard thoughts asked about ("feel low long time", "how do I stop thinking I'm never
# good enough"): with it among the look-alikes, validation fell from 0.973 of crises flagged to 0.969 (4.4% false
# alarms either way), so it is left out too. contrasts_dd holds bad days and bad nights ("I had a bad day", "I couldn't
# sleep last night"): with it, validation fell from 0.981 to 0.979 (4.4% false alarms either way): left out. voices_ee
# (stop, out of scope, greetings, data requests) likewise: 0.979 against 0.981 at 4.4%, and the posts set's false
# alarms rose from 4.6% to 5.6%: left out. tell_age ("im 14", "I am 72 years of age"): an age is how many young
# people begin a message about a crisis, not a look-alike of one; with it, validation fell from 0.954 of crises flagged
# to 0.945 (4.1% false alarms either way): left out. stages_mm (recovery-stage statements): validation flags the same
# share either way (0.977 at 3.7%), but with it 3 abuse, child-abuse and harm-to-others messages got the direct question
# instead of the crisis reply itself (0.969 against 0.985 each): left out. stages_pp (recovery-stage statements, many
# of them symptoms told plainly): with it, validation fell from 0.980 of crises flagged to 0.977 (3.7% false alarms
# either way): left out. faq_topics_rr (questions about sleep, work, diagnosis, professionals): with it, validation fell
# from 0.980 to 0.977 (3.7% false alarms either way), and "done" and "I wrote letters to everyone for christmas" were
# flagged: left out.
NLU_FILES_NOT_LOOKALIKES = {"voices_y.yml", "voices_z.yml", "voices_aa.yml", "contrasts_dd.yml", "voices_ee.yml",
                            "tell_age.yml", "stages_mm.yml", "stages_pp.yml", "faq_topics_rr.yml"}


def nlu_lookalikes(folder: Path = NLU_DATA) -> list[Example]:
    examples: list[Example] = []
    for path in sorted(p for p in folder.glob("*.yml") if p.name not in NLU_FILES_NOT_LOOKALIKES):
        for block in yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_SAFE_LOADER).get("nlu", []):
            if "intent" not in block or block["intent"].split("/")[0] in NLU_INTENTS_NOT_LOOKALIKES:
                continue
            for line in str(block.get("examples", "")).splitlines():
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip().removeprefix("- ")).strip()
                if text:
                    examples.append(Example(text, "ordinary_bot", "safe"))
    return examples


def load_corpus(folder: Path) -> list[Example]:
    """Every example in ``folder/*.yml`` (each file: label, category, examples)."""
    examples: list[Example] = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_SAFE_LOADER)
        label, category = data["label"], data["category"]
        if label not in ("risk", "safe"):
            raise ValueError(f"{path}: label must be risk or safe, not {label!r}")
        examples += [Example(str(text), category, label) for text in data["examples"] if str(text).strip()]
    return examples


# Look-alikes whose context the classifier can recognise: a pattern match in a message it places here
# with confidence (news, research, a safely told past, fiction, grief) is not a crisis by that match
# alone. (Idioms are not among them: "I could murder someone right now" must stay a crisis.)
CONTEXT_LOOKALIKES = ("news_research", "past_recovery", "dark_humour_fiction_gaming", "grief")
LOOKALIKE_CATEGORIES = CONTEXT_LOOKALIKES + ("idiom_hyperbole", "medical_medication", "everyday_complaints",
                                             "ordinary_bot", "short_everyday")


# Up to this many words, the flag score is the mean of the two models' (see RiskScore.flag_score).
FEW_WORDS = 8
# Above it, the category model's share of the flag score (the binary model has the rest).
CATEGORY_WEIGHT = 0.9


@dataclass(frozen=True)
class RiskScore:
    """The classifier's view of one message."""

    score: float  # the binary model's probability that the message carries risk
    category: str | None  # the most likely risk category, as the crisis reply names it
    context: str | None = None  # the most likely of the context look-alike kinds (news, a past, fiction, grief)
    context_probability: float = 0.0  # the probability of those kinds together
    agrees: bool = True  # the category model's most likely category overall is a crisis category
    risk_mass: float = 0.0  # the category model's probability of all crisis categories together
    words: int = 0  # how many words the message has

    @property
    def flag_score(self) -> float:
        """The score the thresholds apply to: the category model's probability that the message belongs to
        one of the crisis categories rather than to one of the look-alike kinds. It ranks messages better than
        the binary model (on the validation set its area under the ROC curve is 0.998 against 0.986, and at
        1% false alarms it keeps more crisis messages: it has learned each kind of look-alike apart). On a
        message of at most ``FEW_WORDS`` words one phrase decides both models, and the category model is the
        more sure of a literal "I took all my meds today": there the two are averaged. On a longer message the
        binary model has a tenth of the say: where the category model alone is sure and the binary model is not
        ("they upped my dose last week and he sleeps all day"), that is most often an everyday message. Measured
        on 2026-12-05: the same validation figures as the category model alone (thresholds chosen again), and
        26 rather than 32 of 914 unseen everyday lines (data/nlu/voices_y.yml, not trained on) flagged."""
        if self.words <= FEW_WORDS:
            return (self.risk_mass + self.score) / 2
        return CATEGORY_WEIGHT * self.risk_mass + (1 - CATEGORY_WEIGHT) * self.score

    @property
    def binary_flag_score(self) -> float:
        """The binary model's score when the category model places the message among crisis messages, else 0:
        what a short message is held to (its near-certainty rule was measured on this score)."""
        return self.score if self.agrees else 0.0


class RiskClassifier:
    """Binary risk model (risk vs look-alike) and a category model over every category (crisis and
    look-alike), on the same TF-IDF features. ``thresholds``: ``possible``, ``crisis`` and
    ``context_veto`` (see :meth:`bot.core.safety.screen.SafetyScreen.assess`)."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, risk_coef: np.ndarray,
                 risk_intercept: float, categories: Sequence[str], category_coef: np.ndarray,
                 category_intercept: np.ndarray, thresholds: dict[str, float]) -> None:
        self.vocabulary = vocabulary
        self.idf = idf.astype(np.float64)
        self.risk_coef = risk_coef.astype(np.float64).ravel()
        self.risk_intercept = float(risk_intercept)
        self.categories = list(categories)
        self.category_coef = category_coef.astype(np.float64)
        self.category_intercept = category_intercept.astype(np.float64).ravel()
        self.thresholds = dict(thresholds)
        self.risk_categories = set(self.categories) - set(LOOKALIKE_CATEGORIES)
        self._risk_index = np.array([i for i, c in enumerate(self.categories) if c in self.risk_categories], dtype=int)
        self._context_index = np.array([i for i, c in enumerate(self.categories) if c in CONTEXT_LOOKALIKES],
                                       dtype=int)

    # --------------------------------------------------------------------------- scoring
    def _features(self, normalised: str) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(i for i in (self.vocabulary.get(f) for f in analyse(normalised)) if i is not None)
        index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        values = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float64, count=len(counts))
        values *= self.idf[index]
        norm = np.linalg.norm(values)
        return index, (values / norm if norm else values)

    def score(self, normalised: str) -> RiskScore:
        index, values = self._features(normalised)
        logit = self.risk_intercept + float(self.risk_coef[index] @ values)
        risk = 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))
        logits = self.category_intercept + self.category_coef[:, index] @ values
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        order = np.argsort(-probabilities)
        top_risk = next((self.categories[i] for i in order if self.categories[i] in self.risk_categories),
                        "general")
        top = self.categories[int(order[0])]
        context = next((self.categories[i] for i in order if self.categories[i] in CONTEXT_LOOKALIKES), None)
        mass = float(probabilities[self._risk_index].sum())
        # How sure the model is that the message tells of a past, news, fiction or grief, all kinds together
        # (a safely told past that is also a little like grief is no less a safely told past).
        context_mass = float(probabilities[self._context_index].sum())
        return RiskScore(score=risk, category=REPLY_CATEGORY.get(top_risk, top_risk), context=context,
                         context_probability=context_mass, agrees=top in self.risk_categories, risk_mass=mass,
                         words=len(normalised.split()))

    # ------------------------------------------------------------------------ persistence
    def save(self, folder: Path, report: dict[str, Any] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = {"format": FORMAT_VERSION, "categories": self.categories, "thresholds": self.thresholds,
                "risk_intercept": self.risk_intercept, "terms": terms, "report": report or {}}
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(folder / "weights.npz", idf=self.idf.astype(np.float32),
                            risk_coef=self.risk_coef.astype(np.float32),
                            category_coef=self.category_coef.astype(np.float32),
                            category_intercept=self.category_intercept.astype(np.float32))

    @classmethod
    def load(cls, folder: Path) -> RiskClassifier:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{folder}: model format {meta.get('format')}, expected {FORMAT_VERSION}; "
                             "run `make train`")
        with np.load(folder / "weights.npz", allow_pickle=False) as weights:
            return cls({t: i for i, t in enumerate(meta["terms"])}, weights["idf"], weights["risk_coef"],
                       meta["risk_intercept"], meta["categories"], weights["category_coef"],
                       weights["category_intercept"], meta["thresholds"])


@lru_cache(maxsize=2)
def load_classifier(folder: Path | None = None) -> RiskClassifier | None:
    """The trained classifier, or None (logged as an error) when `make train` has not built it."""
    folder = folder or default_model_dir()
    try:
        return RiskClassifier.load(folder)
    except FileNotFoundError:
        logger.error("risk classifier not found in %s: only the patterns screen messages; run `make train`",
                     folder)
        return None


# ------------------------------------------------------------------------------ training
def fit(texts: Sequence[str], examples: Sequence[Example], c: float = 30.0) -> RiskClassifier:
    """Fit TF-IDF + logistic regressions on normalised texts (needs scikit-learn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=2, dtype=np.float64)
    features = vectorizer.fit_transform(texts)
    labels = np.array([e.label == "risk" for e in examples])
    risk = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(features, labels)
    unknown = {e.category for e in examples if e.label == "safe"} - set(LOOKALIKE_CATEGORIES)
    if unknown:
        raise ValueError(f"look-alike categories {sorted(unknown)} are not in LOOKALIKE_CATEGORIES")
    category = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(
        features, [e.category for e in examples])
    return RiskClassifier({t: int(i) for t, i in vectorizer.vocabulary_.items()}, vectorizer.idf_,
                          risk.coef_[0], float(risk.intercept_[0]), list(category.classes_), category.coef_,
                          category.intercept_,
                          {"possible": 0.5, "crisis": 0.5, "context_veto": 1.01})
