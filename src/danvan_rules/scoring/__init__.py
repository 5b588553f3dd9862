"""Pure functions over the model: score, quota, explain, reweight, rounds.

The quota and the evaluation rounds load on first use, so that scoring a report
does not pay for their modules (and the rounds' model) at import; every name
below imports as before:

>>> from danvan_rules.scoring import score_round
>>> score_round.__module__
'danvan_rules.scoring.rounds'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# ``diff``, ``explain`` and ``reweight`` stay eager: each is also the name of its own
# submodule, which importing that submodule would bind here in place of a lazily loaded
# function. (``diff``'s module loads nothing that scoring does not already load.)
from .diff import diff
from .explain import explain
from .reweight import reweight
from .score import iter_scores, score, score_many

if TYPE_CHECKING:
    from .diff import (
        Change,
        Impact,
        RuleSetDiff,
        Sweep,
        SweepSetting,
        UnitImpact,
        VersionOutcome,
        impact,
        sweep,
    )
    from .quota import apply_quota, quota_limit
    from .rounds import compare_rounds, reconcile, score_round, tally_awards

_LAZY = {
    **dict.fromkeys(
        (
            "Change",
            "Impact",
            "VersionOutcome",
            "RuleSetDiff",
            "Sweep",
            "SweepSetting",
            "UnitImpact",
            "impact",
            "sweep",
        ),
        "danvan_rules.scoring.diff",
    ),
    **dict.fromkeys(("apply_quota", "quota_limit"), "danvan_rules.scoring.quota"),
    **dict.fromkeys(
        ("compare_rounds", "reconcile", "score_round", "tally_awards"),
        "danvan_rules.scoring.rounds",
    ),
}

__all__ = [
    "Change",
    "Impact",
    "RuleSetDiff",
    "Sweep",
    "SweepSetting",
    "UnitImpact",
    "VersionOutcome",
    "apply_quota",
    "compare_rounds",
    "diff",
    "explain",
    "impact",
    "iter_scores",
    "quota_limit",
    "reconcile",
    "reweight",
    "score",
    "score_many",
    "score_round",
    "sweep",
    "tally_awards",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'danvan_rules.scoring' has no attribute {name!r}")


def __dir__() -> list[str]:
    # the lazy names too, as if they were imported: completion and help() list them
    return sorted({*globals(), *__all__})
