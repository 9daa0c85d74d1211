"""Everyday dialogue: persona conversations (tests/bench/personas.yml, written by someone who never saw
the training data) through the running stack. Reported: the share of turns answered with the fallback,
and the share of stored forms (check-ins, plans) holding something the person did not give as an answer."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT_ROOT
from tests.e2e.stack import Stack, texts

pytestmark = pytest.mark.bench

FALLBACK = "I'm not sure I understood that"


def stored_forms(export: dict[str, Any]) -> list[list[str]]:
    """The free-text values of each stored check-in and plan."""
    forms = [[str(c.get("coping_used") or ""), str(c.get("note") or "")] for c in export.get("checkins", [])]
    for plan in ("safety_plan", "relapse_plan"):
        if export.get(plan):
            forms.append([str(v) for k, v in export[plan].items() if k != "updated_at"])
    return forms


def test_persona_conversations(stack: Stack, report: dict[str, str], summary: list[str]) -> None:
    personas = yaml.safe_load((PROJECT_ROOT / "tests" / "bench" / "personas.yml").read_text())["personas"]
    turns = fallbacks = forms = bad_forms = 0
    rows = ["| persona | turns | fallback replies | stored forms | holding a non-answer |", "|---|---|---|---|---|"]
    for persona in personas:
        sender = f"persona-{uuid.uuid4().hex[:10]}"
        fell_back = 0
        non_answers = []
        for turn in persona["turns"]:
            reply = texts(stack.say(sender, turn["text"]))
            fell_back += FALLBACK in reply
            if not turn["form_answer"] and len(turn["text"]) > 3 and not turn["text"].startswith("/"):
                non_answers.append(turn["text"].strip().lower())
        exported = stack.cli("export", sender)
        export = json.loads(exported.stdout) if exported.returncode == 0 and exported.stdout.strip() else {}
        stored = stored_forms(export)
        holding = sum(any(n in value.lower() for n in non_answers for value in form) for form in stored)
        turns, fallbacks, forms, bad_forms = (turns + len(persona["turns"]), fallbacks + fell_back,
                                              forms + len(stored), bad_forms + holding)
        rows.append(f"| {persona['name']} | {len(persona['turns'])} | {fell_back} | {len(stored)} | {holding} |")
    fallback_share = fallbacks / turns
    report["40-everyday"] = "\n".join([
        "## Everyday dialogue: persona conversations",
        "",
        f"{len(personas)} persona conversations ({turns} turns, `tests/bench/personas.yml`, written apart from the",
        "training data) through the stack. Command: `make bench`.",
        "",
        f"**Fallback replies: {fallback_share:.1%} of turns. Stored forms holding a non-answer: {bad_forms} of "
        f"{forms} (goal 0).**",
        "",
        *rows,
    ])
    summary.append(f"everyday: fallback {fallback_share:.1%} of turns; forms with a non-answer {bad_forms}/{forms}")
    assert turns > 0 and forms > 0
