"""Deterministic intents for form answers and commands (``data/content/form_answers.yml``).

Forms and buttons depend on a few replies being understood the same way every time: "7" is an answer,
not a request for the GAD-7; "skip" is an answer, not "stop". Rasa's pipeline applies these readings
(bot/rasa/form_answers.py) after the classifiers and before the safety screen, which still overrides
everything on a crisis.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any

from bot.content.coping import ORDINAL_CHOICE, is_a_step_title, load_coping_steps, mentions_step
from bot.content.loader import content_path, load_yaml
from bot.core.form_replies import asks_about_the_step, normal_text
from bot.core.reminders import NOT_REMOVING, read_request, states_a_timezone
from bot.core.safety.aftercare import asks_bot_to_call
from bot.core.safety.normalise import clean_text, join_spaced_letters

ANSWER_INTENT = "inform"
STOP_INTENT = "stop"
CRISIS_INTENT = "crisis"
DELETION_INTENT = "request_data_deletion"
EXPORT_INTENT = "request_data_export"
# A copy of one's data is asked for with a word for it.
EXPORT_WORDS = re.compile(r"\b(export\w*|download\w* (my|all|everything|a copy|the (data|file)|it all)|copy|copies|"
                          r"send (me|it|them)|email (me|it)|give me|get (a|my|all)|see (all|what)|"
                          r"data|info\w*|everything|all (of )?(my|the|what)|records?|history|files?|csv|json|backup)\b")
# Things of one's own elsewhere that are deleted ("deleting the dating apps", "delete his number").
OTHER_THINGS = re.compile(r"\b(apps?|photos?|pictures?|pics|selfies?|texts? from|messages? (on|from)|contacts?|"
                          r"(his|her|their) number|instagram|tiktok|facebook|snapchat|twitter|tinder|hinge|bumble|"
                          r"dating|games?|emails? from|browser|songs?|playlists?|spotify|nhs|medical records|"
                          r"(phone|icloud|google|cloud|drive) storage|storage is full|on my phone|\w+'s number|"
                          r"numbers?|files? on)\b")
# Words that make it this bot's data after all ("delete my data and my account here").
OWN_DATA_HERE = re.compile(r"\b(my data|my info\w*|everything (you|about me)|what you (have|store|keep|know)|"
                           r"(you|u) (have|store|stored|keep|kept) (on|about)|my (check-?ins?|plans?|history) here|"
                           r"from (you|this (app|bot|chat)))\b")
# "the noon one", "the 8am one", "that reminder": one thing among several (a reminder), not all the data.
ONE_OF_SEVERAL = re.compile(r"\b(the|that|this) [\w:.-]+( \w+)? one\b|\breminders?\b"
                            r"|\b(noon|midday|\d{1,2}(:\d{2})? ?(am|pm)?)\b")
DATA_WORDS = re.compile(r"\b(data|everything|all (of )?my|account|history|info|information|records?|check-?ins?|plans?|"
                        r"conversation|chats?|messages|me from|about me|profile|stuff)\b")
HELP_NOW_INTENT = "crisis_help"
NOTE_INTENT = "note_for_appointment"
# Kind words about the guide ("love that this only takes two minutes", "this is really helpful").
COMPLIMENT = re.compile(r"^\W*(i )?(really )?(love|like|appreciate) (that|how|this|it|you)\b"
                        r"|\b(this|that|it|you)('s| is| was|'re| are) (so |really |actually |very )?(nice|great|helpful"
                        r"|useful|quick|easy|lovely|brilliant|good|handy)\b(?! (idea|question|point))")
# Asking to note a question for an appointment, in so many words.
NOTE_REQUEST = re.compile(r"\b(note|write down|jot down|add|save)\b.{0,20}\bquestion\b.{0,20}\bfor\b"
                          r"|\b(note|write|jot|put) (that|it|this) (down )?(for|to ask) (my|his|her|the|our) "
                          r"(doctor|gp|psychiatrist|prescriber|nurse|care coordinator|appointment|therapist|team)\b")
MEDICATION_INTENT = "ask_medication"
# "my time zone is Europe/London": handled with the reminders (actions/reminders.py reads the zone).
TIMEZONE = re.compile(r"\btime ?-?zone\b")
TIMEZONE_INTENT = "change_reminder"
# Reminder requests are read from their words (bot/core/reminders.py), whatever the classifier guessed,
# except when the classifier heard something these words cannot override.
REMINDER_WORDS = re.compile(r"\b(remind\w*|reminders?|ping|nudge|notify|notification|alarm)\b")
# "remind me what stage you put me in", "remind me of my plan", "remind me how the breathing goes": asking to be
# told again, not for a reminder
RECALL = re.compile(r"\bremind me (what|which|of|how|who|where|why)\b(?!.{0,30}\b(time|o'?clock|am|pm|\d)\b)")
# "how did my last questionnaire go?", "what was my phq9 score", "can i see my gad7 results": the results
ASKS_FOR_RESULTS = re.compile(r"\b(how did|how'?d|how was|what (was|were|is|are|did)|show|see|tell me)\b.{0,30}"
                              r"\b(last|previous|latest|my)\b.{0,15}\b(questionnaires?|phq-? ?9|gad-? ?7|scores?|"
                              r"results?)\b(?!.{0,10}\b(mean|means)\b)")
# "cancel the 8 one", "move the 1pm one to 2": a reminder named by its time
# Inside a plan, asking to see one's own answers so far ("wait, what did I put for the first one?", "can I see what
# I've written?"): the plan as it stands, never an answer to the step.
SO_FAR = re.compile(r"\bwhat (did|have) i (put|write|written|said|say|got)\b|\b(see|show|read|check|go over|look at)\b"
                    r".{0,20}\bwhat i('?ve| have)? ?(put|written|wrote|said|got)\b")
REMINDER_BY_TIME = re.compile(r"\b(stop|cancel|delete|remove|turn off|switch off|drop|change|move|make|push|shift)\b"
                              r".*\b(the|that|my) \d{1,2}(?:[:.]\d{2})? ?(?:am|pm|a\.m\.|p\.m\.|o'?clock)?(ish)? "
                              r"(one|reminder|meds? (one|reminder)|check-?in (one|reminder))\b")
# "what time will the check-in one come?", "when does my meds reminder go off": the reminders listed, never a check-in
# started (unless a new time is given: "when's the meds one, can you make it 9?" changes it)
ASKS_WHEN_A_REMINDER = re.compile(r"\b(what time|when)\b.{0,30}\b(the|my|that|this) ([\w-]+ ){0,2}(one|reminders?)\b"
                                  r"(?! (to|at|for)\b)"
                                  # "is it set now?", "did that work, is the reminder on?", "what time will it come?"
                                  r"|^\W*((so|and|ok|okay|right|sorry)\W+)*(is|has) (it|that|the reminder|my reminder) "
                                  r"(been )?(set|on|switched on|turned on)( up)?( now| then| yet)?\W*$"
                                  r"|\b(did|have) i (set|made|make|asked for|ask for|got) (a|any|the|my) "
                                  r"([\w-]+ ){0,2}reminders?\b(?! (to|at|for) \d)"
                                  # "is my medication reminder still on?", "are my reminders still set?"
                                  r"|\b(is|are) (it|that|the|my) ([\w-]+ ){0,2}reminders? (still )?"
                                  r"(set|on|active|working|running|there)\b"
                                  r"|\bwhat time (will|does|would) (it|that|the reminder|my reminder) "
                                  r"(come|arrive|go off|ping|pop up|be sent)\b")
# A hard day or a loss in words ("We had to put our cat down today. I'm heartbroken.", "my kids were driving me up the
# wall"): never "That's really good to hear"; said as no longer so ("first day I haven't cried") it may be a good day
_HARD_WORDS = (r"heartbroken|sad|awful|terrible|horrible|rough|tough|upset|crying|cried|lonely|stressed|exhausted|"
               r"miserable|worst|panic|panicked|panicking|panicky|shaken|shaky|scared|frightened|terrified|anxious|"
               r"struggling|bad")
HARD_DAY = re.compile(rf"\b({_HARD_WORDS}|heartbreaking|crap|crappy|rubbish|gutted|devastated|grieving|up the wall|"
                      r"put (\w+ )?down|died|passed away|funeral|lost (my|our))\b")
NOT_ANY_MORE = re.compile(r"\b(not|n'?t|no longer|less|without|stopped|didn'?t|haven'?t|wasn'?t|no)\W+(\w+\W+){0,2}?"
                          rf"({_HARD_WORDS})\b")
# A death told ("My husband passed away last month and I am finding it very difficult", "my dog died and i cant stop
# crying"; red team rt23: the fallback, a carer's answer or the one about alcohol): how they feel, with the reply's
# words for grief (bot/rasa/nlg.py), unless the classifier heard a recovery stage, a request or a question.
_CLOSE_ONES = (r"mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|friend|gran|grandma|granny|"
               r"grandad|grandpa|grandfather|grandmother|nan|nana|baby|dog|cat|pet|uncle|aunt|auntie|boyfriend|"
               r"girlfriend|fiance|fiancee|cousin|he|she")
GRIEF = re.compile(rf"\b(funeral|grieving|bereaved|bereavement|lost (my|our) (\w+ )?({_CLOSE_ONES})|({_CLOSE_ONES})\b"
                   r"(\W+\w+){0,3}\W+(died|passed away|passed on|has passed|is gone))\b")
GRIEF_MISREAD = ("nlu_fallback", "faq", "guidance", "share_good_day", "out_of_scope", "bot_feedback", "goodbye")
# ... and a recovery stage heard in a death told with nothing of the writer's own recovery in it ("My wife Margaret
# died in March. We were married 52 years."; red team rt24: "We call this the maintenance stage")
OWN_RECOVERY = re.compile(r"\b(therap\w*|counsel\w*|medic\w*|meds|pills|tablets|diagnos\w*|sober|clean|relaps\w*|"
                          r"recover\w*|stable|gp|doctor|psychiatr\w*|hospital|depress\w*|anxi\w*|panic|bipolar|"
                          r"psycho\w*|treatment|waiting list|referr\w*|drink\w*|alcohol|drugs|gambl\w*|eating|ocd|ptsd|"
                          r"mental|symptoms|episode|crisis team|nhs)\b")
# Leaving what is under way in a few words ("never mind, cancel", "actually I don't want to do this", "nevermind cancel
# that"): a stop, never an answer stored in a plan or check-in
STOP_SAID = re.compile(r"^\W*((actually|ok|okay|no|sorry|um+|hmm+|wait|oh|you know what)\W+)*(never ?mind|nvm|"
                       r"cancel( (it|this|that|the \w+))?|i (don'?t|do not|dont) (want|wanna) "
                       r"(to )?(do|finish|carry on with|continue) (this|it|that)( (now|right now|today|any ?more))?|"
                       r"i'?ve changed my mind)(\W+(never ?mind|nvm|cancel( (it|this|that))?|stop( it| this)?|"
                       r"forget it|please|thanks|sorry))*\W*$")
# Asking to be shown something ("list them all", "can I see", "show me")
SHOWING = re.compile(r"\b(list|show|see|view|look at|what are|which are|tell me)\b")
REMINDER_INTENTS = {"set": "set_reminder", "list": "list_reminders", "change": "change_reminder",
                    "stop": "stop_reminders", "timezone": "change_reminder"}
CHECKIN_MEASURE = re.compile(r"\b(mood|anxiety|anxious|sleep|slept)\b")
KEEP_INTENTS = {"give_consent", "withdraw_consent", "request_data_export", "request_data_deletion",
                "crisis", "crisis_help", "show_appointment_notes", "note_for_appointment"}
NOT_UNDERSTOOD = {"nlu_fallback", "out_of_scope"}
# Intents about a topic rather than a request to do something: a medication change the person means to
# make ("should I stop my meds now I feel fine?") gets the prescriber answer instead.
TOPIC_INTENTS = {"faq", "guidance", "share_feeling", "share_good_day", "ask_coping", "what_can_you_do"}
# Intents that say little about what the person wants: the words may always decide instead.
UNSURE = {None, "inform", "affirm", "deny", *NOT_UNDERSTOOD}
# A coping step named in words starts its walk-through only when the classifier heard something about
# coping steps (or nothing it is sure of): "show me my check-in history" names no step to walk through,
# even though "check" is a word of one step's title.
WALKTHROUGH_FROM = {"coping_walkthrough", "ask_coping", "affirm", "inform", *NOT_UNDERSTOOD}
THANKS_INTENT = "thanks"
FEELING_INTENT = "share_feeling"
# How someone says they feel, read when the classifier could make nothing of the message.
TELLS_A_FEELING = re.compile(
    r"(\b(i|i'?ve|ive|i have|i'?m|im|i am)|^\W*(been|just|still|so|really)?\s*(?=feel))"
    r"( (just|really|so|still|kind of|kinda|sort of|been|have been|always|constantly))*"
    r" ?(feel|feeling|felt|am|'m)?\s*(so |really |very |just |kind of |kinda |a bit |a little |pretty |completely "
    r"|totally |quite )*(numb|empty|flat|low|down|sad|awful|rubbish|terrible|lost|overwhelmed|exhausted|drained"
    r"|anxious|scared|lonely|stuck|hollow|heavy|grey|gray|miserable|wiped out|worn out|burnt out|burned out|on edge"
    r"|wound up|panicky|teary|tearful|irritable)\b(?! (the|on|in|at|to|with|this|that|of|for (it|that|this|a|some))\b)"
    r"|\b(having|getting|had|get|been having) (\w+ ){0,2}(panic|anxiety) attacks?\b")
AFFIRM_INTENT = "affirm"
DETERMINISTIC = "deterministic"
# Below this confidence, an intent no reader took from the words is the classifier's guess.
SURE_INTENT = 0.8
COPING_INTENT = "ask_coping"
FAQ_INTENT = "faq"
PRIVACY_INTENT = "ask_privacy"
FEEDBACK_INTENT = "bot_feedback"
# Readings precise enough to win over a sure classifier ("thought record" is a coping step, "another one"
# more coping ideas, "what was my phq9 score" a past result).
PRECISE_READINGS = {FEEDBACK_INTENT, PRIVACY_INTENT, "give_consent", "withdraw_consent", "ask_progress",
                    "coping_walkthrough", "ask_coping", "start_checkin"}
# A question: a question mark, or the words a question starts with.
# "when I stop sleeping and stop answering texts" (a warning sign) and "where I live" are no questions.
A_QUESTION = re.compile(r"\?\s*$|^\W*(do|does|did|is|are|was|were|will|would|can|could|have|has|what|how|why|who"
                        r"|(where|when)(?!\s+(i|im|i'm|i've|ive|my|we|he|she|they|things|people|it)\b))\b")
# "is 2 panic attacks a relapse?", "does that count as a relapse?", "am i relapsing?": a question about relapse
IS_IT_A_RELAPSE = re.compile(r"\b(is|are|does|do|would|could|was|am i|is it|is that|is this)\b.{0,50}\b(a relapse|"
                             r"relapsing|count as (a )?relapse|mean (i'?m |i am )?relaps\w*|relapse or)\b"
                             r"(?!.{0,30}\b(plan|make|write)\b)")
# How to look after a wound ("how do I look after the cut", "does it need stitches", "how do i know if its infected"):
# first aid and when to get it seen, whatever topic the classifier guessed ("look after" reads as a carer's question).
# The wound is named as a thing ("the cut", "a burn"), never the act ("how can i stop the urge to cut"). Hiding one
# ("how can i cover my cuts so my parents dont see") is no first-aid question (bot/rasa/safety_component.py).
HIDING_A_WOUND = re.compile(r"\b(hide|hiding|hid|conceal\w*)\b|\bso (that )?(no ?one|nobody|people|they|my \w+|"
                            r"nobody)\b.{0,20}\b(see|sees|notice|notices|find out|finds out|know|knows)\b")
_A_WOUND = (r"(a|the|my|this|that|these|those|it'?s|its|his|her|their) (\w+ ){0,2}(cut|cuts|wound|wounds|burn|burns|"
            r"graze|grazes|gash|scratch|scratches|scab|scabs)\b")
_IT = r"(it|they|this|that|my \w+|the \w+|this \w+)"
WOUND_CARE = re.compile(
    r"\b(how (do|should|can|would|could) (i|you|we)|how to|best way to|what'?s the best way to|(tips|advice) "
    r"(for|on)( how to)?|should i|do i need to)\b.{0,15}\b(clean|look after|care for|take care of|treat|dress|"
    r"bandage|cover|heal|patch up|stop the bleeding (on|from|of))\b.{0,12}\b" + _A_WOUND +
    r"|\b(does|do|will|would) " + _IT + r" need (stitches|stitching|steri ?strips?|to be seen|a doctor)\b"
    r"|\b((is|are|could|might) " + _IT + r"|it'?s|its) (be )?(infected|getting infected)\b"
    r"|\b(how|when) (do i|to|can i|will i) (know|tell) if (it'?s|its|" + _IT[1:-1] + r"|a \w+) (is |are |needs? |has )?"
    r"(infected|stitches|gone bad)\b"
    r"|\bwhat (do|should|can) i (put on|do (for|about|with)) " + _A_WOUND +
    r"|\b(do|should|must) i (need to )?go to (a ?& ?e|a and e|the er|er|hospital|urgent care|a doctor|the doctor)\b"
    r".{0,12}\b(for|with|about) " + _A_WOUND +
    r"|\b" + _A_WOUND + r".{0,40}\b(is (it|this|that) (an )?infect\w*|infected|need stitches)"
    r"|\bhow (do|can|should) i (stop|slow) (the |it |my )?bleeding\b"
    # (red team rt32: "should I pop the blister?", "what should I put on it? I have butter and toothpaste", "cut my
    # finger chopping onions, how do i clean it", "I want to know if it's infected - it's swollen, warm...")
    r"|\b(pop|popping|burst|bursting|drain|prick) (the |a |my |this |that |it'?s |its )?blisters?\b"
    r"|\b(put|use|rub|apply)\b.{0,30}\b(butter|toothpaste)\b"
    r"|\b(cut|cuts|burn|burnt|burned|graze|grazed|scrape|scraped|wound)\b.{0,80}\bhow (do|should|can) i (clean|treat|"
    r"look after|care for|dress) (it|them)\b"
    r"|\b(cut|cuts|wound|burn|graze|scab)\b.{0,100}\b(infected|infection)\b")
# After the reply about self-harm, where to get a wound seen and whether what was done is enough ("should I wait for my
# GP appointment next week?", "do I need to go to A&E or can my GP see it on Monday?", "I put tape on it. Is enough?";
# red team rt32: the answer on talking to a doctor, a spreading infection never sent for care).
WOUND_FOLLOW_UP = re.compile(
    r"\b(should|do|must|can|shall) i (just )?(wait|go|need to go|get (it|them) (seen|looked at|checked))\b.{0,40}"
    r"\b(gp|doctor|doc|a ?& ?e|a and e|er|emergency|hospital|urgent care|clinic|walk ?in|nurse|pharmacy|pharmacist)\b"
    r"|\b(can|will|could) (my|the|a) (gp|doctor|nurse|pharmacist|clinic)\b.{0,20}\b(see|look at|check)\b"
    r"|\b(is|was) (it|that|this) (enough|ok|okay|fine|alright)\b|\bis (it )?enough\b"
    r"|\bwhat (should|can|do) i put on (it|them)\b")


def asks_about_a_wound(text: str, after_self_harm: bool = False) -> bool:
    """A question about looking after a wound (WOUND_CARE), or, after the reply about self-harm, about where to get it
    seen or whether what was done is enough (WOUND_FOLLOW_UP); never hiding one. ``text`` is normal_text's."""
    if HIDING_A_WOUND.search(text):
        return False
    return bool(WOUND_CARE.search(text) or (after_self_harm and WOUND_FOLLOW_UP.search(text)))


