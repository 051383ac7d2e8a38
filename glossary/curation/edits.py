"""Curation: editors change concepts, safely. (Reviewing mined candidates is glossary.curation.candidate_review's,
editing the list of sources glossary.curation.sources'; candidate review writes concepts through this module.)

A concept is edited as a whole *state* in the shape of data/concepts.yaml (`concept_state`): the editor gets
the state with its version number, changes it, and `save_concept` writes it back only if nobody saved the
concept in between (optimistic concurrency on concepts.version); otherwise it raises EditConflict carrying
the other editor's state and the differences. Every write is one transaction that also writes its journal
row (glossary/journal.py), so the history holds every state a concept has had and any can be restored.

Chinese terms keep their rows when unchanged (their example sentences stay linked); English renderings are
rewritten in the submitted order. New concepts go through glossary.store.concepts.insert_concept, like the build,
so they get the same derived fields (traditional form, pinyin, search keys).
"""
from __future__ import annotations

import copy
import re
import unicodedata

import sqlite_utils
from pypinyin.contrib.tone_convert import to_tone

from glossary.store import curated, concepts as store
from glossary.curation import journal
from glossary.curation.example_links import relink_examples, sentences_containing
from glossary.lang import pinyin as py
from glossary.store import termcheck
from glossary.store.schema import GlossaryError
from glossary.store.concepts import CONCEPT_FIELDS
from glossary.lang.text import is_cjk, to_traditional

ZH_TYPES = ("fullForm", "abbreviation", "acronym", "shortForm", "variant", "phrase")


class NotFound(GlossaryError):
    pass


class EditConflict(GlossaryError):
    """Someone saved the concept after the editor loaded it: nothing was written."""

    def __init__(self, slug: str, expected_version: int, theirs: dict, yours: dict, changes: list[dict],
                 reader: str | None = None, action: str = "edit"):
        self.slug = slug
        self.expected_version = expected_version
        self.theirs = theirs  # the state saved now
        self.yours = yours  # the state the editor submitted
        self.changes = changes  # journal entries made since the editor's version
        self.differences = differences(theirs, yours)
        # the message is read by the editor whose save was refused (`reader`): their own change, made in
        # another window, is "you", not their name as if someone else had made it
        names = [("you (in another window)" if name == reader else name)
                 for name in dict.fromkeys(c["user"] for c in changes)]
        who = " and ".join(names) or "someone"
        versions = f"version {expected_version} → {theirs['version']}"
        if action == "restore":  # from the history page: nothing was being edited, there is no form to compare
            message = (f"{slug} has changed since you opened its history ({versions}, by {who}); nothing was "
                       "restored — the history now shows that change: choose the state to restore again")
        else:
            message = (f"{slug} was changed by {who} while you were editing ({versions}); nothing was saved — "
                       "compare and submit again")
        super().__init__(message)


# --- reading a concept's state ----------------------------------------------------------------------------

def rows_as_dicts(db, sql, params=()) -> list[dict]:
    """The rows of a query as {column: value} dicts."""
    cursor = db.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def require_concept(db: sqlite_utils.Database, slug: str) -> int:
    concept_id = store.concept_id_for(db, slug)
    if concept_id is None:
        raise NotFound(f"no concept {slug!r}")
    return concept_id


# --- differences, for conflicts and the journal's summaries -------------------------------------------------

def _flatten(state: dict | None) -> dict[str, str]:
    if not state:
        return {}
    out = {field: state.get(field) or "" for field in CONCEPT_FIELDS}
    for t in state.get("zh") or []:
        reading = (t.get("pinyin") or "") + (" (reviewed)" if t.get("pinyin_reviewed") else "")
        parts = [t.get("type") or "", t.get("status") or "", t.get("hant") or "", reading, t.get("note") or ""]
        out[f"Chinese term {t['term']}"] = "; ".join(p for p in parts if p)
    out["Chinese term order"] = " | ".join(t["term"] for t in state.get("zh") or [])
    for t in state.get("en") or []:
        parts = [t.get("status") or "", t.get("type") or "", "source: " + ", ".join(t.get("sources") or []), t.get("note") or ""]
        out[f"rendering {t['term']}"] = "; ".join(p for p in parts if p)
    out["rendering order"] = " | ".join(t["term"] for t in state.get("en") or [])
    out["related"] = ", ".join(state.get("related") or [])
    out["broader"] = state.get("broader") or ""
    return out


