"""The turns after a crisis reply: how long "no business as usual" lasts, and what an answer means.

After a crisis reply the conversation stays in aftercare for at least ``AFTERCARE_TURNS`` user messages
and ``AFTERCARE_SECONDS``: no recovery-stage prompts, no questionnaire offers, the crisis line one tap
away. The answer to the crisis reply's safety question is read with the phrases in
``data/content/crisis_followup.yml`` (reviewable by a clinician), never with the general intent classifier.
Pure logic: no Rasa, no database; used by the Rasa policy, the response generator and the actions.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable

from bot.content.loader import content_path, load_yaml

AFTERCARE_TURNS = 10
AFTERCARE_SECONDS = 30 * 60

# What the bot last asked, kept in the ``crisis_followup`` slot.
ASKED_THOUGHTS = "asked_thoughts"  # the crisis reply: "are you thinking about ending your life, are you safe?"
ASKED_SAFE = "asked_safe"  # "are you safe right now?" / "is someone with you?"
OFFERED_PLAN = "offered_plan"  # "shall we make a safety plan?"
WATCHING = "watching"  # after "forget I said anything": nothing asked, the line stays in view
ASKED_POSSIBLE = "asked_possible"  # the possible-risk question: "are you having thoughts of ending your life?"
OFFERED_TALK = "offered_talk"  # "would it help to talk about what's going on?"
ASKED_THEM = "asked_them"  # a carer, after the crisis reply about someone else: "are they safe right now?"

# Answers (see crisis_followup.yml); checked in this order, so any sign of danger wins.
ANSWERS = ("escalate", "reaffirm", "cant_call", "stay_talk", "ground", "secret", "pushback", "evade", "called", "safe",
           "safer",
           "retract", "yes", "no", "okay", "unclear")
# Kinds that give way to a safety statement in the same message ("I'm safe, stop asking", "yes im safe, please don't
# tell my mum").
SAFE_SAID_TOO = frozenset({"pushback", "secret"})
SAFE_IN_SO_MANY_WORDS = re.compile(r"\b(i'?m|im|i am)( now| really| totally| completely| perfectly| honestly)? safe\b")
# Kinds read as another: an evasion ("I'm not going to tell you if I'm safe", "totally safe lol") is no answer.
SAME_AS = {"evade": "unclear"}


def aftercare_active(crisis_at: float | None, user_turns_since: int, now: float | None = None) -> bool:
    """Whether the conversation is still in the aftercare of the crisis reply sent at ``crisis_at``."""
    if not crisis_at:
        return False
    now = time.time() if now is None else now
    return user_turns_since <= AFTERCARE_TURNS or now - float(crisis_at) < AFTERCARE_SECONDS


# Signals add up over the recent turns: a message that comes soon after others that carried some risk
# (a risk score of at least EARLIER_RISK, below what is flagged on its own) is read with the lower bar, so
# a second hopeless message, or means named after hopelessness, gets the possible-risk question.
# (On the validation set 5% of look-alikes and 94% of crisis messages reach 0.6.)
EARLIER_RISK = 0.6
RECENT_TURNS = 3
RECENT_SECONDS = 30 * 60


def risk_adds_up(earlier: Iterable[tuple[float, float]], now: float | None = None) -> bool:
    """Whether one of the last ``RECENT_TURNS`` user messages, within ``RECENT_SECONDS``, carried risk.

    ``earlier``: (timestamp, risk score) of the person's earlier messages, newest first."""
    now = time.time() if now is None else now
    for turn, (stamp, score) in enumerate(earlier):
        if turn >= RECENT_TURNS or now - stamp > RECENT_SECONDS:
            return False
        if score >= EARLIER_RISK:
            return True
    return False


def user_turns_after(crisis_at: float | None, events: Iterable[tuple[str, float]]) -> int:
    """How many user messages came after ``crisis_at``; ``events`` are (event type, timestamp) pairs."""
    if not crisis_at:
        return 0
    return sum(1 for kind, stamp in events if kind == "user" and stamp and stamp > float(crisis_at))


