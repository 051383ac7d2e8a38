"""Merging imported entries, of any format (records.py), into the glossary: the Importer.

Merging never overwrites curated work, and happens only on identity: an entry joins a concept that has one
of its Chinese terms when it has the concept's id, or nothing tells them apart (no other subject or
definition, an English rendering in common); two entries of one file with the same Chinese but other ids or
parts of speech are homographs and become two concepts; anything else in doubt is held for review. New
renderings and terms are added with the imported file as their source (import_sources.py), and where the
file disagrees with the glossary (another preferred rendering, another status, another definition) the
glossary's is kept and the disagreement reported. Statuses are read by meaning (term_status.py): a forbidden
term is deprecated, the file's own word kept in the note. What the glossary has no place for (an entry
without a Chinese term, terms in other languages, an entry in doubt) is kept untouched in the `import_held`
table and listed, never dropped in silence; the report also lists every merge with its reason, the data
categories dropped and what the import filled in where the file said nothing.

An import is one transaction (formats.import_file): any failure leaves the database exactly as it was, and a
dry run is the same import rolled back at the end, so its report is exactly what the real import would do.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date, datetime, timezone
from pathlib import Path

import sqlite_utils

from glossary.curation import edits as curation, journal
from glossary.store import concepts as store
from glossary.lang import pinyin as py
from glossary.store import termcheck
from glossary.store.curated import KINDS
from glossary.interchange.records import (
    GLOSSARY_LANGS, Entry, FileInfo, ImportReport, Term, append_text, clean_controls,
)
from glossary.interchange.term_status import original_note
from glossary.interchange.import_sources import ImportSources
from glossary.lang.text import to_simplified

JOURNAL_USER = "import"  # the journal's `user` for changes an import makes
# SQLite page cache while importing (negative: KiB): a large import inserts all over the term and search
# indexes, and with the default 2 MB cache most of those inserts go back to the disk.
IMPORT_CACHE_KIB = -65536
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    return text if text and text[0].isalpha() else (f"c-{text}" if text else "")


class Importer:
    """Merges entries into the database (inside a transaction the caller owns)."""

    def __init__(self, db: sqlite_utils.Database, info: FileInfo, report: ImportReport, user: str = JOURNAL_USER):
        self.db, self.info, self.report, self.user = db, info, report, user
        self.today = date.today().isoformat()
        self.file_key = slugify(Path(info.name).stem) or "file"
        self.sources = ImportSources(db, info, report, self.file_key)
        self.concept_of_key: dict[str, int] = {}
        self.pending_links: list[tuple[int, str, str, str]] = []
        self.journaled: list[tuple[int, str, dict | None]] = []  # (concept, slug, state before) to journal
        # concept → (entry id, parts of speech, made by this import) of the file's first entry there
        self.file_entries: dict[int, tuple[str | None, set[str], bool]] = {}
        self.created: set[int] = set()  # concepts this import made
        self.import_id = db["imports"].insert({
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "file": info.name,
            "sha256": info.sha256, "format": info.format,
        }).last_pk
        report.import_id = self.import_id
        if info.title and _meta(db, "title") is None:  # an empty glossary takes the termbase's title
            db["meta"].upsert_all(
                [{"key": "title", "value": info.title}]
                + ([{"key": "description", "value": info.description}] if info.description else []),
                pk="key",
            )

    def add(self, entry: Entry) -> None:
        if entry.skipped:
            self.report.warnings.append(f"{entry.where}: {entry.skipped}")
            return
        self.report.entries += 1
        self.report.terms_in_file += len(entry.terms)
        self.report.warnings.extend(clean_controls(entry))  # before anything is compared or written
        problem = next(filter(None, (termcheck.chinese_term_problem(t.text)
                                     for t in entry.terms_in("zh-Hans", "zh-Hant"))), None)
        if problem:  # markup or another script as a Chinese term: kept whole in import_held, not imported
            self._hold(entry, entry.terms, f"not a Chinese term: {problem}")
            self.report.terms["held"] += len(entry.terms)
            return
        self._statuses(entry)
        if entry.needs_holding():
            foreign = entry.foreign_terms()
            if not entry.terms_in("zh-Hans", "zh-Hant"):
                self._hold(entry, entry.terms, "no Chinese term")
            else:
                codes = sorted({t.raw_lang or "no language code" for t in foreign})
                self._hold(entry, foreign, "languages not in the glossary (" + ", ".join(codes) + ")")
        zh = self._chinese(entry)
        if zh:
            self.report.ignored.update(entry.ignored)  # (a wholly held entry keeps them in its XML)
            owners = self._owners([t["term"] for t in zh])
            same_id = [o for o in owners if entry.key and self._slug_of(o) == entry.key]
            if same_id:
                owners = set(same_id)
            if len(owners) > 1:
                slugs = ", ".join(sorted(self._slug_of(o) for o in owners))
                self._hold(entry, entry.terms_in(*GLOSSARY_LANGS),
                           f"its Chinese terms belong to different concepts ({slugs})")
            elif owners:
                owner = owners.pop()
                verdict, why = self._identity(entry, owner)
                slug = self._slug_of(owner)
                if verdict == "merge":
                    self._merge(entry, zh, owner)
                    self.report.joined.append(f"{entry.name} → {slug}: {why}")
                    self._made(entry, owner, created=owner in self.created)
                elif verdict == "new":
                    self.report.homographs.append(f"{entry.name}: a concept of its own beside {slug} ({why})")
                    self._made(entry, self._add_new(entry, zh), created=True)
                else:
                    self._hold(entry, entry.terms_in(*GLOSSARY_LANGS),
                               f"same Chinese as {slug}, but {why}: review before merging")
            else:
                self._made(entry, self._add_new(entry, zh), created=True)
        for term in entry.terms:
            self.report.terms[term.outcome or "held"] += 1

    def _statuses(self, entry: Entry) -> None:
        """Statuses the file wrote in words of its own: the value kept in the term's note, the mapping counted.
        An English context sentence (IATE has them) goes into the note too: the glossary's examples are Chinese."""
        for term in entry.terms:
            if term.lang == "en" and term.contexts:
                for context in term.contexts:
                    cited = f" ({context.citation})" if context.citation else ""
                    term.note = append_text(term.note, f"context: {context.text}{cited}")
                term.contexts = []
            if not term.status_original:
                continue
            note = original_note(term.status_original)
            if note not in (term.note or ""):
                term.note = f"{term.note}\n{note}" if term.note else note
            mapped = term.status or "not understood (no status given)"
            self.report.statuses[f"{term.status_original!r} → {mapped}"] += 1

    def _made(self, entry: Entry, concept_id: int, created: bool) -> None:
        """Which entry of this file made or joined a concept (homographs within the file are told apart)."""
        self.file_entries.setdefault(concept_id, (entry.key, entry.parts_of_speech(), created))

    def _identity(self, entry: Entry, concept_id: int) -> tuple[str, str]:
        """Whether an entry sharing a Chinese term with a concept is that concept: ("merge", why), ("new", why)
        for a homograph the file itself keeps apart, or ("hold", why) when in doubt."""
        slug = self._slug_of(concept_id)
        if entry.key and entry.key == slug:
            return "merge", "same id"
        made = self.file_entries.get(concept_id)
        if made is not None:
            key, pos, created = made
            # the file itself keeps them apart: a concept of its own where the other entry made the concept,
            # held where that entry joined one the glossary had
            verdict = "new" if created else "hold"
            if entry.key and key and entry.key != key:
                return verdict, f"same Chinese as another entry of the file ({key})"
            theirs = entry.parts_of_speech()
            if pos and theirs and not pos & theirs:
                return verdict, f"another part of speech ({', '.join(sorted(theirs))}) than entry {key or ''} of the file"
        subject, definition = self.db.execute(
            "SELECT subject, definition FROM concepts WHERE id = ?", [concept_id]).fetchone()
        for name, mine, theirs in (("subject field", subject, entry.subject),
                                   ("definition", definition, entry.definition)):
            if mine and theirs and not _compatible(mine, theirs, name == "subject field"):
                return "hold", f"another {name} (“{_preview(theirs)}”)"
        english = {_written(t.text).casefold() for t in entry.terms_in("en")}
        if not english:
            return "merge", "same Chinese, no English rendering to tell them apart"
        ours = {_written(t).casefold(): t for (t,) in self.db.execute(
            "SELECT term FROM terms WHERE concept_id = ? AND lang = 'en'", [concept_id])}
        shared = [ours[k] for k in ours if k in english]
        if not shared:
            return "hold", "no English rendering in common"
        return "merge", f"same Chinese, rendering “{shared[0]}” in common"

    def _hold(self, entry: Entry, held: list[Term], reason: str) -> None:
        for term in held:
            term.outcome = "held"
        original = entry.as_written()
        self.db["import_held"].insert(
            {
                "import_id": self.import_id,
                "entry": entry.name,
                "reason": reason,
                "terms": json.dumps([{"lang": t.raw_lang or t.lang, "term": t.text, "status": t.status}
                                     for t in held], ensure_ascii=False),
                "original": original,
                "fingerprint": hashlib.sha256(original.encode()).hexdigest(),
            },
            ignore=True,  # the same entry held again by a second import of the file
        )
        self.report.held.append(f"{entry.name}: {reason}")

    def _chinese(self, entry: Entry) -> list[dict]:
        """The entry's Chinese terms as zh-Hans terms, each with its traditional form and the file's terms
        it stands for. A traditional term pairs with the simplified term it converts to (exactly, else by
        lookup key); those left over pair in order when as many are left on each side (a curated traditional
        form that conversion does not give back); a traditional term alone gives its simplified form."""
        for t in entry.terms_in("zh-Hans"):
            if to_simplified(t.text) != t.text:  # 職工代表大會 under "zh" (Taiwan, Hong Kong): not simplified
                t.lang = "zh-Hant"
                self.report.warnings.append(f"{entry.where}: {t.text} is written in traditional characters: "
                                            f"imported as the traditional form of {to_simplified(t.text)}")
        hans, hant = entry.terms_in("zh-Hans"), entry.terms_in("zh-Hant")
        pairs: dict[int, Term] = {}
        unpaired = []
        for t in hant:
            simplified, key = to_simplified(t.text), store.chinese_key(t.text)
            free = [i for i in range(len(hans)) if i not in pairs]
            match = next((i for i in free if hans[i].text == simplified), None)
            if match is None:
                match = next((i for i in free if store.chinese_key(hans[i].text) == key), None)
            if match is None:
                unpaired.append(t)
            else:
                pairs[match] = t
        lone = [i for i in range(len(hans)) if i not in pairs]
        if unpaired and len(unpaired) == len(lone):
            pairs.update(zip(lone, unpaired))
            unpaired = []
        result = []
        for i, h in enumerate(hans):
            result.append({"term": h.text, "hant": pairs[i].text if i in pairs else None, "status": h.status,
                           "type": h.type, "note": h.note, "pinyin": h.pinyin, "reviewed": h.pinyin_reviewed,
                           "members": [h] + ([pairs[i]] if i in pairs else [])})
        for t in unpaired:
            result.append({"term": to_simplified(t.text), "hant": t.text, "status": t.status, "type": t.type,
                           "note": t.note, "pinyin": None, "reviewed": False, "members": [t]})
        unique, seen = [], set()
        for z in result:  # the same term twice in one entry counts once (written forms that differ are kept)
            if z["term"] in seen:
                for member in z["members"]:
                    member.outcome = "present"
                continue
            seen.add(z["term"])
            unique.append(z)
        return unique

    def _owners(self, texts: list[str]) -> set[int]:
        owners = set()
        for text in texts:
            for (cid,) in self.db.execute(
                "SELECT DISTINCT concept_id FROM terms WHERE norm = ? AND lang IN ('zh-Hans', 'zh-Hant')",
                [store.chinese_key(text)],
            ):
                owners.add(cid)
        return owners

    def _slug_of(self, concept_id: int) -> str:
        return self.db.execute("SELECT slug FROM concepts WHERE id = ?", [concept_id]).fetchone()[0]

    def _english(self, entry: Entry) -> list[Term]:
        """The entry's English terms, one per written form: "All-China …" and "All China …", or "Li Yuanfa"
        and a deprecated "Li YuanFa", are different renderings, though lookup folds them together."""
        english, seen = [], set()
        for term in entry.terms_in("en"):
            key = _written(term.text)
            if key in seen:
                term.outcome = "present"
                continue
            seen.add(key)
            english.append(term)
        return english

    def _pinyin_override(self, z: dict) -> str | None:
        """The file's reading where a person reviewed it, or where it differs from the one the glossary
        derives (either way it is then stored as reviewed)."""
        if not z["pinyin"]:
            return None
        problem = termcheck.reading_problem(z["term"], z["pinyin"])
        if problem:  # not pinyin (markup, another term's reading): the glossary derives the reading instead
            self.report.warnings.append(f"reading refused, derived instead: {problem}")
            return None
        if z["reviewed"]:
            return z["pinyin"]
        # the syllables alone, not py.reading(): insert_chinese_term derives the full reading once more anyway
        # (lower-cased both: the stored reading of T恤 is "t xù", the syllables "T xù")
        derived = " ".join(s for s in py.syllables(z["term"]) if s.strip()).lower()
        given = unicodedata.normalize("NFC", z["pinyin"].lower())
        return None if derived == given else z["pinyin"]

    def _zh_row(self, z: dict, status: str | None) -> dict:
        row = {"term": z["term"], "type": self._term_type(z["type"]), "note": z["note"]}
        if status:
            row["status"] = status
        if z["hant"]:
            row["hant"] = z["hant"]
        override = self._pinyin_override(z)
        if override:
            row["pinyin"] = override
        return row

    def _add_new(self, entry: Entry, zh: list[dict]) -> int:
        english = self._english(entry)
        preferred = [t for t in english if t.status == "preferred"]
        for extra in preferred[1:]:
            self.report.warnings.append(
                f"{entry.name}: more than one preferred rendering; “{extra.text}” imported as admitted")
        # no preferred rendering: the first without a status, else the first the file approved in words of its
        # own ("Approved"); never one it deprecates or whose status is not understood
        unmarked = [t for t in english if t.status is None and not t.status_original] or [
            t for t in english if t.status == "admitted" and t.status_original]
        promoted = unmarked[0] if not preferred and unmarked else None
        if promoted is not None:
            self.report.warnings.append(
                f"{entry.name}: no rendering marked preferred; took the first, “{promoted.text}”")
        en_rows = []
        for term in english:
            if term is promoted or (preferred and term is preferred[0]):
                status = "preferred"
            else:
                status = term.status if term.status in ("admitted", "deprecated") else "admitted"
            en_rows.append({"term": term.text, "status": status, "type": self._term_type(term.type),
                            "note": term.note, "sources": self.sources.keys_of(term)})
        slug = self._new_slug(entry, english, zh)
        zh_rows = []
        for position, z in enumerate(zh):
            status = z["status"] or ("preferred" if position == 0 else "admitted")
            zh_rows.append(self._zh_row(z, status))
        if entry.kind not in KINDS:
            self.report.defaulted["kind: none in the file, 'general' given"] += 1
        if not entry.created:
            self.report.defaulted["origination date: none in the file, the import's date given"] += 1
        concept_id = store.insert_concept(self.db, {
            "id": slug,
            "kind": entry.kind if entry.kind in KINDS else "general",
            "subject": entry.subject,
            "definition": entry.definition,
            "note_zh": entry.note_zh,
            "note": entry.note,
            "created": entry.created or self.today,
            "modified": entry.modified or entry.created or self.today,
            "zh": zh_rows,
            "en": en_rows,
        })
        for z in zh:
            for member in z["members"]:
                member.outcome = "added"
        for term in english:
            term.outcome = "added"
        self._after_terms(entry, concept_id, zh, english)
        self.report.added.append(slug)
        self.journaled.append((concept_id, slug, None))
        self.created.add(concept_id)
        return concept_id

    def _term_type(self, given: str | None) -> str:
        if given:
            return given
        self.report.defaulted["termType: none in the file, fullForm given"] += 1
        return "fullForm"

    def _new_slug(self, entry: Entry, english: list[Term], zh: list[dict]) -> str:
        if entry.key and _SLUG.match(entry.key) and not self._slug_taken(entry.key):
            return entry.key  # the file's id, when it can be a slug: what a round trip needs
        from_key = slugify(entry.key or "")
        if entry.key and entry.key[0].isalpha() and from_key and not self._slug_taken(from_key):
            return from_key  # IATE-3526311 → iate-3526311: the file's id still recognisable
        preferred = next((t for t in english if t.status == "preferred"), english[0] if english else None)
        return curation.suggest_slug(self.db, {
            "en": [{"term": preferred.text, "status": "preferred"}] if preferred else [],
            "zh": [{"term": zh[0]["term"]}],
        })

    def _slug_taken(self, slug: str) -> bool:
        return self.db.execute("SELECT 1 FROM concepts WHERE slug = ?", [slug]).fetchone() is not None

    def _merge(self, entry: Entry, zh: list[dict], concept_id: int) -> None:
        concept = dict(zip(
            ("slug", "kind", "subject", "definition", "note_zh", "note"),
            self.db.execute("SELECT slug, kind, subject, definition, note_zh, note FROM concepts WHERE id = ?",
                            [concept_id]).fetchone(),
        ))
        slug, changed = concept["slug"], False
        before = store.concept_state(self.db, concept_id)
        # Chinese terms: new synonyms join the concept (never as a second preferred term)
        ours = {
            norm: status for norm, status in self.db.execute(
                "SELECT norm, status FROM terms WHERE concept_id = ? AND lang = 'zh-Hans'", [concept_id])
        }
        position = self.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM terms WHERE concept_id = ? AND lang = 'zh-Hans'",
            [concept_id]).fetchone()[0]
        for z in zh:
            key = store.chinese_key(z["term"])
            if key in ours or self._owners([z["term"]]) == {concept_id}:
                outcome = "present"
            else:
                status = "admitted" if z["status"] in (None, "preferred") else z["status"]
                store.insert_chinese_term(self.db, concept_id, self._zh_row(z, status), position)
                position += 1
                outcome, changed = "added", True
            for member in z["members"]:
                member.outcome = outcome
        # English renderings: new ones added; a disagreement is reported, the glossary's kept
        rows = self.db.execute(
            "SELECT id, term, status FROM terms WHERE concept_id = ? AND lang = 'en' ORDER BY position",
            [concept_id]).fetchall()
        existing = {_written(term): (term_id, status, term) for term_id, term, status in rows}
        preferred = next((term for _id, term, status in rows if status == "preferred"), None)
        position = len(rows)
        english = self._english(entry)
        for term in english:
            key = _written(term.text)
            if key in existing:
                term_id, status, text = existing[key]
                if term.status not in (None, status):
                    self.report.conflicts.append(
                        f"{slug}: “{text}” is {status} in the glossary, {term.status} in the file")
                    term.outcome = "conflict"
                    continue
                term.outcome = "present"
                new_sources = [k for k in self.sources.keys_of(term) if not self.db.execute(
                    "SELECT 1 FROM term_sources WHERE term_id = ? AND source_id = ?", [term_id, k]).fetchone()]
                if new_sources:
                    self.db["term_sources"].insert_all(
                        [{"term_id": term_id, "source_id": k} for k in new_sources])
                    changed = True
                continue
            status = term.status or "admitted"
            if status == "preferred" and preferred is not None:
                self.report.conflicts.append(
                    f"{slug}: the file prefers “{term.text}”, the glossary prefers “{preferred}” (not added)")
                term.outcome = "conflict"
                continue
            if status == "preferred":
                preferred = term.text
            self._insert_english(concept_id, term, status, position)
            position += 1
            term.outcome, changed = "added", True
        # concept fields: fill what is empty, report what differs
        for name in ("kind", "subject", "definition", "note_zh", "note"):
            theirs = getattr(entry, name)
            if not theirs or (name == "kind" and theirs not in KINDS):
                continue
            mine = concept[name]
            if mine == theirs:
                continue
            if not mine or (name == "kind" and mine == "general"):
                self.db.execute(f"UPDATE concepts SET {name} = ? WHERE id = ?", [theirs, concept_id])
                changed = True
            elif " ".join(mine.split()) != " ".join(theirs.split()):
                self.report.conflicts.append(
                    f"{slug}: {name}: the file has “{_preview(theirs)}”, the glossary “{_preview(mine)}”")
        if changed:
            self.db.execute("UPDATE concepts SET version = version + 1, modified = ? WHERE id = ?",
                            [self.today, concept_id])
        self._after_terms(entry, concept_id, zh, english)
        (self.report.merged if changed else self.report.unchanged).append(slug)
        if changed:
            self.journaled.append((concept_id, slug, before))

    def _insert_english(self, concept_id: int, term: Term, status: str, position: int) -> int:
        term_id = self.db["terms"].insert({
            "concept_id": concept_id, "lang": "en", "term": term.text, "term_type": self._term_type(term.type),
            "status": status, "position": position, "note": term.note, "norm": store.english_key(term.text),
        }).last_pk
        self.db["term_sources"].insert_all([{"term_id": term_id, "source_id": k} for k in self.sources.keys_of(term)])
        return term_id

    def _after_terms(self, entry: Entry, concept_id: int, zh: list[dict], english: list[Term]) -> None:
        """Links (resolved at the end, when every entry is in) and example sentences."""
        if entry.key:
            self.concept_of_key.setdefault(entry.key, concept_id)
        for target, kind in entry.links:
            self.pending_links.append((concept_id, target, kind, entry.name))
        for z in zh:
            for member in z["members"]:
                if member.contexts:
                    self.sources.add_contexts(concept_id, member)
        for term in english:  # the glossary's example sentences are Chinese
            if term.contexts:
                self.report.ignored["context of an English term"] += len(term.contexts)

    def finish(self) -> None:
        self.sources.add_back_matter()
        for concept_id, target, kind, name in self.pending_links:
            target_id = self.concept_of_key.get(target)
            if target_id is None:
                found = self.db.execute("SELECT id FROM concepts WHERE slug = ?", [target]).fetchone()
                target_id = found[0] if found else None
            if target_id is None:
                self.report.warnings.append(f"{name}: cross-reference to {target!r}, which is not in the glossary")
                continue
            if target_id != concept_id:
                self.db["links"].insert({"concept_id": concept_id, "target_id": target_id, "type": kind}, ignore=True)
        # every concept the import made or changed goes into the curation journal (history, restore);
        # written last, so the states include the links
        summary = f"import #{self.import_id} of {self.info.name}"
        for concept_id, slug, before in self.journaled:
            journal.record(self.db, self.user, "import", concept_id=concept_id, slug=slug,
                           summary=("merged from " if before else "added from ") + summary,
                           before=before, after=store.concept_state(self.db, concept_id))
        self.db["imports"].update(self.import_id, {
            "source_id": self.sources.file_source_key,
            "report": json.dumps(self.report.as_dict(), ensure_ascii=False),
        })


def _compatible(mine: str, theirs: str, nested: bool) -> bool:
    """The same field value, spacing, case and final full stop aside; for a subject field also a broader or
    narrower one ("labour relations" and "labour relations; wages")."""
    a, b = (" ".join(x.split()).casefold().rstrip(".。") for x in (mine, theirs))
    return a == b or (nested and (a in b or b in a))


def _written(text: str) -> str:
    """A rendering as written, for telling renderings apart: Unicode-normalised, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _preview(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _meta(db, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None