def differences(before: dict | None, after: dict | None) -> list[dict]:
    """What differs between two states: [{field, before, after}], a missing side as None."""
    a, b = _flatten(before), _flatten(after)
    out = []
    for field in list(a) + [f for f in b if f not in a]:
        if a.get(field) != b.get(field):
            out.append({"field": field, "before": a.get(field), "after": b.get(field)})
    return out


def describe(before: dict | None, after: dict | None) -> str:
    """A one-line summary of a change for the history list."""
    parts = []
    for d in differences(before, after):
        if d["before"] in (None, "") and d["after"]:
            parts.append(f"{d['field']} added")
        elif d["after"] in (None, "") and d["before"]:
            parts.append(f"{d['field']} removed")
        else:
            parts.append(f"{d['field']} changed")
    return "; ".join(parts) or "no change"


# --- checking a state -------------------------------------------------------------------------------------

def clean_value(value):
    """A submitted value tidied: text NFC and trimmed, blank text None; anything else as it is."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value or None
    return value


def normalize_state(state: dict, slug: str) -> dict:
    """A submitted state tidied: text trimmed, blanks dropped, the slug fixed to the concept's own."""
    state = copy.deepcopy(state)
    out = {"id": slug}
    for field in CONCEPT_FIELDS:
        out[field] = clean_value(state.get(field))
    out["zh"] = []
    for t in state.get("zh") or []:
        term = clean_value(t.get("term"))
        if not term:
            continue
        out["zh"].append(
            {
                "term": term,
                "hant": clean_value(t.get("hant")),
                "type": clean_value(t.get("type")) or "fullForm",
                "status": clean_value(t.get("status")) or ("preferred" if not out["zh"] else "admitted"),
                "pinyin": clean_value(t.get("pinyin")),
                "pinyin_reviewed": bool(t.get("pinyin_reviewed")),
                "note": clean_value(t.get("note")),
            }
        )
    out["en"] = []
    for t in state.get("en") or []:
        term = clean_value(t.get("term"))
        if not term:
            continue
        sources = [s for s in (clean_value(s) for s in t.get("sources") or []) if s]
        out["en"].append(
            {
                "term": term,
                "status": clean_value(t.get("status")),
                "type": clean_value(t.get("type")) or "fullForm",
                "note": clean_value(t.get("note")),
                "sources": list(dict.fromkeys(sources)),
            }
        )
    out["related"] = sorted(dict.fromkeys(s for s in (clean_value(s) for s in state.get("related") or []) if s))
    out["broader"] = clean_value(state.get("broader"))
    return out


def known_sources(db: sqlite_utils.Database) -> dict[str, dict]:
    return {row["id"]: row for row in rows_as_dicts(db, "SELECT * FROM sources ORDER BY id")}


