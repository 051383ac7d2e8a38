"""Training the learnt ranking (`learnt.py`) from curation: `glossary mine-retrain`.

Examples are the candidates of mining the training texts — each statute of the archive, and the archive's
domain stories (`background.story_is_domain`) in bundles of about UNIT_CHARS characters — each with the
archive statistics that the *other* texts give (its own contribution taken out, as for a text the archive
has never seen). Label 1: a Chinese term of the glossary, or a candidate approved in the review queue; 0:
anything else, and always a rejected candidate. The glossary gives labels only, never features.

Cross-validation is grouped by training text (GroupKFold): a fold's texts are never seen in fitting. Per
fold: the ROC AUC, and the mean precision@100 and recall@300 (of the labelled terms among the text's
candidates) of the learnt ranking and of the hand-set score on the same texts.

Grouping by text alone flatters: the same term (劳动合同) is a positive in many texts, so a model can learn the
archive statistics of that very string in one fold and meet it again in another. `by_concept` also holds the
terms out: each term falls in one of the folds (by a hash of the string), and a fold is tested on its texts'
candidates whose terms were never seen in fitting, fitted on the other texts' candidates whose terms are of
the other folds. That figure (ROC AUC) is how the ranking does on terms new to it. scikit-learn is needed here
only; applying the weights needs none.
"""
from __future__ import annotations

import datetime
import json
import math
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from glossary.mining import background as bgs
from glossary.mining import learnt
from glossary.mining.inputs import find_files, iter_documents
from glossary.mining.pipeline import mine
from glossary.store.schema import GlossaryError

UNIT_CHARS = 6000  # characters of domain stories per training text (about the size of a mined article)
FOLDS = 5
NAME_KINDS = ("place", "person")  # concept kinds whose terms are not positives (see glossary_labels)
TRAIN_TOP = 2000  # candidates per training text used, best first by the hand-set score (the head is what is reranked)
BLEND = 0.4  # weight of the learnt log-odds added to the hand-set score (see README: 0.5 and more push 送温暖 out of the articles' top 100)
# … for a one-word candidate (劳动者, 仲裁员, 合同, 情形): the hand-set score's general-word judgement (keyness
# in this text against general Chinese) is blunt, and the regression, which sees the archive, judges words
# better (chosen on the development lists: 1.2–2.5 all alike there, and 1.5 or more pushes 职代会 out of the
# articles' top 100; see README)
BLEND_WORD = 1.2
C = 0.3  # inverse L2 strength of the logistic regression (chosen by the cross-validation below)


@dataclass
class Examples:
    rows: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # name of each group


def glossary_labels(db) -> tuple[set[str], set[str]]:
    """(positives, negatives) from a glossary database: its Chinese terms and approved candidates;
    rejected candidates. Terms of places and persons are not positives: the miner lists bare names as their
    own kinds, below terms (an editor wants 郑州市总工会, not 郑州)."""
    pos = {r[0] for r in db.execute(
        "SELECT t.term FROM terms t JOIN concepts c ON c.id = t.concept_id "
        "WHERE t.lang = 'zh-Hans' AND c.kind NOT IN " + str(NAME_KINDS))}
    neg: set[str] = set()
    if "candidates" in db.table_names():
        pos |= {r[0] for r in db.execute("SELECT term FROM candidates WHERE status = 'approved'")}
        neg = {r[0] for r in db.execute("SELECT term FROM candidates WHERE status = 'rejected'")}
    return pos - neg, neg


def training_units(paths: Iterable[str | Path], exclude: list[str], workdir: Path,
                   morphemes: set[str]) -> list[tuple[str, list[Path]]]:
    """(name, files) of each training text: each statute; the domain stories in bundles (written to workdir,
    which the caller removes)."""
    units: list[tuple[str, list[Path]]] = []
    bundle: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal bundle, size
        if bundle:
            path = workdir / f"stories_{len(units):03d}.txt"
            path.write_text("\n".join(bundle) + "\n", "utf-8")
            units.append((path.name, [path]))
        bundle, size = [], 0

    for f in find_files(paths, lambda *_: None):
        if bgs.excluded(f, exclude):
            continue
        if bgs.is_statute(f.name):
            units.append((f.name, [f]))
            continue
        for doc in iter_documents([f], lambda *_: None):
            for story in bgs.split_stories([s.text for s in doc.sentences]):
                if bgs.story_is_domain(story, morphemes):
                    bundle.extend(story)
                    size += sum(map(len, story))
                    if size >= UNIT_CHARS:
                        flush()
    flush()
    return units


