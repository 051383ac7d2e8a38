"""`mine()`: from files to ranked candidates, in two passes.

1. Counting (parallel): groups of small files, and shares of big ones, go to worker processes, which read,
   clean, simplify, segment and count them (`candidates.count_sentences`); the counts come back, are merged
   and pruned. The pool's workers count several consecutive tasks into one table (`_count_group`), so a key
   they share is sent and merged once: the merging is serial, in this process.
2. Details (for the best candidates only, parallel too): a second read finds document frequencies and
   example sentences with offsets, and the traditional form where the text had one.

Both passes run in a pool of forked processes (`jobs`), or, given an executor (`glossary.mining.cluster`),
on a Dask cluster: the same task functions, with counts merged in a tree there (`merge_parts`).
"""
from __future__ import annotations

import functools
import multiprocessing
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import ahocorasick

from glossary.mining import abbreviations, background as bg_stats, context, kinds, learnt, scoring
from glossary.mining.candidates import Counts, count_sentences, counting_tokenizer
from glossary.mining.inputs import file_size, find_files, iter_documents
from glossary.mining.reference import default_reference

BATCH_BYTES = 256_000  # bytes of input files per task sent to a worker (small, so all stay busy to the end)
SPLIT_BYTES = 2_000_000  # a file this big is counted in parts, one per worker
MAX_ENTRIES = 3_000_000  # keys kept in the count tables before rare n-grams are pruned
PRUNE_BLOCK = 16  # counting tasks (~4 MB of input) added between checks of the tables' size (see _count)
GROUP_BYTES = 2_500_000  # at most this much input counted into one table by a pool worker (see _count_group)
SMALL_CORPUS = 500_000  # below this many characters, hapaxes are candidates (min_freq 1), above it 2


@dataclass
class MiningResult:
    candidates: list[scoring.Candidate]  # best first
    documents: int = 0
    characters: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (input, message)
    min_freq: int = 1
    pruned_below: int = 0
    seconds: float = 0.0
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (short form, full form, own uses)
    timings: dict = field(default_factory=dict)  # seconds per stage (counting, ranking, details)


def mine(paths: Iterable[str | Path], *, jobs: int = 1, min_freq: int | None = None, detail: int = 2000,
         examples: int = 3, known: Callable[[str], int | None] | None = None,
         report: Callable[[str, str], None] | None = None,
         progress: Callable[[int], None] | None = None, max_entries: int = MAX_ENTRIES,
         background: bg_stats.Background | str | Path | None = "default",
         model: learnt.Model | str | Path | None = "default", executor=None) -> MiningResult:
    """Mine the files and folders in paths for candidate terms.

    jobs: worker processes for counting; min_freq: least frequency of a candidate (default: 1 for a corpus
    under SMALL_CORPUS characters, else 2); detail: how many of the best candidates get document
    frequencies and examples; known(term) → concept id marks terms already in a glossary (display only: the
    ranking never sees it); report(input, message) hears about each unusable input; progress(n) is called
    with the number of bytes of input read so far, as it grows; background: archive statistics for ranking
    features ("default": the shipped file, "none"/None: none, or a file); model: the learnt ranking
    ("default": the shipped weights, "none"/None: the hand-set score, or a file); executor (glossary.mining.cluster) runs both passes on a Dask cluster
    instead of the pool of jobs processes.
    """
    started = time.perf_counter()
    paths = list(paths)
    problems: list[tuple[str, str]] = []
    background, model = bg_stats.resolve(background), learnt.resolve(model)  # before counting: fail early

    def on_problem(name: str, message: str) -> None:
        problems.append((name, message))
        if report:
            report(name, message)

    # jieba's dictionary and the reference are loaded once, here, before the worker pool forks: the workers
    # share them instead of each loading its own
    ref = default_reference()
    counting_tokenizer()
    timings = {}
    counts, n_docs = _count(paths, jobs, on_problem, progress, max_entries, executor, timings)
    timings["counting"] = time.perf_counter() - started
    if min_freq is None:
        min_freq = 1 if counts.characters < SMALL_CORPUS else 2
    cands = scoring.select_candidates(counts, ref, min_freq)
    leaning = background.leaning if background is not None else None
    general_use = background.general_use if background is not None else None
    scoring.compute_features(cands, counts, ref, leaning=leaning, general_use=general_use)
    for c in cands.values():
        c.kind = kinds.classify(c, ref)
    ranked = learnt.rank(cands, model, background)

    # abbreviations: short forms of the well-ranked candidates, added as candidates of their own
    links = []
    found = abbreviations.find_abbreviations(ranked, counts, ref)
    if found:
        added = []
        for short, fulls in found.items():
            c = cands.get(short)
            if c is None:
                c = cands[short] = scoring.Candidate(short, (short,), "chars", frequency=counts.chars.get(short, 0))
                added.append(c)
            c.full_forms = [full for full, _ in fulls]
            links.extend((short, full, own) for full, own in fulls)
        scoring.compute_features(cands, counts, ref, only=added, leaning=leaning, general_use=general_use)
        for short in found:
            cands[short].kind = kinds.classify(cands[short], ref)
        ranked = learnt.rank(cands, model, background)

    timings["ranking"] = time.perf_counter() - started - timings["counting"]
    # (only when there are candidates to detail: training mines with detail=0, each text with statistics of its own)
    markers = context.markers(background) if background is not None and detail > 0 else None
    _add_details(ranked[:detail], paths, examples, jobs, executor, markers)
    if markers is not None:  # the detailed candidates re-ranked by where they occur (see context)
        ranked = context.rerank(ranked[:detail]) + ranked[detail:]
    timings["details"] = time.perf_counter() - started - timings["counting"] - timings["ranking"]
    if known:
        for c in ranked:
            c.known = known(c.term)
    return MiningResult(ranked, n_docs, counts.characters, problems, min_freq, counts.pruned_below,
                        time.perf_counter() - started, links, {k: round(v, 2) for k, v in timings.items()})


