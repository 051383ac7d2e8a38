"""What the miner reads: files and folders of .txt, .md and .html, in any supported encoding, cleaned of
page furniture, in simplified characters with the original (traditional) form kept.

Every problem with one input (unreadable, empty, binary, not Chinese) becomes one message for that input;
the caller decides how to show it, and the run goes on with the others.
"""
from __future__ import annotations

import html.parser
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import fsspec
from fsspec.implementations.local import LocalFileSystem

from glossary.lang.text import Dropped, Sentence, TextError, clean_document, decode, to_simplified

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"}
# A "line" longer than this is cut at sentence ends before cleaning: a 50 MB file without line breaks must
# not become one 50 MB paragraph (cleaning and sentence splitting work line by line).
MAX_LINE = 5_000
# Cleaning that leaves out this share of a file (and at least this many characters) is reported: a page's
# furniture is a few lines, so losing a quarter of the text means the rules met something they should not.
DROPPED_NOTE_SHARE = 0.25
DROPPED_NOTE_MIN_CHARS = 2_000

Report = Callable[[str, str], None]  # (input, message)


@dataclass
class Document:
    name: str  # the path as found, used in messages and examples
    encoding: str
    sentences: list[Sentence]  # simplified text; offsets into the cleaned document
    originals: dict[int, str] = field(default_factory=dict)  # sentence index → original text, where it differs
    notes: list[str] = field(default_factory=list)

    @property
    def traditional(self) -> bool:
        return bool(self.originals)

    @property
    def chars(self) -> int:
        return sum(len(s.text) for s in self.sentences)


