"""Rasa's response generator, filling every crisis text from the directory at the moment it is sent.

Configured in ``endpoints.yml`` (``nlg: type: bot.rasa.nlg.SafetyFactsNLG``). Every response is
generated from ``domain.yml`` as Rasa's own templated generator does, except that the template variables
``{help_service}``, ``{help_phone}``, ``{help_text}``, ``{emergency_number}``, ``{country_name}`` and the
clinic's contact are always computed here, from ``data/content/crisis_resources.yml`` for the
conversation's country and from the environment. No slot, entity or action argument can supply them, so
"help now" on the first message, after a country change or inside a form always names real numbers.

Four condition values are computed too (declared as slots in domain.yml, never set by anyone):
``recent_crisis`` (the conversation is in a crisis reply's aftercare), ``clinic_contact_known`` and
``medication_topic`` (the latest message asks how long a medicine takes to work, or something else) and
``deletion_scope`` (a request to delete asks for the latest check-in only, or everything); and
``answers_unstored`` for the note that a form is paused (the person said no to storing: the answers so far stay in
this chat only, so "nothing is lost" would contradict "I won't store anything").
"""

from __future__ import annotations

import contextvars
import re
from typing import Any, Dict

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.config import clinic_alert_webhook, clinic_contact
from bot.core.form_answers import GRIEF, deletion_scope, medication_questions
from bot.core.form_replies import normal_text
from bot.core.safety.aftercare import (
    CRISIS_SEQUENCE_PREFIXES,
    LINE_IN_VIEW,
    LINE_KEPT,
    aftercare_active,
    asks_bot_to_call,
    user_turns_after,
)
from bot.core.safety.aftercare import line_to_keep as aftercare_line
from bot.core.safety.reply import (
    CLINIC_FACTS,
    CRISIS_FACTS,
    capitalised_at_sentence_start,
    clinic_values,
    crisis_slot_values,
    filled,
)
from bot.core.safety.screen import ASKS_ABOUT_TELLING, in_another_language, load_screen

# Responses whose facts follow the crisis category (the rest use the general crisis line): the crisis reply and
# every reply after it, so that a child keeps the child line and someone hurt at home the line for abuse.
CATEGORY_RESPONSES = {"utter_crisis", "utter_crisis_escalate", "utter_sexual_assault_options",
                      "utter_crisis_secret", "utter_crisis_cant_call", "utter_crisis_called", "utter_crisis_safe",
                      "utter_crisis_thoughts_safe",
                      "utter_crisis_safe_resume", "utter_crisis_safe_go_on", "utter_crisis_retract",
                      "utter_crisis_ask_again", "utter_crisis_pushback", "utter_crisis_pushback_ask",
                      "utter_crisis_clarify", "utter_crisis_stay_talk",
                      "utter_crisis_ground", "utter_crisis_retract_ask", "utter_crisis_carer_minimise",
                      "utter_crisis_carer_checking", "utter_crisis_safer",
                      "utter_crisis_stay", "utter_crisis_listen",
                      "utter_crisis_no_talk", "utter_crisis_goodbye", "utter_crisis_child_telling", LINE_IN_VIEW,
                      LINE_KEPT}
COMPUTED_CONDITIONS = ("recent_crisis", "clinic_contact_known", "medication_topic", "deletion_scope", "heard_reply",
                       "answers_unstored", "firearm_at_hand", "at_a_height", "wound_told", "firearm_told",
                       "said_not_safe", "feedback_before", "means_named", "delete_to_hide",
                       "asks_about_telling", "clinic_alerts_on", "someone_near", "bullied", "others_at_risk",
                       "threatened", "young", "asked_bot_to_call", "parent_at_risk", "plan_paused",
                       "grieving")
