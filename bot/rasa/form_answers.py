"""Rasa's side of the form-answer readings (bot/core/form_answers.py): a pipeline component that replaces
the classifier's intent when the words decide it."""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.core.form_answers import (
    ANSWER_INTENT,
    CRISIS_INTENT,
    DETERMINISTIC,
    FEELING_INTENT,
    HELP_NOW_INTENT,
    IS_IT_A_RELAPSE,
    MEDICATION_INTENT,
    REMINDER_INTENTS,
    STAGE_PREFIX,
    TELLING_SOMEONE,
    asks_about_a_wound,
    form_answers,
    is_a_guess,
)
from bot.core.form_replies import normal_text
from bot.core.reminders import read_request
from bot.core.safety.screen import in_another_language
from bot.core.stage_reading import NOT_QUITE, WORD, stage_reading
from bot.rasa.form_interruptions import buttons_before_message
from bot.rasa.nlg import in_aftercare

# Two recovery stages together at least this likely: the message describes the person's situation.
STAGES_TOGETHER = 0.6
# The two kinds of answer (faq, guidance) together at least this likely: the message asks for an answer.
ANSWERS_TOGETHER = 0.6
# Intents the English-trained classifier names for a message in another language that are kept: asking for the
# crisis lines, naming a country, a greeting or a goodbye.
KEPT_IN_ANY_LANGUAGE = {"crisis", "crisis_help", "set_country", "greet", "goodbye", "thanks"}
RETRIEVAL_INTENTS = ("faq", "guidance")
# Answers chosen from the words: first aid for a wound, and how to tell someone about oneself.
WOUND_CARE_ANSWER = "faq/wound_care"
TELLING_SOMEONE_ANSWER = "faq/telling_someone"
# The answers meant for someone caring for another person.
CARER_ANSWERS = {"faq/support_loved_one", "faq/carer_self_care", "faq/carer_get_help", "faq/carer_warning_signs"}


def after_self_harm(tracker: DialogueStateTracker | None) -> bool:
    """Whether the conversation is in the aftercare of the reply about self-harm."""
    return tracker is not None and tracker.get_slot("crisis_category") == "self_harm" and in_aftercare(tracker)


def choose_answer(message: Message, key: str | None) -> None:
    """The answer of a retrieval intent set to ``key`` ("faq/carer_get_help"): among the carers' answers, the one the
    question's words ask for; the averaged choice of bot/rasa/linear_intents.py. None keeps the selector's choice."""
    selected = message.get("response_selector", {}).get("default", {}).get("response", {})
    if key is None or key == selected.get("intent_response_key"):
        return
    selected["intent_response_key"] = key
    selected["utter_action"] = f"utter_{key}"


def names_someone_else(text: str) -> bool:
    """Whether the message names a relation or speaks of "he", "she" or "they"."""
    reading = stage_reading()
    words = WORD.findall(normal_text(text))
    return any(w.removesuffix("'s") in reading.relations or w in reading.third_person for w in words) \
        or bool(re.search(r"\b(loved ones?|someone|somebody|person|people|family|everyone|carers?|caring|"
                          r"caregivers?|look(ing)? after|care for)\b", normal_text(text)))


REMINDERS_ACTION = "action_reminders"
# "the grounding one", "that one", "the 8pm one": one of the things just listed
ONE_OF_THEM = re.compile(r"\b(the|that|this) ([\w'-]+ ){0,3}one\b")


def _latest_bot_action(tracker: DialogueStateTracker) -> str | None:
    """The bot's last action before the message being read (never the listen)."""
    for event in reversed(list(tracker.events)):
        name = getattr(event, "action_name", None)
        if name and name != "action_listen":
            return str(name)
    return None


def button_key(text: str) -> str:
    """A button title or a typed message, compared without case, punctuation or extra spaces."""
    return " ".join(re.sub(r"[^\w\s']", " ", normal_text(text)).split())


