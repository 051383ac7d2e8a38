"""`glossary mine PATHS...`: rank candidate terms in texts, print them, or queue them for review.

Without --db the ranked list is printed (a table, or JSON with --json); candidates already in the glossary
($GLOSSARY_DB or terms.db, when there is one) are marked `known`. With --db PATH the candidates are also
written into that database's review queue, in one transaction; if PATH does not exist, a new empty glossary
database is made there first (so an arbitrary corpus can be mined with no glossary at all). A PATH that exists
but is not a glossary database is an error, as everywhere.

With --scheduler the work runs on Dask (glossary.mining.cluster): `local` starts a cluster of --jobs worker
processes here, `tcp://host:8786` uses a running one; the result is the default run's (see the README).
"""
from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from glossary.cli.options import resolve_db_path, user_errors
from glossary.store.schema import GlossaryError, open_db
from glossary.mining import background as bg_stats, cluster, inputs, learnt, pipeline, queue


@click.command("mine")
@click.argument("paths", nargs=-1, type=str)
@click.option("--from-list", "from_list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also mine the files, folders and URLs listed in this file, one a line.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on Dask: `local` (a cluster of --jobs workers here) or a scheduler's tcp://host:8786.")
@click.option("--top", default=50, show_default=True, help="Print (and queue) the best N candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object: run figures and the candidates.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Queue the candidates in this glossary database (`glossary init` makes an empty one).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for segmenting and counting (with --scheduler local: the cluster's workers).")
@click.option("--min-freq", type=click.IntRange(1), default=None,
              help="Least frequency of a candidate [default: 1 below 500,000 characters of text, else 2].")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["term", "abbreviation", "slogan", "quoted", "organisation", "person", "place"]),
              help="Show only these kinds (repeatable); the queue still gets every kind.")
@click.option("--examples", default=3, show_default=True, help="Example sentences kept per candidate.")
@click.option("--background", "background_path", default="default", show_default=True,
              help="Archive statistics for ranking (a file from `glossary mine-background`), or `none`.")
@click.option("--ranking", "ranking_path", default="default", show_default=True,
              help="Learnt ranking weights (a file from `glossary mine-retrain`), or `none` (hand-set score only).")
