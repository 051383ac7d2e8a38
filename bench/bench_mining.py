"""Benchmark of `glossary mine`: quality against hand-made gold lists, side by side with jieba's TF-IDF, and
speed and memory against raw jieba segmentation measured in the same run.

    .venv/bin/python bench/bench_mining.py            # quality + 10 MB speed/memory (a few minutes)
    .venv/bin/python bench/bench_mining.py --50mb     # also the 50 MB memory run
    .venv/bin/python bench/bench_mining.py --quality  # quality only
    .venv/bin/python bench/bench_mining.py --archive  # speed and memory on the news archive only

Quality: precision@50, precision@100 and recall@300 of the ranked candidates against
tests/data/gold_terms.txt (the two sample articles), tests/data/gold_terms_laws.txt (the five statutes in
../shared/corpus/laws) and the three held-out sets of bench/heldout.py (labour stories of Nov-Dec 2024 and
three statutes, a development list since round 4; labour stories of Sep-Oct and of Jul-Aug 2024 and five
more statutes, held out); the baseline is jieba.analyse.extract_tags(topK=300) on the same cleaned text. Then the learnt
ranking's cross-validated figures, from the shipped weights' record.
Archive: the news of 2023 and the whole news archive (../shared/corpus/news) mined with jobs=2 in a
subprocess, beside raw jieba.lcut over the whole archive in this process.
Speed: a ~10 MB corpus of the articles and statutes repeated (bench/out/, not committed) mined with jobs=2 in
a subprocess; the baseline is jieba.lcut over the same text in one process, here. Peak RSS is measured in the
subprocess: its own from /proc/self/status (VmHWM; ru_maxrss would include this benchmark process's peak,
which Linux carries over fork and exec), its workers' with resource.getrusage.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.mining import learnt  # noqa: E402
from glossary.mining.inputs import iter_documents  # noqa: E402
from glossary.mining.pipeline import mine  # noqa: E402
from bench import heldout  # noqa: E402

SHARED = ROOT.parent / "shared"
ARTICLES = sorted((ROOT / "corpus").glob("*.txt"))
LAWS = SHARED / "corpus" / "laws"
OUT = ROOT / "bench" / "out"


def load_gold(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]


def cleaned_text(paths) -> str:
    """The text the miner sees (furniture removed, simplified), for the TF-IDF baseline."""
    return "\n".join(s.text for doc in iter_documents(paths, lambda *a: None) for s in doc.sentences)


def quality_figures(ranked: list[str], gold: list[str]) -> dict:
    gold_set = set(gold)
    return {
        "P@50": sum(t in gold_set for t in ranked[:50]) / 50,
        "P@100": sum(t in gold_set for t in ranked[:100]) / 100,
        "R@300": len(gold_set & set(ranked[:300])) / len(gold_set),
    }


JUDGED = ROOT / "tests" / "data" / "judged"


def load_judged(path: Path) -> dict[str, str]:
    """term → in / out / fragment: the blind judgements of a pooled top 100 (tests/data/judged/README.md)."""
    rows = [line.split("\t") for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return {row[0]: row[1] for row in rows[1:]}  # (the first row is the header)


def judged_figures(ranked: list[str], gold: list[str], judged: dict[str, str]) -> dict:
    """Precision@50 and @100 counting as hits the gold list and the pooled candidates judged in scope; and how
    many of the top 100 were never judged (they count as misses: the pool is of the ranking of its day)."""
    hits = set(gold) | {t for t, label in judged.items() if label == "in"}
    known = set(gold) | set(judged)
    return {"P@50": sum(t in hits for t in ranked[:50]) / 50, "P@100": sum(t in hits for t in ranked[:100]) / 100,
            "unjudged": sum(t not in known for t in ranked[:100])}


def quality(name: str, paths, gold_path: Path, judged_name: str | None = None) -> dict:
    import jieba.analyse

    gold = load_gold(gold_path)
    result = mine(paths)
    ranked = [c.term for c in result.candidates]
    miner = quality_figures(ranked, gold)
    tfidf_terms = jieba.analyse.extract_tags(cleaned_text(paths), topK=300)
    tfidf = quality_figures(tfidf_terms, gold)
    print(f"\n{name}: {result.documents} documents, {result.characters:,} characters, gold list of {len(gold)} terms")
    print(f"  {'':<22}{'P@50':>7}{'P@100':>7}{'R@300':>7}")
    for label, figures in (("glossary mine", miner), ("jieba TF-IDF top 300", tfidf)):
        print(f"  {label:<22}" + "".join(f"{figures[k]:>7.2f}" for k in ("P@50", "P@100", "R@300")))
    judged_path = JUDGED / f"{judged_name}.tsv" if judged_name else None
    if judged_path and judged_path.exists():
        judged = load_judged(judged_path)
        print("  with the blind judgements of the pooled top 100s (gold or judged in scope):")
        for label, terms in (("glossary mine", ranked), ("jieba TF-IDF", tfidf_terms)):
            f = judged_figures(terms, gold, judged)
            print(f"  {label:<22}{f['P@50']:>7.2f}{f['P@100']:>7.2f}   ({f['unjudged']} of the top 100 unjudged)")
    return {"miner": miner, "tfidf": tfidf}


def heldout_quality() -> None:
    """The held-out sets of bench/heldout.py, each labelled before the miner was measured on it and left out
    of the shipped background statistics and training data. The first (34 labour stories of Nov–Dec 2024,
    bulletins whole, three statutes) was measured once in round 3 and has been a development list since; the
    second (11 labour stories of Sep–Oct 2024, no bulletins, three statutes) and the third (3 stories of
    Jul–Aug 2024, two statutes) are held out: never used to choose anything."""
    labels = {"heldout": "development (held out in round 3)", "heldout2": "held out", "heldout3": "held out"}
    for held in heldout.HELDOUT_SETS.values():
        folder = OUT / f"{held.name}_news"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
        stories = held.news_texts(SHARED)
        for name, text in stories:
            (folder / f"{name}.txt").write_text(text, "utf-8")
        label = labels.get(held.name, "held out")
        months = "–".join(held.months)
        quality(f"{label}: news, {len(stories)} labour stories of {months}", [folder], held.news_gold,
                f"{held.name}_news")
        quality(f"{label}: statutes ({len(held.statutes)})", held.statute_paths(SHARED), held.statutes_gold,
                f"{held.name}_statutes")


def cross_validated() -> None:
    """The shipped weights' cross-validated figures, from their journal (`glossary mine-retrain` computes
    them: 5 folds grouped by training text; P@100 and R@300 are of the glossary's terms among the best 2,000
    candidates of each training text by the hand-set score)."""
    model = learnt.default_model()
    if model is None or "trained" not in model.data:
        print("\n(no learnt ranking shipped)")
        return
    t = model.data["trained"]
    cv = t["cv"]
    print(f"\nlearnt ranking, cross-validated by training text ({t['texts']} texts, {t['candidates']:,} candidates, "
          f"{t['positives']:,} positives; trained {t['at']}):")
    print(f"  {'':<48}{'AUC':>7}{'P@100':>7}{'R@300':>7}")
    for label, prefix in (("learnt log-odds alone", ""), ("hand-set score alone", "hand_"),
                          (f"shipped: hand + {model.blend} ({model.blend_word} one word) x log-odds", "blend_")):
        print(f"  {label:<48}{cv[prefix + 'auc']:>7.3f}{cv[prefix + 'P@100']:>7.3f}{cv[prefix + 'R@300']:>7.3f}")
    if "concept_auc" in cv:  # terms held out too: how the ranking does on terms it was never fitted on
        print(f"  by text and by term, AUC: learnt {cv['concept_auc']:.3f}, hand-set {cv['concept_hand_auc']:.3f}, "
              f"shipped {cv['concept_blend_auc']:.3f}")


def make_corpus(megabytes: int, varied: bool = False) -> Path:
    """bench/out/corpus_<N>mb/: the articles and statutes copied until the folder holds about N MB.

    Plain copies add no new n-grams after the first round, so the count tables stop growing at once. With
    varied=True (corpus_<N>mb_varied/) every copy has one Chinese character in 20 replaced by a random one
    (seeded), so new n-grams keep coming as a real corpus's do, and the pruning of rare n-grams is what keeps
    memory bounded."""
    folder = OUT / (f"corpus_{megabytes}mb" + ("_varied" if varied else ""))
    sources = [p for p in ARTICLES] + (sorted(LAWS.glob("*.txt")) if LAWS.is_dir() else [])
    texts = [p.read_text("utf-8") for p in sources]
    target = megabytes * 1_000_000
    if folder.is_dir() and sum(p.stat().st_size for p in folder.glob("*.txt")) >= target:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(megabytes)
    size, i = 0, 0
    while size < target:
        text = texts[i % len(texts)]
        if varied:
            text = vary(text, rng)
        data = text.encode("utf-8")
        (folder / f"{i:05d}.txt").write_bytes(data)
        size += len(data)
        i += 1
    return folder


def vary(text: str, rng: random.Random) -> str:
    """A varied copy: one Chinese character in 20 replaced by a random one (new n-grams, as a real corpus has)."""
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) if "\u4e00" <= ch <= "\u9fa5" and rng.random() < 0.05 else ch
                   for ch in text)


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from glossary.mining.pipeline import mine
t = time.perf_counter()
r = mine([{folder!r}], jobs={jobs})
seconds = time.perf_counter() - t
try:  # this process's own high-water mark: Linux's ru_maxrss also counts the parent's, carried over the exec
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"seconds": seconds, "rss_main_mb": own / 1024, "rss_worker_mb": workers / 1024,
                  "candidates": len(r.candidates), "characters": r.characters, "pruned_below": r.pruned_below,
                  "timings": r.timings}}))
"""