# How to tell someone about one's own struggles ("what do I say to my mum about how I feel", "should I tell my roommate
# that I want to die", "how do I tell my family about my diagnosis"): said of oneself, so never a carer's question
# about what to say to the person they worry about ("what should I say to her?").
_ABOUT_ME = (r"(about (me|myself|what happened to me|what i did|how i feel|how i'?ve been|how i am|my (feelings|"
             r"thoughts|depression|anxiety|diagnosis|self ?harm|mental health|struggles|suicidal thoughts|cutting|"
             r"illness|bipolar|ocd|ptsd|eating disorder|drinking|addiction|overdose|attempt))"
             r"|that (i|im|i'?m|i'?ve|ive)\b|why (i|im|i'?m)\b)")
TELLING_SOMEONE = re.compile(
    # (telling a doctor or at an appointment is the answer on talking to a doctor)
    r"^(?!.*\b(doctor|doc|gp|appointment|therapist|psychiatrist|psychologist|nurse|counsell?or|prescriber)s?\b).*?(?:"
    r"\b(how|what) (do|should|can|would|could) i (tell|say to|explain to|say|talk to)\b.{0,30}\b" + _ABOUT_ME +
    r"|\bshould i (tell|talk to) (my \w+|him|her|them|someone|anyone|people)\b.{0,15}\b" + _ABOUT_ME +
    r"|\bhow (do|can|should) i (tell|talk to|open up to) (my \w+|him|her|them|people|someone|anyone)\b.{0,10}\b"
    + _ABOUT_ME + r")")
