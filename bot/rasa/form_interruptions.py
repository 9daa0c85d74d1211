"""Rasa policy: a command or a change of topic inside a form pauses the form instead of being stored.

"show my relapse plan" typed at "What are your early warning signs?", or "can you give me a coping idea
first?" typed at the anxiety question, is not an answer. When a form is active and the message's intent
is one of the commands in ``data/content/form_answers.yml`` (``interruptions``), this policy answers the
command at once (the form is paused: ``interrupted_form`` keeps which one), then says how to carry on
("check in" / "make a safety plan" resume where it stopped). Short replies ("coping", "music") stay
answers unless a deterministic reader gave the intent. The crisis policy still outranks this one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Dict, List

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.content.coping import load_coping_steps, mentions_step, named_step, ordinal_step
from bot.content.loader import content_path, load_yaml
from bot.content.questionnaires import load_questionnaires
from bot.core.checkins import parse_anxiety, parse_scale, rating_corrected
from bot.core.form_answers import DETERMINISTIC, STAGE_PREFIX
from bot.core.form_replies import asks_about_the_step, is_acknowledgement, normal_text, tried_without_rating
from bot.core.reminders import (
    ADDS_ANOTHER,
    LIST_AGAIN,
    PLACE_WORDS,
    THAT_ONE_GONE,
    corrects_time,
    part_of_day_target,
    part_of_day_time,
    place_timezone,
    read_request,
    selects_reminder,
)
from bot.core.stage_reading import stage_reading

LISTEN = "action_listen"
PAUSED = "utter_form_paused"
NO_PAUSED_NOTE = ("utter_ask_confirm_deletion",)
NOT_COMMANDS = ("crisis", "crisis_help", "stop", "inform")
REMINDERS = "action_reminders"
# The check-in's rating steps, read as the check-in reads them: a word it takes as the rating is the answer.
CHECKIN_RATINGS = {"mood": parse_scale, "anxiety": parse_anxiety}
RATING_WORDS = 5  # ("this bot is rubbish, show my safety plan" says more than a rating)
REMINDER_ASKED = "reminder_asked_kind"
LAST_REMINDER = "last_reminder_time"
REMINDER_WHICH = "reminder_which"
PENDING_REMINDER = "pending_reminder"
STOP = "stop"
COPING_FEEDBACK = "action_coping_feedback"
# The actions that can end with "Did that help, even a little?" (a walk-through, or the question again).
COPING_ASKERS = ("action_coping_walkthrough", "action_ask_coping", COPING_FEEDBACK)
YES_NO = ("affirm", "deny")
WALKTHROUGH = "action_coping_walkthrough"
WALKTHROUGH_INTENT = "coping_walkthrough"
WALKTHROUGH_PAYLOAD = '/coping_walkthrough{"coping_step": "'
ACKNOWLEDGE = "utter_acknowledge"
# How a paused form carries on: the plans through their start action (which keeps the answers given).
RESUME_WITH = {"safety_plan_form": "action_start_safety_plan", "relapse_plan_form": "action_start_relapse_plan",
               "checkin_form": "action_resume_checkin"}
WHICH_ONE = "action_which_one"
# Intents the words may give to a choice of a coping step offered ("the breathing one", "yes the second", "box")
PICKS = ("coping_walkthrough", "affirm", "inform", "ask_coping")
# The payload of the "Carry on" button under a note that a form is paused (domain.yml)
CARRY_ON_PAYLOAD = "carry on"
# Actions that always end the bot's turn when this policy chose them.
LOSS_SUPPORT = "utter_loss_support"
# Not eating, making oneself sick or hiding it, told of oneself: support about eating, never carer advice.
EATING_SUPPORT = "utter_eating_support"
EATING_SUPPORT_OTHER = "utter_eating_support_other"
# A carer asking for a plan for the person they care for: how to help them make it, never a plan of their own.
CARER_PLANS = {"make_safety_plan": "utter_carer_safety_plan", "make_relapse_plan": "utter_carer_relapse_plan"}
# "oh wait my mood today was actually a 2, can u fix that" right after a check-in was saved: changed in it.
SAVE_CHECKIN = "action_save_checkin"
CORRECT_CHECKIN = "action_correct_checkin"
ENDS_TURN = (COPING_FEEDBACK, REMINDERS, CORRECT_CHECKIN, WALKTHROUGH, ACKNOWLEDGE, WHICH_ONE, PAUSED,
             *CARER_PLANS.values(),
             "utter_no_problem", LOSS_SUPPORT, EATING_SUPPORT, EATING_SUPPORT_OTHER,
             "utter_early_signs_of_a_high", "utter_tried_a_step",
             "utter_medication_sooner")


@dataclass(frozen=True)
class Interruptions:
    forms: frozenset[str]
    actions: dict[str, str]          # intent -> the action that answers it
    min_confidence: float
    min_words: int
    deterministic_only: frozenset[str]
    free_text_forms: frozenset[str]
    button_actions: dict[str, str]   # a button payload's intent -> the action it leads to, when typed
    button_similarity: float
    resume: re.Pattern[str]
    same_form: dict[str, str]        # form -> the intent that starts it
    pause: re.Pattern[str]           # "that'll do for today, I'll finish it later"
    explanations: dict[str, re.Pattern[str]]  # response -> a question about what a feature is
    high_signs: re.Pattern[str]      # little sleep with unusual energy: a possible early sign of a high

    @classmethod
    def load(cls) -> Interruptions:
        content = load_yaml(content_path("form_answers.yml"))
        raw, typed = content["interruptions"], content["typed_buttons"]
        return cls(forms=frozenset(raw["forms"]), actions={str(k): str(v) for k, v in raw["commands"].items()},
                   min_confidence=float(raw["min_confidence"]), min_words=int(raw["min_words"]),
                   deterministic_only=frozenset(raw["deterministic_only"]),
                   free_text_forms=frozenset(raw["free_text_forms"]),
                   button_actions={str(k): str(v) for k, v in typed["actions"].items()},
                   button_similarity=float(typed["min_similarity"]),
                   resume=re.compile(content["resume"]),
                   same_form={str(k): str(v) for k, v in raw["same_form"].items()},
                   pause=re.compile(content["pause"]),
                   explanations={str(k): re.compile(v) for k, v in content["explain"].items()},
                   high_signs=re.compile(content["early_signs_of_a_high"]))

    def command(self, tracker: DialogueStateTracker) -> str | None:
        """The action answering the latest message when it interrupts an active form, else None."""
        if tracker.active_loop_name not in self.forms or tracker.latest_action_name != LISTEN:
            return None
        message = tracker.latest_message
        intent = (message.intent or {}).get("name") if message else None
        if intent in NOT_COMMANDS or intent not in self.actions:
            return None
        if _screened_as_risk(message):
            return None  # the crisis policy answers
        questionnaire = load_questionnaires().get(str(tracker.active_loop_name).removesuffix("_form"))
        if questionnaire is not None \
                and questionnaire.parse_answer(message.text or "", _item(tracker)) is not None:
            return None  # "most days tbh, I can't focus on anything": an answer to the item
        rating = CHECKIN_RATINGS.get(str(tracker.get_slot("requested_slot"))) \
            if tracker.active_loop_name == "checkin_form" else None
        if rating is not None and len((message.text or "").split()) <= RATING_WORDS \
                and rating(message.text or "") is not None:
            return None  # "rubbish" to "How is your mood?": a mood, not a word about the bot
        confidence = float((message.intent or {}).get("confidence") or 0.0)
        words = len((message.text or "").split())
        deterministic = bool((message.intent or {}).get("deterministic")) \
            or (message.text or "").startswith("/")  # read from the words (form_answers), or a button
        if asks_about_the_step(message.text or "", any_question=not deterministic):
            return None  # "what do you mean by mood?": the form explains its own question
        if intent == WALKTHROUGH_INTENT and (tracker.active_loop_name in self.free_text_forms
                                             or tracker.get_slot("requested_slot") in FREE_TEXT_CHECKIN_STEPS):
            return None  # "I did the breathing one" at "what helped today?": the answer
        if intent == WALKTHROUGH_INTENT and not deterministic \
                and not mentions_step(load_coping_steps(), normal_text(message.text or "")):
            return None  # "ok let's try it" as a questionnaire starts: a yes to it, not a coping exercise
        if intent == "ask_medication" and tracker.get_slot("requested_slot") == "medication":
            return None  # a question about the medicine asked about: the check-in answers it and goes on
        if intent == "ask_medication" and not stage_reading().is_question(message.text or "") and (
                tracker.active_loop_name in self.free_text_forms
                or tracker.get_slot("requested_slot") in FREE_TEXT_CHECKIN_STEPS):
            # "hide the pills in my mums room, bin the razors" at a plan step, "my psychiatrist said I can start
            # tapering next month" as the check-in's note: a medicine told of in an answer asked for in words
            return None
        guessed_ok = (intent not in self.deterministic_only and tracker.active_loop_name not in self.free_text_forms
                      and confidence >= self.min_confidence and words >= self.min_words)
        if deterministic or guessed_ok:
            return self.actions[intent]
        return None


def asks_to_pause(tracker: DialogueStateTracker, interruptions: Interruptions) -> bool:
    """"thanks, that'll do for today, I'll finish it at the weekend" typed inside a form."""
    message = tracker.latest_message
    if tracker.active_loop_name not in interruptions.forms or tracker.latest_action_name != LISTEN \
            or message is None or _screened_as_risk(message):
        return False
    return bool(interruptions.pause.search(normal_text(message.text or "")))


# A plan's parts, for "stop" once some are answered (domain.yml: forms).
PLAN_SLOTS = {"safety_plan_form": ("sp_warning_signs", "sp_coping", "sp_distractions", "sp_people",
                                   "sp_professionals", "sp_environment"),
              "relapse_plan_form": ("rp_warning_signs", "rp_triggers", "rp_what_helps", "rp_contacts")}


def stops_a_begun_plan(tracker: DialogueStateTracker) -> bool:
    """"stop" inside a plan with some parts answered: paused where it stopped (nothing stored, nothing thrown
    away; "make a safety plan" carries on), not discarded unasked. A plan stopped before any answer just stops."""
    message = tracker.latest_message
    slots = PLAN_SLOTS.get(str(tracker.active_loop_name))
    if not slots or message is None or tracker.latest_action_name != LISTEN or _screened_as_risk(message) \
            or (message.intent or {}).get("name") != STOP:
        return False
    return any(tracker.get_slot(slot) for slot in slots)


FINISH_FIRST = "utter_finish_this_form_first"


HIGH_SIGNS = "utter_early_signs_of_a_high"


def notices_a_high(tracker: DialogueStateTracker, interruptions: Interruptions) -> bool:
    """"i only slept 3 hours and feel great, full of ideas" outside a form: a possible early sign of a high."""
    message = tracker.latest_message
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message):
        return False
    return bool(interruptions.high_signs.search(normal_text(message.text or "")))


MEDICATION_ANSWER = "utter_medication_question"
SOONER = "utter_medication_sooner"
PRIVACY = "utter_privacy"
CONFIRM_DELETION = "utter_ask_confirm_deletion"
# "ok but my doctor I see only in 3 weeks again", "my next appointment isn't for ages": the prescriber is far off
FAR_OFF = re.compile(r"\b(doctor|gp|psychiatrist|prescriber|appointment|consultant|nurse|clinic|review)\b.{0,40}"
                     r"\b(weeks?|months?|ages|a while|a long time|not (un)?til|only in|next month|so long)\b"
                     r"|\b(can'?t|cannot|won'?t be able to) (see|get (to see|an appointment with|hold of)|reach)"
                     r" (my |the |a )?(doctor|gp|psychiatrist|prescriber)\b"
                     # "what do I do till monday", "what about in the meantime": until the prescriber can be reached
                     r"|\bwhat (do|should|can|shall) (i|we) do\b.{0,30}"
                     r"\b(till|until|til|before|in the meantime|meanwhile)\b"
                     r"|\b(in the meantime|meanwhile|until then|till then)\b")


# "it's saturday night, who do we call?", "the pharmacy is shut, what now": the route for today, out of hours
WHO_TO_CALL = re.compile(r"\bwho (do|can|should|shall|would) (i|we|he|she|they) (call|ring|phone|contact|talk to|ask)\b"
                         r"|\b(what|which) (number|line)\b|\b(out of hours|after hours|tonight|weekend|saturday|sunday|"
                         r"bank holiday|middle of the night|at night)\b.{0,40}\b(call|ring|phone|do|go|contact)\b"
                         r"|\b(shut|closed)\b.{0,30}\bwhat (now|do (i|we) do)\b")
# A question in words, question mark or not ("how long does deletion take", "will my reminders go too")
OWN_QUESTION = re.compile(r"^\W*((wait|hmm+|um+|ok|okay|so|but|and)\W+)*(is|are|will|would|does|do|can|could|how|what|"
                          r"which|when|where|why|who)\b.{4,}")
# More about the medicine just talked of ("shud i skip tonights one", "I already stopped 3 days ago", "is that
# normal?"): the medication answer again, never the fallback or a stage.
ABOUT_THE_DOSE = re.compile(r"\b(skip|skipping|double|doubl\w*|extra|dose|doses|tonight'?s (one|dose|pill|tablet)|"
                            r"take (it|them|one|two|another)|taking (it|them)|took (it|them)|late|missed|stopped|"
                            r"stopping|come off|coming off|taper\w*|withdrawal|side effects?|"
                            r"is (that|this|it) (normal|bad|ok|okay|dangerous|safe|serious)|cold turkey|"
                            r"run(ning)? out|ran out|(my|the) last (tablet|pill|dose|one|few|box|packet)|none left)\b")


def prescriber_far_off(tracker: DialogueStateTracker) -> bool:
    """The prescriber far off, or who to call today, said right after the medication answer: how to get an answer
    sooner (the out-of-hours route in it)."""
    message = _message_right_after(tracker, MEDICATION_ANSWER, SOONER)
    if message is None:
        return False
    normal = normal_text(message.text or "")
    return bool(FAR_OFF.search(normal) or WHO_TO_CALL.search(normal))


def asks_about_the_deletion(tracker: DialogueStateTracker) -> bool:
    """A question of the person's own right after "This will permanently delete everything... Are you sure?" ("is
    that permanent?", "how long does it take?", "will my reminders be deleted as well?"): neither a yes nor a no."""
    message = _message_right_after(tracker, CONFIRM_DELETION)
    if message is None:
        return False
    text = (message.text or "").strip()
    if text.startswith("/"):
        return False  # a button
    return text.endswith("?") and len(text.split()) > 1 or bool(OWN_QUESTION.match(normal_text(text)))


