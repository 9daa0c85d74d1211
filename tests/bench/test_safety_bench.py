"""Safety: recall per category and false-positive rate, the screen next to a keyword list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.safety import screen_message
from bot.core.safety.classifier import CORPUS, load_corpus
from bot.core.safety.evaluation import BASELINE_KEYWORDS, LabelledSet, keyword_baseline, score
from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import TOKEN, Stack, http

pytestmark = pytest.mark.bench
LABELLED = PROJECT_ROOT / "tests" / "safety" / "labelled_messages.yml"


def test_safety_screen_against_keyword_baseline(report: dict[str, str], summary: list[str]) -> None:
    labelled = LabelledSet.load(Path(LABELLED))
    ours = score(lambda m: screen_message(m).is_crisis, labelled)
    baseline = score(keyword_baseline, labelled)
    rows = ["| category | messages | safety screen recall | keyword baseline recall |",
            "|---|---|---|---|"]
    for category, messages in labelled.crisis.items():
        rows.append(f"| {category} | {len(messages)} | {ours.recall[category]:.2f} | "
                    f"{baseline.recall[category]:.2f} |")
    rows.append(f"| **false-positive rate** (look-alikes, n={len(labelled.not_crisis)}) | | "
                f"{ours.false_positive_rate:.1%} | {baseline.false_positive_rate:.1%} |")
    report["20-safety"] = "\n".join([
        "## Safety: crisis detection",
        "",
        f"Labelled set `tests/safety/labelled_messages.yml` ({labelled.size} messages). Baseline: substring",
        f"match on {', '.join(repr(k) for k in BASELINE_KEYWORDS)}. Command: `make bench`.",
        "",
        *rows,
        "",
        "Caveat: the set was written by the team alongside the patterns; recall on it is an upper bound.",
        "A clinician-written held-out set is the next step (see docs/content-review.md).",
    ])
    summary.append(
        f"safety: min recall {ours.overall_recall:.2f} (keywords {baseline.overall_recall:.2f}), "
        f"false positives {ours.false_positive_rate:.1%} (keywords {baseline.false_positive_rate:.1%})"
    )
    assert ours.overall_recall >= baseline.overall_recall


@pytest.mark.parametrize("held_out", ["validation", "heldout"])
def test_risk_classifier_on_held_out_sets(held_out: str, report: dict[str, str], summary: list[str]) -> None:
    """Per category on data/safety/validation (written apart from the training corpus; the thresholds are
    chosen there) and data/safety/heldout (never trained on, never used to choose anything): the share
    that gets the crisis reply or the possible-risk question, for the patterns alone, the classifier alone,
    both, and the keyword baseline; the screen's added latency; the share asked the possible-risk question."""
    import statistics
    import time

    from bot.core.safety.classifier import CORPUS, load_corpus
    from bot.core.safety.screen import load_screen, patterns_only_screen

    screen, patterns = load_screen(), patterns_only_screen()
    classifier = screen._classifier
    assert classifier is not None
    training = {e.text.strip().lower() for e in load_corpus(CORPUS / "train")}
    validation = [e for e in load_corpus(CORPUS / held_out) if e.text.strip().lower() not in training]
    rows: dict[str, dict[str, list[bool]]] = {}
    timings: list[float] = []
    possible = 0
    # A running screen is warm: its one-time loading and first caches are paid on messages of the training set
    # (other texts than those timed) before the timing starts.
    for example in load_corpus(CORPUS / "train")[:300]:
        screen.assess(example.text)
    for example in validation:
        started = time.perf_counter()
        both = screen.assess(example.text)
        timings.append((time.perf_counter() - started) * 1000)
        possible += both.tier == "possible"
        normalised = patterns.normalise(example.text)
        alone = classifier.score(normalised).score >= classifier.thresholds["possible"]
        row = rows.setdefault(f"{example.label}: {example.category}",
                              {"patterns": [], "classifier": [], "both": [], "keywords": []})
        row["patterns"].append(patterns.assess(example.text).is_crisis)
        row["classifier"].append(alone)
        row["both"].append(both.tier != "clear")
        row["keywords"].append(keyword_baseline(example.text))
    table = ["| category | n | patterns alone | classifier alone | both (shipped) | keyword baseline |",
             "|---|---|---|---|---|---|"]
    totals: dict[str, dict[str, list[bool]]] = {"risk": {}, "safe": {}}
    for key, row in sorted(rows.items()):
        table.append(f"| {key} | {len(row['both'])} | " + " | ".join(
            f"{sum(row[k]) / len(row[k]):.2f}" for k in ("patterns", "classifier", "both", "keywords")) + " |")
        for k, values in row.items():
            totals[key.split(":")[0]].setdefault(k, []).extend(values)
    for label, name in (("risk", "**all crisis messages (recall)**"), ("safe", "**all look-alikes (false alarms)**")):
        table.append(f"| {name} | {len(totals[label]['both'])} | " + " | ".join(
            f"{sum(totals[label][k]) / len(totals[label][k]):.3f}"
            for k in ("patterns", "classifier", "both", "keywords")) + " |")
    p50, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[18]
    recall = sum(totals["risk"]["both"]) / len(totals["risk"]["both"])
    alarms = sum(totals["safe"]["both"]) / len(totals["safe"]["both"])
    about = {
        "validation": "written in another sitting by other voices than `data/safety/train/`, never trained on; "
                      "the thresholds are chosen on it by `make train`, and its misses guided later writing of "
                      "the training corpus, so these figures are optimistic",
        "heldout": "written by a writer who never saw the training or validation data; never trained on, "
                   "never used to choose a threshold or a rule: the honest figure",
    }[held_out]
    report[f"21-risk-classifier-{held_out}"] = "\n".join([
        f"## Safety: the learned risk classifier on the {held_out} set",
        "",
        f"`data/safety/{held_out}/` ({len(validation)} messages, {about}). A message",
        "counts as flagged when it gets the crisis reply or the possible-risk question (which carries the",
        f"crisis line). Thresholds: {', '.join(f'{k} {v:.3f}' for k, v in classifier.thresholds.items())}.",
        "Command: `make bench`.",
        "",
        *table,
        "",
        f"Screen latency per message (patterns + classifier, this machine): p50 {p50:.2f} ms, p95 {p95:.2f} ms.",
        f"Share of {held_out} messages that get the possible-risk question: {possible / len(validation):.1%}.",
    ])
    summary.append(f"risk classifier ({held_out}): flagged {recall:.3f} of crisis messages, {alarms:.3f} of "
                   f"look-alikes; screen p95 {p95:.2f} ms")
    assert recall > sum(totals["risk"]["patterns"]) / len(totals["risk"]["patterns"])