# Words for deleting: a request for the deletion names one.
# ("wiped", "erased" only said of what is stored: "I'm wiped out", "that exam destroyed me" are no requests)
DELETE_WORDS = re.compile(r"\b(delete|deleting|deleted|erase|erasing|remove|removing|wipe|wiping|forget|get rid"
                          r"|destroy|clear|purge|scrub|deletion|nuke)\b"
                          r"|\b(history|data|info\w*|records?|account|everything|it all) (\w+ )?gone\b"
                          r"|\b(data|info\w*|history|records?|account|everything|check-?ins?|it all|stuff|plans?)\b"
                          r".{0,30}\b(wiped|erased|removed|cleared|purged|nuked|scrubbed)\b")
# Asking how to delete what is stored ("how do i get rid of all my info from here?")
HOW_TO_DELETE = re.compile(r"\b(how (do|can|would|should) i|how to|i (want|need|would like|'d like) to|can i|"
                           r"is there a way to)\b.{0,15}\b(delete|erase|remove|wipe|get rid of|clear)\b.{0,20}"
                           r"\b(data|info|information|history|records|account|everything|all my stuff)\b")
# Asking for the deletion itself, as a question or not ("can you delete my data?", "please erase everything").
ASKS_TO_DELETE = re.compile(r"^\W*((can|could|would|will) you |please |can i |i want you to )*(please )?"
                            r"(delete|erase|remove|wipe|forget)\b")
