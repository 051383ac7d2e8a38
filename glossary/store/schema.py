"""The terms.db schema: tables, versions and forward migrations, and opening a database safely.

The database is a plain SQLite file (browse it with Datasette or the sqlite3 shell). Its layout follows TBX:
a concept has terms in several languages (zh-Hans, zh-Hant, en), each term its status, type and sources.

Schema changes are explicit: each is a numbered migration below, and `PRAGMA user_version` records the
last one applied. Opening an older database migrates it forward; a newer one is refused.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from glossary.store.pinyin_index import add_pinyin_inside
from glossary.store.views import create_views


class GlossaryError(Exception):
    """An error a user can act on; the CLI prints its message without a traceback."""


def _v1_core(db: sqlite_utils.Database) -> None:
    db["concepts"].create(
        {
            "id": int,
            "slug": str,  # stable ASCII id: URLs, TBX ids, the curated file
            "kind": str,  # organisation, mechanism, honour, campaign, slogan, legal-concept, …
            "subject": str,
            "definition": str,  # English definition
            "note_zh": str,  # 知识点: Chinese background note
            "note": str,  # editorial usage note
            "version": int,  # bumped on every edit (optimistic concurrency)
            "created": str,  # ISO date of origination
            "modified": str,  # ISO date of the last change
        },
        pk="id",
        not_null={"slug", "kind", "version"},
        defaults={"version": 1},
    )
    db["concepts"].create_index(["slug"], unique=True)
    db["sources"].create(
        {"id": str, "title": str, "publisher": str, "url": str, "authority": str},
        pk="id",
        not_null={"title", "authority"},
    )
    db["terms"].create(
        {
            "id": int,
            "concept_id": int,
            "lang": str,  # zh-Hans | zh-Hant | en
            "term": str,
            "term_type": str,  # fullForm | abbreviation | acronym | shortForm | variant
            "status": str,  # preferred | admitted | deprecated
            "position": int,  # order within the concept and language
            "note": str,
            "hans_id": int,  # a zh-Hant term: the zh-Hans term it was converted from
            "pinyin": str,  # tone marks, space-separated syllables (zh-Hans terms)
            "pinyin_numbers": str,
            "pinyin_reviewed": int,  # 1 when a person set the reading
            "norm": str,  # lookup key: simplified characters, or folded English
            "pinyin_key": str,  # compact search keys (ü as v), see glossary.pinyin.search_keys
            "pinyin_tone_key": str,
            "pinyin_num_key": str,
            "initials": str,
        },
        pk="id",
        foreign_keys=[("concept_id", "concepts", "id"), ("hans_id", "terms", "id")],
        not_null={"concept_id", "lang", "term", "status", "term_type"},
    )
    for columns in (["concept_id"], ["norm"], ["pinyin_key"], ["pinyin_tone_key"], ["pinyin_num_key"], ["initials"]):
        db["terms"].create_index(columns)
    db["term_sources"].create(
        {"term_id": int, "source_id": str},
        pk=("term_id", "source_id"),
        foreign_keys=[("term_id", "terms", "id"), ("source_id", "sources", "id")],
    )
    db["term_sources"].create_index(["source_id"])
    db["links"].create(
        {"concept_id": int, "target_id": int, "type": str},  # type: related | broader
        pk=("concept_id", "target_id", "type"),
        foreign_keys=[("concept_id", "concepts", "id"), ("target_id", "concepts", "id")],
    )
    db["links"].create_index(["target_id"])
    db["documents"].create(
        {"id": str, "title": str, "date": str, "publisher": str, "file": str, "encoding": str, "text": str},
        pk="id",
    )
    db["sentences"].create(
        {"id": int, "document_id": str, "position": int, "start": int, "kind": str, "text": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["sentences"].create_index(["document_id", "position"], unique=True)
    # term → sentence, filled at build time: answers "examples of X" without scanning sentences
    db["examples"].create(
        {"term_id": int, "sentence_id": int, "start": int, "end": int},
        pk=("term_id", "sentence_id", "start"),
        foreign_keys=[("term_id", "terms", "id"), ("sentence_id", "sentences", "id")],
    )
    db["examples"].create_index(["sentence_id"])
    db["meta"].create({"key": str, "value": str}, pk="key")


def _v3_curation(db: sqlite_utils.Database) -> None:
    """Editors' accounts and the journal of changes (glossary/users.py, glossary/journal.py)."""
    db["users"].create(
        {
            "id": int,
            "name": str,
            "password_hash": str,  # werkzeug.security, never the password
            "role": str,  # editor | admin
            "created": str,
            "last_login": str,
            "failed_logins": int,  # consecutive; reset by a successful login
            "locked_until": str,  # ISO date-time, after too many failures
        },
        pk="id",
        not_null={"name", "password_hash", "role"},
        defaults={"failed_logins": 0},
    )
    db.execute("CREATE UNIQUE INDEX idx_users_name ON users (name COLLATE NOCASE)")
    db["journal"].create(
        {
            "id": int,
            "at": str,  # UTC, ISO 8601
            "user": str,
            "action": str,  # edit, approve, merge, reject, restore, user-add, …
            "concept_id": int,  # no foreign key: the journal outlives what it describes
            "slug": str,
            "candidate_id": int,
            "summary": str,
            "before": str,  # JSON
            "after": str,  # JSON
        },
        pk="id",
        not_null={"at", "user", "action"},
    )
    db["journal"].create_index(["concept_id", "id"])
    db["journal"].create_index(["at"])
    # Editing deletes terms; without this index each deletion scans all terms for zh-Hant rows pointing at it
    # (the hans_id foreign key).
    db["terms"].create_index(["hans_id"])


