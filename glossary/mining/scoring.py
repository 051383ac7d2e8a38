"""Ranking candidates: which counted n-grams look like terms, and how strongly.

Statistics (each one ranks; none is a hard cut-off, because real terms have common parts — 工人先锋号,
职工之家, 农民工):

- frequency, and C-value: frequency corrected for nesting (市总工会 inside 郑州市总工会 counts only for its
  own independent uses), weighted by length;
- cohesion: the weakest split point's pointwise mutual information (how much more often the parts occur
  together than apart);
- branching entropy: how varied the tokens on the left and right are (a term occurs in many contexts; a
  fragment is always followed by the same thing), with sentence and clause edges counting as varied;
- keyness against general Chinese (`reference.Reference`): how much more frequent the candidate's words are
  here than in jieba's dictionary, and how unexpected the whole string is there.

Term shape (no function word at an edge, no particle inside) decides what is a candidate at all.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from glossary.mining.candidates import CHAR_MAX, MAX_CHARS, MAX_TOKENS, SEP, Counts, tokenize
from glossary.mining.reference import EDGE_BANNED_CHARS, PHRASE_COUNT, REFERENCE_WORDS, Reference

# Tokens that may not stand inside a term: particles, conjunctions and the like ("工会的作用", "职工和劳模").
_INNER_BANNED = set("的了着过地得和与及或并而但")
# A word at most this much more frequent here than in general Chinese (log ratio) is general vocabulary.
GENERAL_KEYNESS = 4.5
# A candidate continued by one and the same word (as a noun phrase) in more than this share of its uses is a
# fragment of a longer term: 用人 (用人单位), 争议仲裁 (劳动争议仲裁), 施工总 (施工总承包单位).
STUCK = 0.8
# A token at least this much more frequent here than in general Chinese (log ratio) is a domain
# morpheme.
DOMAIN_KEYNESS = 3.0
# With an archive of the domain (`background.Background.leaning`): a verb whose documents lean this much to
# the domain documents (log ratio) is the head of a domain term, not clause material (就业 1.6, 协商 1.7,
# 培训 1.9; 开展 0.1, 推动 -0.3): 灵活就业, 工资集体协商, 职业技能培训. (The same waiver for the general-word
# penalty of one-word candidates was tried and dropped: the archive's domain documents are mostly statutes,
# so 依法, 应当, 情形 lean to them too, and the statutes' P@50 fell 0.64 → 0.48.)
ARCHIVE_VERB_LEAN = 1.5


@dataclass
class Candidate:
    term: str  # simplified characters
    tokens: tuple[str, ...]  # its segmentation (one token per character for a character n-gram)
    origin: str  # "tokens" (a run of jieba tokens), "chars" (a character n-gram), "quoted", "listed" (an item of an enumeration)
    frequency: int = 0
    aligned: int = 0  # occurrences whose both edges are token boundaries
    quoted: int = 0  # occurrences inside quotation marks
    kind: str = "term"
    features: dict = field(default_factory=dict)
    score: float = 0.0
    doc_frequency: int = 0
    examples: list = field(default_factory=list)
    original: str | None = None  # the traditional form, when the text had one
    known: int | None = None  # concept id when the term is already in the glossary (display only)
    full_forms: list = field(default_factory=list)  # for an abbreviation: the candidates it stands for


# Single characters that open a noun phrase as a prefix although jieba tags them as a verb or a preposition:
# the privative 无/非 (无固定期限劳动合同, 非全日制用工) and the passive 被 before a verb (被派遣劳动者, 被申请人).
_PRIVATIVE = set("无非")
_PASSIVE = "被"


def term_shape_ok(tokens: list[str] | tuple[str, ...], ref: Reference) -> bool:
    """A term does not begin or end with a function word and holds no particle or conjunction."""
    if not ref.can_close(tokens[-1], tokens[-2] if len(tokens) > 1 else None):
        return False
    if not ref.can_open(tokens[0]) and not _prefixed_noun_phrase(tokens, ref):
        return False
    return not any(t in _INNER_BANNED or t in REFERENCE_WORDS for t in tokens[1:-1])


def _prefixed_noun_phrase(tokens, ref: Reference) -> bool:
    """A noun phrase opened by a prefix character (see _PRIVATIVE): the prefix, a content word it governs
    (a verb after 被), and a head of two or more characters that is not a verb. The prefix and the word it
    governs may come as one token that jieba's dictionary lists only as a phrase (非公, count 3, whose tag
    is a guess): 非公/企业."""
    if len(tokens) < 2 or _is_verb(tokens[-1], ref) or len(tokens[-1]) < 2:
        return False
    first, second = tokens[0], tokens[1]
    if len(first) == 2 and first[0] in _PRIVATIVE and 0 < ref.frequency(first) <= PHRASE_COUNT:
        return ref.can_open(first[1]) or ref.tag(first[1]) is None or ref.tag(first[1]).startswith(("n", "a", "b"))
    if len(tokens) < 3:
        return False
    if first in _PRIVATIVE:
        return ref.can_open(second)
    if first == _PASSIVE:
        return len(second) > 1 and (ref.tag(second) or "").startswith("v")
    return False


def select_candidates(counts: Counts, ref: Reference, min_freq: int) -> dict[str, Candidate]:
    """The n-grams that have the shape of a term and occur at least min_freq times."""
    cands: dict[str, Candidate] = {}
    for key, n in counts.grams.items():
        if n < min_freq:
            continue
        tokens = key.split(SEP)
        if len(tokens) > MAX_TOKENS:
            continue
        term = "".join(tokens)
        if not 2 <= len(term) <= MAX_CHARS or not term_shape_ok(tokens, ref):
            continue
        c = cands.get(term)
        if c is None:
            cands[term] = Candidate(term, tuple(tokens), "tokens", aligned=n)
        else:  # the same string segmented two ways: keep the commoner segmentation
            if n > c.features.get("seg_count", 0):
                c.tokens = tuple(tokens)
            c.aligned += n
        cands[term].features["seg_count"] = max(n, cands[term].features.get("seg_count", 0))
    for span, n in counts.quoted.items():
        if n < 1 or len(span) > 30:
            continue
        term = span
        c = cands.get(term)
        if c is None:
            cands[term] = Candidate(term, tuple(_split_span(span)), "quoted", aligned=n)
        cands[term].quoted = n
    _add_listed_items(cands, counts, ref, min_freq)
    for c in cands.values():
        c.frequency = counts.chars.get(c.term, 0) if len(c.term) <= CHAR_MAX + 1 else 0
        c.frequency = max(c.frequency, c.aligned, c.quoted)
    return cands


# Inside an item of an enumeration, 与, the conjunction of formal names, may join the modifiers of its head
# (劳动关系预警与调处机制, 人力资源与社会保障局); particles and the other conjunctions (和, 及: noun phrases in
# running text) still mark a phrase, not a name.
_LIST_INNER_BANNED = _INNER_BANNED - {"与"}
_NAME_CONJUNCTION = "与"
# Negators open a verb phrase (不分民族, 未及时拨付工程款), never a name.
_NEGATORS = set("不未没别勿")


def listed_shape_ok(tokens: list[str], ref: Reference) -> bool:
    """The shape of an enumerated item that may be a term although it fails term_shape_ok: the 、 marks its
    edges, so a one-character adverb may open it (再/就业/援助) and a conjunction may join the modifiers of
    its head (预警/与/调处/机制; not two noun phrases: 法规/和/劳动合同); it must still end in a noun-like head."""
    first, last = tokens[0], tokens[-1]
    opens = ref.can_open(first) or (len(first) == 1 and (ref.tag(first) or "").startswith("d")
                                    and first not in EDGE_BANNED_CHARS and first not in _NEGATORS)
    inner = tokens[1:-1]
    return (opens and ref.can_close(last, tokens[-2] if len(tokens) > 1 else None) and not _is_verb(last, ref)
            and not any(t in _LIST_INNER_BANNED for t in inner) and _NAME_CONJUNCTION not in inner[-1:])


def _add_listed_items(cands: dict[str, Candidate], counts: Counts, ref: Reference, min_freq: int) -> None:
    """Items of enumerations (…、再就业援助、…) that the token n-grams miss because jieba's tags or a
    conjunction inside break the usual term shape: the enumeration itself marks both their edges."""
    for item, n in counts.listed.items():
        if n < min_freq or item in cands or not 2 <= len(item) <= MAX_CHARS:
            continue
        runs = tokenize(item)
        if len(runs) != 1 or not 2 <= len(runs[0]) <= MAX_TOKENS:
            continue
        tokens = runs[0]
        if term_shape_ok(tokens, ref) or not listed_shape_ok(tokens, ref):
            continue  # a well-shaped item is a token n-gram already, or was cut for its frequency
        cands[item] = Candidate(item, tuple(tokens), "listed", aligned=n)


def _split_span(span: str) -> list[str]:
    return [p for p in span.replace("、", " ").replace("·", " ").split() if p] or [span]


def compute_features(cands: dict[str, Candidate], counts: Counts, ref: Reference,
                     only: list[Candidate] | None = None,
                     leaning: Callable[[str], float | None] | None = None,
                     general_use: Callable[[str], float] | None = None) -> None:
    """Fill the `features` of each candidate (or of those in `only`, with the others as context).
    leaning(word): how an archive of the domain leans on the word (`background.Background.leaning`), or
    None when it has too little to say; without it, a word is judged by this text and general Chinese.
    general_use(term): how much the archive uses the string as general vocabulary
    (`background.Background.general_use`); without it, 0."""
    lean = leaning or (lambda _word: None)
    targets = list(cands.values()) if only is None else only
    target_terms = {c.term for c in targets}
    grams = counts.grams
    n_tokens = max(counts.tokens, 1)
    n_chars = max(counts.characters, 1)

    # keyness of a general-language word: how much more frequent it is here (as a string, inside longer
    # words too) than in jieba's dictionary
    keyness_cache: dict[str, float] = {}

    def word_keyness(word: str) -> float:
        if word not in keyness_cache:
            here = counts.chars.get(word, 0) if 2 <= len(word) <= CHAR_MAX + 1 else grams.get(word, 0)
            ref_count = ref.frequency(word) or 1
            keyness_cache[word] = math.log((here + 0.5) / n_chars) - (math.log(ref_count) - ref.log_total)
            loglik_cache[word] = log_likelihood(here, n_chars, ref.frequency(word), ref.total)
        return keyness_cache[word]

    loglik_cache: dict[str, float] = {}

    # domain morphemes: tokens that recur here and are far commoner here than in general Chinese (帮扶, 工会,
    # 仲裁); a candidate made of them is domain vocabulary even when it is seen once (帮扶中心, 社区工会)
    domain_cache: dict[str, bool] = {}

    def domain_token(token: str) -> bool:
        if token not in domain_cache:
            here = grams.get(token, 0)
            domain_cache[token] = here >= 2 and (
                math.log((here + 0.5) / n_chars) - (math.log(ref.frequency(token) or 1) - ref.log_total) > DOMAIN_KEYNESS)
        return domain_cache[token]

    # branching: neighbours of each token-aligned candidate, from the (n+1)-gram counts
    right_sum: dict[str, float] = defaultdict(float)  # Σ c·log c over right extensions
    right_cnt: dict[str, int] = defaultdict(int)  # Σ c
    right_clean: dict[str, int] = defaultdict(int)  # extensions by a function word (a clean edge)
    left_sum: dict[str, float] = defaultdict(float)
    left_cnt: dict[str, int] = defaultdict(int)
    left_clean: dict[str, int] = defaultdict(int)
    # the commonest word that continues the candidate as a noun phrase, on each side: a candidate nearly always
    # continued by the same word is a fragment of a longer term (用人 → 用人单位, 资源社会保障 ← 人力资源…)
    right_stuck: dict[str, int] = defaultdict(int)
    left_stuck: dict[str, int] = defaultdict(int)
    aligned_keys = {SEP.join(c.tokens): c.term for c in targets if c.origin == "tokens"}
    for key, n in grams.items():
        if SEP not in key:
            continue
        head, _, last = key.rpartition(SEP)
        first, _, tail = key.partition(SEP)
        if head in aligned_keys:
            right_sum[head] += n * math.log(n)
            right_cnt[head] += n
            if not ref.can_open(last) or _is_verb(last, ref):
                right_clean[head] += n
            elif n > right_stuck[head]:
                right_stuck[head] = n
        if tail in aligned_keys:
            left_sum[tail] += n * math.log(n)
            left_cnt[tail] += n
            if not ref.can_close(first) or _is_verb(first, ref):
                left_clean[tail] += n
            elif n > left_stuck[tail]:
                left_stuck[tail] = n

    # nesting (C-value): frequencies of the longer candidates that contain each candidate
    nested_sum: dict[str, int] = defaultdict(int)
    nested_num: dict[str, int] = defaultdict(int)
    nested_max: dict[str, int] = defaultdict(int)
    for c in cands.values():
        term = c.term
        L = len(term)
        seen = set()
        for i in range(L):
            for j in range(i + 2, L + 1):
                if j - i == L:
                    continue
                sub = term[i:j]
                # a hapax container says nothing about whether its parts are used on their own
                if sub in target_terms and sub not in seen and c.frequency >= 2:
                    seen.add(sub)
                    nested_sum[sub] += c.frequency
                    nested_num[sub] += 1
                    nested_max[sub] = max(nested_max[sub], c.frequency)

    for c in targets:
        f = c.frequency
        L = len(c.term)
        toks = c.tokens
        feats = c.features
        # C-value
        if nested_num.get(c.term):
            independent = f - nested_sum[c.term] / nested_num[c.term]
        else:
            independent = f
        feats["independent"] = max(independent, 0.0)
        feats["cvalue"] = math.log2(L + 1) * max(independent, 0.0)
        feats["dominated"] = nested_max.get(c.term, 0) / f if f else 0.0  # 1.0: never seen outside a longer term
        # keyness
        words = [w for t in toks for w in ref.components(t)]
        kws = [word_keyness(w) for w in words]
        feats["words"] = len(words)
        lls = [loglik_cache[w] for w in words]
        feats["anchor"] = max(signed_log(x) for x in lls)
        feats["ll_mean"] = sum(signed_log(x) for x in lls) / len(lls)
        feats["ll_head"] = signed_log(lls[-1])
        feats["key_mean"] = sum(kws) / len(kws)
        feats["key_min"] = min(kws)
        feats["key_max"] = max(kws)
        feats["key_head"] = kws[-1]
        # cohesion: weakest split, over token boundaries (token candidates) or characters (char n-grams)
        feats["cohesion"] = _cohesion(c, counts, n_tokens, n_chars)
        # branching entropy and clean edges, token candidates only
        key = SEP.join(toks)
        if c.origin == "tokens" and c.aligned:
            a = c.aligned
            feats["h_right"] = math.log(a) - right_sum.get(key, 0.0) / a
            feats["h_left"] = math.log(a) - left_sum.get(key, 0.0) / a
            feats["clean_right"] = (a - right_cnt.get(key, 0) + right_clean.get(key, 0)) / a
            feats["clean_left"] = (a - left_cnt.get(key, 0) + left_clean.get(key, 0)) / a
            feats["stuck"] = max(right_stuck.get(key, 0), left_stuck.get(key, 0)) / a
        else:  # a quoted span: the quotation marks are its edges
            feats["h_left"] = feats["h_right"] = math.log(f) if f else 0.0
            feats["clean_left"] = feats["clean_right"] = 1.0
            feats["stuck"] = 0.0
        # clause material: general verbs (开展, 帮助, 宣传) inside a multi-token candidate
        # (a verb modifying a noun head inside the term is no clause: 工资支付保证金, 职工诉求表达机制)
        noun_head = not (ref.tag(toks[-1]) or "").startswith(("v", "d")) or ref.tag(toks[-1]) == "vn"
        feats["general_verbs"] = sum(
            1 for i, t in enumerate(toks) if len(toks) > 1 and ref.tag(t) == "v" and word_keyness(t) < GENERAL_KEYNESS
            and not (noun_head and 0 < i < len(toks) - 1) and not (i == 0 and t in _PRIVATIVE)
            and (lean(t) or 0.0) < ARCHIVE_VERB_LEAN
        )
        feats["tokens"] = len(toks)
        feats["domain_share"] = sum(map(domain_token, toks)) / len(toks)
        feats["length"] = L
        feats["listed"] = min(counts.listed.get(c.term, 0) / f, 1.0) if f else 0.0

        feats["quoted"] = c.quoted / f if f else 0.0
        feats["head_tag"] = ref.tag(toks[-1]) or "?"
        feats["first_tag"] = ref.tag(toks[0]) or "?"
        feats["in_reference"] = ref.frequency(c.term)
        feats["archive_general"] = general_use(c.term) if general_use else 0.0


def _is_verb(token: str, ref: Reference) -> bool:
    return len(token) > 1 and (ref.tag(token) or "").startswith("v") and ref.tag(token) != "vn"


def log_likelihood(a: int, n_a: int, b: int, n_b: int) -> float:
    """Dunning's log-likelihood G² of a count a in n_a against b in n_b (Rayson's keyness), signed: negative
    when the word is rarer here than in the reference."""
    if a == 0:
        return 0.0
    e1 = n_a * (a + b) / (n_a + n_b)
    e2 = n_b * (a + b) / (n_a + n_b)
    g2 = 2 * (a * math.log(a / e1) + (b * math.log(b / e2) if b else 0.0))
    return g2 if a / n_a >= b / n_b else -g2


def signed_log(x: float) -> float:
    return math.copysign(math.log1p(abs(x)), x)


# Weights of the ranking score. Set by hand and checked on the sample articles against tests/data/gold_terms.txt
# and on the statutes against tests/data/gold_terms_laws.txt (a different genre, the check against tuning to one
# list); see bench/bench_mining.py. Frequency carries most of the weight: a term is what a text keeps coming
# back to. Signals that speak for a term seen once: its edges (punctuation, function words, verbs on both
# sides), being an item of an enumeration (…、…、…) or quoted, and never being only a piece of a longer one.
WEIGHTS = {
    "frequency": 1.1,  # log2(1 + frequency)
    "independent": 0.12,  # log2(1 + frequency outside longer candidates): the C-value correction
    "anchor": 0.1,  # log keyness (G²) of the candidate's most domain-specific word
    "loglik_mean": 0.02,  # mean log keyness (G²) of its words
    "keyness_min": 0.03,  # log-ratio keyness of its least specific word
    "keyness_word": 0.08,  # log-ratio keyness of a one-word candidate (职代会: rare in general Chinese)
    "clean_edges": 0.1,  # share of occurrences bounded by punctuation, function words or verbs
    "entropy": 0.15,  # min(left, right) branching entropy
    "quoted": 1.5,  # share of occurrences in quotation marks
    "listed": 0.8,  # share of occurrences as an item of an enumeration (…、…、…)
    "slogan": 1.0,  # a numbered or quoted list slogan (两金一卡, 四季歌)
    "cohesion": 0.03,  # weakest-split PMI (multi-token candidates)
    "abbreviation": 2.6,  # a short form of a longer candidate found in the same texts
    "long_chars": 0.18,  # per character beyond 6
    "long_tokens": 0.5,  # per token beyond 3
    "verb_head": 0.8,  # ends in a verb, adverb, idiom or time word
    "general_word": 5.5,  # a single general-language word (keyness below GENERAL_KEYNESS)
    "domain_share": 0.5,  # share of its tokens that are domain morphemes (evidence at any frequency)
    "stuck": 3.0,  # nearly always continued by the same word (beyond STUCK of its uses; frequency ≥ 2)
    "dominated": 0.15,  # share of occurrences inside its commonest container (a fragment: 争议仲裁委员会)
    "bare_verb": 2.0,  # a single verb token (订立, 调解, 仲裁): the action, not the term built on it
    "general_verbs": 2.0,  # per general verb inside
    "name": 4.0,  # a bare place or person name (郑州, 李元法): editors want 郑州市总工会, not 郑州; typed, still listed
    "archive_general": 1.0,  # the archive's general vocabulary (高质量发展, 民生): used widely, not leaning to the domain
}


def score(c: Candidate, w: dict = WEIGHTS) -> float:
    """The ranking score of one candidate whose features are computed and whose kind is set."""
    f = c.features
    s = w["frequency"] * math.log2(1 + c.frequency) + w["independent"] * math.log2(1 + f["independent"])
    s += w["anchor"] * f["anchor"] + w["loglik_mean"] * f["ll_mean"]
    s += w["keyness_min"] * _clip(f["key_min"], -2, 8)
    if f["words"] == 1:
        s += w["keyness_word"] * _clip(f["key_mean"], 0, 10)
    s += w["clean_edges"] * (f["clean_left"] + f["clean_right"]) / 2
    s += w["entropy"] * min(f["h_left"], f["h_right"])
    s += w["quoted"] * f["quoted"] + w["listed"] * f["listed"]
    s += w["domain_share"] * f["domain_share"]
    if f["tokens"] > 1:
        s += w["cohesion"] * _clip(f["cohesion"], 0, 8)
    if c.full_forms:
        s += w["abbreviation"]
    if c.kind == "slogan":
        s += w["slogan"]
    s -= w["long_chars"] * max(0, f["length"] - 6) + w["long_tokens"] * max(0, f["tokens"] - 3)
    if f["head_tag"] in ("v", "vd", "vi", "d", "i", "t"):
        s -= w["verb_head"]
    if f["words"] == 1 and f["key_mean"] < GENERAL_KEYNESS and not c.full_forms:
        s -= w["general_word"]
    s -= w["dominated"] * f["dominated"]
    if c.frequency >= 2 and f["stuck"] > STUCK:  # (seen once, any neighbour is "always" the same one)
        s -= w["stuck"] * (f["stuck"] - STUCK) / (1 - STUCK)
    s -= w["general_verbs"] * f["general_verbs"]
    if f["tokens"] == 1 and f["head_tag"] in ("v", "vn") and c.origin == "tokens" and not c.quoted and not c.full_forms:
        s -= w["bare_verb"]
    if c.kind in ("place", "person"):
        s -= w["name"]
    s -= w["archive_general"] * f.get("archive_general", 0.0)
    return s


def rank(cands: dict[str, Candidate], w: dict = WEIGHTS) -> list[Candidate]:
    """Score every candidate and return them best first (ties: more frequent, then shorter, then by term)."""
    for c in cands.values():
        c.score = round(score(c, w), 4)
    return sorted(cands.values(), key=lambda c: (-c.score, -c.frequency, len(c.term), c.term))


def _clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def _cohesion(c: Candidate, counts: Counts, n_tokens: int, n_chars: int) -> float:
    toks = c.tokens
    if c.origin == "chars" or len(toks) < 2:
        if len(c.term) < 2 or c.origin != "chars":
            return 0.0
        table, total, parts = counts.chars, n_chars, c.term
        f = table.get(c.term, 0) or c.frequency
        best = math.inf
        for i in range(1, len(parts)):
            left, right = table.get(parts[:i], 0), table.get(parts[i:], 0)
            if left and right:
                best = min(best, math.log(f * total / (left * right)))
        return 0.0 if best is math.inf else best
    grams = counts.grams
    f = c.aligned or c.frequency
    best = math.inf
    for i in range(1, len(toks)):
        left = grams.get(SEP.join(toks[:i]), 0)
        right = grams.get(SEP.join(toks[i:]), 0)
        if left and right:
            best = min(best, math.log(f * n_tokens / (left * right)))
    return 0.0 if best is math.inf else best
