"""The record of how each authority citation was checked: `data/provenance/*.tsv`.

A rendering may cite a law, union, media, government or international source only where someone saw that
page give that rendering. Each such citation has a row here — the Chinese term, the rendering, the source
key, the URL and how it was checked (the search that showed the page, or the row of a reference table in
../shared that gives it) — and no text of the page. `unrecorded_citations` finds the citations without one,
so a citation nobody checked cannot slip in unnoticed.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from glossary.store.curated import AUTHORITATIVE
from glossary.store.schema import GlossaryError

COLUMNS = ("zh", "en", "source_key", "url", "how_checked")
# how_checked for a citation taken from one of the reference tables in ../shared/reference/
FROM_TABLE = {"renderings.tsv row": "renderings.tsv", "chinadaily_terms.tsv row": "chinadaily_terms.tsv"}


@dataclass(frozen=True)
class Check:
    zh: str
    en: str
    source_key: str
    url: str
    how_checked: str
    file: str  # the provenance file it was read from, for error messages


def read_provenance(data_dir: Path) -> list[Check]:
    """Every row of data_dir/provenance/*.tsv; a file with other columns or an empty field is an error."""
    checks: list[Check] = []
    for path in sorted((Path(data_dir) / "provenance").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise GlossaryError(f"{path}: the columns must be {', '.join(COLUMNS)} (tab-separated)")
            for line, row in enumerate(reader, start=2):
                if any(not (row.get(column) or "").strip() for column in COLUMNS):
                    raise GlossaryError(f"{path}, line {line}: every column needs a value")
                checks.append(Check(*(row[column].strip() for column in COLUMNS), file=path.name))
    return checks


def _words(text: str) -> list[str]:
    """A rendering's words as a reader sees them: case, quotation marks and spacing aside."""
    return text.replace('"', " ").replace("“", " ").replace("”", " ").lower().split()


def same_rendering(a: str, b: str) -> bool:
    """The same rendering, as a reader sees it: case, quotation marks and spacing aside."""
    return _words(a) == _words(b)


def says(text: str, rendering: str) -> bool:
    """Does text say the rendering (case, quotation marks and a plural -s aside), alone or inside a longer
    term?"""
    said, wanted = ([w.removesuffix("s") for w in _words(value)] for value in (text, rendering))
    return any(said[i:i + len(wanted)] == wanted for i in range(len(said) - len(wanted) + 1)) if wanted else False


def same_url(a: str, b: str) -> bool:
    """The same page: http or https, a trailing slash aside."""
    def plain(url: str) -> str:
        return url.strip().removeprefix("https://").removeprefix("http://").rstrip("/")
    return plain(a) == plain(b)


def unrecorded_citations(concepts: list[dict], sources: dict[str, dict], checks: list[Check]) -> list[tuple[str, str, str]]:
    """(concept id, rendering, source key) of each authority citation that has no provenance row with that
    source and rendering."""
    checked: dict[str, list[str]] = {}
    for check in checks:
        checked.setdefault(check.source_key, []).append(check.en)
    missing = []
    for concept in concepts:
        for rendering in concept.get("en") or []:
            for key in rendering.get("sources") or []:
                if (sources.get(key) or {}).get("authority") not in AUTHORITATIVE:
                    continue
                if not any(same_rendering(rendering["term"], seen) for seen in checked.get(key, ())):
                    missing.append((concept["id"], rendering["term"], key))
    return missing


def misattributed_checks(sources: dict[str, dict], checks: list[Check]) -> list[tuple[Check, str]]:
    """Rows that name an unknown source, or a URL other than the source's: (row, what is wrong)."""
    wrong = []
    for check in checks:
        source = sources.get(check.source_key)
        if source is None:
            wrong.append((check, "no such source"))
        elif not same_url(check.url, source.get("url") or ""):
            wrong.append((check, f"the source's URL is {source.get('url')!r}"))
    return wrong
