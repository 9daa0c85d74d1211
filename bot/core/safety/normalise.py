"""Text as the safety screen and the risk classifier read it: nothing typed can slip past the screen.

Line breaks and tabs become spaces; soft hyphens, zero-width and other invisible format characters are
removed; accents and other combining marks are dropped; letters from other scripts that look Latin
(Cyrillic "а" and "у", Greek "ο", fullwidth "ｋ", mathematical bold "𝐤") become the Latin letters they
look like, from Unicode's confusables table (the maintained ``confusable_homoglyphs`` package, not a
hand-made list); other letters are transliterated with ``anyascii``. Emoji and other symbols are kept:
"dead 💀" is a joke the classifier has learned. Any length: the whole message is cleaned.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from confusable_homoglyphs import confusables

_SPACES = re.compile(r"\s+")
# Single letters typed apart, with a wider gap between the words ("m y  d a d  h i t s  m e").
_SPACED_WORDS = re.compile(r"(?<!\S)(?:[^\W\d_][ \t]{1,4}){3,}[^\W\d_](?!\S)")


@lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    """A non-ASCII letter as the Latin letter it looks like (else its transliteration); anything else
    unchanged."""
    if char.isascii() or not unicodedata.category(char).startswith("L"):
        return char
    for homoglyph in confusables.confusables_data.get(char, ()):
        if len(homoglyph["c"]) == 1 and homoglyph["c"].isascii() and homoglyph["c"].isalpha():
            return homoglyph["c"]
    ascii_form = anyascii(char)
    return ascii_form if ascii_form.isalpha() else char


def clean_text(text: str) -> str:
    """The message with invisible characters, combining marks and look-alike letters undone."""
    text = unicodedata.normalize("NFKC", text)
    # Format characters (soft hyphen, zero-width space/joiners, bidi controls, word joiner, BOM), and the marks left
    # where broken characters were (U+FFFD for a lone surrogate or invalid UTF-8; a surrogate itself): "hеlp nоw" with
    # a broken character after it is still "help now".
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cs") and ch != "\ufffd")
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = "".join(_latin(ch) for ch in text)
    return _SPACES.sub(" ", text).strip()


def join_spaced_letters(text: str) -> str:
    """Letters typed one by one ("s u i c i d e", "k.m.s", "h e l p") joined into the word (lower case text)."""
    def join(match: re.Match[str]) -> str:
        return re.sub(r"[\s.]", "", match.group(0))

    return re.sub(r"\b(?:[a-z][\s.]){2,}[a-z]\b", join, text)


def join_spaced_words(text: str) -> str:
    """Letters typed one by one with a wider gap between the words ("m y  d a d  h i t s  m e") as the words
    ("my dad hits me"); read before :func:`clean_text` folds the gaps into one space."""
    def join(match: re.Match[str]) -> str:
        run = match.group(0)
        if not re.search(r"[ \t]{2,}", run):
            return run  # one gap throughout: join_spaced_letters reads it as one word
        return " ".join(re.sub(r"\s", "", word) for word in re.split(r"[ \t]{2,}", run))

    return _SPACED_WORDS.sub(join, text)
