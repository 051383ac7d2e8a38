"""The CAT-tool exports as the real readers show them: translate-toolkit (a test dependency) and OmegaT's own
glossary readers from Debian's `omegat` package, run headless (skipped where the package is not installed)."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from glossary.interchange.tabular import iter_omegat
from glossary.interchange.tbx_export import iter_martif

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
HARNESS = Path(__file__).parent / "omegat" / "ReadGlossary.java"
HOUSE = "House proposal — no authoritative English rendering found [house proposal]"
LAW = "Trade Union Law (2021), English text [law]"


def martif(db, **kwargs) -> bytes:
    return b"".join(iter_martif(db, **kwargs))


# --- translate-toolkit --------------------------------------------------------------------------------

def test_translate_toolkit_reads_chinese_to_english_without_being_told(db):
    """No languages given (as `tbx2po` runs): Chinese is the source, English the target, not zh-Hant."""
    from translate.storage.tbx import tbxfile

    store = tbxfile(io.BytesIO(martif(db)))
    units = {unit.source: unit for unit in store.units}
    assert units["工会"].target == "trade union"
    assert units["长效机制"].target == "long-term mechanism"
    congress = units["职工代表大会"]
    # each rendering with its own status and its own source, the authority named
    shown = {t.text: (t.administrative_status, [n.text for n in t.notes if n.text.startswith(t.text + " — ")])
             for t in congress.get_target_terms()}
    assert shown == {
        "workers' congress": ("preferredTerm-admn-sts", [f"workers' congress — preferred — {LAW}"]),
        "congress of workers and staff": ("admittedTerm-admn-sts",
                                          [f"congress of workers and staff — admitted — {HOUSE}"]),
    }


def test_translate_toolkit_with_the_source_language_named(db):
    from translate.storage.tbx import tbxfile

    store = tbxfile(io.BytesIO(martif(db)), sourcelanguage="zh-Hans", targetlanguage="en")
    assert {u.source: u.target for u in store.units}["工会"] == "trade union"


def test_tbx2po_writes_english_translations(db, tmp_path):
    from translate.convert.tbx2po import converttbx

    out = io.BytesIO()
    assert converttbx(io.BytesIO(martif(db)), out, None) == 1
    po = out.getvalue().decode()
    assert 'msgid "工会"\nmsgstr "trade union"' in po
    assert "工會" not in po.split('msgid "工会"')[1].split("\n\n")[0]  # never the traditional form as a target


# --- OmegaT ---------------------------------------------------------------------------------------------

def omegat_read(path: Path, source="zh-CN", target="en", encoding="UTF-8") -> list[tuple[str, str, str]]:
    if not OMEGAT_JAR.is_file() or shutil.which("java") is None:
        pytest.skip("Debian's omegat package is not installed (apt-get install omegat)")
    if shutil.which("javac") is None:  # `java File.java` compiles the harness: a JDK, not only a JRE
        pytest.skip("no JDK to run the OmegaT harness (apt-get install default-jdk-headless)")
    classpath = f"{OMEGAT_JAR}:{OMEGAT_JAR.parent / 'lib'}/*"
    result = subprocess.run(["java", f"-Dfile.encoding={encoding}", "-cp", classpath, str(HARNESS), str(path),
                             source, target], capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return [tuple(line.split("\t")) for line in result.stdout.decode().splitlines()]


def test_omegat_reads_the_martif_export_with_each_renderings_status_and_source(db, tmp_path):
    path = tmp_path / "glossary-cat.tbx"
    path.write_bytes(martif(db))
    entries = omegat_read(path)
    pairs = {(src, target) for src, target, _comment in entries}
    assert ("工会", "trade union") in pairs and ("长效机制", "long-term mechanism") in pairs
    assert not any(target == "工會" for _src, target in pairs)
    # OmegaT puts every note of an entry in one comment: each line names its rendering, status and source
    comment = next(c for src, target, c in entries if src == "职代会" and target == "workers' congress")
    lines = comment.split("\\n")
    assert f"workers' congress — preferred — {LAW}" in lines
    assert f"congress of workers and staff — admitted — {HOUSE}" in lines


def test_omegat_reads_the_txt_glossary_in_utf8_whatever_the_system_encoding(db, tmp_path):
    path = tmp_path / "glossary-omegat.txt"
    path.write_bytes(b"".join(iter_omegat(db)))
    entries = omegat_read(path, encoding="ISO-8859-1")
    by_pair = {(src, target): comment for src, target, comment in entries}
    assert by_pair[("职代会", "workers' congress")] == f"preferred; zhí dài huì; source: {LAW}"
    assert by_pair[("长效机制", "long-term mechanism")] == f"preferred; cháng xiào jī zhì; source: {HOUSE}"
