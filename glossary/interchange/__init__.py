"""Interchange: the formats termbases travel in (TBX v3 and martif, CSV, TSV/OmegaT, .xlsx, MultiTerm XML),
written and read; formats.py is the one module that knows them all."""
