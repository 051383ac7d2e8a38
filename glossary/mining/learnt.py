"""The learnt ranking: a logistic regression over how a candidate behaves and how it is built.

`features(c, bg)` describes a candidate by numbers only: its counts and scores in the mined texts
(`scoring.compute_features`, the hand-set `scoring.score`), the archive's view of it (`background`), and its
shape — head classes (…会, …制度, …员), numerals, quotes, length, nesting. No feature looks the string up in a
glossary: the glossary gives the training labels only (`training.py`), so mining with or without one ranks
the same. The weights are a small JSON file (`data/ranking.json`, made by `glossary mine-retrain`); applying
them needs no machine-learning library: a dot product of standardised features.
"""
from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path

from glossary.mining import scoring
from glossary.mining.background import Background
from glossary.store.schema import GlossaryError

FORMAT = 1
DEFAULT_FILE = Path(__file__).parent / "data" / "ranking.json"

# Head classes: the last characters say what kind of thing a noun phrase names.
_HEADS = {
    "head_body": re.compile(r"(会|委员会|委|局|厅|部|办|中心|站|所|院|室|协会|联合会|组织|集团|公司|企业|单位|机构|总工会)$"),
    "head_system": re.compile(r"(制度|机制|体系|办法|规定|条例|法|合同|协议|政策|方案|计划|工程|制|权|责任|规划|标准)$"),
    "head_action": re.compile(r"(行动|活动|竞赛|服务|工作|建设|改革|协商|调解|仲裁|保障|保护|培训|监督|管理|援助|帮扶)$"),
    "head_money": re.compile(r"(基金|保险|待遇|费|金|工资|津贴|补贴|补助|报酬|经费)$"),
    "head_honour": re.compile(r"(奖章|奖状|称号|模范|劳模|先锋号|标兵|能手|工匠|之家)$"),
    "head_person": re.compile(r"(者|人|员|工|师|匠|职工|工人|干部|代表|主席|委员)$"),
    "head_place": re.compile(r"(省|市|县|区|镇|乡|村|街道|社区)$"),
}
_NUMERAL = re.compile(r"[一二三四五六七八九十百千万两双\d]")
_NUMBERED = re.compile(r"^[一二三四五六七八九十两双百千万\d]")
_PLACE_FIRST = re.compile(r"^.{2,3}?[省市县区]")
_KINDS = ("term", "abbreviation", "slogan", "quoted", "organisation", "person", "place")
_ORIGINS = ("tokens", "chars", "quoted", "listed")
_TAG_GROUPS = {"n": "n", "nz": "n", "vn": "vn", "v": "v", "vd": "v", "vi": "v", "a": "a", "ad": "a", "an": "a",
               "ns": "name", "nr": "name", "nt": "name", "nrt": "name", "nrfg": "name", "b": "b", "d": "d"}


def features(c: scoring.Candidate, bg: Background | None) -> dict[str, float]:
    """The numbers the learnt ranking sees for one candidate (features computed, kind and score set)."""
    f = c.features
    term = c.term
    out = {
        "hand_score": c.features.get("hand_score", 0.0),
        "log_frequency": math.log2(1 + c.frequency),
        "log_independent": math.log2(1 + f["independent"]),
        "dominated": f["dominated"],
        "anchor": f["anchor"], "ll_mean": f["ll_mean"], "ll_head": f["ll_head"],
        "key_mean": _clip(f["key_mean"], -5, 12), "key_min": _clip(f["key_min"], -5, 12),
        "key_max": _clip(f["key_max"], -5, 12), "key_head": _clip(f["key_head"], -5, 12),
        "cohesion": _clip(f["cohesion"], -2, 10) if f["tokens"] > 1 else 0.0,
        "h_min": min(f["h_left"], f["h_right"]), "h_max": max(f["h_left"], f["h_right"]),
        "clean_min": min(f["clean_left"], f["clean_right"]), "clean_mean": (f["clean_left"] + f["clean_right"]) / 2,
        "stuck": f["stuck"] if c.frequency >= 2 else 0.0,
        "general_verbs": f["general_verbs"], "tokens": min(f["tokens"], 6), "words": min(f["words"], 8),
        "domain_share": f["domain_share"], "length": min(f["length"], 16), "long": max(0, f["length"] - 6),
        "listed": f["listed"], "quoted": f["quoted"], "in_reference": math.log1p(f["in_reference"]),
        "abbreviation_of": 1.0 if c.full_forms else 0.0,
        "numeral": 1.0 if _NUMERAL.search(term) else 0.0,
        "numbered": 1.0 if _NUMBERED.match(term) else 0.0,
        "place_first": 1.0 if _PLACE_FIRST.match(term) and len(term) > 4 else 0.0,
        "seen_once": 1.0 if c.frequency <= 1 else 0.0,
    }
    for name, pattern in _HEADS.items():
        out[name] = 1.0 if pattern.search(term) else 0.0
    for kind in _KINDS:
        out["kind_" + kind] = 1.0 if c.kind == kind else 0.0
    for origin in _ORIGINS:
        out["origin_" + origin] = 1.0 if c.origin == origin else 0.0
    for prefix, tag in (("head_tag_", f["head_tag"]), ("first_tag_", f["first_tag"])):
        group = _TAG_GROUPS.get(tag, "other")
        for g in ("n", "vn", "v", "a", "name", "b", "d", "other"):
            out[prefix + g] = 1.0 if group == g else 0.0
    if bg is not None:
        out.update(bg.features(c))
        out["bg_seen_once_here"] = out["bg_df"] * out["seen_once"]  # the archive speaks for a hapax
    return out