def parse_reading(term: str, text: str) -> str:
    """A reading typed by an editor — tone marks ("zhí dài huì") or numbers ("zhi2 dai4 hui4") — as tone
    marks, one syllable per Chinese character of the term; GlossaryError if it does not fit the term."""
    termcheck.check_chinese_term(term)  # the term first: the reading of markup is not the problem to report
    tokens = (text or "").replace("'", " ").replace("’", " ").split()
    expected = [s for s in py.syllables(term) if s.strip()]
    if len(tokens) != len(expected):
        raise GlossaryError(
            f"{term}: a reading needs {len(expected)} syllable(s), one per character (e.g. {' '.join(expected)}); got {len(tokens)}"
        )
    marks = []
    for token, auto in zip(tokens, expected):
        token = unicodedata.normalize("NFC", token.lower().replace("u:", "ü").replace("v", "ü"))
        if re.fullmatch(r"[a-zü]+[1-5]", token):
            token = to_tone(token) if not token.endswith("5") else token[:-1]
        if token != auto and not termcheck.is_pinyin_syllable(token):
            raise GlossaryError(f"{term}: {token[:40]!r} is not a pinyin syllable")
        marks.append(token)
    return " ".join(marks)


def validate_state(db: sqlite_utils.Database, state: dict, concept_id: int | None) -> None:
    """Raise GlossaryError naming the first problem of a state about to be written."""
    sources = known_sources(db)
    try:
        curated.validate_concepts([{**state, "related": [], "broader": None}], sources, where="entry")
    except GlossaryError as exc:
        # drop the "entry: concept <slug>: " prefix meant for files
        raise GlossaryError(str(exc).split(": ", 2)[-1]) from None
    for t in state["zh"]:
        if t["status"] not in curated.STATUSES:
            raise GlossaryError(f"{t['term']}: status must be one of {', '.join(curated.STATUSES)}")
        termcheck.check_chinese_term(t["term"])
        owner = db.execute(
            "SELECT c.slug FROM terms t JOIN concepts c ON c.id = t.concept_id "
            "WHERE t.lang = 'zh-Hans' AND t.norm = ? AND t.concept_id != ?",
            [store.chinese_key(t["term"]), concept_id or -1],
        ).fetchone()
        if owner:
            raise GlossaryError(f"{t['term']} is already a term of concept {owner[0]}")
        if t["pinyin_reviewed"]:
            t["pinyin"] = parse_reading(t["term"], t["pinyin"] or "")
    if not state["en"]:  # a glossary entry is for its English: a house proposal when no authority gives one
        raise GlossaryError("needs an English rendering (cite 'house' for a house proposal)")
    seen = set()
    for t in state["en"]:
        # the same text twice; spellings that fold alike are distinct renderings ("All-China" and "All China",
        # "Li Yuanfa" and a deprecated "Li YuanFa")
        if t["term"] in seen:
            raise GlossaryError(f"the rendering {t['term']!r} is listed twice")
        seen.add(t["term"])
    targets = list(state["related"]) + ([state["broader"]] if state["broader"] else [])
    for target in targets:
        if target == state["id"]:
            raise GlossaryError("a concept cannot link to itself")
        if store.concept_id_for(db, target) is None or not re.match(r"^[a-z]", target):
            raise GlossaryError(f"links to unknown concept {target!r}")


# --- writing ----------------------------------------------------------------------------------------------

def _apply_reading(db, term_id: int, term: str, marks: str | None, reviewed: bool) -> None:
    if reviewed and marks:
        termcheck.check_reading(term, marks)
    reading = py.reading_from_marks(marks.split()) if reviewed and marks else py.reading(term)
    db.execute(
        "UPDATE terms SET pinyin = ?, pinyin_numbers = ?, pinyin_reviewed = ?, pinyin_key = ?, "
        "pinyin_tone_key = ?, pinyin_num_key = ?, initials = ? WHERE id = ?",
        [reading.marks, reading.numbers, 1 if reviewed else 0, *py.search_keys(reading).values(), term_id],
    )


def _insert_rendering(db, concept_id: int, term: dict, position: int) -> None:
    term_id = db["terms"].insert(
        {
            "concept_id": concept_id,
            "lang": "en",
            "term": term["term"],
            "term_type": term.get("type") or "fullForm",
            "status": term["status"],
            "position": position,
            "note": term.get("note"),
            "norm": store.english_key(term["term"]),
        }
    ).last_pk
    db["term_sources"].insert_all([{"term_id": term_id, "source_id": s} for s in term["sources"]])


