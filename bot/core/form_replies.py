"""Is a reply in a free-text form step an answer? (data/content/form_answers.yml: clarify, back)

Pure: used by the action server's form validators, never imports Rasa."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.content.loader import content_path, load_yaml

ANSWER, QUESTION, BACK, SKIP, WAIT, DISMISS = "answer", "question", "back", "skip", "wait", "dismiss"
GREETING = "greeting"


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], re.Pattern[str],
                          re.Pattern[str], re.Pattern[str]]:
    raw = load_yaml(content_path("form_answers.yml"))
    return (tuple(re.compile(p) for p in raw["clarify"]), tuple(re.compile(p) for p in raw["back"]),
            re.compile(raw["question_mark"]), re.compile(raw["skip"]), re.compile(raw["wait"]))


def normal_text(text: str) -> str:
    """Lower-cased and single-spaced, curly apostrophes straight, punctuation kept."""
    return re.sub(r"\s+", " ", (text or "").strip().lower()).replace("\u2019", "'")


def asks_about_the_step(text: str, any_question: bool = True) -> bool:
    """'what do you mean?', 'examples?': a request to explain the question just asked. With
    ``any_question=False`` only the requests to explain, not any question ('what reminders do I have?', 'whats
    my safety plan': the last two of the clarify patterns)."""
    patterns = _patterns()[0] if any_question else _patterns()[0][:-2]
    return any(p.search(normal_text(text)) for p in patterns)


@lru_cache(maxsize=1)
def _dismiss() -> re.Pattern[str]:
    return re.compile(load_yaml(content_path("form_answers.yml"))["dismiss"])


@lru_cache(maxsize=2)
def _acknowledgement_words(in_free_text: bool) -> frozenset[str]:
    raw = load_yaml(content_path("form_answers.yml"))
    return frozenset(str(w) for w in (*raw["acknowledgement_words"],
                                      *(raw["not_free_text_answers"] if in_free_text else ())))


def is_acknowledgement(text: str, in_free_text: bool = False) -> bool:
    """'ok cool', 'hmm ok', 'that makes sense I suppose': at most six words, all acknowledgement words (in a
    free-text step also 'done', 'thanks')."""
    words = re.findall(r"[a-z0-9']+", normal_text(text))
    return bool(words) and len(words) <= 6 and all(w in _acknowledgement_words(in_free_text) for w in words)


def just_acknowledges(text: str) -> bool:
    """'ok', 'cool', 'makes sense', 'yes', 'done', 'thanks': no answer to a question asking for words."""
    return is_acknowledgement(text, in_free_text=True)


@lru_cache(maxsize=1)
def _mash_runs() -> tuple[int, frozenset[str]]:
    raw = load_yaml(content_path("form_answers.yml"))
    size = int(raw["mash_min_letters"])
    runs = {row[i:i + size] for row in raw["keyboard_rows"] for i in range(len(row) - size + 1)}
    return size, frozenset(runs | {run[::-1] for run in runs})


def is_keyboard_mash(text: str) -> bool:
    """'asdfghjkl', 'jkjkjkjk', 'sdfkjh sdkfj': letters typed at random, no answer in words. Each word (at
    most three) holds a run of keys in a row of the keyboard, or no vowel at all ('hmmm' and 'pfft' too)."""
    normal = normal_text(text)
    words = re.findall(r"[a-z]+", normal)
    if not words or len(words) > 3 or re.search(r"[0-9]", normal):
        return False
    size, runs = _mash_runs()

    def mash(word: str) -> bool:
        if len(word) == size - 1:
            # a shorter word is a mash only when it is a run of keys itself ("asdf", "qwer", "hjkl")
            return any(word in run for run in runs)
        return len(word) >= size and (not re.search(r"[aeiouy]", word)
                                      or any(word[i:i + size] in runs for i in range(len(word) - size + 1))
                                      or len(set(word)) <= 2)
    return all(mash(w) for w in words)


@lru_cache(maxsize=1)
def _test_words() -> frozenset[str]:
    return frozenset(str(w) for w in load_yaml(content_path("form_answers.yml"))["test_words"])


def is_test_word(text: str) -> bool:
    """'banana', 'potato potato', 'lorem ipsum': words typed to see what the bot does, no answer to a step."""
    words = re.findall(r"[a-z]+", normal_text(text))
    return bool(words) and len(words) <= 3 and all(w in _test_words() for w in words)


@lru_cache(maxsize=1)
def _asks_something() -> re.Pattern[str]:
    return re.compile(load_yaml(content_path("form_answers.yml"))["asks_something"])


def asks_something(text: str) -> bool:
    """'wait, who sees this plan?', 'why does it matter?': a question of the person's own, not an answer to
    a step asking for words (a tentative answer, 'my sister?' or 'can I put my mum?', is an answer)."""
    return bool(_asks_something().search(normal_text(text)))


@lru_cache(maxsize=1)
def _leaving() -> re.Pattern[str]:
    return re.compile(load_yaml(content_path("form_answers.yml"))["leaving"])


def is_leaving(text: str) -> bool:
    """'ok I'll try it tomorrow, gotta go pick up the kids': the person is off, which answers no step."""
    return bool(_leaving().search(normal_text(text)))


@lru_cache(maxsize=1)
def _tried_it() -> re.Pattern[str]:
    return re.compile(load_yaml(content_path("form_answers.yml"))["tried_it"])


def tried_without_rating(text: str) -> bool:
    """'done', 'ok', 'next' after a coping walk-through: tried, without saying whether it helped."""
    return bool(_tried_it().search(normal_text(text)))


@lru_cache(maxsize=1)
def _greeting() -> re.Pattern[str]:
    return re.compile(load_yaml(content_path("form_answers.yml"))["greeting"])


def kind_of_reply(text: str) -> str:
    """ANSWER, QUESTION (explain with examples and ask again), BACK (ask the step before), SKIP (leave
    this step empty), WAIT ("hold on", "brb", "let me think": ask again when they are ready), GREETING
    ("hello", "hi again": a hello back, and the step again) or DISMISS ("whatever", "this is stupid", "lol":
    the question waved away, no answer to store)."""
    normal = normal_text(text)
    _, back, _, skip, wait = _patterns()
    if wait.search(normal):
        return WAIT
    if _greeting().search(normal):
        return GREETING
    if any(p.search(normal) for p in back):
        return BACK
    if skip.search(normal):
        return SKIP
    if asks_about_the_step(normal):
        return QUESTION
    if _dismiss().search(normal):
        return DISMISS
    return ANSWER
