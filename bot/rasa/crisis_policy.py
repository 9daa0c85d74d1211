"""Rasa policy that puts the crisis reply, and what follows it, before everything else.

Rasa's RulePolicy lets an active form run before any rule, so a crisis message typed inside a form would
first be offered to the form. This policy predicts with the highest priority and as a "no user"
prediction (the kind that outranks a form's), so a ``crisis`` message always gets, in order:
``utter_crisis`` (any active form is paused), ``action_record_crisis_event`` (record + clinic alert), then
listening. Screening is per message: no flag is ever set that turns this off. "help now" likewise gets
the crisis lines in every state; a form then asks its question again.

The turns after a crisis reply are read in its context (bot/core/safety/aftercare.py): a "yes" to "are you
thinking about ending your life?" or "I have pills here" escalates (emergency number first, distance from
the means, someone with them, keep asking) instead of repeating the reply; "I called them" and "I'm safe,
my sister is here" are acknowledged and the safety plan offered; "forget I said anything" gets a gentle
answer with the line in view; only a "yes" to the plan offer starts the plan.
"""

from __future__ import annotations

import re
import time
from typing import Any, Dict, List

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_EXTRACT_SLOTS, ACTION_SESSION_START_NAME, ACTION_UNLIKELY_INTENT_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.core.form_answers import asks_about_a_wound, is_a_guess
from bot.core.form_replies import ANSWER, kind_of_reply, normal_text
from bot.core.safety import aftercare
from bot.core.safety.screen import load_screen
from bot.rasa.form_interruptions import CONFIRM_DELETION, FALLBACK_REPLIES, pause_events, undo_mapped_answer
from bot.rasa.nlg import HIDING_KINDS, NOT_SAFE, NOT_SAFE_ALONE, a_child_said_so, in_aftercare, told_since_crisis

CRISIS_INTENT = "crisis"
HELP_NOW_INTENT = "crisis_help"
HELP_NOW = "utter_crisis_help"
CRISIS_REPLY = "utter_crisis"
ESCALATE = "utter_crisis_escalate"
RECORD_ACTION = "action_record_crisis_event"
START_PLAN = "action_start_safety_plan"
PLAN_FORM = "safety_plan_form"
ASK_AGAIN = "utter_crisis_ask_again"
COUNTRY_SET = "utter_country_set"
SAVE_CONSENT = "action_save_consent"
CARER_SAFE = "utter_crisis_carer_safe"
CARER_DANGER = "utter_crisis_carer_danger"
# An answer to the safety question this short that the classifier hears as another kind of crisis is read as
# an answer that needs asking again.
SHORT_ANSWER_WORDS = 6
# "hello" right after a crisis reply asks for nothing: the safety question again.
NOT_A_REQUEST = {"inform", "nlu_fallback", "out_of_scope", "affirm", "deny", "greet"}
# How often the safety question is asked again after a crisis reply when it is not answered.
MAX_ASKED_AGAIN = 2
LISTEN = "action_listen"
SCREEN_EXTRACTOR = "SafetyScreen"
# Categories where a second message in the same crisis gets the escalation instead of the first reply again.
SUICIDE_FAMILY = {"suicidal_thoughts", "suicide_plan", "indirect_means", "general"}
# After a crisis reply about a plan, means at hand or an overdose, the safety question is asked again
# before anything else, even when the next message asks for something ("let's just do a check-in").
SAFETY_BEFORE_REQUESTS = {"suicide_plan", "indirect_means", "overdose"}
# "what do I do", "what now" once the person said they are not safe: the urgent steps again (call the emergency
# number, move away from the means, someone with them), never the safety question alone
WHAT_NOW = re.compile(r"^\W*((so|ok|okay|but|and|then|um+|please)\W+)*(what (do|should|can|shall) i do( now)?|what now|"
                      r"what do i do now|what should i do now|what can i do|how|help me|tell me what to do)\W*$")

# Forms in which a retraction soon after a crisis reply ("forget it, I'm fine") is read as one (in a
# questionnaire "never mind" stops it; a plan's "move on" is a skip, read before this).
FORMS_READ_FOR_RETRACTION = ("safety_plan_form", "relapse_plan_form", "checkin_form")
RETRACT = "utter_crisis_retract"

