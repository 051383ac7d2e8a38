"""New compounds in a story: terms the glossary lacks, built on what it knows (used by annotate).

A story's new terms are mostly compounds of known parts: 户外劳动者 and 新就业形态劳动者 end in the glossary's
劳动者, 工会驿站 puts a noun after the glossary's 工会. Found with the miner's machinery, not a list: the story
is cut by the miner's tokenizer (glossary.mining.candidates), each token judged by the miner's reference
statistics (glossary.mining.reference: jieba's dictionary tags and frequencies), and a compound must have
a term's shape (glossary.mining.scoring.term_shape_ok). Two patterns:

- modifiers + a known head: the head is a glossary term, or the last word of one (书屋 of 职工书屋, 之家 of
  职工之家, 机制 of 长效机制); the modifiers are nouns, adjectives, place words or words jieba does not know
  (户外, 新就业形态), not verbs (建设户外劳动者 is a verb and its object; political prose's verbs that jieba's
  dictionary mis-tags, 深化 or 牢记, are listed apart in data/governing_verbs.tsv, and a word it lacks is a verb
  when jieba's own tagging cuts it as one, 配强), pronouns or numbers (各级工会);
- a glossary term + a noun (工会驿站), seen at least twice in the story, as a term recurs and a phrase rarely
  does.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from glossary.data import rows as data_rows
from glossary.lang.text import to_simplified

MIN_REPEATS = 2  # a glossary term + a noun must recur in the story to count
_MODIFIER_TAGS = ("n", "s", "b", "j", "l")  # nouns (n, nz, ng; not ns, nr, nt: names), place words, distinguishers
# a head or an added noun commoner than this in general Chinese (jieba's dictionary) is everyday vocabulary:
# 普通职工, 优秀职工 and 职工精神 are phrases, not terms; 劳动者 (1,255), 工会 (981), 驿站 (271) are not
GENERAL_WORD = 2000
_NEVER_MODIFIER = set("各全本该我此这那每某其已未不没被把将")  # determiners (各级, 全市, 我市) and adverbs (已建)
_MAX_MODIFIERS = 3


class NewCompound(NamedTuple):
    start: int
    end: int
    text: str


def _heads(index, tokenize) -> frozenset:
    """The glossary's heads: its Chinese terms, and the last word (two or more characters) of its longer terms."""
    heads = getattr(index, "_heads", None)
    if heads is None:
        found = set()
        for term in index.terms.values():
            if index.concepts[term.concept_id].kind in ("person", "place"):
                continue  # a name ends a phrase (副主席李建霞), it does not head a term
            found.add(term.zh)
            if len(term.zh) >= 3:
                runs = tokenize(term.zh)
                if runs and len(runs[-1]) > 1 and len(runs[-1][-1]) >= 2:
                    found.add(runs[-1][-1])
        heads = frozenset(found)
        index._heads = heads
    return heads


@lru_cache(maxsize=None)
def governing_verbs() -> frozenset:
    """Verbs of political prose that jieba's dictionary tags as something else or lacks (深化 j, 牢记 n, 配强):
    glossary/data/governing_verbs.tsv."""
    return frozenset(row[0].strip() for row in data_rows("governing_verbs.tsv"))


def _unknown_verb(token: str) -> bool:
    """Whether jieba's own tagging cuts a word its dictionary lacks as a verb (配强, 建强: v) or a verb and its
    result (筑|牢: v + a), as in 配强工会干部; 网约车 (n + n) and 新就业 (a + v) stay modifiers."""
    import jieba.posseg as pseg

    pieces = pseg.lcut(token)
    if not pieces or not pieces[0].flag.startswith("v"):
        return False
    return len(pieces) == 1 or (len(pieces) == 2 and len(token) == 2 and pieces[1].flag[:1] in ("a", "v"))


def _modifier(token: str, ref) -> bool:
    if token[0] in _NEVER_MODIFIER or token in governing_verbs():
        return False  # 深化工会改革 is a verb and its object, whatever jieba's dictionary tags 深化
    tag = ref.tag(token)
    if tag is None:
        # a word jieba does not know (网约车), not a stray character, nor a verb it cuts as one (配强)
        return len(token) >= 2 and not _unknown_verb(token)
    if tag.startswith(("ns", "nr", "nt")):
        return False  # a place, person or organisation: a name, not a new term (广州市总工会 is check's)
    return tag.startswith(_MODIFIER_TAGS)


def find_new_compounds(text: str, zh_forms: frozenset, index) -> list[NewCompound]:
    """New compounds of the story (text as given; offsets into it), in order, each place once."""
    from glossary.mining.candidates import counting_tokenizer
    from glossary.mining.reference import default_reference
    from glossary.mining.scoring import term_shape_ok

    ref = default_reference()
    tokenizer = counting_tokenizer()
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        simplified = text
    heads = _heads(index, lambda s: [tokenizer.lcut(s)])
    tokens: list[tuple[int, int, str]] = []
    pos = 0
    for token in tokenizer.lcut(simplified):
        tokens.append((pos, pos + len(token), token))
        pos += len(token)

    def cjk(token: str) -> bool:
        return all("\u4e00" <= ch <= "\u9fff" for ch in token)

    found: list[NewCompound] = []
    pairs: dict[str, list[NewCompound]] = {}
    for i, (start, end, token) in enumerate(tokens):
        if not cjk(token):
            continue
        # modifiers + a known head
        if (token in heads and len(token) >= 2 and ref.frequency(token) < GENERAL_WORD
                and not (ref.tag(token) or "").startswith("v")):  # a verb heads no term (建制, 入会)
            j = i
            while j > 0 and i - j < _MAX_MODIFIERS and cjk(tokens[j - 1][2]) and _modifier(tokens[j - 1][2], ref):
                j -= 1
            # 新就业形态: an adjective before a verb-noun pair reads as one modifier
            if (j > 1 and i - j < _MAX_MODIFIERS and (ref.tag(tokens[j - 1][2]) or "").startswith("v")
                    and (ref.tag(tokens[j - 2][2]) or "") == "a" and len(tokens[j - 2][2]) == 1):
                j -= 2
            if j < i:
                words = [t for _s, _e, t in tokens[j:i + 1]]
                compound = "".join(words)
                if compound not in zh_forms and term_shape_ok(words, ref) and ref.frequency(compound) < 100:
                    found.append(NewCompound(tokens[j][0], end, text[tokens[j][0]:end]))
                    continue
        # a glossary term + a noun (工会 + 驿站)
        if i > 0 and tokens[i - 1][2] in zh_forms and len(token) >= 2 and (ref.tag(token) or "n").startswith("n") \
                and ref.frequency(token) < GENERAL_WORD \
                and not (ref.tag(token) or "").startswith(("nr", "ns", "nt")) and cjk(tokens[i - 1][2]):
            compound = tokens[i - 1][2] + token
            if compound not in zh_forms and ref.frequency(compound) < 100:
                pairs.setdefault(compound, []).append(NewCompound(tokens[i - 1][0], end, text[tokens[i - 1][0]:end]))
    for compound, places in pairs.items():
        if len(places) >= MIN_REPEATS:
            found += places
    found.sort()
    out: list[NewCompound] = []
    for c in found:  # the longest at each place, no overlaps
        if out and c.start < out[-1].end:
            if c.end - c.start > out[-1].end - out[-1].start:
                out[-1] = c
            continue
        out.append(c)
    return out
