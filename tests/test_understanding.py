"""Understanding: the held-out set in tests/understanding_heldout.yml (written apart from data/nlu, never
trained on) through the trained model. The floors here are what `make bench` reports, rounded down."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.stages import STAGES
from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import TOKEN, Stack, http

HELDOUT = yaml.safe_load(Path(__file__).with_name("understanding_heldout.yml").read_text())
RETRIEVAL = ("faq", "guidance")
INTENT_FLOOR = 0.85
STAGE_FLOOR = 0.85


def training_examples() -> dict[str, list[str]]:
    """Every example in data/nlu, by intent (retrieval intents by their full name)."""
    examples: dict[str, list[str]] = {}
    for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" in block:
                examples.setdefault(block["intent"], []).extend(
                    re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip()[2:]).strip()
                    for line in block["examples"].splitlines() if line.strip().startswith("- "))
    return examples


def understood(parsed: dict[str, Any]) -> str:
    """The intent as the dialogue sees it: a retrieval intent with the answer the selector chose."""
    intent = parsed["intent"]["name"]
    if intent in RETRIEVAL:
        # one ResponseSelector for both retrieval intents: its answer is under "default"
        return str(parsed.get("response_selector", {}).get("default", {}).get("response", {})
                   .get("intent_response_key") or intent)
    return intent


def test_every_intent_has_at_least_eighty_examples() -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    counts = Counter()
    for intent, lines in training_examples().items():
        counts[intent.split("/")[0]] += len(set(lines))
    # The crisis intent is a backstop: crises are decided by the safety screen and its own corpus.
    thin = {i: counts[i] for i in domain["intents"] if i != "crisis" and counts[i] < 80}
    assert not thin, thin


def test_heldout_is_not_training_data_and_covers_every_intent() -> None:
    training = {e.lower() for lines in training_examples().values() for e in lines}
    held = [t for texts in (*HELDOUT["intents"].values(), *HELDOUT["stages"].values()) for t in texts]
    assert not training & {t.lower() for t in held}
    assert all(len(HELDOUT["stages"][s]) >= 20 for s in STAGES)
    known = set(training_examples())
    assert set(HELDOUT["intents"]) <= known and len(HELDOUT["intents"]) >= 45


@pytest.mark.parametrize(("name", "at_least"), [("understanding_dev.yml", 300), ("understanding_dev2.yml", 300),
                                               ("understanding_dev3.yml", 200), ("understanding_dev4.yml", 150)])
def test_the_development_sets_are_not_training_data(name: str, at_least: int) -> None:
    dev = yaml.safe_load(Path(__file__).with_name(name).read_text())
    training = {e.lower() for lines in training_examples().values() for e in lines}
    lines = {t.lower() for part in dev.values() for texts in part.values() for t in texts}
    assert len(lines) > at_least and not training & lines
    assert set(dev["intents"]) <= set(training_examples())


@pytest.mark.rasa
def test_heldout_intents_and_stages_are_understood(stack: Stack) -> None:
    url = f"http://127.0.0.1:{stack.rasa_port}/model/parse?token={TOKEN}"
    misses: dict[str, list[str]] = {"intents": [], "stages": []}
    totals = {"intents": 0, "stages": 0}
    for part, expected_of in (("intents", lambda key: key), ("stages", lambda key: f"stage_{key}")):
        for key, texts in HELDOUT[part].items():
            for text in texts:
                _, parsed = http("POST", url, json.dumps({"text": text}).encode())
                totals[part] += 1
                if understood(parsed) != expected_of(key):
                    misses[part].append(f"{key}: {text!r} -> {understood(parsed)}")
    intent_accuracy = 1 - len(misses["intents"]) / totals["intents"]
    stage_accuracy = 1 - len(misses["stages"]) / totals["stages"]
    assert intent_accuracy >= INTENT_FLOOR, f"{intent_accuracy:.3f}\n" + "\n".join(misses["intents"])
    assert stage_accuracy >= STAGE_FLOOR, f"{stage_accuracy:.3f}\n" + "\n".join(misses["stages"])
