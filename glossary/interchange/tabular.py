"""The glossary as a table: CSV for spreadsheets and TSV in OmegaT's glossary layout, both ways.

TSV (OmegaT): `source<TAB>target<TAB>comment`, UTF-8, one line per Chinese term × English rendering.
OmegaT skips lines that start with `#`, so the header is a comment line it ignores and this importer reads.
The comment carries the rendering's status, pinyin, sources with their authority and note
("preferred; zhí dài huì; source: Trade Union Law (2021) [law]"); deprecated renderings are left out unless
asked for, as in the martif export (OmegaT would offer them). The `omegat` export is the same as a `.txt`
with a BOM: OmegaT 3.6 does not load `.tsv`, and reads `.txt` in the system's encoding unless a BOM says UTF-8.

CSV: UTF-8 with a BOM (a spreadsheet opened by double-click reads it right), a header row (CSV_COLUMNS) and
one row per Chinese term × English rendering, every rendering with its status, its sources (titles, keys and
authorities, one per line in the cell), the concept's fields and the Chinese term's example sentences.

Import reads either, from this glossary or elsewhere: columns are found by their header (zh / Chinese /
source / zh-CN …, en / English / target / en-US …, status, comment …, memoQ's "Chinese (PRC)",
"English (United States)_Def", "…_Forbidden", Entry_ID …); a TSV without a header is read as OmegaT's three
columns. Rows are grouped into entries by the concept column, else by the Chinese term (consecutive Chinese
terms with the same renderings rejoin one concept), and merged through the same importer as TBX
(importer.Importer).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from glossary.store.schema import GlossaryError
from glossary.interchange.tbx_export import AUTHORITY_LABELS, ConceptRecord, iter_concepts
from glossary.lang.text import TextError, decode

# The import side (records.py, and pinyin with jieba and pypinyin: some 70 MB) is imported by the functions
# that read tables, so an export does not load it.

CSV_COLUMNS = ["concept", "zh", "zh_type", "zh_status", "pinyin", "en", "en_type", "en_status", "sources", "note",
               # what a round trip needs beyond the first ten (each concept's fields repeat on its rows)
               "source_keys", "source_authorities", "kind", "subject", "definition", "note_zh", "concept_note",
               "contexts"]
CSV_BOM = "\ufeff"  # so a spreadsheet opened by double-click reads the file as UTF-8 (Excel, LibreOffice)
_AUTHORITY_SUFFIX = re.compile(r"^(.*) \[([a-z ]+)\]$")
_AUTHORITY_OF_LABEL = {label: kind for kind, label in AUTHORITY_LABELS.items()}
_BETWEEN_LABELLED = re.compile(r"(?<=\]) / ")  # "A / B [media] / C [law]": a title may hold " / " itself


def _split_cited(text: str) -> list[str]:
    """The titles of a "source:" part: split after each "[authority]" label where they carry one (a title such
    as "China Daily / Xinhua" stays whole), else on every " / " (a file written without labels)."""
    if _AUTHORITY_SUFFIX.match(text):
        return _BETWEEN_LABELLED.split(text)
    return text.split(" / ")


OMEGAT_BOM = "\ufeff"  # OmegaT reads a .txt/.tab glossary in the system's encoding unless a BOM says UTF-8
_CONTEXT_LINE = re.compile(r"^\[(\S+) #(\d+)\] (.*)$")
TSV_HEADER = "# zh-Hans\ten\tcomment\n"
_SOURCE_PREFIX = "source: "


def _pairs(record: ConceptRecord, include_deprecated: bool) -> Iterator[tuple[dict, dict | None]]:
    english = [t for t in record.terms_in("en") if include_deprecated or t["status"] != "deprecated"]
    for zh in record.terms_in("zh-Hans"):
        if not english:
            yield zh, None
        for en in english:
            yield zh, en


def _source_titles(db) -> dict[str, str]:
    return dict(db.execute("SELECT id, title FROM sources").fetchall())


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --- export -------------------------------------------------------------------------------------------

def iter_tsv(db: sqlite_utils.Database, include_deprecated: bool = False) -> Iterator[bytes]:
    """OmegaT's glossary layout; only concepts with an English rendering to offer."""
    titles = {key: f"{title} [{AUTHORITY_LABELS.get(kind, kind)}]" if kind else title
              for key, title, kind in db.execute("SELECT id, title, authority FROM sources")}
    yield TSV_HEADER.encode()
    for record in iter_concepts(db):
        lines = []
        for zh, en in _pairs(record, include_deprecated):
            if en is None:
                continue
            comment = [en["status"]]
            if zh["pinyin"]:
                comment.append(zh["pinyin"])
            cited = [titles[k] for k in record.sources.get(en["id"], [])]
            if cited:
                comment.append(_SOURCE_PREFIX + " / ".join(cited))
            if en["note"]:
                comment.append(en["note"])
            lines.append("\t".join(_one_line(x) for x in (zh["term"], en["term"], "; ".join(comment))))
        if lines:
            yield ("\n".join(lines) + "\n").encode()


