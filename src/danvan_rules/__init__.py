"""danvan_rules: Vietnam's provincial dân vận chính quyền evaluation rules as code.

Typed rule sets (criteria, weights, bands, conditions, quotas) and a pure,
exact scorer that explains every point:

>>> import danvan_rules as dr
>>> rs = dr.rulesets.get("example/dan-van-2024")
>>> result = dr.score(rs, dr.load_report("examples/tot.json"))
>>> result.total, result.band_code
(Decimal('82.50'), 'tot')

See ``docs/`` for the rule-set format, the report format and the semantics.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from . import errors
from .errors import DanvanError, ReportError, RuleSetError
from .model import Batch, CohortResult, RuleSet, ScoreResult, UnitReport
from .scoring import explain, iter_scores, reweight, score, score_many

if TYPE_CHECKING:
    from . import campaigns, rulesets
    from .codec import (
        check_ruleset,
        report_from_data,
        report_from_json,
        report_schema,
        report_to_data,
        report_to_json,
        result_schema,
        result_to_data,
        ruleset_from_data,
        ruleset_from_toml,
        ruleset_to_data,
        ruleset_to_toml,
    )
    from .frames import lines_frame, reports_from_frame, results_frame, score_frame
    from .io import load_report, load_reports, load_ruleset
    from .registers import load_register
    from .scoring.quota import apply_quota
    from .scoring.rounds import compare_rounds, reconcile, score_round, tally_awards

    __version__: str

# The edges (cattrs, files, the registry's entry points) and what a plain ``score()``
# does not use (quotas, evaluation rounds) load on first use, so that ``import
# danvan_rules`` costs only what scoring needs (DESIGN.md §5 layers).
_LAZY = {
    **dict.fromkeys(
        (
            "check_ruleset",
            "report_from_data",
            "report_from_json",
            "report_schema",
            "report_to_data",
            "report_to_json",
            "result_schema",
            "result_to_data",
            "ruleset_from_data",
            "ruleset_from_toml",
            "ruleset_to_data",
            "ruleset_to_toml",
        ),
        "danvan_rules.codec",
    ),
    **dict.fromkeys(("load_report", "load_reports", "load_ruleset"), "danvan_rules.io"),
    "load_register": "danvan_rules.registers",
    **dict.fromkeys(
        ("lines_frame", "reports_from_frame", "results_frame", "score_frame"),
        "danvan_rules.frames",
    ),
    "apply_quota": "danvan_rules.scoring.quota",
    **dict.fromkeys(
        ("compare_rounds", "reconcile", "score_round", "tally_awards"),
        "danvan_rules.scoring.rounds",
    ),
}

__all__ = [
    "Batch",
    "CohortResult",
    "DanvanError",
    "ReportError",
    "RuleSet",
    "RuleSetError",
    "ScoreResult",
    "UnitReport",
    "__version__",
    "apply_quota",
    "campaigns",
    "check_ruleset",
    "compare_rounds",
    "errors",
    "explain",
    "iter_scores",
    "lines_frame",
    "load_register",
    "load_report",
    "load_reports",
    "load_ruleset",
    "reconcile",
    "report_from_data",
    "report_from_json",
    "report_schema",
    "report_to_data",
    "report_to_json",
    "reports_from_frame",
    "result_schema",
    "result_to_data",
    "results_frame",
    "reweight",
    "ruleset_from_data",
    "ruleset_from_toml",
    "ruleset_to_data",
    "ruleset_to_toml",
    "rulesets",
    "score",
    "score_frame",
    "score_many",
    "score_round",
    "tally_awards",
]


def __getattr__(name: str) -> object:
    if name == "__version__":
        from ._metadata import VERSION

        return VERSION
    if name in {"rulesets", "campaigns"}:
        return importlib.import_module(f"danvan_rules.{name}")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'danvan_rules' has no attribute {name!r}")


def __dir__() -> list[str]:
    # the lazy names too, as if they were imported: completion and help() list them
    return sorted({*globals(), *__all__})
