"""Chinese text handling: decoding files, script conversion, page cleaning, sentence splitting.

Everything that reads raw text goes through here, so the build, the miner and the annotator agree on what a
"sentence" is and on where its offsets point.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc


class TextError(ValueError):
    """Input that is not usable text (binary, undecodable, empty)."""


# --- decoding -------------------------------------------------------------------------------------------

# Tried in order. gb18030 is a superset of GBK and GB2312; big5 covers Taiwan/Hong Kong files.
_ENCODINGS = ("utf-8", "gb18030", "big5")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of Chinese text; return (text, encoding). Raises TextError for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise TextError("binary data (NUL bytes), not text")
    candidates = []
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8":
            return text, encoding
        candidates.append((_plausibility(text), encoding, text))
    if not candidates:
        raise TextError("not UTF-8, GB18030/GBK or Big5 text")
    score, encoding, text = max(candidates)
    if score < 0.5:
        raise TextError("does not look like Chinese text in UTF-8, GB18030/GBK or Big5")
    return text, encoding


def _plausibility(text: str) -> float:
    """Share of characters that are common CJK, ASCII or punctuation: wrong codecs yield rare characters."""
    if not text:
        return 1.0
    sample = text[:20000]
    good = 0
    for ch in sample:
        if ch.isascii() or "\u4e00" <= ch <= "\u9fa5" or unicodedata.category(ch).startswith(("P", "Z")):
            good += 1
    # A GBK file decoded as Big5 (or the reverse) gives valid but rare characters; penalise private use.
    return good / len(sample)


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a text file in any supported encoding; return (text, encoding)."""
    return decode(Path(path).read_bytes())


# --- scripts --------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


# C0 and C1 control characters other than tab, line feed and carriage return: no term, note or query means one
CONTROL_RANGES = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
CONTROL_CHARS = re.compile(f"[{CONTROL_RANGES}]")


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002fa1f"


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


# --- page cleaning --------------------------------------------------------------------------------------

# A block that starts with one of these lines is the site's link lists, not the article.
_END_MARKERS = {"精彩热图", "焦点图片", "相关新闻", "相关阅读", "相关链接", "热点推荐", "延伸阅读", "更多>>"}
_FURNITURE = [
    re.compile(p)
    for p in (
        r"^\d*\s*\d{4}年\d{1,2}月\d{1,2}日\s*星期.$",  # page header: "7 2013年10月18日 星期五"
        r"^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}",  # timestamp line of a web page
        r"(用户名|密码).*(注册|登录)",  # login bar
        r"^(打印文章|发送给我好友|关闭窗口|返回顶部|责任编辑)",
        r"^免费订阅",
        r"^(来源|作者)[:：]",
        r"^[□■◆]?\s*本报(记者|通讯员)",  # byline
        r"^(图为|图片[:：]|\(图\)|（图）)",  # photo caption
        r"^中国日报网?$",
    )
]
_SENTENCE_PUNCT = set("。！？；!?;，,：:")
# Furniture is a short line: a long line that happens to hold 用户名…登录 or start 本报记者 is article text
# (and a file without line breaks, cut into 5,000-character pieces, must not lose every piece). The longest
# furniture line of the corpora at hand has 70 characters.
FURNITURE_MAX_CHARS = 100


@dataclass
class Dropped:
    """What cleaning left out of a page, for the reader of a report: nothing is dropped in silence."""

    furniture_lines: int = 0  # login bars, bylines, captions, timestamps …
    furniture_chars: int = 0
    list_lines: int = 0  # runs of four or more short lines: navigation and link lists
    list_chars: int = 0
    tail_marker: str | None = None  # 相关新闻 …: the rest of the page is its link lists
    tail_chars: int = 0

    @property
    def chars(self) -> int:
        return self.furniture_chars + self.list_chars + self.tail_chars

    def describe(self) -> str:
        parts = []
        if self.furniture_lines:
            parts.append(f"{self.furniture_lines:,} furniture line(s) ({self.furniture_chars:,} characters)")
        if self.list_lines:
            parts.append(f"{self.list_lines:,} line(s) of link lists ({self.list_chars:,} characters)")
        if self.tail_marker:
            parts.append(f"everything after {self.tail_marker!r} ({self.tail_chars:,} characters)")
        return "; ".join(parts)


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str  # "body" or "heading"


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the cleaned document text
    paragraph: int  # index of its paragraph
    kind: str  # "body" or "heading"


