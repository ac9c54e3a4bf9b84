"""Relevance measured: recall@5 and mean reciprocal rank of the query set in
search/data/relevance_queries.json (what a visitor types, and the page or point they expect)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from search import engine

QUERIES = Path(__file__).resolve().parent / "data" / "relevance_queries.json"
TARGET_RECALL = 0.9


def load_queries():
    data = json.loads(QUERIES.read_text(encoding="utf-8"))
    return {lang: [tuple(pair) for pair in data[lang]] for lang in ("fi", "sv", "en")}


@dataclass
class Score:
    language: str
    queries: int = 0
    found: int = 0
    reciprocal_ranks: float = 0.0
    misses: list = field(default_factory=list)

    @property
    def recall(self):
        return self.found / self.queries if self.queries else 0.0

    @property
    def mrr(self):
        return self.reciprocal_ranks / self.queries if self.queries else 0.0


def rank_of(expected, results, k=5):
    """1-based rank of the first hit that is the expected page or one of its points."""
    hits = [*results.promoted, *results.hits][:k]
    for rank, hit in enumerate(hits, start=1):
        if hit.url.split("#", 1)[0] == expected:
            return rank
    return None


def evaluate(language, queries, k=5):
    score = Score(language)
    for query, expected in queries:
        results = engine.search(query, language, per_page=k)
        rank = rank_of(expected, results, k)
        score.queries += 1
        if rank:
            score.found += 1
            score.reciprocal_ranks += 1 / rank
        else:
            score.misses.append((query, expected, [hit.url for hit in results.hits[:k]]))
    return score
