"""A no-op save is a no-op (issue #19, point 8): every shipped concept's edit form, submitted unchanged,
saves nothing: no 400 ("listed twice" for spellings that fold alike), no journal entry, no version bump
(citations are kept in their order, whatever order the form submits them in)."""
from __future__ import annotations

import shutil

from glossary.curation import edits as curation, journal
from glossary.store import concepts as store
from glossary.store.schema import open_db
from tests.curation_support import add_accounts, as_multidict, form_fields, login


def test_every_shipped_concept_saves_unchanged_as_a_no_op(real_db_path, tmp_path, fast_hashing):
    from web import create_app

    path = tmp_path / "terms.db"
    shutil.copy(real_db_path, path)
    add_accounts(path)
    client = create_app({"TESTING": True, "GLOSSARY_DB": str(path)}).test_client()
    login(client, "eddie")
    db = open_db(path)
    try:
        slugs = [r[0] for r in db.execute("SELECT slug FROM concepts ORDER BY slug")]
        versions = dict(db.execute("SELECT slug, version FROM concepts"))
        journalled = len(journal.history(db, limit=100_000))
        refused = []
        for slug in slugs:
            html = client.get(f"/curate/concepts/{slug}/edit").get_data(as_text=True)
            response = client.post(f"/curate/concepts/{slug}/edit",
                                   data=as_multidict(form_fields(html, f"/curate/concepts/{slug}/edit")))
            if response.status_code != 302:
                refused.append(slug)
        assert refused == []
        assert dict(db.execute("SELECT slug, version FROM concepts")) == versions
        assert len(journal.history(db, limit=100_000)) == journalled
    finally:
        db.close()


def test_sources_submitted_in_another_order_keep_the_citation_order(real_db_path, tmp_path):
    path = tmp_path / "terms.db"
    shutil.copy(real_db_path, path)
    db = open_db(path)
    try:
        # a concept with a rendering that cites more than one source (which one depends on the shipped data)
        slug = db.execute(
            "SELECT c.slug FROM concepts c JOIN terms t ON t.concept_id = c.id JOIN term_sources ts ON ts.term_id = t.id"
            " GROUP BY t.id HAVING count(*) > 1 ORDER BY c.slug LIMIT 1").fetchone()[0]
        state = store.concept_state(db, store.concept_id_for(db, slug))
        cited = next(t for t in state["en"] if len(t["sources"]) > 1)
        cited["sources"] = list(reversed(cited["sources"]))
        after = curation.save_concept(db, slug, state, state["version"], "eddie")
        assert after["version"] == state["version"]
    finally:
        db.close()