def _delete_terms(db, term_ids: list[int]) -> set[int]:
    """Delete terms with their sources and examples; return the sentences whose examples must be redone."""
    if not term_ids:
        return set()
    marks = ",".join("?" * len(term_ids))
    sentences = {row[0] for row in db.execute(f"SELECT sentence_id FROM examples WHERE term_id IN ({marks})", term_ids)}
    db.execute(f"DELETE FROM examples WHERE term_id IN ({marks})", term_ids)
    db.execute(f"DELETE FROM term_sources WHERE term_id IN ({marks})", term_ids)
    # zh-Hant rows point at their zh-Hans row: delete them first
    db.execute(f"DELETE FROM terms WHERE id IN ({marks}) AND hans_id IS NOT NULL", term_ids)
    db.execute(f"DELETE FROM terms WHERE id IN ({marks})", term_ids)
    return sentences


def prescan(db: sqlite_utils.Database, state: dict) -> dict[str, set[int]]:
    """The sentences holding each Chinese form a save may add to the glossary, found before the write lock
    is taken: finding them scans every sentence (about a second at a million), and in WAL mode this read
    blocks no one. Sentences only change when the glossary is rebuilt, so the result holds inside the
    transaction."""
    texts: list[str] = []
    for t in state.get("zh") or []:
        term = clean_value(t.get("term"))
        if not term:
            continue
        for text in dict.fromkeys([term, clean_value(t.get("hant")) or to_traditional(term)]):
            if text not in texts and not db.execute("SELECT 1 FROM terms WHERE norm = ? AND term = ?",
                                                    [store.chinese_key(text), text]).fetchone():
                texts.append(text)
    return sentences_containing(db, texts)


def _apply_state(db, concept_id: int, new: dict, found: dict[str, set[int]] | None = None) -> None:
    """Make the database hold `new` for this concept (inside the caller's transaction)."""
    db.execute(
        "UPDATE concepts SET " + ", ".join(f"{f} = ?" for f in CONCEPT_FIELDS) + " WHERE id = ?",
        [new[f] for f in CONCEPT_FIELDS] + [concept_id],
    )
    # Chinese terms: keep the rows of terms that stay, so their examples stay linked
    existing = {
        row["term"]: row
        for row in rows_as_dicts(db, "SELECT * FROM terms WHERE concept_id = ? AND lang = 'zh-Hans'", [concept_id])
    }
    hant_rows = {row["hans_id"]: row for row in rows_as_dicts(db, "SELECT * FROM terms WHERE concept_id = ? AND lang = 'zh-Hant'", [concept_id])}
    wanted = {t["term"] for t in new["zh"]}
    removed = [row["id"] for term, row in existing.items() if term not in wanted]
    removed += [hant_rows[i]["id"] for i in removed if i in hant_rows]
    affected = _delete_terms(db, removed)
    added: list[str] = []
    for position, t in enumerate(new["zh"]):
        hant = t["hant"] or to_traditional(t["term"])
        row = existing.get(t["term"])
        if row is None:
            store.insert_chinese_term(
                db, concept_id,
                {"term": t["term"], "type": t["type"], "status": t["status"], "note": t["note"], "hant": hant,
                 **({"pinyin": t["pinyin"]} if t["pinyin_reviewed"] else {})},
                position,
            )
            added += [t["term"], hant]
            continue
        common = [t["type"], t["status"], position, t["note"]]
        db.execute("UPDATE terms SET term_type = ?, status = ?, position = ?, note = ? WHERE id = ?", common + [row["id"]])
        if t["pinyin_reviewed"] != bool(row["pinyin_reviewed"]) or (t["pinyin_reviewed"] and t["pinyin"] != row["pinyin"]):
            _apply_reading(db, row["id"], t["term"], t["pinyin"], t["pinyin_reviewed"])
        hant_row = hant_rows.get(row["id"])
        if hant_row is None:
            db["terms"].insert({"concept_id": concept_id, "lang": "zh-Hant", "term": hant, "hans_id": row["id"],
                                "term_type": t["type"], "status": t["status"], "position": position, "note": t["note"],
                                "norm": store.chinese_key(hant)})
            added.append(hant)
            continue
        if hant != hant_row["term"]:
            affected |= {r[0] for r in db.execute("SELECT sentence_id FROM examples WHERE term_id = ?", [hant_row["id"]])}
            added.append(hant)
        db.execute(
            "UPDATE terms SET term = ?, norm = ?, term_type = ?, status = ?, position = ?, note = ? WHERE id = ?",
            [hant, store.chinese_key(hant)] + common + [hant_row["id"]],
        )
    if affected or added:
        relink_examples(db, affected, added, found)
    # English renderings: rewritten in the submitted order
    en_ids = [row[0] for row in db.execute("SELECT id FROM terms WHERE concept_id = ? AND lang = 'en'", [concept_id])]
    _delete_terms(db, en_ids)
    for position, t in enumerate(new["en"]):
        _insert_rendering(db, concept_id, t, position)
    # links from this concept (links to it belong to the other concepts)
    db.execute("DELETE FROM links WHERE concept_id = ?", [concept_id])
    links = [{"concept_id": concept_id, "target_id": store.concept_id_for(db, s), "type": "related"} for s in new["related"]]
    if new["broader"]:
        links.append({"concept_id": concept_id, "target_id": store.concept_id_for(db, new["broader"]), "type": "broader"})
    db["links"].insert_all(links, ignore=True)