# Conditions an action may pass with its message (dispatcher.utter_message(..., had_questionnaire=True)).
PASSED_CONDITIONS = ("had_questionnaire",)
# The responses whose variations depend on the latest message (the other replies never read it).
MEDICATION_ANSWER = "utter_medication_question"
# The replies with a variation for being asked to call someone ("can you call someone for me").
CANT_CALL_REPLY = "utter_crisis_cant_call"
CALL_REPLIES = {CANT_CALL_REPLY, "utter_crisis_carer_cant_call", "utter_crisis_help"}
FORM_PAUSED = "utter_form_paused"
CONFIRM_DELETION = "utter_ask_confirm_deletion"
DEFAULT_REPLY = "utter_default"
POSSIBLE_QUESTION = "utter_possible_risk"
# "you're useless" a second time in a conversation: not the same apology word for word.
FEEDBACK_REPLY = "utter_bot_feedback"
FEELING_REPLY = "utter_share_feeling"
# A carer's follow-ups: for someone who might hurt other people, worded for the people at risk (others_at_risk).
CARER_FOLLOWUPS = {"utter_crisis_carer_safe", "utter_crisis_carer_danger", "utter_crisis_carer_waiting",
                   "utter_crisis_carer_called", "utter_crisis_carer_more"}
# A yes or no read at least this surely is said back when the bot has nothing open for it to answer.
HEARD_CONFIDENCE = 0.5
CRISIS_REPLY = "utter_crisis"
# Bleeding that goes on, told with self-harm ("it won't stop bleeding"): the crisis reply with first aid.
BLEEDING = re.compile(r"\b(won'?t|wont|will not|doesn'?t|does not|can'?t make it) stop bleeding\b"
                      r"|\b(still|keeps?|really|so much|heavily|a lot) (bleeding|bleed)\b"
                      r"|\bbleeding (a lot|heavily|badly|loads|everywhere)\b"
                      r"|\b(cut|went) (too|really|very|so) deep\b|\blots of blood\b"
                      r"|\bblood everywhere\b|\bso much blood\b"
                      r"|\b(cut|cuts|wound|it'?s|its|it is) (is |are )?(quite|pretty|really|very|so|too) deep\b"
                      r"|\bgaping\b"
                      r"|\bdeeper than (usual|normal|before|ever)\b"
                      r"|\b(need|needs|might need|probably needs?) (stitches|stiches|stitching)\b"
                      # "cut my arm pretty bad", "burnt myself really badly": a wound said to be bad (not the urge,
                      # "i want to hurt myself so bad right now": red team rt25, first aid for a wound not made)
                      r"|\b(?<!want to )(?<!wanna )(?<!gonna )(?<!going to )(?<!urge to )(?<!need to )(?<!like to )"
                      r"(cut|cuts|sliced|slashed|burned|burnt|hurt) (myself|my \w+)( \w+)? "
                      r"(pretty |really |quite |very |so |too |real |proper )?(bad|badly)\b")

# A gun at hand, told with thoughts of suicide or a plan ("there's a gun in the drawer and I keep looking at it"):
# the crisis reply and the escalation say what to do about a gun (out of the house, or locked up with the key and
# the ammunition held by someone else), not only "put it out of reach". Not when it is already gone or locked away.
FIREARM = re.compile(r"^(?!.*\b(gave|given|handed|sold|got rid of|handed in|locked (it |them )?(up|away)|"
                     r"no longer have|don'?t have|dont have|do not have|never had|no)\b.{0,30}"
                     r"\b(guns?|firearms?|pistol|rifle|shotgun|revolver|handgun)\b)"
                     r".*\b(guns?|firearms?|handguns?|pistols?|revolvers?|rifles?|shotguns?|glock)\b")
# The gun put out of reach, told ("locked it in the gun safe", "gave the key to my wife", "my brother took it to his
# place").
GUN_MADE_SAFE = re.compile(r"\b(locked (it|them|the \w+)?|(in|into) the (gun )?safe|gun safe|lock ?box"
                           r"|(gave|given|handed) (him |her |them )?(the )?(key|keys|it|them|gun|ammo|ammunition)"
                           r"|out of the house|(took|taken|taking) (it|them|the gun) (to|over|away)"
                           r"|(has|have|got) the (key|keys))\b")