def collect(units: list[tuple[str, list[Path]]], bg: bgs.Background, morphemes: set[str], positives: set[str],
            negatives: set[str], progress: Callable[[str], None] | None = None) -> Examples:
    ex = Examples()
    for g, (name, files) in enumerate(units):
        own = bgs.of_documents(files, morphemes)
        rest = bg.minus(own)
        result = mine(files, background=rest, model=None, detail=0)
        ex.units.append(name)
        for c in result.candidates[:TRAIN_TOP]:
            ex.rows.append(learnt.features(c, rest))
            ex.labels.append(int(c.term in positives and c.term not in negatives))
            ex.groups.append(g)
            ex.terms.append(c.term)
        if progress:
            progress(name)
    return ex


def _matrix(ex: Examples, names: list[str]):
    import numpy as np

    return np.array([[row.get(n, 0.0) for n in names] for row in ex.rows], dtype=float)


def _at_k(scores, labels, groups, test_groups) -> tuple[float, float]:
    """Mean precision@100 and recall@300 over the texts of test_groups."""
    p100, r300 = [], []
    for g in test_groups:
        idx = [i for i in range(len(groups)) if groups[i] == g]
        order = sorted(idx, key=lambda i: -scores[i])
        positives = sum(labels[i] for i in idx)
        if not positives:
            continue
        p100.append(sum(labels[i] for i in order[:100]) / min(100, len(order)))
        r300.append(sum(labels[i] for i in order[:300]) / positives)
    return (sum(p100) / len(p100) if p100 else 0.0), (sum(r300) / len(r300) if r300 else 0.0)


def _regression(X, y, c: float = C):
    """(scaler, classifier): the logistic regression on standardised features that training fits, in every fold
    and on all examples alike."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X)
    return scaler, LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(X), y)


def _log_odds(X_fit, y_fit, X_test, c: float = C):
    """The learnt log-odds of the test rows, from a regression fitted on the fit rows."""
    scaler, clf = _regression(X_fit, y_fit, c)
    return clf.decision_function(scaler.transform(X_test))


def cross_validate(ex: Examples, names: list[str], c: float = C, folds: int = FOLDS) -> dict:
    """Grouped k-fold figures of the logistic regression, beside the hand-set score on the same texts."""
    import numpy as np
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    X, y, groups = _matrix(ex, names), np.array(ex.labels), np.array(ex.groups)
    hand = X[:, names.index("hand_score")]
    blends = np.where(X[:, names.index("words")] == 1, BLEND_WORD, BLEND)
    folds = min(folds, len(set(ex.groups)))
    if folds < 2:
        raise GlossaryError("cross-validation needs at least two training texts")

    def auc(labels, scores) -> float:  # a fold with one class only has none
        return round(float(roc_auc_score(labels, scores)), 3) if 0 < labels.sum() < len(labels) else float("nan")

    out = []
    for train, test in GroupKFold(n_splits=folds).split(X, y, groups):
        s = _log_odds(X[train], y[train], X[test], c)
        test_groups = sorted(set(groups[test].tolist()))
        scores = np.full(len(y), -np.inf)
        scores[test] = s
        p, r = _at_k(scores.tolist(), ex.labels, ex.groups, test_groups)
        in_test = np.isin(groups, test_groups)
        hp, hr = _at_k(np.where(in_test, hand, -np.inf).tolist(), ex.labels, ex.groups, test_groups)
        scores[test] = hand[test] + blends[test] * s
        bp, br = _at_k(scores.tolist(), ex.labels, ex.groups, test_groups)
        out.append({"texts": len(test_groups), "auc": auc(y[test], s), "hand_auc": auc(y[test], hand[test]),
                    "blend_auc": auc(y[test], scores[test]),
                    "P@100": round(p, 3), "R@300": round(r, 3), "hand_P@100": round(hp, 3), "hand_R@300": round(hr, 3),
                    "blend_P@100": round(bp, 3), "blend_R@300": round(br, 3)})
    mean = {k: round(float(np.nanmean([f[k] for f in out])), 3) for k in out[0] if k != "texts"}
    mean.update(by_concept(ex, X, hand, blends, c, folds))
    return {"folds": out, "mean": mean}


def term_fold(term: str, folds: int) -> int:
    """The fold a term is held out in (stable across runs and machines)."""
    return zlib.crc32(term.encode("utf-8")) % folds


def concept_splits(ex: Examples, folds: int = FOLDS):
    """(fit rows, test rows) of each fold, as boolean arrays: a fold tests the candidates of its texts whose terms
    are of its term fold, and fits on the candidates of the other texts whose terms are of the other folds, so
    no text and no term is on both sides."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    groups = np.array(ex.groups)
    terms = np.array([term_fold(t, folds) for t in ex.terms])
    n_splits = min(folds, len(set(ex.groups)))
    for k, (_train, test) in enumerate(GroupKFold(n_splits=n_splits).split(groups, groups, groups)):
        held = np.zeros(len(groups), dtype=bool)
        held[test] = True
        yield ~held & (terms != k % folds), held & (terms == k % folds)


