"""A synthetic glossary for the site benchmark: 100,000 concepts and 1,000,000 example sentences.

Terms are built from real domain pieces (职工, 工会, 集体, 协商 …) so that one- and two-character fragments
are as common as they are in real labour news; a few thousand concepts are mentioned much more often than
the rest, as in a real corpus. The database uses the library's schema (create_db: every migration, with the
search indexes and their triggers) and the library's derived fields (pinyin, traditional forms, lookup
keys); rows are written in bulk. Deterministic (a fixed seed). Takes a few minutes.

    python bench/make_synthetic_db.py [--out bench/out/synthetic.db] [--concepts 100000] [--sentences 1000000]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from glossary.lang import pinyin as py
from glossary.store.curated import KINDS
from glossary.store.schema import create_db
from glossary.store.concepts import chinese_key, english_key
from glossary.lang.text import to_traditional

OUT = Path(__file__).resolve().parent / "out"

# (Chinese piece, English words): concepts are two to four pieces, English follows the pieces.
PIECES = [
    ("职工", "workers"), ("工会", "trade union"), ("集体", "collective"), ("协商", "consultation"),
    ("代表", "representatives"), ("大会", "congress"), ("工资", "wage"), ("民主", "democratic"),
    ("管理", "management"), ("厂务", "factory affairs"), ("公开", "openness"), ("劳动", "labour"),
    ("合同", "contract"), ("女", "women"), ("农民工", "migrant workers"), ("先锋", "pioneer"), ("帮扶", "assistance"),
    ("困难", "needy"), ("长效", "long-term"), ("机制", "mechanism"), ("总", "general"), ("全国", "national"),
    ("基层", "grassroots"), ("组织", "organisation"), ("委员会", "committee"), ("主席", "chair"), ("劳模", "model worker"),
    ("创新", "innovation"), ("工作室", "studio"), ("技能", "skills"), ("竞赛", "contest"), ("安全", "safety"),
    ("生产", "production"), ("监督", "supervision"), ("维权", "rights protection"), ("服务", "service"),
    ("中心", "centre"), ("法律", "legal"), ("援助", "aid"), ("调解", "mediation"), ("仲裁", "arbitration"),
    ("争议", "dispute"), ("保障", "security"), ("社会", "social"), ("保险", "insurance"), ("医疗", "medical"),
    ("互助", "mutual aid"), ("温暖", "warmth"), ("送", "delivering"), ("工程", "project"), ("行动", "campaign"),
    ("建设", "building"), ("之家", "home"), ("书屋", "reading room"), ("驿站", "rest station"), ("培训", "training"),
    ("就业", "employment"), ("创业", "entrepreneurship"), ("经费", "funds"), ("会员", "members"), ("会费", "dues"),
    ("评议", "appraisal"), ("提案", "proposals"), ("企业", "enterprise"), ("非公", "non-public"), ("行业", "industry"),
    ("区域", "regional"), ("联合", "joint"), ("专项", "special"), ("制度", "system"), ("条例", "regulations"),
]
FILLER = ("各级要切实做好进一步加强推动落实积极开展深入广泛认真全面推进稳定发展和谐关系保护权益提高水平建立健全"
          "今年以来我省本市广大同志群众单位部门领导充分发挥作用坚持以为中心的思想重要举措取得明显成效")
SOURCES = [("house", "House proposal", "house"), ("law", "Statute translation", "law"),
           ("union", "ACFTU English site", "union"), ("media", "China Daily", "media")]
POPULAR = 2_000  # concepts mentioned far more often than the rest
POPULAR_SHARE = 0.3


def make_concepts(rng: random.Random, n: int) -> list[dict]:
    seen, concepts = set(), []
    while len(concepts) < n:
        parts = rng.sample(PIECES, rng.choice((2, 2, 3, 3, 3, 4)))
        zh = "".join(p[0] for p in parts)
        if zh in seen:
            continue
        seen.add(zh)
        en = " ".join(p[1] for p in parts)
        concept = {"slug": f"c{len(concepts) + 1}", "kind": rng.choice(sorted(KINDS)), "zh": [zh], "en": [en]}
        abbreviation = "".join(p[0][0] for p in parts)
        if len(parts) >= 3 and rng.random() < 0.3 and abbreviation not in seen:
            seen.add(abbreviation)
            concept["zh"].append(abbreviation)
        if rng.random() < 0.3:
            concept["en"].append(en + " body")
        if rng.random() < 0.1:
            concept["en"].append(" ".join(reversed(en.split())))
        concepts.append(concept)
    return concepts


def write_concepts(db, rng: random.Random, concepts: list[dict]) -> list[list[tuple[int, str]]]:
    """Insert concepts and terms in bulk; return each concept's (zh-Hans term id, term) pairs."""
    conn = db.conn
    conn.executemany("INSERT INTO sources (id, title, authority) VALUES (?, ?, ?)", SOURCES)
    conn.executemany(
        "INSERT INTO concepts (id, slug, kind, subject, definition, note_zh, version, created, modified) "
        "VALUES (?, ?, ?, 'synthetic', ?, ?, 1, '2024-01-01', '2024-01-01')",
        [(i + 1, c["slug"], c["kind"], f"A synthetic concept: {c['en'][0]}.", f"{c['zh'][0]}是一个合成的测试词条。")
         for i, c in enumerate(concepts)],
    )
    term_id, zh_ids, terms, term_sources = 0, [], [], []
    for i, c in enumerate(concepts):
        concept_id, mine = i + 1, []
        for position, zh in enumerate(c["zh"]):
            r = py.reading(zh)
            keys = py.search_keys(r)
            term_id += 1
            hans_id = term_id
            kind = "fullForm" if position == 0 else "abbreviation"
            terms.append((term_id, concept_id, "zh-Hans", zh, kind, "preferred" if position == 0 else "admitted", position,
                          None, r.marks, r.numbers, chinese_key(zh), keys["pinyin_key"], keys["pinyin_tone_key"],
                          keys["pinyin_num_key"], keys["initials"]))
            mine.append((hans_id, zh))
            hant = to_traditional(zh)
            term_id += 1
            terms.append((term_id, concept_id, "zh-Hant", hant, kind, "preferred" if position == 0 else "admitted",
                          position, hans_id, None, None, chinese_key(hant), None, None, None, None))
        for position, en in enumerate(c["en"]):
            term_id += 1
            status = "preferred" if position == 0 else ("admitted" if position == 1 else "deprecated")
            terms.append((term_id, concept_id, "en", en, "fullForm", status, position, None, None, None,
                          english_key(en), None, None, None, None))
            term_sources.append((term_id, rng.choice(SOURCES)[0]))
        zh_ids.append(mine)
    conn.executemany(
        "INSERT INTO terms (id, concept_id, lang, term, term_type, status, position, hans_id, pinyin, pinyin_numbers, "
        "norm, pinyin_key, pinyin_tone_key, pinyin_num_key, initials) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        terms,
    )
    conn.executemany("INSERT INTO term_sources (term_id, source_id) VALUES (?, ?)", term_sources)
    links = {(i + 1, rng.randrange(len(concepts)) + 1) for i in range(0, len(concepts), 3)}
    conn.executemany("INSERT OR IGNORE INTO links (concept_id, target_id, type) VALUES (?, ?, 'related')",
                     [(a, b) for a, b in links if a != b])
    return zh_ids