# Someone else's crisis handed over to help (paramedics, a hospital): from then on the carer is the one talked with.
HANDED_OVER = "utter_crisis_carer_handed_over"
# What the bot says to each kind of answer, and what it has then asked.
FOLLOWUPS: dict[str, tuple[str, str | None]] = {
    "escalate": (ESCALATE, aftercare.ASKED_SAFE),
    "cant_call": ("utter_crisis_cant_call", aftercare.ASKED_SAFE),
    "stay_talk": ("utter_crisis_stay_talk", aftercare.ASKED_SAFE),
    "ground": ("utter_crisis_ground", aftercare.ASKED_SAFE),
    "secret": ("utter_crisis_secret", aftercare.ASKED_SAFE),
    "called": ("utter_crisis_called", aftercare.OFFERED_PLAN),
    "safe": ("utter_crisis_safe", aftercare.OFFERED_PLAN),
    # "ok i stepped back from the edge", "i gave them to my roommate": a step towards safety, welcomed, not an all-clear
    "safer": ("utter_crisis_safer", aftercare.ASKED_SAFE),
    "thoughts_safe": ("utter_crisis_thoughts_safe", aftercare.OFFERED_PLAN),
    "retract": ("utter_crisis_retract", aftercare.WATCHING),
    # "forget it", "lol jk" once danger was said ("I'm not safe", a plan, the means at hand): the question stays open
    "retract_ask": ("utter_crisis_retract_ask", aftercare.ASKED_SAFE),
    "pushback": ("utter_crisis_pushback", aftercare.WATCHING),
    "pushback_ask": ("utter_crisis_pushback_ask", aftercare.ASKED_SAFE),
    "clarify": ("utter_crisis_clarify", aftercare.ASKED_SAFE),
    "not_now": ("utter_crisis_stay", aftercare.OFFERED_TALK),
    "listen": ("utter_crisis_listen", aftercare.WATCHING),
    "no_talk": ("utter_crisis_no_talk", aftercare.WATCHING),
    "carer_safe": (CARER_SAFE, aftercare.WATCHING),
    "carer_danger": (CARER_DANGER, aftercare.WATCHING),
    "carer_waiting": ("utter_crisis_carer_waiting", aftercare.WATCHING),
    "carer_called": ("utter_crisis_carer_called", aftercare.WATCHING),
    "carer_handed_over": (HANDED_OVER, aftercare.WATCHING),
    "carer_cant_call": ("utter_crisis_carer_cant_call", aftercare.WATCHING),
    "carer_talk": ("utter_crisis_carer_talk", aftercare.WATCHING),
    "carer_minimise": ("utter_crisis_carer_minimise", aftercare.WATCHING),
    "carer_checking": ("utter_crisis_carer_checking", aftercare.WATCHING),
    "start_plan": (START_PLAN, None),
    "possible_no": ("utter_possible_risk_no", aftercare.OFFERED_TALK),
    # "not sure", "i don't want to talk about it": the question stays open, so a later "maybe sometimes" is its answer
    "possible_unclear": ("utter_possible_risk_unclear", aftercare.ASKED_POSSIBLE),
}
POSSIBLE_RISK = "possible_risk"
POSSIBLE_QUESTION = "utter_possible_risk"
THIRD_PARTY = "third_party"
# Someone else's crisis: the reply is for the carer, and what they say next is about that person.
CARER_KINDS = frozenset({THIRD_PARTY, "overdose_other", "missing_person", "child_abuse_reported", "third_party_now"})
CARER_MORE = "utter_crisis_carer_more"
# After the reply about rape or sexual assault, a question about the police, a hospital or tests: the options.
ASSAULT_OPTIONS = "utter_sexual_assault_options"
# Leaving with the safety question unanswered: asked once more before they go.
LEAVING = {"goodbye", "thanks"}
GOODBYE = "utter_crisis_goodbye"
# "I'm safe" with a form paused by "help now": glad, and how to go back to it (no plan offered over it).
SAFE_RESUME = "utter_crisis_safe_resume"
# "yeah I'm ok now, sorry" at a form's step soon after a crisis reply or "help now": no answer to the step (not
# stored); the form asks its step again.
SAFE_GO_ON = "utter_crisis_safe_go_on"
# "I'm safe. how do I look after the cut?": the answer about the wound (the line in it), the safety question answered.
FIRST_AID = "utter_faq/wound_care"
FOLLOWUP_REPLIES = ({reply for reply, _ in FOLLOWUPS.values()}
                    | {POSSIBLE_QUESTION, ASK_AGAIN, CARER_MORE, GOODBYE, SAFE_RESUME, ASSAULT_OPTIONS,
                       "utter_crisis_child_telling", FIRST_AID}) \
    - {ESCALATE, START_PLAN}


def screen_entity(tracker: DialogueStateTracker, name: str) -> str | None:
    """What the safety screen said of the latest message (entities from anywhere else are ignored)."""
    message = tracker.latest_message
    for entity in (message.entities if message else []) or []:
        if entity.get("entity") == name and entity.get("extractor") == SCREEN_EXTRACTOR:
            return str(entity.get("value"))
    return None


def screen_category(tracker: DialogueStateTracker) -> str | None:
    return screen_entity(tracker, "crisis_category")


# An overdose taken, told after a crisis reply without naming the pills ("I already took them").
TAKEN_THEM = re.compile(r"\b(i'?ve |i have |i )?(already |just )?(took|taken|swallowed|downed) (them|it|all of them"
                        r"|the lot|all of it|everything|the whole (lot|box|bottle|pack|packet))\b"
                        # the same in the languages people fall back on ("je les ai déjà prises", "ya me las tomé")
                        r"|\bje les ai (deja |déjà )?(prises?|pris|avalees?|avalées?)\b"
                        r"|\b(ya )?me las? tom[eé]\b|\bya (las|los) tom[eé]\b"
                        r"|\bich habe (sie|die tabletten|alle) (schon |bereits )?(genommen|geschluckt)\b"
                        r"|\bschon genommen\b|\bj[aá] (as |os )?tomei\b|\b(le )?ho gi[aà] prese\b"
                        r"|\bik heb ze (al )?(genomen|ingenomen)\b"
                        r"|\bju[zż] (je )?(wzi[aą][lł]e[mś]|po[lł]kn[aą][lł]e[mś])\b")
# After someone else's crisis (often a death: "My girlfriend jumped off the bridge last year."), the person's
# own words about themselves alone ("I drove to the same bridge tonight.") in a kind of crisis that is theirs.
OWN_RISK = {"suicidal_thoughts", "suicide_plan", "self_harm", "overdose", "indirect_means"}
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|i'll|ill|me|my|myself)\b")
_OTHER_PERSON = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|he's|she's|they're)\b")
# A carer's answers read as what they say (help called or taken over, someone checking, safe, played down, a call
# not possible), never as more news of an overdose or of danger.
HELP_UNDER_WAY = ("called", "safe", "checking", "cant_call", "minimise", "handed_over")
# Means named in a conversation that turned out to be the writer's own crisis: the reply for a plan.
MEANS_FOR_ME = re.compile(r"\b(pills?|tablets?|meds|medication|jar|stash|rope|gun|knife|blade|razor|for me)\b")
# Someone else's overdose told by a carer after the reply about them ("she's taken a load of pills", "he took all
# his tablets", "they overdosed"): the reply for someone else's overdose (red team rt14: "if they might not be safe").
THEY_TOOK = re.compile(r"^(?!.*\b(as prescribed|(her|his|their) usual|this morning|at \d|with (her|his|their) "
                       r"(breakfast|dinner|tea|food)|every day|daily)\b)"
                       r".*\b(she|he|they)('?s|'?ve| has| have)? (just |already |now )?(taken|took|swallowed|downed"
                       r"|necked) (a load of |loads of |lots of |a lot of |all (of )?(her|his|their|the) "
                       r"|a (bunch|handful|packet|box|bottle|pack) of |some |too many |the whole |a whole "
                       r"|an overdose|all the )?"
                       r"(\w+ ){0,2}(pills|tablets|meds|medication|medicine|paracetamol|painkillers|overdose)\b"
                       r"|\b(she|he|they)('?s|'?ve| has| have)? (just |already )?(overdosed|od'?d|od'?ed)\b")
# ... as typed ("shes still awake", "hes slurring")
_THEM = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|he'?s|she'?s|they'?re|theyre)\b")


