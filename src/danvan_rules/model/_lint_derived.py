"""Lint of a rule set's derivations: answers taken from "Dân vận khéo" records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from danvan_rules.errors import Problem, field_path, index_path

from ._derived import Derivation
from ._lint_common import duplicates, problem
from .criteria import Checklist, Criterion, Levels, RateTable
from .sources import Provenance

if TYPE_CHECKING:
    from .ruleset import RuleSet

__all__ = ["derivation_problems"]

_CAMPAIGN_CODE: Final = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+([.-][a-z0-9]+)*")
_KINDS: Final = ("criterion", "bonus", "fact")


def derivation_problems(rs: RuleSet) -> Iterator[Problem]:
    """Every problem of the rule set's ``derived`` entries, with its path."""
    yield from duplicates((d.target for d in rs.derived), "$.derived", "target")
    criteria = {c.code: c for card in rs.scorecards for c in card.criteria}
    for i, d in enumerate(rs.derived):
        path = index_path("$.derived", i)
        yield from _common(d, path)
        if d.kind == "criterion":
            yield from _criterion(d, criteria.get(d.name), path)
        elif d.kind == "bonus":
            yield from _bonus(rs, d, path)
        elif d.kind == "fact":
            yield from _fact(rs, d, path)
        else:
            yield problem(
                f"target {d.target!r} is not criterion:<code>, bonus:<code> or fact:<name>",
                field_path(path, "target"),
                code="lint.derived_target",
                vi=f"đích {d.target!r} phải có dạng criterion:<mã>, bonus:<mã> hoặc fact:<tên>",
            )


def _common(d: Derivation, path: str) -> Iterator[Problem]:
    if d.campaign is not None and not _CAMPAIGN_CODE.fullmatch(d.campaign):
        yield problem(
            f"campaign {d.campaign!r} is not a campaign code (<province>/<slug>)",
            field_path(path, "campaign"),
            code="lint.derived_campaign",
            vi=f"{d.campaign!r} không phải mã phong trào (<tỉnh>/<tên>)",
        )
    if d.at_least < 1:
        yield problem(
            f"at_least must be 1 or more, not {d.at_least}",
            field_path(path, "at_least"),
            code="lint.derived_at_least",
            vi=f"at_least phải từ 1 trở lên, không phải {d.at_least}",
        )
    for j, rung in enumerate(d.rungs):
        if rung.at_least < 1:
            yield problem(
                f"at_least must be 1 or more, not {rung.at_least}",
                field_path(index_path(field_path(path, "rungs"), j), "at_least"),
                code="lint.derived_at_least",
                vi=f"at_least phải từ 1 trở lên, không phải {rung.at_least}",
            )
    for name, value, count in (
        ("recognition_level", d.recognition_level, d.count),
        ("tier", d.tier, d.count),
        *(
            (f"rungs[{j}].{n}", v, r.count)
            for j, r in enumerate(d.rungs)
            for n, v in (("recognition_level", r.recognition_level), ("tier", r.tier))
        ),
    ):
        if value is not None and count != "recognised":
            yield problem(
                f"{name} only narrows a count of recognitions (count = 'recognised')",
                f"{path}.{name}",
                code="lint.derived_filter",
                vi=f"{name} chỉ dùng khi đếm số lượt công nhận (count = 'recognised')",
            )
    if d.provenance is Provenance.SOURCED and d.reference is None:
        yield problem(
            "a sourced derivation needs a reference",
            field_path(path, "reference"),
            code="lint.missing_reference",
            vi="phép lấy dữ liệu có nguồn cần có trích dẫn (reference)",
        )


def _needs_count(d: Derivation, path: str, what: str, what_vi: str) -> Iterator[Problem]:
    if d.count is None or d.rungs or d.otherwise is not None:
        yield problem(
            f"{what} takes one count (count = …), not rungs or otherwise",
            path,
            code="lint.derived_shape",
            vi=f"{what_vi} lấy một số đếm (count = …), không dùng rungs hay otherwise",
        )


def _criterion(d: Derivation, criterion: Criterion | None, path: str) -> Iterator[Problem]:
    if criterion is None:
        yield problem(
            f"no criterion {d.name!r} in the rule set",
            field_path(path, "target"),
            code="lint.derived_unknown_target",
            vi=f"bộ quy tắc không có tiêu chí {d.name!r}",
        )
        return
    measure = criterion.measure
    if isinstance(measure, Checklist) or (
        isinstance(measure, RateTable) and measure.unit == "count"
    ):
        yield from _needs_count(
            d, path, "a checklist or count criterion", "tiêu chí dạng có/không hoặc đếm"
        )
    elif isinstance(measure, Levels):
        yield from _levels(d, measure, path)
    else:
        yield problem(
            f"criterion {d.name!r} cannot be derived: only checklist, levels and count-rate "
            "criteria can",
            field_path(path, "target"),
            code="lint.derived_measure",
            vi=f"tiêu chí {d.name!r} không lấy được từ hồ sơ: chỉ tiêu chí có/không, theo mức "
            "hoặc theo số đếm",
        )


def _levels(d: Derivation, measure: Levels, path: str) -> Iterator[Problem]:
    names = {level.name for level in measure.levels}
    if d.count is not None or not d.rungs or d.otherwise is None:
        yield problem(
            "a levels criterion takes rungs (the highest first) and otherwise, not count",
            path,
            code="lint.derived_shape",
            vi="tiêu chí theo mức dùng rungs (mức cao nhất trước) và otherwise, không dùng count",
        )
    listed = ", ".join(repr(n) for n in sorted(names))
    for j, rung in enumerate(d.rungs):
        if rung.level not in names:
            yield problem(
                f"{rung.level!r} is not a level of the criterion ({listed})",
                field_path(index_path(field_path(path, "rungs"), j), "level"),
                code="lint.derived_level",
                vi=f"{rung.level!r} không phải là mức của tiêu chí ({listed})",
            )
    if d.otherwise is not None and d.otherwise not in names:
        yield problem(
            f"{d.otherwise!r} is not a level of the criterion ({listed})",
            field_path(path, "otherwise"),
            code="lint.derived_level",
            vi=f"{d.otherwise!r} không phải là mức của tiêu chí ({listed})",
        )


def _bonus(rs: RuleSet, d: Derivation, path: str) -> Iterator[Problem]:
    bonus = next(
        (b for b in rs.adjustments if getattr(b, "KIND", "") == "bonus" and b.code == d.name), None
    )
    if bonus is None:
        yield problem(
            f"no bonus {d.name!r} in the rule set",
            field_path(path, "target"),
            code="lint.derived_unknown_target",
            vi=f"bộ quy tắc không có điểm thưởng {d.name!r}",
        )
    elif getattr(bonus, "points", None) is None:
        yield problem(
            f"bonus {d.name!r} claims points, not items: only a bonus per item can be counted",
            field_path(path, "target"),
            code="lint.derived_measure",
            vi=f"điểm thưởng {d.name!r} tính theo điểm, không theo số lượng: chỉ điểm thưởng theo "
            "số lượng mới lấy được từ hồ sơ",
        )
    else:
        yield from _needs_count(d, path, "a bonus", "điểm thưởng")


def _fact(rs: RuleSet, d: Derivation, path: str) -> Iterator[Problem]:
    if d.name not in {f.name for f in rs.facts}:
        yield problem(
            f"no fact {d.name!r} declared in the rule set",
            field_path(path, "target"),
            code="lint.derived_unknown_target",
            vi=f"bộ quy tắc không khai báo dữ kiện {d.name!r}",
        )
    else:
        yield from _needs_count(d, path, "a fact", "dữ kiện")