def asks_more_about_the_medicine(tracker: DialogueStateTracker) -> bool:
    """A question or news about the dose right after the medication answer: that answer again."""
    message = _message_right_after(tracker, MEDICATION_ANSWER, SOONER)
    return message is not None and bool(ABOUT_THE_DOSE.search(normal_text(message.text or "")))


def explains(tracker: DialogueStateTracker, interruptions: Interruptions) -> str | None:
    """The explanation a question about a feature asks for ("what's a safety plan?"), or None."""
    message = tracker.latest_message
    if tracker.latest_action_name != LISTEN or message is None or _screened_as_risk(message):
        return None
    normal = normal_text(message.text or "")
    return next((response for response, pattern in interruptions.explanations.items() if pattern.search(normal)),
                None)


# A check-in measure named with a number: "my anxiety is 5 now", "anxiety about a 7", "slept 4 hours".
RATES_A_STEP = re.compile(r"\b(?:mood|anxiety|anxious|sleep|slept)\b\D{0,25}\b\d+(?:\.\d+)?\b(?!\s*(?:days|weeks))")


def asks_for_another_form(tracker: DialogueStateTracker, interruptions: Interruptions) -> bool:
    """"make a relapse plan" typed at a check-in step: no answer (nothing is stored from it); the bot says to
    finish or stop this one first, and asks its step again. Only a request read from the words, or one the
    classifier is sure of outside the free-text plans ("check in with my sister" stays an answer)."""
    form = tracker.active_loop_name
    message = tracker.latest_message
    if form not in interruptions.same_form or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message):
        return False
    intent = message.intent or {}
    starts = {start for other, start in interruptions.same_form.items() if other != form}
    if intent.get("name") not in starts:
        return False
    if form == "checkin_form" and RATES_A_STEP.search((message.text or "").lower()):
        return False  # "my anxiety is 5 now" at the mood question: an answer to another step, not the GAD-7
    return bool(intent.get("deterministic")) or (
        form not in interruptions.free_text_forms and float(intent.get("confidence") or 0.0) >= 0.95
        and len((message.text or "").split()) >= interruptions.min_words)