# At a height or by the tracks ("im standing on the bridge", "I am on the ledge of my building"): the reply says to
# step back from the edge, to somewhere they can't fall from, not "put anything you could use out of reach".
AT_A_HEIGHT = re.compile(r"\b(on|at|to|up on|standing on|sitting on|stood on|sat on|near|by|onto|over|off|top of|"
                         r"edge of)"
                         r"( the| a| this| that| my| our| top of the| the top of the| the edge of the| edge of the)?"
                         r"( \w+)? (bridge|ledge|roof|rooftop|cliff|cliffs|balcony|railings?|overpass|flyover|tracks|"
                         r"railway( line)?|car park roof|top floor|parking garage|pier|viaduct|multi ?storey)\b")
# "I'm not safe" as the message that brought the crisis reply: they have said they are in danger, so the reply
# starts with the emergency number and asks what is happening, instead of asking whether they are safe.
NOT_SAFE = re.compile(r"^(no,? |nope,? )?((i'?m|i\u2019m|im|i am) )?(really |still )?not safe\b"
                      r"|\b(i'?m|i\u2019m|im|i am) (really |still |just )?not safe\b"
                      r"|\bi (don'?t|don\u2019t|dont|do not) feel safe( (right )?now| any ?more| tonight)?\s*[.!]*$")
# The whole message is that ("I'm not safe", the crisis reply's button; "no, not ok"), not "i'm not safe, i took
# pills": after the reply about abuse, that danger told more (the crisis policy keeps its kind).
NOT_SAFE_ALONE = re.compile(r"^\W*(no,? |nope,? )?((i'?m|im|i am) )?(really |still )?not (safe|ok|okay)"
                            r"( right now| now| here| at all| tonight)?\W*$")
# Means named other than a wound ("i have my meds here, like a lot of them") after self-harm: the escalation about
# putting them out of reach, not first aid for a cut.
MEANS_NAMED = re.compile(r"\b(pills?|tablets?|meds|medication|medicine|paracetamol|tylenol|ibuprofen|painkillers|"
                         r"sleeping pills|overdose|rope|noose|ligature|guns?|pistol|rifle|shotgun|bridge|roof|ledge|"
                         r"train|tracks|bleach|poison|exhaust|charcoal)\b")
# Hurt by other children ("im getting bullied every day at school, they hit me in the corridor"), no adult named as
# the one hurting them: the reply for a child says so (tell a grown-up you trust at home or at school, the child
# line, the emergency number if hurt now), not the reply for harm by someone who looks after them.
BULLIED = re.compile(r"\b(bull(y|ies|ied|ying)|picked on|pick(s|ing)? on me|call(s|ed|ing)? me (\w+ )?names|"
                     r"(make|makes|made|making) fun of me|laugh(s|ed|ing)? at me|teas(e|es|ed|ing) me|mock(s|ed|ing)? "
                     r"me|gang(s|ed|ing)? up on me|(leave|leaves|leaving|left) me out|(filmed|recorded) (me|it)|"
                     r"posted (a |some )?(video|videos|photos?|pics?|pictures?) of me|head (in|down) the toilet|"
                     r"(kids|boys|girls|pupils|students|classmates|older "
                     r"kids|year \d+s?) (at|in|from|on) (school|class|college|the bus)|at school|in (the )?(corridor|"
                     r"hallway|playground|canteen|changing rooms?|school bus))\b")
ADULT_HURTING = re.compile(r"\b(teacher|coach|tutor|dad|father|mum|mom|mother|stepdad|stepmum|stepmom|step ?father|"
                           r"step ?mother|uncle|aunt|babysitter|grown ?ups?|adults?|parents?|carer|foster|priest|"
                           r"grandad|grandpa|grandma|nan)\b")
