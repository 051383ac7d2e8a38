"""The project's data tables (surnames, places, polyphones, pinyin corrections, word lists), kept apart from code."""
from __future__ import annotations

from importlib import resources


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a data file here, without blank lines and # comments."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
