"""Background statistics of a domain archive: how the archive uses each candidate string.

A term seen once in a short article is still a term when an archive of the domain uses it as a unit. This
module counts, over an archive, for every string with the shape of a term (a run of up to MAX_TOKENS jieba
tokens, `scoring.term_shape_ok`) and seen in at least `min_df` documents:

- df: the documents it occurs in; df_domain: how many of those are domain documents;
- freq, and its clean edges: occurrences opened (closed) by a clause edge or a function word, the archive's
  view of whether the string stands on its own or is a piece of something longer.

Documents: a file, or each story of a file of stories (a line opening 【YYYY-MM-DD】 starts one, as in news
transcripts). A *domain document* is a statute (a file whose name starts law_, reg_, interp_ or local_) or a
story dense in domain morphemes: tokens far commoner in the statutes of the archive than in general Chinese
(jieba's dictionary) and than in the archive's other texts (`domain_morphemes`). A story is domain when at
least DOMAIN_DENSITY of its tokens are such morphemes. The glossary is never read.

Only derived counts are stored (gzip JSON), never text: `glossary mine-background DIR... -o FILE` builds
the file, and `mine(..., background=...)` reads it for ranking features.
"""
from __future__ import annotations

import fnmatch
import functools
import gzip
import json
import math
import multiprocessing
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from glossary.mining.candidates import MAX_TOKENS, _runs, counting_tokenizer
from glossary.mining.inputs import find_files, iter_documents
from glossary.mining.reference import Reference, default_reference
from glossary.mining.scoring import DOMAIN_KEYNESS, Candidate, term_shape_ok
from glossary.store.schema import GlossaryError

FORMAT = 1
DEFAULT_FILE = Path(__file__).parent / "data" / "background.json.gz"
STATUTE_PREFIXES = ("law_", "reg_", "interp_", "local_")
DOMAIN_DENSITY = 0.035  # share of a story's tokens that are domain morphemes for it to be a domain story
MORPHEME_MIN = 5  # least frequency in the statutes of a domain morpheme
LEAN_MIN_DOMAIN_DF = 3  # least domain documents using a word for `Background.leaning` to judge it
# `Background.general_use`: a string in at least GENERAL_MIN_DF documents of the archive that leans less than
# GENERAL_LEAN (log ratio) to the domain is the archive's general vocabulary (习近平总书记 0.2, 高质量发展 0.1,
# 民生 0.3, against 就业 1.6, 社会保障 2.9, 工会 3.2). Chosen on the development lists (round 5; see README).
GENERAL_MIN_DF = 20
GENERAL_LEAN = 2.0
GENERAL_RATIO = 2.5  # log ratio of a domain morpheme's frequency in the statutes to that in the other texts
SAMPLE_EVERY = 5  # the other texts' token frequencies are counted on every 5th file (enough for a ratio)
MAX_KEYS = 2_000_000  # keys held while counting before those seen in one document only are dropped
_STORY = re.compile(r"^【\d{4}-\d{2}-\d{2}】")


class BackgroundError(GlossaryError):
    """A background statistics file that cannot be used."""


