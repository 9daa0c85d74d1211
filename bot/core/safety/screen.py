"""The safety screen: text in, crisis assessment out.

Pure and deterministic: no I/O after construction, no conversation state. Every message in every
conversation state goes through :meth:`SafetyScreen.assess`; nothing here can be switched off by
earlier turns (no "already warned" flag), and negation or "jk"/"lol" never clears a match.

The patterns are data (``data/content/safety_patterns.yml``) so that a clinician can review them;
this module only knows how to normalise text and run spaCy's ``PhraseMatcher`` and ``Matcher``.
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from bot.content.loader import content_path, load_yaml
from bot.core.safety.classifier import RiskClassifier, load_classifier
from bot.core.safety.normalise import clean_text, join_spaced_letters, join_spaced_words

# spaCy adds its own stream handler, which prints every line a second time beside the process's own
# (JSON or text) handler; its lines still reach the root logger.
logging.getLogger("spacy").handlers.clear()

# Which reply a message gets when several categories match: medical emergencies and children first.
CATEGORY_PRIORITY: tuple[str, ...] = (
    "overdose",
    "overdose_other",
    "child_abuse",
    "suicide_plan",
    "suicidal_thoughts",
    "self_harm",
    "harm_to_others",
    "abuse",
    "indirect_means",
    "third_party",
)

# Abuse going on at home ("my husband rapes me and hits me"): the reply and the line for abuse, not the one for an
# assault told after it happened.
_ONGOING_ABUSE = re.compile(r"\b(?:hits|beats|rapes|abuses|hurts|chokes|strangles|threatens|controls|forces) me\b|"
                            r"\bkeeps (?:raping|hitting|hurting|forcing|beating)\b"
                            r"|\b(?:every|each) (?:night|day|time|week)\b")
# How grave a verdict is, to keep the graver of two readings of one message.
TIER_RANK = {"clear": 0, "possible": 1, "crisis": 2}

SEVERITY = {
    "overdose": "emergency",
    "overdose_other": "emergency",
    "child_abuse": "emergency",
    "suicide_plan": "emergency",
    "harm_to_others": "emergency",
}


def _as_kind(found: CrisisAssessment, kind: str, severity: str | None = None) -> CrisisAssessment:
    """``found`` told as another kind of crisis (its reply): at ``severity``, or at the kind's own severity where it
    has one, or at the severity found."""
    return replace(found, category=kind, categories=(kind,), severity=severity or SEVERITY.get(kind, found.severity))


def _as_question(found: CrisisAssessment, **changes: str) -> CrisisAssessment:
    """``found`` as the possible-risk tier: the direct question, with the line in it."""
    return replace(found, is_crisis=False, category="possible_risk", categories=("possible_risk",),
                   severity="possible", tier="possible", **changes)


# When earlier turns carried risk, the classifier's possible-risk threshold is multiplied by this.
HEIGHTENED_FACTOR = 0.6
# Up to this many words, a reviewed everyday use of crisis words (not_crisis) overrules the classifier.
LITERAL_USE_WORDS = 12
# A short everyday line ("I took all my meds today", "I want to diet") gives the classifier little to go
# on: on a message of at most SHORT_MESSAGE_WORDS words it acts alone only when near-certain, unless the
# conversation already carried risk. (Short crisis statements are what the explicit statements and the
# patterns are written for.)
SHORT_MESSAGE_WORDS = 6
# The overdose reply is a medical-emergency script (call the emergency number or Poison Help now). On the
# learned classifier's word alone it is given only when near-certain; below that, a message it places there
# ("the pills make me feel sick and dizzy") gets the general crisis reply, the crisis line and the emergency
# number in it. The patterns ("I took 20 pills") give the overdose reply at any score.
CLASSIFIER_ALONE_CERTAIN = {"overdose": 0.99}
SHORT_MESSAGE_CERTAINTY = 0.95
# The writer in the message: a classifier verdict about a message without these and with a third person in
# it ("he", "my son") is about someone else.
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "myself", "im", "ive", "id", "ill"})
# After earlier risk, such a short line is asked about (the possible-risk question) from this score, never
# given the crisis reply on the classifier alone. Short everyday replies ("another one" 0.68, "I feel weird"
# 0.73) score high on the classifier; on the validation set's short messages (23 crisis, 21 look-alikes)
# 0.80 keeps 19 of the 23 crisis messages (0.74 would keep 20) and no look-alike reaches 0.6.
HEIGHTENED_SHORT_MESSAGE = 0.8
# Below near-certainty, a short line the category model still scores this high is asked about (the
# possible-risk question, with the line in it), never left unanswered: on the validation set every short
# message cleared at 0.75 or more was a crisis message ("which painkillers stop your heart" 0.95, "taken the
# lot. sorry" 0.89); everyday short lines the team checked sit lower ("which pills help sleep" 0.81,
# "goodbye" 0.79, where the binary model, at 0.91, is the surer: its score is not used for this).
SHORT_MESSAGE_ASK = 0.88

# Categories whose wording is about the writer themselves; a third-person subject moves them to
# ``third_party`` (resources for helping someone else). Someone else's overdose stays ``overdose``:
# it is the same medical emergency, whoever writes about it.
FIRST_PERSON_CATEGORIES = {"suicidal_thoughts", "suicide_plan", "self_harm"}
# Kinds about someone else: in another language the patterns, written for English, would take the words of
# suicide in them for the writer's own ("mon frère s'est suicidé" is a loss, not a wish to die).
SOMEONE_ELSES = frozenset({"bereaved", "third_party", "overdose_other"})
# Kinds whose reply a death named beside them does not change (a medical emergency, a child at risk).
# A parent hurt by their own (often grown) child: "my son hits me", "my daughter pushed me down the stairs".
_OWN_CHILD_HURTS_ME = re.compile(r"\b(?:my|our) (?:\w+ )?(?:son|daughter|stepson|stepdaughter|grandson|granddaughter)"
                                 r"\b.{0,40}\b(?:hits?|hit|beats?|beat|hurts?|hurt|push(?:es|ed)|kick(?:s|ed)?|punch(?:es|ed)"
                                 r"|threaten(?:s|ed)|slap(?:s|ped)?|chok(?:es|ed)|attack(?:s|ed)?) me\b")
# Another person as the subject just before an explicit statement ("says she is | going to end it").
_THEIR_WORDS = re.compile(r"\b(?:she|he|they)(?: is| s| are| was| were| will| would| has| had)?\s*$"
                          r"|\b(?:shes|hes|theyre|shell|theyll)\s*$")
# A partner who hurts the writer, in words the abuse patterns may not know ("My man dey beat me every night": red team
# rt25, the reply for a child): with no child's age said, the reply about abuse.
_PARTNER_HURTS_ME = re.compile(r"\bmy (?:man|husband|hubby|wife|partner|boyfriend|bf|girlfriend|gf|fiance|fiancee|ex)\b"
                               r".{0,30}\b(?:hits?|beats?|beat|beating|hurts?|hurting|kicks?|punch(?:es|ed)?|slaps?|chokes?"
                               r"|strangl(?:es|ed)|attack(?:s|ed|ing)|thr(?:ew|ows?|owing) (?:\w+ ){1,3}at)"
                               r" me\b")
# The writer meaning to hurt someone, with the means ("I want to hurt the man who raped my sister ... I have a hammer in
# the car": red team rt25, the reply for someone assaulted): the reply about harming others.
_I_MEAN_TO_HARM = re.compile(r"\bi (?:want|wanna|am going|m going|will|am gonna|m gonna|plan|intend)(?: to)? "
                             r"(?:hurt|kill|stab|attack|shoot|beat|batter|smash) (?:the|that|this|him|her|them|my)\b")
# Means the writer has at hand, someone else's or not ("got the whole bottle of my nan's sleeping tablets in my room,
# just sitting here looking at them": red team rt25, the carer's reply): the writer's own plan.
_OWN_MEANS_AT_HAND = re.compile(r"\b(?:i have|i ve|ive|got|i took|i m holding|holding)\b[^.?!]{0,50}"
                                r"\b(?:pills?|tablets?|meds|medication)\b[^.?!]{0,40}"
                                r"\b(?:in my (?:room|bag|hand|pocket|bed)|next to me|in front of me|beside me"
                                r"|on my (?:bed|desk|lap)|looking at them)\b")
# The writer as the one who might hurt someone ("I keep hitting my kids", "I have thoughts of hurting my baby").
_HARM_BY_ME = re.compile(r"\bi (?:\w+ ){0,3}(?:hit|hitting|hurt|hurting|beat|beating|kick|kicking|slap|slapping|shake"
                         r"|shaking|shook|smack|smacking|harm|harming|strangle|kill|killing)\b")
# A weapon named in someone else's violence now (safety_patterns.yml others_violent_now).
_WEAPON = re.compile(r"\b(?:knife|gun|rifle|shotgun|pistol|bat|hammer|axe|machete|weapon|bottle)\b")
# Hopelessness in so many words in a longer message ("kids at school keep bullying me and i cant take it anymore")
# is asked about at this share of the possible-risk threshold. Chosen on validation: at 0.9 to 0.6, 2 more crisis
# messages asked about and no more look-alikes.
HOPELESS_FACTOR = 0.8
# An age and nothing else ("im 12", "i am only 15 years old", "14 btw").
_AGE_ALONE = re.compile(r"^\W*(?:(?:ok|okay|well|and|but|btw|fyi|also|hi|hey|hello|hiya|heya|yo|um|so|sorry)\W+)*"
                        r"(?:i am |im )?(?:only |just )?\d{1,2}"
                        r"(?: years old| yrs old| yrs| yo| y o)?(?:\W+(?:btw|lol|fyi|years old))?\W*$")
# An age said within a short message ("im 13 and in 8th grade"): the rest, at most this many words, is screened alone
# (in a longer one the age is part of what is told: "i'm 12 and we've eaten cereal for 3 days").
AGE_REST_WORDS = 6
_AGE_SAID = re.compile(r"\b(?:i am|im) (?:only |just )?(?:[5-9]|1[0-7])(?: years old| yrs old| yo| y o)?(?: and)?\b")
# An overdose intended, not (yet) taken.
_OVERDOSE_INTENDED = re.compile(r"\b(?:thinking (?:about|of)|think about|going to|want to|planning|plan to|might|"
                                r"about to|considering|will|tonight|tonite|tomorrow|this weekend)\b")
_OVERDOSE_TAKEN = re.compile(r"\b(?:took|taken|(?:have )?had(?! enough)|swallowed|downed|necked|ate|overdosed|already|"
                             r"just did|done it|in my system|kicking in|"
                             r"been (?:taking|swallowing|popping|necking|downing))\b")
# The writer out cold themselves ("i passed out after my pills and my mum found me"): not someone else's overdose
_I_PASSED_OUT = re.compile(r"\bi (?:(?:had|have|must have|just|then|was|am|m) )?(?:passed out|collapsed|blacked out|"
                           r"unconscious|unresponsive|out cold)\b")
# An overdose asked about ("can you overdose on vitamin C?", "is it possible to OD on ibuprofen"): a question, not
# an overdose taken; the direct question, with the line, when nothing says one was taken or is meant
_OVERDOSE_ASKED = re.compile(r"\b(?:can|could|do|does|will|would) (?:you|i|one|people|someone|a person|anyone|u) "
                             r"(?:\w+ )?(?:overdose|od)\b|\bis it (?:possible|easy) to (?:overdose|od)\b")
# The word itself, as normalised ("od'd" reads "overdosed")
_OVERDOSE_WORD = re.compile(r"\boverdos\w*")
# Kinds the learned classifier may guess for someone else's emergency told with "we" in it
_GUESSED_KINDS = ("third_party", "general", "possible_risk", "suicidal_thoughts")
# The writer's own breathing ("i can not breathe", "i am not breathing properly"): not someone else's emergency
_FIRST_PERSON_BREATHING = re.compile(r"\bi (?:am |m )?(?:can not|cant|cannot|not|barely|hardly) breath")
# An explicit statement that is itself in the past tense ("i took an overdose")
_TOLD_AS_TAKEN = re.compile(r"i (?:took|swallowed) ")
# Something that can be taken in an overdose, named
_A_SUBSTANCE = re.compile(r"\b(?:pills?|tablets?|meds|medication|medicine|paracetamol|tylenol|acetaminophen|ibuprofen|"
                          r"aspirin|insulin|lithium|antidepressants?|painkillers?|sleeping|drugs?|heroin|fentanyl|opioids?|"
                          r"methadone|morphine|alcohol|vodka|bottle|packets?|boxes|box|dose|doses|overdos\w*|od|oded)\b")
# A time it is meant for ("tonight", "this weekend", "when everyone's asleep"): thoughts of suicide with one are a plan.
_SOON = re.compile(r"\b(?:tonight|tonite|2nite|tomorrow|tmrw|tomoz|this (?:weekend|week|evening|afternoon|morning)|"
                   r"later today|right now|after (?:work|school|the kids are asleep|everyone is asleep)|"
                   r"when (?:everyone|they|he|she|the kids|my \w+)(?: is| are|s)? (?:asleep|out|gone|at work))\b")
# Someone else's words or acts reported ("she said she wants to disappear", "my son keeps saying he's a burden")
_REPORTED = re.compile(r"\b(?:he|she|they|my \w+)(?: \w+)? (?:said|says|told|tells|keeps saying|kept saying|"
                       r"keeps talking|texted|texts|posted|posts|wrote|writes|messaged|mentioned|sent)\b")
# The carer's own worry said beside it ("i am worried", "im scared for him"): not the writer speaking of themselves
_CARER_WORRY = re.compile(r"\b(?:i am|im|i) (?:so |really |very )?(?:worried|scared|concerned|frightened|afraid)\b")
# The carer's question about it ("should i take that seriously", "what should i do"): not the writer speaking of
# themselves
_CARER_ASKS = re.compile(r"\b(?:should|do|can|could|must|shall) i (?:take (?:that|it|this|her|him|them) seriously|be "
                         r"(?:worried|concerned)|worry|do|say|tell|call|ask|help)\b|\bwhat (?:should|do|can|shall) i "
                         r"(?:do|say)\b|\bhow (?:do|can|should) i (?:help|respond|react|reply)\b")
# The kinds of one's own risk the learned classifier may give to someone else's words, told by a carer.
_OWN_KINDS_GUESSED = frozenset({"possible_risk", "suicidal_thoughts", "suicide_plan", "self_harm", "general"})
# A clear-out, not a goodbye ("gave away her old books to the charity shop, she's decluttering")
_CLEARING_OUT = re.compile(r"\b(?:charity|declutter\w*|clear(?:ing)? out|moving (?:house|flat|out)|car boot|sale|ebay|"
                           r"downsiz\w*)\b")
_MEANT = re.compile(r"\b(?:going to|gonna|will|i'll|want to|wanna|planning|plan to|ready to|about to|decided)\b")
# The act named in the same sentence as the time ("kill myself tonight", "do it when they're asleep"; "I don't want
# to wake up tomorrow" is a wish, and "i will see my therapist tomorrow" beside "i want to die" is no plan)
_ACT = re.compile(r"\b(?:kill|die|end (?:it|my life|things|everything)|suicide|jump|overdose|od|do it|"
                  r"go through with it)\b")
# "last night I nearly took all my pills": a near attempt, not an overdose taken
_NEARLY = re.compile(r"\b(?:nearly|almost|came close to|stopped myself from) "
                     r"(?:took|taken|taking|swallowed|swallowing|od|overdos\w*)\b")
MEDICAL_FIRST = frozenset({"overdose", "child_abuse", "suicide_plan", "suicidal_thoughts", "self_harm"})
# The overdose phrases that name the thing, not an overdose taken.
BARE_OVERDOSE = frozenset({"overdose", "overdoses", "an overdose", "od", "ods"})
# Pronouns that, inside a matched phrase after its first word, name the pills or means, not the person
# ("take them all", "swallow them"): the subject is looked for before the phrase.
OBJECTS_TAKEN = frozenset({"them", "it", "those", "these"})
# The writer as the one told, not the one at risk ("my boyfriend just told me he is going to end it tonight").
TOLD_ME = re.compile(r"\b(told|tells|texted|texts|messaged|said to|says to|wrote to|rang|called|sent|warned) me\b")
# "just wanted to tell someone", "I need to talk to somebody": the person the writer turns to, not the one at risk.
TURNING_TO = re.compile(r"\b(tell|told|talk to|talking to|speak to|speaking to|ask|reach out to|call|ring|text|message)"
                        r" (someone|somebody|anyone|anybody)\b")
# The kinds an explicit statement the patterns did not place may be given on the classifier's word.
EXPLICIT_KINDS = frozenset({"suicidal_thoughts", "suicide_plan", "self_harm", "overdose"})


@dataclass(frozen=True)
class Evidence:
    """One matched phrase: which category it supports and the matched words."""

    category: str
    text: str
    rule: str


# Short words that say which language a message is in: English, and the languages people write to us in.
_ENGLISH_WORDS = frozenset("i me my you the a an and is am are was not to of in it that this do have".split())
_OTHER_WORDS = frozenset((
    "je suis les des est et pas mon ma mes une il elle nous vous avec pour dans sur "  # French
    "un peu mieux merci tres bien ai besoin bonjour parler anglais ne "
    "yo soy estoy el los las y que mi es una con por para muy pero "  # Spanish
    "hoy siento tengo quiero bien del esta puedo vida mas "
    "ich bin nicht und der die das ist mein meine ein eine mit mir mich auch "  # German
    "eu sou estou não nao meu minha uma com por muito mas "  # Portuguese
    "io sono non che il lo gli mi una con per sei sto di della ho oggi molto "  # Italian
    "ik ben niet het een en mijn met voor ook "  # Dutch
    "jestem nie się sie mam jest mój moj moja i w z na to"  # Polish
).split()) - _ENGLISH_WORDS


def in_another_language(text: str) -> bool:
    """Whether a message is mostly in a language other than English (by its short words)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    other = sum(w in _OTHER_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    return other >= 2 and other > 2 * english


@dataclass(frozen=True)
class CrisisAssessment:
    """What the screen concluded about one message.

    ``tier``: "crisis" (the crisis reply), "possible" (ask directly about thoughts of suicide, with the
    crisis line in the same message) or "clear". ``is_crisis`` is the crisis tier.
    """

    is_crisis: bool
    category: str | None = None
    categories: tuple[str, ...] = ()
    severity: str = "none"
    evidence: tuple[Evidence, ...] = field(default=())
    tier: str = "clear"
    risk_score: float = 0.0
    source: str = "none"  # "explicit", "pattern" or "classifier": what decided the tier
    literal_use: bool = False  # a reviewed everyday use of crisis words ("hurt myself at the gym") was found

    @classmethod
    def clear(cls, risk_score: float = 0.0) -> CrisisAssessment:
        return cls(is_crisis=False, risk_score=risk_score)

    @classmethod
    def crisis(cls, category: str, risk_score: float = 0.0, source: str = "classifier", severity: str | None = None,
               evidence: tuple[Evidence, ...] = ()) -> CrisisAssessment:
        """The crisis tier, for one kind of crisis (its reply), with that kind's severity (SEVERITY, else high)."""
        return cls(is_crisis=True, category=category, categories=(category,),
                   severity=severity or SEVERITY.get(category, "high"), evidence=evidence, tier="crisis",
                   risk_score=risk_score, source=source)

    @classmethod
    def possible(cls, risk_score: float, source: str = "classifier") -> CrisisAssessment:
        """The possible-risk tier: the direct question about thoughts of suicide, the line in it."""
        return cls(is_crisis=False, category="possible_risk", categories=("possible_risk",), severity="possible",
                   tier="possible", risk_score=risk_score, source=source)

    @property
    def is_possible_risk(self) -> bool:
        return self.tier == "possible"


def _blank_english() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


# A question about what happens when someone tells of suicide or self-harm ("what happens if I say something about
# suicide, do you call the police?", "do you contact the police if someone says they're suicidal?").
ASKS_ABOUT_TELLING = re.compile(
    r"^(?!.*\b(already|just|took|taken|swallowed|cut|burned|burnt|in front of me|right here|tonight|now|today|"
    r"have the|got the|bought)\b)"
    r".*\b(what happens|what would happen|what will happen|do you|would you|will you|does it|are you going to|"
    r"do i have to|is it)\b.{0,40}\b(if|when)\b.{0,25}\b(i|someone|somebody|a person|people|anyone|you)\b.{0,15}"
    r"\b(say|says|said|tell|tells|mention|mentions|talk about|talks about|type|types|write|writes|admit|admits)\b")


class SafetyScreen:
    """Screens text for crisis content using patterns loaded from a YAML file."""

    def __init__(self, patterns: dict[str, Any], nlp: Language | None = None,
                 classifier: RiskClassifier | None = None) -> None:
        self._nlp = nlp or _blank_english()
        self._classifier = classifier
        # A message is scored once, though a sentence of it or the whole may be asked about again.
        self._score = lru_cache(maxsize=256)(classifier.score) if classifier is not None else None
        # Each word is normalised once (its spelling looked up among the screen's words): most messages are made of
        # words seen before. Bounded, so that words nobody repeats cannot fill the memory.
        self._normalised_word = lru_cache(maxsize=50_000)(self._normalise_word)
        # ... and normalised once, though the whole, its sentences and the bereavement and reunion checks read it.
        self.normalise = lru_cache(maxsize=256)(self._normalise_text)  # type: ignore[method-assign]
        self.patterns = patterns
        self._explicit = [re.compile(p) for p in patterns.get("explicit", [])]
        # The same statements with every doubled letter single ("kill myyyyself", "killl myself").
        self._explicit_squeezed = [re.compile(_squeeze(p)) for p in patterns.get("explicit", [])]
        self._explicit_other_scripts = [re.compile(p) for p in patterns.get("explicit_other_scripts", [])]
        self._explicit_by_kind = {str(kind): [re.compile(p) for p in found]
                                  for kind, found in (patterns.get("explicit_by_kind") or {}).items()}
        norm = patterns.get("normalise", {})
        self._leet = {str(k): str(v) for k, v in norm.get("leet", {}).items()}
        self._replacements = {
            str(k).lower(): str(v) for k, v in norm.get("replacements", {}).items()
        }
        self._compact = {str(k).lower(): str(v) for k, v in norm.get("compact", {}).items()}
        self._fuzzy = [str(w) for w in norm.get("fuzzy_keywords", [])]
        self._fuzzy_cutoff = float(norm.get("fuzzy_cutoff", 0.8))
        self._typo_keywords = frozenset(str(w) for w in norm.get("typo_keywords", []))
        # The words the classifier learned (each in two training messages or more): what is typed as one of
        # them is a word, not a slip. Without a classifier nothing tells the two apart: no word is corrected.
        self._seen_words = frozenset(term[2:] for term in classifier.vocabulary if term.startswith("w:")) \
            if classifier is not None else frozenset()
        # ... and English words the classifier may never have seen: spaCy's lookup lemmas, their inflected
        # forms ("noting", "dyeing") and dictionary forms ("nose", "bride").
        lemmas = self._nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup") \
            if "lemmatizer" in self._nlp.pipe_names else {}
        self._english_forms = lemmas
        self._english_lemmas = frozenset(lemmas.values())
        # The words of the categories' phrases: what a "1" inside a word may spell with an l.
        self._known_words = frozenset(
            word for spec in patterns.get("categories", {}).values() for phrase in spec.get("phrases", [])
            for word in str(phrase).lower().split()) | frozenset(self._fuzzy)
        self._lemma_overrides = {
            str(k): str(v) for k, v in norm.get("lemma_overrides", {}).items()
        }

        self._phrases = PhraseMatcher(self._nlp.vocab, attr="LEMMA")
        self._matcher = Matcher(self._nlp.vocab)
        self._reports_as: dict[str, str] = {}
        for label, spec in patterns["categories"].items():
            self._add_rules(label, spec)
            self._reports_as[label] = spec.get("reports_as", label)
        self._add_rules("not_crisis", patterns.get("not_crisis", {}))

        context = patterns.get("context", {})
        self._third_person = {w.lower() for w in context.get("third_person_subjects", [])}
        self._first_person = {w.lower() for w in context.get("first_person_words", [])}
        self._clause_breaks = {w.lower() for w in context.get("clause_breaks", [])}
        self._distress_cues = self._compile_cues(context.get("distress_cues", []))
        self._child_cues = self._compile_cues(context.get("child_cues", []))
        self._needs_distress = set(context.get("categories_needing_distress_cue", []))
        never = re.compile(r"(?!x)x")
        self._hopeless = self._compile_cues(context.get("hopelessness_cues", [])) or never
        self._about_the_bot = self._compile_cues(context.get("about_the_bot", [])) or never
        self._death = self._compile_cues(context.get("death_cues", [])) or never
        self._doubts_safety = self._compile_cues(context.get("doubts_own_safety", [])) or never
        self._reunion = self._compile_cues(context.get("reunion_cues", [])) or never
        self._reunion_soon = re.compile(context.get("reunion_soon", "(?!x)x"))
        self._past_frame = re.compile(context.get("past_frame", "(?!x)x"))
        self._distant_past = re.compile(context.get("distant_past", "(?!x)x"))
        self._present_risk = re.compile(context.get("present_risk", "(?!x)x"))
        self._recovered_now = re.compile(context.get("recovered_now", "(?!x)x"))
        self._not_breathing_after_using = re.compile(context.get("not_breathing_after_using", "(?!x)x"))
        self._past_attempt = re.compile(context.get("past_attempt", "(?!x)x"))
        self._risk_returning = re.compile(context.get("risk_returning", "(?!x)x"))
        self._harm_targets = re.compile(context.get("harm_targets", "(?!x)x"))
        self._loss = re.compile(context.get("loss_by_suicide", "(?!x)x"))
        self._still_at_risk = re.compile(context.get("still_at_risk", "(?!x)x"))
        self._close_person = re.compile(context.get("close_person", "(?!x)x"))
        self._eating = re.compile(context.get("eating_problem", "(?!x)x"))
        self._eating_other = re.compile(context.get("eating_problem_other", "(?!x)x"))
        self._missing = re.compile(context.get("missing_person", "(?!x)x"))
        self._danger_now = re.compile(context.get("in_danger_now", "(?!x)x"))
        self._others_violent = re.compile(context.get("others_violent_now", "(?!x)x"))
        self._others_overdose = re.compile(context.get("others_overdose_found", "(?!x)x"))
        self._sexual_assault = re.compile(context.get("sexual_assault_cue", "(?!x)x"))
        self._parent_hurts_me = re.compile(context.get("parent_hurts_me", "(?!x)x"))
        self._others_giving_away = re.compile(context.get("others_giving_away", "(?!x)x"))
        self._child_age = re.compile(context.get("child_age_said", "(?!x)x"))
        self._others_warning = re.compile(context.get("others_warning_cues", "(?!x)x"))
        self._adult_life = re.compile(context.get("adult_life", "(?!x)x"))
        self._child_reported = re.compile(context.get("child_reported", "(?!x)x"))
        self._child_self = re.compile(context.get("child_speaks_of_self", "(?!x)x"))
        self._other_language_distress = re.compile(context.get("other_language_distress", "(?!x)x"))
        self._child_harm = re.compile(context.get("child_harm_cue", "(?!x)x"))
        self._child_self_harm = re.compile(context.get("child_self_harm_cue", "(?!x)x"))
        self._emoji_means = frozenset(str(e) for e in context.get("emoji_means", []))
        self._emoji_distress = frozenset(str(e) for e in context.get("emoji_distress", []))

    # ---------------------------------------------------------------- construction helpers
    def _add_rules(self, label: str, spec: dict[str, Any]) -> None:
        phrases = spec.get("phrases", [])
        if phrases:
            self._phrases.add(label, [self._make_doc(p) for p in phrases])
        for i, pattern in enumerate(spec.get("patterns", [])):
            self._matcher.add(f"{label}|{i}", [pattern])

    @staticmethod
    def _compile_cues(cues: Iterable[str]) -> re.Pattern[str] | None:
        cues = list(cues)
        if not cues:
            return None
        return re.compile(r"\b(?:" + "|".join(cues) + r")\b")

    def _make_doc(self, text: str) -> Doc:
        return self._parse(self.normalise(text))

    def _parse(self, normalised: str) -> Doc:
        doc = self._nlp(normalised)
        for token in doc:
            override = self._lemma_overrides.get(token.lower_)
            if override:
                token.lemma_ = override
        return doc

    # ---------------------------------------------------------------------- normalisation
    def _normalise_text(self, text: str) -> str:
        """Lower-case, undo leetspeak, coded words, missing spaces and common misspellings."""
        # Right-to-left override (U+202E) shows the letters after it backwards: read as shown.
        text = re.sub("\u202e([^\u202c]*)\u202c?", lambda shown: shown.group(1)[::-1], text)
        text = clean_text(join_spaced_words(text))
        # Markdown emphasis around a word ("*kill* myself", "**kill** myself", "_die_"): the word.
        text = re.sub(r"(?<![\w*_~])[*_~]{1,3}(?=\w)|(?<=\w)[*_~]{1,3}(?![\w*_~])", "", text)
        # spaCy's tokenizer takes time growing with the square of a run without spaces ("{{{{...",
        # "!?,;:!?,;:...", "____..."): repeated symbols are cut to two and any run is broken every 40
        # characters, so no message, however long, holds the screen up.
        text = re.sub(r"([^\w\s])\1{2,}", r"\1\1", text)
        text = re.sub(r"_{3,}", "__", text)
        text = re.sub(r"\S{40}(?=\S)", lambda run: run.group(0) + " ", text)
        text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
        text = text.lower()
        text = re.sub(r"\bmy (self|sel|slef)\b", "myself", text)  # "kill my self"
        text = re.sub(r"(?<=\w)-(?=\w)", " ", text)  # self-harm -> self harm
        text = join_spaced_letters(text)  # "s u i c i d e" or "k.m.s" -> "suicide", "kms"
        text = re.sub(r"\b([a-z]{2,})2([a-z]{2,})\b", r"\1 to \2", text)  # "want2die", "need2talk"
        text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)  # soooo -> soo, wannnna -> wanna
        return "".join(self._normalised_word(w) for w in re.split(r"(\s+)", text))

    def _normalise_word(self, word: str) -> str:
        if not word or word.isspace():
            return word
        core = re.sub(r"(?<=[a-z])!(?=[a-z])", "i", word)  # "d!e": an exclamation mark inside a word is an i
        if re.search(r"[a-z]", core) and re.search(r"[0-9@$]", core):
            as_i = "".join(self._leet.get(ch, ch) for ch in core)
            # "1" is an i ("k1ll") or an l ("ki11", "myse1f"): an l where that makes a word the screen knows.
            as_l = as_i if "1" not in core else "".join("l" if ch == "1" else self._leet.get(ch, ch) for ch in core)
            core = as_l if as_l.strip(".,!?;:\"'()[]{}") in self._known_words else as_i
        bare = core.strip(".,!?;:\"'()[]{}*_~#")
        if bare in self._replacements:
            return core.replace(bare, self._replacements[bare])
        letters = re.sub(r"[^a-z]", "", bare)
        for key, expansion in self._compact.items():
            if letters.endswith(key):
                return expansion
        if self._seen_words and bare.isalpha() and len(bare) >= 4 and not self._is_word(bare):
            slips = [word for word in self._typo_keywords if one_slip(bare, word)]
            if len(slips) == 1:
                return core.replace(bare, slips[0])
        if letters.isalpha() and len(letters) >= 6 and letters not in self._fuzzy:
            close = difflib.get_close_matches(letters, self._fuzzy, n=1, cutoff=self._fuzzy_cutoff)
            if close:
                return core.replace(bare, close[0]) if bare else close[0]
        return core

    def _is_word(self, word: str) -> bool:
        """Whether ``word`` is a word as typed, not a slip: one the classifier learned, an English word, or a
        word the slips are read as."""
        return word in self._seen_words or word in self._english_forms or word in self._english_lemmas \
            or word in self._typo_keywords

    # ------------------------------------------------------------------------- assessment
    def assess(self, text: str | None, heightened: bool = False) -> CrisisAssessment:
        """Screen one message (:meth:`screen`); someone else's crisis that is a death by suicide, with nothing
        said of anyone at risk now, is the person's bereavement ("My husband killed himself in January.")."""
        found = self.screen(text, heightened)
        normalised = self.normalise(text) if text else ""
        if found.tier == "crisis" and found.source == "pattern" and ASKS_ABOUT_TELLING.search(normalised):
            # "what happens if I say something about suicide, do you call the police?": a question about telling,
            # matched by a pattern (no explicit statement): the direct question, with the line and the answer to
            # what the bot does, not the crisis reply as if it had been told
            return _as_question(found)
        if found.tier != "clear" and found.source.endswith("classifier") and (
                _AGE_ALONE.match(normalised) or (_AGE_SAID.search(normalised) and len(
                    rest := _AGE_SAID.sub(" ", normalised).split()) <= AGE_REST_WORDS
                                                  and self.screen(" ".join(rest), heightened).tier == "clear")):
            # "im 12", "i'm 15 years old", "im 13 and in 8th grade", "im 14 from manchester": an age, and nothing
            # else of risk, is no crisis on the learned classifier's word (its training holds many children's crises
            # that start so); said after the reply about abuse, it changes the lines to the child line (the crisis
            # policy). Its score is not kept as risk for later turns.
            return CrisisAssessment.clear(0.0)
        if (found.tier != "crisis" or found.category in ("third_party", "general", "possible_risk")) \
                and self._others_overdose.search(normalised) and (self._about_someone_else(normalised) or (
                    self.speaks_of_someone_else(normalised) and not _I_PASSED_OUT.search(normalised))):
            # "just found my flatmate passed out on the bathroom floor with empty paracetamol boxes", "My roommate is
            # passed out and I can't wake him, there are empty pill packets everywhere" (red team rt23: the carer's
            # script for suicide): someone else's overdose, told by someone with them: the medical emergency
            return CrisisAssessment.crisis("overdose_other", found.risk_score, "pattern")
        if (found.tier != "crisis" or found.category in _GUESSED_KINDS) \
                and self._not_breathing_after_using.search(normalised) \
                and not _FIRST_PERSON_BREATHING.search(normalised):
            # "mate's gone blue and isn't breathing properly. we were using": someone else not breathing after using,
            # told by someone with them, "we" or not: the medical emergency for the person with them
            return CrisisAssessment.crisis("overdose_other", found.risk_score, "pattern")
        violent = self._others_violent.search(normalised)
        if violent and not _HARM_BY_ME.search(normalised) and (
                found.tier != "crisis" or found.category in ("third_party", "general", "harm_to_others")
                or (found.category == "abuse" and _WEAPON.search(violent.group(0)))):
            # "my brother is smashing up the house and screaming that mum is the devil": someone else violent now,
            # told by someone there: the emergency number, and the people at risk away from them; a partner read as
            # abuse too, when the weapon is in their hand now ("my partner is drunk and waving a kitchen knife at me")
            return CrisisAssessment.crisis("third_party_now", found.risk_score, "pattern", severity="emergency")
        if found.tier in ("clear", "possible") and self._others_giving_away.search(normalised) \
                and self._others_warning.search(normalised) and not _CLEARING_OUT.search(normalised) \
                and self._about_someone_else(_CARER_WORRY.sub(" ", TOLD_ME.sub(" ", normalised))):
            # "my wife seems withdrawn again and gave away her jewellery": a warning sign told by a carer
            return CrisisAssessment.crisis("third_party", found.risk_score, "pattern")
        if found.tier != "clear" and found.category in _OWN_KINDS_GUESSED and text \
                and found.source.endswith("classifier") and _REPORTED.search(normalised) \
                and self._about_someone_else(_CARER_ASKS.sub(" ", _CARER_WORRY.sub(" ", TOLD_ME.sub(" ", normalised)))):
            # "she said she wants to disappear", "she sometimes says everyone would be better off without her. should
            # i take that seriously" (red team rt28: "are you having thoughts of ending your life?" to the carer):
            # someone else's hopelessness or thoughts, told by a carer (the reply for carers: ask them directly, the
            # line), never the question about the writer's own thoughts
            found = CrisisAssessment.crisis("third_party", found.risk_score, found.source)
        if found.source == "classifier" and found.tier != "clear" and text and in_another_language(text):
            # The learned classifier knows English: its guess about "je suis en France" is noise (it was the
            # self-harm reply). Explicit statements in other languages (safety_patterns.yml) decide there; its
            # crisis tier asks the direct question at most, its possible tier is dropped.
            # ("je suis en vacances" scored as a crisis): only beside distress said in that language.
            distress = bool(self._other_language_distress.search(self.normalise(text)))
            found = _as_question(found) \
                if found.tier == "crisis" and distress else CrisisAssessment.clear(found.risk_score)
        if found.category == "overdose" and found.source == "pattern" and text and _OVERDOSE_ASKED.search(normalised) \
                and all(e.text in BARE_OVERDOSE for e in found.evidence) and not _OVERDOSE_TAKEN.search(normalised) \
                and not _OVERDOSE_INTENDED.search(normalised):
            # "Can you overdose on vitamin C? just curious" (red team rt23: the reply for an overdose taken, "call
            # 911 now"): asked kindly whether they are thinking of ending their life, the line in the same message
            return _as_question(found)
        if found.category == "overdose" and text and (_NEARLY.search(normalised) or self._overdose_intended(text)):
            # "gonna od tonite", "I'm thinking about taking all my tablets": a plan, not an overdose taken (the
            # reply with the crisis line, not the poison line's "even if you feel all right")
            return _as_kind(found, "suicide_plan")
        if found.tier == "clear" and text and in_another_language(text) \
                and self._other_language_distress.search(self.normalise(text)):
            # "Eu não aguento mais", "no puedo más con esta vida": the direct question, with the line in it
            return _as_question(found, source="pattern")
        if found.category == "suicidal_thoughts" and found.is_crisis and text and any(
                _SOON.search(s) and _MEANT.search(s) and _ACT.search(s)
                for s in (self.normalise(part) for part in (sentences(text) or [text]))):
            # "i want to end it all tonight", "i'm going to kill myself this weekend": thoughts with a time are a
            # plan (the reply that puts the emergency number first)
            return _as_kind(found, "suicide_plan")
        if (found.category in ("child_abuse", "abuse_at_home") or (
                found.category in ("third_party", "general") and found.source.endswith("classifier"))) \
                and text and _PARTNER_HURTS_ME.search(normalised) and not self.tells_of_a_child(text):
            # "my wife is screaming and she just threw a knife at me" (red team rt29: the carer's reply about
            # someone else's suicide): the writer hurt by a partner, the reply about abuse
            return _as_kind(found, "abuse")
        if found.category in ("abuse", "sexual_assault") and text and _I_MEAN_TO_HARM.search(normalised) \
                and _WEAPON.search(normalised):
            return _as_kind(found, "harm_to_others")
        if found.category in ("third_party", "general") and found.source.endswith("classifier") and text \
                and _OWN_MEANS_AT_HAND.search(normalised):
            return _as_kind(found, "suicide_plan")
        if found.category == "child_abuse" and text and _OWN_CHILD_HURTS_ME.search(self.normalise(text)):
            # "my son hits me": a parent being hurt (the reply about abuse), not a child
            return _as_kind(found, "abuse")
        if found.category in ("child_abuse", "third_party", "harm_to_others") and text \
                and self._child_hurt_by_others(text, found):
            # "my neighbour hits his kids": an adult who can act, not the child; the reply for them
            return _as_kind(found, "child_abuse_reported", severity="emergency")
        if found.category == "abuse" and text and self._sexual_assault.search(self.normalise(text)) \
                and not _ONGOING_ABUSE.search(self.normalise(text)):
            # "I was raped last night": the reply for sexual assault, and its line where the country has one
            return _as_kind(found, "sexual_assault")
        if found.category == "abuse" and text and self._parent_hurts_me.search(normalised) \
                and not self._adult_life.search(normalised):
            # "my dad hits me", no age said: maybe a child; the reply about abuse with the child line in it too
            return _as_kind(found, "abuse_at_home")
        if found.category != "third_party" or not text:
            return found
        normalised = self.normalise(text)
        if self._loss.search(normalised) and not self._still_at_risk.search(normalised):
            return _as_kind(found, "bereaved", severity="high")
        if self._missing.search(normalised):
            # "my sister left a note saying sorry and her car is gone": missing, maybe in danger: report it now
            return _as_kind(found, "missing_person", severity="emergency")
        if self._danger_now.search(normalised):
            # "my friend is on the bridge saying she'll jump": call the emergency number now, what to do meanwhile
            return _as_kind(found, "third_party_now", severity="emergency")
        return found

    def _child_hurt_by_others(self, text: str, found: CrisisAssessment) -> bool:
        """A child being hurt, told by an adult: a child in their life named, no first-person victim, and (when
        the verdict was someone else's crisis) harm done to the child, not the child's own risk."""
        normalised = self.normalise(text)
        # (the child's own words quoted, "crying 'stop hurting me'", are not the writer speaking of themselves)
        unquoted = re.sub(r"[\"\u201c\u201d].*?[\"\u201c\u201d]", " ", normalised)
        if not self._child_reported.search(normalised) or self._child_self.search(unquoted):
            return False
        if found.category == "harm_to_others" and _HARM_BY_ME.search(normalised):
            return False  # "I have thoughts of hurting my baby": the writer's own urge (the reply about harm)
        return found.category == "child_abuse" or (
            bool(self._child_harm.search(normalised)) and not self._child_self_harm.search(normalised))

    def tells_of_loss(self, text: str | None) -> bool:
        """A close one's death by suicide told, with nothing said of anyone at risk now ("My brother died by
        suicide last month", "I lost my dad to suicide two years ago"): no crisis on its own (old losses are
        told calmly too), but a reply of its own, with support in grief."""
        if not text:
            return False
        normalised = self.normalise(text)
        return bool(self._loss.search(normalised) and self._close_person.search(normalised)
                    and not self._still_at_risk.search(normalised))

    def tells_of_eating_problem(self, text: str | None) -> bool:
        """Not eating, making oneself sick or hiding it, told of oneself ("how do i stop eating without my parents
        noticing"): no crisis on its own, but a reply of its own (safety_patterns.yml: eating_problem)."""
        return bool(text) and bool(self._eating.search(self.normalise(str(text))))

    def tells_of_eating_problem_in_another(self, text: str | None) -> bool:
        """The same in someone else, told by a carer or a friend ("my daughter has stopped eating and I think she's
        making herself sick"): how to help them (safety_patterns.yml: eating_problem_other)."""
        return bool(text) and bool(self._eating_other.search(self.normalise(str(text))))

    def screen(self, text: str | None, heightened: bool = False) -> CrisisAssessment:
        """Screen one message (:meth:`screen_as_shown`). A right-to-left override shows the letters after it
        backwards, but the words as sent may be the ones that matter ("\u202eI want to kill myself"): both
        readings are screened, and the graver verdict stands."""
        shown = self.screen_as_shown(text, heightened)
        if not text or "\u202e" not in text or shown.is_crisis:
            return shown
        sent = self.screen_as_shown(re.sub("[\u202a-\u202e\u2066-\u2069]", "", text), heightened)
        return sent if TIER_RANK[sent.tier] > TIER_RANK[shown.tier] else shown

    def screen_as_shown(self, text: str | None, heightened: bool = False) -> CrisisAssessment:
        """Screen one message (:meth:`assess_text`), and each of its sentences when the whole is not a crisis:
        a first sentence about the news, a study or someone else's loss must not hide the next one ("I saw
        on the news that a celebrity died by suicide. I think I'll do the same tonight.")."""
        whole = self.assess_text(text, heightened)
        if text and whole.tier == "possible" and not whole.is_crisis:
            normalised = self.normalise(text)
            if self._hopeless.search(normalised) and MEANS_AT_HAND.search(normalised):
                # "i cant do this anymore, i've got the pills out": hopelessness and the means at hand, in one
                # message, add up to the crisis reply (not only the question about thoughts of suicide)
                return CrisisAssessment.crisis("suicide_plan", whole.risk_score, whole.source)
        # Someone else's crisis first, then the person's own words about themselves alone ("My cousin read
        # about suicide rates. Honestly I've got all my pills lined up and I'm done."): their own crisis.
        about_someone_else = whole.tier == "crisis" and whole.category == "third_party"
        # (the learned classifier's "thoughts of suicide" says less than a reunion with a time: "... see him again,
        # soon, whatever it takes" is a plan)
        if text and (whole.tier != "crisis" or whole.category not in MEDICAL_FIRST
                     or (whole.source == "classifier" and whole.category == "suicidal_thoughts")):
            going_to_them = self.goes_to_the_dead(text)
            if going_to_them:
                return going_to_them
        if (whole.tier == "crisis" and not about_someone_else) or not text:
            return whole
        if self._classifier is None:
            return self._or_doubted_safety(text, whole)
        parts = sentences(text)
        buried = self._buried_before_a_request(parts, about_someone_else, heightened)
        if buried is not None:  # (its kind is the sentence's own: the rest of the message is about something else)
            return buried
        asked: CrisisAssessment | None = None
        for index, sentence in enumerate(parts):
            part = self.assess_text(sentence, heightened)
            if part.tier != "crisis" or part.category == "third_party" \
                    or (about_someone_else and _OTHER_PERSON.search(sentence.lower())):
                continue
            # A sentence alone lacks what the others say ("That was ten years ago, I'm well now"): it
            # counts when the classifier is near-certain of it and it has words enough to judge; the last
            # sentence, which nothing after it puts in the past, at a lower bar than one in the middle.
            last = index == len(parts) - 1
            if last and part.source in ("pattern", "explicit") and not _OTHER_PERSON.search(sentence.lower()):
                # The last sentence, about the person alone, in words the patterns know and the classifier does
                # not veto on its own ("Dad hanged himself two years ago. I bought a rope yesterday.")
                return replace(part, source=f"sentence:{part.source}")
            risk = self._score(self.normalise(sentence))
            bar = SENTENCE_CERTAINTY_LAST if last else SENTENCE_CERTAINTY
            if risk.words >= SENTENCE_WORDS and risk.flag_score >= bar:
                return replace(part, source=f"sentence:{part.source}", **self._kind_from_whole(text, part))
            if asked is None and whole.tier == "clear" and risk.flag_score >= SENTENCE_ASKS \
                    and not _OTHER_PERSON.search(sentence.lower()) and risk.words >= SENTENCE_WORDS:
                asked = CrisisAssessment.possible(part.risk_score, source="sentence:classifier")
        # A sentence that alone gets the crisis reply, though the classifier is not near-certain of it, in a
        # message clear as a whole ("Can you help me with my check in? mood is 3. btw i dont think i'll
        # be here next week, i've made my decision."): the direct question, with the line in it.
        return asked or self._or_doubted_safety(text, whole)

    def _buried_before_a_request(self, parts: list[str], about_someone_else: bool,
                                 heightened: bool) -> CrisisAssessment | None:
        """Risk told in passing and then left for a request ("... tbh some nights i think about jumping off the multi
        storey by the station. anyway what are good revision techniques?", red team rt25): a sentence before the turn
        to the request ("anyway", "but yeah", then a question), alone or with its neighbour, is judged as the last
        sentence of a message would be (a pattern, or the classifier near-certain), unless it is told as the past or
        all that comes before the turn is a safely told past, news, fiction or grief. What comes after such a turn
        does not put the risk before it in the past; it changes the subject."""
        turn = next((i for i, part in enumerate(parts) if i > 0 and _TURN_TO_A_REQUEST.search(part.lower())), None)
        if turn is None or self._classifier is None:
            return None
        before = self._score(self.normalise(" ".join(parts[:turn])))
        if before.context is not None and before.context_probability >= self._classifier.thresholds["context_veto"]:
            # what comes before the turn is, the classifier is sure, a safely told past, news, fiction or grief
            # ("...she exists because I stayed. I'm so glad I'm here for this. Anyway, can you help me set a reminder")
            return None
        units = [parts[i] for i in range(turn)] + [f"{parts[i]} {parts[i + 1]}" for i in range(turn - 1)]
        for unit in units:
            part = self.assess_text(unit, heightened)
            normalised = self.normalise(unit)
            if part.tier != "crisis" or part.category == "third_party" or self.told_as_past(normalised) \
                    or (about_someone_else and _OTHER_PERSON.search(unit.lower())):
                continue
            risk = self._score(normalised)
            if part.source in ("pattern", "explicit") or (
                    risk.words >= SENTENCE_WORDS and risk.flag_score >= SENTENCE_CERTAINTY_LAST):
                return replace(part, source=f"sentence:{part.source}")
        return None

    def _or_doubted_safety(self, text: str, verdict: CrisisAssessment) -> CrisisAssessment:
        """A message nothing else flags that doubts the writer's own safety ("I'm not sure I'm safe", "i dont
        feel safe"), or that tells of a past attempt with something of it coming back now ("...since my attempt.
        Recently I've started looking at the bridge again"): the possible-risk question, which asks and shows the
        line (safety_patterns.yml, doubts_own_safety, past_attempt, risk_returning)."""
        if verdict.tier != "clear":
            return verdict
        normalised = self.normalise(text)
        if self._doubts_safety.search(normalised) or self.tells_of_an_attempt_coming_back(normalised):
            return CrisisAssessment.possible(verdict.risk_score, source="pattern")
        return verdict

    def tells_of_an_attempt_coming_back(self, normalised: str) -> bool:
        """Whether normalised text tells of the writer's past attempt, overdose or self-harm with something of it
        coming back now (safety_patterns.yml, context: past_attempt, risk_returning)."""
        return bool(self._past_attempt.search(normalised) and self._risk_returning.search(normalised)
                    and not self._about_someone_else(normalised))

    def _overdose_intended(self, text: str) -> bool:
        """Whether an overdose is told as meant and not as taken. A sentence whose overdose is a figure of speech
        the patterns excuse ("overdosed on coffee this morning lol. but i want to overdose on my meds for real";
        red team rt21: the reply for an overdose taken) says nothing either way; nor does "I've had enough"."""
        parts = [self.normalise(clause) for part in (sentences(text) or [text])
                 for clause in re.split(r"[,;]\s+|\s+but\s+", part) if clause.strip()]
        told = [part for part in parts if not (_OVERDOSE_WORD.search(part) and self._match(part).tier == "clear")]
        return any(_OVERDOSE_INTENDED.search(part) for part in told) \
            and not any(_OVERDOSE_TAKEN.search(part) for part in told)

    def tells_of_a_death(self, text: str) -> bool:
        """Whether the message tells of someone who has died (safety_patterns.yml, context: death_cues)."""
        return bool(self._death.search(self.normalise(text)))

    def goes_to_the_dead(self, text: str) -> CrisisAssessment | None:
        """Someone has died and the writer means to go to them ("My brother killed himself last year. I'm
        going to join him tonight."): their own crisis, a plan when a time is given; else None."""
        normalised = self.normalise(text)
        reunion = self._reunion.search(normalised)
        if not reunion or not self._death.search(normalised):
            return None
        category = "suicide_plan" if self._reunion_soon.search(normalised) else "suicidal_thoughts"
        return CrisisAssessment.crisis(category, 1.0, "pattern", evidence=(
            Evidence(category=category, text=reunion.group(0), rule="reunion_cues"),))

    def _literal_use_explains(self, normalised: str, matched: CrisisAssessment) -> bool:
        """Whether the everyday use found explains the risk the classifier hears: the rest of the message, without
        its words, says nothing of hopelessness, death or a goodbye ("ready for bed, I want it all to end" keeps
        its risk once "ready for bed" is taken out). (The rest is read for cues, not scored: the frame of the
        everyday words alone, "i am", "i want to ... my boyfriend", scores high.)"""
        rest = normalised
        for evidence in matched.evidence:
            rest = rest.replace(evidence.text, " ")
        distress = self._distress_cues is not None and self._distress_cues.search(rest)
        return not (distress or self._hopeless.search(rest) or self._death.search(rest))

    def _kind_from_whole(self, text: str, part: CrisisAssessment) -> dict[str, Any]:
        """The crisis kind the whole message points to, when the classifier alone placed the sentence: "I
        think I'll do the same tonight" after a suicide in the news is about suicide, not harm to others."""
        classifier = self._classifier
        category = self._score(self.normalise(text)).category if classifier else None
        if classifier is None or not part.source.endswith("classifier") or category == part.category \
                or category not in classifier.risk_categories or category == "possible_risk":
            return {}
        return {"category": category, "categories": (category,), "severity": SEVERITY.get(category, "high")}

    def assess_text(self, text: str | None, heightened: bool = False) -> CrisisAssessment:
        """Screen one text as a whole with the patterns and the learned classifier.

        * An explicit first-person statement ("kill myself" in any spelling) is always the crisis reply.
        * Another pattern match is the crisis reply unless the classifier is sure (``context_veto``) the
          message is news, research, a safely told past, fiction or grief.
        * Otherwise the classifier decides: the crisis reply at ``crisis``, the possible-risk question at
          ``possible`` (lowered when ``heightened``: earlier turns of the conversation carried risk).

        Empty or non-text input is never a crisis by itself. Without a trained classifier the patterns
        decide alone (every match is the crisis reply).
        """
        if not text or not text.strip():
            return CrisisAssessment.clear()
        normalised = self.normalise(text)
        matched = self._match(normalised)
        classifier = self._classifier
        other_script = self.is_explicit_in_other_script(text)
        kind = self.explicit_kind(normalised)
        explicit = self.is_explicit(normalised) or other_script or kind is not None
        if kind is not None and (not matched.is_crisis or kind in SOMEONE_ELSES):
            return CrisisAssessment.crisis(kind, source="explicit")
        if classifier is None:
            if explicit and not matched.is_crisis:  # the fail-safe too: an explicit statement is a crisis
                return CrisisAssessment.crisis("suicidal_thoughts", source="explicit")
            return matched
        risk = self._score(normalised)
        thresholds = classifier.thresholds
        overruled = risk.context is not None and risk.context_probability >= thresholds["context_veto"]
        if explicit and overruled and kind is None and not other_script and self.told_as_past(normalised):
            # "Five years ago I tried to take my own life. Now I volunteer at the welfare hall.": an attempt told as
            # the past, years back, which the classifier is sure is a safely told past: read as a pattern match
            explicit = False
        if matched.is_crisis and (explicit or not overruled):
            return replace(matched, risk_score=risk.score, source="explicit" if explicit else "pattern")
        if explicit and not other_script and not in_another_language(text) \
                and (self._about_someone_else(TOLD_ME.sub(" ", normalised)) or self._explicit_of_another(normalised)):
            # "My girlfriend said she is going to end it tonight": the words are explicit, the person is someone
            # else (no I or me anywhere): a carer's crisis
            return CrisisAssessment.crisis("third_party", risk.score, "explicit")
        if explicit:  # an explicit statement the category patterns did not place
            # The classifier's kind, when it sees the risk itself; else (another language: "ölmek
            # istiyorum" scores low, its kind is noise) thoughts of suicide, which is what was said.
            sees_it = risk.flag_score >= thresholds["possible"] and risk.category in EXPLICIT_KINDS
            category = risk.category if sees_it else "suicidal_thoughts"
            if category == "overdose" and not _A_SUBSTANCE.search(normalised):
                # an overdose needs something taken: "She took her own life in March. Now I want to take mine." names
                # none (the overdose reply would send them to the poison line)
                category = "suicidal_thoughts"
            return CrisisAssessment.crisis(category, risk.score, "explicit")
        possible = thresholds["possible"] * (HEIGHTENED_FACTOR if heightened else 1.0)
        flag = risk.flag_score
        if matched.literal_use and risk.words <= LITERAL_USE_WORDS and self._literal_use_explains(normalised, matched):
            # "I hurt myself at the gym yesterday", "I want to end it with my boyfriend": in a short message
            # the reviewed everyday use (safety_patterns.yml, not_crisis) explains the words the classifier
            # reacts to. (In a longer message risk can be buried beside it: the classifier decides there.)
            return CrisisAssessment.clear(flag)
        # A short message is held to near-certainty: of the binary model (on which the rule was first
        # measured) or of the flag score.
        certainty = max(risk.binary_flag_score, flag)
        short_and_unsure = risk.words <= SHORT_MESSAGE_WORDS and certainty < SHORT_MESSAGE_CERTAINTY
        if short_and_unsure and self.is_emoji_means_and_distress(text):
            return CrisisAssessment.possible(risk.score, source="emoji")
        if short_and_unsure and not self._about_the_bot.search(normalised) and (
                flag >= SHORT_MESSAGE_ASK or (flag >= possible and self._hopeless.search(normalised))):
            # "which painkillers stop your heart": short, but scored high (SHORT_MESSAGE_ASK); "everything feels
            # pointless lately", "what's the point of anything": hopelessness in so many words. Either is what
            # the possible-risk question is for (never the crisis reply on this); "this bot is pointless" is about
            # the bot.
            return CrisisAssessment.possible(risk.score)
        if short_and_unsure and (not heightened or certainty < HEIGHTENED_SHORT_MESSAGE):
            return CrisisAssessment.clear(flag)
        # After earlier risk a short, unsure message ("I feel weird") is asked about, never the crisis reply.
        if flag >= thresholds["crisis"] and risk.category != "possible_risk" and not short_and_unsure:
            category = risk.category or "general"
            if flag < CLASSIFIER_ALONE_CERTAIN.get(category, 0.0):
                category = "general"
            if category == "harm_to_others" and not self._harm_targets.search(normalised):
                category = "general"  # harm to whom? ("a rope in my wardrobe ... thinking about using it")
            if self._about_someone_else(normalised):
                # "he said he feels like a burden to us", "won't asking put the idea in his head?": a carer
                # speaking of someone else, on the classifier's word alone (the patterns read this themselves).
                category = "third_party"
            return CrisisAssessment.crisis(category, risk.score, "classifier")
        # After earlier risk the bar is lower, for a message the category model places among crisis messages
        # (its probability of the crisis kinds together sits near one half for a message it can make nothing of).
        if flag >= thresholds["possible"] or (flag >= possible and risk.agrees):
            return CrisisAssessment.possible(risk.score)
        if flag >= possible * HOPELESS_FACTOR and self._hopeless.search(normalised):
            # hopelessness said in words, in a message the classifier scores near its bar: asked about
            return CrisisAssessment.possible(risk.score)
        # The score kept for later turns is the one the thresholds apply to: a message the category model
        # does not place among crisis messages ("aaaa..." or a look-alike) carries no risk forward.
        return CrisisAssessment.clear(flag)

    def tells_of_a_child(self, text: str | None) -> bool:
        """Whether the message says the writer is a child ("im 11", "i'm only 14", "i'm just a kid")."""
        return bool(text and self._child_age.search(self.normalise(text)))

    def tells_of_hopelessness(self, text: str) -> bool:
        """Whether the message says hopelessness in so many words ("no point", "can't do this anymore")."""
        return bool(self._hopeless.search(self.normalise(text)))

    def speaks_of_someone_else(self, text: str) -> bool:
        """Whether the message names another person ("he", "his", "my son"), whoever else it names."""
        return bool(set(re.findall(r"[a-z]+", self.normalise(text))) & self._third_person)

    def _explicit_of_another(self, normalised: str) -> bool:
        """Whether every explicit statement in the message has another person as its subject ("my friend on discord
        says shes gonna end it tonight and i dont know where she lives": red team rt25, the reply to the writer's own
        plan), though the writer speaks of themselves elsewhere in it."""
        if self.tells_of_a_death(normalised):  # "She took her own life in March. Now I want to take mine."
            return False
        found = [m for p in self._explicit for m in p.finditer(normalised)]
        return bool(found) and all(_THEIR_WORDS.search(normalised[max(0, m.start() - 12):m.start()]) for m in found)

    def _about_someone_else(self, normalised: str) -> bool:
        """Whether the message speaks of another person (he, my son ...) and not of the writer (I, me)."""
        words = set(re.findall(r"[a-z]+", TURNING_TO.sub(" ", normalised)))
        return bool(words & self._third_person) and not words & FIRST_PERSON_SINGULAR

    def is_emoji_means_and_distress(self, text: str) -> bool:
        """Whether ``text`` is emoji alone, pairing a means ("🔪", "💊") with distress ("😭", "💔")."""
        if any(ch.isalnum() for ch in text):
            return False
        means = {e for e in self._emoji_means if e in text}
        distress = {e for e in self._emoji_distress if e in text}
        # "🩸" is both: with another means ("🔪🩸") it pairs, alone it does not
        return bool(means) and bool(distress - means or (distress and len(means) >= 2))

    def explicit_kind(self, normalised: str) -> str | None:
        """The kind of an explicit statement in another language whose kind is known ("ich ritze mich")."""
        return next((kind for kind, found in self._explicit_by_kind.items()
                     if any(p.search(normalised) for p in found)), None)

    def is_explicit(self, normalised: str) -> bool:
        """Whether normalised text holds an explicit first-person statement (always the crisis reply)."""
        squeezed = _squeeze(normalised)
        return any(p.search(normalised) for p in self._explicit) or any(
            p.search(squeezed) for p in self._explicit_squeezed)

    def is_explicit_in_other_script(self, text: str) -> bool:
        """Whether the message as typed holds an explicit statement in a script other than the Latin alphabet
        ("死にたい", "хочу умереть"), which transliteration would garble."""
        if text.isascii():
            return False  # no other script in it
        typed = as_typed(text)
        return any(p.search(typed) for p in self._explicit_other_scripts)

    def told_as_past(self, normalised: str) -> bool:
        """Whether every explicit statement in normalised text is told as the past, years back ("five years ago I
        tried to take my own life"): a pattern match for the screen, not an explicit statement
        (safety_patterns.yml, context: past_frame, distant_past)."""
        if not self._distant_past.search(normalised):
            return False
        # (a statement found only with doubled letters made single finds no start here: it stays explicit)
        starts = sorted({m.start() for p in self._explicit for m in p.finditer(normalised)})
        # where each statement's frame begins, searched in the 60 characters before it (None: no frame)
        frames: dict[int, int | None] = {}
        for start in starts:
            before = max(0, start - 60)
            frame = self._past_frame.search(normalised[before:start])
            frames[start] = before + frame.start() if frame else None
        # "ten years ago I took an overdose": the statement is the past itself (no frame before it)
        if not starts or not all(frames[start] is not None or _TOLD_AS_TAKEN.match(normalised, start)
                                 for start in starts):
            return False
        # what the frames say ("tried to", "wanted to") is the past; anything else of now or later keeps it explicit
        rest = normalised
        for start in reversed(starts):
            if frames[start] is not None:
                rest = rest[:frames[start]] + " " + rest[start:]
        return not self._present_risk.search(rest) and bool(self._recovered_now.search(rest))

    def pattern_verdict(self, normalised: str) -> str:
        """"explicit", "pattern" (a category pattern matched, or an explicit statement told as the past) or
        "none", for choosing thresholds."""
        if self.is_explicit(normalised):
            return "pattern" if self.told_as_past(normalised) else "explicit"
        return "pattern" if self._match(normalised).is_crisis else "none"

    def _match(self, normalised: str) -> CrisisAssessment:
        """The patterns' verdict on normalised text."""
        doc = self._parse(normalised)

        spans: list[tuple[str, Span, str]] = []
        for match_id, start, end in self._phrases(doc):
            spans.append((self._nlp.vocab.strings[match_id], doc[start:end], "phrase"))
        for match_id, start, end in self._matcher(doc):
            label, _, index = self._nlp.vocab.strings[match_id].partition("|")
            spans.append((label, doc[start:end], f"pattern {index}"))

        safe = [span for label, span, _ in spans if label == "not_crisis"]
        evidence: list[Evidence] = []
        for label, span, rule in spans:
            if label == "not_crisis" or any(_overlaps(span, s) for s in safe):
                continue
            category = self._refine(label, span, doc, normalised)
            if category is None:
                continue
            evidence.append(Evidence(category=category, text=span.text, rule=f"{label}: {rule}"))

        if not evidence:
            return CrisisAssessment(is_crisis=False, literal_use=bool(safe),
                                    evidence=tuple(Evidence("not_crisis", span.text, "not_crisis") for span in safe))
        categories = tuple(c for c in CATEGORY_PRIORITY if any(e.category == c for e in evidence))
        if categories[:2] == ("overdose", "suicide_plan") and all(
                e.text in BARE_OVERDOSE for e in evidence if e.category == "overdose"):
            # "I read about overdoses on the news. I'm going to take all my tablets tonight.": the word alone
            # is not an overdose taken; the plan is what the person said of themselves.
            categories = categories[1:] + ("overdose",)
        top = categories[0]
        return CrisisAssessment(
            is_crisis=True,
            category=top,
            categories=categories,
            severity=SEVERITY.get(top, "high"),
            evidence=tuple(sorted(set(evidence), key=lambda e: (e.category, e.text))),
            tier="crisis",
            risk_score=1.0,
            source="pattern",
        )

    def _refine(self, label: str, span: Span, doc: Doc, text: str) -> str | None:
        """Apply context: whose crisis it is, a child's abuse, a distress cue for indirect questions."""
        if label in self._needs_distress:
            if self._distress_cues is None or not self._distress_cues.search(text):
                return None
        label = self._reports_as.get(label, label)
        if label == "abuse" and self._child_cues is not None and self._child_cues.search(text):
            return "child_abuse"
        if label in FIRST_PERSON_CATEGORIES and self._is_third_person(span, doc):
            return "third_party"
        if label == "overdose" and self._is_third_person(span, doc):
            # "my sister says she's going to overdose tonight": a carer's worry; "my flatmate swallowed a whole
            # packet of pills": the same medical emergency, told by someone with them (the carer's version)
            return "third_party" if span.text in BARE_OVERDOSE else "overdose_other"
        return label

    def _is_third_person(self, span: Span, doc: Doc) -> bool:
        # ("jump off our balcony": a shared place, not the writer; the subject before it says whose act it is)
        words = {t.lower_ for t in span} - {"our"}
        if words & self._first_person:
            return False
        # "take them all at once": "them" after the span's first word is what is taken, not who takes it
        if words & self._third_person - ({t.lower_ for t in span[1:]} & OBJECTS_TAKEN):
            return True
        # Walk back to the start of the clause looking for the subject.
        received = _recipients(doc, max(0, span.start - 8), span.start)
        for token in reversed(doc[max(0, span.start - 8) : span.start]):
            if token.lower_ in self._clause_breaks:
                break
            if token.i in received:
                continue  # "my son sent me a goodbye message": "me" received it; the son sent it
            if token.lower_ in self._first_person:
                return False
            if token.lower_ in self._third_person:
                return True
        return False