def find_files(paths: Iterable[str | Path], report: Report) -> list[Path | str]:
    """Expand folders (recursively, .txt/.md/.html only, in sorted order, README/LICENSE/SOURCES notes left
    out); a file named explicitly is read whatever its suffix and name. Paths that do not exist or cannot be listed are reported and skipped.

    An input may also be an fsspec URL (what a Dask cluster's workers can read): a `file://` URL is its local
    path; any other (s3://, http://, memory://…) stays a URL string, listed and read through fsspec."""
    found: list[Path | str] = []
    seen: set = set()

    def add(path: Path | str):
        key = path if isinstance(path, str) else path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for raw in paths:
        if is_url(raw):
            try:
                fs, root = fsspec.core.url_to_fs(str(raw))
            except (ValueError, ImportError) as exc:  # an unknown protocol, or its package is not installed
                report(str(raw), f"cannot read this kind of URL: {exc}")
                continue
            if not isinstance(fs, LocalFileSystem):
                _find_remote(str(raw), fs, root, add, report)
                continue
            raw = root  # file:// → the local path (names in examples and messages are plain paths)
        path = Path(raw)
        if path.is_dir():
            def on_error(exc, _root=path):
                report(str(getattr(exc, "filename", _root)), f"cannot list folder: {exc.strerror or exc}")

            for root, dirs, files in os.walk(path, onerror=on_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in SUFFIXES and not name.startswith(".") and not _is_project_note(name):
                        add(Path(root) / name)
        elif path.exists():
            add(path)
        else:
            report(str(path), "no such file or folder")
    return found


def is_url(raw: str | Path) -> bool:
    return isinstance(raw, str) and "://" in raw


def _find_remote(url: str, fs, root: str, add, report: Report) -> None:
    """A URL's files, as find_files lists a folder's: recursively, sorted, the same suffixes and notes rule."""
    try:
        if fs.isdir(root):
            listed = [(name, name[len(root.rstrip("/")):].strip("/").split("/")) for name in fs.find(root)]
            # os.walk's order, as for a local folder: a folder's files (sorted), then its subfolders (sorted)
            listed.sort(key=lambda item: [(1, d) for d in item[1][:-1]] + [(0, item[1][-1])])
            for name, parts in listed:
                leaf = parts[-1]
                if (Path(leaf).suffix.lower() in SUFFIXES and not any(p.startswith(".") for p in parts)
                        and not _is_project_note(leaf)):
                    add(fs.unstrip_protocol(name))
        elif fs.exists(root):
            add(url)
        else:
            report(url, "no such file or folder")
    except Exception as exc:  # noqa: BLE001 - each filesystem has its own errors; one message per input
        report(url, f"cannot list: {exc}")


def file_size(path: Path | str) -> int:
    """Bytes in a file found by find_files (0 when it cannot be read: reading will report it)."""
    try:
        if isinstance(path, str):
            fs, root = fsspec.core.url_to_fs(path)
            return int(fs.size(root) or 0)
        return path.stat().st_size
    except Exception:  # noqa: BLE001 - a size is only a hint for batching and progress
        return 0


def read_list(path: str | Path) -> list[str]:
    """The inputs a list file names, one a line (blank lines and lines starting with # skipped); a relative
    path is taken from the list's folder, so a list travels with its corpus. URLs are kept as they are."""
    base = Path(path).parent
    out = []
    for line in Path(path).read_text("utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(line if is_url(line) or Path(line).is_absolute() else str(base / line))
    return out


def _is_project_note(name: str) -> bool:
    """README, LICENSE and the like beside a corpus describe it; they are not part of it."""
    return Path(name).stem.upper() in ("README", "LICENSE", "LICENCE", "CHANGELOG", "SOURCES", "NOTICE", "COPYING")


def read_document(path: Path | str) -> Document:
    """Read, decode, clean and simplify one file (a path, or a URL fsspec can open). Raises TextError (or
    OSError) with a message that says what is wrong with it."""
    if isinstance(path, str):
        with fsspec.open(path, "rb") as f:
            data = f.read()
    else:
        data = path.read_bytes()
    if not data.strip():
        raise TextError("empty file")
    text, encoding = decode(data)
    del data
    suffix = Path(str(path)).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml") or (suffix not in (".txt", ".md") and _looks_like_html(text)):
        text = html_to_text(text)
    elif suffix in (".md", ".markdown"):
        text = markdown_to_text(text)
    notes = []
    text, cut, lost = split_long_lines(text)
    if cut:
        notes.append(f"{cut} line(s) longer than {MAX_LINE:,} characters were cut at sentence ends"
                     + (f"; {lost:,} characters of their pieces without Chinese were left out" if lost else ""))
    if not _CJK.search(text):
        raise TextError(f"no Chinese text (read as {encoding})")
    return document_from_text(str(path), text, encoding, notes)


def document_from_text(name: str, text: str, encoding: str = "utf-8", notes: list[str] | None = None) -> Document:
    """Clean a page's text and convert it to simplified characters, keeping each changed sentence's original.
    When cleaning leaves out much of the text (DROPPED_NOTE_SHARE of it), a note says what went."""
    dropped = Dropped()
    cleaned, sentences = clean_document(text, dropped)
    if not sentences:
        raise TextError(f"nothing left after removing page furniture ({dropped.describe() or 'no article text'})")
    notes = list(notes or [])
    if dropped.chars >= DROPPED_NOTE_MIN_CHARS and dropped.chars >= DROPPED_NOTE_SHARE * len(text):
        notes.append(f"cleaning left out {dropped.chars:,} of {len(text):,} characters "
                     f"({dropped.chars / max(1, len(text)):.0%}): {dropped.describe()}")
    simplified = to_simplified(cleaned)
    out: list[Sentence] = []
    originals: dict[int, str] = {}
    same_length = len(simplified) == len(cleaned)
    for i, s in enumerate(sentences):
        if same_length:
            simple = simplified[s.start: s.start + len(s.text)]
        else:
            simple = to_simplified(s.text)
        if simple != s.text and len(simple) == len(s.text):
            originals[i] = s.text
        out.append(Sentence(simple, s.start, s.paragraph, s.kind))
    return Document(name, encoding, out, originals, notes)


def iter_documents(paths: Iterable[str | Path], report: Report) -> Iterator[Document]:
    """Every readable document under paths, in order; each unusable one is reported and skipped."""
    for path in find_files(paths, report):
        try:
            doc = read_document(path)
        except TextError as exc:
            report(str(path), str(exc))
            continue
        except (OSError, MemoryError) as exc:
            report(str(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}")
            continue
        for note in doc.notes:
            report(str(path), note)
        yield doc


# --- formats ----------------------------------------------------------------------------------------------

_SENTENCE_END_CHAR = re.compile(r"[。！？!?；;]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def split_long_lines(text: str) -> tuple[str, int]:
    """Cut lines longer than MAX_LINE at sentence ends (or, failing those, every MAX_LINE characters);
    pieces of such a line that hold no Chinese are dropped. Returns the text, how many lines were cut and
    how many characters the dropped pieces held."""
    if len(text) <= MAX_LINE or all(len(line) <= MAX_LINE for line in text.split("\n")):
        return text, 0, 0
    out: list[str] = []
    cut = lost = 0
    for line in text.split("\n"):
        if len(line) <= MAX_LINE:
            out.append(line)
            continue
        cut += 1
        start = 0
        while len(line) - start > MAX_LINE:
            window_end = start + MAX_LINE
            ends = [m.end() for m in _SENTENCE_END_CHAR.finditer(line, start + MAX_LINE // 2, window_end)]
            end = ends[-1] if ends else window_end  # no sentence end nearby: cut hard
            lost += _keep_piece(out, line[start:end])
            start = end
        lost += _keep_piece(out, line[start:])
    return "\n".join(out), cut, lost


def _keep_piece(out: list[str], piece: str) -> int:
    """Keep the piece; or, when it has no Chinese, return its length (nothing to mine, and it would cost time)."""
    if _CJK.search(piece):
        out.append(piece)
        return 0
    return len(piece)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


class _TextExtractor(html.parser.HTMLParser):
    """Visible text of a page, one block element per line; scripts, styles and site chrome left out."""

    SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "select", "button", "iframe",
            "svg", "template"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6",
             "section", "article", "blockquote", "pre", "dd", "dt", "figcaption", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


_MD_RULES = [
    (re.compile(r"^```.*?^```", re.S | re.M), ""),  # code blocks
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the text
    (re.compile(r"^\s{0,3}(#{1,6}|>+|[-*+]|\d+\.)\s+", re.M), ""),  # headings, quotes, list markers
    (re.compile(r"(\*\*|__|\*|`)"), ""),  # emphasis, inline code
    (re.compile(r"<[^>]+>"), ""),  # inline HTML
]


def markdown_to_text(text: str) -> str:
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text
