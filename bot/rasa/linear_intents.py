"""A second opinion on the intent: a linear model over word and character n-grams, averaged with DIET's.

Why: on our data a regularised linear model generalises to wordings nobody on the team wrote better than DIET
alone (3-fold cross-validation and the development set: docs/benchmarks.md), and the average of the two beats
either. It trains in about a minute and a half (100 iterations, below), inside the test budget that ruled out dense
sentence features.

The component sits after DIET and the ResponseSelector and before the FallbackClassifier: it rewrites the intent,
its ranking and, for a retrieval intent (``faq``, ``guidance``), the answer the selector chose, so everything
after it (the fallback threshold, the form-answer readings, the safety screen) sees the averaged decision.
Scikit-learn's TfidfVectorizer and LogisticRegression do the work (Rasa already depends on scikit-learn).
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Any, Dict, List

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_union

from bot.rasa.form_answers import RETRIEVAL_INTENTS, choose_answer

logger = logging.getLogger(__name__)

MODEL_FILE = "linear_intents.joblib"
# The linear model's opinion counts only when it knows at least this share of the message's words: on words it
# never saw ("lorem ipsum", "jjjjjjjj") it can be confidently wrong, where DIET's low confidence leads to the
# fallback ("Sorry, I didn't get that").
KNOWN_WORDS = 0.5
WORDS = re.compile(r"(?u)\b\w\w+\b")
SELECTOR = "default"
# L-BFGS stops here instead of at its own tolerance (173 iterations on 12,224 examples, 2026-12-07): on the three
# development sets the 100-iteration model chose the same intent for every line, its probabilities within 0.014 of
# the converged model's, and its training took a minute less (the longest step of a fresh `make test`).
MAX_ITERATIONS = 100


def _pipeline(c: float) -> Pipeline:
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    )
    return Pipeline([("features", features), ("model", LogisticRegression(C=c, max_iter=MAX_ITERATIONS))])


def _fast_to_predict(model: Pipeline) -> Pipeline:
    """The same model, its coefficients laid out column by column: scikit-learn multiplies a message's features by
    their transpose, which SciPy otherwise copied whole (about 36 MB for 66 intents) for every message, the
    largest share of a replica's time per message after the action server's checks (a profile of the running
    replica). The numbers, and so the predictions, are unchanged."""
    classifier = model.named_steps["model"]
    classifier.coef_ = np.asfortranarray(classifier.coef_)
    return model


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentComponent(GraphComponent):
    """Averages DIET's intent (and the ResponseSelector's answer) with a linear model's."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # weight: the linear model's share of the average; C: its inverse regularisation strength.
        return {"weight": 0.5, "C": 20.0}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: Pipeline | None = None) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearIntentComponent:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentComponent:
        try:
            with model_storage.read_from(resource) as directory:
                model = _fast_to_predict(joblib.load(directory / MODEL_FILE))
        except (ValueError, FileNotFoundError):
            logger.warning("The linear intent model was not found; DIET's intent is used alone.")
            model = None
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = [], []
        for message in training_data.intent_examples:
            label = message.get_full_intent()  # "faq/medication_necessary" for a retrieval intent
            if label and message.get("text"):
                texts.append(message.get("text"))
                labels.append(label)
        if len(set(labels)) < 2:
            return self._resource
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # stopped at MAX_ITERATIONS on purpose
            self._model = _fast_to_predict(_pipeline(float(self._config["C"])).fit(texts, labels))
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / MODEL_FILE)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        for message in messages:
            if message.get("text"):
                self._process_one(message)
        return messages

    def _knows_the_words(self, text: str) -> bool:
        vocabulary = self._model.named_steps["features"].transformer_list[0][1].vocabulary_
        words = WORDS.findall(text.lower())
        return bool(words) and sum(w in vocabulary for w in words) >= KNOWN_WORDS * len(words)

    def _process_one(self, message: Message) -> None:
        diet = {r["name"]: float(r["confidence"]) for r in message.get("intent_ranking") or []}
        # The crisis intent is DIET's alone: a backstop to the safety screen, with a threshold set on DIET's
        # confidence (config.yml), and only a handful of training examples for a linear model.
        if not diet or (message.get("intent") or {}).get("name") == "crisis" \
                or not self._knows_the_words(message.get("text")):
            return
        weight = float(self._config["weight"])
        linear = dict(zip(self._model.classes_, self._model.predict_proba([message.get("text")])[0], strict=True))
        top_linear: Dict[str, float] = {}
        for label, p in linear.items():
            top = label.split("/")[0]
            top_linear[top] = top_linear.get(top, 0.0) + float(p)
        names = set(diet) | set(top_linear)
        averaged = {n: (1 - weight) * diet.get(n, 0.0) + weight * top_linear.get(n, 0.0) for n in names}
        ranking = sorted(averaged.items(), key=lambda kv: kv[1], reverse=True)[:10]
        name, confidence = ranking[0]
        message.set("intent", {"name": name, "confidence": confidence}, add_to_output=True)
        message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
        if name in RETRIEVAL_INTENTS:
            self._choose_answer(message, name, linear, top_linear[name] if name in top_linear else 0.0, weight)

    @staticmethod
    def _choose_answer(message: Message, intent: str, linear: Dict[str, float], total: float,
                       weight: float) -> None:
        selected = message.get("response_selector", {}).get(SELECTOR)
        if not selected:
            return
        chosen = {r["intent_response_key"]: float(r["confidence"]) for r in selected.get("ranking", [])
                  if str(r.get("intent_response_key", "")).startswith(f"{intent}/")}
        within = {k: p / total for k, p in linear.items() if total > 0 and k.startswith(f"{intent}/")}
        keys = set(chosen) | set(within)
        if not keys:
            return
        selector_total = sum(chosen.values()) or 1.0
        scores = {k: (1 - weight) * chosen.get(k, 0.0) / selector_total + weight * within.get(k, 0.0)
                  for k in keys}
        key = max(sorted(keys), key=lambda k: scores[k])
        response = selected.setdefault("response", {})
        if response.get("intent_response_key") != key:
            choose_answer(message, key)
            response["confidence"] = min(max(scores[key], 0.0), 1.0)