@dataclass
class Background:
    documents: int
    domain_documents: int
    grams: dict[str, list[int]]  # term → [df, df_domain, freq, clean_left, clean_right]
    meta: dict = field(default_factory=dict)
    _affixes: dict | None = field(default=None, repr=False)
    _markers: dict = field(default_factory=dict, repr=False)

    def affixes(self) -> dict[str, dict[str, tuple[int, int]]]:
        """How the archive's strings that end (begin) with the same characters lean: for each last one or two
        characters and first two, (strings, domain-leaning strings): 机制, 制度, 工会 head domain terms."""
        if self._affixes is None:
            tables: dict[str, dict[str, list[int]]] = {"end1": {}, "end2": {}, "start2": {}}
            for term, (df, dom, *_rest) in self.grams.items():
                if len(term) < 3 or not df:
                    continue
                leaning = self.lean(df, dom) > 1.0
                for name, part in (("end1", term[-1]), ("end2", term[-2:]), ("start2", term[:2])):
                    row = tables[name].setdefault(part, [0, 0])
                    row[0] += 1
                    row[1] += leaning
            self._affixes = {k: {p: tuple(v) for p, v in t.items()} for k, t in tables.items()}
        return self._affixes

    def lean(self, df: int, dom: int) -> float:
        """How a string used in df documents, dom of them domain documents, leans to the domain: the log ratio
        of its document frequency in domain to that in general documents."""
        n_dom, n_gen = max(self.domain_documents, 1), max(self.documents - self.domain_documents, 1)
        return math.log((dom + 0.5) / n_dom) - math.log((df - dom + 0.5) / n_gen)

    def leaning(self, word: str) -> float | None:
        """How the archive's documents that use word lean to the domain (log ratio of its document frequency
        in domain to that in general documents), or None when fewer than LEAN_MIN_DOMAIN_DF domain documents
        use it (too few to say)."""
        row = self.grams.get(word)
        if row is None or row[1] < LEAN_MIN_DOMAIN_DF:
            return None
        return self.lean(row[0], row[1])

    def general_use(self, term: str) -> float:
        """How far below GENERAL_LEAN a string that the archive uses widely (in GENERAL_MIN_DF documents or
        more) leans to the domain, at most 2.0; 0.0 for a string the archive leans on or uses too little to say."""
        row = self.grams.get(term)
        if row is None or row[0] < GENERAL_MIN_DF:
            return 0.0
        return max(0.0, min(2.0, GENERAL_LEAN - self.lean(row[0], row[1])))

    def domain_markers(self, at_least: float, min_domain_df: int) -> list[tuple[str, int]]:
        """(string, length) of the strings of 2–6 characters that at least min_domain_df domain documents
        use and that lean at least at_least (log ratio, as `leaning`) to the domain: 劳动者, 工会, 仲裁."""
        key = (at_least, min_domain_df)
        if key not in self._markers:
            self._markers[key] = [(term, len(term)) for term, (df, dom, *_rest) in self.grams.items()
                                  if 2 <= len(term) <= 6 and dom >= min_domain_df and self.lean(df, dom) >= at_least]
        return self._markers[key]

    def features(self, c: Candidate) -> dict[str, float]:
        """The archive's view of one candidate (all 0 for a string the archive never uses as a unit)."""
        df, dom, freq, cl, cr = self.grams.get(c.term, (0, 0, 0, 0, 0))
        tokens = [self.grams.get(t) for t in c.tokens]
        token_keys = [self.lean(g[0], g[1]) for g in tokens if g]
        part_df = min((g[0] for g in tokens if g), default=0) if len(c.tokens) > 1 else 0
        return {
            "bg_seen": 1.0 if df else 0.0,
            "bg_df": math.log1p(df),
            "bg_domain_df": math.log1p(dom),
            "bg_keyness": self.lean(df, dom) if df else 0.0,
            "bg_clean": (cl + cr) / (2 * freq) if freq else 0.0,
            "bg_unit": math.log((df + 0.5) / (part_df + 0.5)) if part_df else 0.0,
            "bg_token_key_min": min(token_keys) if token_keys else 0.0,
            "bg_token_key_mean": sum(token_keys) / len(token_keys) if token_keys else 0.0,
            "bg_token_known": len(token_keys) / len(c.tokens),
            **self._affix_features(c.term),
        }

    def _affix_features(self, term: str) -> dict[str, float]:
        tables = self.affixes()
        out = {}
        for name, part in (("end1", term[-1]), ("end2", term[-2:]), ("start2", term[:2])):
            n, leaning = tables[name].get(part, (0, 0)) if len(term) >= 3 else (0, 0)
            out["bg_" + name + "_domain"] = math.log((leaning + 0.5) / (n + 1))
            out["bg_" + name + "_n"] = math.log1p(n)
        return out

    def minus(self, other: "Background") -> "Background":
        """These statistics without other's documents (a training text's own contribution taken out)."""
        grams = dict(self.grams)
        for term, row in other.grams.items():
            if term in grams:
                grams[term] = [max(a - b, 0) for a, b in zip(grams[term], row)]
        return Background(self.documents - other.documents, self.domain_documents - other.domain_documents,
                          grams, self.meta)


