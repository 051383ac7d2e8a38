"""Where things are: the project's files and the default database."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # glossary/store/config.py → the project
DATA_DIR = PROJECT_ROOT / "data"  # the curated glossary: concepts.yaml, sources.yaml
CORPUS_DIR = PROJECT_ROOT / "corpus"  # the sample articles and documents.yaml
DEFAULT_DB = PROJECT_ROOT / "terms.db"


def default_db_path() -> Path:
    """$GLOSSARY_DB if set, else terms.db at the project root."""
    return Path(os.environ.get("GLOSSARY_DB") or DEFAULT_DB)
