"""Policy area of a sentence or theme from the lexicon in data/policy_areas.json."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from schemas.vocab import POLICY_AREAS


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    """Area → words, in the order of the file (the order breaks ties)."""
    raw = json.loads(resources.files("flows.steps").joinpath("data/policy_areas.json").read_text(encoding="utf-8"))
    areas = {k: v for k, v in raw.items() if not k.startswith("_")}
    unknown = set(areas) - set(POLICY_AREAS)
    if unknown:
        raise ValueError(f"policy_areas.json names areas outside the vocabulary: {sorted(unknown)}")
    return areas


def category(text: str) -> str | None:
    """The area whose words occur most often in the text; None when no word does."""
    best, best_hits = None, 0
    for area, words in lexicon().items():
        hits = sum(text.count(w) for w in words)
        if hits > best_hits:
            best, best_hits = area, hits
    return best