# Added to an everyday reply within the aftercare while the risk is not cleared (by the response generator, and by
# the action server after an action's own text): the safety question still open, the emergency number and the line
# in view; taken back or pushed away ("lol jk", "stop asking me that") with nothing said about being safe, the line
# kept in view without the question (a retraction never clears the risk by itself).
LINE_IN_VIEW = "utter_crisis_line_in_view"
LINE_KEPT = "utter_crisis_line_kept"
LEFT_UNANSWERED = frozenset({"utter_crisis_retract", "utter_crisis_pushback", "utter_crisis_no_talk"})
POSSIBLE_QUESTION = "utter_possible_risk"
POSSIBLE_UNCLEAR = "utter_possible_risk_unclear"
# Replies of the crisis sequence (the crisis reply and everything after it, the possible-risk question, the lines).
CRISIS_SEQUENCE_PREFIXES = ("utter_crisis", "utter_possible_risk", "utter_sexual_assault", "utter_country_set")


def line_to_keep(followup: str | None, crisis_at: float | None, events: Iterable[tuple[str, str, float]],
                 now: float | None = None) -> str | None:
    """The response to add to an everyday reply, if any; ``events`` are (event type, action name, timestamp) of the
    conversation, oldest first."""
    if followup not in (ASKED_THOUGHTS, ASKED_SAFE, WATCHING, ASKED_POSSIBLE) or not crisis_at:
        return None
    events = list(events)
    if not aftercare_active(crisis_at, user_turns_after(crisis_at, [(kind, stamp) for kind, _, stamp in events]), now):
        return None
    if followup in (ASKED_THOUGHTS, ASKED_SAFE):
        return LINE_IN_VIEW
    sequence = [name for kind, name, stamp in events
                if kind == "action" and (stamp or 0) >= float(crisis_at) and name.startswith(CRISIS_SEQUENCE_PREFIXES)]
    # (after "idk" to the possible-risk question, or a request that leaves it unanswered - "check in" - the line
    # stays in view while the question waits to be asked again; red team rt18: the check-in began with no line)
    left = LEFT_UNANSWERED if followup == WATCHING else {POSSIBLE_UNCLEAR, POSSIBLE_QUESTION}
    return LINE_KEPT if sequence and sequence[-1] in left else None


@dataclass(frozen=True)
class FollowupPhrases:
    patterns: dict[str, tuple[re.Pattern[str], ...]]

    def classify(self, text: str | None) -> str | None:
        """The kind of answer ``text`` is (one of ANSWERS), or None when it is not an answer."""
        cleaned = normalise_answer(text)
        if not cleaned:
            return None
        for answer in ANSWERS:
            if any(p.search(cleaned) for p in self.patterns.get(answer, ())):
                if answer in SAFE_SAID_TOO and SAFE_IN_SO_MANY_WORDS.search(cleaned):
                    return "safe"  # "I JUST SAID IM SAFE. stop asking": safe, said again (red team rt31: asked again)
                return SAME_AS.get(answer, answer)
        return None


def normalise_answer(text: str | None) -> str:
    """Lower case, straight apostrophes, single spaces, no trailing punctuation or emoji."""
    lowered = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    lowered = re.sub(r"[^\w' ]+", " ", lowered)
    return re.sub(r"\s+", " ", lowered).strip()


@lru_cache(maxsize=1)
def _them_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """What a carer says about the other person ("danger", "safe", "doubtful") and asks ("talk", "waiting")."""
    raw = load_yaml(content_path("crisis_followup.yml"))["them"]
    return {kind: tuple(re.compile(p) for p in patterns) for kind, patterns in raw.items()}


@cache
def _pattern_list(key: str) -> tuple[re.Pattern[str], ...]:
    """A list of patterns in crisis_followup.yml ("possible_yes", "assault_options"), compiled once."""
    return tuple(re.compile(p) for p in load_yaml(content_path("crisis_followup.yml"))[key])


def asks_about_assault_options(text: str | None) -> bool:
    """After the reply about rape or sexual assault: "I don't want to go to the police", "should I go to hospital?",
    "what is RAINN": a question about what can be done, answered as such."""
    cleaned = normalise_answer(text)
    return bool(cleaned) and any(p.search(cleaned) for p in _pattern_list("assault_options"))