def iter_omegat(db: sqlite_utils.Database, include_deprecated: bool = False) -> Iterator[bytes]:
    """The TSV layout as a `.txt` glossary for OmegaT (3.6, Debian's, loads .tab/.txt/.utf8/.csv/.tbx, not
    .tsv), with a BOM so OmegaT reads it as UTF-8 on any system."""
    yield OMEGAT_BOM.encode()
    yield from iter_tsv(db, include_deprecated)


def table_records(db: sqlite_utils.Database, include_deprecated: bool = True) -> Iterator[list]:
    """The CSV's rows (after its header, CSV_COLUMNS), concept by concept: the CSV and .xlsx exports."""
    sources = {row[0]: row[1:] for row in db.execute("SELECT id, title, authority FROM sources")}
    for record in iter_concepts(db):
        c = record.concept
        concept_fields = [c["kind"] or "", c["subject"] or "", c["definition"] or "", c["note_zh"] or "",
                          c["note"] or ""]
        for zh, en in _pairs(record, include_deprecated):
            en = en or {}
            cited = record.sources.get(en.get("id"), [])
            contexts = "\n".join(f"[{x['document']} #{x['position'] + 1}] {_one_line(x['text'])}"
                                 for x in record.contexts.get(zh["id"], []))
            yield [
                c["slug"], zh["term"], zh["term_type"], zh["status"], zh["pinyin"] or "",
                en.get("term", ""), en.get("term_type", ""), en.get("status", ""),
                # several sources: one per line in the cell (a title may contain ";")
                "\n".join(sources[k][0] for k in cited), en.get("note") or "",
                "\n".join(cited), "\n".join(sources[k][1] or "" for k in cited),
                *concept_fields, contexts,
            ]


