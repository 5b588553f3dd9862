"""Pure functions over the model: score, quota, explain, reweight, rounds."""

from .explain import explain
from .quota import apply_quota, quota_limit
from .reweight import reweight
from .rounds import compare_rounds, reconcile, score_round, tally_awards
from .score import score, score_many

__all__ = [
    "apply_quota",
    "compare_rounds",
    "explain",
    "quota_limit",
    "reconcile",
    "reweight",
    "score",
    "score_many",
    "score_round",
    "tally_awards",
]