def _clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


class ModelError(GlossaryError):
    """A ranking weights file that cannot be used."""


class Model:
    """Fitted weights: mean and scale to standardise each feature, a coefficient each, an intercept."""

    def __init__(self, data: dict):
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"not a ranking model of format {FORMAT}")
        self.data = data
        self.names: list[str] = data["features"]
        self.mean, self.scale, self.coef = data["mean"], data["scale"], data["coef"]
        self.intercept: float = data["intercept"]
        self.uses_background: bool = data.get("background", True)
        self.blend: float = data.get("blend", 1.0)  # ranking score = hand-set score + blend × log-odds
        self.blend_word: float = data.get("blend_word", self.blend)  # … for a one-word candidate

    def blend_for(self, c: scoring.Candidate) -> float:
        """The weight of the learnt log-odds in c's ranking score (one-word candidates have their own)."""
        return self.blend_word if c.features.get("words") == 1 else self.blend

    def score(self, x: dict[str, float]) -> float:
        """The log-odds that a candidate with these features is a term."""
        s = self.intercept
        for name, m, sc, w in zip(self.names, self.mean, self.scale, self.coef):
            s += w * (x.get(name, 0.0) - m) / sc
        return s

    def save(self, path: str | Path) -> None:
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        tmp.replace(path)


def load(path: str | Path | None = None) -> Model:
    path = Path(path) if path else DEFAULT_FILE
    try:
        return Model(json.loads(Path(path).read_text("utf-8")))
    except FileNotFoundError:
        raise ModelError(f"ranking model {path} not found") from None
    except ModelError:
        raise ModelError(f"{path} is not a ranking model of format {FORMAT}") from None
    except (KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path} is not a ranking model ({type(exc).__name__})") from None


@functools.cache
def default_model() -> Model | None:
    """The shipped weights (loaded once), or None when the package has none."""
    return load(DEFAULT_FILE) if DEFAULT_FILE.exists() else None


def resolve(choice: Model | str | Path | None) -> Model | None:
    """The weights a choice names: "default" (the shipped file), "none" or None (the hand-set score alone),
    a file's path, or weights already loaded."""
    if choice is None or isinstance(choice, Model):
        return choice
    if choice == "default":
        return default_model()
    if choice == "none":
        return None
    return load(choice)


RESCORE = 5000  # candidates (best first by the hand-set score) that get the learnt score


def rank(cands: dict[str, scoring.Candidate], model: Model | None, bg: Background | None,
         rescore: int | None = None) -> list[scoring.Candidate]:
    """Best first: by the hand-set score (scoring.rank) plus, when there is a model, model.blend (model.blend_word
    for a one-word candidate) times the learnt log-odds. The hand-set score is kept in features["hand_score"] either way.

    Only the best `rescore` candidates by the hand-set score get the learnt score (on a large archive the
    features of all of them would take longer than counting); the others stay below them, in their order,
    each with the lowest learnt log-odds of those rescored, weighted by whichever blend makes it lowest."""
    ranked = scoring.rank(cands)
    for c in ranked:
        c.features["hand_score"] = c.score
    if model is None:
        return ranked
    use_bg = bg if model.uses_background else None
    rescore = RESCORE if rescore is None else rescore
    head, tail = ranked[:rescore], ranked[rescore:]
    floor = math.inf
    for c in head:
        c.features["learnt"] = learnt_score = model.score(features(c, use_bg))
        floor = min(floor, learnt_score)
        c.score = round(c.features["hand_score"] + model.blend_for(c) * learnt_score, 4)
    # the tail gets the lowest learnt contribution a rescored candidate could have, whatever its blend, so it
    # stays below the rescored head
    lowest = min(model.blend * floor, model.blend_word * floor) if head else 0.0
    for c in tail:
        c.features["learnt"] = floor
        c.score = round(c.features["hand_score"] + lowest, 4)
    head.sort(key=lambda c: (-c.score, -c.frequency, len(c.term), c.term))
    return head + tail
