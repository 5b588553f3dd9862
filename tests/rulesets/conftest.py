"""Golden cases as data: every entry of ``tests/rulesets/cases/<code>.toml`` is a pytest item.

A cases file names its rule set and holds four kinds of entries (see
``docs/adding-a-province.md`` for the full format):

- ``[[cases]]``: a report (the ``[base]`` report with the case's fields merged
  over it, key by key for the score tables) and what its result must be;
- ``[[criteria]]``: one answer for one criterion, over the base report, and
  the points that criterion's line must show;
- ``[[cohorts]]``: several reports scored and put through the quota, and the
  band each unit must end with;
- ``[[dates]]``: a province and a date, and which rule set ``in_force`` must
  return (or that none or several are in force).

A file or entry that expects nothing is itself an error: every item must be
able to fail.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import danvan_rules as dr
from danvan_rules.errors import AmbiguousRuleSetError, NoRuleSetInForceError

CASES = Path(__file__).parent / "cases"
_SCORE_TABLES = ("self_scores", "appraised_scores", "facts", "bonuses")
_EXPECTATIONS = (
    "total",
    "self_total",
    "criteria_total",
    "band",
    "band_by_score",
    "status",
    "applied",
    "warnings",
    "error",
)


class CaseError(Exception):
    """A cases file that is malformed (not a failing case: a broken test)."""


def merged(base: Mapping[str, Any], case: Mapping[str, Any]) -> dict[str, Any]:
    """The base report with the case's fields over it; score tables merge key by key."""
    out = dict(base)
    for key, value in case.items():
        if (
            key in _SCORE_TABLES
            and isinstance(value, Mapping)
            and isinstance(out.get(key), Mapping)
        ):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    out.setdefault("unit_id", "case")
    out.setdefault("unit_name", "Đơn vị thử")
    return out


