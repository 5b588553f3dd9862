"""The stable JSON form of results (what ``danvan-rules score --format json`` prints).

Decimals are written as strings, exactly as computed (``"82.50"``); the keys
documented in ``docs/cli.md`` are stable within a major version.
"""

from __future__ import annotations

from typing import Any

from danvan_rules.errors import ReportError
from danvan_rules.model import Batch, ScoreResult

from ._converter import CONVERTER

__all__ = ["batch_to_data", "error_to_data", "result_to_data"]


def result_to_data(result: ScoreResult) -> dict[str, Any]:
    """The documented JSON form of a result (written by the codec's converter).

    >>> import danvan_rules as dr
    >>> ruleset = dr.load_ruleset("src/danvan_rules/data/example-dan-van-2024.toml")
    >>> data = result_to_data(dr.score(ruleset, dr.load_report("examples/tot.json")))
    >>> data["total"], data["band"], data["criteria"][0]["code"]
    ('82.50', 'tot', 'I')
    """
    return CONVERTER.unstructure(result)  # type: ignore[no-any-return]


def error_to_data(error: ReportError) -> dict[str, Any]:
    """The JSON form of a report that did not score: its unit and every problem.

    Each problem is ``{code, path, message_vi, message_en}``
    (:meth:`~danvan_rules.errors.Problem.to_data`):

    >>> from danvan_rules.errors import Problem
    >>> error_to_data(ReportError([Problem("bad year", "$.year", code="data.expected_integer",
    ...                                    message_vi="năm không hợp lệ")], unit_id="x"))
    {'unit_id': 'x', 'status': 'invalid', 'problems': [{'code': 'data.expected_integer', 'path': '$.year', 'message_vi': 'năm không hợp lệ', 'message_en': 'bad year'}]}
    """
    return {
        "unit_id": error.unit_id,
        "status": "invalid",
        "problems": [problem.to_data() for problem in error.problems],
    }


def batch_to_data(batch: Batch) -> list[dict[str, Any]]:
    """One entry per input, in order: a result or an error."""
    return [result_to_data(o) if isinstance(o, ScoreResult) else error_to_data(o) for o in batch]
