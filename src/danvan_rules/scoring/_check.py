"""Checking a report against a rule set: every problem at once, with its path."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from danvan_rules import provinces
from danvan_rules.errors import (
    Collector,
    ReportError,
    UnknownProvinceError,
    field_path,
    key_path,
)
from danvan_rules.model import Checklist, Criterion, Points, RuleSet, ScorecardIndex, UnitReport

from ._measures import InvalidAnswerError, leaf_points

__all__ = ["Checked", "check_report"]

_ZERO = Decimal(0)


def _path(name: str, key: str) -> str:
    return key_path(field_path("$", name), key)


class Checked(NamedTuple):
    """A report's answers turned into points, ready to add up (a tuple: made for every report)."""

    card: ScorecardIndex
    self_points: Mapping[str, Decimal]  # every leaf; pending appraiser-only leaves absent
    appraised_points: Mapping[str, Decimal]  # only leaves the appraisal scored
    pending: frozenset[str]  # appraiser-only leaves not yet appraised
    bonus_claims: Mapping[str, Decimal]

    @property
    def pending_zero(self) -> dict[str, Decimal]:
        """Pending leaves at 0 points, until the appraisal scores them."""
        return dict.fromkeys(self.pending, _ZERO)

    @property
    def appraiser_only_zero(self) -> dict[str, Decimal]:
        """Every appraiser-only leaf at 0: the self-assessment's view."""
        return {leaf.code: _ZERO for leaf in self.card.leaves if leaf.appraiser_only}


def check_report(ruleset: RuleSet, report: UnitReport) -> Checked:
    """Turn every answer of ``report`` into points, or raise every problem at once.

    Raises:
        ReportError: naming the unit and the path of each problem.
    """
    found = Collector()
    card = None
    try:
        card = ruleset.scorecard_for(report.category)
    except KeyError:
        covered = ", ".join(c.code for c in ruleset.categories)
        found.add(
            f"unknown category {report.category!r}: rule set {ruleset.code} covers {covered}",
            "$.category",
            code="report.unknown_category",
            vi=f"loại đơn vị {report.category!r} không có: bộ quy tắc {ruleset.code} "
            f"áp dụng cho {covered}",
        )
    else:
        category = ruleset.category(report.category)
        day = report.evaluation_date
        if category.until is not None and day > category.until:
            found.add(
                f"category {category.code!r} ({category.label_vi}) no longer exists on the "
                f"evaluation date {day}: it ended on {category.until}",
                "$.category",
                code="report.category_ended",
                vi=f"loại đơn vị {category.code!r} ({category.label_vi}) không còn vào ngày "
                f"đánh giá {day}: đã kết thúc ngày {category.until}",
            )
    _check_former_province(ruleset, report, found)
    _check_facts(ruleset, report, found)
    claims = _check_bonuses(ruleset, report, found)
    if card is None:
        found.fail(ReportError, unit_id=report.unit_id)
    self_points, appraised, pending = _check_scores(card, report, found)
    found.raise_if_any(ReportError, unit_id=report.unit_id)
    return Checked(card, self_points, appraised, pending, claims)


def _check_former_province(ruleset: RuleSet, report: UnitReport, found: Collector) -> None:
    """A ``former_province`` must be a province code (or the rule set's own province).

    The messages are those of :func:`danvan_rules.rulesets.for_report`, which
    refuses the same reports when it chooses their rule set.
    """
    former = report.former_province
    if former is None or former == ruleset.province:
        return
    try:
        provinces.province(former)
    except UnknownProvinceError as exc:
        close = difflib.get_close_matches(former, [p.code for p in provinces.FORMER], n=3)
        hint = f"; có phải là: {', '.join(map(repr, close))}?" if close else ""
        found.add(
            str(exc),
            "$.former_province",
            code="report.unknown_province",
            vi=f"mã tỉnh {former!r} không có trong danh sách tỉnh, thành phố{hint}",
        )
        return
    try:
        known = provinces.predecessors(report.province)
    except UnknownProvinceError:
        return  # a province of the rule sets' own (such as an example): nothing to compare
    if former not in known:
        listed = ", ".join(known) or "none"
        found.add(
            f"{former!r} is not a former province of {report.province!r} "
            f"(its predecessors: {listed})",
            "$.former_province",
            code="report.not_a_former_province",
            vi=f"{former!r} không phải là tỉnh cũ của {report.province!r} "
            f"(các tỉnh trước sáp nhập: {', '.join(known) or 'không có'})",
        )


def _check_scores(
    card: ScorecardIndex, report: UnitReport, found: Collector
) -> tuple[dict[str, Decimal], dict[str, Decimal], frozenset[str]]:
    self_points: dict[str, Decimal] = {}
    appraised: dict[str, Decimal] = {}
    pending: set[str] = set()
    given_self, given_appraised = report.self_scores, report.appraised_scores
    for leaf in card.leaves:
        code = leaf.code
        if leaf.appraiser_only:
            if code in given_self:
                found.add(
                    f"criterion {code} is scored only by the higher level (appraiser-only): "
                    "move it to appraised_scores",
                    _path("self_scores", code),
                    code="report.appraiser_only",
                    vi=f"tiêu chí {code} chỉ do cấp trên chấm: hãy chuyển sang appraised_scores",
                )
            if given_appraised is None:
                pending.add(code)
            elif code not in given_appraised:
                found.add(
                    f"missing appraised score for appraiser-only criterion {code}",
                    _path("appraised_scores", code),
                    code="report.missing_appraised_score",
                    vi=f"thiếu điểm thẩm định của tiêu chí {code} (tiêu chí do cấp trên chấm)",
                )
        elif code not in given_self:
            found.add(
                f"missing score for criterion {code}",
                _path("self_scores", code),
                code="report.missing_score",
                vi=f"thiếu điểm tiêu chí {code}",
            )
        else:
            _evaluate(leaf, given_self[code], "self_scores", self_points, found)
        if given_appraised is not None and code in given_appraised:
            _evaluate(leaf, given_appraised[code], "appraised_scores", appraised, found)
    _check_unknown(card, report, found)
    return self_points, appraised, frozenset(pending)