def _keep_citation_order(new: dict, current: dict) -> None:
    """A rendering's sources in the order it already cites them, new ones after: a form lists sources in
    its own order, and submitting it unchanged must change nothing."""
    cited = {t["term"]: t.get("sources") or [] for t in current.get("en") or []}
    for t in new["en"]:
        before = cited.get(t["term"])
        if before:
            chosen = t["sources"]
            t["sources"] = [s for s in before if s in chosen] + [s for s in chosen if s not in before]


def _same(a: dict, b: dict) -> bool:
    return not differences(a, b)


def _changes_since(db, concept_id: int, version: int) -> list[dict]:
    return [e for e in journal.history(db, concept_id=concept_id, oldest_first=True)
            if e["after"] and isinstance(e["after"], dict) and (e["after"].get("version") or 0) > version]


def save_state(db, concept_id: int, state: dict, expected_version: int | None, user: str, action: str, summary: str | None,
          candidate_id: int | None = None, found: dict[str, set[int]] | None = None) -> dict:
    """save_concept's body, inside the caller's transaction."""
    current = store.concept_state(db, concept_id)
    new = normalize_state(state, current["id"])
    _keep_citation_order(new, current)
    if action == "edit":
        _mark_reviewed_readings(new, current)
    _fill_derived(new, current)
    if expected_version is not None and int(expected_version) != current["version"]:
        raise EditConflict(current["id"], int(expected_version), current, new,
                           _changes_since(db, concept_id, int(expected_version)), reader=user, action=action)
    validate_state(db, new, concept_id)
    if _same(current, new):
        return current
    _apply_state(db, concept_id, new, found)
    db.execute("UPDATE concepts SET version = version + 1, modified = ? WHERE id = ?", [journal.today(), concept_id])
    after = store.concept_state(db, concept_id)
    journal.record(db, user, action, concept_id=concept_id, slug=current["id"], candidate_id=candidate_id,
                   summary=summary or describe(current, after), before=current, after=after)
    return after


def save_concept(db: sqlite_utils.Database, slug: str, state: dict, expected_version: int | None, user: str,
                 summary: str | None = None) -> dict:
    """Replace a concept's state if it is still at `expected_version` (None: whatever it is now); return the
    saved state. Raises EditConflict (nothing written) if someone saved in between; GlossaryError if the
    state is invalid. An unchanged state writes nothing."""
    found = prescan(db, state)
    with journal.transaction(db):
        return save_state(db, require_concept(db, slug), state, expected_version, user, "edit", summary, found=found)