def by_concept(ex: Examples, X, hand, blends, c: float = C, folds: int = FOLDS) -> dict:
    """ROC AUC of the learnt log-odds, the hand-set score and the blend on candidates whose texts and terms
    were both left out of fitting (`concept_splits`), the mean over the folds. X, hand and blends: the
    examples' feature matrix, hand-set scores and blend weights, as `cross_validate` has them."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    y = np.array(ex.labels)
    scores: dict[str, list[float]] = {"concept_auc": [], "concept_hand_auc": [], "concept_blend_auc": []}
    for fit_rows, test_rows in concept_splits(ex, folds):
        if not 0 < y[test_rows].sum() < test_rows.sum() or len(set(y[fit_rows])) < 2:
            continue  # a fold with one class only has no AUC
        s = _log_odds(X[fit_rows], y[fit_rows], X[test_rows], c)
        scores["concept_auc"].append(roc_auc_score(y[test_rows], s))
        scores["concept_hand_auc"].append(roc_auc_score(y[test_rows], hand[test_rows]))
        scores["concept_blend_auc"].append(roc_auc_score(y[test_rows], hand[test_rows] + blends[test_rows] * s))
    return {k: round(float(np.mean(v)), 3) if v else float("nan") for k, v in scores.items()}


def fit(ex: Examples, names: list[str], c: float = C, background: bool = True) -> learnt.Model:
    X = _matrix(ex, names)
    if len(set(ex.labels)) < 2:
        raise GlossaryError("the training texts need candidates both in and not in the glossary")
    scaler, clf = _regression(X, ex.labels, c)
    scale = [float(s) if s > 0 else 1.0 for s in scaler.scale_]
    return learnt.Model({"format": learnt.FORMAT, "features": names, "mean": [float(m) for m in scaler.mean_],
                         "scale": scale, "coef": [round(float(w), 6) for w in clf.coef_[0]],
                         "intercept": float(clf.intercept_[0]), "background": background,
                         "blend": BLEND, "blend_word": BLEND_WORD})


# Features left to the hand-set score: quotation marks mark titles of books, films and campaigns in the news
# archive (so the weights learnt there are negative) but slogans and coinages in union reporting.
LEFT_TO_HAND = ("quoted", "kind_quoted", "origin_quoted", "numbered", "numeral")


def feature_names(ex: Examples) -> list[str]:
    return sorted({k for row in ex.rows for k in row} - set(LEFT_TO_HAND))


def retrain(paths: list[str | Path], *, db, background: bgs.Background, exclude: list[str] = (),
            out: str | Path = learnt.DEFAULT_FILE, journal: str | Path | None = None,
            progress: Callable[[str], None] | None = None) -> dict:
    """Mine the training texts under paths, cross-validate, fit on all, write the weights to out and append
    a journal line (when, data, figures) to journal (default: out's name + .journal.jsonl)."""
    exclude = list(exclude)
    positives, negatives = glossary_labels(db)
    if not positives:
        raise GlossaryError("the glossary has no Chinese terms to learn from")
    files = [f for f in find_files(paths, lambda *_: None) if not bgs.excluded(f, exclude)]
    if not files:
        raise GlossaryError("no training texts")

    def texts(chosen):
        return ([s.text for s in d.sentences] for f in chosen for d in iter_documents([f], lambda *_: None))

    others = [f for f in files if not bgs.is_statute(f.name)]
    ref = bgs.default_reference()
    morphemes = bgs.domain_morphemes(texts([f for f in files if bgs.is_statute(f.name)]),
                                     texts(others[::bgs.SAMPLE_EVERY]), ref)
    with tempfile.TemporaryDirectory(prefix="glossary-train-") as tmp:
        units = training_units(paths, exclude, Path(tmp), morphemes)
        ex = collect(units, background, morphemes, positives, negatives, progress)
    if len(set(ex.labels)) < 2:
        raise GlossaryError("the training texts need candidates both in and not in the glossary")
    names = feature_names(ex)
    figures = cross_validate(ex, names)
    model = fit(ex, names)
    model.data["trained"] = {
        "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "texts": len(ex.units), "candidates": len(ex.labels), "positives": sum(ex.labels),
        "glossary_terms": len(positives), "rejected": len(negatives), "excluded": exclude,
        "background_documents": background.documents, "cv": figures["mean"], "C": C,
        "train_top": TRAIN_TOP}
    model.save(out)
    journal = Path(journal) if journal else Path(str(out) + ".journal.jsonl")
    with open(journal, "a", encoding="utf-8") as f:
        f.write(json.dumps(dict(model.data["trained"], weights=str(Path(out).name), folds=figures["folds"]),
                           ensure_ascii=False) + "\n")
    return {"model": model, "cv": figures, "examples": ex}


def top_weights(model: learnt.Model, n: int = 12) -> list[tuple[str, float]]:
    pairs = sorted(zip(model.names, model.coef), key=lambda p: -abs(p[1]))
    return [(name, round(w, 3)) for name, w in pairs[:n] if not math.isnan(w)]