# Search indexes: the longest term key the gram index covers, and the mark of a gram at a key's start
GRAM_POSITIONS = 256
GRAM_START = "\x02"  # a control character: no query can contain one (lookup.clean_query refuses them)


def _v4_search_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that keep search fast at 100,000 concepts, kept current by triggers whoever writes terms.

    - term_grams: every 1- and 2-character piece of each Chinese term's lookup key, and its first one and two
      characters marked with GRAM_START, each row carrying the term's search rank (shorter terms first), so
      that the best terms containing or starting with 职工 are the first rows of an index range. FTS5's trigram
      tokenizer cannot find pieces shorter than 3 characters.
    - term_trigrams: an FTS5 trigram index over every term's lookup key, for pieces of 3 characters or more.
    - terms_search_rank and terms_rank_by_*: terms in search-rank order, per language group and per pinyin key.
    Idempotent (IF NOT EXISTS): harmless if run again.
    """
    grams_exist = db["term_grams"].exists() and db["en_words"].exists()
    rank = "min(length(term), 40), term, concept_id"

    def grams_of(row: str) -> str:
        return f"""SELECT substr({row}.norm, n, 1) AS gram FROM gram_positions WHERE n <= length({row}.norm)
            UNION SELECT substr({row}.norm, n, 2) FROM gram_positions WHERE n < length({row}.norm)
            UNION SELECT char(2) || substr({row}.norm, 1, 1) WHERE length({row}.norm) >= 1
            UNION SELECT char(2) || substr({row}.norm, 1, 2) WHERE length({row}.norm) >= 2"""

    add_grams = f"""INSERT OR IGNORE INTO term_grams (gram, rank_len, term, concept_id, term_id)
        SELECT gram, min(length(NEW.term), 40), NEW.term, NEW.concept_id, NEW.id FROM ({grams_of('NEW')})
        WHERE NEW.lang != 'en';"""
    drop_grams = f"""DELETE FROM term_grams WHERE gram IN ({grams_of('OLD')}) AND rank_len = min(length(OLD.term), 40)
        AND term = OLD.term AND concept_id = OLD.concept_id AND term_id = OLD.id;"""
    add_trigrams = "INSERT INTO term_trigrams (rowid, norm) VALUES (NEW.id, NEW.norm);"
    drop_trigrams = "INSERT INTO term_trigrams (term_trigrams, rowid, norm) VALUES ('delete', OLD.id, OLD.norm);"
    statements = [
        "CREATE TABLE IF NOT EXISTS gram_positions (n INTEGER PRIMARY KEY)",
        f"""INSERT OR IGNORE INTO gram_positions (n)
            WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < {GRAM_POSITIONS})
            SELECT n FROM p""",
        """CREATE TABLE IF NOT EXISTS term_grams (
            gram TEXT NOT NULL, rank_len INTEGER NOT NULL, term TEXT NOT NULL, concept_id INTEGER NOT NULL,
            term_id INTEGER NOT NULL,
            PRIMARY KEY (gram, rank_len, term, concept_id, term_id)
        ) WITHOUT ROWID""",
        f"CREATE INDEX IF NOT EXISTS terms_search_rank ON terms (lang = 'en', {rank})",
        "CREATE INDEX IF NOT EXISTS concepts_kind ON concepts (kind)",
        f"CREATE TRIGGER IF NOT EXISTS terms_grams_insert AFTER INSERT ON terms BEGIN {add_grams} END",
        f"CREATE TRIGGER IF NOT EXISTS terms_grams_delete AFTER DELETE ON terms BEGIN {drop_grams} END",
        f"""CREATE TRIGGER IF NOT EXISTS terms_grams_update AFTER UPDATE OF norm, lang, term, concept_id ON terms
            BEGIN {drop_grams} {add_grams} END""",
    ]
    for column in ("pinyin_key", "pinyin_tone_key", "pinyin_num_key", "initials"):
        statements.append(f"CREATE INDEX IF NOT EXISTS terms_rank_by_{column} ON terms ({column}, {rank}) "
                          f"WHERE {column} IS NOT NULL")
    # prefix search: per length, a range of keys (the best terms starting with "w" are the short ones)
    statements.append("CREATE INDEX IF NOT EXISTS terms_prefix_rank ON terms (lang = 'en', min(length(term), 40), norm)")
    statements.append("CREATE INDEX IF NOT EXISTS terms_pinyin_prefix_rank ON terms (min(length(term), 40), pinyin_key) "
                      "WHERE pinyin_key IS NOT NULL")
    # browsing A–Z: head terms in pinyin order (glossary/browse.py)
    statements.append("CREATE INDEX IF NOT EXISTS terms_heads_by_pinyin ON terms (pinyin_key, term, concept_id) "
                      "WHERE lang = 'zh-Hans' AND position = 0")

    # English words: each word of an English term's lookup key in rank order (en_words), and the vocabulary
    # with how many terms use each word (en_vocab), for whole-word and within-word search.
    def words_of(row: str) -> str:
        return f"""SELECT DISTINCT substr({row}.norm, n, instr(substr({row}.norm, n) || ' ', ' ') - 1) AS word
            FROM gram_positions WHERE n <= length({row}.norm) AND substr({row}.norm, n, 1) != ' '
            AND (n = 1 OR substr({row}.norm, n - 1, 1) = ' ')"""

    add_words = f"""INSERT OR IGNORE INTO en_words (word, rank_len, term, concept_id, term_id, norm)
            SELECT word, min(length(NEW.term), 40), NEW.term, NEW.concept_id, NEW.id, NEW.norm
            FROM ({words_of('NEW')}) WHERE NEW.lang = 'en';
        INSERT INTO en_vocab (word, n) SELECT word, 1 FROM ({words_of('NEW')}) WHERE NEW.lang = 'en'
            ON CONFLICT (word) DO UPDATE SET n = n + 1;"""
    drop_words = f"""DELETE FROM en_words WHERE OLD.lang = 'en' AND word IN ({words_of('OLD')})
            AND rank_len = min(length(OLD.term), 40) AND term = OLD.term AND concept_id = OLD.concept_id
            AND term_id = OLD.id;
        UPDATE en_vocab SET n = n - 1 WHERE OLD.lang = 'en' AND word IN ({words_of('OLD')});"""
    statements += [
        """CREATE TABLE IF NOT EXISTS en_words (
            word TEXT NOT NULL, rank_len INTEGER NOT NULL, term TEXT NOT NULL, concept_id INTEGER NOT NULL,
            term_id INTEGER NOT NULL,
            norm TEXT NOT NULL,  -- the term's lookup key, so a walk filters without reading terms
            PRIMARY KEY (word, rank_len, term, concept_id, term_id)
        ) WITHOUT ROWID""",
        "CREATE TABLE IF NOT EXISTS en_vocab (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
        f"CREATE TRIGGER IF NOT EXISTS terms_words_insert AFTER INSERT ON terms BEGIN {add_words} END",
        f"CREATE TRIGGER IF NOT EXISTS terms_words_delete AFTER DELETE ON terms BEGIN {drop_words} END",
        f"""CREATE TRIGGER IF NOT EXISTS terms_words_update AFTER UPDATE OF norm, lang, term, concept_id ON terms
            BEGIN {drop_words} {add_words} END""",
    ]
    # One statement per execute: executescript would commit the migration's transaction half-way.
    for statement in statements:
        db.execute(statement)
    if not grams_exist:  # a database that already has terms (migrated forward): index them
        db.execute("UPDATE terms SET norm = norm")  # fires the update triggers: grams and words
    trigrams_exist = db["term_trigrams"].exists()
    for statement in (
        """CREATE VIRTUAL TABLE IF NOT EXISTS term_trigrams USING fts5(
            norm, content='terms', content_rowid='id', tokenize='trigram')""",
        f"CREATE TRIGGER IF NOT EXISTS terms_trigrams_insert AFTER INSERT ON terms BEGIN {add_trigrams} END",
        f"CREATE TRIGGER IF NOT EXISTS terms_trigrams_delete AFTER DELETE ON terms BEGIN {drop_trigrams} END",
        f"""CREATE TRIGGER IF NOT EXISTS terms_trigrams_update AFTER UPDATE OF norm ON terms
            BEGIN {drop_trigrams} {add_trigrams} END""",
    ):
        db.execute(statement)
    if not trigrams_exist:
        db.execute("INSERT INTO term_trigrams (term_trigrams) VALUES ('rebuild')")  # index what is there


def _v5_change_counter(db: sqlite_utils.Database) -> None:
    """A counter bumped by triggers on every change to concepts, terms and their sources, whoever writes
    them: the editing aid (glossary/editing/index_cache.py) rebuilds its automata when it moves, and reading it costs
    one row, where counting 100,000 terms per request would not. Idempotent (IF NOT EXISTS)."""
    db.execute("""CREATE TABLE IF NOT EXISTS glossary_changes (
        id INTEGER PRIMARY KEY CHECK (id = 1), counter INTEGER NOT NULL)""")
    db.execute("INSERT OR IGNORE INTO glossary_changes (id, counter) VALUES (1, 0)")
    for table in ("concepts", "terms", "term_sources", "sources"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(f"""CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_counted AFTER {event} ON {table}
                BEGIN UPDATE glossary_changes SET counter = counter + 1 WHERE id = 1; END""")


def _v6_imports(db: sqlite_utils.Database) -> None:
    """The log of imports and the entries an import could not place (glossary/interchange/importer.py).

    import_held keeps, untouched, what the glossary has no place for (an entry without a Chinese term, terms
    in languages other than zh-Hans/zh-Hant/en), so an import never loses anything in silence.
    """
    db["imports"].create(
        {
            "id": int,
            "at": str,  # UTC, ISO 8601
            "file": str,  # the file's name as given
            "sha256": str,
            "format": str,  # tbx | tbx2008 | csv | tsv
            "source_id": str,  # the source row that stands for the file
            "report": str,  # JSON: counts, conflicts, warnings
        },
        pk="id",
        not_null={"at", "file", "format"},
    )
    db["import_held"].create(
        {
            "id": int,
            "import_id": int,
            "entry": str,  # the entry's id in the file, or its line
            "reason": str,
            "terms": str,  # JSON list of {lang, term, status}
            "original": str,  # the entry as it was in the file (XML, or the CSV/TSV rows)
            "fingerprint": str,  # sha256 of original: the same entry is held once
        },
        pk="id",
        foreign_keys=[("import_id", "imports", "id")],
        not_null={"import_id", "reason", "fingerprint"},
    )
    db["import_held"].create_index(["fingerprint"], unique=True)
    db["import_held"].create_index(["import_id"])


def _v7_concept_summaries(db: sqlite_utils.Database) -> None:
    """Each concept in brief — slug, kind, head term (simplified, its traditional twin, pinyin) and preferred
    rendering, with whether only house proposals back it — as one row kept current by triggers
    (glossary/browse.py `summaries`). A search answers with twenty of these: one primary-key read each,
    where assembling them from concepts, terms, term_sources and sources costs three times as much.
    Idempotent (IF NOT EXISTS); fills the table for the concepts already there."""
    db.execute("""CREATE TABLE IF NOT EXISTS concept_summaries (
        concept_id INTEGER PRIMARY KEY,  -- concepts.id; no foreign key: the triggers keep the two in step
        slug TEXT NOT NULL, kind TEXT NOT NULL,
        zh TEXT, zh_hant TEXT, pinyin TEXT,  -- the first zh-Hans term by position, and its zh-Hant twin
        en TEXT,  -- the first preferred English term by position
        en_house_proposal INTEGER  -- 1: every source of `en` is a house proposal; NULL without `en`
    )""")

    def rewrite(concept: str) -> str:
        """The INSERT of the summaries of the concepts whose id satisfies `concept` (SQL with {id})."""
        return f"""INSERT INTO concept_summaries (concept_id, slug, kind, zh, zh_hant, pinyin, en, en_house_proposal)
            SELECT c.id, c.slug, c.kind, h.term,
                (SELECT twin.term FROM terms twin WHERE twin.hans_id = h.id AND twin.concept_id = c.id
                 AND twin.lang = 'zh-Hant' ORDER BY twin.position, twin.id LIMIT 1),
                h.pinyin, e.term,
                CASE WHEN e.id IS NOT NULL THEN coalesce((SELECT min(s.authority = 'house') FROM term_sources ts
                    JOIN sources s ON s.id = ts.source_id WHERE ts.term_id = e.id), 0) END
            FROM concepts c
            LEFT JOIN terms h ON h.id = (SELECT id FROM terms WHERE concept_id = c.id AND lang = 'zh-Hans'
                                        ORDER BY position, id LIMIT 1)
            LEFT JOIN terms e ON e.id = (SELECT id FROM terms WHERE concept_id = c.id AND lang = 'en'
                                        AND status = 'preferred' ORDER BY position, id LIMIT 1)
            WHERE {concept.format(id="c.id")};"""

    def refresh(concept: str) -> str:
        """Trigger statements: drop and rewrite the summaries of the concepts whose id satisfies `concept`."""
        return f"DELETE FROM concept_summaries WHERE {concept.format(id='concept_id')}; {rewrite(concept)}"

    # the concept of the term a term_sources row cites, and the concepts with a term citing a source
    of_term = "{{id}} = (SELECT t.concept_id FROM terms t WHERE t.id = {row}.term_id)"
    citing = ("{{id}} IN (SELECT t.concept_id FROM term_sources ts JOIN terms t ON t.id = ts.term_id "
              "WHERE ts.source_id = {row}.id)")
    triggers = {
        "concepts_summary_insert": ("AFTER INSERT ON concepts", refresh("{id} = NEW.id")),
        "concepts_summary_update": ("AFTER UPDATE OF id, slug, kind ON concepts", refresh("{id} IN (OLD.id, NEW.id)")),
        "concepts_summary_delete": ("AFTER DELETE ON concepts", "DELETE FROM concept_summaries WHERE concept_id = OLD.id;"),
        "terms_summary_insert": ("AFTER INSERT ON terms", refresh("{id} = NEW.concept_id")),
        "terms_summary_update": ("AFTER UPDATE OF id, concept_id, lang, term, status, position, hans_id, pinyin ON terms",
                                 refresh("{id} IN (OLD.concept_id, NEW.concept_id)")),
        "terms_summary_delete": ("AFTER DELETE ON terms", refresh("{id} = OLD.concept_id")),
        "term_sources_summary_insert": ("AFTER INSERT ON term_sources", refresh(of_term.format(row="NEW"))),
        "term_sources_summary_update": ("AFTER UPDATE ON term_sources",
                                        refresh(f"({of_term.format(row='OLD')} OR {of_term.format(row='NEW')})")),
        "term_sources_summary_delete": ("AFTER DELETE ON term_sources", refresh(of_term.format(row="OLD"))),
        "sources_summary_update": ("AFTER UPDATE OF id, authority ON sources",
                                   refresh(f"({citing.format(row='OLD')} OR {citing.format(row='NEW')})")),
    }
    for name, (event, body) in triggers.items():
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {event} BEGIN {body} END")
    db.execute("DELETE FROM concept_summaries")
    db.execute(rewrite("1"))  # the concepts already there


def _v2_mining(db: sqlite_utils.Database) -> None:
    """The term-mining review queue (glossary/mining/queue.py): candidates, their example sentences, links
    from short forms to full forms, and the mining runs that found them."""
    db["mining_runs"].create(
        {
            "id": int,
            "started": str,  # UTC, ISO 8601
            "finished": str,
            "paths": str,  # JSON list of the inputs as given
            "documents": int,
            "characters": int,
            "candidates": int,  # candidates written by this run
            "settings": str,  # JSON: min_freq, jobs, …
            "problems": str,  # JSON list of [input, message]
        },
        pk="id",
        not_null={"started"},
    )
    db["candidates"].create(
        {
            "id": int,
            "term": str,  # simplified characters
            "original": str,  # the traditional form, when the text had one
            "kind": str,  # term | abbreviation | slogan | quoted | organisation | person | place
            "frequency": int,
            "doc_frequency": int,
            "score": float,
            "rank": int,  # rank in the run that last saw it
            "scores": str,  # JSON: the statistics behind the score (C-value, cohesion, entropy, keyness, …)
            "known_concept_id": int,  # already in the glossary when last mined (display only)
            "status": str,  # new | approved | rejected | merged
            "concept_id": int,  # the concept an approved candidate became
            "merged_into": int,  # the candidate a merged one was folded into
            "first_run": int,
            "last_run": int,
            "note": str,
        },
        pk="id",
        not_null={"term", "kind", "status"},
        defaults={"status": "new"},
        foreign_keys=[("concept_id", "concepts", "id"), ("known_concept_id", "concepts", "id"),
                      ("merged_into", "candidates", "id"), ("first_run", "mining_runs", "id"),
                      ("last_run", "mining_runs", "id")],
    )
    db["candidates"].create_index(["term"], unique=True)
    db["candidates"].create_index(["status", "score"])
    db["candidate_examples"].create(
        {"id": int, "candidate_id": int, "run_id": int, "document": str, "sentence": str, "start": int, "end": int},
        pk="id",
        foreign_keys=[("candidate_id", "candidates", "id"), ("run_id", "mining_runs", "id")],
        not_null={"candidate_id", "document", "sentence", "start", "end"},
    )
    db["candidate_examples"].create_index(["candidate_id", "document", "sentence", "start"], unique=True)
    db["candidate_links"].create(
        {"short_id": int, "full_id": int, "type": str, "evidence": int, "run_id": int},
        pk=("short_id", "full_id"),
        foreign_keys=[("short_id", "candidates", "id"), ("full_id", "candidates", "id"),
                      ("run_id", "mining_runs", "id")],
    )
    db["candidate_links"].create_index(["full_id"])


def _v8_document_sources(db: sqlite_utils.Database) -> None:
    """A document's source URL, so that an example shows where it comes from (`glossary corpus add`), and an
    index to find a file's documents when it is added again or removed."""
    if "url" not in db["documents"].columns_dict:
        db.execute("ALTER TABLE documents ADD COLUMN url TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS documents_file ON documents(file)")