def write_corpus(db, rng: random.Random, zh_ids: list, n_sentences: int, per_document: int = 1000) -> int:
    """Documents of `per_document` sentences, each sentence mentioning one to three concepts."""
    conn = db.conn
    n_docs = n_sentences // per_document
    conn.executemany(
        "INSERT INTO documents (id, title, date, publisher, file, encoding, text) VALUES (?, ?, ?, 'synthetic', ?, 'utf-8', '')",
        [(f"d{d:05d}", f"合成文章第{d}号", f"20{10 + d % 14:02d}-{1 + d % 12:02d}-{1 + d % 28:02d}", f"d{d:05d}.txt")
         for d in range(n_docs)],
    )
    popular = range(min(POPULAR, len(zh_ids)))
    sentence_id, examples = 0, 0
    for d in range(n_docs):
        sentences, links = [], []
        for position in range(per_document):
            sentence_id += 1
            text = ""
            for _ in range(rng.choice((1, 1, 2, 3))):
                concept = rng.choice(popular) if rng.random() < POPULAR_SHARE else rng.randrange(len(zh_ids))
                term_id, term = rng.choice(zh_ids[concept])
                text += "".join(rng.choices(FILLER, k=rng.randint(3, 12)))
                links.append((term_id, sentence_id, len(text), len(text) + len(term)))
                text += term
            text += "".join(rng.choices(FILLER, k=rng.randint(2, 8))) + "。"
            sentences.append((sentence_id, f"d{d:05d}", position, position * 40, "body", text))
        conn.executemany("INSERT INTO sentences (id, document_id, position, start, kind, text) VALUES (?,?,?,?,?,?)",
                         sentences)
        conn.executemany('INSERT OR IGNORE INTO examples (term_id, sentence_id, start, "end") VALUES (?,?,?,?)', links)
        examples += len(links)
    return examples


def main(argv=None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT / "synthetic.db")
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--sentences", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".building")
    if tmp.exists():
        tmp.unlink()
    started = time.perf_counter()
    rng = random.Random(20240601)
    db = create_db(tmp)
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    concepts = make_concepts(rng, args.concepts)
    with db.conn:
        zh_ids = write_concepts(db, rng, concepts)
    print(f"{len(concepts):,} concepts in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with db.conn:
        examples = write_corpus(db, rng, zh_ids, args.sentences)
        db.conn.execute("INSERT INTO meta (key, value) VALUES ('title', 'synthetic benchmark glossary')")
    db.close()
    os.replace(tmp, args.out)
    print(f"{args.out}: {len(concepts):,} concepts, {args.sentences:,} sentences, {examples:,} examples, "
          f"{args.out.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s")
    return args.out


if __name__ == "__main__":
    main()
