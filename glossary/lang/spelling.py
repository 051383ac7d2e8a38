"""British -ise spellings and their American -ize forms (China Daily style is American).

The rule: a word ending in -ise, -ised, -ises, -ising, -iser(s), -isable, -isation(s), -isational is
written with z in American spelling (organise → organize, privatisation → privatization, prioritising →
prioritizing) when the -ize form is an English word (simplemma's English dictionary knows it) and its base
is not one of the words whose -ise is no verb ending (advise, exercise, enterprise, surprise …: the list
is data, glossary/data/ise_words.txt, not code). A capitalised word must also be an English word as
written, so names (Denise) are left alone.
"""
from __future__ import annotations

import re
from functools import lru_cache

from simplemma import is_known

from glossary.data import rows as data_rows

_ISE = re.compile(r"(?P<stem>[a-z]{2,}?)is(?P<ending>e|es|ed|ing|er|ers|able|ations?|ational(?:ly)?)")
# prefixes that leave a word of the list what it is: unadvised, re-exercise, unsurprising, fundraiser
_PREFIXES = ("un", "re", "pre", "mis", "over", "under", "non", "self", "counter", "fund", "sun", "up", "ill")
_ANCHORS = ("ise", "ising", "isab", "isation")  # every word the rule applies to contains one of these
_LETTERS = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def not_ize_words() -> frozenset[str]:
    return frozenset(row[0].strip() for row in data_rows("ise_words.txt"))


def _listed(base: str) -> bool:
    words = not_ize_words()
    if base in words:
        return True
    return any(base.startswith(p) and base[len(p):] in words for p in _PREFIXES)


@lru_cache(maxsize=50_000)
def american_ize(word: str) -> str | None:
    """The American -ize spelling of a British -ise word, in the word's own case (Organisation →
    Organization), or None when the word is not one (advise, exercise, Denise, rise, otherwise)."""
    lower = word.lower()
    m = _ISE.fullmatch(lower)
    if m is None:
        return None
    stem, ending = m.group("stem"), m.group("ending")
    if _listed(stem + "ise"):
        return None
    american = f"{stem}iz{ending}"
    if not (is_known(american, lang="en") or is_known(stem + "ize", lang="en")):
        return None
    if word[:1].isupper() and not word.isupper() and not is_known(lower, lang="en"):
        return None  # a name, not a word
    at = len(stem) + 1  # the s of -is-
    z = "Z" if word[at].isupper() else "z"
    return word[:at] + z + word[at + 1:]


def british_ise_words(text: str):
    """(start, end, word, American form) of each British -ise word in text, in order. Only the places a
    C-level str.find sees one of the endings are looked at, not every word."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lowering moved offsets (İ): every word, the plain way
        starts = [m.start() for m in _LETTERS.finditer(text)]
    else:
        starts = set()
        for anchor in _ANCHORS:
            pos = lowered.find(anchor)
            while pos >= 0:
                start = pos
                while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
                    start -= 1
                starts.add(start)
                pos = lowered.find(anchor, pos + 1)
    for start in sorted(starts):
        m = _LETTERS.match(text, start)
        if m is None or (m.end() < len(text) and text[m.end()].isalpha()):
            continue  # part of a word with letters beyond ASCII
        american = american_ize(m.group())
        if american is not None:
            yield m.start(), m.end(), m.group(), american
