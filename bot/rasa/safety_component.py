"""Rasa NLU adapter for the safety screen and the user's country.

Runs after the intent classifiers. It never decides conversation flow itself; it labels the message:

* when the screen fires, the intent becomes ``crisis`` with confidence 1.0 and a ``crisis_category``
  entity (extractor ``SafetyScreen``) carries the category; CrisisPolicy reads it from there. The
  possible-risk tier is the category ``possible_risk`` (CrisisPolicy asks the direct question). The numbers
  are never entities or slots: bot/rasa/nlg.py fills them in when the reply is sent;
* a country the user names ("I'm in Ireland") becomes the ``country`` entity; when the conversation has
  no country yet, the channel's ``metadata.country`` or ``BOT_COUNTRY`` fills it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Dict, Iterator, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot import logs
from bot.content.crisis import PlacePattern, find_mention, load_directory, name_alone, zone_countries
from bot.core.checkins import parse_anxiety, parse_medication, parse_scale, parse_sleep_hours
from bot.core.form_answers import (
    DELETE_WORDS,
    DETERMINISTIC,
    MEDICATION_INTENT,
    asks_about_a_wound,
    medication_questions,
)
from bot.core.form_replies import normal_text
from bot.core.safety.aftercare import OFFERED_PLAN, followup_phrases, risk_adds_up
from bot.core.safety.reply import reply_country
from bot.core.safety.screen import CrisisAssessment, load_screen
from bot.rasa.form_answers import after_self_harm, offered_buttons
from bot.rasa.nlg import in_aftercare

# The Rasa server imports this module when it loads the model: from then on its error lines that
# would quote conversations are withheld.
logs.install()

CRISIS_INTENT = "crisis"
EXTRACTOR = "SafetyScreen"
# Set by our REST channel (bot/rasa/rest.py) for a message longer than the classifiers read.
WHOLE_MESSAGE_SCREEN = "whole_message_screen"
TIER_ORDER = {"clear": 0, "possible": 1, "crisis": 2}
# Someone else's emergency told inside a plan: the carer's reply at once, never a question about the writer.
SOMEONE_IN_DANGER_NOW = frozenset({"third_party_now", "overdose_other", "missing_person", "child_abuse_reported"})
# Hurt or threatened by someone ("my partner is outside the door and he says he's going to hurt me"): inside a plan,
# the reply about abuse (its line), never the question about thoughts of suicide; a sign told as one ("arguments
# with my partner") is still the plan's answer.
HURT_BY_SOMEONE = frozenset({"abuse", "child_abuse", "sexual_assault"})
# Crisis kinds that "I've already taken them all" makes an overdose taken.
OVERDOSE_UNNAMED = frozenset({"suicide_plan", "suicidal_thoughts", "general", "indirect_means"})
PLAN_FORMS = ("safety_plan_form", "relapse_plan_form")
CHECKIN_FORM = "checkin_form"
# The check-in step that asks whether they took their medication as prescribed.
MEDICATION_STEP = "medication"
# The check-in's steps answered with a number, and how the check-in reads their answers.
NUMBER_STEPS = {"mood": parse_scale, "anxiety": parse_anxiety, "sleep_hours": parse_sleep_hours}
# Words for more than one dose at a time ("the whole bottle", "a lot", "the rest of them").
MANY_DOSES = (r"at once|in one go|at the same time|whole|entire|bottle|packet|pack|box|strip|supply|everything|"
              r"too many|too much|a lot|lots|loads|more than|rest of")
# An answer there that says more than a dose was taken ("took the whole bottle") is screened as anywhere.
MEDICATION_AMOUNT = re.compile(rf"\b({MANY_DOSES}|double|triple|extra|month|week'?s)\b")
# The plan step that asks how to keep means out of reach.
MEANS_STEPS = ("sp_environment",)
# The kinds of risk an answer about keeping means out of reach is made of ("give the spare pills to my partner").
# ("lock the pills in my mom's car" is sure to be risk to the classifier, of no one kind: "general")
MEANS_KINDS = frozenset({"indirect_means", "suicide_plan", "overdose", "self_harm", "harm_to_others", "third_party",
                         "general"})
# Plan steps that ask for people ("who can you ask for help?"): names, relations and numbers are the answer
# ("my sister Jo 07700 900123, and my friend Sam"); there the classifier's guess short of its crisis tier, or its
# reading of people named as someone else's crisis, is asked about only when the answer itself tells of
# hopelessness ("nobody, there's no point").
PEOPLE_STEPS = ("sp_distractions", "sp_people", "sp_professionals", "rp_contacts")
# "do it", "just do it", "go ahead" typed to a yes-or-no the bot just asked with its buttons ("This will permanently
# delete everything ... Are you sure?", "Is it okay for me to store it?"): the yes it answers.
YES_ANSWERS = frozenset({"affirm", "give_consent"})
DO_IT = re.compile(r"^\W*((yes|yeah|yep|ok|okay|sure|go on|right|fine|please|just|then|alright)\W+)*"
                   r"(do it|do that|go for it|go ahead)(\W+(then|now|please|pls|already|anyway|mate))*\W*$")
# An answer at the step about means that says what will be done with them ("remove knives and stuff, and give
# my meds to my sister to hold").
MEANS_ANSWER = re.compile(r"\b(remove|removing|lock|locked|locking|give|giving|hand|handing|hold|holding|keep|"
                          r"keeping|store|storing|get rid|bin|binning|throw|hide|hiding|put away|away from|out of|"
                          r"return|chemist|pharmacy|safe|cabinet|drawer)\b")
# Plan steps whose answers are warning signs or triggers ("feeling like a burden", "when I'm alone at night").
WARNING_SIGN_STEPS = ("sp_warning_signs", "rp_warning_signs", "rp_triggers")
# A carer's question about someone else's medicine that tells of a warning sign (kept back, how many would harm).
WARNING_SIGNS_WITH_MEDICINE = re.compile(
    r"\b(stockpil\w*|hoard\w*|stash\w*|sav(ing|ed) (them|it|up)|collect(ing|ed) (them|his|her|their)|"
    # "she's going to take all her pills tonight" (red team rt20: asked the writer about their own thoughts)
    r"((going|gonna|about|planning|wants?) to|will|'ll|ll) (take|swallow) (all|the whole|every)|"
    # "stop taking his heart tablets so he can go and be with Nan" (red team rt21: answered as a medicine question)
    r"so (he|she|they) (can|could|will) ['\"]?(go (and )?)?(be with|join|see) |"
    r"how many (would|could|does|do|will|is|are)|too many|dangerous|lethal|fatal|overdos\w*|kill)\b")
# The learned classifier's guess alone, on the whole message or on one of its sentences (screen.py's sources).
LEARNED = ("classifier", "sentence:classifier")
# Words that make a question about a medicine a question about harm ("would 20 of them be enough", "to die").
HARM_WITH_MEDICINE = re.compile(r"\b(enough|die|dying|dead|death|kill|end it|end my|not wake|never wake|suicid\w*|"
                                r"lethal|fatal|deadly|overdos\w*|poison\w*|hurt myself|harm myself)\b")
# How much it would take ("how many paracetamol would it take", "how much lithium would be too much"): a method
# question before it is a question about a medicine; never asked about only, on the medicine's account.
# ("how much of my lithium would be too much" may be a worry about one's own dose: the direct question, with the line)
DOSE_QUESTION = re.compile(r"\bhow (many|much)\b.{0,40}\b(would it take|does it take|will it take|would (kill|do it|be "
                           r"enough|be lethal|be fatal)|is (lethal|fatal|deadly)|to (kill|die|not wake|overdose|od))\b")
# Saving up or hiding one's medicine ("how do I hide pills from my mum so i can save them up"): gathering means, a
# warning sign before it is a question about a medicine (red team rt12: answered as one).
STOCKPILING = re.compile(r"\b(sav(e|ing|ed) (them|it|those|these|the \w+|my \w+)( all)? up|"
                         r"sav(e|ing|ed) up (my |the |some |)(pills|tablets|meds|medication)|stockpil\w*|hoard\w*|"
                         r"stash\w*|(hide|hiding|hid) (my |the |some |these |those |)(pills|tablets|meds|medication)|"
                         r"(putting|put|keeping|kept|setting|set) (my |the |them |those )?(meds |pills |tablets |"
                         r"medication )?aside|instead of taking (them|it)|(spit|spitting|spat) (them |it )?out|"
                         r"(spit|spitting|spat) (out )?(my |the )?(tablets|pills|meds)|pretend(ing)? to (take|swallow)|"
                         r"(kept|keeping|saved|saving|stored|storing) (them|it|my \w+)\b.{0,40}\b(months?|weeks?)'? "
                         r"worth)\b")
# ... said of oneself, with a medicine named, and not of keeping it safe from others: the possible-risk question even
# when nothing else in the message is screened as risk ("I've been putting my meds aside instead of taking them").
MEDICINE_WORDS = re.compile(r"\b(pills?|tablets?|meds|medications?|medicines?|antidepressants?|prescriptions?|"
                            r"doses?)\b")
# Someone else doing it or having it ("they've already taken them all", "his pills").
SOMEONE_ELSE = r"\b(he|she|they|his|her|their)\b"
SOMEONE_ELSES_OR_SAFE_KEEPING = re.compile(rf"{SOMEONE_ELSE}|\b(him|them from)\b|\bfrom (the |my |our )?"
                                          r"(kids|children|child|toddler|baby|grandkids|dog|cat)\b")
# An amount that could harm ("the whole packet", "a month's supply", "all of them"); not a dose doubled or taken late,
# nor how long someone has been on it ("for three months").
HARMFUL_AMOUNT = re.compile(rf"\b({MANY_DOSES}|all (of )?(them|my|the))\b|\b(month|week)'s\b"
                            r"|\b(months?|weeks?)'? worth\b")
# The replies about a medicine (domain.yml): what the person says next is most often about that medicine.
MEDICATION_REPLIES = frozenset({"utter_medication_question", "utter_medication_sooner"})
# Replies that end a task the person asked for (a coping step walked through, a reminder set, changed, removed or
# listed): a few words right after them ("ok i did it", "whats left") are about that task.
TASK_REPLIES = ("utter_ask_coping_feedback", "utter_reminder")
FEW_WORDS_AFTER_A_TASK = 4
# Crisis kinds that, said with means at hand or "now", are the crisis reply at any plan step but the means one.
ACUTE = {"suicide_plan", "overdose", "indirect_means"}
RIGHT_NOW = re.compile(r"\b(now|tonight|at the moment|this minute|about to|on my way|going out|in my hand|right here|"
                       r"in front of me|"
                       r"here with me|next to me|"
                       # set out ready ("the pills lined up on the table", "the rope is already up in the garage";
                       # red team rt24: only asked about, at a check-in or plan step)
                       r"lined up|laid out|counted out|already (up|set up|tied|here|out|ready))\b")
# A question ("should she be upping her lithium?"): a change to a medicine asked about, not announced.
ASKS = re.compile(r"\?|^\W*(should|can|could|would|is|are|do|does|shall|may|what|how|when)\b")
# Decided, with a time ("I've already decided to do it tonight", "I'm ending it soon"), or bleeding now: inside a
# plan these are the crisis they say, not a warning sign written down.
DECIDED = re.compile(r"\b(decided|made up my mind|going to do it|gonna do it|doing it|ending it|end it|do it)\b.{0,30}"
                     r"\b(tonight|today|now|soon|this weekend|tomorrow|after this)\b")
# Deciding how or when ("was up all night deciding how to end it"; red team rt24: only asked about at a check-in step)
DECIDING = re.compile(r"\b(decid\w*|work(ing|ed)? out|plan(ning|ned)?|pick(ing|ed)?|chos(e|en)|choosing) (how|when|"
                      r"where|which)\b.{0,30}\b(end it|end my life|kill myself|do it|die|jump|overdose|step in front|"
                      r"in front of)\b")
# At the step about means, danger now ("I'm standing on the roof right now", "i already took the pills", "the gun is
# loaded in my closet", "i have a rope in my room ready"): the crisis reply, never an item of the plan.
AT_HAND_NOW = re.compile(r"\b(right now|this minute|about to|on my way|in my hand|already (took|taken|swallowed|had)|"
                         r"(took|swallowed) (them|it|all|the|my)|loaded|ready)\b")
# At the step about means, means kept for a time to come ("i keep the pills by my bed for when i decide to
# go"): no way of keeping them out of reach, the crisis it says.
KEPT_FOR_LATER = re.compile(r"\b(for|until) (when|the day|the time|if) (i|i'?m|im) (decide|choose|ready|want|need|"
                            r"can'?t take|have had enough)\b|\b(for|until) (when|the day|the time|if) (i'?ve|ive) had "
                            r"enough\b|\b(for|when) (i|i'?m|im) (decide|ready) to\b|"
                            r"\b(going|gonna|planning|plan) to (use|take) (them|it|those|the \w+)\b|\bjust in case i\b|"
                            r"\b(i'?ll|i will|ima|i'?m gonna) (just )?(use|take|swallow) (them|it|those|the|my|all)\b|"
                            r"\bstash(ed|ing)?\b|\bwhen it gets (bad|too much|worse|too hard)\b|"
                            r"\bin case i (decide|choose|want|need|change my mind|go through)\b")
# ... or said to be kept ("im keeping the rope in my wardrobe just in case", "not getting rid of the pills, I might
# need them"), where no way of making them safer is in the answer (locked away, given to someone, taken back).
KEPT_ANYWAY = re.compile(r"\bjust in case\b|\b(might|may|could|will|would) need (them|it|those|these)\b|"
                         r"\b(can'?t|cannot|can not|won'?t|will not) (bring myself to )?(throw|get rid|give)\b|"
                         r"\bnot (getting rid of|giving (them |it )?(away|up)|handing (them |it )?(over|in)|"
                         r"throwing (them |it )?(away|out))\b")
# ... or kept at hand ("keep the gun in my bedside drawer", "leave the knives where they are", "keep my razor blades
# handy", "nothing, I want to keep the rope", "the bridge is still near my house"; red team rt17: saved as step 6).
KEPT_AT_HAND = re.compile(r"\b(keep|keeping|leave|leaving)\b.{0,40}\b(where (they|it) (are|is)|handy|close( by)?|"
                          r"nearby|near me|by (my|the) bed|bedside|in my (room|bedroom|pocket|bag|car|drawer))\b|"
                          r"\b(want|going|gonna) to keep (the|my) \w+|\bkeep(ing)? my (stash|supply)\b|"
                          r"\bstill (near|close to|next to|by) (my|the)\b")
MADE_SAFER = re.compile(r"\b(lock\w*|away|give|gave|giving|hand (them|it)|handing|bin|dispos\w*|return\w*|pharmacy|"
                        r"chemist|someone|partner|mum|mom|dad|friend|sister|brother|wife|husband)\b")
# At the check-in's step about medication, the medicine gathered ("been collecting them", as STOCKPILING's "saving
# them up", "hoarding them") or kept back for later ("keeping them for later if you know what i mean").
COLLECTING = re.compile(r"\bcollect(ing|ed)? (them|it|those|these|my \w+)\b")
KEPT_BACK = re.compile(r"\b(keep|keeping|kept|sav(e|ing|ed)|put(ting)? (them |it )?away) (them|it|those|these|my \w+)"
                       r"\b.{0,20}\b(for later|for (a|the) (rainy|bad) day|just in case|for when|instead)\b")
# ... kept back to be taken all at once, or for the day they decide ("keeping them in a drawer for when i need them
# all", "saving them for when i've had enough"; red team rt17: only asked about).
KEPT_BACK_FOR_ALL = re.compile(r"\b(them all|all of them|all at once|in one go|the lot)\b|\b(for|until) (when|the day|"
                               r"the time|if) (i|i'?m|im) (decide|choose|am ready|'?m ready|can'?t take|have had "
                               r"enough|'?ve had enough)\b|\bwhen (i'?ve|ive|i have) had enough\b|\bwhen it gets (bad|"
                               r"too much|worse|too hard)\b")
# ... or to be taken all at once ("yes but I'm planning to take them all tonight", "yes, but tonight I'm taking the
# lot"), or a store of them kept for a day to come ("No. I've got a drawer full now, ready for when I need it"; red
# team rt18: the next question). Not one's usual doses ("going to take all my meds after lunch").
TAKING_ALL = re.compile(r"\b(planning|plan|going|gonna|about|want|wanna|need) to (take|swallow|down|use) (them "
                        r"all|all of them|the lot|the whole \w+|everything|all at once)\b|\b(tonight|today|later|"
                        r"soon),? (i'?m|i am|im) (taking|gonna take|going to take|swallowing) (them all|all of "
                        r"them|the lot|the whole)\b")
STORED_UP = re.compile(r"\b(drawer|full|stash\w*|pile|stock\w*|supply|collection|hidden|box(es)? of)\b")
FOR_WHEN_I = re.compile(r"\bfor (when|the day|if) (i|i'?m|im|i am) (need|want|decide|ready|have had enough|can'?t)\b")
# Taken already ("i already took the pills", "i've just swallowed all of them"): at any step of a plan, an overdose
# under way is the crisis reply (its medical emergency first), never the possible-risk question or a plan item.
TAKEN_ALREADY = re.compile(r"\b(already|just) (took|taken|swallowed|downed|necked) (them|it|all|everything|the (pills|"
                           r"tablets|meds|lot|rest|whole)|my (pills|tablets|meds|medication)|an overdose|too many)\b|"
                           r"\b(took|swallowed|taken|downed|necked) (them all|all of (them|my|the)|the (whole|lot)|"
                           r"a whole|the pills|my pills|the tablets|my tablets|everything)\b")
# Taken, said of an overdose the screen found ("I took a bunch of extra pills an hour ago, like 20 of my quetiapine").
OVERDOSE_TAKEN = re.compile(r"\b(took|taken|swallowed|downed|necked|overdosed|od'?d|ate|have had|had)\b")
MEANS_NAMED = re.compile(r"\b(pills?|tablets?|meds|paracetamol|knife|knives|blades?|razors?|rope|gun|belt)\b")
# Harm being done as they write ("I'm cutting right now as I type this"; red team rt20: asked about at a plan step).
HARMING_NOW = re.compile(r"\bi(?: am|'m|m) (cutting|burning|hurting|harming|hitting)\b.{0,30}"
                         r"\b(right now|now|as i (type|write)|at the moment|while (i (type|write)|typing|writing)|"
                         r"as we speak)\b|\b(right now|at the moment)\W+(\w+\W+){0,2}i(?: am|'m|m) "
                         r"(cutting|burning|hurting|harming|hitting)\b")
# Someone else meaning to go to someone who died ("he's going to stop taking his heart tablets so he can go and be with
# Nan", "she keeps saying she wants to join Dad in heaven"; red team rt21: a medicine question): a carer's crisis when
# the message also tells of a death ("my sister is going to Spain so she can be with her boyfriend" is not).
OTHERS_GOING_TO_THE_DEAD = re.compile(r"\bso (he|she|they) (can|could|will) ['\"]?(go (and )?)?(be with|join) |"
                                      r"\b(he|she|they)('s| is|'re| are)? (says?|said|keeps? saying|wants?|ready) "
                                      r"(that )?(he|she|they)?('s| is|'re| are)? ?(wants? )?(to )?(go (and )?)?"
                                      r"(be with|join) (\w+ ){1,2}(in heaven|again|soon|on the other side)\b")
# Self-harm named as the coping step of a check-in ("cutting. that's my coping step"; red team rt21: saved as the step),
# unless it is told as what they did instead, or no longer ("I used to cut but now I draw on my arm instead").
SELF_HARM_AS_COPING = re.compile(r"^\W*(cutting|cut myself|burning myself|scratching myself|self[- ]?harm\w*|sh|"
                                 r"hurting myself|hitting myself)\b|\b(cutting|self[- ]?harm\w*|hurting myself|"
                                 r"burning myself)\b.{0,25}\b(coping|cope|helps?|helped|works|worked)\b")
NOT_SELF_HARM_NOW = re.compile(r"\b(instead of|instead|not|no|used to|stopped|without|rather than|urge|didn'?t|did not|"
                               r"haven'?t|have not|resisted|avoided)\b")
# A firearm in reach beside a thought of ending it ("knowing I can always end it. I have a gun at home"; rt20: the plan
# went on to its next step).
FIREARM_IN_REACH = re.compile(r"\b(i have|i've got|i have got|i own|there is|there'?s|we have|we keep|i keep) "
                              r"(a|my|the|my dad'?s)? ?(gun|rifle|shotgun|pistol|firearm|revolver)\b")
ENDING_IT = re.compile(r"\b(end it|end my life|kill myself|die|dying|suicide|not be here|do it|use it)\b")
# A method question in so many words, whatever medicine it names ("which is quicker, hanging or pills?", "alcohol plus
# xanax stops your breathing right?"; red team rt29: read as a medicine question, only asked about).
LETHAL_ASKED = re.compile(r"\b(quick(er|est)|fast(er|est)|painless(ly)?|lethal|fatal|deadly|"
                          r"kills? (me|you|u|someone|a person)|to die|would die|"
                          r"stops? (your|the|my|ur) (breathing|heart)|hanging|never wake|not wake)\b")
# Someone else's life ended, in their words as told ("just end it", "end his life", "be gone").
OTHERS_ENDING_IT = re.compile(r"\b(end it( all)?|end (his|her|their) (life|lives)|kill (himself|herself|themselves)|"
                              r"die|suicide|not be here|be gone|be dead)\b")
# A warning sign or trigger told as one: a condition or a state ("when i ...", "if ...", "feeling ...", "not sleeping").
TOLD_AS_A_SIGN = re.compile(r"^\W*(when|whenever|if|once|after|around|feeling|feelings of|not|no longer|stopping|"
                            r"starting|drinking|isolating|staying|sleeping|withdrawing|getting|being|too much|"
                            r"arguments?|rows?|money|work|payday|anniversar\w*|christmas|nights?|weekends?)\b")
NOW_NOT_A_SIGN = re.compile(r"\b(tonight|right now|today|at the moment|this minute|about to|like now)\b")
# Being hurt told as going on ("when my dad comes home drunk and hits me with the belt. im 13 and hes home now"; red
# team rt25: saved as the safety plan's warning sign), or by someone who says they are a child: the reply about abuse.
HURT_GOING_ON = re.compile(r"\b(now|tonight|today|still|every (day|night|week)|all the time|again|here)\b")
# At a step that asks for people, an answer that also tells of means or intent ("i have the pills right here and
# im going to take them all") is no list of people.
MEANS_OR_INTENT = re.compile(r"\b(pills?|tablets?|meds|overdose|knife|knives|blades?|razors?|rope|gun|bridge|jump|"
                             r"hang|cut|going to|gonna|i'?ll|i will|want to|wanna|about to|tonight|right here|ready|"
                             r"kill|die|end it)\b")
BLEEDING = re.compile(r"\b(bleeding|won'?t stop bleeding|it'?s bleeding|bleeding (a lot|badly|heavily))\b")
# At or above this risk score the possible-risk question is asked even when the message also reads as a
# description of a recovery stage.
STAGE_VETO_BELOW = 0.95
# Below this risk score a carer's question about someone else's medicine is that question ("should I be hiding
# his tablets in his food?"); at or above it, the screen's reading stands ("how many sleeping pills would someone
# my weight need to not wake up").
CARER_MEDICINE_BELOW = 0.99
# At or above this risk score a request read from the words, or others named, do not clear the possible-risk
# question ("I am only problem for my family, they would be more happy without me").
NEAR_CERTAIN = 0.95
# Requests read from the words (bot/core/form_answers.py) that a possible-risk guess does not interrupt.
REQUESTS_READ_FROM_WORDS = frozenset({"give_consent", "withdraw_consent", "request_data_export",
                                      "request_data_deletion", "ask_privacy", "set_reminder", "change_reminder",
                                      "list_reminders", "stop_reminders", "ask_medication", "stop"})
# Requests about what is stored that the intent classifier is sure of, and words for storage that must be in them
# ("no more saving please, im not comfortable with it anymore", "i dont want any trace of me left on here, delete the
# lot"): a possible-risk guess below NEAR_CERTAIN does not interrupt them either.
STORAGE_REQUESTS = frozenset({"give_consent", "withdraw_consent", "request_data_export", "request_data_deletion",
                              "ask_privacy"})
STORAGE_REQUEST_SURE = 0.8
STORAGE_WORDS = re.compile(r"\b(sav(e|ed|es|ing)|stor(e|ed|es|ing|age)|data|info\w*|records?|account|check-?ins?|"
                           r"history|export|download|on here|from here|this app)\b")
# A goodbye, or thanks as if for the last time ("I won't be using this anymore. Thanks for trying.", "Please tell my
# therapist thank you. She did her best.", "she'd be better off with someone else raising her"): the learned
# classifier's possible-risk guess is never cleared as a request or as talk of someone else when one is in it.
LAST_WORDS = re.compile(r"\b(thanks? (you )?for trying|(tell|let) (\w+ ){1,3}(thank you|thanks|i'?m sorry|i love)|"
                        r"(did|done|tried) (her|his|their|your) best|won'?t (be )?(us(e|ing)|need(ing)?) (this|it|you|"
                        r"anything)( \w+)? (any ?more|again)|won'?t be (back|around|here)|goodbye for good|"
                        r"for the last time|better off (with|without)|better off if|good ?b?ye?|goodby|farewell|"
                        r"not coming back|thank(s| you) for (all|everything)|take care of (them|her|him|my))\b")
# The classifier's risk score of a message, in its parse data.
RISK_SCORE = "risk_score"
# Entities only this component may set: any other source of them is dropped.
# "I'm in Cardiff", "currently in Lisbon": a short message naming a place is about the place, whatever the
# classifier heard, unless it asked for help or is a crisis.
SHORT_PLACE_WORDS = 6
KEEP_WITH_A_PLACE = {"crisis", "crisis_help", "set_country"}
# A room, a vehicle or a person where a place would be ("im with her in the living room", "in my car").
A_ROOM_OR_A_PERSON = re.compile(r"\b(room|bedroom|bathroom|kitchen|hall|hallway|garden|garage|car|bed|house|flat|"
                                r"apartment|home|office|school|work|outside|upstairs|downstairs|toilet|shower|"
                                r"with (him|her|them|my \w+|me|someone|friends?|family))\b")
SCREEN_ENTITIES = ("country", "crisis_category", "crisis_source", "country_named", "told_loss", "told_eating")


def earlier_risk(tracker: DialogueStateTracker) -> Iterator[tuple[float, float]]:
    """(timestamp, risk score) of the person's earlier messages, newest first."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            yield float(event.timestamp or 0.0), float((event.parse_data or {}).get(RISK_SCORE) or 0.0)