# Someone hurting them may read the phone: a request to delete the conversation is answered first.
HIDE_THIS = re.compile(r"\b(delete|erase|wipe|clear|remove|get rid of)\b.{0,40}\b(this|chat|conversation|convo|"
                       r"messages?|everything|it all|all of it|history|my data|what i (said|wrote))\b")
# Answers to the safety question that ask for nothing (a guessed "help now" on them is the answer).
ANSWERS_NOT_ASKING = ("safe", "safer", "called", "retract")
# Self-harm told as an act or a wound: after thoughts of suicide, a crisis reply of its own (first aid).
SELF_HARM_ACT = re.compile(r"\b(cut|cuts|cutting|burn|burnt|burned|burning|blade|razor|scratch\w*|bleed\w*|wound|"
                           r"self[- ]?harm\w*|sh|(hurt|hurting|harm|harming|hit|hitting|punch\w*) myself)\b")


# Harming someone else said in so many words ("i want to hurt him", "i could kill my flatmate").
HARM_TO_SOMEONE = re.compile(r"\b(hurt|hurting|kill|killing|stab|stabbing|hit|hitting|attack|attacking|strangle|"
                             r"shoot|harm|harming|punch|beat)\b( \w+)? (him|her|them|someone|somebody|anyone|people|"
                             r"my \w+|the \w+|everyone)\b")
# Danger from or to someone else, after which "I'm not safe" is that danger told more.
KEPT_WHEN_NOT_SAFE = frozenset({"abuse", "abuse_at_home", "sexual_assault", "child_abuse", "harm_to_others"})


# Someone hurting someone, in so many words.
HURTING = re.compile(r"\b(hit|hits|hitting|hurt|hurts|hurting|beat|beats|beating|beaten|abus\w*|attack\w*"
                     r"|rap(e|ed|es|ing)|threat\w*|chok\w*|strangl\w*|punch\w*|slap\w*|kick\w*|touch(es|ed|ing)?"
                     r"|kill (me|him|her|them|you|us)|stab\w*|shoot|shot|weapon|knife)\b")


def keeps_the_earlier_crisis(earlier: str | None, category: str, text: str) -> bool:
    """Whether a second crisis message within the aftercare is the same crisis told more (escalated, its category
    kept) rather than a crisis of another kind: anything of one's own after one's own overdose; self-harm guessed
    from words that tell of no act or wound after thoughts of suicide or a plan."""
    lowered = text.lower().replace("\u2019", "'")
    if earlier == "overdose":
        # (and abuse or harm to others heard in words that tell of no one hurting anyone: "If I call 911 will the
        # police turn up at my door? I don't want the neighbors seeing"; red team rt32: the reply about domestic
        # violence, and then no warning about going to sleep)
        return category in SUICIDE_FAMILY | {"self_harm", "overdose", POSSIBLE_RISK} or (
            category in ("abuse", "abuse_at_home", "harm_to_others", "child_abuse") and not HURTING.search(lowered))
    if earlier in KEPT_WHEN_NOT_SAFE and NOT_SAFE_ALONE.match(lowered):
        # "I'm not safe" (its button) after the reply for someone being hurt or about to hurt someone: that danger,
        # escalated with its own lines (red team rt25: the reply about thoughts of suicide, the child line lost)
        return True
    if earlier in SUICIDE_FAMILY and category == "harm_to_others" and not HARM_TO_SOMEONE.search(lowered):
        # "ok. i put them in the kitchen. my flatmate is in the living room" after one's own plan (red team rt28: the
        # reply for someone who may hurt others, "move away from the person"): one's own crisis told more, unless
        # harming someone is said in so many words
        return True
    return earlier in SUICIDE_FAMILY and category == "self_harm" and not SELF_HARM_ACT.search(lowered)


def speaks_of_own_risk(tracker: DialogueStateTracker) -> bool:
    text = (tracker.latest_message.text or "").lower().replace("\u2019", "'")
    return screen_category(tracker) in OWN_RISK and bool(_FIRST_PERSON.search(text)) \
        and not _OTHER_PERSON.search(text)


# A child's worry about telling, after the reply for a child or for someone hurt at home.
CHILD_TELLING = re.compile(r"\b(in trouble|get (him|her|them|my \w+) in trouble|tell my (mum|mom|dad|parents|family)|"
                           r"(find|finds|found) out|taken away|take me away|put (me )?in care|foster|"
                           r"(call|tell|get) the (police|cops|guards|gardai)|"
                           r"(will|would|do|does|can) (you|they|u|childline|it) (tell|call|ring|report)|"
                           r"is it (secret|private|confidential)|keep it (a )?secret)\b")
CHILD_TELLING_REPLY = "utter_crisis_child_telling"
# Abuse told by an adult gets the line for abuse; told by someone who has said they are a child, the child line.
ABUSE_OF_ADULTS = frozenset({"abuse", "abuse_at_home", "sexual_assault"})
# A threat from the person hurting them ("he said if i tell anyone he'll hurt my mum") is the same abuse told more
# (threat_from_the_abuser, after any of aftercare.ABUSE_KINDS).
THEIR_THREAT = re.compile(r"\b(he|she|they)('?ll| will|'d| would| (is|are|was|were) going to|'s going to|'re going to"
                          r"| (is|are|s) gonna|'s gonna| threaten(s|ed)? to| said (he|she|they)('d| would| will|'ll))"
                          r"( \w+)? (hurt|kill|hit|beat|harm|stab|shoot|come after|get)\b")


def threat_from_the_abuser(earlier: str | None, category: str, text: str) -> bool:
    """"he said if i tell anyone he'll hurt my mum" after abuse was told: the abuser's threat (the same abuse, told
    more), not the reply for someone with an urge to hurt another person."""
    return earlier in aftercare.ABUSE_KINDS and category == "harm_to_others" \
        and bool(THEIR_THREAT.search(text.lower().replace("\u2019", "'")))


def _crisis_started(category: str, thoughts_told: bool = False) -> List[Event]:
    # About someone else, the reply asks the carer "are they safe right now?", never about themselves. After a yes to
    # the possible-risk question ("Are you having thoughts of ending your life?" - "Yes, I am"), the reply does not
    # ask that again: only whether they are safe right now (its asked_safe variation; red team rt16).
    asked = aftercare.ASKED_THEM if category in CARER_KINDS \
        else aftercare.ASKED_SAFE if thoughts_told else aftercare.ASKED_THOUGHTS
    return [SlotSet("crisis_category", category), SlotSet("crisis_at", time.time()),
            SlotSet("crisis_followup", asked)]