def iter_csv(db: sqlite_utils.Database, include_deprecated: bool = True) -> Iterator[bytes]:
    """Every Chinese term × English rendering with statuses, sources (titles, keys, authorities), the
    concept's fields and the Chinese term's example sentences; a concept without renderings gets its terms.
    UTF-8 with a byte-order mark, so a spreadsheet opened by double-click shows the Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    buffer.write(CSV_BOM)
    writer.writerow(CSV_COLUMNS)
    for row in table_records(db, include_deprecated):
        writer.writerow(row)
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


# --- import -------------------------------------------------------------------------------------------

_ALIASES = {
    "concept": {"concept", "id", "concept_id", "entry", "entry_id"},
    "zh": {"zh", "zh-hans", "chinese", "source", "中文", "简体", "term_zh", "zh_term"},
    "zh_hant": {"zh-hant", "zh_hant", "traditional", "繁体"},
    "zh_type": {"zh_type"},
    "zh_status": {"zh_status"},
    "pinyin": {"pinyin", "拼音"},
    "en": {"en", "english", "target", "translation", "term_en", "en_term", "英文"},
    "en_type": {"en_type", "type", "term_type"},
    "en_status": {"en_status", "status"},
    "sources": {"sources", "source_title", "reference", "references"},
    "note": {"note", "comment", "comments", "notes", "remark", "备注"},
    "source_keys": {"source_keys"},
    "source_authorities": {"source_authorities", "authority", "authorities"},
    "kind": {"kind"},
    "subject": {"subject", "subject_field", "subjectfield", "domain"},
    "definition": {"definition", "definition_en"},
    "note_zh": {"note_zh", "知识点"},
    "concept_note": {"concept_note", "usage_note"},
    "contexts": {"contexts", "context", "example", "examples"},
}


# memoQ (and other termbase tools) name language columns in words, with per-language suffixes
_LANGUAGE_NAMES = {"chinese": "zh", "中文": "zh", "english": "en", "英文": "en"}
_TRADITIONAL = ("taiwan", "hong kong", "macao", "macau", "traditional")
_SUFFIXES = {"def": "def", "definition": "def", "example": "example", "forbidden": "forbidden", "status": "status",
             "note": "lnote", "usage": "lnote", "info": "lnote"}
_ENTRY_COLUMNS = {"entry_id": "concept", "entry_subject": "subject", "entry_domain": "subject",
                  "entry_note": "concept_note"}


def _language_column(name: str) -> str | None:
    """zh / zh_hant / en for a language column: a code (zh-CN, en-US, zho-CN) or memoQ's name
    ("Chinese (PRC)", "Chinese (Taiwan)", "English (United States)")."""
    from glossary.interchange.records import normalise_lang

    word, _, region = name.partition("(")
    base = _LANGUAGE_NAMES.get(word.strip())
    if base == "zh":
        return "zh_hant" if any(r in region for r in _TRADITIONAL) else "zh"
    if base == "en":
        return "en"
    lang = normalise_lang(name)
    if lang == "zh-Hans" and name[:2] == "zh":
        return "zh"
    if lang == "zh-Hant":
        return "zh_hant"
    if lang == "en":
        return "en"
    return None


def _column_for(header: str) -> str | None:
    name = header.strip().lstrip("#").strip().lower()
    for column, names in _ALIASES.items():
        if name in names:
            return column
    if name in _ENTRY_COLUMNS:
        return _ENTRY_COLUMNS[name]
    base, _, suffix = name.rpartition("_")
    if base and suffix in _SUFFIXES:  # memoQ: "Chinese (PRC)_Def", "English (United States)_Forbidden"
        language = _language_column(base)
        return f"{language}_{_SUFFIXES[suffix]}" if language else None
    return _language_column(name)


def table_rows(path, header: list[str], body, start: int = 2) -> Iterator[tuple[int, dict, str]]:
    """Rows of a table (CSV, a spreadsheet's sheet) as column → value, columns found by header name."""
    columns = [_column_for(str(h or "")) for h in header]
    if "zh" not in columns and "zh_hant" not in columns:
        raise GlossaryError(f"{path}: the header names no Chinese column (zh, Chinese, zh-CN, Chinese (PRC) …): "
                            f"{header}")
    for number, row in enumerate(body, start=start):
        cells = ["" if cell is None else str(cell) for cell in row]
        if any(cell.strip() for cell in cells):
            yield number, {c: v.strip() for c, v in zip(columns, cells) if c and v.strip()}, ",".join(cells)


def _read_text(path: Path) -> str:
    try:
        text, _encoding = decode(path.read_bytes())
    except TextError as exc:
        raise GlossaryError(f"{path}: {exc}") from None
    return text.lstrip("\ufeff")


def read_table(path: str | Path, fmt: str):
    """A CSV or TSV file as (records.FileInfo, iterator of records.Entry) for importer.Importer."""
    from glossary.interchange.records import FileInfo, sha256

    path = Path(path)
    text = _read_text(path)
    info = FileInfo(path.name, fmt, sha256(path), title=path.name)
    rows = _csv_rows(path, text) if fmt == "csv" else _tsv_rows(text)
    entries = _entries(rows, fmt)
    # only this glossary's own TSV export is known to write a concept's synonyms together: in a file from
    # elsewhere two Chinese terms with the same rendering may well be two concepts
    ours = fmt == "tsv" and text.startswith(TSV_HEADER)
    return info, _synonyms_together(entries) if ours else entries


def _synonyms_together(entries):
    """Without a concept column, consecutive Chinese terms with exactly the same renderings (in the same order,
    with the same statuses) are one concept's synonyms, as the TSV export writes them: 职工代表大会 and 职代会."""
    def renderings(entry):
        return [(t.text, t.status) for t in entry.terms if t.lang == "en"]

    previous = None
    for entry in entries:
        if (previous is not None and not entry.key and not previous.key and not entry.skipped
                and renderings(entry) and renderings(entry) == renderings(previous)):
            previous.terms.extend(entry.terms)
            previous.original = f"{previous.original}\n{entry.original}"
            continue
        if previous is not None:
            yield previous
        previous = entry
    if previous is not None:
        yield previous


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, dict, str]]:
    sample = text[:4096]
    try:  # memoQ and European spreadsheets write ";" or tabs: the header line tells which
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise GlossaryError(f"{path}: empty CSV file")
    yield from table_rows(path, header, reader)


