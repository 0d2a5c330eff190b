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


@lru_cache(maxsize=1)
def _by_first_character() -> tuple[tuple[str, ...], dict[str, list[tuple[int, str]]]]:
    """The areas in file order, and each lexicon word under its first character with its area's index."""
    areas = tuple(lexicon())
    index: dict[str, list[tuple[int, str]]] = {}
    for n, area in enumerate(areas):
        for word in lexicon()[area]:
            index.setdefault(word[0], []).append((n, word))
    return areas, index


@lru_cache(maxsize=8192)  # theme texts and short phrases come back report after report
def category(text: str) -> str | None:
    """The area whose words occur most often in the text; None when no word does. Only the words
    that start with a character of the text are counted: the same counts, a fraction of the work."""
    areas, index = _by_first_character()
    hits = [0] * len(areas)
    for ch in set(text):
        for n, word in index.get(ch, ()):
            hits[n] += text.count(word)
    best, best_hits = None, 0
    for n, area in enumerate(areas):
        if hits[n] > best_hits:
            best, best_hits = area, hits[n]
    return best
