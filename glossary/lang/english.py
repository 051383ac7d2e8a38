"""Other forms of a folded English key that a reader may have typed instead of the glossary's: the other
spelling (British labour, organisation, centre ↔ American labor, organization, center) and the plural of a
singular ("migrant worker" → "migrant workers"). Keys are lower case, words separated by single spaces."""
from __future__ import annotations

from glossary.lang.spelling import american_ize


def other_spellings(key: str) -> list[str]:
    """The key spelt all American and all British, where that differs from it: "labour organisation" →
    ["labor organization"], "forced labor" → ["forced labour"], "international labour organization" (mixed,
    as the ILO spells itself) → ["international labor organization", "international labour organisation"]."""
    # breame: the 1,700 British/American spelling pairs, as two dicts (imports in a millisecond)
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS

    words = key.split(" ")
    # -ise words the pairs lack (modernisation) take the draft checker's rule
    american = " ".join(BRITISH_ENGLISH_SPELLINGS.get(w) or american_ize(w) or w for w in words)
    british = " ".join(AMERICAN_ENGLISH_SPELLINGS.get(w, w) for w in words)
    return [spelt for spelt in dict.fromkeys((american, british)) if spelt != key]


def plural_key(key: str) -> str | None:
    """The key with its last word in the plural ("migrant worker" → "migrant workers", "delivery rider" →
    "delivery riders", "policy" → "policies"), or None when that word is not a singular noun ending we know.
    A candidate counts only when simplemma takes it back to the word typed (so "workers" never becomes
    "workerss"); a wrong guess (childs) only finds nothing, and irregular plurals are left to the renderings."""
    import simplemma

    *head, last = key.split(" ")
    if len(last) < 3 or not last.isalpha():
        return None
    if last.endswith("y") and last[-2] not in "aeiou":
        candidates = [last[:-1] + "ies"]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        candidates = [last + "es"]
    else:
        candidates = [last + "s"]
    for plural in candidates:
        if simplemma.lemmatize(plural, lang="en") == last:
            return " ".join([*head, plural])
    return None