def asks_for_the_same_form(tracker: DialogueStateTracker, interruptions: Interruptions) -> bool:
    """"make a safety plan" typed at a safety-plan step: no answer; the form asks its step again."""
    form = tracker.active_loop_name
    message = tracker.latest_message
    if form not in interruptions.same_form or tracker.latest_action_name != LISTEN or message is None:
        return False
    intent = message.intent or {}
    return intent.get("name") == interruptions.same_form[form] and not _screened_as_risk(message) and (
        bool(intent.get("deterministic")) or float(intent.get("confidence") or 0.0) >= interruptions.min_confidence)


def _paused_this_turn(tracker: DialogueStateTracker) -> bool:
    """Whether this policy paused a form since the latest user message."""
    events = list(tracker.events)
    for index in range(len(events) - 1, 0, -1):
        event, before = events[index], events[index - 1]
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActiveLoop) and event.name is None:
            return isinstance(before, SlotSet) and before.key == "interrupted_form" and bool(before.value)
    return False


def answers_reminder_time(tracker: DialogueStateTracker) -> bool:
    """A time ("8pm", "half past seven", "in 10 minutes") right after the bot asked when a reminder
    should be: it goes to the reminders action whatever intent the classifier guessed for it."""
    message = _message_right_after(tracker, REMINDERS)  # (the bot just asked for a time)
    if message is None or not tracker.get_slot(REMINDER_ASKED):
        return False
    request = read_request(message.text or "", None)
    return request.kind is None and (request.local_time is not None or request.in_minutes is not None
                                     or _part_of_day_alone(message.text or ""))


# "in the evening", "evenings please", "before bed" as the answer to "What time?": a few words, no other request
PART_OF_DAY_WORDS = 6


def _part_of_day_alone(text: str) -> bool:
    return len(text.split()) <= PART_OF_DAY_WORDS and part_of_day_time(text) is not None


