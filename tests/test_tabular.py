"""CSV and TSV (OmegaT's glossary layout): export with a header, import by header names, round trips."""
from __future__ import annotations

import csv
import io

import pytest

from glossary.store.schema import GlossaryError
from glossary.interchange.tabular import CSV_COLUMNS, iter_csv, iter_tsv
from glossary.interchange.formats import import_file


def text(chunks) -> str:
    return b"".join(chunks).decode("utf-8")



def statuses(db) -> set[tuple[str, str, str]]:
    return set(db.execute("SELECT lang, term, status FROM terms").fetchall())


def test_tsv_is_omegats_layout(db):
    lines = text(iter_tsv(db)).splitlines()
    assert lines[0] == "# zh-Hans\ten\tcomment"  # OmegaT skips lines starting with '#'
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 3 and row[0] and row[1] for row in rows)
    by_pair = {(zh, en): comment for zh, en, comment in rows}
    assert by_pair[("职代会", "workers' congress")] == \
        "preferred; zhí dài huì; source: Trade Union Law (2021), English text [law]"
    assert by_pair[("长效机制", "long-term mechanism")].endswith(
        "source: House proposal — no authoritative English rendering found [house proposal]")
    # deprecated renderings are left out for the CAT tool, kept when asked for
    assert not any(en == "labour union" for _zh, en in by_pair)
    with_deprecated = text(iter_tsv(db, include_deprecated=True))
    assert "工会\tlabour union\tdeprecated; gōng huì; source: House proposal" in with_deprecated
    assert "British spelling" in with_deprecated


def test_csv_has_a_header_and_every_rendering(db):
    data = text(iter_csv(db))
    assert data.startswith("\ufeff")  # UTF-8 with a BOM: a spreadsheet opened by double-click shows the Chinese
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 11  # 职工代表大会/职代会 × 3 renderings, 工会 × 2, three concepts × 1
    deprecated = [r for r in rows if r["en_status"] == "deprecated"]
    assert {r["en"] for r in deprecated} == {"workers' representative conference", "labour union"}
    labour = next(r for r in deprecated if r["en"] == "labour union")
    assert labour["concept"] == "trade-union" and labour["note"] == "British spelling; house style is American"


def test_csv_round_trip(db, empty_db, tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_bytes(b"".join(iter_csv(db)))
    report = import_file(empty_db, path)
    assert report.format == "csv" and report.added == [
        "workers-congress", "trade-union", "zhengzhou-ftu", "long-term-mechanism", "women-workers"]
    assert text(iter_csv(empty_db)) == path.read_text("utf-8")
    hans_and_en = {row for row in statuses(db) if row[0] != "zh-Hant"}
    assert {row for row in statuses(empty_db) if row[0] != "zh-Hant"} == hans_and_en
    # a house proposal stays a house proposal; other citations become sources of authority "reference"
    house = empty_db.execute(
        """SELECT s.id, s.authority FROM terms t JOIN term_sources ts ON ts.term_id = t.id
           JOIN sources s ON s.id = ts.source_id WHERE t.term = 'long-term mechanism'""").fetchall()
    assert house == [("house", "house")]


def test_tsv_round_trip_through_omegat_layout(db, empty_db, tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_bytes(b"".join(iter_tsv(db)))
    report = import_file(empty_db, path)
    # synonyms written one after the other with the same renderings (职工代表大会, 职代会) are one concept again
    assert report.format == "tsv" and report.entries == empty_db["concepts"].count == db["concepts"].count
    assert report.terms["added"] + report.terms["present"] == report.terms_in_file
    assert text(iter_tsv(empty_db)) == path.read_text("utf-8")
    # the comment is read back as status and source, not kept as a note
    assert empty_db.execute("SELECT count(*) FROM terms WHERE note IS NOT NULL").fetchone()[0] == 0


def test_headerless_omegat_tsv_and_merging(db, tmp_path):
    path = tmp_path / "project-glossary.utf8"
    path.write_text("# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
                    "工会\ttrade union\n"
                    "工会\tunion\tused in headlines\n"
                    "集体协商\tcollective consultation\tpreferred\n"
                    "no target here\n", "utf-8")
    report = import_file(db, path)
    assert report.format == "tsv"
    assert report.merged == ["trade-union"] and report.added == ["collective-consultation"]
    note = db.execute("SELECT status, note FROM terms WHERE term = 'union'").fetchone()
    assert note == ("admitted", "used in headlines")
    assert db.execute("SELECT status FROM terms WHERE term = 'collective consultation'").fetchone() == ("preferred",)
    assert report.warnings == ["line 5: skipped: no source and target separated by a tab"]


def test_csv_columns_found_by_their_header_names(empty_db, tmp_path):
    path = tmp_path / "partner.csv"
    path.write_text("Chinese,en-US,Status,Comment\n"
                    "职代会,workers' congress,preferred,\n"
                    "职代会,staff congress,notRecommended,older usage\n"
                    ",orphan rendering,preferred,\n", "utf-8-sig")
    report = import_file(empty_db, path)
    assert statuses(empty_db) >= {("en", "workers' congress", "preferred"), ("en", "staff congress", "deprecated")}
    assert report.held == ["row 4: no Chinese term"] and report.terms["held"] == 1


def test_csv_without_a_chinese_column_is_refused(empty_db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("term,translation\nfoo,bar\n", "utf-8")
    with pytest.raises(GlossaryError, match="names no Chinese column"):
        import_file(empty_db, path)
    assert empty_db["imports"].count == 0