# A child worried about their own parent or grandparent ("my mum keeps saying shes going to take all her
# tablets"): not "a really good friend", nor "tell a grown-up, like a parent".
PARENT_NAMED = re.compile(r"\bmy (mum|mom|mam|mummy|mommy|mother|dad|daddy|father|stepdad|stepmum|stepmom|"
                          r"step ?dad|step ?mum|step ?mom|nan|nana|gran|granny|grandma|grandad|grandpa|grandmother|"
                          r"grandfather)\b")
# Other people in danger from the person a carer tells of ("voices telling him to kill our dad", "she says she'll
# hurt the kids"): the reply says to get them away, not only what to do for someone at risk of suicide.
OTHERS_AT_RISK = re.compile(r"\b(kill|hurt|stab|attack|harm|shoot|strangle|beat|smother|poison)(s|ed|ing)? "
                            r"(our|my|his|her|their|the) (\w+ )?(dad|mum|mom|father|mother|parents|brother|sister|"
                            r"family|kids|children|child|baby|wife|husband|girlfriend|boyfriend|partner|neighbou?rs?|"
                            r"flatmate|roommate|grandma|grandad|grandpa|nan|son|daughter|teacher|boss|ex)\b"
                            r"|\b(kill|hurt|stab|attack|harm|shoot)(s|ed|ing)? (us|me|everyone|everybody|someone|"
                            r"somebody|anyone|anybody|whoever|people|them all|all of us)\b"
                            # armed ("waving a kitchen knife at me")
                            r"|\b(waving|pointing|swinging|brandishing) (a|the|his|her|their|my|our) (\w+ )?(knife|gun|"
                            r"bat|hammer|axe|machete|weapon|bottle)\b"
                            # at the door armed ("he's outside my door with a knife")
                            r"|\b(outside|at (my|the|our) (front |back )?(door|window|house|flat)|banging on|kicking|"
                            r"trying to (get|break) in)\b.{0,40}\b(with|has|holding|got|carrying) "
                            r"(a|the|his|her|their) (kitchen )?(knife|gun|machete|weapon|blade)\b"
                            # violence now ("he's smashing up the house", "she's going for my dad", "getting violent")
                            r"|\b(smashing|wrecking|trashing) (up )?(the|our|my|his|her) "
                            r"(house|place|flat|room|kitchen)\b"
                            r"|\b(getting|gets|got|being|is|was) (really |very )?(violent|aggressive)\b"
                            r"|\b(attacking|going for|coming for|chasing|threatening) (me|us|mum|mom|dad|the kids|"
                            r"my \w+|our \w+)\b")
# A threat made to keep a child quiet ("he said if i tell anyone he'll hurt my mum", "she says we'll be taken away
# if i tell").
THREATENED = re.compile(r"\bif (i|we) (ever )?(tell|told|say|said|speak|spoke)\b|\b(said|says|told me|threatened|"
                        r"threatens)\b.{0,40}\b(hurt|kill|hit|beat|taken away|take me away|sent away|get rid of)\b")
# Crises told by someone another person may be watching (abuse, assault): deleting the chat is part of their safety.
HIDING_KINDS = frozenset({"abuse", "abuse_at_home", "child_abuse", "sexual_assault"})
# Someone near after their own overdose ("my flatmate is home", "my mum's asleep downstairs"): wake them, tell them.
SOMEONE_NEAR = re.compile(r"\b(my|our|a) (flatmate|roommate|room mate|housemate|partner|husband|wife|boyfriend|"
                          r"girlfriend|mum|mom|dad|mother|father|parents|sister|brother|son|daughter|friend|neighbou?r|"
                          r"nan|gran)'?s? "
                          r"(is |are |'?s |'?re )?(home|here|in|downstairs|upstairs|next door|in the next room|asleep|"
                          r"sleeping|in bed|around)\b|\bwake (her|him|them) up\b|\b(don'?t|dont) want to wake\b")