def corrects_reminder_time(tracker: DialogueStateTracker) -> bool:
    """"sorry, I mean 9 in the morning, not 8" right after a reminder was set or changed: that reminder's
    time corrected, whatever intent the classifier guessed."""
    message = _message_right_after(tracker, REMINDERS)
    if message is None or not (tracker.get_slot(LAST_REMINDER) or tracker.get_slot(PENDING_REMINDER)) \
            or RATES_AN_ANSWER.search((message.text or "").lower()):
        return False  # (a reminder just set or changed, or one waiting for the storage answer)
    request = read_request(message.text or "", None)
    if tracker.get_slot(PENDING_REMINDER) and request.kind is None and _part_of_day_alone(message.text or ""):
        return True  # "at teatime" while the reminder asked for waits for the storage answer: its time
    # "push it back half an hour": moved by an amount; "actually make it before bed": to a part of the day
    return (request.local_time is not None and corrects_time(message.text or "")) or request.shift is not None \
        or (request.operation == "change" and part_of_day_target(message.text or "") is not None) \
        or (request.operation == "change" and request.in_minutes is not None)  # "make it 3 hours instead"


# "my mood today was actually a 2, can u fix that": a check-in rating corrected, no reminder's time
RATES_AN_ANSWER = re.compile(r"\bmy (mood|anxiety|sleep|rating|score)\b.{0,30}"
                             r"\b(was|is|were|should be|should have been)\b")
SAID_AS_A_TIME = re.compile(r"\b(at|@|for|by|around|about|in)\s+\d|\d\s*(am|pm|a\.m|p\.m|h\b|o'?clock)|\d[:.]\d\d"
                            r"|\bo'?clock\b"
                            r"|\b(noon|midday|midnight|morning|afternoon|evening|night|tonight|bedtime|breakfast|lunch|"
                            r"dinner|tea ?time|minutes?|mins?|hours?|hrs?)\b")


def corrects_saved_checkin(tracker: DialogueStateTracker) -> bool:
    """"oh wait my mood today was actually a 2, can u fix that", "can you change my sleep to 5 hours" right after a
    check-in was saved (or kept for the storage answer): a rating named and corrected, whatever intent the classifier
    guessed ("That's really good to hear" had answered it as a good day)."""
    message = _message_right_after(tracker, SAVE_CHECKIN, CORRECT_CHECKIN)
    if message is None and not tracker.active_loop_name and tracker.latest_action_name == LISTEN \
            and tracker.latest_message is not None and not _screened_as_risk(tracker.latest_message) \
            and NAMES_THE_CHECKIN.search((tracker.latest_message.text or "").lower()):
        message = tracker.latest_message  # "can you change my anxiety to 7 in todays checkin", later on
    return message is not None and rating_corrected(message.text) is not None


# A saved check-in named in a correction made later ("in todays checkin", "the check in from earlier").
NAMES_THE_CHECKIN = re.compile(r"\b(check ?-?ins?|checkins?|today'?s|earlier|this morning|last night)\b")


def adds_another_reminder(tracker: DialogueStateTracker) -> bool:
    """"and checkin at 10pm", "also one for my meds at 9" right after a reminder was set: another reminder,
    not a check-in started now."""
    message = _message_right_after(tracker, REMINDERS)
    if message is None:
        return False
    text = (message.text or "").lower()
    request = read_request(text, None)
    timed = request.local_time is not None or request.in_minutes is not None
    # (a time said as one: "at 9", "10pm", "21:00", "in the evening"; "my mood today was actually a 2, can u fix
    # that" names a rating, no time)
    return timed and bool(SAID_AS_A_TIME.search(text)) and not RATES_AN_ANSWER.search(text) \
        and (request.kind is not None or bool(ADDS_ANOTHER.match(text)))


def asks_for_the_list_again(tracker: DialogueStateTracker) -> bool:
    """"what's set", "what have i got", "list em" right after the reminders answered: their list."""
    message = _message_right_after(tracker, REMINDERS)
    return message is not None and bool(LIST_AGAIN.match((message.text or "").lower()))


def answers_about_the_reminder(tracker: DialogueStateTracker) -> bool:
    """Right after the reminders answered: "cancel that" (the one just set), or a place named alone ("London", to
    "tell me your city or time zone"): the reminders action, whatever the classifier guessed."""
    message = _message_right_after(tracker, REMINDERS)
    if message is None:
        return False
    text = (message.text or "").strip()
    if THAT_ONE_GONE.match(text.lower()):
        return bool(tracker.get_slot(LAST_REMINDER))
    return len(text.split()) <= PLACE_WORDS and place_timezone(text, None) is not None \
        and read_request(text, None).local_time is None


def answers_which_reminder(tracker: DialogueStateTracker) -> bool:
    """"the 1pm one", "the evening one", "both" right after "Which one should I change/remove?": it goes to
    the reminders action whatever intent the classifier guessed for it."""
    message = _message_right_after(tracker, REMINDERS)
    return message is not None and bool(tracker.get_slot(REMINDER_WHICH)) and selects_reminder(message.text or "")



FOR_SOMEONE_ELSE = re.compile(r"\b(for|to help) (her|him|them|my (son|daughter|partner|wife|husband|boyfriend|"
                              r"girlfriend|mum|mom|mother|dad|father|friend|brother|sister|child|kid|teen|"
                              r"teenager|student|client|patient))\b")


def plans_for_someone_else(tracker: DialogueStateTracker) -> bool:
    """"how do I make a safety plan for her?": a carer asking how to help, not the person's own plan."""
    message = tracker.latest_message
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message) or (message.intent or {}).get("name") not in CARER_PLANS:
        return False
    return bool(FOR_SOMEONE_ELSE.search(normal_text(message.text or "")))


ASK_DISCARD = "utter_ask_discard_checkin"
KEEP_FOR_LATER = re.compile(r"\b(later|for now|another time|tomorrow|tonight|keep (it|them|the answers|my answers)|"
                            r"save (it|them)|hold on to|pause|finish (it )?(later|another))\b")