def offered_buttons(tracker: DialogueStateTracker | None) -> dict[str, str]:
    """Title -> intent of the buttons the bot offered since the person last wrote, for a payload that names
    only an intent ("/give_consent")."""
    buttons = buttons_before_message(tracker) if tracker is not None else []
    return {button_key(str(b["title"])): str(b["payload"])[1:] for b in buttons
            if b.get("title") and re.fullmatch(r"/\w+", str(b.get("payload") or ""))}


_YES_WORDS = (r"ok|okay|k|sure|yes|yeah|yep|yup|ya|y|fine|go ahead|yes please|sure thing|of course|alright|all right"
              r"|please do|do it|why not|then|i guess|go on|store it|keep it|that'?s fine|that'?s ok")
# "ok fine yes", "yeah ok then", "sure, go ahead": one or more short yeses
SHORT_YES = re.compile(rf"^\W*(({_YES_WORDS})\W+)*({_YES_WORDS})\W*$")
SHORT_NO = re.compile(r"^\W*(no|nope|nah|n|no thanks|no thank you|don'?t|please don'?t|rather not|i'?d rather not"
                      r"|not now|no way)\W*$")

# Not sure yet whether to agree to storage ("idk", "dunno, maybe", "not sure tbh").
UNDECIDED = re.compile(r"^\W*((um+|hmm+|erm|uh+|well|honestly|tbh)\W+)*(idk|dunno|i dunno|i don'?t know|not sure|"
                       r"i'?m not sure|maybe|no idea|hmm+|unsure)(\W+(tbh|really|yet|lol|maybe|honestly))*\W*$")


# A longer answer that starts with a plain yes or no ("oh, yes keep it please", "oui, yes, you can keep it",
# "No thanks, I'd rather you didn't store anything"), with no condition, question or second thought in it.
LEADING_YES = re.compile(r"^\W*((oh|well|hmm+|um+|ok|okay|right|fine|then|whatever|meh|ugh|i guess)\W+)*"
                         r"(yes|yeah|yep|yup|ye|yea|yeh|ya|sure|"
                         r"oui|si|s\u00ed|ja|of course|go ahead|absolutely|definitely|certainly|by all means|go for it|"
                         r"you have my (permission|consent)|permission granted)\b")
LEADING_NO = re.compile(r"^\W*((oh|well|hmm+|um+|sorry|ok|okay)\W+)*(no|nope|nah|non|nein|not really|better not|"
                        r"rather not)\b")
SECOND_THOUGHTS = re.compile(r"\?|\b(if|provided|as long as|only if|unless|but|wait|maybe|not sure|what|why|how|who)\b")
YES_AND_NO = re.compile(r"\b(no|not|don'?t|do not|didn'?t|never|nothing|rather you didn'?t)\b")


def storage_answer(text: str, offered: dict[str, str]) -> str | None:
    """A yes or no typed when the bot's last message offered the two storage buttons: a short one ("ok", "no
    thanks"), or a longer one that starts with it and has no condition or second thought in it."""
    if set(offered.values()) != {"give_consent", "withdraw_consent"}:
        return None
    normal = text.strip().lower().replace("\u2019", "'")
    if SHORT_YES.match(normal):
        return "give_consent"
    if SHORT_NO.match(normal):
        return "withdraw_consent"
    if UNDECIDED.match(normal):
        return "ask_privacy"  # "idk", "not sure": what is stored and why, so they can decide (nothing is stored)
    if SECOND_THOUGHTS.search(normal):
        return None
    if LEADING_YES.match(normal) and not YES_AND_NO.search(normal):
        return "give_consent"
    if LEADING_NO.match(normal) and not LEADING_YES.search(re.sub(r"^\W*\w+", "", normal)):
        return "withdraw_consent"
    return None