def _check_unknown(card: ScorecardIndex, report: UnitReport, found: Collector) -> None:
    given_self, given_appraised = report.self_scores, report.appraised_scores
    for name, given in (("self_scores", given_self), ("appraised_scores", given_appraised)):
        for code in given or {}:
            criterion = card.by_code.get(code)
            if criterion is None:
                found.add(
                    f"unknown criterion {code!r}",
                    _path(name, code),
                    code="report.unknown_criterion",
                    vi=f"không có tiêu chí {code!r}",
                )
            elif not criterion.is_leaf:
                children = ", ".join(card.children[code])
                found.add(
                    f"criterion {code} is a group: score its sub-criteria ({children})",
                    _path(name, code),
                    code="report.group_criterion",
                    vi=f"tiêu chí {code} là một nhóm: hãy chấm các tiêu chí con ({children})",
                )


def _evaluate(
    leaf: Criterion,
    answer: object,
    name: str,
    into: dict[str, Decimal],
    found: Collector,
) -> None:
    measure = leaf.measure
    if type(answer) is Decimal and type(measure) is Points:
        # a report's numbers were checked and normalised when it was built: only the range
        # and the step are left to check here (anything else takes the full path below)
        if _ZERO <= answer <= leaf.max and (measure.step is None or not answer % measure.step):
            into[leaf.code] = answer
            return
    elif type(answer) is bool and type(measure) is Checklist:
        into[leaf.code] = leaf.max if answer else _ZERO
        return
    try:
        into[leaf.code] = leaf_points(leaf, answer)
    except InvalidAnswerError as exc:
        found.append(exc.at(_path(name, leaf.code)))


def _check_facts(ruleset: RuleSet, report: UnitReport, found: Collector) -> None:
    for fact in ruleset.facts:
        if fact.name not in report.facts:
            kind, kind_vi = (
                ("true or false", "đúng hoặc sai")
                if fact.kind == "flag"
                else (
                    "a count",
                    "một số đếm",
                )
            )
            found.add(
                f"missing fact {fact.name!r} ({fact.label_vi}): give {kind}",
                _path("facts", fact.name),
                code="report.missing_fact",
                vi=f"thiếu dữ kiện {fact.name!r} ({fact.label_vi}): hãy cho {kind_vi}",
            )
            continue
        value = report.facts[fact.name]
        if fact.kind == "flag" and not isinstance(value, bool):
            found.add(
                f"fact {fact.name!r} is a flag: give true or false, not {value!r}",
                _path("facts", fact.name),
                code="fact.not_a_flag",
                vi=f"dữ kiện {fact.name!r} là có/không: hãy cho đúng hoặc sai, "
                f"không phải {value!r}",
            )
        elif fact.kind == "count" and isinstance(value, bool):
            found.add(
                f"fact {fact.name!r} is a count: give a whole number, not {value!r}",
                _path("facts", fact.name),
                code="fact.not_a_count",
                vi=f"dữ kiện {fact.name!r} là số đếm: hãy cho một số nguyên, không phải {value!r}",
            )
    declared_names = ruleset.fact_names
    for name in report.facts:
        if name not in declared_names:
            declared = ", ".join(sorted(ruleset.fact_names)) or "none"
            found.add(
                f"unknown fact {name!r} (rule set {ruleset.code} declares: {declared})",
                _path("facts", name),
                code="report.unknown_fact",
                vi=f"không có dữ kiện {name!r} (bộ quy tắc {ruleset.code} khai báo: "
                f"{', '.join(sorted(ruleset.fact_names)) or 'không có'})",
            )


def _check_bonuses(ruleset: RuleSet, report: UnitReport, found: Collector) -> dict[str, Decimal]:
    bonuses = ruleset.bonuses
    claims: dict[str, Decimal] = {}
    for code, claimed in report.bonuses.items():
        bonus = bonuses.get(code)
        path = _path("bonuses", code)
        if bonus is None:
            known = ", ".join(sorted(bonuses)) or "none"
            found.add(
                f"unknown bonus {code!r} (bonuses: {known})",
                path,
                code="report.unknown_bonus",
                vi=f"không có điểm thưởng {code!r} (các điểm thưởng: "
                f"{', '.join(sorted(bonuses)) or 'không có'})",
            )
        elif claimed < 0:
            found.add(
                f"a claim cannot be negative: {claimed}",
                path,
                code="bonus.negative",
                vi=f"điểm thưởng đề nghị không được âm: {claimed}",
            )
        elif bonus.points is not None and claimed != claimed.to_integral_value():
            found.add(
                f"bonus {code!r} counts items ({bonus.points} points each): "
                f"claim a whole number, not {claimed}",
                path,
                code="bonus.not_whole",
                vi=f"điểm thưởng {code!r} tính theo số lượng ({bonus.points} điểm mỗi lần): "
                f"hãy đề nghị một số nguyên, không phải {claimed}",
            )
        elif bonus.points is None and claimed > bonus.cap:
            found.add(
                f"claimed {claimed} bonus points for {code!r}, above its maximum of {bonus.cap}",
                path,
                code="bonus.above_cap",
                vi=f"đề nghị {claimed} điểm thưởng cho {code!r}, vượt quá mức tối đa {bonus.cap}",
            )
        else:
            claims[code] = claimed
    return claims