def load(path: str | Path | None = None) -> Background:
    """Read a statistics file (default: the one shipped in the package)."""
    path = Path(path) if path else DEFAULT_FILE
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise BackgroundError(f"background statistics {path} not found") from None
    except (OSError, EOFError, ValueError) as exc:
        raise BackgroundError(f"{path} is not a background statistics file ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("grams"), dict):
        raise BackgroundError(f"{path} is not a background statistics file of format {FORMAT}")
    meta = {k: v for k, v in data.items() if k != "grams"}
    return Background(int(data["documents"]), int(data["domain_documents"]), data["grams"], meta)


@functools.cache
def default_background() -> Background | None:
    """The shipped statistics (loaded once), or None when the package has none."""
    return load(DEFAULT_FILE) if DEFAULT_FILE.exists() else None


def resolve(choice: Background | str | Path | None) -> Background | None:
    """The statistics a choice names: "default" (the shipped file), "none" or None (none), a file's path, or
    statistics already loaded."""
    if choice is None or isinstance(choice, Background):
        return choice
    if choice == "default":
        return default_background()
    if choice == "none":
        return None
    return load(choice)


# --- building -------------------------------------------------------------------------------------------

def is_statute(name: str) -> bool:
    return Path(name).name.startswith(STATUTE_PREFIXES)


def starts_story(sentence: str) -> bool:
    """Does the sentence open a story of a file of dated stories (a 【YYYY-MM-DD】 line)?"""
    return bool(_STORY.match(sentence))


def split_stories(sentences: list, text: Callable[[object], str] | None = None) -> list[list]:
    """The stories of a file of stories (a sentence opening 【YYYY-MM-DD】 starts one); else the file whole.
    The items may be anything whose text(item) is the sentence (by default, the items are the sentences)."""
    stories: list[list] = []
    for s in sentences:
        if starts_story(text(s) if text else s) or not stories:
            stories.append([])
        stories[-1].append(s)
    return stories


def excluded(path: Path, patterns: list[str]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def _token_counts(texts: Iterable[list[str]]) -> Counter:
    counts: Counter = Counter()
    lcut = counting_tokenizer().lcut
    for sentences in texts:
        for s in sentences:
            for run in _runs(lcut(s)):
                counts.update(run)
    return counts


def domain_morphemes(statute_texts: Iterable[list[str]], general_texts: Iterable[list[str]],
                     ref: Reference) -> set[str]:
    """Tokens of two or more characters seen MORPHEME_MIN times in the statutes and far commoner there than
    both in general Chinese (jieba's dictionary: log ratio above DOMAIN_KEYNESS) and in the archive's other
    texts (log ratio above GENERAL_RATIO): 劳动者, 工会, 仲裁, 工资 — not 保障 or 事故, which the news uses as
    much."""
    law = _token_counts(statute_texts)
    news = _token_counts(general_texts)
    n_law, n_news = max(sum(law.values()), 1), max(sum(news.values()), 1)
    return {t for t, n in law.items() if n >= MORPHEME_MIN and len(t) > 1
            and math.log(n / n_law) - (math.log(ref.frequency(t) or 1) - ref.log_total) > DOMAIN_KEYNESS
            and math.log(n / n_law) - math.log((news[t] + 0.5) / n_news) > GENERAL_RATIO}


def _edge(token: str | None, ref: Reference, left: bool) -> bool:
    """Is this neighbour a clean edge (clause edge, or a word that cannot continue a term on that side)?"""
    return token is None or (not ref.can_close(token) if left else not ref.can_open(token))


def count_document(sentences: list[str], domain: bool, ref: Reference, table: dict[str, list[int]]) -> None:
    """Add one document's strings of term shape to table (term → [df, df_domain, freq, clean_l, clean_r])."""
    lcut = counting_tokenizer().lcut
    seen: set[str] = set()
    for s in sentences:
        for run in _runs(lcut(s)):
            m = len(run)
            for i in range(m):
                for j in range(i + 1, min(i + MAX_TOKENS, m) + 1):
                    toks = run[i:j]
                    if not term_shape_ok(toks, ref):
                        continue
                    term = "".join(toks)
                    if len(term) < 2 or len(term) > 16:
                        continue
                    row = table.get(term)
                    if row is None:
                        row = table[term] = [0, 0, 0, 0, 0]
                    if term not in seen:
                        seen.add(term)
                        row[0] += 1
                        row[1] += domain
                    row[2] += 1
                    row[3] += _edge(run[i - 1] if i else None, ref, True)
                    row[4] += _edge(run[j] if j < m else None, ref, False)


def _prune(table: dict[str, list[int]], below: int) -> None:
    for term in [t for t, row in table.items() if row[0] < below]:
        del table[term]


_morphemes: set[str] = set()  # set before the pool forks: workers inherit it


def _count_file(path: str) -> tuple[dict[str, list[int]], int, int]:
    ref = default_reference()
    table: dict[str, list[int]] = {}
    docs = domain_docs = 0
    for doc in iter_documents([path], lambda *_: None):
        sentences = [s.text for s in doc.sentences]
        parts = [sentences] if is_statute(doc.name) else split_stories(sentences)
        for story in parts:
            domain = is_statute(doc.name) or story_is_domain(story, _morphemes)
            count_document(story, domain, ref, table)
            docs += 1
            domain_docs += domain
    return table, docs, domain_docs


def story_is_domain(sentences: list[str], morphemes: set[str]) -> bool:
    lcut = counting_tokenizer().lcut
    tokens = [t for s in sentences for run in _runs(lcut(s)) for t in run]
    return bool(tokens) and sum(t in morphemes for t in tokens) / len(tokens) >= DOMAIN_DENSITY


def build(paths: Iterable[str | Path], *, exclude: list[str] = (), min_df: int = 2, jobs: int = 1,
          progress: Callable[[int], None] | None = None, report: Callable[[str, str], None] | None = None
          ) -> Background:
    """Count the archive under paths (files matching an exclude glob left out) into background statistics."""
    global _morphemes
    exclude = list(exclude)
    files = [f for f in find_files(paths, report or (lambda *_: None)) if not excluded(f, exclude)]
    if not files:
        raise BackgroundError("no archive files to count")
    ref = default_reference()
    counting_tokenizer()
    def texts(chosen):
        return ([s.text for s in d.sentences] for f in chosen for d in iter_documents([f], lambda *_: None))

    others = [f for f in files if not is_statute(f.name)]
    _morphemes = domain_morphemes(texts([f for f in files if is_statute(f.name)]),
                                  texts(others[::SAMPLE_EVERY]), ref)
    table: dict[str, list[int]] = {}
    docs = domain_docs = 0
    pruned = 0

    def add(result) -> None:
        nonlocal docs, domain_docs, pruned
        part, n, d = result
        for term, row in part.items():
            mine = table.get(term)
            if mine is None:
                table[term] = row
            else:
                for k in range(5):
                    mine[k] += row[k]
        docs += n
        domain_docs += d
        if len(table) > MAX_KEYS:  # memory stays flat: strings seen in one document only are dropped
            pruned = max(pruned, 2)
            _prune(table, 2)

    names = [str(f) for f in files]
    sizes = {str(f): f.stat().st_size for f in files}
    if jobs <= 1:
        for name in names:
            add(_count_file(name))
            if progress:
                progress(sizes[name])
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for name, result in zip(names, pool.imap(_count_file, names, chunksize=4)):
                add(result)
                if progress:
                    progress(sizes[name])
    _prune(table, min_df)
    meta = {"format": FORMAT, "documents": docs, "domain_documents": domain_docs, "min_df": min_df,
            "files": len(files), "excluded": exclude, "morphemes": len(_morphemes),
            "domain_density": DOMAIN_DENSITY, "pruned_while_counting_below": pruned}
    return Background(docs, domain_docs, table, meta)


def save(bg: Background, path: str | Path) -> None:
    """Write the statistics (gzip JSON, keys sorted so a rebuild gives the same file); atomically."""
    path = Path(path)
    data = dict(bg.meta, format=FORMAT, documents=bg.documents, domain_documents=bg.domain_documents,
                grams={t: bg.grams[t] for t in sorted(bg.grams)})
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
        f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    tmp.replace(path)


def of_documents(paths: Iterable[str | Path], morphemes: set[str]) -> Background:
    """The statistics that the documents under paths alone contribute (to take a training text out)."""
    global _morphemes
    _morphemes = morphemes
    table: dict[str, list[int]] = {}
    docs = dom = 0
    for f in find_files(paths, lambda *_: None):
        part, n, d = _count_file(str(f))
        for term, row in part.items():
            mine = table.setdefault(term, [0, 0, 0, 0, 0])
            for k in range(5):
                mine[k] += row[k]
        docs += n
        dom += d
    return Background(docs, dom, table)
