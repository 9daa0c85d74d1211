"""Safety: recall per category and false-positive rate, the screen next to a keyword list."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.safety import screen_message
from bot.safety.evaluation import BASELINE_KEYWORDS, LabelledSet, keyword_baseline, score
from tests.conftest import PROJECT_ROOT

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