def keeps_checkin_for_later(tracker: DialogueStateTracker) -> bool:
    """"no, keep it for later" to "should I throw away the answers from this check-in?": the check-in is
    paused with its answers, not carried on and not thrown away."""
    message = tracker.latest_message
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message) or _bot_action_before(tracker) != ASK_DISCARD:
        return False
    return bool(KEEP_FOR_LATER.search(normal_text(message.text or "")))


def _screened_as_risk(message: UserUttered) -> bool:
    """Whether the safety screen labelled the message (the crisis policy answers it, not this one)."""
    return any(e.get("entity") == "crisis_category" for e in message.entities)


# Steps whose answer is free text: there "stop" counts only in so many words ("stop", "cancel", "later").
FREE_TEXT_CHECKIN_STEPS = ("coping_used", "note")


def _item(tracker: DialogueStateTracker) -> int | None:
    """9 while a questionnaire asks its item 9 (requested slot "phq9_9"), else None."""
    number = str(tracker.get_slot("requested_slot") or "").rpartition("_")[2]
    return int(number) if number.isdigit() else None


def answer_heard_as_stop(tracker: DialogueStateTracker, interruptions: Interruptions) -> tuple[str, str] | None:
    """("phq9_3", "never really") when the latest message answers the step just asked although the
    classifier heard "stop" in it: a questionnaire answer ("never really", "hardly ever"), or a free-text
    answer ("the park") that is not one of the exact stop commands. The step's slot and the words."""
    form = tracker.active_loop_name or ""
    asked = tracker.get_slot("requested_slot")
    message = tracker.latest_message
    if not form or not asked or message is None or tracker.latest_action_name != LISTEN:
        return None
    intent = message.intent or {}
    if intent.get("name") != STOP or _screened_as_risk(message):
        return None
    text = message.text or ""
    questionnaire = load_questionnaires().get(form.removesuffix("_form"))
    if questionnaire is not None:
        return (str(asked), text) if questionnaire.parse_answer(text, _item(tracker)) is not None else None
    free_text = form in interruptions.free_text_forms or asked in FREE_TEXT_CHECKIN_STEPS
    return (str(asked), text) if free_text and not intent.get("deterministic") else None


def _bot_action_before(tracker: DialogueStateTracker) -> str | None:
    return next((e.action_name for e in reversed(list(tracker.events))
                 if isinstance(e, ActionExecuted) and e.action_name != LISTEN), None)


def _message_right_after(tracker: DialogueStateTracker, *actions: str) -> UserUttered | None:
    """The latest message when it answers the bot's last step, one of ``actions``: no form active, the bot
    listening, and nothing in it the safety screen flagged (the crisis policy answers that); else None."""
    message = tracker.latest_message
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message) or _bot_action_before(tracker) not in actions:
        return None
    return message


def _action_before_message(tracker: DialogueStateTracker) -> str | None:
    """The bot's last action before the latest user message (not counting listening)."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if isinstance(e, UserUttered)), default=0)
    return next((e.action_name for e in reversed(events[:last_user])
                 if isinstance(e, ActionExecuted) and e.action_name != LISTEN), None)


def rates_coping_step(tracker: DialogueStateTracker) -> bool:
    """"yes", "no", "done", "ok" right after "Did that help, even a little?" (a walk-through waiting for its
    rating: the ``coping_step`` slot): the coping feedback action answers, whatever the classifier guessed."""
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or not tracker.get_slot("coping_step"):
        return False
    message = tracker.latest_message
    if message is None or _screened_as_risk(message):
        return False
    if _bot_action_before(tracker) not in COPING_ASKERS:
        return False
    text = message.text or ""
    return not text.startswith("/") and ((message.intent or {}).get("name") in YES_NO
                                         or tried_without_rating(text))


def buttons_before_message(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """The buttons of the bot's last message before the latest user message (none if it had none)."""
    events = list(tracker.events)
    for event in reversed(events[:-1] if events and isinstance(events[-1], UserUttered) else events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return list(event.data["buttons"])
    return []


def payloads_before_message(tracker: DialogueStateTracker) -> list[str]:
    """The payloads of :func:`buttons_before_message`."""
    return [str(b.get("payload", "")) for b in buttons_before_message(tracker)]


NO_THANKS = re.compile(r"^\W*((fine|ok|okay|well)\W+)?((no|nah|nope|not now|not today|maybe later|later)\W*)+"
                       r"((thanks|thank you|thx|ty|i'?m (good|ok|okay|fine)|im good|i'?m alright|not now|not today"
                       r"|maybe later|then|i (don'?t|do not) want (to (start|do|make) )?(a new one|one|that|it|to|any)"
                       r"( now| right now)?)\W*)*$")
DECLINED = "utter_no_problem"
TRIED_ONE = "utter_tried_a_step"


def declines_the_offer(tracker: DialogueStateTracker) -> bool:
    """"no thx", "nah im good" to an offer with choice buttons (questionnaires, coping ideas) that has no
    yes/no buttons of its own: a polite close, not the fallback."""
    message = tracker.latest_message
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message) or tracker.get_slot("crisis_followup"):
        return False
    buttons = buttons_before_message(tracker)
    if not buttons or any(str(b.get("payload", "")) in YES_NO_PAYLOADS for b in buttons):
        return False
    return bool(NO_THANKS.match(normal_text(message.text or "")))


def tried_from_the_list(tracker: DialogueStateTracker) -> bool:
    """"done", "done. that was nice actually" after a list of coping steps with none picked: they tried one."""
    message = tracker.latest_message
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message) or not _offered_steps(tracker):
        return False
    return bool(TRIED.match(normal_text(message.text or "")))


TRIED = re.compile(r"^\W*((ok|okay|right|alright)\W+)?(done|did it|all done|finished|tried it|i tried (it|one|that))\b"
                   r"(\W+(that|it) (was|felt|helped)\b.*)?\W*$")


def answers_a_paused_questionnaire(tracker: DialogueStateTracker) -> bool:
    """"3", "several days" typed after a questionnaire was paused (by a crisis reply, say): the note on how to
    carry on, not the fallback again and again."""
    message = tracker.latest_message
    paused = str(tracker.get_slot("interrupted_form") or "")
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or message is None \
            or _screened_as_risk(message) or not paused.endswith("_form"):
        return False
    questionnaire = load_questionnaires().get(paused.removesuffix("_form"))
    return questionnaire is not None and questionnaire.parse_answer(message.text or "") is not None \
        and len((message.text or "").split()) <= 4