def _v9_bitexts(db: sqlite_utils.Database) -> None:
    """Bilingual documents (glossary/bitext): a Chinese text and its English translation, aligned unit by unit.
    `zh_hans` is the Chinese side in simplified characters, searched by the concordance whatever the script."""
    db.execute("""CREATE TABLE IF NOT EXISTS bitexts (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, url TEXT,
        authority TEXT NOT NULL,  -- as a source's: an official translation of a law is `law`
        region TEXT NOT NULL DEFAULT '',  -- '' for PRC usage; TW, HK, MO: regional usage, labelled so
        zh_file TEXT, en_file TEXT)""")
    db.execute("""CREATE TABLE IF NOT EXISTS bitext_units (
        id INTEGER PRIMARY KEY, bitext_id TEXT NOT NULL REFERENCES bitexts(id), position INTEGER NOT NULL,
        label TEXT, kind TEXT, zh TEXT NOT NULL, zh_hans TEXT NOT NULL, en TEXT NOT NULL,
        status TEXT NOT NULL,  -- aligned | zh-only | en-only
        note TEXT,  -- how the two sides differ, where the file says
        UNIQUE (bitext_id, position))""")
    # the English sides, for counting an expression's units across all documents (renderings proposed)
    db.execute("""CREATE VIRTUAL TABLE IF NOT EXISTS bitext_en USING fts5(
        en, content='bitext_units', content_rowid='id', tokenize='unicode61')""")
    db.execute("""CREATE TRIGGER IF NOT EXISTS bitext_en_insert AFTER INSERT ON bitext_units BEGIN
        INSERT INTO bitext_en (rowid, en) VALUES (new.id, new.en); END""")
    db.execute("""CREATE TRIGGER IF NOT EXISTS bitext_en_delete AFTER DELETE ON bitext_units BEGIN
        INSERT INTO bitext_en (bitext_en, rowid, en) VALUES ('delete', old.id, old.en); END""")


