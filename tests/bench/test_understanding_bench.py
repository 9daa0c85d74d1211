"""Understanding: intent macro-F1 from 3-fold cross-validation, ours next to the `rasa init` pipeline;
and the held-out stage statements through our trained model."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.bench.stacks import RASA, init_starter_bot
from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import TOKEN, Stack, http

pytestmark = pytest.mark.bench


def cross_validate(config: Path, out: Path) -> dict:
    subprocess.run([RASA, "test", "nlu", "--cross-validation", "--folds", "3", "--config", str(config),
                    "--nlu", "data/nlu", "--out", str(out)], cwd=PROJECT_ROOT, check=True, capture_output=True,
                   timeout=3600, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    return json.loads((out / "intent_report.json").read_text())


def test_intent_cross_validation_against_rasa_init(tmp_path: Path, report: dict[str, str],
                                                   summary: list[str]) -> None:
    (tmp_path / "starter").mkdir()
    init_starter_bot(tmp_path / "starter")
    ours = cross_validate(PROJECT_ROOT / "config.yml", tmp_path / "ours")
    default = cross_validate(tmp_path / "starter" / "config.yml", tmp_path / "default")
    intents = sorted(k for k in ours if k not in {"accuracy", "macro avg", "weighted avg", "micro avg"})
    rows = ["| intent | support | F1 ours | F1 `rasa init` pipeline |", "|---|---|---|---|"]
    for intent in intents:
        rows.append(f"| {intent} | {ours[intent]['support']} | {ours[intent]['f1-score']:.3f} | "
                    f"{default.get(intent, {}).get('f1-score', float('nan')):.3f} |")
    macro_ours, macro_default = ours["macro avg"]["f1-score"], default["macro avg"]["f1-score"]
    report["10-understanding"] = "\n".join([
        "## Understanding: intents",
        "",
        "Rasa's 3-fold cross-validation (`rasa test nlu --cross-validation --folds 3`) on `data/nlu/`, with our",
        "`config.yml` (safety screen included) and with the pipeline `rasa init` writes, in the same run.",
        "Command: `make bench`.",
        "",
        f"**Macro-F1: ours {macro_ours:.3f}, `rasa init` pipeline {macro_default:.3f}.**",
        "",
        *rows,
    ])
    summary.append(f"understanding: intent macro-F1 {macro_ours:.3f} (rasa init pipeline {macro_default:.3f})")
    assert macro_ours > 0.5


def test_stage_accuracy_on_heldout_statements(stack: Stack, report: dict[str, str], summary: list[str]) -> None:
    heldout = yaml.safe_load((PROJECT_ROOT / "tests" / "stage_heldout.yml").read_text())
    url = f"http://127.0.0.1:{stack.rasa_port}/model/parse?token={TOKEN}"
    rows = ["| stage | statements | correct |", "|---|---|---|"]
    right = total = 0
    for stage, texts in heldout.items():
        correct = sum(http("POST", url, json.dumps({"text": t}).encode())[1]["intent"]["name"] == f"stage_{stage}"
                      for t in texts)
        rows.append(f"| {stage} | {len(texts)} | {correct} |")
        right, total = right + correct, total + len(texts)
    report["25-stage"] = "\n".join([
        "## Recovery stage",
        "",
        "Held-out statements in `tests/stage_heldout.yml` (not in the training data) through the trained model.",
        "Command: `make bench` (also checked in `make test`: at least 90%).",
        "",
        f"**Accuracy: {right / total:.1%}** ({right}/{total}).",
        "",
        *rows,
    ])
    summary.append(f"stage: {right / total:.1%} of held-out statements")
    assert right / total >= 0.9
