"""The article score: 0-100 per category and per file, from findings weighed by severity and length.

A category's score halves for every ``half_points`` severity points per 1,000 words of
prose, so one warning costs a 300-word page more than a 3,000-word article, a score
never goes below 0, and a category with no findings scores 100. The file's score is the
weighted mean of its categories' scores: the categories of the rules that ran.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .finding import Finding

SEVERITY_POINTS = {"error": 10.0, "warning": 4.0, "info": 1.0}
HALF_POINTS = 20.0
MIN_WORDS = 300  # shorter texts are scored as if this long, so one finding on a stub is not fatal
# Health claims, evidence and dosage errors can hurt readers; they count more than style.
CATEGORY_WEIGHTS = {"claims": 3.0, "units": 3.0, "evidence": 2.0, "citations": 2.0, "readability": 2.0, "metadata": 1.5}


@dataclass(frozen=True)
class ScoreSettings:
    severity_points: Mapping[str, float] = field(default_factory=lambda: dict(SEVERITY_POINTS))
    weights: Mapping[str, float] = field(default_factory=lambda: dict(CATEGORY_WEIGHTS))
    half_points: float = HALF_POINTS

    def weight(self, category: str) -> float:
        return float(self.weights.get(category, 1.0))


def score(findings: Iterable[Finding], words: int, categories: Iterable[str], settings: ScoreSettings | None = None) -> dict:
    """``{"total": 0-100, "categories": {category: 0-100}}`` for one file."""
    settings = settings or ScoreSettings()
    points = dict.fromkeys(sorted(set(categories)), 0.0)
    for finding in findings:
        points[finding.category] = points.get(finding.category, 0.0) + float(settings.severity_points.get(finding.severity, 0.0))
    scale = 1000.0 / max(words, MIN_WORDS)
    by_category = {c: 100.0 * 0.5 ** (p * scale / settings.half_points) for c, p in sorted(points.items())}
    weights = {c: settings.weight(c) for c in by_category}
    total_weight = sum(weights.values())
    total = sum(by_category[c] * weights[c] for c in by_category) / total_weight if total_weight else 100.0
    # Rounded down, so that 100 always means "no findings".
    return {"total": math.floor(total), "categories": {c: math.floor(s) for c, s in by_category.items()}}
