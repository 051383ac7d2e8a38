"""The curated glossary: reading and checking the files of data/ (concepts and sources).

These reviewable text files are the source of truth that `glossary build` turns into terms.db. The checks
here name the concept at fault, so a bad edit to the file fails the build with a message, not a traceback.

A glossary folder holds either one file of each (concepts.yaml, sources.yaml: small glossaries, tests) or a
folder of each (concepts/*.yaml, one file per subject area; sources/*.yaml, one file per authority kind), so
that at 1,500+ concepts a diff of one area stays readable. `glossary dump` writes the folder layout.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from glossary.store import termcheck
from glossary.store import urls
from glossary.store.schema import GlossaryError

KINDS = {
    "organisation", "position", "mechanism", "legal-concept", "honour", "campaign", "slogan",
    "person-category", "facility", "activity", "publication", "place", "event", "person", "general",
}
STATUSES = ("preferred", "admitted", "deprecated")
TERM_TYPES = {"fullForm", "abbreviation", "acronym", "shortForm", "variant", "phrase"}
# Where a rendering comes from. The first five are authorities; a dictionary, wiki, textbook or term list
# without provenance is `reference`, and `house` marks a house proposal.
AUTHORITATIVE = ("law", "union", "media", "government", "international")
AUTHORITIES = {*AUTHORITATIVE, "reference", "house"}
HOUSE_SOURCE = "house"
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise GlossaryError(f"missing file: {path}") from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"{path}: not valid YAML: {exc}") from None


# A source key: short, lower case, as cited in concepts.yaml (npc-tul-2021, chinadaily-2015-05-01).
SOURCE_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def check_source(key: str, source: dict) -> None:
    """GlossaryError unless the source has a well-formed key, a title, a known authority, and a URL (if
    any) that is a web address (it becomes a link on the site: no javascript: or data: URLs)."""
    if not isinstance(key, str) or not SOURCE_KEY.match(key):
        raise GlossaryError(f"source key {key!r}: use lower-case letters, digits, '.', '_' and '-' (at most 64)")
    if not str(source.get("title") or "").strip():
        raise GlossaryError(f"source {key!r} needs a title")
    if source.get("authority") not in AUTHORITIES:
        raise GlossaryError(f"source {key!r}: authority must be one of {sorted(AUTHORITIES)}")
    problem = urls.url_problem(source.get("url")) if source.get("url") else None
    if problem:
        raise GlossaryError(f"source {key!r}: the URL {problem}")


def load_sources(path: Path) -> dict[str, dict]:
    sources = _load_yaml(path) or {}
    if not isinstance(sources, dict):
        raise GlossaryError(f"{path}: expected a mapping of source keys")
    _check_sources(sources, {key: path for key in sources}, path)
    return sources


def _check_sources(sources: dict[str, dict], defined_in: dict[str, Path], where) -> None:
    """Each source well formed (the error names the file that defines it), and the house source there."""
    for key, source in sources.items():
        if not isinstance(source, dict):
            raise GlossaryError(f"{defined_in[key]}: source {key!r} needs a title")
        try:
            check_source(key, source)
        except GlossaryError as exc:
            raise GlossaryError(f"{defined_in[key]}: {exc}") from None
    if HOUSE_SOURCE not in sources:
        raise GlossaryError(f"{where}: the {HOUSE_SOURCE!r} source (house proposals) is missing")
    by_url: dict[str, str] = {}  # one key per page: two keys would count one page as two sources
    for key, source in sources.items():
        url = urls.page_key(source.get("url"))
        if url and url in by_url:
            raise GlossaryError(f"{defined_in[key]}: source {key!r} has the URL of {by_url[url]!r} "
                                f"({defined_in[by_url[url]]}): cite that key")
        if url:
            by_url[url] = key


def load_concepts(path: Path, sources: dict[str, dict]) -> list[dict]:
    concepts = _read_concepts(path)
    validate_concepts(concepts, sources, where=str(path))
    return concepts


def _read_concepts(path: Path) -> list[dict]:
    concepts = _load_yaml(path) or []
    if not isinstance(concepts, list):
        raise GlossaryError(f"{path}: expected a list of concepts")
    return concepts


def data_files(data_dir: Path, name: str) -> list[Path]:
    """The files of one kind (name: 'concepts' or 'sources') in a glossary folder: NAME.yaml if present,
    else every NAME/*.yaml in name order."""
    single = Path(data_dir) / f"{name}.yaml"
    if single.exists():
        return [single]
    files = sorted((Path(data_dir) / name).glob("*.yaml"))
    if not files:
        raise GlossaryError(f"missing file: {single} (or a folder {Path(data_dir) / name} of .yaml files)")
    return files


def load_glossary(data_dir: Path) -> tuple[dict[str, dict], list[dict]]:
    """(sources, concepts) of a glossary folder, checked: a source key or concept id defined twice across
    files is an error naming both files."""
    sources: dict[str, dict] = {}
    defined_in: dict[str, Path] = {}
    for path in data_files(data_dir, "sources"):
        part = _load_yaml(path) or {}
        if not isinstance(part, dict):
            raise GlossaryError(f"{path}: expected a mapping of source keys")
        for key in part:
            if key in defined_in:
                raise GlossaryError(f"{path}: source {key!r} is already defined in {defined_in[key]}")
            defined_in[key] = path
        sources.update(part)
    _check_sources(sources, defined_in, data_dir)
    concepts: list[dict] = []
    files = data_files(data_dir, "concepts")
    for path in files:
        part = _read_concepts(path)
        # one subject a file: two spellings (trade-union organisation / trade union organisation) share a file
        # name but would be two subjects on the site
        subjects = sorted({c.get("subject") for c in part if isinstance(c, dict)}, key=str)
        if len(files) > 1 and len(subjects) > 1:
            raise GlossaryError(f"{path}: concepts of one file share one subject, found {subjects}")
        concepts += part
    validate_concepts(concepts, sources, where=str(files[0] if len(files) == 1 else Path(data_dir) / "concepts"))
    return sources, concepts


def validate_concepts(concepts: list[dict], sources: dict[str, dict], where: str = "glossary") -> None:
    """Check a list of concepts in the curated-file shape; raise GlossaryError naming the first problem."""
    slugs: set[str] = set()
    zh_owner: dict[str, str] = {}
    for index, concept in enumerate(concepts):
        slug = concept.get("id") if isinstance(concept, dict) else None
        name = f"{where}: concept {slug or '#' + str(index + 1)}"
        if not slug or not _SLUG.match(str(slug)):
            raise GlossaryError(f"{name}: id must be lowercase ASCII letters, digits and hyphens")
        if slug in slugs:
            raise GlossaryError(f"{name}: duplicate id")
        slugs.add(slug)
        if concept.get("kind") not in KINDS:
            raise GlossaryError(f"{name}: kind {concept.get('kind')!r} is not one of {sorted(KINDS)}")
        zh_terms = concept.get("zh") or []
        if not zh_terms:
            raise GlossaryError(f"{name}: needs at least one Chinese term")
        for term in zh_terms:
            text = term.get("term") if isinstance(term, dict) else None
            if not text:
                raise GlossaryError(f"{name}: a Chinese term has no text")
            for problem in (termcheck.chinese_term_problem(text),
                            term.get("hant") and termcheck.chinese_term_problem(term["hant"]),
                            term.get("pinyin") and termcheck.reading_problem(text, term["pinyin"])):
                if problem:
                    raise GlossaryError(f"{name}: {problem}")
            if term.get("type", "fullForm") not in TERM_TYPES:
                raise GlossaryError(f"{name}: {text}: type {term.get('type')!r} is not one of {sorted(TERM_TYPES)}")
            if text in zh_owner:
                raise GlossaryError(f"{name}: {text} is already a term of concept {zh_owner[text]}")
            zh_owner[text] = slug
        en_terms = concept.get("en") or []
        preferred = [t for t in en_terms if t.get("status") == "preferred"]
        if en_terms and len(preferred) != 1:
            raise GlossaryError(f"{name}: needs exactly one preferred English rendering, has {len(preferred)}")
        for term in en_terms:
            if not term.get("term"):
                raise GlossaryError(f"{name}: an English rendering has no text")
            if term.get("status") not in STATUSES:
                raise GlossaryError(f"{name}: {term['term']}: status must be one of {STATUSES}")
            if term.get("type", "fullForm") not in TERM_TYPES:
                raise GlossaryError(f"{name}: {term['term']}: type {term.get('type')!r} is not known")
            if not term.get("sources"):
                raise GlossaryError(f"{name}: {term['term']}: every rendering needs a source ('house' for a proposal)")
            for key in term["sources"]:
                if key not in sources:
                    raise GlossaryError(f"{name}: {term['term']}: unknown source {key!r}")
    for concept in concepts:
        targets = list(concept.get("related") or []) + ([concept["broader"]] if concept.get("broader") else [])
        for target in targets:
            if target not in slugs:
                raise GlossaryError(f"{where}: concept {concept['id']}: links to unknown concept {target!r}")


def load_about(path: Path) -> dict:
    """data/glossary.yaml: the glossary's title, description, languages and release date."""
    about = _load_yaml(path) or {}
    for key in ("title", "date"):
        if not about.get(key):
            raise GlossaryError(f"{path}: {key!r} is missing")
    about["date"] = str(about["date"])
    return about


def load_documents(corpus_dir: Path) -> list[dict]:
    """The sample corpus's metadata (corpus/documents.yaml), each entry with its file's path."""
    documents = _load_yaml(corpus_dir / "documents.yaml") or []
    for doc in documents:
        for key in ("id", "file", "title"):
            if not doc.get(key):
                raise GlossaryError(f"{corpus_dir / 'documents.yaml'}: a document lacks {key!r}")
        doc["path"] = corpus_dir / doc["file"]
        doc["date"] = str(doc.get("date") or "")
    return documents


# --- writing the files back from a database -----------------------------------------------------------
# Editors curate on the site, which writes terms.db; `glossary dump` turns the database back into these
# files so that the changes can be reviewed as a diff and committed, and `glossary build` reproduces them.

CONCEPTS_HEADER = """\
# Curated concepts of the trade-union and labour-relations glossary (China Daily house style).
# One block per concept; keys in a fixed order so that a diff per concept stays readable.
# English renderings cite the sources in data/sources/; `house` marks a house proposal (no authoritative
# English found). Definitions, 知识点 notes (note_zh) and usage notes are house text.
# Written by `glossary dump` after edits on the site; edit by hand freely, then `glossary build`.
"""
SOURCES_HEADER = """\
# Sources of English renderings. authority: law | union | media | government | international (the
# authorities) | reference | house. A term cites a source only where that rendering was seen at that
# source's URL; everything else cites `house` (a house proposal).
"""


def area_slug(subject: str | None) -> str:
    """The file a concept is written to: its subject, as a file name ('labour contracts' → labour-contracts)."""
    return re.sub(r"[^a-z0-9]+", "-", (subject or "general").lower()).strip("-") or "general"


def dump_files(states: list[dict], sources: list[dict], default_date: str | None = None) -> dict[str, str]:
    """The folder layout of a glossary: {relative path: text}, concepts grouped by subject area in database
    order, sources by authority kind."""
    by_area: dict[str, list[dict]] = {}
    for state in states:
        by_area.setdefault(area_slug(state.get("subject")), []).append(state)
    by_kind: dict[str, list[dict]] = {}
    for source in sources:
        by_kind.setdefault(source["authority"], []).append(source)
    files = {f"concepts/{area}.yaml": dump_concepts(group, default_date) for area, group in sorted(by_area.items())}
    files.update({f"sources/{kind}.yaml": dump_sources(group) for kind, group in sorted(by_kind.items())})
    return files


def write_glossary(data_dir: Path, states: list[dict], sources: list[dict], default_date: str | None = None) -> list[Path]:
    """Write a glossary folder in the layout it already has (one file of each, or folders; folders for a new
    one); files of areas that no longer exist are removed. Returns the paths written."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if (data_dir / "concepts.yaml").exists():
        files = {"concepts.yaml": dump_concepts(states, default_date), "sources.yaml": dump_sources(sources)}
    else:
        files = dump_files(states, sources, default_date)
        for name in ("concepts", "sources"):
            (data_dir / name).mkdir(exist_ok=True)
            for stale in (data_dir / name).glob("*.yaml"):
                if f"{name}/{stale.name}" not in files:
                    stale.unlink()
    for rel, text in files.items():
        (data_dir / rel).write_text(text, "utf-8")
    return [data_dir / rel for rel in files]


def dump_concepts(states: list[dict], default_date: str | None = None, header: str = CONCEPTS_HEADER) -> str:
    """The concepts.yaml text for concept states (glossary.store.concepts.concept_state), in the given order."""
    return "\n".join([header] + [_dump_block([concept_for_file(s, default_date)]) for s in states])


def dump_sources(sources: list[dict]) -> str:
    data = {
        s["id"]: {k: s[k] for k in ("title", "publisher", "url", "authority") if s.get(k)}
        for s in sources
    }
    return SOURCES_HEADER + "\n" + "\n".join(_dump_block({key: value}) for key, value in data.items())


class _FlowList(list):
    """A short list of keys written inline: sources: [house, npc-tul-2021]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):  # indent lists under their key
        return super().increase_indent(flow, False)


_Dumper.add_representer(_FlowList, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def _dump_block(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def concept_for_file(state: dict, default_date: str | None = None) -> dict:
    """A concept state (glossary.store.concepts.concept_state) in the shape of this file: derived and empty fields
    left out, a reading kept only when a person set it, dates only where they differ from the release date."""
    from glossary.lang.text import to_traditional  # here, not at the top: reading the files needs no OpenCC

    out = {"id": state["id"], "kind": state["kind"]}
    if state.get("subject"):
        out["subject"] = state["subject"]
    out["zh"] = []
    for t in state["zh"]:
        term = {"term": t["term"], "type": t["type"]}
        if t["status"] != ("preferred" if not out["zh"] else "admitted"):
            term["status"] = t["status"]
        if t.get("pinyin_reviewed"):
            term["pinyin"] = t["pinyin"]
        if t.get("hant") and t["hant"] != to_traditional(t["term"]):
            term["hant"] = t["hant"]
        if t.get("note"):
            term["note"] = t["note"]
        out["zh"].append(term)
    if state["en"]:
        out["en"] = []
    for t in state["en"]:
        term = {"term": t["term"], "status": t["status"]}
        if t.get("type") and t["type"] != "fullForm":
            term["type"] = t["type"]
        term["sources"] = _FlowList(t["sources"])
        if t.get("note"):
            term["note"] = t["note"]
        out["en"].append(term)
    for field in ("definition", "note_zh", "note"):
        if state.get(field):
            out[field] = state[field]
    if state.get("broader"):
        out["broader"] = state["broader"]
    if state.get("related"):
        out["related"] = _FlowList(state["related"])
    if state.get("created") and state["created"] != default_date:
        out["created"] = state["created"]
    if state.get("modified") and state["modified"] != (state.get("created") or default_date):
        out["modified"] = state["modified"]
    return out