def _tsv_rows(text: str) -> Iterator[tuple[int, dict, str]]:
    columns = ["zh", "en", "note"]  # OmegaT's layout when the file names no columns
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#") or number == 1:
            named = [_column_for(h) for h in line.lstrip("#").split("\t")]
            # a first line that names a Chinese column and another one is a header, with or without the '#'
            if number == 1 and ("zh" in named or "zh_hant" in named) and sum(1 for c in named if c) >= 2:
                columns = [c or f"extra{i}" for i, c in enumerate(named)]
                continue
            if line.startswith("#"):
                continue
        cells = [c.strip() for c in line.split("\t")]
        if not line.strip():
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            yield number, None, line  # as OmegaT: a line needs a source and a target
            continue
        row = {c: v for c, v in zip(columns, cells) if v}
        if "note" in row and columns[:3] == ["zh", "en", "note"]:
            _parse_comment(row)
        yield number, row, line


def _parse_comment(row: dict) -> None:
    """Read back this glossary's TSV comment ("preferred; pinyin; source: …; note"), keeping anything else
    as the note."""
    from glossary.lang import pinyin as py
    from glossary.interchange.records import normalise_status

    rest = []
    parts = [p.strip() for p in row.pop("note").split(";")]
    while parts:
        part = parts.pop(0)
        if not part:
            continue
        if "en_status" not in row and normalise_status(part) and not rest:
            row["en_status"] = part
        elif part.lower().startswith(_SOURCE_PREFIX):
            # this glossary's sources each end in "[authority]": a title with ";" in it is joined again
            taken = part
            joined = taken
            for n, more in enumerate(parts, start=1):
                if _AUTHORITY_SUFFIX.match(taken):
                    break
                joined = f"{joined}; {more}"
                if _AUTHORITY_SUFFIX.match(joined):
                    taken, parts = joined, parts[n:]
                    break
            cited_list = []
            for cited in _split_cited(taken[len(_SOURCE_PREFIX):]):
                match = _AUTHORITY_SUFFIX.match(cited)  # "title [law]": the source's authority
                cited_list.append((match.group(1), _AUTHORITY_OF_LABEL.get(match.group(2)))
                                  if match and match.group(2) in _AUTHORITY_OF_LABEL else (cited, None))
            row["source_list"] = cited_list
        elif "pinyin" not in row and row.get("zh") and _is_reading_of(row["zh"], part):
            row["pinyin"] = part  # the reading, the derived one or one a person set (other tones, 银行 yín háng)
        else:
            rest.append(part)
    if rest:
        row["note"] = "; ".join(rest)


def _entries(rows: Iterator[tuple[int, dict, str]], fmt: str):
    """Rows grouped into entries: by the concept column where there is one, else by the Chinese term.
    Consecutive rows form a group, as every export writes them."""
    from glossary.interchange.records import Entry

    unit = "row" if fmt == "csv" else "line"
    current_key, entry, originals = None, None, []
    for number, row, original in rows:
        if row is None:
            yield Entry(None, f"{unit} {number}", skipped="skipped: no source and target separated by a tab")
            continue
        key = row.get("concept") or row.get("zh") or row.get("zh_hant") or f"{unit} {number}"
        if entry is not None and key != current_key:
            entry.original = "\n".join(originals)
            yield entry
            entry = None
        if entry is None:
            current_key, originals = key, []
            entry = Entry(row.get("concept"), f"{unit} {number}")
        originals.append(original)
        _add_row(entry, row)
    if entry is not None:
        entry.original = "\n".join(originals)
        yield entry