# A sentence's lookup key: its first characters. Indexing whole sentences would nearly double the table's size;
# a 10-character prefix narrows a lookup to a handful of rows at about a third of that (bench/bench_store.py, a
# million synthetic sentences, 133 MB: an index on the text 121 MB, on this prefix 44 MB; a hash column and its
# index 26.5 MB, but every writer would have to fill it, and a writer that forgot would make lookups miss in silence).
SENTENCE_KEY_CHARS = 10


def _v11_sentence_text_index(db: sqlite_utils.Database) -> None:
    """Find a sentence by its text without scanning them all: approving a mined candidate looks each of its
    example sentences up (glossary.store.corpus.find_body_sentence), which read every sentence of the archive."""
    db.execute(f"CREATE INDEX IF NOT EXISTS sentences_text_start ON sentences (substr(text, 1, {SENTENCE_KEY_CHARS}))")


def _v12_smaller(db: sqlite_utils.Database) -> None:
    """Space (terms.db is shipped): three indexes of migration 1 that the rank-order indexes of migration 4
    (terms_rank_by_*, whose leading column is the same) made redundant — no query plan uses them (tests/
    test_store_size.py) — and term_trigrams without per-row column sizes (columnsize=0), which only FTS5's
    ranking functions read and search never ranks by. idx_terms_pinyin_key stays: the A–Z count of head terms
    outside a–z uses it. Idempotent."""
    for index in ("idx_terms_pinyin_tone_key", "idx_terms_pinyin_num_key", "idx_terms_initials"):
        db.execute(f"DROP INDEX IF EXISTS {index}")
    # the triggers of migration 4 name the table, not its options: they keep the new one current
    db.execute("DROP TABLE IF EXISTS term_trigrams")
    db.execute("""CREATE VIRTUAL TABLE term_trigrams USING fts5(
        norm, content='terms', content_rowid='id', tokenize='trigram', columnsize=0)""")
    db.execute("INSERT INTO term_trigrams (term_trigrams) VALUES ('rebuild')")