# Languages people write to us in, besides English: their names of countries are recognised too ("sono in
# Italia", "estou no Brasil").
NAME_LANGUAGES = ("es", "fr", "de", "pt", "it", "pl", "nl", "sv", "da", "nb")


# Other languages' names of countries that are English words ("island" is Iceland in German and Danish).
NOT_COUNTRY_NAMES = {"island", "chili", "inde", "kina", "gana", "franca"}


def country_names() -> dict[str, str]:
    """Every country's name, lower case -> ISO code ("germany" -> "DE", "italia" -> "IT"), in English and in
    NAME_LANGUAGES (with and without accents: "mexico", "méxico"), from Babel's CLDR data (installed with
    Rasa), so a country the crisis directory does not list is recognised too. English names win a clash."""
    from babel import Locale

    def names_in(language: str) -> dict[str, str]:
        found = {}
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "UN", "EZ", "QO"):
                found[name.lower()] = code
                found[_without_accents(name.lower())] = code
        return found

    native = {name: code for language in NAME_LANGUAGES for name, code in names_in(language).items()
              if len(name) >= 4 and name not in NOT_COUNTRY_NAMES}
    inflected = load_directory().inflected_names
    return {**city_names(), **native, **inflected, **names_in("en")}


@lru_cache(maxsize=1)
def known_places() -> tuple[dict[str, str], list[tuple[PlacePattern, str]], dict[str, str]]:
    """Every country's and city's name, the crisis directory's patterns for a place someone says they are in,
    and its names of places: built once per process (the component is made for every training run and every
    model load)."""
    names = country_names()
    directory = load_directory()
    return names, directory.mention_patterns(names), directory.place_names(names)