def carer_question(text: str | None) -> str | None:
    """What a carer asks: "number" (whom to call: "what number do I ring?", "who do I call?"), "talk" (how to
    talk with or support the person: "what should I say to her?"), "waiting" (what to do now or until help
    arrives: "what do I do until they get here?"), or None."""
    cleaned = normalise_answer(text)
    if not cleaned:
        return None
    return next((kind for kind in ("number", "talk", "waiting")
                 if any(p.search(cleaned) for p in _them_patterns()[kind])), None)


# A yes anywhere counts only in a short answer: "yeah, and he won't talk to me" says more than yes.
POSSIBLE_YES_WORDS = 10



def possible_answer(text: str | None) -> str | None:
    """The answer to the possible-risk question: any yes counts, whatever stands beside it ("yes but i wont do
    anything", "lol yes", "every day"); otherwise as ``followup_phrases().classify`` reads it."""
    answer = followup_phrases().classify(text)
    if answer in ("escalate", "reaffirm", "called"):
        return answer
    if denies_thoughts(text):
        return "no"  # "not like THAT lol just school n stuff", "i said im not suicidal"
    cleaned = normalise_answer(text)
    if YES_TO_SOMETHING_ELSE.search(cleaned):
        return "unclear"  # "yes note it": a yes to an offer made before, not an answer to this: asked again later
    if cleaned and len(cleaned.split()) <= POSSIBLE_YES_WORDS \
            and any(p.search(cleaned) for p in _pattern_list("possible_yes")) \
            and not re.match(r"^(no|nope|nah)$", cleaned):
        return "yes"
    return answer


# A yes that goes on to ask for something else ("yes note it", "yeah please save that", "ok remind me at 9"): the
# answer to an offer made before the possible-risk question, not to it.
YES_TO_SOMETHING_ELSE = re.compile(r"^(yes|yeah|yep|yh|ye|ok|okay|sure)\W+((please|pls|plz|then|go on)\W+)?"
                                   r"(note|save|store|remind|add|write|keep|record|put|show|send|do the|start)\b"
                                   r"(?!.*\b(die|dying|dead|kill|end it|suicid\w*|thoughts?|not wake)\b)")


def carer_answer(text: str | None) -> str | None:
    """A carer's answer to "are they safe right now?": "escalate" (not safe, not known, gone, means at hand),
    "called" (help is called and on its way), "handed_over" (at the hospital, taken in by paramedics), "minimise"
    (played down: "he's just being dramatic"), "safe", or None. Read apart from the person's own answers:
    "yes she's safe for now" is no danger."""
    cleaned = normalise_answer(text)
    if not cleaned:
        return None
    patterns = _them_patterns()
    if any(p.search(cleaned) for p in patterns["handed_over"]):
        return "handed_over"  # "paramedics are here now and taking him in", "they've gone. he's at the hospital"
    if any(p.search(cleaned) for p in patterns["danger"]):
        return "escalate"
    if any(p.search(cleaned) for p in followup_phrases().patterns["cant_call"]):
        return "cant_call"  # "I can't call, he'll hear": how to get help without being heard
    if any(p.search(cleaned) for p in patterns["minimise"]):
        return "minimise"  # "he's done this before, he's just being dramatic": serious all the same
    if any(p.search(cleaned) for p in patterns["called"]):
        return "called"
    if any(p.search(cleaned) for p in patterns["checking"]):
        return "checking"  # "my neighbor is going over to check": what to ask of them, and calling still right
    if any(p.search(cleaned) for p in patterns["safe"]):
        return "safe"
    return "escalate" if any(p.search(cleaned) for p in patterns["doubtful"]) else None


@lru_cache(maxsize=1)
def followup_phrases() -> FollowupPhrases:
    raw = load_yaml(content_path("crisis_followup.yml"))["answers"]
    patterns = {answer: tuple(re.compile(pattern) for pattern in raw[answer]["patterns"]) for answer in ANSWERS}
    # "can you call someone for me" is answered as calling that is not possible (utter_crisis_cant_call says the
    # bot makes no calls)
    patterns["cant_call"] += _pattern_list("asks_bot_to_call")
    return FollowupPhrases(patterns)