@user_errors
def mine_command(paths, from_list, scheduler, top, as_json, db_path, jobs, min_freq, kinds, examples,
                 background_path, ranking_path):
    """Find candidate terms in PATHS (files, or folders of .txt/.md/.html, or fsspec URLs such as file://;
    any of UTF-8, GB18030/GBK, Big5; traditional or simplified) and rank them: multi-word terms,
    abbreviations, slogans and names."""
    paths = list(paths)
    if from_list is not None:
        paths += inputs.read_list(from_list)
    if not paths:
        raise click.UsageError("give PATHS to mine, or --from-list FILE")
    background = bg_stats.resolve(background_path)
    model = learnt.resolve(ranking_path)
    db = None
    if db_path is not None:
        db = open_db(db_path)  # only `glossary init` and `glossary build` make a database
        queue.require_tables(db)
        known_db = db
    else:
        known_db = _default_glossary()
    known = queue.known_terms(known_db) if known_db is not None else {}

    def report(name: str, message: str) -> None:
        click.echo(f"warning: {name}: {message}", err=True)

    show_bar = sys.stderr.isatty()
    total = pipeline.input_size(paths) if show_bar else 0
    on_dask = (cluster.connect(scheduler, jobs=jobs, say=lambda m: click.echo(m, err=True)) if scheduler
               else contextlib.nullcontext())
    with on_dask as executor, click.progressbar(length=max(total, 1), label="mining", file=sys.stderr,
                                                show_eta=True, hidden=not show_bar) as bar:
        result = pipeline.mine(paths, jobs=jobs, min_freq=min_freq, examples=examples, detail=max(top * 2, 2000),
                               known=known.get, report=report, progress=bar.update, background=background,
                               model=model, executor=executor)
    if result.documents == 0:
        raise GlossaryError("no readable documents in " + ", ".join(str(p) for p in paths))

    settings = {"jobs": jobs, "min_freq": result.min_freq, "top": top, "scheduler": scheduler}
    run_id = None
    if db is not None:
        run_id = queue.save_run(db, result, paths, settings, limit=max(top, 1))
        click.echo(f"queued {min(top, len(result.candidates))} candidates in {db_path} (run {run_id})", err=True)
    shown = [c for c in result.candidates if not kinds or c.kind in kinds][:top]
    if as_json:
        click.echo(json.dumps(_as_json(result, shown, run_id), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(shown))
        click.echo(f"{result.documents} documents, {result.characters:,} characters, "
                   f"{len(result.candidates):,} candidates (min frequency {result.min_freq}), "
                   f"{result.seconds:.1f} s", err=True)


@click.command("mine-background")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Statistics file to write (gzip JSON).")
@click.option("--exclude", multiple=True, help="Leave out files whose name or path matches this glob (repeatable).")
@click.option("--min-df", default=2, show_default=True, type=click.IntRange(1),
              help="Keep strings seen in at least this many documents.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@user_errors
def mine_background_command(paths, output, exclude, min_df, jobs):
    """Count an archive (folders of texts; statutes and files of dated stories) into the background
    statistics that `glossary mine --background FILE` ranks with: counts only, never text."""
    show_bar = sys.stderr.isatty()
    total = pipeline.input_size(paths) if show_bar else 0
    with click.progressbar(length=max(total, 1), label="counting", file=sys.stderr, hidden=not show_bar) as bar:
        stats = bg_stats.build(paths, exclude=list(exclude), min_df=min_df, jobs=jobs, progress=bar.update,
                               report=lambda name, message: click.echo(f"warning: {name}: {message}", err=True))
    bg_stats.save(stats, output)
    click.echo(f"{output}: {len(stats.grams):,} strings from {stats.documents:,} documents "
               f"({stats.domain_documents:,} domain)", err=True)


@click.command("mine-retrain")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Glossary whose terms and review decisions are the labels [default: $GLOSSARY_DB or terms.db].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=learnt.DEFAULT_FILE,
              show_default=True, help="Weights file to write; a journal line goes to OUTPUT.journal.jsonl.")
@click.option("--background", "background_path", default="default", show_default=True,
              help="Archive statistics (from `glossary mine-background`) the features read.")
@click.option("--exclude", multiple=True, help="Leave out files whose name or path matches this glob (repeatable).")
@user_errors
def mine_retrain_command(paths, db_path, output, background_path, exclude):
    """Learn the ranking's weights from the texts under PATHS: the glossary's terms and the review queue's
    approvals are the positives, rejected candidates negatives; prints the cross-validated figures."""
    from glossary.mining import training  # needs scikit-learn

    background = bg_stats.resolve(background_path)
    if background is None:
        raise GlossaryError("mine-retrain needs background statistics (see `glossary mine-background`)")
    path = resolve_db_path(db_path)
    if not path.exists():
        raise GlossaryError(f"{path} not found: the labels come from a glossary database")
    db = open_db(path, migrate_forward=False)
    out = training.retrain(list(paths), db=db, background=background, exclude=list(exclude), out=output,
                           progress=lambda name: click.echo(f"mined {name}", err=True))
    cv = out["cv"]["mean"]
    click.echo(f"cross-validated by text ({training.FOLDS} folds): AUC {cv['auc']:.3f} (hand-set score "
               f"{cv['hand_auc']:.3f}); P@100 {cv['blend_P@100']:.3f} / R@300 {cv['blend_R@300']:.3f} "
               f"(hand-set score {cv['hand_P@100']:.3f} / {cv['hand_R@300']:.3f})")
    click.echo(f"cross-validated by text and by term (terms never seen in fitting): AUC {cv['concept_auc']:.3f} "
               f"(hand-set score {cv['concept_hand_auc']:.3f}, shipped blend {cv['concept_blend_auc']:.3f})")
    click.echo(f"weights written to {output}")


def _default_glossary():
    """The default glossary, read only to mark known terms; absent or unusable means none (no error)."""
    path = resolve_db_path(None)
    if not path.exists():
        return None
    try:
        db = open_db(path, migrate_forward=False)
    except GlossaryError:
        return None
    return db if db["terms"].exists() else None


def _as_json(result: pipeline.MiningResult, shown, run_id) -> dict:
    return {
        "documents": result.documents,
        "characters": result.characters,
        "min_freq": result.min_freq,
        "seconds": round(result.seconds, 2),
        "run": run_id,
        "problems": [{"input": name, "message": message} for name, message in result.problems],
        "candidates": [
            {
                "rank": rank,
                "term": c.term,
                "original": c.original,
                "kind": c.kind,
                "frequency": c.frequency,
                "doc_frequency": c.doc_frequency,
                "score": c.score,
                "scores": {k: round(float(c.features.get(k, 0.0)), 4) for k in queue.SCORE_KEYS},
                "known_concept_id": c.known,
                "full_forms": c.full_forms,
                "examples": c.examples,
            }
            for rank, c in enumerate(shown, 1)
        ],
    }


def format_table(cands) -> str:
    lines = [f"{'#':>4}  {'term':<16} {'kind':<12} {'freq':>5} {'docs':>4} {'score':>6}  example"]
    for rank, c in enumerate(cands, 1):
        term = c.term + (f" ({c.original})" if c.original else "")
        if c.full_forms:
            term += " → " + c.full_forms[0]
        mark = " *" if c.known else ""
        example = ""
        if c.examples:
            e = c.examples[0]
            s = e["sentence"]
            left = max(0, e["start"] - 12)
            example = ("…" if left else "") + s[left: e["start"]] + "[" + s[e["start"]: e["end"]] + "]" + s[e["end"]: e["end"] + 12]
        lines.append(f"{rank:>4}  {_pad(term + mark, 16)} {c.kind:<12} {c.frequency:>5} {c.doc_frequency:>4} "
                     f"{c.score:>6.2f}  {example}")
    lines.append("(* already in the glossary)")
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    """Pad to a display width, counting CJK characters as two columns."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(0, width - shown)