def run_miner(folder: Path, jobs: int) -> dict:
    code = _CHILD.format(root=str(ROOT), folder=str(folder), jobs=jobs)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    return figures


def jieba_throughput(folder: Path) -> float:
    """MB/s of jieba.lcut (HMM on, as the miner uses it) over the corpus's text, in this process."""
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    text = "\n".join(p.read_text("utf-8") for p in sorted(folder.rglob("*.txt")))
    size = len(text.encode("utf-8")) / 1e6
    started = time.perf_counter()
    tok.lcut(text)
    return size / (time.perf_counter() - started)


def speed(megabytes: int, jobs: int, varied: bool = False) -> dict:
    folder = make_corpus(megabytes, varied)
    size = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
    figures = run_miner(folder, jobs)
    figures["MB"] = size
    figures["MB/s"] = size / figures["seconds"]
    return figures


def archive_speed(jobs: int) -> None:
    """The real benchmark: the whole news archive (../shared/corpus/news, 6.8 M characters), and its 2023
    part alone, mined with jobs workers; raw jieba.lcut over the whole archive in this process."""
    news = SHARED / "corpus" / "news"
    if not news.is_dir():
        print(f"  (archive skipped: {news} not found)")
        return
    runs = []
    for label, folder in (("news 2023", news / "2023"), ("news 2022-24 (all)", news)):
        size = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
        figures = run_miner(folder, jobs)
        runs.append((label, size, figures))
    baseline = jieba_throughput(news)
    for label, size, f in runs:
        pruned = f"n-grams rarer than {f['pruned_below']} pruned" if f["pruned_below"] else "nothing pruned"
        print(f"  {label}: {size:.1f} MB, {f['characters']:,} characters: {f['seconds']:.1f} s, "
              f"{size / f['seconds']:.2f} MB/s, peak RSS main {f['rss_main_mb']:.0f} MB, largest worker "
              f"{f['rss_worker_mb']:.0f} MB, {pruned}, {f['candidates']:,} candidates; stages (s) {f['timings']}")
    label, size, f = runs[-1]
    print(f"  raw jieba.lcut, one process, whole archive: {baseline:.2f} MB/s  →  ratio "
          f"{size / f['seconds'] / baseline:.2f} (mining end to end, jobs={jobs})")
    counting = size / f["timings"]["counting"]
    print(f"  counting stage (from mine()'s start to the end of pass 1, merging and pruning included): "
          f"{counting:.2f} MB/s  →  ratio "
          f"{counting / baseline:.2f} (aim ≥ 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quality", action="store_true", help="quality figures only")
    parser.add_argument("--50mb", dest="big", action="store_true", help="also measure peak RSS on 50 MB")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--archive", action="store_true", help="speed and memory on the news archive only")
    args = parser.parse_args()

    if args.archive:
        print(f"== speed and memory on the news archive (jobs={args.jobs}) ==")
        archive_speed(args.jobs)
        return
    print("== quality (gold lists in tests/data/) ==")
    quality("sample articles (corpus/*.txt)", ARTICLES, ROOT / "tests" / "data" / "gold_terms.txt", "articles")
    if LAWS.is_dir():
        quality("statutes (../shared/corpus/laws)", [LAWS], ROOT / "tests" / "data" / "gold_terms_laws.txt", "laws")
        heldout_quality()
    else:
        print(f"\n(statutes and held-out texts skipped: {LAWS} not found)")
    cross_validated()
    if args.quality:
        return

    print(f"\n== speed and memory (jobs={args.jobs}) ==")
    ten = speed(10, args.jobs)
    baseline = jieba_throughput(make_corpus(10))
    print(f"  10 MB corpus ({ten['MB']:.1f} MB, {ten['characters']:,} characters of Chinese): "
          f"{ten['seconds']:.1f} s, {ten['MB/s']:.2f} MB/s end to end "
          f"(process start included: {ten['MB'] / ten['wall']:.2f} MB/s)")
    print(f"  raw jieba.lcut, one process, same text: {baseline:.2f} MB/s  →  ratio {ten['MB/s'] / baseline:.2f}")
    print(f"  peak RSS: main {ten['rss_main_mb']:.0f} MB, largest worker {ten['rss_worker_mb']:.0f} MB"
          f" ({'n-grams rarer than %d pruned' % ten['pruned_below'] if ten['pruned_below'] else 'nothing pruned'})")
    print(f"  stages (s): {ten['timings']}; {ten['candidates']:,} candidates")
    if args.big:
        fifty = speed(50, args.jobs)
        print(f"  50 MB corpus ({fifty['MB']:.1f} MB): {fifty['seconds']:.1f} s, {fifty['MB/s']:.2f} MB/s, "
              f"peak RSS main {fifty['rss_main_mb']:.0f} MB, largest worker {fifty['rss_worker_mb']:.0f} MB")
        print("  with new n-grams all the way (one character in 20 replaced at random in every copy):")
        for megabytes in (10, 50):
            run = speed(megabytes, args.jobs, varied=True)
            pruned = f"n-grams rarer than {run['pruned_below']} pruned" if run["pruned_below"] else "nothing pruned"
            print(f"  {megabytes} MB varied: {run['seconds']:.1f} s, {run['MB/s']:.2f} MB/s, peak RSS main "
                  f"{run['rss_main_mb']:.0f} MB, largest worker {run['rss_worker_mb']:.0f} MB, {pruned}, "
                  f"{run['candidates']:,} candidates")
    else:
        print("  (50 MB run skipped: pass --50mb)")


if __name__ == "__main__":
    main()