# A plain yes to a yes-or-no the bot asked with its two buttons ("Are you sure?" about deleting): "do it", "yep go
# ahead", "ok just do it" (never "keep it", which says no to deleting).
PLAIN_YES = re.compile(r"^\W*((ok|okay|sure|yes|yeah|yep|yup|ya|fine|alright|go on|just|then|please)\W+)*"
                       r"(do it|do that|go for it|go ahead|yes|yeah|yep|yup|ok|okay|sure|please do)"
                       r"(\W+(then|now|please|pls|already|anyway))*\W*$")


def yes_answer(text: str, offered: dict[str, str]) -> str | None:
    """'affirm' for a plain yes ("just do it") typed when the bot's last message offered a yes and a no button."""
    if set(offered.values()) != {"affirm", "deny"}:
        return None
    return "affirm" if PLAIN_YES.match(normal_text(text)) else None


def _two_likeliest(message: Message) -> tuple[List[Dict[str, Any]], float]:
    """The classifier's two likeliest intents beside the fallback for ambiguity, and how likely they are together."""
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"][:2]
    return ranking, sum(float(r.get("confidence") or 0.0) for r in ranking)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FormAnswerComponent(GraphComponent):
    def __init__(self) -> None:
        self._answers = form_answers()
        self._reading = stage_reading()

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> FormAnswerComponent:
        return cls()

    def process(self, messages: List[Message], tracker: DialogueStateTracker | None = None) -> List[Message]:
        offered = offered_buttons(tracker)
        for message in messages:
            text = message.get("text") or ""
            if text.startswith("/"):
                continue  # a button payload names its own intent
            pressed = offered.get(button_key(text))
            if pressed:
                # "Yes, keep it" typed out: the button with that title, as if pressed
                message.set("intent", {"name": pressed, "confidence": 1.0, DETERMINISTIC: True}, add_to_output=True)
                continue
            button_meant = storage_answer(text, offered) or yes_answer(text, offered) \
                or self._stage_meant(text, offered)
            if button_meant:
                # "ok", "sure", "no thanks" to "Shall I keep it?", "just do it" to "Are you sure?": the button meant
                message.set("intent", {"name": button_meant, "confidence": 1.0, DETERMINISTIC: True},
                            add_to_output=True)
                continue
            intent = message.get("intent") or {}
            normal = normal_text(text)
            if asks_about_a_wound(normal, after_self_harm(tracker)):
                # "how do I look after the cut", "does it need stitches": first aid and when to get it seen, whatever
                # topic the classifier guessed (red team rt31: a carer's self-care, or nothing). The safety screen,
                # after this, still reads the message.
                message.set("intent", {"name": "faq", "confidence": 1.0, DETERMINISTIC: True}, add_to_output=True)
                choose_answer(message, WOUND_CARE_ANSWER)
                continue
            if TELLING_SOMEONE.search(normal):
                # "what do I say to my mum about how I feel", "should I tell my roommate that I want to die" (the
                # screen, after this, still reads it): how to tell someone about oneself, never the carer's answer
                # about what to say to the person they worry about (red team rt31)
                message.set("intent", {"name": "faq", "confidence": 1.0, DETERMINISTIC: True}, add_to_output=True)
                choose_answer(message, TELLING_SOMEONE_ANSWER)
                continue
            if self._answers.declines_a_form(text) and intent.get("name") not in (CRISIS_INTENT, HELP_NOW_INTENT):
                # "I don't need a safety plan, I'm not in crisis", "stop. I said I DON'T want one" (red team rt28: a
                # plan started, the refusal kept as its first answer): inside a form the way out, else a no
                message.set("intent", {"name": "stop" if tracker is not None and tracker.active_loop_name else "deny",
                                       "confidence": 1.0, DETERMINISTIC: True}, add_to_output=True)
                continue
            if not any(ch.isalnum() for ch in text):
                # "...", "👍": no words to say yes to storing data or to anything else; the classifier would guess
                # (the safety screen, after this, still reads every message). "😭😭😭" says how they feel.
                feeling = self._answers.intent_for(text, None, 0.0) == FEELING_INTENT
                message.set("intent", {"name": FEELING_INTENT, "confidence": 1.0, DETERMINISTIC: True} if feeling
                            else {"name": "nlu_fallback", "confidence": float(intent.get("confidence") or 0)},
                            add_to_output=True)
                continue
            override = self._answers.intent_for(text, intent.get("name"), float(intent.get("confidence") or 0.0))
            if override in (None, "coping_walkthrough") and tracker is not None \
                    and ONE_OF_THEM.search(normal_text(text)) and _latest_bot_action(tracker) == REMINDERS_ACTION:
                # "get rid of the grounding one" right after the reminders were listed or set: that reminder, never
                # a coping step's walk-through
                operation = read_request(text, None).operation
                override = REMINDER_INTENTS[operation] if operation in ("stop", "change") else override
            if override is None:
                override = self._answers.plan_to_show(text, tracker.active_loop_name if tracker else None)
            if override is None and in_another_language(text) and intent.get("name") not in KEPT_IN_ANY_LANGUAGE:
                # "mi sto ammazzando di lavoro" is no answer to the storage question (the classifier, trained on
                # English, guessed one): the fallback, which says what the bot can read (the screen still reads it)
                message.set("intent", {"name": "nlu_fallback", "confidence": float(intent.get("confidence") or 0)},
                            add_to_output=True)
                continue
            if override is None and tracker is not None and tracker.active_loop_name \
                    and intent.get("name") == HELP_NOW_INTENT and is_a_guess(intent):
                # "when I stop answering texts" at a plan step, merely guessed to ask for the lines: the step's answer
                # (a form's steps take no guessed request for help; "help now" in so many words was read above, and
                # the safety screen still reads every answer)
                message.set("intent", {"name": ANSWER_INTENT, "confidence": float(intent.get("confidence") or 0)},
                            add_to_output=True)
                continue
            if override is None and intent.get("name") == MEDICATION_INTENT \
                    and not self._answers.medication.matches(normal_text(text)):
                # The classifier heard a medicine but no question or change: when it also considered a
                # recovery stage, that is what the message says ("my psychiatrist upped my dose last week").
                ranking = [r for r in (message.get("intent_ranking") or [])[:5]
                           if str(r.get("name")).startswith(STAGE_PREFIX)]
                if ranking:
                    message.set("intent", {"name": ranking[0]["name"], "confidence": ranking[0]["confidence"]},
                                add_to_output=True)
                elif not self._answers.medication.names_a_medicine(normal_text(text)):
                    # No medicine named at all ("may I ask whether anybody else can read this?"): an honest
                    # "I'm not sure I understood" beats the medication answer to a question nobody asked.
                    message.set("intent", {"name": "nlu_fallback", "confidence": float(intent.get("confidence") or 0)},
                                add_to_output=True)
                continue
            if override is None and intent.get("name") == "nlu_fallback":
                self._stage_between_two(message)
                self._between_two_answers(message)
                intent = message.get("intent") or {}
            if override is None and intent.get("name") == "nlu_fallback" and self._reading.is_question(text) \
                    and self._stage_first(message):
                # "I've just started therapy, is it normal to feel worse at first?" between a stage and an answer
                # (the fallback for ambiguity): a question, so the answer, never the stage
                self._answer_the_question(message)
                continue
            if override is None and intent.get("name") in RETRIEVAL_INTENTS:
                self._no_carer_answer_without_someone(message, text)
                intent = message.get("intent") or {}
            if override is None and str(intent.get("name", "")).startswith(STAGE_PREFIX) \
                    and self._reading.is_question(text):
                self._answer_the_question(message)
                continue
            if override:
                # "deterministic" tells the dialogue (bot/rasa/form_interruptions.py) this was read from
                # the words, not guessed: a classifier's confidence can round to 1.0 too.
                message.set("intent", {"name": override, "confidence": 1.0, DETERMINISTIC: True},
                            add_to_output=True)
                if override == "faq" and IS_IT_A_RELAPSE.search(normal_text(text)):
                    choose_answer(message, "faq/relapse_common")  # "is 2 panic attacks a relapse?"
        return messages

    def _stage_meant(self, text: str, offered: dict[str, str]) -> str | None:
        """"not quite, I'd call it staying well" to "Does that sound right?", or "more like in treatment" to the
        list of stages: the stage named, as if its button had been pressed."""
        asked = NOT_QUITE in offered or any(v.startswith(STAGE_PREFIX) for v in offered.values())
        return self._reading.stage_named(text) if asked else None

    @staticmethod
    def _stage_first(message: Message) -> bool:
        """Whether the classifier's likeliest intent (the fallback aside) is a recovery stage."""
        ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
        return bool(ranking) and str(ranking[0].get("name")).startswith(STAGE_PREFIX)

    @staticmethod
    def _stage_between_two(message: Message) -> None:
        """A description of the person's situation that the classifier places between two recovery stages
        (the fallback for ambiguity) is still a description: the likelier stage, at its own low confidence,
        which the stage policy acknowledges without naming a stage."""
        ranking, together = _two_likeliest(message)
        if len(ranking) == 2 and all(str(r.get("name")).startswith(STAGE_PREFIX) for r in ranking) \
                and together >= STAGES_TOGETHER:
            message.set("intent", {"name": ranking[0]["name"], "confidence": float(ranking[0]["confidence"])},
                        add_to_output=True)

    @staticmethod
    def _between_two_answers(message: Message) -> None:
        """A question the classifier places between the two kinds of answer (faq and guidance; the fallback for
        ambiguity, "how do I tell a doctor about this?") is still a question for an answer: one response selector
        chooses among both, so its answer is given, under the intent it belongs to."""
        ranking, together = _two_likeliest(message)
        chosen = str(message.get("response_selector", {}).get("default", {}).get("response", {})
                     .get("intent_response_key") or "").split("/")[0]
        if len(ranking) == 2 and all(r.get("name") in RETRIEVAL_INTENTS for r in ranking) \
                and chosen in RETRIEVAL_INTENTS and together >= ANSWERS_TOGETHER:
            message.set("intent", {"name": chosen, "confidence": together}, add_to_output=True)

    def _no_carer_answer_without_someone(self, message: Message, text: str) -> None:
        """A carer's answer ("how to support a loved one", "looking after yourself as a carer") for a message that
        names nobody else and is no question ("out of hospital a few weeks, relearning how to do normal life") is
        not what was said: the person's own situation, the likeliest recovery stage at its own (low) confidence,
        which the stage policy acknowledges without naming a stage unless it is sure."""
        chosen = str(message.get("response_selector", {}).get("default", {}).get("response", {})
                     .get("intent_response_key") or "")
        if chosen in CARER_ANSWERS and names_someone_else(text):
            choose_answer(message, self._answers.carer_answer_asked(text))
            return
        if chosen not in CARER_ANSWERS or stage_reading().is_question(text):
            return
        stages = [r for r in (message.get("intent_ranking") or [])[:4] if str(r.get("name")).startswith(STAGE_PREFIX)]
        if stages:
            message.set("intent", {"name": stages[0]["name"], "confidence": float(stages[0]["confidence"])},
                        add_to_output=True)

    @staticmethod
    def _answer_the_question(message: Message) -> None:
        """A question is answered, never taken for a description of where the person is in recovery ("what
        side effects should I expect from sertraline?"): the classifier's best guess that is not a stage, or
        the honest fallback when it has none."""
        others = [r for r in message.get("intent_ranking") or []
                  if not str(r.get("name")).startswith(STAGE_PREFIX) and r.get("name") != "nlu_fallback"]
        best = others[0] if others else {"name": "nlu_fallback", "confidence": 0.0}
        message.set("intent", {"name": best["name"], "confidence": float(best.get("confidence") or 0.0)},
                    add_to_output=True)