# (version, description, function). Append new migrations; never edit one that has shipped.
MIGRATIONS = [
    (1, "core: concepts, terms, sources, links, documents, sentences, examples", _v1_core),
    (2, "mining: candidates, candidate_examples, candidate_links, mining_runs", _v2_mining),
    (3, "curation: users, journal", _v3_curation),
    (4, "search: 1-/2-character gram index, trigram index, rank-order index", _v4_search_indexes),
    (5, "editing: glossary change counter for the annotator's automata", _v5_change_counter),
    (6, "imports: import log and held entries", _v6_imports),
    (7, "site: concept summaries kept by triggers, for search results", _v7_concept_summaries),
    (8, "corpus: documents' source URLs; documents by file", _v8_document_sources),
    (9, "bitext: bilingual documents aligned unit by unit", _v9_bitexts),
    (10, "reading views for people: glossary_view, renderings_view, terms_zh_en", create_views),
    (11, "corpus: sentences found by their text (an index on each sentence's first characters)",
     _v11_sentence_text_index),
    (12, "space: three redundant indexes dropped; the trigram index without column sizes", _v12_smaller),
    (13, "search: the pinyin of a part of a term, from each syllable on (pinyin_inside)", add_pinyin_inside),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# The journal's actions about editors' accounts (user-add, user-role, user-password, user-remove), as a LIKE
# pattern: who the editors and admins are is private — not in the public changes, not in a published copy.
ACCOUNT_ACTIONS = "user-%"


def user_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, upto: int | None = None) -> list[int]:
    """Apply every migration newer than the database (up to version `upto`: a test builds an older database),
    each in its own transaction; return those applied."""
    current = user_version(db)
    if current > SCHEMA_VERSION:
        raise GlossaryError(
            f"database schema version {current} is newer than this program knows ({SCHEMA_VERSION}); upgrade glossary"
        )
    applied = []
    for version, _description, apply in MIGRATIONS:
        if version <= current or (upto is not None and version > upto):
            continue
        with db.conn:
            # sqlite3 opens a transaction only before INSERT/UPDATE/DELETE: without this, a migration's
            # CREATE and DROP statements would each commit alone, and a failure would leave it half-applied
            db.execute("SAVEPOINT migration")
            apply(db)
            db.execute(f"PRAGMA user_version = {version}")
        applied.append(version)
    return applied


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


