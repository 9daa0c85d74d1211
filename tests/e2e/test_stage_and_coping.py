"""Stage, coping guidance, FAQs and the relapse-prevention plan over REST, with crises in between."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.e2e.stack import Stack, texts

pytestmark = pytest.mark.rasa


def consented(stack: Stack) -> str:
    sender = f"stage-{uuid.uuid4().hex[:10]}"
    stack.say(sender, "hi")
    stack.say(sender, "yes")
    return sender


def test_stage_from_free_text_said_back_then_coping_walkthrough_and_feedback(stack: Stack) -> None:
    sender = consented(stack)
    reply = stack.say(sender, "my psychiatrist upped my dose last week")
    assert "treatment stage" in texts(reply)
    assert stack.tracker(sender)["slots"]["recovery_stage"] == "treatment"
    offer = stack.say(sender, "yes")
    buttons = offer[-1]["buttons"]
    assert 1 <= len(buttons) <= 3 and "Pick one" in texts(offer)
    first = buttons[0]
    walk = stack.say(sender, first["payload"])
    assert "step by step" in texts(walk) and "Did that help" in texts(walk)
    not_helped = [b["payload"] for b in walk[-1]["buttons"] if "didn't" in b["title"]][0]
    assert "won't suggest that one again" in texts(stack.say(sender, not_helped))
    again = stack.say(sender, "coping ideas")
    assert first["title"] not in [b["title"] for b in again[-1]["buttons"]]
    export = json.loads(stack.cli("export", sender).stdout)
    assert [s["stage"] for s in export["stage_history"]] == ["treatment"]
    assert export["coping_feedback"][0]["helped"] is False


def test_moving_back_is_met_without_judgement_and_returning_user_is_met_where_they_were(stack: Stack) -> None:
    sender = consented(stack)
    assert "maintenance stage" in texts(stack.say(sender, "i've been well for over a year and want to stay that way"))
    stack.say(sender, "yes")
    check = texts(stack.say(sender, "i just started antidepressants"))
    assert "got harder lately" in check and "isn't a straight line" not in check  # asked, not claimed
    assert "isn't a straight line" in texts(stack.say(sender, "yes"))
    assert stack.tracker(sender)["slots"]["recovery_stage"] == "treatment"
    assert "in treatment" in texts(stack.say(sender, "hello"))


def test_unknown_stage_gets_ideas_first_then_the_short_check_when_asked(stack: Stack) -> None:
    sender = consented(stack)
    ask = texts(stack.say(sender, "give me a coping idea"))
    assert "help many people" in ask and "which of these sounds most like you" not in ask
    assert "Six quick yes/no questions" in texts(stack.say(sender, "/start_stage_check"))
    for answer in ("yes", "yes", "yes", "yes", "no"):
        stack.say(sender, answer)
    result = texts(stack.say(sender, "no"))
    assert "rebuilding (rehabilitation) stage" in result
    assert stack.tracker(sender)["slots"]["recovery_stage"] == "rehabilitation"


def test_crisis_inside_the_stage_check(stack: Stack) -> None:
    sender = consented(stack)
    stack.say(sender, "/start_stage_check")
    assert "988" in texts(stack.say(sender, "honestly i just want to disappear forever"))


@pytest.mark.parametrize(("question", "expected"), [
    ("how long does recovery take", "no fixed timeline"),
    ("is full recovery possible", "Many people do recover"),
    ("do i need medication to recover", "prescriber"),
    ("are relapses common", "not failure"),
    ("what does recovery mean", "doesn't have to mean having no symptoms"),
    ("i can't afford therapy", "Next steps"),
])
def test_guidance_and_faqs(stack: Stack, question: str, expected: str) -> None:
    assert expected in texts(stack.say(f"faq-{uuid.uuid4().hex[:8]}", question))


def test_relapse_plan_built_shown_and_a_crisis_in_the_middle(stack: Stack) -> None:
    sender = consented(stack)
    assert "1 of 4" in texts(stack.say(sender, "make a relapse plan"))
    stack.say(sender, "sleeping badly, skipping meals")
    assert "988" in texts(stack.say(sender, "some days i think everyone would be better off without me"))
    resumed = texts(stack.say(sender, "make a relapse plan"))  # it carries on where the crisis interrupted it
    assert "carry on" in resumed and "2 of 4" in resumed
    for answer in ("exams", "walks and my sister", "my sister and my GP"):
        reply = stack.say(sender, answer)
    assert "relapse-prevention plan" in texts(reply) and "saved" in texts(reply)
    shown = texts(stack.say(sender, "show my relapse plan"))
    assert "sleeping badly" in shown and "exams" in shown and "my sister and my GP" in shown