OWN_SUICIDE_RISK = {"suicidal_thoughts", "suicide_plan", "indirect_means", "general", "possible_risk"}
FIREARM_REPLIES = {CRISIS_REPLY, "utter_crisis_escalate"}
# "im fine" or "I'm safe" after self-harm told with a bad or bleeding wound: the replies still say to look after it.
WOUND_REPLIES = {"utter_crisis_retract", "utter_crisis_safe"}
# "I'm safe, my sister is here" after a gun at hand was told: the replies still ask for it to be put out of reach.
FIREARM_SAFE_REPLIES = {"utter_crisis_safe", "utter_crisis_thoughts_safe", "utter_crisis_safer"}


def channel_country(tracker: DialogueStateTracker) -> Any:
    """The country the channel sent with the latest message (``metadata.country``), as sent: the crisis facts read
    it as a code (reply_country)."""
    return (getattr(tracker.latest_message, "metadata", None) or {}).get("country")


def told_since_crisis(tracker: DialogueStateTracker, pattern: re.Pattern[str]) -> bool:
    """Whether a message since the crisis reply (or the one that brought it) matches ``pattern``."""
    since = float(tracker.get_slot("crisis_at") or 0) - 60
    return any(isinstance(e, UserUttered) and (e.timestamp or 0) >= since and pattern.search((e.text or "").lower())
               for e in tracker.events)


# An adult's age said of oneself ("actually i'm 34", "I am 19 years old").
ADULT_AGE = re.compile(r"\b(i am|im|i'm) (actually |really |only |just )?(1[89]|[2-9]\d)\b(?! ?(minutes?|mins?|hours?|"
                       r"days?|weeks?|months?|miles?|km|kg|stone|lbs?|pounds|percent|%|times))")


def a_child_said_so(tracker: DialogueStateTracker) -> bool:
    """Whether the person has said in this conversation that they are a child ("im 14", "i'm only 12"), in this
    message or an earlier one, or got the reply for a child (its category is kept until the conversation restarts)."""
    if tracker.get_slot("crisis_category") == "child_abuse":
        return True
    screen = load_screen()
    for event in reversed(tracker.events_after_latest_restart()):
        if isinstance(event, UserUttered) and event.text:
            if screen.tells_of_a_child(event.text):
                return True
            if ADULT_AGE.search(screen.normalise(event.text)):
                return False  # "actually I'm 34, was joking" after "im 14" (red team rt18)
    return False


def recently_told(tracker: DialogueStateTracker, pattern: re.Pattern[str], turns: int = 6) -> bool:
    """Whether one of the person's latest ``turns`` messages in this conversation matches ``pattern``."""
    said = [e for e in tracker.events_after_latest_restart() if isinstance(e, UserUttered)][-turns:]
    return any(pattern.search((e.text or "").lower()) for e in said)


# The channel handling the current message may put a dict here; the generator records the country
# it used, so the channel can tell the widget which country's lines to keep in its help panel.
REPLY_COUNTRY: contextvars.ContextVar[Dict[str, str] | None] = contextvars.ContextVar(
    "reply_country", default=None)


def in_aftercare(tracker: DialogueStateTracker) -> bool:
    crisis_at = tracker.get_slot("crisis_at")
    if not crisis_at:
        return False
    recent = []
    for event in reversed(tracker.events):
        if event.timestamp and event.timestamp <= float(crisis_at):
            break
        recent.append((event.type_name, event.timestamp))
    return aftercare_active(crisis_at, user_turns_after(crisis_at, recent))


# Marks a reply that carries the line (in the bot event's metadata), so a turn of several replies carries it once.
LINE_MARK = "line_kept"