def _offered_steps(tracker: DialogueStateTracker) -> list[str]:
    """The coping steps the bot's buttons offered just before the latest user message, in order."""
    payloads = payloads_before_message(tracker)
    return [p.removeprefix(WALKTHROUGH_PAYLOAD).split('"', 1)[0] for p in payloads if p.startswith(WALKTHROUGH_PAYLOAD)]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def typed_button(tracker: DialogueStateTracker, interruptions: Interruptions) -> str | None:
    """The action of a button the person typed instead of pressing ("another idea", "another one"), or said
    yes to when it was the only one offered; None otherwise."""
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN:
        return None
    message = tracker.latest_message
    text = _words(message.text or "") if message and not (message.text or "").startswith("/") else ""
    if not text or _screened_as_risk(message):
        return None
    buttons = [(_words(str(b.get("title", ""))), str(b.get("payload", "")).lstrip("/"))
               for b in buttons_before_message(tracker)]
    mapped = [(title, interruptions.button_actions[p]) for title, p in buttons if p in interruptions.button_actions]
    for title, action in mapped:
        first = title.split()[0] if title else ""
        similar = difflib.SequenceMatcher(None, text, title).ratio() >= interruptions.button_similarity
        if similar or (len(first) > 3 and len(text.split()) <= 3 and first in text.split()):
            return action
    if len(buttons) == 1 and mapped and (message.intent or {}).get("name") == "affirm":
        return mapped[0][1]
    return None


# Payloads of yes/no buttons: a "yes" to those is their answer (rules and actions read it), not a choice.
YES_NO_PAYLOADS = ("/affirm", "/deny", "/give_consent", "/withdraw_consent")
_THAT_ONE = re.compile(r"^\W*((yeah|yes|yep|ok|okay|sure|um+|hmm+)\W+)*"
                       r"(that one|this one|the one|that|either|either one|any|any of them|whichever)\W*$")


def wants_one_of_the_choices(tracker: DialogueStateTracker) -> bool:
    """"ok", "yes" or "yeah that one" to a question whose buttons are choices ("PHQ-9 (mood)", "GAD-7
    (anxiety)"; the stages), none of them a yes: the bot asks which, with the same buttons."""
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or tracker.latest_message is None:
        return False
    message = tracker.latest_message
    text = message.text or ""
    if text.startswith("/") or _screened_as_risk(message):
        return False
    buttons = buttons_before_message(tracker)
    if len(buttons) < 2 or any(str(b.get("payload", "")).split("{")[0] in YES_NO_PAYLOADS for b in buttons):
        return False
    return (message.intent or {}).get("name") == "affirm" or is_acknowledgement(text) \
        or bool(_THAT_ONE.search(normal_text(text)))


WELCOME, ASK_CONSENT = "utter_welcome", "utter_ask_consent"
# A first message with one of these intents is an opener ("alright", "hmm", "is this on?"), not a request
# (nor feedback about a coping step: none was offered yet).
OPENER_INTENTS = ("nlu_fallback", "affirm", "deny", "coping_helped", "coping_not_helped")
# A first message that opens with a hello and that the classifier places in a recovery stage only unsurely is an
# introduction ("hello, I am student from Vietnam"); "hi, I was diagnosed last week and started meds" is sure.
GREETING_FIRST = re.compile(r"^\W*(hi|hii+|hiya|hello|helo|hey|heya|hey there|good (morning|afternoon|evening)"
                            r"|greetings|howdy|yo)\b")
SURE_OF_A_STAGE = 0.8


def opens_the_conversation(tracker: DialogueStateTracker) -> bool:
    """"alright", "hmm" or "is this thing on?" as the very first message: the welcome and the consent
    question, as for "hi" (never "I'm not sure I understood that" as the first thing the bot says)."""
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or tracker.latest_message is None:
        return False
    message = tracker.latest_message
    if _screened_as_risk(message) or (message.text or "").startswith("/"):
        return False
    if any(isinstance(e, BotUttered) for e in tracker.events) \
            or sum(isinstance(e, UserUttered) for e in tracker.events) > 1:
        return False
    intent = (message.intent or {}).get("name")
    if str(intent).startswith(STAGE_PREFIX) and GREETING_FIRST.search(normal_text(message.text or "")) \
            and float((message.intent or {}).get("confidence") or 0.0) < SURE_OF_A_STAGE:
        return True  # "hello, I am student from Vietnam, study in Manchester": a hello and who they are
    return intent in OPENER_INTENTS or is_acknowledgement(message.text or "")


def acknowledges(tracker: DialogueStateTracker, interruptions: Interruptions) -> bool:
    """"ok cool", "hmm ok", "that makes sense I suppose" when the bot's last message asked nothing."""
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or tracker.latest_message is None:
        return False
    message = tracker.latest_message
    if not is_acknowledgement(message.text or "") or _screened_as_risk(message):
        return False
    events = list(tracker.events)
    said = next((e for e in reversed(events[:-1]) if isinstance(e, (BotUttered, UserUttered))), None)
    if not isinstance(said, BotUttered) or said.data.get("buttons"):
        return False
    return not (said.text or "").rstrip().endswith("?")


# Inside another form, a request to resume counts only when it names the paused form.
FORM_NAMES = {
    "checkin_form": r"\bcheck ?-?in\b",
    "safety_plan_form": r"\bsafety plan\b",
    "relapse_plan_form": r"\brelapse plan\b",
    "phq9_form": r"\b(questionnaire|questions|phq ?-?9|mood one)\b",
    "gad7_form": r"\b(questionnaire|questions|gad ?-?7|anxiety one)\b",
}


def resumes(tracker: DialogueStateTracker, interruptions: Interruptions) -> str | None:
    """The action that carries on a paused form when the person asks to ("can we carry on where we were?");
    inside another form, only when the words name the paused one ("can we finish the questionnaire?")."""
    paused = tracker.get_slot("interrupted_form")
    if not paused or tracker.latest_action_name != LISTEN or paused == tracker.active_loop_name:
        return None
    message = tracker.latest_message
    if message is None or _screened_as_risk(message):
        return None
    words = _words(message.text or "")
    # A yes to a reply whose one button was "Carry on" (the note after "I'm safe" with a form paused)
    offered = payloads_before_message(tracker)
    said_yes = offered == [CARRY_ON_PAYLOAD] and (message.intent or {}).get("name") == "affirm"
    if not said_yes and not interruptions.resume.search(words):
        return None
    if tracker.active_loop_name and not re.search(FORM_NAMES.get(str(paused), r"$^"), words):
        return None
    return RESUME_WITH.get(str(paused), str(paused))