def correct_reading(db: sqlite_utils.Database, slug: str, term: str, reading: str, expected_version: int | None,
                    user: str) -> dict:
    """Set a person-reviewed pinyin reading for one Chinese term of a concept (tone marks or numbers)."""
    with journal.transaction(db):
        concept_id = require_concept(db, slug)
        state = store.concept_state(db, concept_id)
        match = [t for t in state["zh"] if t["term"] == term]
        if not match:
            raise NotFound(f"{slug} has no Chinese term {term}")
        match[0].update(pinyin=parse_reading(term, reading), pinyin_reviewed=True)
        return save_state(db, concept_id, state, expected_version, user, "edit", f"reading of {term} set to {match[0]['pinyin']}")


def restore(db: sqlite_utils.Database, slug: str, entry_id: int, user: str, expected_version: int | None = None,
            side: str = "after") -> dict:
    """Make a concept what it was right after journal entry `entry_id` (side="after") or right before it
    ("before"). The restore is itself journaled, so it can be undone the same way."""
    entry = journal.get_entry(db, entry_id)
    state = entry.get(side) if entry and side in ("before", "after") else None
    if not entry or entry["slug"] != slug or not isinstance(state, dict) or "zh" not in state:
        raise NotFound(f"no earlier state of {slug} {side} change #{entry_id}")
    found = prescan(db, state)
    with journal.transaction(db):
        return save_state(db, require_concept(db, slug), state, expected_version, user, "restore",
                     f"restored the state {side} change #{entry_id} ({entry['at']})", found=found)


# --- new concepts ---------------------------------------------------------------------------------------

def suggest_slug(db: sqlite_utils.Database, state: dict) -> str:
    """An unused slug: from the preferred English rendering, else the pinyin of the head term."""
    preferred = next((t["term"] for t in state.get("en") or [] if t.get("status") == "preferred" and t.get("term")), None)
    if preferred:
        base = unicodedata.normalize("NFKD", store.english_key(preferred)).encode("ascii", "ignore").decode()
    else:
        head = (state.get("zh") or [{}])[0].get("term") or ""
        base = py.reading(head).plain if head else "concept"
    base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:60].strip("-") or "concept"
    if not base[0].isalpha():
        base = "c-" + base
    slug, n = base, 2
    while store.concept_id_for(db, slug) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def draft_concept(term: str, kind: str = "general") -> dict:
    """A new concept's starting state for one Chinese term: traditional form and pinyin filled in."""
    return {
        "id": "",
        "kind": kind if kind in curated.KINDS else "general",
        "subject": None, "definition": None, "note_zh": None, "note": None,
        "zh": [{"term": term, "hant": to_traditional(term), "type": "fullForm", "status": "preferred",
                "pinyin": py.reading(term).marks, "pinyin_reviewed": False, "note": None}],
        "en": [], "related": [], "broader": None,
    }


def _mark_reviewed_readings(state: dict, current: dict | None = None) -> None:
    """A reading the editor changed (from the stored one, or the automatic one for a new term) is a
    person's reading: mark it reviewed, so it is kept and shown as such."""
    stored = {t["term"]: t["pinyin"] for t in (current or {}).get("zh") or []}
    for t in state["zh"]:
        if t["pinyin_reviewed"] or not t["pinyin"]:
            continue
        before = stored.get(t["term"]) or py.reading(t["term"]).marks
        if t["pinyin"] != before and parse_reading(t["term"], t["pinyin"]) != before:
            t["pinyin_reviewed"] = True