def line_to_keep(tracker: DialogueStateTracker) -> str | None:
    """The response to add to an everyday reply within the aftercare (aftercare.line_to_keep), if any: once a turn."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered) and ((event.metadata or {}).get(LINE_MARK) or (event.metadata or {}).get(
                "utter_action") in (LINE_IN_VIEW, LINE_KEPT)):
            return None
    events = [(e.type_name, getattr(e, "action_name", None) or "", e.timestamp or 0.0) for e in tracker.events]
    return aftercare_line(tracker.get_slot("crisis_followup"), tracker.get_slot("crisis_at"), events)


def heard_reply(tracker: DialogueStateTracker) -> str | None:
    """"yes" or "no" when the message the bot could not place in the conversation was still a plain yes or no
    ("hmm ok", "no I don't want to start a new one"), read with confidence; else None."""
    intent = (tracker.latest_message.intent if tracker.latest_message else None) or {}
    if float(intent.get("confidence") or 0.0) < HEARD_CONFIDENCE:
        return None
    return {"affirm": "yes", "deny": "no"}.get(str(intent.get("name")))


class SafetyFactsNLG(TemplatedNaturalLanguageGenerator):
    """Rasa's templated generator with crisis and clinic facts computed at send time."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> Dict[str, Any] | None:
        for name in CRISIS_FACTS + CLINIC_FACTS + COMPUTED_CONDITIONS:
            kwargs.pop(name, None)
        slots = tracker.current_slot_values()
        slots.update({name: kwargs[name] for name in PASSED_CONDITIONS if name in kwargs})
        # (a button pressed as a session's first message - "/crisis_help" - skips the NLU pipeline that sets the slot
        # from the channel's metadata: the metadata's country, not the default's lines; red team rt14)
        country = slots.get("country") or channel_country(tracker)
        category = kwargs.pop("crisis_category", None) or slots.get("crisis_category")
        if category:
            slots["crisis_category"] = category
        # a child (said so in this conversation): the line for young people first, where it is there for this
        young = slots["young"] = a_child_said_so(tracker)
        facts = crisis_slot_values(category if utter_action in CATEGORY_RESPONSES else "general", country, young)
        slots.update(facts)
        clinic = clinic_values()
        slots.update(clinic)
        slots["recent_crisis"] = in_aftercare(tracker)
        slots["clinic_contact_known"] = clinic_contact().configured
        latest = (tracker.latest_message.text if tracker.latest_message else None) or ""
        lowered = latest.lower()
        if utter_action == MEDICATION_ANSWER:
            topic = medication_questions().topic(normal_text(latest))
            # in the check-in, an extra dose's answer offers nothing to press: the check-in's next question follows
            # (red team rt18: "Yes, note it" pressed there was saved as the coping step)
            in_checkin = tracker.active_loop_name == "checkin_form"
            slots["medication_topic"] = "extra_dose_in_checkin" if topic == "extra_dose" and in_checkin else topic
        if utter_action == CRISIS_REPLY:
            slots["bleeding"] = bool(BLEEDING.search(lowered))
            slots["said_not_safe"] = bool(NOT_SAFE.search(lowered))
            # (or told just before: "they hit me again" after the reply about bullying)
            slots["bullied"] = category == "child_abuse" and not ADULT_HURTING.search(lowered) and (
                bool(BULLIED.search(lowered)) or (in_aftercare(tracker) and recently_told(tracker, BULLIED)))
            slots["others_at_risk"] = category in ("third_party", "third_party_now") \
                and bool(OTHERS_AT_RISK.search(lowered))
            slots["parent_at_risk"] = category == "third_party" and bool(PARENT_NAMED.search(lowered))
        if utter_action == FEELING_REPLY:
            slots["bullied"] = bool(BULLIED.search(lowered))
            slots["grieving"] = not slots["bullied"] and bool(GRIEF.search(lowered))
        if utter_action in CARER_FOLLOWUPS:
            slots["others_at_risk"] = category in ("third_party", "third_party_now") \
                and told_since_crisis(tracker, OTHERS_AT_RISK)
        if utter_action in CALL_REPLIES:
            # (after their own overdose the cant-call reply's overdose variation, which asks someone near to call,
            # stands)
            slots["asked_bot_to_call"] = asks_bot_to_call(latest) \
                and not (utter_action == CANT_CALL_REPLY and category == "overdose")
            # "help now" while writing the safety plan (paused for it): the plan waits, no offer to make one
            slots["plan_paused"] = tracker.get_slot("interrupted_form") == "safety_plan_form"
        if utter_action in WOUND_REPLIES:
            slots["wound_told"] = slots.get("crisis_category") == "self_harm" and told_since_crisis(tracker, BLEEDING)
        if utter_action in FIREARM_SAFE_REPLIES:
            # (not once they said it is done: "I put it back in the gun safe and locked it. Gave the key to my wife",
            # then "yes I'm safe"; red teams rt31 and rt32: asked to do just that, twice)
            slots["firearm_told"] = slots.get("crisis_category") in OWN_SUICIDE_RISK \
                and told_since_crisis(tracker, FIREARM) and not told_since_crisis(tracker, GUN_MADE_SAFE)
        if utter_action == POSSIBLE_QUESTION:
            slots["asks_about_telling"] = bool(ASKS_ABOUT_TELLING.search(normal_text(latest)))
            slots["clinic_alerts_on"] = clinic_alert_webhook() is not None
        if utter_action == "utter_crisis_escalate":
            slots["threatened"] = category == "child_abuse" and bool(THREATENED.search(lowered))
            slots["means_named"] = bool(MEANS_NAMED.search(lowered))
            slots["someone_near"] = bool(SOMEONE_NEAR.search(lowered))
        if utter_action in FIREARM_REPLIES:
            slots["firearm_at_hand"] = category in OWN_SUICIDE_RISK and bool(FIREARM.search(lowered))
            slots["at_a_height"] = category in OWN_SUICIDE_RISK and bool(AT_A_HEIGHT.search(lowered))
        if utter_action == DEFAULT_REPLY:
            slots["other_language"] = in_another_language(latest)
            slots["heard_reply"] = None if slots["other_language"] else heard_reply(tracker)
        if utter_action == FEEDBACK_REPLY:
            slots["feedback_before"] = any(isinstance(e, ActionExecuted) and e.action_name == FEEDBACK_REPLY
                                           for e in tracker.events)
        if utter_action == FORM_PAUSED:
            slots["answers_unstored"] = slots.get("consent") is False
        if utter_action == CONFIRM_DELETION:
            slots["deletion_scope"] = deletion_scope(latest)
            # asked right after the reply about abuse: what else to clear on the phone, and the line
            slots["delete_to_hide"] = category in HIDING_KINDS and slots["deletion_scope"] in (None, "everything") \
                and in_aftercare(tracker)
            facts = crisis_slot_values(category, country, young) if slots["delete_to_hide"] else facts
            slots.update(facts)
        holder = REPLY_COUNTRY.get()
        if holder is not None:
            holder["country"] = facts["country_code"]
        reply = self.generate_from_slots(utter_action, slots, output_channel, **kwargs)
        if reply and reply.get("text"):
            reply["text"] = capitalised_at_sentence_start(str(reply["text"]), {**facts, **clinic})
        kept = None if utter_action.startswith(CRISIS_SEQUENCE_PREFIXES) or slots.get("delete_to_hide") \
            else line_to_keep(tracker)
        if reply and reply.get("text") and kept:
            # an everyday reply within the aftercare, the risk not cleared: answered, with the lines still in view
            # (unless the reply names the line itself: "Before you go: 988 ..." in the goodbye; red team rt31: twice)
            facts = crisis_slot_values(category, country, young)
            if str(facts.get("help_phone") or "\0") not in str(reply["text"]):
                reply["text"] = f"{reply['text']} {filled(str(self.responses[kept][0]['text']), facts)}"
            reply[LINE_MARK] = True
        return reply