def _is_furniture(line: str) -> bool:
    return len(line) <= FURNITURE_MAX_CHARS and any(p.search(line) for p in _FURNITURE)


def clean_paragraphs(text: str, dropped: Dropped | None = None) -> list[Paragraph]:
    """The article text of a page: paragraphs without navigation, login bars, captions or link lists.

    A line with sentence punctuation is body text; a short line without any is a heading, unless it
    stands in a run of four or more such lines, which is a navigation or link list. `dropped`, if given,
    is filled in with what was left out.
    """
    dropped = dropped if dropped is not None else Dropped()
    text = text.replace("\u3000", " ")
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    paragraphs: list[Paragraph] = []
    seen_headings: set[str] = set()
    run: list[str] = []  # consecutive non-empty lines without punctuation

    def flush_run():
        if len(run) < 4:
            for line in run:
                if line not in seen_headings and has_cjk(line):
                    seen_headings.add(line)
                    paragraphs.append(Paragraph(line, "heading"))
        else:
            dropped.list_lines += len(run)
            dropped.list_chars += sum(map(len, run))
        run.clear()

    for number, line in enumerate(lines):
        if not line:
            continue  # blank lines separate paragraphs; a link list may have them between its items
        if line in _END_MARKERS:
            dropped.list_lines += len(run)
            dropped.list_chars += sum(map(len, run))
            run.clear()
            dropped.tail_marker = line
            dropped.tail_chars = sum(map(len, lines[number:]))
            break
        if _is_furniture(line):
            dropped.furniture_lines += 1
            dropped.furniture_chars += len(line)
            flush_run()
            continue
        if any(ch in _SENTENCE_PUNCT for ch in line) or len(line) > 40:
            flush_run()
            paragraphs.append(Paragraph(line, "body"))
        else:
            run.append(line)
    flush_run()
    return paragraphs


# A sentence ends at 。！？!? or an ellipsis, with any closing quotes; also at an ASCII full stop directly
# followed by a Chinese character ("85.07%.厂务公开"), as in pages typed with half-width punctuation.
_SENTENCE_END = re.compile(r"(?:[^。！？!?….]|\.(?![\u4e00-\u9fff]))*(?:[。！？!?]+|…+|\.|$)[”’」』）)]*")


def split_sentences(paragraph: str) -> list[tuple[int, str]]:
    """Split one paragraph into (offset, sentence) pairs; whitespace-only pieces are dropped."""
    out = []
    for m in _SENTENCE_END.finditer(paragraph):
        piece = m.group()
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        out.append((m.start() + lead, piece.strip()))
    return out


def clean_document(text: str, dropped: Dropped | None = None) -> tuple[str, list[Sentence]]:
    """Clean a page and split it: returns the cleaned text (paragraphs joined by newlines) and its sentences,
    each with its offset in that cleaned text. `dropped`, if given, is filled in with what was left out."""
    paragraphs = clean_paragraphs(text, dropped)
    sentences: list[Sentence] = []
    offset = 0
    for index, para in enumerate(paragraphs):
        if para.kind == "heading":
            sentences.append(Sentence(para.text, offset, index, "heading"))
        else:
            for start, sentence in split_sentences(para.text):
                sentences.append(Sentence(sentence, offset + start, index, "body"))
        offset += len(para.text) + 1
    return "\n".join(p.text for p in paragraphs), sentences


def normalize_query(text: str) -> str:
    """Strip control characters and surrounding space; fold full-width ASCII (ＡＢＣ → ABC)."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    return unicodedata.normalize("NFKC", text).strip()