# "No, I'm fine. I'm talking about my data. Delete my data.": a sentence that is the request itself, in so many words,
# whatever else the message says (the deletion asks before it deletes).
DELETE_NOW = re.compile(r"(^|[.!?]\s*)((ok|okay|so|just|now|right|then)\W+)*(please )?(delete|erase|wipe)"
                        r" (my data|all my data|all of my data|everything|it all|all of it|my stuff|all my stuff)"
                        r"( please| now| then)?\W*$")
WAITING = re.compile(r"^\W*((um+|hmm+|sorry|oh|ok|okay|wait)\W+)*(hold on|hang on|wait|one sec(ond)?|let me think|lemme"
                     r" think|give me a (sec|second|minute|moment)|not sure yet|i need to think)\b")
# "hmm wait what exactly gets deleted?": a question after the pause, read as the question
WAITING_THEN_ASKING = re.compile(WAITING.pattern + r"(\W+\w+){0,2}?\W+(what|how|why|which|who|does|do|is|are|will|"
                                 r"would|can|could)\b|\?\s*$")
STAGE_PREFIX = "stage_"
WALKTHROUGH_INTENT = "coping_walkthrough"
# Reminder requests name medicines too ("remind me to take my meds at 9"): they are not questions.
# A reminder, not a medicine: "remind", or one of several reminders by its kind ("change the meds one to 10am").
NOT_MEDICATION = re.compile(r"\b(remind|notification|alarm|alert)"
                            r"|\bthe (meds?|medication|medicine|pills?|tablets?) one\b")


def _any_word_of(words: list[str]) -> re.Pattern[str]:
    """Any of ``words`` as a whole word, the longest tried first ("sodium valproate" before "valproate")."""
    return re.compile(r"\b(" + "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True)) + r")\b")


