"""Training the risk classifier: fit on ``data/safety/train/``, choose the thresholds on
``data/safety/validation/``, report on both and on ``data/safety/heldout/`` and ``data/safety/posts/``
(never trained on, never used to choose anything), save. `make train` runs it when the corpus, the patterns
or this code change."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from bot.core.safety.classifier import (
    CORPUS,
    CRISIS_FALSE_ALARM_TARGET,
    FLAG_FALSE_ALARM_TARGET,
    Example,
    RiskScore,
    default_model_dir,
    fit,
    load_corpus,
    nlu_lookalikes,
)
from bot.core.safety.screen import SafetyScreen, patterns_only_screen


def false_alarm_threshold(safe_scores: Sequence[float], allowed: int) -> float:
    """The lowest threshold that at most ``allowed`` of ``safe_scores`` reach."""
    ordered = sorted(safe_scores, reverse=True)
    return float(np.nextafter(ordered[allowed], 1.0)) if 0 <= allowed < len(ordered) else 0.0


# A pattern match is overruled only when the classifier is clearly sure of a safe context: at one half, "I keep
# staring at the knives in the kitchen" was once overruled as fiction (0.54) after a retrain.
MIN_CONTEXT_VETO = 0.65


def choose_thresholds(verdicts: Sequence[str], scores: Sequence[RiskScore],
                      is_risk: Sequence[bool]) -> dict[str, float]:
    """Thresholds with the most validation crisis messages flagged while at most
    ``FLAG_FALSE_ALARM_TARGET`` of the look-alikes are (explicit statements always count).

    ``context_veto``: how sure the classifier must be that a message is news, research, a safely told
    past, fiction or grief before a (non-explicit) pattern match in it is overruled; never so
    low that a validation crisis message matched by a pattern is overruled. (A low risk score alone never
    overrules a pattern: tried, it silenced "I could honestly murder someone right now".) ``possible``:
    the risk score for the possible-risk question. ``crisis``: the risk
    score for the crisis reply on the classifier's word alone
    (at most ``CRISIS_FALSE_ALARM_TARGET`` of the look-alikes reach it).
    """
    n_safe = sum(not r for r in is_risk)
    budget = int(FLAG_FALSE_ALARM_TARGET * n_safe)
    protected = [s.context_probability for s, v, r in zip(scores, verdicts, is_risk, strict=True)
                 if r and v == "pattern"]
    veto = max([MIN_CONTEXT_VETO] + [p + 1e-6 for p in protected])
    forced = [v == "explicit" or (v == "pattern" and s.context_probability < veto)
              for v, s in zip(verdicts, scores, strict=True)]
    # When the patterns alone use up the budget, the classifier still adds its most certain 1%.
    left = max(budget - sum(f and not r for f, r in zip(forced, is_risk, strict=True)), int(0.01 * n_safe))
    free = [s.flag_score for s, f, r in zip(scores, forced, is_risk, strict=True) if not r and not f]
    possible = false_alarm_threshold(free, left)
    crisis = max(possible, false_alarm_threshold([s.flag_score for s, r in zip(scores, is_risk, strict=True) if not r],
                                                 int(CRISIS_FALSE_ALARM_TARGET * n_safe)))
    return {"possible": possible, "crisis": min(crisis, 1.01), "context_veto": min(veto, 1.01)}


# Below the bar chosen for the look-alike budget, the possible-risk question may be asked sooner where that is worth it
# on the validation set, judged by the whole screen's answers (what people get), not by the classifier's scores
# alone: many look-alikes scored above the bar are short or otherwise cleared by the screen, and the budget counts
# them anyway. Each step down must pay: a crisis message missed costs MISS_COST look-alikes asked about (asking
# kindly whether someone is thinking of ending their life costs them a moment; a missed crisis gets no help). The
# lowest bar tried is LOWEST_POSSIBLE below the budget's; among equal costs the highest bar is kept.
MISS_COST = 3
LOWEST_POSSIBLE = 0.15
POSSIBLE_STEP = 0.01


def tiers_at(screen: SafetyScreen, thresholds: dict[str, float], texts: Sequence[str], possible: float) -> list[str]:
    """The screen's tier for each text with the possible-risk bar at ``possible`` (``thresholds``: its classifier's)."""
    thresholds["possible"] = possible
    return [screen.assess(text).tier for text in texts]


def lower_possible(screen: SafetyScreen, thresholds: dict[str, float], validation: Sequence[Example]) -> float:
    """The possible-risk bar, from the budget's down to at most ``LOWEST_POSSIBLE`` lower, with the fewest
    misses plus ``MISS_COST`` times the false alarms on the validation set (the highest bar among equals). Only the
    messages whose answer differs between the two ends can change in between, so only they are re-read."""
    top = thresholds["possible"]
    texts = [e.text for e in validation]
    high = tiers_at(screen, thresholds, texts, top)
    low = tiers_at(screen, thresholds, texts, max(top - LOWEST_POSSIBLE, 0.0))
    moving = [i for i, (a, b) in enumerate(zip(high, low, strict=True)) if (a == "clear") != (b == "clear")]
    best, best_cost = top, None
    for step in range(int(round(LOWEST_POSSIBLE / POSSIBLE_STEP)) + 1):
        possible = top - step * POSSIBLE_STEP
        tiers = dict(zip(moving, tiers_at(screen, thresholds, [texts[i] for i in moving], possible), strict=True))
        flagged = [(tiers.get(i, high[i]) != "clear") for i in range(len(texts))]
        misses = sum(e.label == "risk" and not f for e, f in zip(validation, flagged, strict=True))
        false_alarms = sum(e.label == "safe" and f for e, f in zip(validation, flagged, strict=True))
        cost = misses + MISS_COST * false_alarms
        if best_cost is None or cost < best_cost:
            best, best_cost = possible, cost
    thresholds["possible"] = best
    return best


def evaluate(tiers: Iterable[tuple[str, Example]]) -> dict[str, Any]:
    """Per category: the share flagged (crisis reply or possible-risk question) and given the crisis reply."""
    by_category: dict[str, list[str]] = {}
    for tier, example in tiers:
        by_category.setdefault(f"{example.label}:{example.category}", []).append(tier)
    report: dict[str, Any] = {}
    for key, found in sorted(by_category.items()):
        report[key] = {"n": len(found), "flagged": sum(t != "clear" for t in found) / len(found),
                       "crisis_reply": sum(t == "crisis" for t in found) / len(found)}
    return report


def train(corpus: Path = CORPUS, out: Path | None = None) -> dict[str, Any]:
    """Train on ``corpus/train``, choose the thresholds on ``corpus/validation``, save, and report."""
    patterns = patterns_only_screen()
    training = load_corpus(corpus / "train") + nlu_lookalikes()
    validation = load_corpus(corpus / "validation")
    # Two writers can both write a short everyday line ("does alcohol cancel out antidepressants"); such a
    # line is left out of the validation figures so that nothing trained on is ever judged on.
    seen = {e.text.strip().lower() for e in training}
    validation_all = len(validation)
    validation = [e for e in validation if e.text.strip().lower() not in seen]
    classifier = fit([patterns.normalise(e.text) for e in training], training)

    normalised = [patterns.normalise(e.text) for e in validation]
    verdicts = [patterns.pattern_verdict(t) for t in normalised]
    scores = [classifier.score(t) for t in normalised]
    is_risk = [e.label == "risk" for e in validation]
    classifier.thresholds = choose_thresholds(verdicts, scores, is_risk)

    screen = SafetyScreen(patterns.patterns, classifier=classifier)
    lower_possible(screen, classifier.thresholds, validation)
    tiers = [(screen.assess(e.text).tier, e) for e in validation]
    pattern_tiers = [("crisis" if v != "none" else "clear", e) for v, e in zip(verdicts, validation, strict=True)]
    heldout = [e for e in load_corpus(corpus / "heldout") if e.text.strip().lower() not in seen]
    # posts in the style of social media and peer-support forums (many of them long), measured only
    posts = [e for e in load_corpus(corpus / "posts") if e.text.strip().lower() not in seen]
    report = {"training_examples": len(training), "validation_examples": len(validation),
              "validation_left_out_as_also_in_training": validation_all - len(validation),
              "heldout_examples": len(heldout),
              "thresholds": classifier.thresholds, "validation": evaluate(tiers),
              "validation_patterns_alone": evaluate(pattern_tiers),
              "heldout": evaluate((screen.assess(e.text).tier, e) for e in heldout),
              "posts": evaluate((screen.assess(e.text).tier, e) for e in posts)}
    classifier.save(out or default_model_dir(), report)
    return report


def main(argv: list[str]) -> int:
    if argv[:1] != ["train"]:
        print("usage: python -m bot.core.safety.training train [OUT_DIR]", file=sys.stderr)
        return 2
    report = train(out=Path(argv[1]) if len(argv) > 1 else None)
    print(json.dumps({k: v for k, v in report.items() if not k.startswith("validation") or "examples" in k
                      or "left_out" in k}, indent=1))
    print(f"{'validation (patterns + classifier)':40s} {'n':>4s} {'flagged':>8s} {'crisis':>7s} | patterns alone")
    for key, row in report["validation"].items():
        alone = report["validation_patterns_alone"][key]
        print(f"{key:40s} {row['n']:4d} {row['flagged']:8.3f} {row['crisis_reply']:7.3f} | {alone['flagged']:.3f}")
    for name in ("validation", "heldout", "posts"):
        print(f"{name}: flagged {overall(report[name], 'risk'):.3f} of crisis messages, "
              f"{overall(report[name], 'safe'):.3f} of look-alikes")
    return 0


def overall(rows: dict[str, Any], label: str) -> float:
    """The share flagged over every category of ``label`` (risk or safe) in an :func:`evaluate` report."""
    picked = [row for key, row in rows.items() if key.startswith(f"{label}:")]
    total = sum(row["n"] for row in picked)
    return sum(row["flagged"] * row["n"] for row in picked) / total if total else 0.0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