def test_crisis_sets_over_the_running_model(stack: Stack, report: dict[str, str], summary: list[str]) -> None:
    """The validation and heldout sets through the running model's parse (``/model/parse``: every NLU component,
    the readings of the words that follow the screen included), as the issue measures it over REST: a message
    counts as flagged when the parse says ``crisis`` (the crisis reply, or the possible-risk question with the
    line in it)."""
    seen = {e.text.strip().lower() for e in load_corpus(CORPUS / "train")}
    url = f"http://127.0.0.1:{stack.rasa_port}/model/parse?token={TOKEN}"
    rows = []
    for held_out in ("validation", "heldout"):
        flagged = {"risk": [0, 0], "safe": [0, 0]}
        for example in (e for e in load_corpus(CORPUS / held_out) if e.text.strip().lower() not in seen):
            parsed = http("POST", url, json.dumps({"text": example.text}).encode())[1]
            counts = flagged[example.label]
            counts[0] += 1
            counts[1] += parsed["intent"]["name"] == "crisis"
        recall, false_alarms = (flagged[k][1] / flagged[k][0] for k in ("risk", "safe"))
        rows.append(f"| {held_out} | {flagged['risk'][0]} | {recall:.3f} | {flagged['safe'][0]} | {false_alarms:.3f} |")
        summary.append(f"safety over the running model ({held_out}): {recall:.3f} flagged, {false_alarms:.3f} "
                       "false alarms")
        assert flagged["risk"][0] > 0 and flagged["safe"][0] > 0
    report["22-safety-rest"] = "\n".join([
        "## Safety: the crisis sets over the running model", "",
        "Each message of `data/safety/validation` and `data/safety/heldout` (lines also in the training set left",
        "out) through the running model's parse, as over REST: every NLU component, including the readings of the",
        "words after the screen (a medication question, a request about storage), which may move its verdict.",
        "Flagged: the parse says `crisis` (the crisis reply or the possible-risk question with the line in it).",
        "Command: `make bench`.", "",
        "| set | crisis messages | flagged | look-alikes | flagged |", "|---|---|---|---|---|", *rows,
    ])
