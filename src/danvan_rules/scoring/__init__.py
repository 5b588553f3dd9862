"""Pure functions over the model: score, quota, explain, reweight."""

from .explain import explain
from .quota import apply_quota, quota_limit
from .reweight import reweight
from .score import score, score_many

__all__ = ["apply_quota", "explain", "quota_limit", "reweight", "score", "score_many"]
