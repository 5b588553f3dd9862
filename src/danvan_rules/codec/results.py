"""The stable JSON form of results (what ``danvan-rules score --format json`` prints).

Decimals are written as strings, exactly as computed (``"82.50"``); the keys
documented in ``docs/cli.md`` are stable within a major version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from danvan_rules.errors import ReportError
from danvan_rules.model import Batch, Reference, ScoreResult
from danvan_rules.model._canonical import decimal_text, to_data

__all__ = ["batch_to_data", "error_to_data", "result_to_data"]


def _d(number: Decimal | None) -> str | None:
    """Shortest exact text: ``"8.5"`` however the input spelled it (``"8.50"``)."""
    return None if number is None else decimal_text(number)


def _ref(reference: Reference | None) -> dict[str, Any] | None:
    return None if reference is None else to_data(reference)


def result_to_data(result: ScoreResult) -> dict[str, Any]:
    """The documented JSON form of a result."""
    gap = result.gap
    cohort = result.cohort
    return {
        "unit_id": result.unit_id,
        "unit_name": result.unit_name,
        "category": result.category,
        "year": result.year,
        "province": result.province,
        "ruleset": result.audit.ruleset_code,
        "status": result.status.value,
        "total": str(result.total),
        "self_total": str(result.self_total),
        "criteria_total": _d(result.criteria_total),
        "band": result.band_code,
        "band_label_vi": None if result.band is None else result.band.label_vi,
        "band_by_score": result.band_by_score.code,
        "criteria": [
            {
                "code": line.code,
                "title_vi": line.title_vi,
                "depth": line.depth,
                "awarded": _d(line.awarded),
                "max": _d(line.max),
                "weight": _d(line.weight),
                "weighted": _d(line.weighted),
                "source": line.source.value,
                "self_points": _d(line.self_points),
                "appraised_points": _d(line.appraised_points),
                "reference": _ref(line.reference),
                "assumed": line.assumed,
            }
            for line in result.lines
        ],
        "adjustments": [
            {
                "code": adj.code,
                "kind": adj.kind,
                "label_vi": adj.label_vi,
                "claimed": _d(adj.claimed),
                "points": _d(adj.points),
                "note": adj.note,
                "reference": _ref(adj.reference),
                "assumed": adj.assumed,
            }
            for adj in result.adjustments
        ],
        "applied_conditions": [
            {
                "code": cond.code,
                "label_vi": cond.label_vi,
                "effect": cond.effect,
                "band": cond.band,
                "reference": _ref(cond.reference),
                "assumed": cond.assumed,
            }
            for cond in result.applied_conditions
        ],
        "gap": None
        if gap is None
        else {
            "next_band": gap.next_band,
            "points_needed": _d(gap.points_needed),
            "headroom": [{"code": h.code, "available": _d(h.available)} for h in gap.headroom],
            "blocking": list(gap.blocking),
        },
        "warnings": [{"code": n.code, "en": n.en, "vi": n.vi} for n in result.warnings],
        "audit": {
            "ruleset_code": result.audit.ruleset_code,
            "ruleset_sha256": result.audit.ruleset_sha256,
            "library_version": result.audit.library_version,
            "report_sha256": result.audit.report_sha256,
        },
        "cohort": None
        if cohort is None
        else {
            "rank": cohort.rank,
            "cohort_size": cohort.cohort_size,
            "band_before_quota": cohort.band_before_quota,
            "demoted": cohort.demoted,
        },
    }


def error_to_data(error: ReportError) -> dict[str, Any]:
    """The JSON form of a report that did not score: its unit and every problem."""
    return {
        "unit_id": error.unit_id,
        "status": "invalid",
        "problems": [{"message": p.message, "path": p.path} for p in error.problems],
    }


def batch_to_data(batch: Batch) -> list[dict[str, Any]]:
    """One entry per input, in order: a result or an error."""
    return [result_to_data(o) if isinstance(o, ScoreResult) else error_to_data(o) for o in batch]
