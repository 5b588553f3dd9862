"""The warnings attached to a result: why it may not be the official answer."""

from __future__ import annotations

from collections.abc import Callable, Collection

from danvan_rules.model import Notice, RuleSet, UnitReport, evaluation_date
from danvan_rules.provinces import REORGANISED_ON

__all__ = ["notices"]


def notices(
    ruleset: RuleSet, report: UnitReport, *, pending: Collection[str]
) -> tuple[Notice, ...]:
    """Every warning that applies to scoring ``report`` with ``ruleset``, in a fixed order.

    The warnings of the rule set, the report's year and its province (and
    former province) are made once for each such combination and kept with
    the rule set (:meth:`~danvan_rules.model.RuleSet.compiled`): reports that
    share them share the same (immutable) notices.
    """
    key = (report.year, report.province, report.former_province)
    kept = ruleset.compiled("notices", key, lambda: _of(ruleset, report))
    if not pending:
        return kept
    codes = ", ".join(sorted(pending))
    return (
        *kept,
        Notice(
            "pending-appraisal",
            f"provisional: appraiser-only criteria {codes} are not yet scored and count 0",
            f"tạm tính: tiêu chí do cấp trên chấm ({codes}) chưa được chấm, tính 0 điểm",
        ),
    )


def _of(ruleset: RuleSet, report: UnitReport) -> tuple[Notice, ...]:
    """The warnings that depend on the rule set and the report's year and provinces alone."""
    found: list[Notice] = []
    for check in _CHECKS:
        found.extend(check(ruleset, report))
    return tuple(found)


def _illustrative(ruleset: RuleSet, _: UnitReport) -> list[Notice]:
    if not ruleset.illustrative:
        return []
    return [
        Notice(
            "illustrative",
            f"rule set {ruleset.code} is illustrative: it encodes no real instrument",
            f"bộ quy tắc {ruleset.code} chỉ để minh họa, không phải văn bản thật",
        )
    ]


def _national(ruleset: RuleSet, _: UnitReport) -> list[Notice]:
    if not ruleset.national:
        return []
    return [
        Notice(
            "national-template",
            f"rule set {ruleset.code} is a national template ({ruleset.instrument.number}), "
            "not a provincial dân vận rule",
            f"bộ quy tắc {ruleset.code} là khung quốc gia ({ruleset.instrument.number}), "
            "không phải quy định dân vận của tỉnh",
        )
    ]


def _assumed(ruleset: RuleSet, _: UnitReport) -> list[Notice]:
    if not ruleset.assumed_values:
        return []
    return [
        Notice(
            "assumed-values",
            f"rule set {ruleset.code} contains {ruleset.assumed_values} assumed values: "
            "this result is not official",
            f"bộ quy tắc {ruleset.code} có {ruleset.assumed_values} giá trị giả định: "
            "kết quả này không chính thức",
        )
    ]


def _modified(ruleset: RuleSet, _: UnitReport) -> list[Notice]:
    if not ruleset.modifications:
        return []
    changes = "; ".join(ruleset.modifications)
    return [
        Notice(
            "modified",
            f"rule set {ruleset.code} was modified ({changes}): not the official rules",
            f"bộ quy tắc {ruleset.code} đã bị thay đổi ({changes}): không phải quy định chính thức",
        )
    ]


def _period(ruleset: RuleSet, report: UnitReport) -> list[Notice]:
    """The rule set governs a year when it is in force on its evaluation date (31 Dec)."""
    year, day = report.year, evaluation_date(report.year)
    start, end = ruleset.effective_from, ruleset.effective_until
    period = f"{start} – {end or '…'}"
    if not ruleset.in_force_on(day):
        return [
            Notice(
                "outside-effective-period",
                f"the rule set is not in force on the evaluation date {day} of year {year} "
                f"(in force {period})",
                f"bộ quy tắc không có hiệu lực vào ngày đánh giá {day} của năm {year} "
                f"(hiệu lực {period})",
            )
        ]
    if start.year == year and (start.month, start.day) != (1, 1):
        return [
            Notice(
                "partly-effective",
                f"the rule set took effect on {start}, during the evaluation year {year}",
                f"bộ quy tắc có hiệu lực từ {start}, trong năm đánh giá {year}",
            )
        ]
    return []


def _province(ruleset: RuleSet, report: UnitReport) -> list[Notice]:
    if ruleset.national:
        return []
    # rules of the territory's former province: another province's, or the same
    # name's rules from before the 2025 reorganisation applied after it
    before_merger = ruleset.effective_from < REORGANISED_ON <= report.evaluation_date
    if ruleset.province == report.former_province and (
        ruleset.province != report.province or before_merger
    ):
        return [
            Notice(
                "former-province-rules",
                f"scored with the rules of the former province {ruleset.province!r}: "
                f"{report.province!r} has no rule set of its own for {report.year}",
                f"chấm theo quy định của tỉnh cũ {ruleset.province!r}: "
                f"{report.province!r} chưa có quy định riêng cho năm {report.year}",
            )
        ]
    if ruleset.province == report.province:
        return []
    return [
        Notice(
            "province-mismatch",
            f"the report is from province {report.province!r}, the rule set is for "
            f"{ruleset.province!r}",
            f"báo cáo của tỉnh {report.province!r}, bộ quy tắc của {ruleset.province!r}",
        )
    ]


_CHECKS: tuple[Callable[[RuleSet, UnitReport], list[Notice]], ...] = (
    _illustrative,
    _national,
    _assumed,
    _modified,
    _period,
    _province,
)