# "my son sent me a goodbye message", "I sent my son a goodbye text": who received it is not who sent it.
RECIPIENTS = frozenset({"me", "us", "him", "her", "them"})
POSSESSIVES = frozenset({"my", "his", "her", "their", "our"})
SENT_TO = frozenset({"sent", "send", "sends", "texted", "text", "texts", "messaged", "message", "messages", "wrote",
                     "writes", "left", "leaves", "gave", "gives", "emailed", "emails", "dmed", "dm'd", "showed",
                     "shows"})


def _recipients(doc: Doc, start: int, end: int) -> set[int]:
    """Token positions in ``doc[start:end]`` that name who received something sent ("me" in "sent me", "my son" in
    "sent my son"): never the subject of what follows."""
    received: set[int] = set()
    for i in range(max(start, 1), end):
        if doc[i - 1].lower_ not in SENT_TO:
            continue
        if doc[i].lower_ in RECIPIENTS:
            received.add(i)
        elif doc[i].lower_ in POSSESSIVES and i + 1 < end:
            received.update((i, i + 1))
    return received


# Sentences end at . ! ? (and runs of them) followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])\s+|\s*\n\s*")
# A message of many sentences is screened in at most this many groups of neighbouring sentences.
MAX_SENTENCE_GROUPS = 40
# A sentence of at least this many words is read clause by clause too (split at commas and semicolons).
LONG_SENTENCE_WORDS = 25
# A sentence of a message that is no crisis as a whole is one when it is, alone, with at least this many
# words and the classifier's flag score at least this high (lower for the last sentence). Chosen on the
# training look-alikes (0.1% of them flip to crisis); the words raised from 6 to 7 (as read, "she's" two words)
# after "ok but can we make the plan? she's sitting next to me" got the crisis reply on its last sentence
# (the validation figures are the same at 6 and 7).
SENTENCE_WORDS = 7
SENTENCE_CERTAINTY_LAST = 0.9
SENTENCE_CERTAINTY = 0.99
# A sentence that alone gets the crisis reply, at least this surely but below those bars, gets the possible-risk
# question for a message that is clear as a whole (on the validation set: 2 more crisis messages asked about, 1
# more look-alike; asking at the possible tier instead raised false alarms from 4.2% to 7.3%).
SENTENCE_ASKS = 0.9