def _fill_derived(state: dict, current: dict | None) -> None:
    """Readings not set by a person and blank traditional forms: as stored, or derived for a new term."""
    stored = {t["term"]: t for t in (current or {}).get("zh") or []}
    for t in state["zh"]:
        if not t["pinyin_reviewed"]:
            kept = stored.get(t["term"])
            t["pinyin"] = kept["pinyin"] if kept and not kept["pinyin_reviewed"] else py.reading(t["term"]).marks
        if not t["hant"]:
            t["hant"] = (stored.get(t["term"]) or {}).get("hant") or to_traditional(t["term"])


def create_from_state(db, state: dict, user: str, action: str, summary: str, candidate_id: int | None = None,
            found: dict[str, set[int]] | None = None) -> dict:
    """A new concept from a state, inside the caller's transaction."""
    slug = clean_value(state.get("id")) or suggest_slug(db, state)
    if not re.fullmatch(r"[a-z][a-z0-9-]*", slug):
        raise GlossaryError(f"the id {slug!r} must be lowercase ASCII letters, digits and hyphens, starting with a letter")
    if store.concept_id_for(db, slug) is not None:
        raise GlossaryError(f"there is already a concept {slug}")
    new = normalize_state(state, slug)
    _mark_reviewed_readings(new)
    _fill_derived(new, None)
    validate_state(db, new, None)
    today = journal.today()
    concept_id = store.insert_concept(
        db,
        {**{f: new[f] for f in CONCEPT_FIELDS}, "id": slug, "created": today, "modified": today, "version": 1,
         "zh": [{k: v for k, v in t.items() if k != "pinyin" or t["pinyin_reviewed"]} for t in new["zh"]],
         "en": [{**t, "type": t["type"]} for t in new["en"]]},
    )
    links = [{"concept_id": concept_id, "target_id": store.concept_id_for(db, s), "type": "related"} for s in new["related"]]
    if new["broader"]:
        links.append({"concept_id": concept_id, "target_id": store.concept_id_for(db, new["broader"]), "type": "broader"})
    db["links"].insert_all(links, ignore=True)
    relink_examples(db, set(), [t["term"] for t in new["zh"]] + [t["hant"] or to_traditional(t["term"]) for t in new["zh"]], found)
    after = store.concept_state(db, concept_id)
    journal.record(db, user, action, concept_id=concept_id, slug=slug, candidate_id=candidate_id, summary=summary, after=after)
    return after


def create_concept(db: sqlite_utils.Database, state: dict, user: str) -> dict:
    """A new concept made by hand (not from a candidate)."""
    found = prescan(db, state)
    with journal.transaction(db):
        return create_from_state(db, state, user, "create", "created", found=found)


# --- finding a concept by its terms ---------------------------------------------------------------------

def _owner_of(db, term: str) -> str | None:
    row = db.execute(
        "SELECT c.slug FROM terms t JOIN concepts c ON c.id = t.concept_id WHERE t.lang = 'zh-Hans' AND t.norm = ?",
        [store.chinese_key(term)],
    ).fetchone()
    return row[0] if row else None


def concept_holding(db: sqlite_utils.Database, term: str) -> str | None:
    """The slug of the concept that already has this Chinese term, if any."""
    return _owner_of(db, term)


def find_concept(db: sqlite_utils.Database, key: str) -> str:
    """A concept named by an editor: its id (slug), or one of its Chinese terms (either script)."""
    key = (key or "").strip()
    concept_id = store.concept_id_for(db, key) if key else None
    if concept_id is None and key:
        row = db.execute(
            "SELECT c.slug FROM terms t JOIN concepts c ON c.id = t.concept_id WHERE t.lang != 'en' AND t.norm = ?",
            [store.chinese_key(key)],
        ).fetchone()
        if row:
            return row[0]
    if concept_id is None:
        raise NotFound(f"no concept {key!r} (give its id or one of its Chinese terms)")
    return db.execute("SELECT slug FROM concepts WHERE id = ?", [concept_id]).fetchone()[0]