def writer_at_risk(text: str | None) -> bool:
    """After the reply about someone else: the writer says it is they who are at risk ("no my nan is fine. theyre
    for me", "I'm the one who was going to do it")."""
    cleaned = normalise_answer(text)
    return bool(cleaned) and any(p.search(cleaned) for p in _pattern_list("writer_at_risk"))


def asks_bot_to_call(text: str | None) -> bool:
    """Whether ``text`` asks the bot to call or send someone ("can you call an ambulance for me", "could u ring
    someone"): it cannot, and says so."""
    cleaned = normalise_answer(text)
    return bool(cleaned) and any(p.search(cleaned) for p in _pattern_list("asks_bot_to_call"))


# Kinds of crisis where the danger is another person (abuse of adults and of children): someone said to have
# arrived, unnamed, may be them.
ABUSE_KINDS = frozenset({"abuse", "abuse_at_home", "sexual_assault", "child_abuse"})
SOMEONE_ARRIVED_UNNAMED = re.compile(r"\b(they'?re|theyre|they are|he'?s|hes|he is|she'?s|shes|she is|someone'?s|"
                                     r"someone is|somebody'?s|somebody is) (here|back|home|outside|at the door)\b")
HELP_NAMED = re.compile(r"\b(police|cops|ambulance|paramedics?|officers?|guards|gardai|garda|help|helpline|"
                        r"counsell?or|nurse|doctor|social worker|"
                        r"my (mum|mom|dad|sister|brother|friend|aunt|nan|gran))\b")
# A retraction never takes back a medical emergency: after an overdose, "forget it" keeps the emergency
# number first (the person may feel fine for hours).
RETRACTION_STAYS_AN_EMERGENCY = {"overdose"}
# After these, pushback ("leave me alone") still gets the one question: are you safe right now?
STILL_ASK_AFTER_PUSHBACK = {"suicide_plan", "indirect_means", "overdose"}


UNSURE = re.compile(r"^(idk|i dont know|i don'?t know|i do not know|dunno|not sure|i'?m not sure|no idea|i can'?t say|"
                    r"hard to say|i don'?t really know|i'?m not sure i am|not really sure)$")


# A yes only half given ("maybe", "kind of", "sort of", "i guess"): to "are you safe right now?" it is no all-clear.
HEDGED = re.compile(r"^\W*((well|um+|hmm+|i mean|honestly|tbh)\W+)*(maybe|kind of|kinda|sort of|sorta|a bit|a little|"
                    r"sometimes|probably|i guess|i suppose|i think so|possibly|somewhat|ish|more or less|partly)\b")


# Signs that an overdose is taking hold ("just a bit sleepy", "feel sick", "dizzy"), after the person's own overdose.
POISONING_SIGNS = re.compile(
    r"\b(sleepy|drowsy|dozy|dizzy|woozy|faint|can'?t keep my eyes open|(feel|feeling|felt) sick|throwing up|been sick|"
    r"vomit\w*|shaking|shaky|heart (is )?(racing|pounding)|ringing in my ears|blurry|confused|out of it|numb|tingl\w*|"
    r"can'?t breathe|breathing (is )?(funny|weird|slow))\b")
# Feeling fine, or going to sleep, said after an overdose ("im fine honestly, going to bed").
FINE_OR_TO_BED = re.compile(r"\b(i'?m|im|i am|i feel|feeling|feel) (\w+ )?(fine|ok|okay|alright|all right|good|better|"
                            r"normal)\b|\b((going|go|off|gonna|gunna) (to )?|about to )(bed|sleep)\b"
                            r"|\b(sleep it off|have a nap|lie down|get some sleep|night night|nighty night)\b"
                            r"|\b(just|gonna|going to|will|i'?ll) (sleep|nap|crash)\b")