def restarts_the_stopped_questionnaire(tracker: DialogueStateTracker, interruptions: Interruptions) -> str | None:
    """"let's keep going", "actually can we continue" right after a questionnaire was stopped (nothing of it kept):
    that questionnaire again, from its first question; None otherwise."""
    message = _message_right_after(tracker, "action_questionnaire_stopped")
    if message is None or not interruptions.resume.search(_words(message.text or "")):
        return None
    stopped = next((e.name for e in reversed(list(tracker.events)) if isinstance(e, ActiveLoop) and e.name), None)
    return stopped if stopped and load_questionnaires().get(stopped.removesuffix("_form")) else None


def screen_marked(tracker: DialogueStateTracker, entity: str, value: str | None = None) -> bool:
    """Whether the safety screen marked the latest message, outside a form and not as a risk, with ``entity``
    (and ``value``, when given): ``told_loss`` for "my brother died by suicide last month", ``told_eating`` "self"
    for "how do i stop eating without my parents noticing" and "other" for "my daughter has stopped eating"."""
    message = tracker.latest_message
    return not tracker.active_loop_name and tracker.latest_action_name == LISTEN and message is not None \
        and any(e.get("entity") == entity and value in (None, e.get("value")) for e in message.entities) \
        and not _screened_as_risk(message)


# A bare rating ("4", "4/10") typed under a note that offers to carry on with the paused check-in ("We can carry on
# with the check-in, or ...", after a mood of 0 and the question about thoughts of suicide): the mood it answers.
BARE_RATING = re.compile(r"^\W*(10|[0-9])(\s*/\s*10)?\W*$")


def rates_the_paused_checkin(tracker: DialogueStateTracker) -> float | None:
    """The mood typed as a bare number right after a reply with the "Carry on" button, a check-in paused before its
    mood was kept (red team rt13: "4" was not understood); None otherwise. The check-in carries on with it."""
    message = tracker.latest_message
    if tracker.get_slot("interrupted_form") != "checkin_form" or tracker.active_loop_name \
            or tracker.latest_action_name != LISTEN or message is None or _screened_as_risk(message) \
            or tracker.get_slot("mood") is not None or not BARE_RATING.match(message.text or ""):
        return None
    if CARRY_ON_PAYLOAD not in payloads_before_message(tracker):
        return None
    return parse_scale(message.text)


def starts_paused_checkin(tracker: DialogueStateTracker) -> str | None:
    """"check in" with a check-in paused (the pause note says so): it carries on, saying so."""
    message = tracker.latest_message
    if tracker.get_slot("interrupted_form") != "checkin_form" or tracker.active_loop_name \
            or tracker.latest_action_name != LISTEN or message is None or _screened_as_risk(message) \
            or (message.intent or {}).get("name") != "start_checkin":
        return None
    return RESUME_WITH["checkin_form"]


def _one_action_since_message(tracker: DialogueStateTracker) -> bool:
    """Whether exactly one action ran since the latest user message (the one this policy chose)."""
    actions = 0
    for event in reversed(list(tracker.events)):
        if isinstance(event, UserUttered):
            return actions == 1
        actions += isinstance(event, ActionExecuted)
    return False


def picks_offered_step(tracker: DialogueStateTracker) -> bool:
    """"box", "the breathing one", "second" typed after a list of coping steps: the walk-through."""
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN:
        return False
    message = tracker.latest_message
    text = (message.text or "") if message else ""
    if not text or text.startswith("/") or _screened_as_risk(message):
        return False
    intent = message.intent or {}
    if intent.get(DETERMINISTIC) and intent.get("name") not in PICKS:
        return False  # "turn off medication reminder" after the list: the reminder, not "Make medication part of..."
    offered = _offered_steps(tracker)
    if not offered:
        return False
    if ordinal_step(text, offered):
        return True
    step = named_step(load_coping_steps(), text, offered)
    return step is not None and (step.id in offered or len(text.split()) <= 4)


# The stage proposed ("Does that sound right?"), then a question the bot could not place (the fallback), then "yeah
# i guess so": still the answer to the stage, which is kept pending.
STAGE_REPLY = "action_stage_reply"
STAGE_ASKED = frozenset({"action_record_stage", "action_show_stage", "action_finish_stage_check"})
# (the fallback's two names: Rasa's action and the response it says; the crisis policy reads them too)
FALLBACK_REPLIES = frozenset({"action_default_fallback", "utter_default"})
NOT_SAID = frozenset({LISTEN, "action_unlikely_intent", "action_extract_slots", "action_session_start"})


def answers_the_stage_after_a_fallback(tracker: DialogueStateTracker) -> bool:
    """A yes or no to the stage proposed, with only the fallback said since it ("is something wrong with me??" was
    not understood in between)."""
    intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
    pending = str(tracker.get_slot("stage_pending") or "")
    if tracker.active_loop_name or tracker.latest_action_name != LISTEN or intent not in ("affirm", "deny") \
            or pending.partition(":")[0] not in ("propose", "check", "change"):
        return False
    said = [e.action_name for e in tracker.events
            if isinstance(e, ActionExecuted) and e.action_name and e.action_name not in NOT_SAID]
    fallbacks = 0
    while said and said[-1] in FALLBACK_REPLIES:
        said.pop()
        fallbacks += 1
    return fallbacks > 0 and bool(said) and said[-1] in STAGE_ASKED


def undo_mapped_answer(tracker: DialogueStateTracker) -> list[Any]:
    """The form's slot mapping may already have copied the message into the slot it asked for: undo that."""
    asked = tracker.get_slot("requested_slot")
    return [SlotSet(str(asked), None)] if asked else []


# Questions a form answers in passing, then asks its step again (never paused): who sees what is written.
ANSWERED_IN_PASSING = frozenset({"utter_privacy"})