def input_size(paths: Iterable[str | Path]) -> int:
    """Bytes of input under paths (for a progress bar); unreadable inputs count 0."""
    total = 0
    for path in find_files(paths, lambda *_: None):
        total += file_size(path)
    return total


# --- pass 1: counting -------------------------------------------------------------------------------------

def _file_batches(files: list[Path | str]) -> list[list[str]]:
    """Groups of files of about BATCH_BYTES each (a large file is a group of its own), in order."""
    batches: list[list[str]] = []
    batch: list[str] = []
    size = 0
    for path in files:
        n = file_size(path)
        batch.append(str(path))
        size += n
        if size >= BATCH_BYTES:
            batches.append(batch)
            batch, size = [], 0
    if batch:
        batches.append(batch)
    return batches


def _count_tasks(files: list[Path | str], jobs: int) -> list[tuple[list[str], int, int]]:
    """Counting tasks (files, part, parts): groups of small files, and big files (SPLIT_BYTES or more) split
    in jobs parts, so that every worker stays busy even when the corpus is a few big files. Each part's
    worker reads the file whole (reading is a small share of the time) and counts its share of sentences."""
    tasks: list[tuple[list[str], int, int]] = []
    small: list[Path | str] = []
    for path in files:
        if jobs > 1 and file_size(path) >= SPLIT_BYTES:
            tasks.extend(([str(path)], part, jobs) for part in range(jobs))
        else:
            small.append(path)
    return [(batch, 0, 1) for batch in _file_batches(small)] + tasks


def _count_files(task: tuple[list[str], int, int], max_entries: int = MAX_ENTRIES) -> tuple[Counts, int, list, int]:
    """Worker task: read, clean and count a group of files (or, for part i of parts, the i-th share of the
    sentences of each). Returns (counts, documents, problems, bytes); part 0 alone reports the documents
    and their problems."""
    return _count_group([task], max_entries)