# A sentence that speaks of another person ("I'm going to stay with her tonight"): a carer's, as a whole.
_OTHER_PERSON = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|theirs|he's|she's|they're)\b")
# The turn from something told to a request, at the start of a sentence ("anyway what are good revision techniques",
# "Anyway, I was wondering what you'd recommend for greenfly", "but yeah can you suggest...").
_TURN_TO_A_REQUEST = re.compile(
    r"^\W*(?:(?:so|but|ok|okay|oh|well|and)\W+)?(?:anyway|anyways|any way|anyhow|but yeah|moving on|never mind that|"
    r"enough about (?:me|that)|on another note|that aside)\b.*(?:\?|\b(?:what|how|can|could|would|do you|any|recommend|"
    r"suggest|wondering|tips?|advice|ideas?|help)\b)")


# Means at hand, said ("i've got the pills out", "the rope is right here", "blades lined up"): with hopelessness in the
# same message, the crisis reply.
MEANS_AT_HAND = re.compile(r"\b(pills?|tablets?|meds|rope|knife|knives|blades?|razors?|gun|belt|cord)\b.{0,25}"
                           r"\b(out|right here|here|ready|in my hand|in front of me|with me|lined up|next to me|"
                           r"beside me|counted out)\b")


def _clauses(sentence: str) -> list[str]:
    """A long sentence run on with commas ("got up late, made toast, I keep staring at the knives thinking about
    using them on myself, did some laundry") as its clauses; a shorter one whole."""
    if len(sentence.split()) < LONG_SENTENCE_WORDS:
        return [sentence]
    return [clause for clause in re.split(r"[,;:]\s+", sentence) if clause.strip()]