# "yes but im safe", "yeah i am, but i'm safe": a yes to the thoughts before the word that they are safe.
YES_THEN_SAFE = re.compile(r"^((well|honestly|tbh|i mean|um+)\W+)*(yes|yeah|yep|yh|ya|yea|i am|i do|sometimes|kind of|"
                           r"kinda|a bit)\b.{0,20}\b(but|though|tho)\b.{0,10}\b(i'?m|im|i am) (safe|ok|okay|alright)\b")
# A "safe" said with a doubt or with more weight beside it.
SAFE_BUT = re.compile(r"\b(i think|i guess|i suppose|maybe|probably|kind of|kinda|sort of|for now i think|not sure|"
                      r"tired of (everything|it all|life|living)|done with (everything|it all|life)|what'?s the point|"
                      r"for now\b.{0,20}\b(but|tho|though))\b")


def unsure(text: str | None) -> bool:
    """"idk", "not sure", "dunno": the person does not know (not "I'd rather not say")."""
    return bool(text) and bool(UNSURE.search(normalise_answer(text)))


# Someone else's emergency now (an overdose taken, someone at a bridge or with the means in hand): the carer being
# with them, or them asleep, is no sign they are safe.
CARER_EMERGENCIES = frozenset({"overdose_other", "third_party_now"})
# Sleep after an overdose is no rest: it can be the overdose taking hold.
ASLEEP = re.compile(r"\b(asleep|sleeping|sleepy|dozed off|gone to sleep|went to sleep|peaceful|out cold|passed out)\b")


# Crisis replies that ask only whether the person is safe right now (domain.yml, utter_crisis by category), not
# whether they are thinking about ending their life: a yes or no answers that one question.
ASKS_ONLY_ABOUT_SAFETY = frozenset({"abuse", "abuse_at_home", "sexual_assault", "child_abuse", "harm_to_others",
                                    "self_harm"})


