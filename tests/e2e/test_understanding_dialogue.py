"""Understanding over REST: a question is answered, never staged; a confirmed stage is not asked again; a
carer is not staged; feedback about the bot gets an apology; a hard day is heard first."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.stack import Stack, texts

pytestmark = pytest.mark.rasa

STAGE_PROMPT = "Does that sound right?"


def consented(stack: Stack) -> str:
    sender = f"understand-{uuid.uuid4().hex[:10]}"
    stack.say(sender, "hi")
    stack.say(sender, "/give_consent")
    return sender


@pytest.mark.parametrize("question", [
    "what side effects should I expect from sertraline?",
    "how do I tell a doctor about this?",
    "what if people at college find out?",
    "can you diagnose me?",
    "I've just started therapy, is it normal to feel worse at first?",
])
def test_a_question_is_answered_not_staged(stack: Stack, question: str) -> None:
    reply = texts(stack.say(consented(stack), question))
    assert STAGE_PROMPT not in reply and "I'm not sure I understood" not in reply, reply


@pytest.mark.parametrize(("question", "answer"), [
    ("can you diagnose me?", "I can't diagnose anyone"),
    ("how do I tell a doctor about this?", "go in with a few notes"),
    ("How do I explain a gap in my CV from when I was ill?", "a gap in your CV"),
    ("How much caffeine is okay if I have anxiety?", "Caffeine can make anxiety"),
    ("what's the difference between a psychologist and a psychiatrist?", "A psychiatrist is a medical doctor"),
    ("i wake up at 4am every night and my mind starts racing", "Sleep and mood affect each other"),
])
def test_everyday_questions_get_the_answer_on_their_topic(stack: Stack, question: str, answer: str) -> None:
    """Red team rt26: a CV gap got the carers' self-care answer, caffeine the one about alcohol and drugs, the two
    professions the fallback."""
    reply = texts(stack.say(consented(stack), question))
    assert answer in reply and STAGE_PROMPT not in reply, reply


def test_a_confirmed_stage_is_not_asked_again(stack: Stack) -> None:
    sender = consented(stack)
    assert "maintenance stage" in texts(stack.say(sender, "I've been stable for about four years with bipolar"))
    stack.say(sender, "yes that's me")
    for again in ("my mood has been steady for years now, I know my warning signs",
                  "no, I'm not new to this, I've managed it for a long time"):
        reply = texts(stack.say(sender, again))
        assert STAGE_PROMPT not in reply and "isn't a straight line" not in reply, reply


def test_no_to_a_proposed_stage_offers_the_choice_and_a_choice_is_not_asked_again(stack: Stack) -> None:
    sender = consented(stack)
    stack.say(sender, "something has felt off for a few weeks and I don't know what it is")
    assert "Which of these sounds most like you" in texts(stack.say(sender, "no"))
    chosen = texts(stack.say(sender, "/stage_treatment"))
    assert STAGE_PROMPT not in chosen and "isn't a straight line" not in chosen
    assert stack.tracker(sender)["slots"]["recovery_stage"] == "treatment"


def test_a_parent_is_not_staged_as_the_patient(stack: Stack) -> None:
    sender = consented(stack)
    first = texts(stack.say(sender, "my son was diagnosed with depression last month, how can I help him?"))
    assert STAGE_PROMPT not in first and "Listening" in first
    later = texts(stack.say(sender, "he has started seeing a therapist every week"))
    assert STAGE_PROMPT not in later
    assert stack.tracker(sender)["slots"].get("recovery_stage") is None


@pytest.mark.parametrize("feedback", ["you're useless", "that's not what I asked", "talk to me like a human"])
def test_feedback_about_the_bot_gets_an_apology_and_options(stack: Stack, feedback: str) -> None:
    replies = stack.say(consented(stack), feedback)
    assert "I'm sorry" in texts(replies) and replies[-1].get("buttons")


def test_a_hard_day_is_heard_first(stack: Stack) -> None:
    reply = texts(stack.say(consented(stack), "i'm having a really bad day"))
    # one of the replies to someone telling how they feel (they vary, so the same words do not come back each time)
    heard = ("today feels hard", "That sounds really hard. I'm listening", "It makes sense to feel worn down")
    assert any(h in reply for h in heard) and "ashamed" not in reply


def test_an_offered_coping_step_picked_by_its_place(stack: Stack) -> None:
    sender = consented(stack)
    stack.say(sender, "I started therapy for my anxiety a few weeks ago")
    offer = stack.say(sender, "yes")
    second = offer[-1]["buttons"][1]["title"]
    walk = texts(stack.say(sender, "The second one, please."))
    assert "step by step" in walk and second in walk


def test_a_stage_proposed_and_not_answered_is_not_proposed_again(stack: Stack) -> None:
    sender = consented(stack)
    assert STAGE_PROMPT in texts(stack.say(sender, "I'm rebuilding my routines and went back to work part-time"))
    again = texts(stack.say(sender, "I've also started seeing friends again and cooking for myself"))
    assert STAGE_PROMPT not in again


def test_a_hello_with_who_they_are_gets_the_welcome_not_a_stage(stack: Stack) -> None:
    reply = texts(stack.say(f"intro-{uuid.uuid4().hex[:8]}", "hello, I am student from Vietnam, study in Manchester"))
    assert "Recovery Guide" in reply and "Does that sound right?" not in reply, reply