def sentences(text: str) -> list[str]:
    """The sentences of a message of two or more, each with at least two words (else an empty list); a long
    message's sentences are joined into at most MAX_SENTENCE_GROUPS groups of neighbours."""
    parts = [clause for part in _SENTENCE_END.split(text) for clause in _clauses(part) if len(clause.split()) >= 2]
    if len(parts) < 2:
        return []
    size = -(-len(parts) // MAX_SENTENCE_GROUPS)
    return [" ".join(parts[i:i + size]) for i in range(0, len(parts), size)]


# Arabic vowel marks and tatweel are dropped; the alef forms and the dotless ya are written one way.
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"})


def as_typed(text: str) -> str:
    """The message as typed, for matching in other scripts: NFKC, case folded, invisible format characters
    (zero-width joiners and the like) removed, Arabic written one way, runs of spaces as one."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return re.sub(r"\s+", " ", text)


def one_slip(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` typed in a hurry: the same first letter, and two neighbouring letters
    swapped ("slef", "agian") or, in a word of five letters or more, one letter dropped or added ("agin",
    "tonigt"), other than a last "s" ("tablet" is a word of its own)."""
    if typed == word or typed[:1] != word[:1]:
        return False
    if len(typed) == len(word):
        differ = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return len(differ) == 2 and differ[1] == differ[0] + 1 \
            and typed[differ[0]] == word[differ[1]] and typed[differ[1]] == word[differ[0]]
    longer, shorter = (typed, word) if len(typed) > len(word) else (word, typed)
    if len(longer) - len(shorter) != 1 or len(word) < 5:
        return False
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1:] == shorter:
            return not (i == len(longer) - 1 and longer[i] == "s")
    return False


def _squeeze(text: str) -> str:
    """Every run of one repeated letter as a single letter."""
    return re.sub(r"([a-z])\1+", r"\1", text)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


_SCREEN: SafetyScreen | None = None


def load_screen(path: Path | None = None) -> SafetyScreen:
    """Build a screen from ``safety_patterns.yml`` and the trained classifier (the default screen is
    built once per process); a screen from another patterns file runs the patterns alone."""
    global _SCREEN
    if path is None and _SCREEN is not None:
        return _SCREEN
    if path is not None:
        return SafetyScreen(load_yaml(path))
    _SCREEN = SafetyScreen(load_yaml(content_path("safety_patterns.yml")), classifier=load_classifier())
    return _SCREEN


@lru_cache(maxsize=1)
def patterns_only_screen() -> SafetyScreen:
    """The default patterns without the classifier (to train the classifier, or to compare with it)."""
    return SafetyScreen(load_yaml(content_path("safety_patterns.yml")))


def screen_message(text: str | None) -> CrisisAssessment:
    """Screen one message with the default patterns."""
    return load_screen().assess(text)