def next_step(state: str | None, answer: str | None, category: str | None = None,
              text: str | None = None) -> str | None:
    """What the bot does with ``answer`` when it last asked ``state`` (after a crisis of ``category``).

    Returns one of: "escalate", "ground", "called",
    "safe", "thoughts_safe", "retract", "clarify", "start_plan", "not_now",
    "crisis" (the full crisis reply), "possible_no", "possible_unclear", "listen", "no_talk", "carer_safe",
    "carer_danger", "carer_called", "carer_handed_over", "pushback", "pushback_ask", or None (not
    an answer to what was asked: the conversation goes on as usual, still in aftercare).
    """
    cleaned = normalise_answer(text)
    if state == ASKED_THEM and category == "overdose_other" and ASLEEP.search(cleaned):
        return "carer_danger"  # "she's asleep now, she seems peaceful" after an overdose: danger, call now
    if state == ASKED_THEM and answer == "handed_over":
        return "carer_handed_over"  # with the people who can help now: the carer, and how they are
    if state == ASKED_THEM and category in CARER_EMERGENCIES and answer in ("yes", "safe", "okay"):
        # "I'm with him now", "she's asleep" after an overdose or with someone on a roof: no all-clear; what to
        # do until help comes, and to call if they have not
        return "carer_waiting"
    if state == ASKED_THEM:
        # The carer answers about the other person; nothing of it is read as their own risk.
        return {"yes": "carer_safe", "safe": "carer_safe", "okay": "carer_safe", "no": "carer_danger",
                "escalate": "carer_danger", "unclear": "carer_danger", "called": "carer_called",
                "cant_call": "carer_cant_call", "minimise": "carer_minimise",
                "checking": "carer_checking"}.get(str(answer))
    if category in RETRACTION_STAYS_AN_EMERGENCY and state in (ASKED_THOUGHTS, ASKED_SAFE) \
            and answer in ("secret", "cant_call") and not POISONING_SIGNS.search(cleaned):
        # after their own overdose, "please don't tell anyone", "I can't call": answered as asked (the bot calls
        # no one; help without a call), the medical emergency kept in the same words (their overdose variations)
        return answer
    if category in RETRACTION_STAYS_AN_EMERGENCY and state in (ASKED_THOUGHTS, ASKED_SAFE) \
            and (POISONING_SIGNS.search(cleaned) or FINE_OR_TO_BED.search(cleaned)
                 or answer in ("pushback", "secret", "cant_call")):
        # after their own overdose, "i feel fine tho, just a bit sleepy", "im fine honestly, going to bed", "stop
        # asking me im fine", "please don't tell my parents", "not gonna call": the overdose may be taking hold;
        # the medical emergency said again (with getting someone to take them), never dropped
        return "escalate"
    if category in ABUSE_KINDS and state is not None and answer in (None, "called", "safer", "safe") \
            and SOMEONE_ARRIVED_UNNAMED.search(cleaned) and not HELP_NAMED.search(cleaned):
        # "they're here now" after the reply about abuse: maybe the person who hurts them, not help arriving; the
        # danger reply (the emergency number first), never "I'm glad you reached out" (red team rt14)
        return "escalate"
    if answer is None or state is None:
        return None
    if answer == "reaffirm":
        return "crisis"  # "actually i meant it": the crisis reply again
    if answer == "cant_call":
        return "cant_call"  # "no credit on my phone", "988 didn't answer": the ways that need no call
    if answer == "pushback":
        # "stop asking me that": step back, the line and the emergency number still in view; after a plan, means
        # at hand or an overdose, one question still stands: are they safe right now?
        return "pushback_ask" if category in STILL_ASK_AFTER_PUSHBACK else "pushback"
    if state in (ASKED_THOUGHTS, ASKED_SAFE) and answer in ("no", "unclear", "okay", None) and denies_thoughts(text):
        # "no no, I meant yes note my lithium question. I'm not suicidal": taken back (the gentle reply, the line
        # in view, never an all-clear), not a "no" to "are you safe right now?"
        answer = "retract"
    if answer in ("retract", "safe") and category in RETRACTION_STAYS_AN_EMERGENCY:
        # after their own overdose, "I'm safe", "I feel fine now" or "forget it" is no all-clear: an overdose can
        # do harm hours before it is felt, so medical help now, said again
        return "escalate"
    if answer == "safe" and state == ASKED_THOUGHTS and YES_THEN_SAFE.search(cleaned):
        # "yes but im safe": yes to the thoughts, and safe now; the thoughts heard, never only relief
        return "thoughts_safe"
    if answer == "safe" and state in (ASKED_THOUGHTS, ASKED_SAFE) and SAFE_BUT.search(cleaned):
        # "im safe right now i think. just tired of everything": safe only with a doubt, or with more weight
        # beside it: asked again, gently, the line in view (never the relief of an all-clear)
        return "clarify"
    if answer == "ground":
        # "can you just help me breathe": a breath and grounding together now, the lines in view, then the safety
        # question; after their own overdose the medical emergency comes first
        return "escalate" if category in RETRACTION_STAYS_AN_EMERGENCY else "ground"
    if state == ASKED_POSSIBLE:
        return {"yes": "crisis", "escalate": "crisis", "no": "possible_no", "safe": "possible_no",
                "retract": "possible_unclear", "called": "called", "unclear": "possible_unclear",
                "okay": "possible_unclear", "stay_talk": "listen", "secret": "secret"}[answer]
    if state == ASKED_THOUGHTS and category in ASKS_ONLY_ABOUT_SAFETY:
        state = ASKED_SAFE  # "Are you safe right now?" alone (abuse, self-harm, harm to others): "no" is not safe
    if state == ASKED_THOUGHTS and category == "overdose" and answer == "no":
        return "escalate"  # "Are you safe, and is someone with you right now?" - "no": alone after an overdose
    if answer == "okay":
        # "ok" to "are you thinking about ending your life, are you safe?" answers neither: ask again;
        # to an offer ("shall we make a plan?") it is a yes.
        if state in (ASKED_THOUGHTS, ASKED_SAFE):
            return "clarify"
        answer = "yes"
    if answer == "unclear" and state == ASKED_SAFE and unsure(text):
        return "escalate"  # "idk" to "are you somewhere safe right now?": not known to be safe
    if answer == "unclear":
        return "clarify" if state in (ASKED_THOUGHTS, ASKED_SAFE) else None
    if answer == "safer":
        # "ok i stepped back from the edge", "i gave them to my roommate": welcomed, and how they are now asked;
        # after their own overdose the medical emergency still comes first
        return "escalate" if category in RETRACTION_STAYS_AN_EMERGENCY else "safer"
    if answer in ("escalate", "called", "safe", "retract", "stay_talk", "secret"):
        return answer
    if state == ASKED_THOUGHTS:
        return "escalate" if answer == "yes" else "clarify"
    if state == ASKED_SAFE:
        # "maybe", "kind of" to "are you safe right now?": not known to be safe, the urgent steps again
        return "safe" if answer == "yes" and not HEDGED.search(cleaned) else "escalate"
    if state == OFFERED_PLAN:
        return "start_plan" if answer == "yes" else "not_now"
    if state == OFFERED_TALK:
        # "Would it help to talk about what's going on?": a yes is an invitation to tell, a no is respected.
        return "listen" if answer == "yes" else "no_talk"
    return None


