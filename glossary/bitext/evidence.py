"""How a term was translated before: its concordance in the bilingual documents, and the English expressions
that translate it, ranked by association.

A glossary term is looked for in all its Chinese forms (simplified and traditional: units are searched in
simplified), its English renderings highlighted in the translations. Proposals count, for each English word
sequence (1–5 words, not opening or closing on a function word), the units holding the term whose English
has it (a), against the units of all documents whose English has it (g): Dice 2a / (n + g), n the units
holding the term. An expression that every translation uses anyway ("shall", "the employer") scores low;
one used where the term is, and rarely elsewhere, scores high: association, not co-occurrence. A word seen
mostly inside a longer proposal ("union" inside "labor union") gives way to it.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import sqlite_utils

from glossary.lang.text import to_simplified

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
FUNCTION_WORDS = set("""a an the of and or nor to in on at for by with from as into onto upon than that this these
those which who whom whose what when where while if unless shall should may must can could will would be is are
was were been being has have had not no any all each every such other its it their them they he she his her
also only per under over after before within without between among same said thereof therein hereof herein
hereinafter referred following preceding paragraph article chapter item subparagraph act law""".split())
MAX_WORDS = 5
NESTED_SHARE = 0.7  # a part seen this often inside one longer expression gives way to it
# Proposals read at most this many of the pairs holding a term (taken evenly across them) and scale their
# counts up: a term found in 27,000 pairs is proposed for in about a second, with the same ranking in practice.
MAX_PAIRS_READ = 2000


def _forms(db: sqlite_utils.Database, query: str) -> tuple[list[str], list[str], dict | None]:
    """(Chinese forms in simplified, English renderings, concept) for a glossary term or a plain string."""
    simplified = to_simplified(query.strip())
    row = db.execute("""SELECT c.id, c.slug FROM terms t JOIN concepts c ON c.id = t.concept_id
                        WHERE t.lang IN ('zh-Hans', 'zh-Hant') AND t.term IN (?, ?) LIMIT 1""",
                     [query.strip(), simplified]).fetchone()
    if not row:
        row = db.execute("SELECT id, slug FROM concepts WHERE slug = ?", [query.strip()]).fetchone()
    if not row:
        return [simplified], [], None
    concept_id, slug = row
    zh = [r[0] for r in db.execute(
        "SELECT term FROM terms WHERE concept_id = ? AND lang = 'zh-Hans' ORDER BY length(term) DESC", [concept_id])]
    en = [r[0] for r in db.execute(
        "SELECT term FROM terms WHERE concept_id = ? AND lang = 'en' AND status != 'deprecated' "
        "ORDER BY length(term) DESC", [concept_id])]
    return zh, en, {"id": concept_id, "slug": slug}


_UNIT_COLUMNS = ("id", "bitext", "position", "label", "zh", "zh_hans", "en", "status", "title", "date", "url",
                 "authority", "region")


def _units_with(db: sqlite_utils.Database, forms: list[str], limit: int | None = None) -> list[dict]:
    """Translated units whose Chinese holds one of the forms: newest document first, in document order.
    With a limit, each document is read only until enough are found (no scan and sort of the whole table)."""
    if not forms:
        return []
    where = " OR ".join("instr(u.zh_hans, ?) > 0" for _ in forms)
    found: list[dict] = []
    for (bitext_id,) in db.execute("SELECT id FROM bitexts ORDER BY date DESC, id").fetchall():
        left = None if limit is None else limit - len(found)
        if left is not None and left <= 0:
            break
        sql = f"""SELECT u.id, u.bitext_id, u.position, u.label, u.zh, u.zh_hans, u.en, u.status,
                         b.title, b.date, b.url, b.authority, b.region
                  FROM bitext_units u JOIN bitexts b ON b.id = u.bitext_id
                  WHERE u.bitext_id = ? AND u.en != '' AND ({where}) ORDER BY u.position"""
        if left is not None:
            sql += f" LIMIT {int(left)}"
        found += [dict(zip(_UNIT_COLUMNS, r)) for r in db.execute(sql, [bitext_id, *forms])]
    return found


def _spans(text: str, needles: list[str], fold: bool = False) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    hay = text.lower() if fold else text
    for needle in needles:  # longest first: a longer match keeps its place
        n = needle.lower() if fold else needle
        for m in re.finditer(re.escape(n) + (r"(?:s|es)?\b" if fold else ""), hay):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def has_bitexts(db: sqlite_utils.Database) -> bool:
    """Whether the database holds any bilingual document (an older one may not even have the tables)."""
    return db["bitexts"].exists() and bool(db.execute("SELECT 1 FROM bitexts LIMIT 1").fetchone())


def _count_units_with(db: sqlite_utils.Database, forms: list[str]) -> int:
    """How many translated units hold one of the forms (the concordance shows the first `limit` of them)."""
    if not forms:
        return 0
    where = " OR ".join("instr(zh_hans, ?) > 0" for _ in forms)
    return db.execute(f"SELECT count(*) FROM bitext_units WHERE en != '' AND ({where})", forms).fetchone()[0]


def concordance(db: sqlite_utils.Database, query: str, limit: int = 50) -> dict:
    """The aligned pairs whose Chinese holds the term: Chinese with the term marked, the English with a
    rendering of it marked where one is found, each pair with its document's title, date, source and region;
    `total`: how many pairs there are in all (more than shown when the limit cut them)."""
    zh_forms, en_forms, concept = _forms(db, query)
    if not has_bitexts(db):
        return {"query": query, "concept": concept, "zh_forms": zh_forms, "renderings": en_forms, "pairs": [], "total": 0}
    pairs = []
    for u in _units_with(db, zh_forms, limit):
        pairs.append({**{k: u[k] for k in ("bitext", "label", "zh", "en", "title", "date", "url", "authority",
                                             "region")},
                      "zh_spans": _spans(u["zh_hans"], zh_forms), "en_spans": _spans(u["en"], en_forms, fold=True)})
    return {"query": query, "concept": concept, "zh_forms": zh_forms, "renderings": en_forms, "pairs": pairs,
            "total": _count_units_with(db, zh_forms) if limit is not None and len(pairs) >= limit else len(pairs)}


# A law's name ends with "Act" or "Law" (工会法: Labor Union Act): for a term that names one, those may close
# a proposal, although elsewhere they are the boilerplate of statutes' English.
LAW_NAME_ENDS = {"act", "law"}


def _ngrams(text: str, may_end: frozenset = frozenset()) -> set[str]:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    out = set()
    for i in range(len(words)):
        for n in range(1, MAX_WORDS + 1):
            gram = words[i:i + n]
            if len(gram) < n:
                break
            closes = gram[-1] not in FUNCTION_WORDS or (gram[-1] in may_end and n > 1)
            if gram[0] in FUNCTION_WORDS or not closes or len(gram[-1]) < 3:
                continue
            out.add(" ".join(gram))
    return out


def _units_with_english(db: sqlite_utils.Database, expression: str) -> int:
    phrase = '"' + expression.replace('"', "") + '"'
    return db.execute("SELECT count(*) FROM bitext_en WHERE bitext_en MATCH ?", [phrase]).fetchone()[0]


def proposals(db: sqlite_utils.Database, query: str, top: int = 5, candidates: int = 60) -> dict:
    """English expressions that translate the term across the aligned pairs, best first, each with its count
    (pairs holding the term whose English has it), its count in all units, its Dice score and the pairs."""
    zh_forms, _, concept = _forms(db, query)
    units = _units_with(db, zh_forms) if has_bitexts(db) else []
    n = len(units)
    scale = 1.0
    if n > MAX_PAIRS_READ:
        step = n / MAX_PAIRS_READ
        units = [units[int(i * step)] for i in range(MAX_PAIRS_READ)]
        scale = n / MAX_PAIRS_READ
    found: dict[str, list[int]] = defaultdict(list)
    bitext_of = {u["id"]: u["bitext"] for u in units}
    may_end = frozenset(LAW_NAME_ENDS) if any(form.endswith("法") for form in zh_forms) else frozenset()
    for u in units:
        for gram in _ngrams(u["en"], may_end):
            found[gram].append(u["id"])
    least = 2 if n >= 3 else 1
    counted = Counter({g: len(ids) for g, ids in found.items() if len(ids) >= least})
    ranked = []
    for gram, sampled in counted.most_common(candidates):
        a = round(sampled * scale)
        g = max(_units_with_english(db, gram), a)
        documents = Counter(bitext_of[i] for i in found[gram])
        ranked.append({"english": gram, "count": a, "units_with_english": g, "score": round(2 * a / (n + g), 4),
                       "pairs": found[gram][:20], "bitext": documents.most_common(1)[0][0],
                       "documents": dict(documents)})
    # an expression seen mostly inside a longer one is a part of it ("union" of "labor union"): the longer
    # one is the rendering, so the part gives way to it
    counts = {r["english"]: r["count"] for r in ranked}
    ranked = [r for r in ranked if not any(
        f" {r['english']} " in f" {longer} " and longer != r["english"] and count >= NESTED_SHARE * r["count"]
        for longer, count in counts.items())]
    # best association first; a longer expression wins a tie (it says more)
    ranked.sort(key=lambda r: (-r["score"], -len(r["english"].split()), r["english"]))
    regions = sorted({u["region"] for u in units})
    return {"query": query, "concept": concept, "pairs_with_term": n, "regions": regions, "proposals": ranked[:top]}