def _add_row(entry, row: dict) -> None:
    from glossary.interchange.records import Context, SourceRef, Term, normalise_term_type
    from glossary.interchange.term_status import read_status

    def add(lang: str, text: str | None, status: str | None = None, **fields) -> None:
        if text and not any(t.lang == lang and t.text == text for t in entry.terms):
            status, original = read_status(status)
            entry.terms.append(Term(lang, text, raw_lang=lang, status=status, status_original=original, **fields))

    contexts = []
    for line in (row.get("contexts") or "").splitlines():
        match = _CONTEXT_LINE.match(line.strip())
        if match:  # this glossary's "[document #N] sentence"
            key, number, text = match.groups()
            contexts.append(Context(text, citation=f"{key}, sentence {number}", document={"key": key}))
        elif line.strip():
            contexts.append(Context(line.strip()))
    contexts += [Context(x.strip()) for x in (row.get("zh_example") or "").splitlines() if x.strip()]
    add("zh-Hans", row.get("zh"), status=_status_cell(row, "zh"),
        type=normalise_term_type(row.get("zh_type")), pinyin=row.get("pinyin"), contexts=contexts,
        note=row.get("zh_lnote"))
    if row.get("zh_hant"):
        add("zh-Hant", row.get("zh_hant"), status=_status_cell(row, "zh_hant"), note=row.get("zh_hant_lnote"))
    if row.get("en_def") and not entry.definition:
        entry.definition = row["en_def"]
    for lang in ("zh", "zh_hant"):
        if row.get(f"{lang}_def") and not entry.note_zh:
            entry.note_zh = row[f"{lang}_def"]
    ours = "source_keys" in row  # this glossary's CSV: one source per line, a title may hold ";"
    titles, keys, kinds = (_cell_list(row.get(name), ours) for name in ("sources", "source_keys", "source_authorities"))
    sources = [SourceRef(key=keys[i] if len(keys) == len(titles) and keys[i] else None, title=title,
                         authority=kinds[i] if len(kinds) == len(titles) and kinds[i] else None)
               for i, title in enumerate(titles)]
    sources += [SourceRef(title=title, authority=kind) for title, kind in row.get("source_list", [])]
    for name, field_name in (("kind", "kind"), ("subject", "subject"), ("definition", "definition"),
                             ("note_zh", "note_zh"), ("concept_note", "note")):
        if row.get(name) and not getattr(entry, field_name):
            setattr(entry, field_name, row[name])
    note = "\n".join(x for x in (row.get("note"), row.get("en_lnote")) if x) or None
    add("en", row.get("en"), status=_status_cell(row, "en"),
        type=normalise_term_type(row.get("en_type")), note=note, sources=sources,
        contexts=[Context(x.strip()) for x in (row.get("en_example") or "").splitlines() if x.strip()])


def _is_reading_of(term: str, text: str) -> bool:
    """Whether text is a reading of term: the derived one up to tones, or any pinyin with a syllable for each
    character (one a person set: 中国人民银行 … yín háng where pypinyin says xíng)."""
    from glossary.lang import pinyin as py
    from glossary.store import termcheck

    if _toneless(py.reading(term).marks) == _toneless(text):
        return True
    return any(ch.isalpha() for ch in text) and termcheck.reading_problem(term, text) is None


def _toneless(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _cell_list(value: str | None, by_line: bool = False) -> list[str]:
    """A cell listing several things: one per line (this glossary's CSV: titles may hold ";"), else by ";"."""
    if not value:
        return []
    items = value.split("\n") if by_line or "\n" in value else value.split(";")
    return [item.strip() for item in items if item.strip()]


def _status_cell(row: dict, lang: str) -> str | None:
    """A term's status: its status column, or memoQ's forbidden flag (kept as the file's word, "Forbidden")."""
    from glossary.interchange.term_status import YES

    if (row.get(f"{lang}_forbidden") or "").strip().lower() in YES:
        return "Forbidden"
    return row.get(f"{lang}_status")