@dataclass(frozen=True)
class MedicationQuestions:
    """A message that names a medicine and asks about it or announces a change (data/content/medication.yml)."""

    medicine: re.Pattern[str]
    drug: re.Pattern[str]
    names: tuple[str, ...]
    cues: tuple[re.Pattern[str], ...]
    questions: tuple[re.Pattern[str], ...]
    alone: tuple[re.Pattern[str], ...]
    intentions: tuple[re.Pattern[str], ...]
    takes_time: tuple[re.Pattern[str], ...]
    side_effects: tuple[re.Pattern[str], ...]
    side_effects_not: re.Pattern[str]
    missed: tuple[re.Pattern[str], ...]
    extra_dose: tuple[re.Pattern[str], ...]
    cost: tuple[re.Pattern[str], ...]
    someone_else: tuple[re.Pattern[str], ...]
    own: tuple[re.Pattern[str], ...]

    @classmethod
    def load(cls) -> MedicationQuestions:
        raw = load_yaml(content_path("medication.yml"))
        words = sorted({*raw["medicine"]["words"], *raw["medicine"]["names"]}, key=len, reverse=True)
        return cls(medicine=_any_word_of(words), drug=_any_word_of(raw["medicine"]["names"]),
                   names=tuple(w.lower() for w in words if len(w) >= 6),
                   cues=tuple(re.compile(c) for c in raw["cues"]),
                   questions=tuple(re.compile(c) for c in raw["questions"]),
                   alone=tuple(re.compile(c) for c in raw["alone"]),
                   intentions=tuple(re.compile(c) for c in raw["intentions"]),
                   takes_time=tuple(re.compile(c) for c in raw["takes_time"]),
                   side_effects=tuple(re.compile(c) for c in raw["side_effects"]),
                   side_effects_not=re.compile(raw["side_effects_not"]),
                   missed=tuple(re.compile(c) for c in raw["missed"]),
                   extra_dose=tuple(re.compile(c) for c in raw["extra_dose"]),
                   cost=tuple(re.compile(c) for c in raw["cost"]),
                   someone_else=tuple(re.compile(c) for c in raw["someone_else"]),
                   own=tuple(re.compile(c) for c in raw["own"]))

    def kind(self, normal: str) -> str | None:
        """'change' (stop, skip, double, side effects...), 'question' (a plain question), or None."""
        if NOT_MEDICATION.search(normal):
            return None
        if any(pattern.search(normal) for pattern in self.alone):
            return "change"
        if not self.medicine.search(normal) and not self._misspelt_medicine(normal):
            return None
        if any(cue.search(normal) for cue in self.cues):
            return "change"
        asks = any(q.search(normal) for q in (*self.questions, *self.takes_time))
        return "question" if asks else None

    def topic(self, normal: str) -> str:
        """'takes_time' (how long a medicine named takes to work), 'side_effects' (which are common, asked in
        general), 'cost' (paying for it), 'extra_dose' (one taken by mistake), 'missed' (a dose missed or
        forgotten), 'someone_else' (a carer asking about another person's medicine) or 'general': which answer it
        gets."""
        if any(p.search(normal) for p in self.someone_else) and not any(p.search(normal) for p in self.own):
            return "someone_else"
        if NOT_MEDICATION.search(normal):
            return "general"
        if any(p.search(normal) for p in self.takes_time) and self.names_a_medicine(normal):
            return "takes_time"
        if any(p.search(normal) for p in self.side_effects) and not self.side_effects_not.search(normal):
            return "side_effects"  # which side effects are common, asked in general
        if any(p.search(normal) for p in self.cost):
            return "cost"
        if self.took_extra(normal):
            return "extra_dose"  # before "missed": "forgot last night so i took two this morning"
        if any(p.search(normal) for p in self.missed):
            return "missed"
        return "general"

    def took_extra(self, normal: str) -> bool:
        """An extra dose already taken ("no, I took double", "took my meds twice by mistake"), not asked about."""
        return any(p.search(normal) for p in self.extra_dose)

    def intends(self, normal: str) -> bool:
        """A change the person means to make or asks about ("im gonna quit my meds"), not one made for them."""
        return any(p.search(normal) for p in (*self.questions, *self.intentions))

    def _misspelt_medicine(self, normal: str) -> bool:
        """'sertaline', 'antidepresants': a long word within one letter or two of a medicine's name."""
        words = [w for w in re.findall(r"[a-z]{6,}", normal)]
        return any(difflib.get_close_matches(w, self.names, n=1, cutoff=0.85) for w in words)

    def names_a_medicine(self, normal: str) -> bool:
        return bool(self.medicine.search(normal)) or self._misspelt_medicine(normal) \
            or any(pattern.search(normal) for pattern in self.alone)

    def matches(self, normal: str) -> bool:
        return self.kind(normal) is not None


# "delete my last check-in", "can you remove today's check-in": the latest check-in alone, not everything.
LATEST_CHECKIN = re.compile(r"\b(last|latest|most recent|newest|today'?s|that|this|the last|previous) "
                            r"(daily )?check[ -]?ins?\b(?! (reminder|one))|\bcheck[ -]?in (i|we) (just )?(did|made|"
                            r"saved|did today)\b")
EVERYTHING = re.compile(r"\b(all|everything|every|account|whole|entire)\b")
# "delete my relapse plan", "remove the safety plan": that plan alone (the other plan and the check-ins stay).
PLAN_NAMED = {"safety_plan": re.compile(r"\bsafety[ -]?plan\b"),
              "relapse_plan": re.compile(r"\brelapse[ -]?(prevention[ -]?)?plan\b|\brelapse one\b")}


def about_other_things(normal: str) -> bool:
    """Whether a message about exporting or deleting is about things of one's own elsewhere ("my playlist", "the
    dating apps", "my phone storage"), not about what this bot stores."""
    return bool(OTHER_THINGS.search(normal)) and not OWN_DATA_HERE.search(normal)


def is_a_guess(intent: dict[str, Any]) -> bool:
    """An intent the classifier is not sure of and no reader took from the words."""
    return not intent.get(DETERMINISTIC) and float(intent.get("confidence") or 0.0) < SURE_INTENT


def deletion_scope(text: str) -> str:
    """What a request to delete asks for: "latest_checkin" ("delete my last check-in"), "safety_plan" or
    "relapse_plan" ("delete my relapse plan"), or "everything" (also when it names more than one of these, or
    says "all")."""
    normal = normal_text(text)
    if EVERYTHING.search(normal):
        return "everything"
    named = [scope for scope, pattern in PLAN_NAMED.items() if pattern.search(normal)]
    if LATEST_CHECKIN.search(normal):
        named.append("latest_checkin")
    return named[0] if len(named) == 1 else "everything"