def next_crisis_step(tracker: DialogueStateTracker) -> tuple[str | None, List[Event]]:
    """The next action of the crisis sequence and the slots it sets, or (None, []) outside it."""
    last_action = tracker.latest_action_name
    if last_action in (CRISIS_REPLY, ESCALATE):
        return RECORD_ACTION, []
    if last_action == RECORD_ACTION or last_action in FOLLOWUP_REPLIES:
        return LISTEN, []
    safety_question_open = in_aftercare(tracker) \
        and tracker.get_slot("crisis_followup") in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE)
    if safety_question_open and (last_action == COUNTRY_SET or (
            last_action == SAVE_CONSENT and not tracker.active_loop_name
            and _bot_actions_since_crisis(tracker).count(ASK_AGAIN) < MAX_ASKED_AGAIN)):
        # "I'm in Madrid, in my flat" with the safety question unanswered: the country's services, then the
        # question again (with those services in it); the welcome's consent button pressed right after a crisis
        # reply: the answer about storage, then the question again
        return ASK_AGAIN, [SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
    if last_action == START_PLAN:
        return PLAN_FORM, []
    if last_action == SAFE_GO_ON:
        return (tracker.active_loop_name or LISTEN), []
    if last_action == HELP_NOW:
        # A form was paused by "help now" (it resumes when asked); a guessed request outside one was answered.
        return (tracker.active_loop_name or LISTEN), []
    if last_action != LISTEN or tracker.latest_message is None:
        return None, []

    intent = (tracker.latest_message.intent or {}).get("name")
    if intent == HELP_NOW_INTENT and is_a_guess(tracker.latest_message.intent or {}) and in_aftercare(tracker) \
            and tracker.get_slot("crisis_followup") in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE) \
            and aftercare.followup_phrases().classify(tracker.latest_message.text) in ANSWERS_NOT_ASKING:
        # "I'm safe right now" (its button pressed after another message), guessed a request for the lines: the
        # answer to the safety question it is
        intent = None
    if intent == HELP_NOW_INTENT and in_aftercare(tracker) \
            and tracker.get_slot("crisis_followup") in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE,
                                                        aftercare.ASKED_THEM) \
            and aftercare.asks_bot_to_call(tracker.latest_message.text):
        # "can you call an ambulance for me" right after the crisis reply: answered as calling that is not possible
        # (utter_crisis_cant_call: after their own overdose, the medical emergency's words; a carer's "can you call
        # her": utter_crisis_carer_cant_call), not the lines again
        intent = None
    if intent == HELP_NOW_INTENT and not (tracker.active_loop_name and is_a_guess(tracker.latest_message.intent or {})):
        # (inside a form, a plan answer the classifier merely guesses is a request for the lines - "GP at Parkside
        # and the crisis team number they gave me" - stays the answer; "help now" in so many words never does)
        latest = tracker.latest_message.intent or {}
        if not tracker.active_loop_name and in_aftercare(tracker) \
                and tracker.get_slot("crisis_category") in CARER_KINDS:
            # "what number do I ring?", "help now", or "its 2am everyone's asleep" guessed a request for the lines,
            # from a carer after the reply about someone else: the emergency number now and the line for them, never
            # "are you safe right now?" asked of the carer (their next words are still read as about the other person)
            return FOLLOWUPS["carer_danger"][0], [SlotSet("crisis_followup", FOLLOWUPS["carer_danger"][1])]
        if not tracker.active_loop_name and is_a_guess(latest):
            return HELP_NOW, []  # "who should I talk to", guessed: the lines, no question
        # The lines come with "are you safe right now?" (a form is paused, so the answer is not stored as the
        # form's): its answer is read as after a crisis reply.
        return HELP_NOW, [SlotSet("crisis_at", time.time()), SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
    followup = tracker.get_slot("crisis_followup")
    aftercare_now = in_aftercare(tracker)
    if aftercare_now and tracker.get_slot("crisis_category") in ("abuse", "abuse_at_home") \
            and not tracker.active_loop_name and load_screen().tells_of_a_child(tracker.latest_message.text):
        # "im 11" after the reply about abuse: a child, so the reply for a child and the child line
        return CRISIS_REPLY, _crisis_started("child_abuse")
    if aftercare_now and tracker.get_slot("crisis_category") in HIDING_KINDS and not tracker.active_loop_name \
            and HIDE_THIS.search((tracker.latest_message.text or "").lower()) and intent not in ("affirm", "deny"):
        # (not "Yes, delete everything" typed as the answer to that question: the button's, which deletes)
        # "please delete everything, if he reads this on my phone hes going to lose it" after the reply about abuse:
        # deleting is their safety, so it is asked at once (with clearing the chat on the phone), never held behind
        # the safety question or read as a crisis of someone else's
        return CONFIRM_DELETION, []
    if aftercare_now and tracker.get_slot("crisis_category") in ("child_abuse", "abuse_at_home") \
            and not tracker.active_loop_name and CHILD_TELLING.search((tracker.latest_message.text or "").lower()):
        # "am i gonna get in trouble if i tell", "will they tell my mum": answered (the safety question stays open),
        # not "Before we go on: are you safe?" over the question
        return CHILD_TELLING_REPLY, [SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
    active = bool(followup) and aftercare_now
    # Inside a form soon after a crisis reply (a safety plan started from it) a retraction is read too.
    reads_answer = active or (aftercare_now and tracker.active_loop_name in FORMS_READ_FOR_RETRACTION)
    # A carer answers about the other person; any short yes answers the possible-risk question.
    told_more = followup == aftercare.WATCHING and tracker.get_slot("crisis_category") in CARER_KINDS
    if told_more:
        # A carer goes on telling about the other person after the first answer ("he's still up there", "the
        # ambulance is on its way"): read as theirs, never as the carer's own risk
        followup = aftercare.ASKED_THEM
    read = {aftercare.ASKED_THEM: aftercare.carer_answer, aftercare.ASKED_POSSIBLE: aftercare.possible_answer}.get(
        followup, aftercare.followup_phrases().classify)
    answer = read(tracker.latest_message.text) if reads_answer else None
    if told_more and answer not in ("escalate", "called", "cant_call", "minimise", "checking", "handed_over"):
        # ("ok I will" after "please call 999 now" is no news that they are safe: only danger, help called or a
        # call that cannot be made is read then)
        answer = None
    if followup == aftercare.ASKED_POSSIBLE and answer is not None and not tracker.active_loop_name \
            and _fallback_since_asked(tracker):
        # "9" (meant for the paused check-in) got the fallback; then "idk", "yeah kind of": still the answer to
        # the possible-risk question, which the fallback did not replace
        return _possible_step(answer)
    if answer not in (None, "retract", "safe") and tracker.active_loop_name and not crisis_asked_last(tracker):
        answer = None  # "Yes, I took it." to the check-in's medication question asked since: the form's answer
    if answer not in HELP_UNDER_WAY and followup == aftercare.ASKED_THEM \
            and reads_answer and tracker.get_slot("crisis_category") not in ("overdose_other", "overdose") \
            and THEY_TOOK.search((tracker.latest_message.text or "").lower().replace("\u2019", "'")):
        # "she's taken a load of pills" after the reply about a friend: someone else's overdose, the medical
        # emergency (call now even if they seem fine, the poison line), not "if they might not be safe"
        return CRISIS_REPLY, _crisis_started("overdose_other")
    if aftercare_now and tracker.get_slot("crisis_category") in CARER_KINDS and not tracker.active_loop_name \
            and aftercare.writer_at_risk(tracker.latest_message.text):
        # "no my nan is fine. theyre for me" after the reply about someone else (the nan's tablets collected), "I'm
        # the one who was going to do it": the writer's own crisis, the reply for them (red team rt31: "I'm glad
        # they're safe for now", never asked about themselves)
        means = MEANS_FOR_ME.search((tracker.latest_message.text or "").lower()) or MEANS_FOR_ME.search(
            " ".join(e.text or "" for e in tracker.events if isinstance(e, UserUttered))[-600:].lower())
        return CRISIS_REPLY, _crisis_started("suicide_plan" if means else "suicidal_thoughts")
    if answer == "escalate" and followup != aftercare.ASKED_THEM and TAKEN_THEM.search(
            (tracker.latest_message.text or "").lower().replace("\u2019", "'")):
        # "I already took them" after a crisis reply: an overdose taken, the medical emergency's reply
        return CRISIS_REPLY, _crisis_started("overdose")
    if answer is not None and not tracker.active_loop_name and not crisis_asked_last(tracker) \
            and not (told_more and _fallback_last(tracker)) and (
            answer != "safe" or aftercare.followup_phrases().classify(tracker.latest_message.text) != "safe"):
        # "yes" to the bot's last question, which was not the safety question, answers that question: "yes delete
        # it all" is no carer's "yes, she's safe". A safety statement in so many words ("I'm safe right now", the
        # crisis reply's button pressed after another message) still answers it.
        answer = None
    source = screen_entity(tracker, "crisis_source")
    guessed = source in ("classifier", "model")  # the learned classifiers' verdict, no pattern or explicit words
    question = aftercare.carer_question(tracker.latest_message.text) \
        if aftercare_now and tracker.get_slot("crisis_category") in CARER_KINDS and not tracker.active_loop_name \
        and source != "explicit" else None
    if aftercare_now and tracker.get_slot("crisis_category") == "sexual_assault" and not tracker.active_loop_name \
            and source != "explicit" and answer not in ("escalate", "no", "unclear", "cant_call", "reaffirm") \
            and aftercare.asks_about_assault_options(tracker.latest_message.text):
        # "I don't want to go to the police", "should I go to hospital?": what the options are, no pressure
        return ASSAULT_OPTIONS, [SlotSet("crisis_followup", aftercare.WATCHING)]
    if question:
        # "what do I do until the ambulance gets here?": what helps while they wait; "what should I say to her
        # in the morning?", or "what do I do now?" once they said the person is safe: how to talk with them
        carer_replies = [a for a in _bot_actions_since_crisis(tracker) if a in (CARER_SAFE, CARER_DANGER)]
        said_safe = bool(carer_replies) and carer_replies[-1] == CARER_SAFE
        step = "carer_danger" if question == "number" else \
            "carer_talk" if question == "talk" or said_safe else "carer_waiting"
        return FOLLOWUPS[step][0], [SlotSet("crisis_followup", FOLLOWUPS[step][1])]
    if aftercare_now and tracker.get_slot("crisis_category") == "overdose_other" and not tracker.active_loop_name \
            and answer not in HELP_UNDER_WAY and intent not in LEAVING \
            and (intent == CRISIS_INTENT or _THEM.search((tracker.latest_message.text or "").lower())) \
            and HANDED_OVER not in _bot_actions_since_crisis(tracker):
        # "shes still awake but drowsy", "like the whole packet of sertraline i think" after someone else's overdose:
        # still the medical emergency (call now, don't let them sleep it off), never a coping idea or "if they might
        # act on it". (Not once they are with help: "i cant stop shaking" then is the carer's own state.)
        return FOLLOWUPS["carer_danger"][0], [SlotSet("crisis_followup", FOLLOWUPS["carer_danger"][1])]
    if intent == CRISIS_INTENT and active and followup == aftercare.ASKED_POSSIBLE \
            and crisis_asked_last(tracker) and aftercare.denies_thoughts(tracker.latest_message.text):
        # "im fine omg i said im not suicidal", "no i'm not gonna kill myself relax" to the possible-risk question:
        # its answer, a no, though the screen hears the words of a crisis in it (even explicit ones). After the
        # crisis reply (a plan, means, "I want to die" said) a denial is read as taking it back, as before.
        intent, answer = None, "no"
    if intent == CRISIS_INTENT and active and followup in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE) \
            and crisis_asked_last(tracker) and aftercare.denies_thoughts(tracker.latest_message.text):
        # "no I'm not suicidal, just can't sleep" right after the crisis reply: taken back (the gentle reply, the
        # line in view; after an overdose, still the emergency), not a second crisis on the word "suicidal"
        intent, answer = None, "retract"
    if active and followup == aftercare.ASKED_THOUGHTS and crisis_asked_last(tracker) and not tracker.active_loop_name \
            and tracker.get_slot("crisis_category") in SUICIDE_FAMILY and told_since_crisis(tracker, NOT_SAFE):
        # "I'm not safe", asked "are you thinking about ending your life, or is someone else putting you in
        # danger?": "my husband" is the danger from someone else (the reply about abuse, its line), "myself" the
        # thoughts of suicide (escalated)
        who = None if answer in ("safe", "safer") else aftercare.who_is_the_danger(tracker.latest_message.text)
        if who == "self":
            return ESCALATE, [SlotSet("crisis_at", time.time()), SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
        if who is not None:
            return CRISIS_REPLY, _crisis_started(who)
    if intent == CRISIS_INTENT and active and source != "explicit" and answer in ("safe", "safer") \
            and screen_category(tracker) in (THIRD_PARTY, POSSIBLE_RISK) \
            and tracker.get_slot("crisis_category") not in CARER_KINDS:
        # "my mum just knocked, shes here now" after their own crisis reply: someone with them, a step towards
        # safety, not a crisis of someone else's (the carers' reply had coached them about their mum)
        intent = None
    if intent == CRISIS_INTENT and active and guessed \
            and answer in ("called", "safe", "safer", "retract", "no", "unclear", "okay", "escalate"):
        # "I called them, I feel calmer", "No, I'm not" or "I'm not safe" right after a crisis reply or the
        # possible-risk question sounds like crisis talk to the classifiers; read as the answer it is. An explicit
        # statement or a pattern match is never overruled.
        intent = None
    if intent == CRISIS_INTENT and active and guessed \
            and tracker.get_slot("crisis_category") in aftercare.RETRACTION_STAYS_AN_EMERGENCY \
            and screen_category(tracker) in SUICIDE_FAMILY | {POSSIBLE_RISK} \
            and aftercare.next_step(followup, answer, tracker.get_slot("crisis_category"),
                                    tracker.latest_message.text) == "escalate":
        # "i feel fine tho, i'll just sleep it off" after their own overdose: the classifiers hear crisis talk, but
        # it is the answer that keeps the medical emergency (an overdose harms hours before it is felt), not a new
        # crisis of thoughts of suicide with the crisis line instead of the emergency number and the poison line
        return FOLLOWUPS["escalate"][0], [SlotSet("crisis_at", time.time()),
                                          SlotSet("crisis_followup", FOLLOWUPS["escalate"][1])]
    if intent == CRISIS_INTENT and active and guessed \
            and followup in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE) \
            and len((tracker.latest_message.text or "").split()) <= SHORT_ANSWER_WORDS \
            and tracker.get_slot("crisis_category") not in CARER_KINDS \
            and screen_category(tracker) not in SUICIDE_FAMILY | {tracker.get_slot("crisis_category"), POSSIBLE_RISK}:
        # "I'm at home" after "are you safe right now?" is an answer the classifier hears as another kind of
        # crisis (abuse, on "home"): the question again, with the line, not another crisis reply. "he's back" after
        # the reply about abuse is danger now: the escalation (red team rt14).
        if aftercare.next_step(followup, answer, tracker.get_slot("crisis_category"),
                               tracker.latest_message.text) == "escalate":
            return FOLLOWUPS["escalate"][0], [SlotSet("crisis_at", time.time()),
                                              SlotSet("crisis_followup", FOLLOWUPS["escalate"][1])]
        return FOLLOWUPS["clarify"][0], [SlotSet("crisis_followup", FOLLOWUPS["clarify"][1])]
    latest = tracker.latest_message.intent or {}
    if active and tracker.get_slot("crisis_category") in CARER_KINDS and not tracker.active_loop_name \
            and HANDED_OVER in _bot_actions_since_crisis(tracker) \
            and FOLLOWUPS["listen"][0] not in _bot_actions_since_crisis(tracker) and not speaks_of_own_risk(tracker) \
            and (intent == CRISIS_INTENT and guessed or intent in NOT_A_REQUEST or is_a_guess(latest)):
        # With the person in the paramedics' hands, "i cant stop shaking", "i feel so guilty, i should have noticed"
        # are the carer's own: listened to (once; then the conversation goes on as usual), not more about the other
        # person's safety or a guessed answer (red team rt31, and using the stack: "Are they safe right now?",
        # an answer about lifestyle)
        return FOLLOWUPS["listen"][0], [SlotSet("crisis_followup", FOLLOWUPS["listen"][1])]
    if intent == CRISIS_INTENT and active and tracker.get_slot("crisis_category") in CARER_KINDS \
            and (screen_category(tracker) in (*CARER_KINDS, POSSIBLE_RISK) or guessed) \
            and not speaks_of_own_risk(tracker):
        # A carer telling more about the same person ("she's 15, she's in her room now"): their answer, or
        # a short follow-up, not the whole reply again.
        step = aftercare.next_step(followup, answer, tracker.get_slot("crisis_category"), tracker.latest_message.text)
        if step in FOLLOWUPS:
            return FOLLOWUPS[step][0], [SlotSet("crisis_followup", FOLLOWUPS[step][1])]
        return CARER_MORE, [SlotSet("crisis_followup", aftercare.ASKED_THEM)]
    if intent == CRISIS_INTENT:
        category = screen_category(tracker) or "general"
        if category == POSSIBLE_RISK and not active:
            # Hopelessness, feeling a burden, wanting it all to stop: ask directly, the line in view.
            return POSSIBLE_QUESTION, [SlotSet("crisis_at", time.time()),
                                       SlotSet("crisis_followup", aftercare.ASKED_POSSIBLE)]
        earlier = tracker.get_slot("crisis_category")
        if category == POSSIBLE_RISK and guessed and not load_screen().tells_of_hopelessness(
                tracker.latest_message.text or "") and (earlier in SUICIDE_FAMILY or (
                active and earlier not in CARER_KINDS and earlier != POSSIBLE_RISK)):
            # After a crisis reply the learned classifier asks at a lower bar, and "does it have to be something
            # healthy?" or "why do you need to know that?" can reach it: no second signal to answer with "please
            # call 999 now", but the safety question again, the line in it. Hopelessness in words ("I just feel
            # like there's no point anymore") still raises the tier. After another kind of crisis (a 14-year-old
            # hurt at home, then "whatever") likewise: the question with that crisis's lines (the child line), not
            # the reply about suicide.
            if _bot_actions_since_crisis(tracker).count(ASK_AGAIN) < MAX_ASKED_AGAIN:
                return ASK_AGAIN, [SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
            return FOLLOWUPS["clarify"][0], [SlotSet("crisis_followup", FOLLOWUPS["clarify"][1])]
        if category == POSSIBLE_RISK:
            # A second signal while the first is recent raises the tier: the crisis reply.
            category = "general"
        if active and category in SUICIDE_FAMILY and tracker.get_slot("crisis_category") in SUICIDE_FAMILY:
            return ESCALATE, [SlotSet("crisis_at", time.time()),
                              SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
        if category in ABUSE_OF_ADULTS and a_child_said_so(tracker):
            # "my uncle touches me" after "im 14": the reply for a child, with the child line, not the adult's line
            category = "child_abuse"
        if active and (threat_from_the_abuser(earlier, category, tracker.latest_message.text or "")
                       or (category == "child_abuse" and earlier == "child_abuse")):
            # "he said if i tell anyone he'll hurt my mum", "they hit me again today" after the reply for a child: the
            # same crisis told more (the escalation for a child, the child line), not the whole reply again
            return ESCALATE, [SlotSet("crisis_at", time.time()), SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
        if active and category == earlier and earlier not in CARER_KINDS and answer is not None and (
                guessed or not HURTING.search((tracker.latest_message.text or "").lower())):
            # The same crisis heard again in what answers the crisis reply, by the learned classifier or in words that
            # tell of no new harm ("if i call the domestic violence hotline will they tell the police?" after the reply
            # about abuse; red team rt32: the whole reply again, the question unanswered): the answer read as such.
            step = aftercare.next_step(followup, answer, earlier, tracker.latest_message.text)
            if step in FOLLOWUPS:
                return FOLLOWUPS[step][0], [SlotSet("crisis_followup", FOLLOWUPS[step][1])]
        if active and keeps_the_earlier_crisis(earlier, category, tracker.latest_message.text or ""):
            # "i just wanted to sleep forever" after "i took 20 of my sleeping pills": still the overdose (the
            # medical emergency and the poison line), escalated, not the reply about thoughts of suicide; "i just
            # dont feel safe with myself tonight" after "im not safe": the same crisis escalated, not self-harm
            return ESCALATE, [SlotSet("crisis_at", time.time()),
                              SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
        return CRISIS_REPLY, _crisis_started(category)
    if tracker.active_loop_name and aftercare_now:
        if answer not in ("retract", "safe") or tracker.active_loop_name not in FORMS_READ_FOR_RETRACTION \
                or kind_of_reply(tracker.latest_message.text or "") != ANSWER:
            return None, []
        if answer == "safe":
            return SAFE_GO_ON, undo_mapped_answer(tracker)  # the step's slot, if its mapping took the words
        # "i'm fine, forget it" at a plan step soon after a crisis reply is no plan answer: the gentle
        # answer with the line in view, and the form is paused (not stored); once danger was said, the question too.
        step = "retract_ask" if danger_said(tracker) else "retract"
        return FOLLOWUPS[step][0], [SlotSet("crisis_followup", FOLLOWUPS[step][1])]
    if not active or tracker.active_loop_name:
        return None, []
    step = aftercare.next_step(followup, answer, tracker.get_slot("crisis_category"), tracker.latest_message.text)
    if step == "retract" and danger_said(tracker):
        # "forget it", "lol jk", "im fine forget it" right after "I'm not safe", a plan or the means at hand: never an
        # all-clear by itself; gently, the safety question stays open (and everyday replies keep the lines in view)
        step = "retract_ask"
    if step == "pushback" and FOLLOWUPS["pushback_ask"][0] not in _bot_actions_since_crisis(tracker):
        step = "pushback_ask"  # the first pushback still gets the one question, gently; a second, a step back
    latest_intent = (tracker.latest_message.intent or {}).get("name")
    if step is None and followup in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE) \
            and latest_intent in LEAVING and GOODBYE not in _bot_actions_since_crisis(tracker):
        # "thanks, you've been a good listener" / "bye" with the safety question unanswered: asked once more
        return GOODBYE, [SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
    answers_the_bots_question = latest_intent in ("affirm", "deny") and not crisis_asked_last(tracker)
    if step is None and followup in (aftercare.ASKED_THOUGHTS, aftercare.ASKED_SAFE) and not answers_the_bots_question:
        # ("yes" to "Are you sure you want everything deleted?", asked since the crisis reply, answers that: the
        # deletion is done, not lost behind the safety question again)
        turns = aftercare.user_turns_after(tracker.get_slot("crisis_at"),
                                           ((e.type_name, e.timestamp) for e in tracker.events))
        latest = tracker.latest_message.intent or {}
        asked_for_something = latest.get("name") not in NOT_A_REQUEST and not is_a_guess(latest)
        # after a plan, means at hand or an overdose, or once the bot escalated ("please call 911 now"), the safety
        # question comes before anything else asked for
        urgent = danger_said(tracker)
        if ESCALATE in _bot_actions_since_crisis(tracker) \
                and WHAT_NOW.match((tracker.latest_message.text or "").lower().replace("\u2019", "'")):
            return ESCALATE, [SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
        if turns <= 1 and (urgent or not asked_for_something):
            # The first message after the crisis reply neither answered its safety question nor asked for
            # something clearly ("8pm", "9", a plan answer): ask it again; "check in" or "make a relapse
            # plan" goes on as usual, except after a plan, means at hand or an overdose.
            return _ask_again(tracker)
        if not asked_for_something and _bot_actions_since_crisis(tracker).count(ASK_AGAIN) < MAX_ASKED_AGAIN:
            # "leave me alone", "i'll text 988" later on, with the safety question still open and nothing
            # clearly asked for: the question again with the line in it (twice at most), not the generic
            # fallback without one
            return _ask_again(tracker)
    if step is None and followup == aftercare.ASKED_POSSIBLE and crisis_asked_last(tracker) \
            and (tracker.latest_message.intent or {}).get("name") in (*NOT_A_REQUEST, "nlu_fallback", "greet") \
            and FOLLOWUPS["possible_unclear"][0] not in _bot_actions_since_crisis(tracker):
        # Neither an answer nor a request ("9", "evening") right after the possible-risk question: not dropped;
        # the gentle reply that keeps it open, the line in view (once)
        step = "possible_unclear"
    if step is None:
        return None, []
    if step == "crisis":
        return CRISIS_REPLY, _crisis_started("suicidal_thoughts", thoughts_told=followup == aftercare.ASKED_POSSIBLE)
    action, asked = FOLLOWUPS[step]
    if step in ("safe", "safer", "thoughts_safe") and not tracker.active_loop_name and asks_about_a_wound(
            normal_text(tracker.latest_message.text or ""), tracker.get_slot("crisis_category") == "self_harm"):
        # "I'm safe. how do I look after the cut?", "I'm not trying to die. How do I stop the bleeding?": the
        # question answered (first aid, the line in it), the safety question taken as answered (red teams rt31, rt32:
        # "I'm so relieved to hear that", the question never answered)
        return FIRST_AID, [SlotSet("crisis_followup", asked)]
    if step == "safe" and held_back_request(tracker) == DELETION_REQUEST:
        # "delete all my data" was held behind the safety question ("Before we go on... are you safe?"); once they
        # are safe, the deletion is asked about as it would have been ("yes im sure" deletes nothing by itself)
        return CONFIRM_DELETION, [SlotSet("crisis_followup", aftercare.WATCHING)]
    if step == "safe" and tracker.get_slot("interrupted_form"):
        action, asked = SAFE_RESUME, aftercare.WATCHING
    events: List[Event] = [SlotSet("crisis_followup", asked)]
    if step == "escalate":
        events.append(SlotSet("crisis_at", time.time()))
    return action, events


# What the crisis sequence says; a message after one of these may answer its question.
CRISIS_SAYS = FOLLOWUP_REPLIES | {CRISIS_REPLY, ESCALATE, HELP_NOW, COUNTRY_SET}
# Actions that say nothing to the person.
SILENT = {LISTEN, RECORD_ACTION, ACTION_UNLIKELY_INTENT_NAME, ACTION_EXTRACT_SLOTS, ACTION_SESSION_START_NAME}


# After their own overdose the safety question is no answer to what they asked ("what happens if I call? will they send
# the police?", "i feel kinda dizzy now"; red team rt31: "Are you safe right now?", which they may well answer yes):
# the medical emergency said again, calling now (its overdose variation), this many times at most.
OVERDOSE_URGED_AGAIN = 2


def _ask_again(tracker: DialogueStateTracker) -> tuple[str, List[Event]]:
    """The safety question again, or after the person's own overdose the call urged again."""
    if tracker.get_slot("crisis_category") == "overdose" \
            and _bot_actions_since_crisis(tracker).count(ESCALATE) < OVERDOSE_URGED_AGAIN:
        return ESCALATE, [SlotSet("crisis_followup", aftercare.ASKED_SAFE)]
    return ASK_AGAIN, [SlotSet("crisis_followup", aftercare.ASKED_SAFE)]


def _fallback_last(tracker: DialogueStateTracker) -> bool:
    """Whether the bot's last words were the fallback ("ok my neighbor is going over to check" not understood): a
    carer's next message still tells about the person ("she's probably just being dramatic right?")."""
    said = [e.action_name for e in tracker.events
            if isinstance(e, ActionExecuted) and e.action_name and e.action_name not in SILENT]
    return bool(said) and said[-1] in FALLBACK_REPLIES


def _fallback_since_asked(tracker: DialogueStateTracker) -> bool:
    """Whether the bot's last words were the fallback, said after its possible-risk question."""
    said = [e.action_name for e in tracker.events
            if isinstance(e, ActionExecuted) and e.action_name and e.action_name not in SILENT]
    return bool(said) and said[-1] in FALLBACK_REPLIES and POSSIBLE_QUESTION in said


def _possible_step(answer: str) -> tuple[str | None, list[Any]]:
    step = aftercare.next_step(aftercare.ASKED_POSSIBLE, answer)
    if step is None or (step != "crisis" and step not in FOLLOWUPS):
        return None, []
    if step == "crisis":
        return CRISIS_REPLY, _crisis_started("suicidal_thoughts", thoughts_told=True)
    action, asked = FOLLOWUPS[step]
    return action, [SlotSet("crisis_followup", asked)]


def crisis_asked_last(tracker: DialogueStateTracker) -> bool:
    """Whether the last thing the bot said came from the crisis sequence: after "Are you sure you want
    everything deleted?" or "Shall I note it for your appointment?" a "yes" answers that question, not the
    safety question asked before it."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name and event.action_name not in SILENT:
            return event.action_name in CRISIS_SAYS
    return False


DELETION_REQUEST = "request_data_deletion"


def held_back_request(tracker: DialogueStateTracker) -> str | None:
    """The intent of the request the safety question was asked in place of: the message just before the bot's
    last words, when those were the question again (ASK_AGAIN); else None."""
    asked = False
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted) and event.action_name and event.action_name not in SILENT:
            if asked or event.action_name != ASK_AGAIN:
                return None
            asked = True
        elif asked and isinstance(event, UserUttered):
            return (event.intent or {}).get("name")
    return None


def danger_said(tracker: DialogueStateTracker) -> bool:
    """Whether the person said they were not safe (in the message that brought the crisis reply, or after it: the bot
    escalated), or the crisis was a plan, the means at hand or an overdose: then a retraction is no all-clear by
    itself."""
    return tracker.get_slot("crisis_category") in SAFETY_BEFORE_REQUESTS \
        or ESCALATE in _bot_actions_since_crisis(tracker) or told_since_crisis(tracker, NOT_SAFE)


def _bot_actions_since_crisis(tracker: DialogueStateTracker) -> list[str]:
    crisis_at = float(tracker.get_slot("crisis_at") or 0)
    return [e.action_name for e in tracker.events
            if isinstance(e, ActionExecuted) and e.timestamp and e.timestamp >= crisis_at and e.action_name]


def with_form_paused(tracker: DialogueStateTracker, action: str, events: List[Event]) -> List[Event]:
    """``events``, preceded by a pause of the active form when ``action`` answers the message instead of it."""
    if action not in (CRISIS_REPLY, ESCALATE, POSSIBLE_QUESTION, RETRACT, HELP_NOW) or not tracker.active_loop_name:
        return events
    # The answer to the crisis reply's or the possible-risk question is read by the aftercare, never stored
    # as the form's answer ("yes" is not an anxiety score).
    return [*pause_events(tracker), *events]


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class CrisisPolicy(Policy):
    """Deterministic crisis sequence and aftercare; outranks forms, rules and learned policies."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": 7}

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        # Nothing to learn; the resource only has to exist for Rasa to load the policy.
        with self._model_storage.write_to(self._resource):
            pass
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action, events = next_crisis_step(tracker)
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action)] = 1.0
        events = with_form_paused(tracker, action, events)
        return self._prediction(probabilities, events=events, is_no_user_prediction=True)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CrisisPolicy:
        return cls(config, model_storage, resource, execution_context)