def _report(base: Mapping[str, Any], case: Mapping[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in case.items() if k not in {"name", "source", "published", "expect"}}
    return merged(base, fields)


def check_result(result: dr.ScoreResult, expect: Mapping[str, Any]) -> None:
    """Compare a result with a case's ``expect`` table; numbers compare as Decimals."""
    for key in ("total", "self_total", "criteria_total"):
        if key in expect:
            got = getattr(result, key)
            assert got == Decimal(str(expect[key])), f"{key}: expected {expect[key]}, got {got}"
    if "band" in expect:
        want = expect["band"] or None
        assert result.band_code == want, f"band: expected {want}, got {result.band_code}"
    if "band_by_score" in expect:
        got_code = result.band_by_score.code
        assert got_code == expect["band_by_score"], f"band by score: got {got_code}"
    if "status" in expect:
        assert result.status.value == expect["status"], f"status: got {result.status.value}"
    if "applied" in expect:
        got_applied = sorted(c.code for c in result.applied_conditions)
        assert got_applied == sorted(expect["applied"]), f"applied conditions: got {got_applied}"
    for code in expect.get("warnings", []):
        codes = [w.code for w in result.warnings]
        assert code in codes, f"warning {code!r} missing: got {codes}"


class CaseFile(pytest.File):
    """One ``<code>.toml`` file of golden cases."""

    def collect(self) -> Iterator[pytest.Item]:
        data = tomllib.loads(self.path.read_text(encoding="utf-8"), parse_float=Decimal)
        code = data.get("ruleset")
        if not isinstance(code, str):
            raise CaseError(f"{self.path}: a cases file names its 'ruleset'")
        base = data.get("base", {})
        kinds = ("cases", "criteria", "cohorts", "dates")
        if not any(data.get(kind) for kind in kinds):
            raise CaseError(f"{self.path}: no cases")
        for i, case in enumerate(data.get("cases", [])):
            yield ScoreCase.from_parent(
                self, name=f"case[{i}] {case.get('name', '')}", code=code, base=base, case=case
            )
        for i, entry in enumerate(data.get("criteria", [])):
            yield CriterionCase.from_parent(
                self,
                name=f"criterion[{i}] {entry.get('criterion', '')}",
                code=code,
                base=base,
                case=entry,
            )
        for i, cohort in enumerate(data.get("cohorts", [])):
            yield CohortCase.from_parent(
                self,
                name=f"cohort[{i}] {cohort.get('name', '')}",
                code=code,
                base=base,
                case=cohort,
            )
        for i, entry in enumerate(data.get("dates", [])):
            yield DateCase.from_parent(
                self,
                name=f"date[{i}] {entry.get('province', '')} {entry.get('on', '')}",
                code=code,
                base=base,
                case=entry,
            )


class _Case(pytest.Item):
    def __init__(
        self,
        *,
        code: str,
        base: Mapping[str, Any],
        case: Mapping[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.code, self.base, self.case = code, base, case

    def ruleset(self) -> dr.RuleSet:
        return dr.rulesets.get(self.code)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.code}: {self.name}"


class ScoreCase(_Case):
    """A report and what its result must be."""

    def runtest(self) -> None:
        expect = self.case.get("expect")
        if not expect or not set(expect) <= set(_EXPECTATIONS):
            raise CaseError(f"{self.name}: 'expect' must hold some of {', '.join(_EXPECTATIONS)}")
        rs = self.ruleset()
        report_data = _report(self.base, self.case)
        if "error" in expect:
            with pytest.raises(dr.ReportError) as info:
                dr.score(rs, dr.report_from_data(report_data))
            assert expect["error"] in str(info.value), str(info.value)
            return
        check_result(dr.score(rs, dr.report_from_data(report_data)), expect)


class CriterionCase(_Case):
    """One answer for one criterion over the base report, and the points its line shows."""

    def runtest(self) -> None:
        entry = self.case
        if "points" not in entry or "criterion" not in entry or "answer" not in entry:
            raise CaseError(f"{self.name}: needs 'criterion', 'answer' and 'points'")
        table = "appraised_scores" if entry.get("appraised") else "self_scores"
        report = dr.report_from_data(
            merged(self.base, {table: {entry["criterion"]: entry["answer"]}})
        )
        line = dr.score(self.ruleset(), report).line(entry["criterion"])
        assert line.awarded == Decimal(str(entry["points"])), (
            f"{entry['criterion']} answered {entry['answer']!r}: expected {entry['points']}, "
            f"got {line.awarded}"
        )


class CohortCase(_Case):
    """Reports put through the quota, and each unit's band afterwards."""

    def runtest(self) -> None:
        units = self.case.get("units", [])
        if not units or not all("expect_band" in unit for unit in units):
            raise CaseError(f"{self.name}: every unit needs 'expect_band'")
        rs = self.ruleset()
        reports = [
            dr.report_from_data(
                merged(self.base, {k: v for k, v in u.items() if k != "expect_band"})
            )
            for u in units
        ]
        cohort = dr.apply_quota(rs, dr.score_many(rs, reports).results)
        got = {r.unit_id: r.band_code for r in cohort.results}
        want = {u["unit_id"]: u["expect_band"] or None for u in units}
        assert got == want, f"bands after the quota: expected {want}, got {got}"
        if "demoted" in self.case:
            demoted = sum(limit.demoted for limit in cohort.limits)
            assert demoted == self.case["demoted"], f"demoted: got {demoted}"


class DateCase(_Case):
    """Which rule set of a province is in force on a date."""

    def runtest(self) -> None:
        entry = self.case
        province, on = entry.get("province"), entry.get("on")
        if not isinstance(on, dt.date) or not isinstance(province, str) or "expect" not in entry:
            raise CaseError(f"{self.name}: needs 'province', a date 'on' and 'expect'")
        expected = entry["expect"]
        if expected == "none":
            with pytest.raises(NoRuleSetInForceError):
                dr.rulesets.in_force(province, on=on)
        elif expected == "ambiguous":
            with pytest.raises(AmbiguousRuleSetError):
                dr.rulesets.in_force(province, on=on)
        else:
            got = dr.rulesets.in_force(province, on=on).code
            assert got == expected, f"in force on {on}: expected {expected}, got {got}"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> CaseFile | None:
    """Collect ``tests/rulesets/cases/**/*.toml`` as golden cases."""
    if file_path.suffix == ".toml" and CASES in file_path.parents:
        return CaseFile.from_parent(parent, path=file_path)
    return None