@functools.lru_cache(maxsize=1)
def medication_questions() -> MedicationQuestions:
    return MedicationQuestions.load()


# Words for the crisis lines themselves: a question naming them asks for the lines, not about a form's step.
# "crisis" names them when it is a line, a number or a team ("what crisis line would I call here?"), or being in
# one ("who helps in a crisis?"); a question about preventing or preparing for a crisis ("what can I do to
# prevent a crisis", "how to prepare for a mental health crisis") is the question it is.
ASKS_FOR_A_LINE = re.compile(r"\b(crisis (lines?|numbers?|teams?|services?|hotlines?|helplines?|text|chat|contacts?"
                             r"|care)"
                             r"|(in|during) (a |an )?(mental health )?crisis(?!\w)(?! (plan|later|again|in future))"
                             r"|helplines?|hotlines?|lifeline|phone number|who (do|can|should) i (call|ring|text))\b")


@dataclass(frozen=True)
class FormAnswers:
    help_now: frozenset[str]
    out_of_hours: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]
    within: tuple[re.Pattern[str], re.Pattern[str]]
    not_safe: re.Pattern[str]
    not_okay: re.Pattern[str]
    stop: frozenset[str]
    stop_naming_the_form: re.Pattern[str]
    declining: re.Pattern[str]
    exact_answers: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    stop_min_confidence: float
    trust_classifier_above: float
    medication: MedicationQuestions
    clear_yes: re.Pattern[str]
    clear_thanks: re.Pattern[str]
    walkthrough: re.Pattern[str]
    coping_request: re.Pattern[str]
    venting: re.Pattern[str]
    privacy_question: re.Pattern[str]
    bot_feedback: re.Pattern[str]
    consent_words: tuple[tuple[str, re.Pattern[str]], ...]
    starts: tuple[tuple[str, re.Pattern[str]], ...]
    show_a_plan: re.Pattern[str]
    distress_emoji: frozenset[str]
    carer_answers: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def load(cls) -> FormAnswers:
        raw = load_yaml(content_path("form_answers.yml"))
        return cls(
            help_now=frozenset(_normal(s) for s in raw["help_now"]),
            within=(re.compile(raw["help_now_within"]["asks"]), re.compile(raw["help_now_within"]["not"])),
            not_safe=re.compile(raw["not_safe"]),
            not_okay=re.compile(raw["not_okay"]),
            out_of_hours=tuple(re.compile(raw["help_now_out_of_hours"][k])  # type: ignore[arg-type]
                               for k in ("when", "who", "question", "not")),
            stop=frozenset(_normal(s) for s in raw["stop"]),
            stop_naming_the_form=re.compile(raw["stop_naming_the_form"]),
            declining=re.compile(raw["declines_a_form"]),
            exact_answers=frozenset(_normal(s) for s in raw["answer"]["exact"]),
            patterns=tuple(re.compile(p) for p in raw["answer"]["patterns"]),
            stop_min_confidence=float(raw["stop_min_confidence"]),
            trust_classifier_above=float(raw["trust_classifier_above"]),
            medication=medication_questions(),
            clear_yes=re.compile(raw["clear_yes"]),
            clear_thanks=re.compile(raw["clear_thanks"]),
            walkthrough=re.compile(raw["walkthrough_cues"]),
            coping_request=re.compile(raw["coping_request"]),
            venting=re.compile(raw["venting"]),
            privacy_question=re.compile(raw["privacy_question"]),
            bot_feedback=re.compile(raw["bot_feedback"]),
            # withdrawing before giving: "I don't consent to storage" names storage too
            consent_words=(("withdraw_consent", re.compile(raw["consent_words"]["withdraw"])),
                           ("give_consent", re.compile(raw["consent_words"]["give"]))),
            # show before make: "can I see my safety plan" is not a request to make one
            show_a_plan=re.compile(raw["show_a_plan"]),
            starts=tuple(sorted(((intent, re.compile(p)) for intent, p in raw["starts"].items()),
                                key=lambda pair: not pair[0].startswith("show"))),
            # "😭😭😭" alone: a feeling shared (a means beside it is the safety screen's to read)
            distress_emoji=frozenset(load_yaml(content_path("safety_patterns.yml"))["context"]["emoji_distress"]),
            carer_answers=tuple((key, re.compile(pattern)) for key, pattern in raw["carer_answers"].items()),
        )

    def declines_a_form(self, text: str) -> bool:
        """Whether the message says the person does not want a plan, a check-in or a questionnaire ("I don't need a
        safety plan, I'm not in crisis", "stop. I said I DON'T want one", "no not a check in!!")."""
        return bool(self.declining.search(normal_text(text)))

    def carer_answer_asked(self, text: str) -> str | None:
        """Which of the carers' answers a carer's question asks for by its words ("how do I get him to see a
        doctor", "is that a red flag", "how do carers keep going"), or None when the words do not say."""
        normal = normal_text(text)
        return next((key for key, pattern in self.carer_answers if pattern.search(normal)), None)

    def asks_who_to_call_out_of_hours(self, normal: str) -> bool:
        """"is there an out of hours number if things get worse over the weekend?": the crisis lines."""
        when, who, question, not_this = self.out_of_hours
        return bool(when.search(normal) and who.search(normal) and question.search(normal)
                    and not not_this.search(normal))

    def asks_for_help_now_within(self, text: str) -> bool:
        """"ok stop the check-in, i need help now": the crisis lines, whatever else the message says."""
        normal = normal_text(text)
        asks, not_this = self.within
        return bool(asks.search(normal)) and not not_this.search(normal)

    def asks_for_the_lines(self, text: str) -> bool:
        """"help now" in so many words (or spaced out, or in look-alike letters), "who can I call out of hours?",
        "ok stop the check-in, i need help now", "what crisis line would I call here?", "which helpline is open at
        night?": the crisis lines, in any state."""
        normal = _normal(text)
        return normal in self.help_now or _normal(as_screened(text)) in self.help_now \
            or self.asks_who_to_call_out_of_hours(normal_text(text)) or self.asks_for_help_now_within(text) \
            or bool(ASKS_FOR_A_LINE.search(normal) and A_QUESTION.search(normal))

    def plan_to_show(self, text: str, active_form: str | None) -> str | None:
        """"show my plan" inside a form (never an answer to its question): the relapse plan inside that plan's
        form, the safety plan inside any other. Outside a form the classifier reads it as usual."""
        normal = normal_text(text)
        so_far = active_form in ("safety_plan_form", "relapse_plan_form") and bool(SO_FAR.search(normal))
        if not active_form or not (self.show_a_plan.search(normal) or so_far):
            return None
        return "show_relapse_plan" if active_form == "relapse_plan_form" else "show_safety_plan"

    def _gives_consent(self, normal: str) -> bool:
        """Agreeing to storage in so many words ("on second thoughts, please keep it")."""
        return any(pattern.search(normal) for intent, pattern in self.consent_words if intent == "give_consent")

    def is_stop(self, normal: str) -> bool:
        """A command that leaves the form, in so many words ("stop", "end the plan")."""
        return normal in self.stop or bool(self.stop_naming_the_form.fullmatch(normal))

    def intent_for(self, text: str, predicted: str | None, confidence: float) -> str | None:
        """The intent to use instead of the classifier's, or None to keep it."""
        normal = _normal(text)
        if self.not_safe.search(normal_text(text)):
            return CRISIS_INTENT  # the safety screen gives it the general crisis reply
        if self.not_okay.search(normal_text(text)) and predicted != CRISIS_INTENT:
            return "share_feeling"
        if self.asks_for_the_lines(text) or asks_bot_to_call(text):
            # ("can you call someone for me": the bot makes no calls, and says so with the lines)
            return HELP_NOW_INTENT
        if predicted in ("give_consent", "withdraw_consent", DELETION_INTENT, AFFIRM_INTENT) \
                and WAITING.search(normal) and not self._gives_consent(normal):  # ("wait actually yes, save that")
            # "hang on, let me think": neither a yes nor a no to storing or deleting; "hmm wait what exactly gets
            # deleted?" is a question about what is stored and deleted (the privacy answer), never a yes (nor a
            # deletion request, which right after the deletion's question is its yes)
            asks_about_it = WAITING_THEN_ASKING.search(normal) and DELETE_WORDS.search(normal)
            return PRIVACY_INTENT if asks_about_it else "nlu_fallback"
        if predicted == DELETION_INTENT and not DELETE_WORDS.search(normal):
            # Deleting everything is never asked for without a word for it: "Mi ucciderò stanotte" (Italian, "I'll
            # kill myself tonight") was heard as a deletion, and a "yes" would have deleted it all.
            return "nlu_fallback"
        if predicted == EXPORT_INTENT and (not EXPORT_WORDS.search(normal) or about_other_things(normal)):
            # "my mum made me download this" is no request for a copy of one's data (it ran the export)
            return "nlu_fallback"
        if predicted == DELETION_INTENT and about_other_things(normal):
            return "nlu_fallback"  # "I'm done with dating apps, deleting them all": their apps, not their data here
        if predicted == DELETION_INTENT and A_QUESTION.search(normal) and not ASKS_TO_DELETE.search(normal) \
                and not DELETE_NOW.search(normal):
            return PRIVACY_INTENT  # "what gets deleted exactly?": a question about deletion, never a yes to it
        if predicted in ("give_consent", "withdraw_consent") and A_QUESTION.search(normal) \
                and not any(pattern.search(normal) for _, pattern in self.consent_words):
            # "do you remember what I told you last time?", "is this saved?": a question about storage,
            # never a yes or no to it
            return PRIVACY_INTENT
        if predicted == HELP_NOW_INTENT and asks_about_the_step(normal) and not ASKS_FOR_A_LINE.search(normal) \
                and not any(pattern.search(normal) for _, pattern in self.starts):
            # "can you give me some examples?" asks about a form's question ("what crisis line would I call here?"
            # asks for the lines)
            return ANSWER_INTENT
        if predicted in ("make_relapse_plan", "make_safety_plan") and IS_IT_A_RELAPSE.search(normal):
            # "but the relapse part, is 2 panic attacks a relapse?": a question about relapse, answered; never a
            # plan started with the next messages stored as its answers
            return "faq"
        if ASKS_FOR_RESULTS.search(normal):
            return "ask_progress"  # "how did my last questionnaire go?": its results, never a new questionnaire
        if NOT_REMOVING.search(normal) and SHOWING.search(normal) \
                and predicted in (DELETION_INTENT, *REMINDER_INTENTS.values()):
            # "list them all without deleting", "show my reminders, don't delete anything": shown, never removed
            return REMINDER_INTENTS["list"] if REMINDER_WORDS.search(normal) or predicted != DELETION_INTENT \
                else PRIVACY_INTENT
        if predicted == "share_good_day" and HARD_DAY.search(normal) and not NOT_ANY_MORE.search(normal):
            return FEELING_INTENT  # ("I had a panic attack today and I'm shaken": never "That's really good to hear")
        if (predicted in GRIEF_MISREAD or (str(predicted).startswith("stage_") and not OWN_RECOVERY.search(normal))) \
                and GRIEF.search(normal) and not A_QUESTION.search(normal):
            return FEELING_INTENT
        if ASKS_WHEN_A_REMINDER.search(normal) and read_request(text, None).local_time is None:
            return REMINDER_INTENTS["list"]
        if REMINDER_BY_TIME.search(normal):
            return REMINDER_INTENTS[read_request(text, predicted).operation]  # "cancel the 8 one": a reminder
        if self.is_stop(normal) or self.is_stop(_LEADING_FILLERS.sub("", normal).rstrip("?")) \
                or STOP_SAID.match(normal):
            return STOP_INTENT  # "hm wait can I stop this?" too
        if text.strip() and not any(ch.isalnum() for ch in text) and any(e in text for e in self.distress_emoji):
            return FEELING_INTENT
        if normal in self.exact_answers or any(p.match(normal) for p in self.patterns):
            return ANSWER_INTENT
        if predicted == STOP_INTENT and confidence < self.stop_min_confidence:
            return ANSWER_INTENT
        if predicted == DELETION_INTENT and ONE_OF_SEVERAL.search(normal) and not DATA_WORDS.search(normal):
            # "delete the noon one", "remove the 8am one": a reminder, never everything the person stored
            return REMINDER_INTENTS["stop"]
        medication = self.medication.kind(normal_text(text))
        if predicted in REMINDER_INTENTS.values() and not REMINDER_WORDS.search(normal) \
                and CHECKIN_MEASURE.search(normal):
            return "start_checkin"  # "actually change the anxiety to 3": the check-in's answer, not a reminder at 3
        if predicted == FEEDBACK_INTENT and self.clear_thanks.search(normal) and not self.bot_feedback.search(normal):
            return THANKS_INTENT  # "thank you very much, you are helpful": thanks, never an apology for not helping
        if predicted == THANKS_INTENT and self.clear_yes.search(normal):
            return AFFIRM_INTENT  # "Yes, I believe that is a fair description, thank you." answers the question
        read = self._read(text, normal, predicted, medication)
        if predicted in TOPIC_INTENTS and medication == "question" and self.medication.drug.search(normal) \
                and read not in PRECISE_READINGS:
            # "ive been on lexapro 3 weeks and i feel kinda sick all the time is that normal" (it got the answer about
            # diagnosis): a named medicine asked about is the prescriber's answer, however sure the classifier is
            return MEDICATION_INTENT
        if DELETE_NOW.search(normal) and predicted not in (CRISIS_INTENT, HELP_NOW_INTENT) \
                and not about_other_things(normal):
            return DELETION_INTENT
        if predicted not in UNSURE and confidence >= self.trust_classifier_above:
            # The classifier, trained on thousands of examples, is sure of a specific intent: the word
            # readings only confirm it (then the intent counts as read from the words, so a form pauses
            # for it) and never overrule it ("remind me what's on my relapse plan" is not a reminder).
            # A medicine asked about, or a change the person means to make, still gets the prescriber
            # answer rather than a recovery stage or a general answer.
            if read == predicted or read in PRECISE_READINGS:
                return read  # feedback about the bot and consent in so many words: precise words win
            if predicted and predicted.startswith(STAGE_PREFIX) and medication == "question":
                return MEDICATION_INTENT
            if predicted in TOPIC_INTENTS and self.medication.topic(normal) == "takes_time":
                return MEDICATION_INTENT  # "how long does zoloft take to work": the medicine, not recovery
            if (predicted in TOPIC_INTENTS or str(predicted).startswith(STAGE_PREFIX)) \
                    and medication == "change" and self.medication.intends(normal):
                return MEDICATION_INTENT
            return None
        if read is None and predicted in NOT_UNDERSTOOD and (TELLS_A_FEELING.search(normal)
                                                             or self.venting.search(normal)):
            return FEELING_INTENT  # "my baby is 7 weeks old and I just feel numb": how they feel, never the fallback
        return read

    def _read(self, text: str, normal: str, predicted: str | None, medication: str | None) -> str | None:
        """The intent the words alone say, or None."""
        if self.privacy_question.search(normal):
            return PRIVACY_INTENT
        if self.bot_feedback.search(normal):
            return FEEDBACK_INTENT
        for intent, pattern in self.consent_words:
            if pattern.search(normal):
                return intent
        if TIMEZONE.search(normal) or states_a_timezone(text):
            # "I'm on Lisbon time", "use Tokyo time for my reminders": a place's time, as the reminders read it.
            return TIMEZONE_INTENT
        if NOTE_REQUEST.search(normal):
            return NOTE_INTENT  # "can you note a question for his care coordinator, whether ..."
        if HOW_TO_DELETE.search(normal) and predicted not in KEEP_INTENTS \
                and not about_other_things(normal):
            return DELETION_INTENT  # "how do i get rid of all my info?": the deletion, which asks before it deletes
        if ASKS_TO_DELETE.search(normal) and deletion_scope(text) != "everything":
            # "delete my last check-in", "remove my relapse plan": that one (actions/data_rights.py asks first)
            return DELETION_INTENT
        if REMINDER_WORDS.search(normal) and predicted not in KEEP_INTENTS and not RECALL.search(normal):
            return REMINDER_INTENTS[read_request(text, predicted).operation]
        if medication == "change" or (medication == "question" and predicted != FAQ_INTENT) \
                or (medication is not None and self.medication.topic(normal) == "takes_time"):
            return MEDICATION_INTENT
        for intent, pattern in self.starts:
            if pattern.search(normal):
                return intent
        if ORDINAL_CHOICE.match(normal):
            return WALKTHROUGH_INTENT  # "the second one": the coping action picks it from the list just offered
        if predicted in WALKTHROUGH_FROM and self.walkthrough.search(normal) \
                and mentions_step(load_coping_steps(), normal):
            return WALKTHROUGH_INTENT
        if predicted not in KEEP_INTENTS and len(normal.split()) <= 5 and is_a_step_title(load_coping_steps(), normal):
            return WALKTHROUGH_INTENT  # "thought record", "box breathing pls": the step's name alone
        if self.coping_request.search(normal):
            return COPING_INTENT
        if predicted in NOT_UNDERSTOOD and self.clear_yes.search(normal):
            return AFFIRM_INTENT
        if predicted in NOT_UNDERSTOOD and (self.clear_thanks.search(normal) or COMPLIMENT.search(normal)):
            return THANKS_INTENT  # "love that this only takes two minutes btw"
        return None


@functools.lru_cache(maxsize=1)
def form_answers() -> FormAnswers:
    return FormAnswers.load()


def asks_for_the_lines(text: str) -> bool:
    """Whether the message asks for the crisis lines themselves ("help now", "who can I call tonight?")."""
    return form_answers().asks_for_the_lines(text)


def as_screened(text: str) -> str:
    """The text as the safety screen reads it: look-alike and full-width letters undone, invisible characters
    dropped, letters typed one by one joined ("h e l p  n o w", "H-E-L-P", "hеlp nоw" with Cyrillic letters)."""
    return join_spaced_letters(re.sub(r"(?<=\w)-(?=\w)", " ", clean_text(text).lower()))


# "hm", "wait", "sorry" before a command ("hm wait can I stop this")
_LEADING_FILLERS = re.compile(r"^((hm+|um+|uh+|er+m?|wait|sorry|actually|ok|okay|so|oh)\W+)+")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().rstrip(".!")).replace("\u2019", "'")