def create_db(path: str | Path) -> sqlite_utils.Database:
    """A new, empty glossary database at path (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise GlossaryError(f"{path} already exists")
    db = sqlite_utils.Database(path)
    _configure(db.conn)
    migrate(db)
    return db


def open_db(path: str | Path, migrate_forward: bool = True, read_only: bool = False) -> sqlite_utils.Database:
    """Open an existing glossary database. Never creates a file: a missing path or a file that is not a
    glossary database raises GlossaryError with a message that says what to do.

    read_only: a published copy that nothing writes (`glossary publish` replaces it by renaming a new file
    over it): opened with SQLite's read-only, immutable URI, so reading takes no lock and writes nothing,
    not even a -wal or -shm file; it must already be at this program's schema version."""
    path = Path(path)
    if not path.exists():
        raise GlossaryError(f"no glossary database at {path} (start an empty one with `glossary init --db {path}`, "
                            f"or build the shipped glossary with `glossary build --db {path}`)")
    if path.is_dir():
        raise GlossaryError(f"{path} is a directory, not a glossary database")
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise GlossaryError(f"{path} is not a glossary database (not an SQLite file)")
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        db = sqlite_utils.Database(sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False))
    _configure(db.conn)
    try:
        is_glossary = user_version(db) > 0 and db["concepts"].exists()
    except sqlite3.DatabaseError as exc:
        db.close()
        raise GlossaryError(f"{path} is not a glossary database ({exc})") from None
    if not is_glossary:
        db.close()
        raise GlossaryError(f"{path} is an SQLite file but not a glossary database (no glossary schema)")
    if read_only and user_version(db) != SCHEMA_VERSION:
        found = user_version(db)
        db.close()
        raise GlossaryError(f"{path}: a read-only copy must be at schema version {SCHEMA_VERSION}, it is at {found} "
                            "(publish it again with this version of glossary)")
    if migrate_forward and not read_only:
        migrate(db)
    return db