# The answer to "are you thinking about ending your life, or is someone else putting you in danger?" (asked after
# "I'm not safe" said first): who the danger is.
_PARENTS = r"(dad|father|mum|mom|mother|stepdad|step dad|stepmum|step mum|stepmom|step mom|parents?|mum'?s boyfriend|" \
           r"mom'?s boyfriend|dad'?s girlfriend|foster (mum|mom|dad|parents?)|uncle|aunt|grandad|grandpa)"
_OTHERS = r"(husband|wife|partner|boyfriend|girlfriend|bf|gf|ex|ex[- ]?(husband|wife|partner|boyfriend|girlfriend)|" \
          r"fiance|fiancee|brother|sister|son|daughter|flatmate|roommate|housemate|landlord|neighbou?r|carer|" \
          r"someone else|somebody else|someone|somebody|a man|a guy|a woman|this (man|guy|woman)|him|he|she|they|" \
          r"hes|he'?s|shes|she'?s|theyre|they'?re)"
_DANGER_FROM_PARENT = re.compile(rf"^\W*((it'?s|its|it is|yes|yeah|no|the)\W+)*(my |our )?{_PARENTS}\b")
_DANGER_FROM_OTHER = re.compile(rf"^\W*((it'?s|its|it is|yes|yeah|no|the)\W+)*(my |our )?{_OTHERS}\b")
_DANGER_FROM_SELF = re.compile(r"^\W*((it'?s|its|it is|yes|yeah|um+|idk)\W+)*(me|myself|i am|im|i'?m the danger|"
                               r"my (own )?(head|thoughts|mind))\W*$")


def who_is_the_danger(text: str | None) -> str | None:
    """"my husband", "its my dad", "myself": the answer to who is putting them in danger, as the kind of crisis it
    is ("abuse_at_home" for a parent or a parent's partner, "abuse" for anyone else, "self" for themselves), or None
    when the message is no such answer."""
    cleaned = normalise_answer(text)
    if not cleaned or len(cleaned.split()) > 12:
        return None
    if _DANGER_FROM_SELF.search(cleaned):
        return "self"
    if _DANGER_FROM_PARENT.search(cleaned):
        return "abuse_at_home"
    if _DANGER_FROM_OTHER.search(cleaned):
        return "abuse"
    return None


@lru_cache(maxsize=1)
def _denials() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = load_yaml(content_path("crisis_followup.yml"))
    return re.compile(raw["denials"]), re.compile(raw["denial_doubts"])


def denies_thoughts(text: str | None) -> bool:
    """A denial of thoughts of suicide in so many words ("im fine omg i said im not suicidal"), with nothing
    beside it that takes it back ("not suicidal but i wish i could disappear") or says otherwise."""
    cleaned = normalise_answer(text)
    denial, doubts = _denials()
    if not cleaned or not denial.search(cleaned) or doubts.search(cleaned):
        return False
    return followup_phrases().classify(text) not in ("escalate", "reaffirm")