def _count_group(tasks: list[tuple[list[str], int, int]],
                 max_entries: int = MAX_ENTRIES) -> tuple[Counts, int, list, int]:
    """Worker task: consecutive counting tasks counted into one set of tables, which is their results added
    in order (keys in the same order too): a key repeated across them is sent back and merged once, not once
    per task. A task's own tables are pruned when they pass max_entries; together they may pass it when
    none alone would, so then each task is counted on its own and the results added (rare: a group is a
    few MB of input)."""
    counts = Counts()
    problems: list[tuple[str, str]] = []
    n_docs = 0
    size = 0
    for paths, part, parts in tasks:
        own: list[tuple[str, str]] = []
        docs = 0
        for doc in iter_documents(paths, lambda name, message: own.append((name, message))):
            texts = [s.text for s in doc.sentences]
            docs += stories_in(texts)
            if parts > 1:
                texts = texts[part * len(texts) // parts: (part + 1) * len(texts) // parts]
            count_sentences(texts, counts)
            if counts.size() > max_entries:
                if len(tasks) > 1:
                    return merge_parts(*(_count_files(task, max_entries) for task in tasks))[:4]
                counts.prune(max_entries // 2)
        size += sum(file_size(path if "://" in path else Path(path)) for path in paths) // parts
        if not part:
            n_docs += docs
            problems.extend(own)
    return counts, n_docs, problems, size


def _groups(tasks: list, jobs: int) -> list[list]:
    """The counting tasks in groups for the pool's workers: each block of PRUNE_BLOCK tasks (the running
    total is checked between blocks, never inside one) in jobs groups of consecutive tasks, a group closed
    early at GROUP_BYTES of input."""
    groups = []
    for start in range(0, len(tasks), PRUNE_BLOCK):
        block = tasks[start: start + PRUNE_BLOCK]
        most = -(-len(block) // jobs)
        group, size = [], 0
        for task in block:
            group.append(task)
            size += task_bytes(task)
            if len(group) >= most or size >= GROUP_BYTES:
                groups.append(group)
                group, size = [], 0
        if group:
            groups.append(group)
    return groups


def _count_grouped(group: list, max_entries: int = MAX_ENTRIES, packed: bool = True) -> tuple[tuple, int]:
    """Task of the pool: a group's counts (packed for a worker's way back, `Counts.packed`), and how many
    tasks it held."""
    counts, docs, problems, size = _count_group(group, max_entries)
    return ((counts.packed() if packed else counts), docs, problems, size), len(group)


def _run_tasks(function, tasks: list, jobs: int, on_result, ahead: int | None = None) -> None:
    """Run function over tasks, in this process or in a pool of jobs workers, with a bounded number of
    tasks in flight (ahead, by default 2 × jobs: so memory does not grow with the corpus); results are
    handled in task order."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            on_result(function(task))
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending = []
        for task in tasks:
            pending.append(pool.apply_async(function, (task,)))
            while len(pending) >= (ahead or 2 * jobs):
                on_result(pending.pop(0).get())
        for result in pending:
            on_result(result.get())


def task_bytes(task: tuple[list[str], int, int]) -> int:
    """Bytes of input a counting task reads for its share (what it reports to progress)."""
    paths, _part, parts = task
    return sum(file_size(p if "://" in p else Path(p)) for p in paths) // parts


def merge_parts(*parts: tuple, max_entries: int | None = None) -> tuple:
    """The reduce step of counting on a cluster: (counts, documents, problems, bytes, merge seconds, of them
    in the running total) of the parts, in order; pruned if given max_entries and over it (down to half), as the pool's running total is.
    Pure: a copy of the first part's tables takes the others' counts, so keys, problems and documents come
    out in task order, as the running total has them."""
    started = time.perf_counter()
    counts = parts[0][0].copy()
    for part in parts[1:]:
        counts.merge(part[0])
    if max_entries is not None and counts.size() > max_entries:
        counts.prune(max_entries // 2)
    elapsed = time.perf_counter() - started
    seconds = sum(part[4] for part in parts if len(part) > 4) + elapsed
    # the adding into the running total (max_entries given) is the serial part of the merging: timed apart
    folding = sum(part[5] for part in parts if len(part) > 5) + (elapsed if max_entries is not None else 0.0)
    return (counts, sum(part[1] for part in parts), [p for part in parts for p in part[2]],
            sum(part[3] for part in parts), seconds, folding)


def _count(paths, jobs, on_problem, progress, max_entries, executor=None, timings=None) -> tuple[Counts, int]:
    """Pass 1. Pruning is checked after every PRUNE_BLOCK tasks (and at the end), never in between: the
    counts of a block are an exact sum whatever order its parts are added in, so a cluster can add them in a
    tree (`executor.map_reduce`: each block's parts added on a worker, the blocks' sums then added in order,
    each checked as here) and its result is this pool's, key for key, pruned or not."""
    total = Counts()
    n_docs = 0
    files = find_files(paths, on_problem)
    merging = 0.0
    timings = {} if timings is None else timings
    if executor is not None:
        tasks = _count_tasks(files, executor.workers)
        if not tasks:
            return total, 0
        root, tail = executor.map_reduce(
            functools.partial(_count_files, max_entries=max_entries), tasks, merge_parts,
            functools.partial(merge_parts, max_entries=max_entries), (Counts(), 0, [], 0, 0.0, 0.0), PRUNE_BLOCK,
            [task_bytes(t) for t in tasks], progress)
        total, n_docs, problems, _size, merging, folding = root
        for name, message in problems:
            on_problem(name, message)
        timings.update(merging=merging, folding=folding, merge_tail=tail)
        return total, n_docs

    tasks = _count_tasks(files, jobs)
    groups = _groups(tasks, max(jobs, 1))
    done = 0

    def add(result) -> None:
        nonlocal n_docs, merging, done
        (part, docs, problems, size), n_tasks = result
        started = time.perf_counter()
        total.merge(part) if isinstance(part, Counts) else total.merge_packed(part)
        n_docs += docs
        for name, message in problems:
            on_problem(name, message)
        if progress:
            progress(size)
        done += n_tasks
        if (done % PRUNE_BLOCK == 0 or done == len(tasks)) and total.size() > max_entries:
            total.prune(max_entries // 2)
        merging += time.perf_counter() - started

    parallel = jobs > 1 and len(groups) > 1  # else _run_tasks counts here: nothing to pack
    _run_tasks(functools.partial(_count_grouped, max_entries=max_entries, packed=parallel), groups, jobs, add,
               ahead=jobs + 1)
    timings.update(merging=merging, folding=merging)  # all of it in the running total, here
    return total, n_docs


# --- pass 2: details ----------------------------------------------------------------------------------------

_detail_automaton: ahocorasick.Automaton | None = None  # set before the pool forks: workers inherit it
_detail_full_forms: dict[str, list[str]] = {}  # abbreviation → its full forms (likewise)
_detail_markers = None  # the archive's domain markers (context.markers), or None (likewise)


def _inside_full_form(text: str, start: int, term: str, full_forms: list[str]) -> bool:
    """Is the occurrence of term at start part of an occurrence of one of its full forms (市总 in 市总工会)?"""
    for full in full_forms:
        at = full.find(term)
        while at >= 0:
            if at <= start and text.startswith(full, start - at):
                return True
            at = full.find(term, at + 1)
    return False


def _detail_files(paths: list[str], examples: int = 3, automaton=None, full_forms: dict | None = None,
                  markers=False) -> dict[str, tuple[int, list, int, int]]:
    """Worker task: for each candidate found in these files, how many of them it occurs in, a few examples,
    and how many of its occurrences are in domain passages, of how many (`context`; 0, 0 without markers).
    (Counts, not sets of names: the files of different tasks are different files.) A document is scanned
    whole in one automaton pass, or paragraph by paragraph with markers; only when it holds a candidate that
    still lacks examples are its sentences scanned one by one for them. automaton, full_forms and markers
    (the domain markers' automaton, None for none) are sent to a cluster's workers; left out, a pool's
    workers use the module's globals, set before they fork (markers=False: left out, as None means none)."""
    found: dict[str, list] = {}  # term → [documents, examples, occurrences in domain passages, occurrences]
    automaton = automaton if automaton is not None else _detail_automaton  # a cluster's workers get it sent
    full_forms = full_forms if full_forms is not None else _detail_full_forms
    markers = markers if markers is not False else _detail_markers
    for doc in iter_documents(paths, lambda *_: None):
        # examples (and document frequencies) come from running text, not headings
        body = [(i, s.text) for i, s in enumerate(doc.sentences) if s.kind == "body" or "，" in s.text or "。" in s.text]
        if markers is not None:
            paragraphs = [(s.paragraph, s.text) for s in doc.sentences]  # headings too: they open stories
            for text, domain in context.domain_passages(paragraphs, markers):
                for _end, term in automaton.iter(text):
                    entry = found.get(term)
                    if entry is None:
                        entry = found[term] = [0, [], 0, 0]
                    entry[2] += domain
                    entry[3] += 1
        wanted = set()
        for story in _story_bodies(doc.sentences, body):  # a file of dated stories counts each story
            for term in {term for _end, term in automaton.iter(story)}:
                entry = found.get(term)
                if entry is None:
                    entry = found[term] = [0, [], 0, 0]
                entry[0] += 1
                if len(entry[1]) < examples:
                    wanted.add(term)
        if not wanted:
            continue
        for i, text in body:
            original = doc.originals.get(i) or text
            for end, term in automaton.iter(text):
                if term not in wanted:
                    continue
                exs = found[term][1]
                if len(exs) >= examples or any(e["document"] == doc.name and e["sentence"] == original for e in exs):
                    continue
                start = end + 1 - len(term)
                if term in full_forms and _inside_full_form(text, start, term, full_forms[term]):
                    continue  # an abbreviation's examples show it used on its own, not inside its full form
                exs.append({"document": doc.name, "sentence": original, "start": start, "end": end + 1})
    return {term: tuple(entry) for term, entry in found.items()}


def stories_in(texts: list[str]) -> int:
    """How many documents a file's sentences make: its dated stories (【YYYY-MM-DD】 lines), or 1."""
    return sum(1 for text in texts if bg_stats.starts_story(text)) or 1


def _story_bodies(sentences: list, body: list[tuple[int, str]]) -> list[str]:
    """The body text of each story of a document (the whole body when it has no dated stories); body holds
    (sentence index, text) of its body sentences."""
    texts = dict(body)
    bodies = []
    for story in bg_stats.split_stories(list(enumerate(sentences)), text=lambda pair: pair[1].text):
        lines = [texts[i] for i, _s in story if i in texts]
        if lines:  # a story of headings only has no body to count
            bodies.append("\n".join(lines))
    return bodies


def _add_details(cands: list[scoring.Candidate], paths, examples: int, jobs: int = 1, executor=None,
                 markers=None) -> None:
    """Document frequency, example sentences (with offsets) and original forms of the given candidates;
    given the archive's domain markers, their share of occurrences in domain passages too
    (features["domain_passages"], see `context`)."""
    global _detail_automaton, _detail_full_forms, _detail_markers
    if not cands:
        return
    by_term = {c.term: c for c in cands}
    for c in cands:
        c.doc_frequency = 0
    _detail_automaton = ahocorasick.Automaton()
    for c in cands:
        _detail_automaton.add_word(c.term, c.term)
    _detail_automaton.make_automaton()
    _detail_full_forms = {c.term: c.full_forms for c in cands if c.full_forms}
    _detail_markers = markers
    in_domain: dict[str, list[int]] = {}  # term → [occurrences in domain passages, occurrences]

    def add(found) -> None:
        for term, (n_docs, exs, domain, occurrences) in found.items():
            c = by_term[term]
            c.doc_frequency += n_docs
            share = in_domain.setdefault(term, [0, 0])
            share[0] += domain
            share[1] += occurrences
            for e in exs:
                if len(c.examples) < examples:
                    c.examples.append(e)
                if not c.original:
                    form = e["sentence"][e["start"]: e["end"]]
                    if form != term:
                        c.original = form

    files = find_files(paths, lambda *_: None)
    try:
        if executor is not None:
            executor.map_in_order(_detail_files, _file_batches(files), add, examples=examples,
                                  automaton=_detail_automaton, full_forms=_detail_full_forms, markers=markers)
        else:
            _run_tasks(functools.partial(_detail_files, examples=examples), _file_batches(files), jobs, add)
    finally:
        _detail_automaton, _detail_full_forms, _detail_markers = None, {}, None
    if markers is not None:
        for term, (domain, occurrences) in in_domain.items():
            if occurrences:
                by_term[term].features["domain_passages"] = domain / occurrences
