"""Short forms and their full forms: 职代会 → 职工代表大会, 全总 → 中华全国总工会, 市总 → 市总工会.

Chinese shortens a name by keeping one character of some of its words, in order, usually its first
character and one of its head word (职[工]代[表大]会, 全[国]总[工会], 市总[工会]). For each well-ranked multi-word candidate, every such short form is generated
and looked up in the character n-gram counts; one that occurs on its own (not only inside its full form),
and is not a common word of general Chinese, is proposed as an abbreviation of that full form.
"""
from __future__ import annotations

from itertools import combinations

from glossary.mining.candidates import CHAR_MAX, Counts
from glossary.mining.reference import Reference
from glossary.mining.scoring import Candidate, term_shape_ok

MAX_SHORT = 4  # a short form has 2-4 characters
MAX_WORDS = 4  # a full form that can be shortened has 2-4 words
GENERAL_WORD_COUNT = 200
_NOT_A_NAME_HEAD = {"v", "vn", "vd", "vi", "a", "ad", "d", "f", "m", "q"}  # a short form this common in jieba's dictionary is a word of its own (全会, 工会)


def short_forms(full: str, words: list[str], organisation: bool = False) -> set[str]:
    """The full form's first character, the first characters of none to two of the words in between, and a
    character of its last word, the head (职[工]代[表大]会, 市总[工会], 全[国]总[工会], 劳[动]模[范]): the shape
    of Chinese abbreviations. The name of an organisation may also be cut short after its head's first
    character, its modifiers kept whole (兰州市总[工会], as 市总[工会] is)."""
    out: set[str] = set()
    first, rest, head = words[0], words[1:-1], words[-1]
    for k in range(0, min(MAX_SHORT - 2, len(rest)) + 1):
        for middle in combinations(rest, k):
            chars = "".join(word[0] for word in middle)  # words in between give their first character
            for last in head:
                out.add(first[0] + chars + last)
    cut = full[: len(full) - len(head) + 1]
    if organisation and len(cut) <= MAX_SHORT:
        out.add(cut)
    return out - {full} - set(words)


def _continuations(chars, ref: Reference) -> dict[str, dict[str, int]]:
    """For each character n-gram, the counts of its one-character right extensions that go on into a
    dictionary word (女职 → 女职工, 总工 → 总工会, 产业工 → 产业工人), by that character: uses of a short form
    that are only the start of a longer word are not uses of an abbreviation."""
    found: dict[str, dict[str, int]] = {}
    vocabulary = ref.tokenizer.FREQ  # jieba's words and every prefix of them
    for gram, n in chars.items():
        if 3 <= len(gram) <= MAX_SHORT + 1 and gram in vocabulary:
            found.setdefault(gram[:-1], {})[gram[-1]] = n
    return found


def fine_words(tokens, ref: Reference) -> list[str]:
    """The words of a name down to two- and three-character words (全国总工会 → 全国/总工会)."""
    out: list[str] = []
    for token in tokens:
        for word in ref.components(token):
            if len(word) >= 4:
                out.extend(fine_words(ref._best_split(word), ref) if len(ref._best_split(word)) > 1 else [word])
            else:
                out.append(word)
    return out


def find_abbreviations(ranked: list[Candidate], counts: Counts, ref: Reference, limit: int = 3000,
                       min_uses: int = 2) -> dict[str, list[tuple[str, int]]]:
    """short form → [(full form, independent uses of the short form)], from the best `limit` candidates."""
    chars = counts.chars
    found: dict[str, list[tuple[str, int]]] = {}
    continuations = _continuations(chars, ref)
    for c in ranked[:limit]:
        full = c.term
        if len(full) < 3 or c.kind in ("person", "place") or c.frequency < min_uses:
            continue
        if c.features.get("head_tag") in _NOT_A_NAME_HEAD or any(ref.tag(t) == "v" for t in c.tokens):
            continue  # a clause (用人单位拖欠农民工), not a name that could be shortened
        words = fine_words(c.tokens, ref)
        if not 2 <= len(words) <= MAX_WORDS:
            continue
        head_start = len(full) - len(words[-1])
        full_count = chars.get(full, 0) if len(full) <= CHAR_MAX + 1 else c.frequency
        for short in short_forms(full, words, organisation=c.kind == "organisation"):
            total = chars.get(short, 0)
            if total < min_uses or ref.frequency(short) >= GENERAL_WORD_COUNT:
                continue
            # a short form is used as a word: jieba keeps it whole somewhere, or it cuts the name short
            # (市总 for 市总工会); 会会 in 工会会员 is neither
            # cut short at the head (市总[工会]), not inside another word (工会会[员大会])
            is_cut = full.startswith(short) and len(short) - 1 == head_start
            if short not in counts.grams and not is_cut:
                continue
            if not term_shape_ok([short], ref):
                continue  # 期内, 一人: a locative or a count, not a name
            # uses of the short form on its own: not inside the full form, nor the start of a longer word
            # (女职 is 女职工 cut short, 总工 is 总工会, 产业工 is 产业工人 as well as 产业工会); a continuation
            # by the full form's own next character may be the full form itself, so the larger of the two counts
            following = continuations.get(short, {})
            own_next = full[len(short)] if full.startswith(short) else None
            inside = (max(full_count * full.count(short), following.get(own_next, 0))
                      + sum(n for ch, n in following.items() if ch != own_next))
            own = total - inside
            if own >= min_uses:
                found.setdefault(short, []).append((full, own))
    # of full forms that nest (市总工会 ⊂ 郑州市总工会), keep the shortest: it is the name the short form stands for
    result = {}
    for short, fulls in found.items():
        fulls.sort(key=lambda x: (len(x[0]), x[0]))
        kept: list[tuple[str, int]] = []
        for full, own in fulls:
            if not any(k in full for k, _ in kept):
                kept.append((full, own))
        result[short] = kept
    return result