def pause_events(tracker: DialogueStateTracker) -> list[Any]:
    """Events that pause the active form, kept in ``interrupted_form``, storing nothing from the message."""
    return [SlotSet("interrupted_form", tracker.active_loop_name), ActiveLoop(None),
            SlotSet("requested_slot", None), *undo_mapped_answer(tracker)]


def next_step(tracker: DialogueStateTracker, interruptions: Interruptions) -> tuple[str | None, list[Any]]:
    if tracker.latest_action_name in (*ENDS_TURN, *interruptions.button_actions.values()) \
            and _one_action_since_message(tracker) and not _paused_this_turn(tracker):
        return LISTEN, []  # each of these answers the message fully (none is followed by another step)
    if screen_marked(tracker, "told_loss"):
        return LOSS_SUPPORT, []  # first, even as the first message: no welcome before the condolences
    if screen_marked(tracker, "told_eating", "self"):
        return EATING_SUPPORT, []  # first, even as the first message: no welcome before it
    if screen_marked(tracker, "told_eating", "other"):
        return EATING_SUPPORT_OTHER, []
    if tracker.latest_action_name == WELCOME and _one_action_since_message(tracker):
        return ASK_CONSENT, []
    if opens_the_conversation(tracker):
        return WELCOME, []
    if tracker.latest_action_name in RESUME_WITH.values() and _one_action_since_message(tracker):
        return next(form for form, start in RESUME_WITH.items() if start == tracker.latest_action_name), []
    if corrects_saved_checkin(tracker):
        return CORRECT_CHECKIN, []
    if any(reads(tracker) for reads in (answers_reminder_time, corrects_reminder_time, answers_which_reminder,
                                        adds_another_reminder, asks_for_the_list_again, answers_about_the_reminder)):
        return REMINDERS, []
    if plans_for_someone_else(tracker):
        return CARER_PLANS[str((tracker.latest_message.intent or {}).get("name"))], []
    rating = rates_the_paused_checkin(tracker)
    if rating is not None:
        return RESUME_WITH["checkin_form"], [SlotSet("mood", rating)]
    resume = resumes(tracker, interruptions) or starts_paused_checkin(tracker)
    if resume is not None and tracker.active_loop_name:
        return resume, pause_events(tracker)  # the form in progress waits in its turn
    if resume is not None:
        return resume, []
    restart = restarts_the_stopped_questionnaire(tracker, interruptions)
    if restart is not None:
        return restart, []
    if rates_coping_step(tracker):
        return COPING_FEEDBACK, []
    if picks_offered_step(tracker):
        return WALKTHROUGH, []
    button = typed_button(tracker, interruptions)
    if button is not None:
        return button, []
    if wants_one_of_the_choices(tracker):
        return WHICH_ONE, []
    if declines_the_offer(tracker):
        return DECLINED, []
    if tried_from_the_list(tracker):
        return TRIED_ONE, []
    if answers_a_paused_questionnaire(tracker):
        return PAUSED, []
    if answers_the_stage_after_a_fallback(tracker):
        return STAGE_REPLY, []
    if acknowledges(tracker, interruptions):
        return ACKNOWLEDGE, []
    if asks_to_pause(tracker, interruptions) or stops_a_begun_plan(tracker):
        return PAUSED, pause_events(tracker)
    if keeps_checkin_for_later(tracker):
        return PAUSED, [SlotSet("interrupted_form", "checkin_form")]
    if asks_for_the_same_form(tracker, interruptions):
        return tracker.active_loop_name, undo_mapped_answer(tracker)
    if notices_a_high(tracker, interruptions):
        return HIGH_SIGNS, []
    if prescriber_far_off(tracker):
        return SOONER, []
    if asks_more_about_the_medicine(tracker):
        return MEDICATION_ANSWER, []
    explanation = explains(tracker, interruptions)
    if explanation is not None:
        return explanation, undo_mapped_answer(tracker) if tracker.active_loop_name else []
    if asks_about_the_deletion(tracker):
        return PRIVACY, []  # "is that permanent?", "will my reminders go too?": what is stored and deleted, then
    if tracker.latest_action_name == PRIVACY and _one_action_since_message(tracker) \
            and _action_before_message(tracker) == CONFIRM_DELETION and not tracker.active_loop_name:
        return CONFIRM_DELETION, []  # "what exactly gets deleted?" at the deletion question: answered, then asked again
    if (tracker.latest_action_name in interruptions.explanations or tracker.latest_action_name in ANSWERED_IN_PASSING) \
            and _one_action_since_message(tracker):
        return tracker.active_loop_name or LISTEN, []  # a form asks its step again after the explanation
    if asks_for_another_form(tracker, interruptions):
        return FINISH_FIRST, undo_mapped_answer(tracker)
    if tracker.latest_action_name == FINISH_FIRST and tracker.active_loop_name and _one_action_since_message(tracker):
        return tracker.active_loop_name, []  # the step asked again
    answer = answer_heard_as_stop(tracker, interruptions)
    if answer is not None:  # the form goes on with the answer its slot mapping left out (it skips "stop")
        return tracker.active_loop_name, [SlotSet(*answer)]
    action = interruptions.command(tracker)
    if action in ANSWERED_IN_PASSING and tracker.active_loop_name:
        return action, undo_mapped_answer(tracker)  # "wait, who sees this plan?": answered, then the same step
    if action is not None:
        return action, pause_events(tracker)
    if not _paused_this_turn(tracker):
        return None, []
    latest = tracker.latest_action_name
    if latest in (PAUSED, *NO_PAUSED_NOTE):
        return LISTEN, []  # a question of its own ("are you sure?") waits for its answer first
    executed = [e.action_name for e in tracker.events if isinstance(e, ActionExecuted)]
    if latest in interruptions.actions.values() and PAUSED not in executed[-3:]:
        return PAUSED, []
    return None, []


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class FormInterruptionPolicy(Policy):
    """Answers a command typed inside a form, pauses the form and says how to carry on."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": 7}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, **kwargs: Any) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)
        self._interruptions = Interruptions.load()

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource):
            pass  # nothing to learn; the resource only has to exist for Rasa to load the policy
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        action, events = next_step(tracker, self._interruptions)
        probabilities = self._default_predictions(domain)
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, events=events, is_no_user_prediction=True)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> FormInterruptionPolicy:
        return cls(config, model_storage, resource, execution_context)
