"""A term's status as other tools write it, mapped by meaning onto the glossary's three: preferred, admitted,
deprecated.

Termbases spell status many ways: TBX's `preferredTerm-admn-sts`, Trados/MultiTerm picklists ("Approved",
"Forbidden", "Proposed"), memoQ's forbidden flag, IATE's evaluations ("obsolete", "preferred"), spreadsheet
columns. Everything is matched case-insensitively and without spacing, hyphens or underscores. What says
"do not use" (forbidden, notRecommended, obsolete, superseded, rejected …) is deprecated: a term the file
forbids is never imported as acceptable. A value whose meaning is narrower than the status it maps to
("Approved", "Proposed", "Forbidden") is kept as written in the term's note, so nothing the file said is lost.
"""
from __future__ import annotations

import re

STATUS_WORDS = {
    "preferred": "preferred", "preferredterm": "preferred", "preferredtermadmnsts": "preferred",
    "standardizedterm": "preferred", "standardized": "preferred", "standardised": "preferred",
    "mainterm": "preferred", "standardizedtermadmnsts": "preferred",
    "legaltermadmnsts": "preferred", "regulatedtermadmnsts": "preferred", "mandatory": "preferred", "approvedpreferred": "preferred",
    "admitted": "admitted", "admittedterm": "admitted", "admittedtermadmnsts": "admitted",
    "permitted": "admitted", "allowed": "admitted", "accepted": "admitted", "approved": "admitted",
    "validated": "admitted", "proposed": "admitted", "new": "admitted", "draft": "admitted",
    "deprecated": "deprecated", "deprecatedterm": "deprecated", "deprecatedtermadmnsts": "deprecated",
    "notrecommended": "deprecated", "superseded": "deprecated", "supersededterm": "deprecated",
    "supersededtermadmnsts": "deprecated", "obsolete": "deprecated", "obsoleteterm": "deprecated",
    "forbidden": "deprecated", "forbiddenterm": "deprecated", "rejected": "deprecated", "banned": "deprecated",
    "prohibited": "deprecated", "donotuse": "deprecated", "avoid": "deprecated", "legacy": "deprecated",
    "outdated": "deprecated", "withdrawn": "deprecated", "erroneous": "deprecated",
}
# the spellings that say exactly the glossary's status (our own exports write these): nothing to keep
EXACT = {"preferred", "admitted", "deprecated", "preferredtermadmnsts", "admittedtermadmnsts",
         "deprecatedtermadmnsts", "preferredterm", "admittedterm", "deprecatedterm"}
# the data categories that carry a status, lower-cased ("Status" in MultiTerm/Trados, "administrativeStatus"
# in TBX, IATE's "termEvaluation" …)
STATUS_CATEGORIES = {"administrativestatus", "normativeauthorization", "usagestatus", "status", "termstatus",
                     "termevaluation", "evaluation", "processstatus", "approval", "approvalstatus"}
# TBX-Basic's own picklist: a TBX-Basic file with another spelling is not valid TBX-Basic (reported)
TBX_BASIC_VALUES = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                    "supersededTerm-admn-sts"}
# memoQ and others flag a forbidden term in a yes/no column
YES = {"yes", "y", "true", "1", "x", "forbidden", "是"}
ORIGINAL_PREFIX = "status in the file: "


def _key(value: str) -> str:
    return re.sub(r"[\s_\-.]", "", value).lower()


def normalise_status(value: str | None) -> str | None:
    """preferred | admitted | deprecated for any known spelling, case-insensitively; None when the value
    means nothing known (or is empty)."""
    if not value or not value.strip():
        return None
    return STATUS_WORDS.get(_key(value))


def is_status_category(category: str | None) -> bool:
    return bool(category) and category.replace(" ", "").lower() in STATUS_CATEGORIES


def read_status(value: str | None) -> tuple[str | None, str | None]:
    """(status, the value as written when it says more than the status does), e.g. "Forbidden" →
    ("deprecated", "Forbidden"), "preferredTerm-admn-sts" → ("preferred", None), "Pending" → (None, "Pending")."""
    if not value or not value.strip():
        return None, None
    value = " ".join(value.split())
    status = normalise_status(value)
    return status, (None if status and _key(value) in EXACT else value)


def original_note(value: str) -> str:
    """The note that keeps a status value as the file wrote it."""
    return ORIGINAL_PREFIX + value
