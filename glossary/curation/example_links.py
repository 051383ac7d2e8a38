"""Example sentences stay linked to the terms they contain: after a change of Chinese terms the sentences it
can affect are matched again (longest match, and an enumeration's items, as the build does).
"""
from __future__ import annotations

from glossary.store.example_matching import example_matcher


def sentences_containing(db, texts: list[str]) -> dict[str, set[int]]:
    """For each text, the body sentences that contain it: one pass over the sentences for all of them."""
    found: dict[str, set[int]] = {text: set() for text in texts}
    if not texts:
        return found
    where = " OR ".join("instr(text, ?) > 0" for _ in texts)
    for sentence_id, sentence in db.execute(f"SELECT id, text FROM sentences WHERE kind = 'body' AND ({where})", texts):
        for text in texts:
            if text in sentence:
                found[text].add(sentence_id)
    return found


def relink_examples(db, sentence_ids: set[int], new_terms: list[str], found: dict[str, set[int]] | None = None) -> None:
    """Redo the example links of the sentences a change of Chinese terms can affect: those that had an
    example of a removed term, and those containing an added one (longest match, as the build does).
    `found`: sentences already found for added terms (see glossary.curation.edits.prescan)."""
    sentence_ids = set(sentence_ids)
    found = found or {}
    for ids in sentences_containing(db, [t for t in dict.fromkeys(new_terms) if t not in found]).values():
        sentence_ids |= ids
    for text in new_terms:
        sentence_ids |= found.get(text, set())
    if not sentence_ids:
        return
    matcher = example_matcher(db)  # an enumeration's items too (工匠精神 inside 劳模精神、劳动精神、工匠精神)
    rows = []
    for sentence_id in sorted(sentence_ids):
        db.execute("DELETE FROM examples WHERE sentence_id = ?", [sentence_id])
        row = db.execute("SELECT text FROM sentences WHERE id = ? AND kind = 'body'", [sentence_id]).fetchone()
        if row:
            rows += [{"term_id": m.value, "sentence_id": sentence_id, "start": m.start, "end": m.end} for m in matcher.find(row[0])]
    db["examples"].insert_all(rows, ignore=True)