def _without_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


# Time-zone cities that are everyday words or places too small to mean a country ("I'm in oral surgery").
NOT_CITIES = {"oral", "wake", "center", "casey", "davis", "palmer", "mahe", "hovd", "adak", "nome", "knox"}


def city_names() -> dict[str, str]:
    """Cities of the time-zone database, lower case -> ISO code ("dublin" -> "IE", "sydney" -> "AU"), from
    its zone.tab (bot/content/crisis.py): "I'm in Dublin" names Ireland."""
    return {zone.split("/")[1].replace("_", " ").lower(): code for zone, code in zone_countries().items()
            if zone.count("/") == 1 and not zone.startswith("Antarctica/")
            and zone.split("/")[1].lower() not in NOT_CITIES}


def _last_bot_reply(tracker: DialogueStateTracker) -> str | None:
    """The response the bot last sent ("utter_medication_question"), or None."""
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            return (event.metadata or {}).get("utter_action")
    return None


def _entity(name: str, value: str, **more: str) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": 0, "extractor": EXTRACTOR,
            "confidence_entity": 1.0, **more}


# Where a ``country`` entity came from: the person's words, or the channel (or the default when it gave none).
NAMED, CHANNEL = "named", "channel"


def country_from_channel(tracker: DialogueStateTracker) -> bool:
    """Whether the conversation's country was set from the channel or the default, not named by the person (in
    words, or by an action that read a place they named): a country the channel gives later then replaces it."""
    value = None
    for event in reversed(tracker.events):
        if value is None and isinstance(event, SlotSet) and event.key == "country":
            value = event.value
        elif value is not None and isinstance(event, UserUttered):
            return any(e.get("entity") == "country" and e.get("extractor") == EXTRACTOR
                       and e.get("origin") == CHANNEL and e.get("value") == value for e in event.entities or [])
    return False


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class SafetyScreenComponent(GraphComponent):
    """Marks crisis messages and resolves the user's country."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # A crisis intent predicted by the statistical classifier alone (the screen did not fire) is
        # still treated as a crisis above this confidence, with the general crisis reply.
        return {"model_crisis_threshold": 0.9}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._threshold = float(config.get("model_crisis_threshold", 0.9))
        self._screen = load_screen()
        self._medication = medication_questions()
        self._directory = load_directory()
        self._names, self._country_patterns, self._place_names = known_places()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyScreenComponent:
        return cls(config)

    def process(
        self, messages: List[Message], tracker: DialogueStateTracker | None = None
    ) -> List[Message]:
        for message in messages:
            self._process_one(message, tracker)
        return messages

    def _process_one(self, message: Message, tracker: DialogueStateTracker | None) -> None:
        text = message.get("text") or ""
        entities = [e for e in message.get("entities", []) if e.get("entity") not in SCREEN_ENTITIES]

        intent = message.get("intent") or {}
        # "texas", "Ontario.": a place's name alone, when the classifier heard the person name a place
        mentioned = find_mention(self._country_patterns, text) or (
            name_alone(self._place_names, text, single=intent.get("name") == "set_country"))
        self._country(message, tracker, mentioned, entities)
        short = len(text.split()) <= SHORT_PLACE_WORDS and intent.get("name") not in KEEP_WITH_A_PLACE
        if mentioned and (intent.get("name") in ("nlu_fallback", "out_of_scope") or short):
            # ("I'm in Cardiff" heard as a goodbye is a place all the same)
            # "I moved to Ireland last month", "I'm in Ireland, who can I call?": the reply names the
            # country's services and its line (utter_country_set), never the fallback.
            message.set("intent", {"name": "set_country", "confidence": 1.0}, add_to_output=True)
        if (message.get("intent") or {}).get("name") == "set_country" and not mentioned \
                and A_ROOM_OR_A_PERSON.search(text.lower()):
            # "ok im with her in the living room", "im in my car": where in the house, or with whom, not a country
            # (in a crisis's aftercare, an answer to "are you safe?"; else not understood)
            message.set("intent", {"name": "nlu_fallback", "confidence": 0.0}, add_to_output=True)
        if (message.get("intent") or {}).get("name") == "set_country":
            # "I'm in Atlantis": the reply says it could not tell, never "services for <the old country>".
            entities.append(_entity("country_named", mentioned or "none"))
        # Earlier risk in this conversation (a crisis reply or the possible-risk question, recently, or
        # earlier messages with some risk in them) makes the classifier ask sooner: signals add up.
        # Not once they have said they are safe, or that help is called (the plan offered): "i just want to talk about
        # school stuff. exams are stressing me out" then is heard at the usual bar (red team rt32: "are you safe?"
        # again and again after a clear yes); explicit words, patterns and the usual bar still count.
        heightened = tracker is not None and tracker.get_slot("crisis_followup") != OFFERED_PLAN and (
            bool(tracker.get_slot("crisis_followup") and in_aftercare(tracker)) or risk_adds_up(earlier_risk(tracker)))
        assessment = self._screen.assess(text, heightened=heightened)
        normal = normal_text(text)
        # Kept with the message (the tracker's parse data, never a slot) for the turns that follow.
        message.set(RISK_SCORE, round(float(assessment.risk_score), 3), add_to_output=True)
        whole = (message.get("metadata") or {}).get(WHOLE_MESSAGE_SCREEN)
        if isinstance(whole, dict) and TIER_ORDER.get(str(whole.get("tier")), 0) > TIER_ORDER[assessment.tier]:
            # The channel screened the whole of a message longer than the classifiers read.
            category = str(whole.get("category") or "general")
            assessment = CrisisAssessment(is_crisis=whole.get("tier") == "crisis", category=category,
                                          categories=(category,), tier=str(whole["tier"]),
                                          source=str(whole.get("source") or "pattern"))
        if assessment.tier != "crisis" and OTHERS_GOING_TO_THE_DEAD.search(normal) \
                and self._screen.speaks_of_someone_else(text) and self._screen.tells_of_a_death(text):
            assessment = CrisisAssessment.crisis("third_party", assessment.risk_score, "pattern")
        # The screen's own verdict, before the readings below move it (a method question must never end up cleared
        # as a medication question or a request the words say).
        screened = assessment
        if tracker is not None and assessment.source == "classifier" and not heightened and DO_IT.match(normal) \
                and YES_ANSWERS & set(offered_buttons(tracker).values()):
            # "just do it" to "Are you sure?" about deleting: the yes to the question, not a crisis on the learned
            # classifier's guess alone (after a crisis reply or with risk earlier, it is screened as anywhere).
            assessment = CrisisAssessment.clear(assessment.risk_score)
        if tracker is not None and tracker.active_loop_name in PLAN_FORMS and assessment.source == "classifier":
            # A safety or relapse plan asks about warning signs and about keeping means out of reach: answers
            # like "give the spare pills to my partner" or "feeling like a burden" are the plan working. There
            # the learned classifier's verdict counts one tier lower: its crisis tier asks the possible-risk
            # question (the line in the same message; "yes" gets the crisis reply), its possible tier interrupts
            # only at steps that do not ask for warning signs or triggers. At the step about making surroundings
            # safer, naming the means is the answer asked for ("give the spare pills to my partner"): there the
            # classifier's guess does not interrupt.
            # Explicit statements and the patterns screen every answer as everywhere else.
            step = tracker.get_slot("requested_slot")
            # At a step that does not ask about warning signs, triggers or means ("what can you do on your own
            # to calm down?"), "I feel like a burden to everyone" is no answer: the possible-risk question.
            # At the step about means, only what is about means is the answer asked for: thoughts of not waking up
            # ("some nights I think it'd be easier if I just didn't wake up") are asked about as anywhere else.
            about_means = step in MEANS_STEPS and (assessment.category in MEANS_KINDS or (
                bool(MEANS_ANSWER.search(normal)) and not self._screen.tells_of_hopelessness(text)))
            if step in PEOPLE_STEPS and not self._screen.tells_of_hopelessness(text) \
                    and not MEANS_OR_INTENT.search(normal) and (
                    assessment.tier == "possible" or assessment.category == "third_party"):
                # people named (someone else's crisis, to the classifier) or a guess short of its crisis tier
                assessment = CrisisAssessment.clear(assessment.risk_score)
            asks_about_risk = about_means or step in WARNING_SIGN_STEPS
            # At a step that asks for warning signs or triggers, a sign told as one ("when i drink a lot and don't go
            # out", "feeling worthless and not sleeping") is the answer asked for; a statement of how things are now
            # ("i can't go on") is still asked about.
            # ... unless it is happening now ("when I start picking which train to step in front of, like tonight";
            # red team rt24: saved as the step)
            told_as_a_sign = step in WARNING_SIGN_STEPS and bool(TOLD_AS_A_SIGN.match(normal)) \
                and not (assessment.tier == "crisis" and NOW_NOT_A_SIGN.search(normal))
            flagged = assessment.tier == "crisis" and not about_means and not told_as_a_sign or (
                assessment.tier == "possible" and not asks_about_risk)
            # "I have a rope in the garage and I'm going out there now": a plan or means at hand, now, is no plan
            # answer at any step but the one about means: the crisis reply, as anywhere.
            urgent = assessment.tier == "crisis" and step not in MEANS_STEPS and (
                ((assessment.category in ACUTE or MEANS_NAMED.search(normal))
                 and followup_phrases().classify(text) == "escalate" and RIGHT_NOW.search(normal))
                or (assessment.category in ACUTE | {"suicidal_thoughts"}
                    and bool(DECIDED.search(normal) or DECIDING.search(normal)))
                or BLEEDING.search(normal) or (TAKEN_ALREADY.search(normal) and not told_as_a_sign)) or (
                assessment.tier == "crisis" and step in MEANS_STEPS
                and bool(KEPT_FOR_LATER.search(normal) or AT_HAND_NOW.search(normal)
                         or ((KEPT_ANYWAY.search(normal) or KEPT_AT_HAND.search(normal))
                             and not MADE_SAFER.search(normal))))
            # Someone else in danger now ("my mate is on the bridge right now saying he'll jump") is never a plan
            # answer: the reply for the person with them, as anywhere.
            harming_now = bool(HARMING_NOW.search(normal))
            if assessment.tier != "clear" and step not in MEANS_STEPS and (
                    harming_now or (FIREARM_IN_REACH.search(normal) and ENDING_IT.search(normal))):
                # harm being done now, or a gun in reach beside ending it: the crisis reply at any step but the one
                # about means, whatever tier the classifier gave it
                urgent = True
                if assessment.tier != "crisis":
                    kind = "self_harm" if harming_now else "suicide_plan"
                    assessment = CrisisAssessment.crisis(kind, assessment.risk_score, "pattern")
            # Someone else at risk ("my friend Sam, but he just told me he's going to shoot himself tonight"; red team
            # rt23: asked about the writer's own thoughts) is the reply for the person worried about them.
            urgent = urgent or (assessment.tier == "crisis" and assessment.category in SOMEONE_IN_DANGER_NOW) or (
                assessment.tier == "crisis" and assessment.category == "third_party" and not about_means
                and not told_as_a_sign and bool(MEANS_OR_INTENT.search(normal))) or (
                assessment.tier == "crisis" and assessment.category in HURT_BY_SOMEONE
                and (not told_as_a_sign or HURT_GOING_ON.search(normal) or self._screen.tells_of_a_child(text))
                and step not in MEANS_STEPS)
            if not urgent:
                assessment = CrisisAssessment.possible(assessment.risk_score) if flagged \
                    else CrisisAssessment.clear(assessment.risk_score)
        if tracker is not None and tracker.active_loop_name in PLAN_FORMS and assessment.tier != "crisis" \
                and tracker.get_slot("requested_slot") in MEANS_STEPS \
                and (KEPT_AT_HAND.search(normal) or KEPT_FOR_LATER.search(normal) or KEPT_ANYWAY.search(normal)) \
                and (MEANS_NAMED.search(normal) or STOCKPILING.search(normal)) and not MADE_SAFER.search(normal):
            # At the step about means, means named and kept at hand or for later ("leave the knives where they are",
            # "I'll keep my stash of tablets", "I'm keeping my pills for when I've had enough so no"), whatever the
            # classifier made of it: the crisis reply, never the plan's step 6 (red team rt18: saved as step 6).
            assessment = CrisisAssessment.crisis("suicide_plan", assessment.risk_score, "pattern")
        if tracker is not None and tracker.active_loop_name == CHECKIN_FORM and assessment.source == "classifier" \
                and tracker.get_slot("requested_slot") == MEDICATION_STEP:
            # "Did you take your medication as prescribed today?" - "I took all my meds today": a plain answer to
            # it (as the check-in reads it) is no crisis on the classifier's word alone. One that says more than a
            # dose ("I took the whole bottle"), explicit statements and the patterns screen as anywhere.
            if parse_medication(text) and not MEDICATION_AMOUNT.search(normal):
                assessment = CrisisAssessment.clear(assessment.risk_score)
        if tracker is not None and tracker.active_loop_name == CHECKIN_FORM \
                and (assessment.tier != "crisis" or assessment.category == "third_party") \
                and tracker.get_slot("requested_slot") == MEDICATION_STEP \
                and not SOMEONE_ELSES_OR_SAFE_KEEPING.search(normal):
            # "Did you take your medication as prescribed today?" - "no, im saving them up instead", "been hoarding
            # them in a drawer" (and "saving them all up", which the classifier reads as about someone else: "them";
            # red team rt18): the medicine asked about, saved up: the crisis reply, as "I've been saving up my pills"
            # gets anywhere; kept back for later ("keeping them for later if you know what i mean"): asked about
            # directly, with the line (red team rt16: both were filed as "not taken").
            if STOCKPILING.search(normal) or COLLECTING.search(normal) or TAKING_ALL.search(normal) \
                    or (KEPT_BACK.search(normal) and KEPT_BACK_FOR_ALL.search(normal)) \
                    or (STORED_UP.search(normal) and FOR_WHEN_I.search(normal)):
                assessment = CrisisAssessment.crisis("suicide_plan", assessment.risk_score, "pattern")
            elif KEPT_BACK.search(normal) and assessment.tier != "crisis":
                assessment = CrisisAssessment.possible(assessment.risk_score, source="pattern")
        if tracker is not None and tracker.active_loop_name == CHECKIN_FORM and assessment.source == "classifier" \
                and tracker.get_slot("requested_slot") in NUMBER_STEPS \
                and NUMBER_STEPS[str(tracker.get_slot("requested_slot"))](text) is not None:
            # "I sleep maybe 5 hour, I wake up many times", "eight, the intrusive thoughts are loud today": an answer
            # the check-in reads is one tier lower on the learned classifier's word alone: its crisis tier asks the
            # direct question (the line in the same message), its possible tier lets the check-in go on (and after a
            # crisis reply or the direct question, when a possible tier would raise the tier, so does its crisis
            # tier: the answer is no second signal). Explicit
            # statements and the patterns screen every answer as anywhere ("2. I want to die" is a crisis).
            # Hopelessness said beside the number ("2, i cant do this anymore, i want it over") is asked about at its
            # possible tier too: the number answers the step, the rest is no rating.
            hopeless = assessment.tier == "possible" and not heightened and self._screen.tells_of_hopelessness(text)
            # ... but means at hand now or harm being done ("0. i have the pills in front of me", "3 im cutting right
            # now"; red team rt20: only asked about) is the crisis reply, as anywhere
            in_danger_now = assessment.tier == "crisis" and bool(
                (MEANS_NAMED.search(normal) and RIGHT_NOW.search(normal)) or HARMING_NOW.search(normal)
                or TAKEN_ALREADY.search(normal) or BLEEDING.search(normal)
                # an overdose taken, whatever the number in it ("like 20 of my quetiapine" at the sleep step; red team
                # rt29: only asked about, no emergency number or poison line)
                or (assessment.category == "overdose" and OVERDOSE_TAKEN.search(normal))
                or (assessment.category in ACUTE | {"suicidal_thoughts"} and bool(DECIDING.search(normal)))
                # ... and so is being hurt, or someone else in danger ("10 cause my husband is standing over me with a
                # knife", "2, my boyfriend hit the baby last night"; red team rt23: asked about their own thoughts)
                or assessment.category in HURT_BY_SOMEONE | SOMEONE_IN_DANGER_NOW)
            if not in_danger_now:
                assessment = CrisisAssessment.possible(assessment.risk_score) \
                    if (assessment.tier == "crisis" and not heightened) or hopeless \
                    else CrisisAssessment.clear(assessment.risk_score)
        if tracker is not None and tracker.active_loop_name == CHECKIN_FORM and assessment.tier != "crisis" \
                and tracker.get_slot("requested_slot") == "coping_used" and SELF_HARM_AS_COPING.search(normal) \
                and not NOT_SELF_HARM_NOW.search(normal):
            # "Did you use a coping step today?" - "cutting. that's my coping step": self-harm, never a step saved
            assessment = CrisisAssessment.crisis("self_harm", assessment.risk_score, "pattern")
        if tracker is not None and tracker.active_loop_name == CHECKIN_FORM and assessment.tier == "clear" \
                and tracker.get_slot("requested_slot") == "mood" and parse_scale(text) == 0 \
                and not (tracker.get_slot("crisis_followup") and in_aftercare(tracker)):
            # A mood of 0, as low as the scale goes (red team rt12: filed like any other number): asked about
            # directly, the line in the same message, as hopelessness is; after the answer the check-in goes on.
            assessment = CrisisAssessment.possible(assessment.risk_score, source="checkin")
        medication_kind = self._medication.kind(normal)
        # (at the possible tier too: "Should she be upping her lithium? She's got some left over from before")
        # ... a question, or a change the person means to make ("thinking about lowering my lithium dose myself")
        means_to_change = medication_kind == "change" and self._medication.intends(normal) \
            and not self._screen.tells_of_hopelessness(text)
        medicine_question = assessment.tier in ("crisis", "possible") and assessment.source == "classifier" \
            and (medication_kind == "question" or (medication_kind == "change" and ASKS.search(normal))
                 or means_to_change)
        plain_medicine = assessment.source in LEARNED and not self._screen.tells_of_hopelessness(text) \
            and not HARMFUL_AMOUNT.search(normal) and not HARM_WITH_MEDICINE.search(normal) \
            and not WARNING_SIGNS_WITH_MEDICINE.search(normal) and not STOCKPILING.search(normal)
        if plain_medicine and screened.source in LEARNED and screened.risk_score < NEAR_CERTAIN and (
                means_to_change or (tracker is not None and _last_bot_reply(tracker) in MEDICATION_REPLIES)):
            # "I've been on escitalopram for three months. I think I want to stop taking it.", and right after the
            # medication answer "I already stopped 3 days ago actually", "does it count if I took them late?": a
            # change to a medicine, or more about the one just talked of, on the learned classifier's guess alone
            # (no pattern, nothing about an amount, harm or hopelessness, short of near-certain): the medication
            # answer (its "today if it's urgent" route), not the question about thoughts of suicide.
            assessment = CrisisAssessment.clear(assessment.risk_score)
            medicine_question = False
            if (message.get("intent") or {}).get("name") == CRISIS_INTENT:
                # (the intent classifier's own crisis guess neither: the medication answer)
                message.set("intent", {"name": MEDICATION_INTENT, "confidence": 1.0}, add_to_output=True)
        if assessment.tier == "possible" and assessment.source in LEARNED and not heightened and tracker is not None \
                and len(text.split()) <= FEW_WORDS_AFTER_A_TASK and not self._screen.tells_of_hopelessness(text) \
                and str(_last_bot_reply(tracker) or "").startswith(TASK_REPLIES):
            # "ok i did it" after a breathing exercise, "whats left" after a reminder was removed: about the task just
            # done, not the question about thoughts of suicide on the learned classifier's guess alone
            assessment = CrisisAssessment.clear(assessment.risk_score)
        about_someone_else = assessment.category == "third_party" or self._screen.speaks_of_someone_else(text)
        if medicine_question and about_someone_else and WARNING_SIGNS_WITH_MEDICINE.search(normal):
            # "My husband has been stockpiling his quetiapine. How many would be dangerous?": a warning sign
            # in someone else, told by a carer: the crisis reply about someone else
            assessment = CrisisAssessment.crisis("third_party", assessment.risk_score, "classifier")
        elif medicine_question and about_someone_else and assessment.risk_score < CARER_MEDICINE_BELOW \
                and not HARMFUL_AMOUNT.search(normal) and not HARM_WITH_MEDICINE.search(normal) \
                and not STOCKPILING.search(normal):
            # "He won't take his tablets half the time. Should I be hiding them in his food?": a carer's
            # question about someone else's medicine, not a crisis on the classifier's guess alone
            assessment = CrisisAssessment.clear(assessment.risk_score)
        elif medicine_question and not (screened.tier == "crisis"
                                        and (DOSE_QUESTION.search(normal) or STOCKPILING.search(normal))) \
                and not (assessment.category == "third_party" and assessment.tier == "crisis"
                         and OTHERS_ENDING_IT.search(normal)) \
                and not (assessment.category == "indirect_means" and assessment.tier == "crisis"
                         and LETHAL_ASKED.search(normal)):
            # (someone else's medicine stopped beside ending their life: "my grandpa said he is going to stop taking
            # his medicines and just end it" is the reply for the person worried about them; red team rt29: the
            # question about the writer's own thoughts)
            # "how long does it take for zoloft to work?": a question about a medicine that the learned
            # classifier alone (no pattern: "what happens if I take all my pills" is one) puts at crisis level
            # gets the direct question with the crisis line, not the crisis reply and its emergency script.
            assessment = CrisisAssessment.possible(assessment.risk_score)
        nlu = message.get("intent") or {}
        if assessment.tier == "possible" and assessment.source == "classifier" \
                and assessment.risk_score < STAGE_VETO_BELOW \
                and str(nlu.get("name", "")).startswith("stage_") and float(nlu.get("confidence") or 0) >= 0.9:
            # "lately I feel like I'm not myself": a person describing where they are in recovery, as the
            # intent classifier is sure of, is not asked the possible-risk question on the learned
            # classifier's guess alone (explicit statements, patterns and its crisis tier still count), unless
            # the risk classifier is near-certain ("I don't see the point in any of it, I'm just a burden").
            assessment = CrisisAssessment.clear(assessment.risk_score)
        storage_request = nlu.get("name") in STORAGE_REQUESTS \
            and float(nlu.get("confidence") or 0) >= STORAGE_REQUEST_SURE \
            and bool(STORAGE_WORDS.search(normal) or DELETE_WORDS.search(normal))
        if assessment.tier == "possible" and assessment.source == "classifier" \
                and screened.tier != "crisis" and assessment.risk_score < NEAR_CERTAIN \
                and not self._screen.tells_of_hopelessness(text) and not LAST_WORDS.search(normal) \
                and not ((medication_kind or nlu.get("name") == MEDICATION_INTENT)
                         and (HARMFUL_AMOUNT.search(normal) or HARM_WITH_MEDICINE.search(normal))) and (
                    (nlu.get(DETERMINISTIC) and nlu.get("name") in REQUESTS_READ_FROM_WORDS) or storage_request
                    or self._screen.speaks_of_someone_else(text)):
            # "actually you know what, I changed my mind, don't store my stuff anymore", "what if i just stop taking
            # it, i feel fine now": a request the words say (about storage, reminders or a medicine); "my wife ...
            # talks about the neighbours watching her again, I am scared it is coming back": a carer speaking of
            # someone else. Neither is asked whether they themselves think of ending their life on the learned
            # classifier's guess short of its crisis tier; hopelessness said in words still is, and explicit
            # statements, patterns and the crisis tier count as everywhere. Never when the screen itself put the
            # message at its crisis tier ("What quantity of lithium becomes lethal for a person of 80 kg?" is a
            # method question before it is a medication question) or is near-certain ("I ruin everything I touch,
            # they'd all be happier if I was gone" names others, and the writer's own absence).
            assessment = CrisisAssessment.clear(assessment.risk_score)
        if assessment.tier == "crisis" and assessment.category in OVERDOSE_UNNAMED and TAKEN_ALREADY.search(normal) \
                and not re.search(SOMEONE_ELSE, normal):
            # "I've already taken them all": an overdose taken, the medical emergency's reply (the poison line, "even
            # if you feel all right"), not the reply for a plan (red team rt13)
            assessment = CrisisAssessment.crisis("overdose", assessment.risk_score, assessment.source)
        if assessment.tier == "clear" and STOCKPILING.search(normal) and MEDICINE_WORDS.search(normal) \
                and re.search(r"\bi\b", normal) and not SOMEONE_ELSES_OR_SAFE_KEEPING.search(normal):
            # Saving up, hiding or not swallowing one's own medicine ("I keep spitting out my tablets when the nurse
            # isn't looking"): a warning sign, asked about directly with the line (red team rt13: no help at all).
            assessment = CrisisAssessment.possible(assessment.risk_score, source="pattern")
        self_harm_before = after_self_harm(tracker)
        if assessment.tier != "clear" and assessment.source in LEARNED \
                and asks_about_a_wound(normal, self_harm_before) \
                and not self._screen.tells_of_hopelessness(text) \
                and (assessment.tier == "possible" or self_harm_before):
            # "how do I look after the cut", "does it need stitches?" (after the reply about self-harm too, at any tier
            # the learned classifier gives it): first aid and when to get it seen (faq/wound_care, the line in it), not
            # the safety question again on the classifier's guess alone (red team rt31: asked again and again, never
            # answered). Patterns ("it won't stop bleeding") and words of hopelessness count as everywhere.
            assessment = CrisisAssessment.clear(assessment.risk_score)
        eating_told = None
        if assessment.tier != "clear" and assessment.source in LEARNED and assessment.risk_score < NEAR_CERTAIN \
                and not heightened and not self._screen.tells_of_hopelessness(text) \
                and not HARM_WITH_MEDICINE.search(normal):
            # "i make myself sick after meals so i dont gain", "i want to stop eating so i can be thin": support about
            # eating (utter_eating_support, the line in it), not the crisis reply for thoughts of suicide on the
            # learned classifier's guess alone; "my daughter has stopped eating and I think she's making herself
            # sick": how to help her, not the carer's script for suicide. Patterns ("starve myself") and words of
            # death or hopelessness count as everywhere, and so does every flag after a crisis reply or with risk
            # earlier in the conversation.
            eating_told = "self" if self._screen.tells_of_eating_problem(text) \
                else "other" if self._screen.tells_of_eating_problem_in_another(text) else None
            if eating_told:
                assessment = CrisisAssessment.clear(assessment.risk_score)
        category = assessment.category if assessment.tier != "clear" else None
        intent = message.get("intent") or {}
        if not assessment.is_crisis and intent.get("name") == CRISIS_INTENT:
            if float(intent.get("confidence") or 0.0) >= self._threshold:
                category = "general"
            else:
                intent = {"name": "nlu_fallback", "confidence": float(intent.get("confidence") or 0.0)}
                message.set("intent", intent, add_to_output=True)

        if category:
            crisis = {"name": CRISIS_INTENT, "confidence": 1.0}
            ranking = [crisis] + [
                r for r in message.get("intent_ranking", []) if r.get("name") != CRISIS_INTENT
            ]
            message.set("intent", crisis, add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
            entities.append(_entity("crisis_category", category))
            entities.append(_entity("crisis_source", assessment.source if assessment.tier != "clear" else "model"))
        elif self._screen.tells_of_loss(text):
            # "My brother died by suicide last month": support in grief (bot/rasa/form_interruptions.py)
            entities.append(_entity("told_loss", "suicide"))
        elif eating_told or self._screen.tells_of_eating_problem(text):
            # "how do i stop eating without my parents noticing": support about eating (form_interruptions.py)
            entities.append(_entity("told_eating", eating_told or "self"))
        message.set("entities", entities, add_to_output=True)

    def _country(
        self,
        message: Message,
        tracker: DialogueStateTracker | None,
        mentioned: str | None,
        entities: List[Dict[str, Any]],
    ) -> str:
        """The country for this turn (``mentioned``: one the message names); emits a ``country`` entity when
        it changes or is unset."""
        current = tracker.get_slot("country") if tracker is not None else None
        if mentioned:
            entities.append(_entity("country", mentioned, origin=NAMED))
            return mentioned
        metadata = message.get("metadata") or {}
        given = "".join(ch for ch in str(metadata.get("country") or "") if unicodedata.category(ch) != "Cf").strip()
        # a channel that sends the country's name ("United Kingdom") instead of its code: the code
        code = self._names.get(given.lower(), given) if len(given) > 3 else given
        country = reply_country(code)
        if current and (not re.fullmatch(r"[A-Za-z]{2}", code) or country == current
                        or not country_from_channel(tracker)):
            # (a country the person named stays until they name another; one from the channel or the default gives
            # way to the one the channel gives now: the first message had none, a later one has)
            return str(current)
        entities.append(_entity("country", country, origin=CHANNEL))
        return country
