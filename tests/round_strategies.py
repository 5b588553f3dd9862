"""Hypothesis strategies and builders for evaluation rounds, on the bundled example rule set."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

from danvan_rules import rulesets
from danvan_rules.errors import Problem, ReportError
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.model.rounds import FixedRuleSets, Group, Registry, Round, Unit, UnitStatus
from danvan_rules.testing import report_at

EXAMPLE = "example/dan-van-2024"
KHOI = ("so-nganh", "ubnd-xa")
YEAR = 2024
TARGETS = (Decimal(40), Decimal(60), Decimal(75), Decimal(85), Decimal(95))


@functools.cache
def example() -> RuleSet:
    return rulesets.get(EXAMPLE)


@functools.cache
def _template(khoi: str, target: Decimal) -> UnitReport:
    return report_at(example(), khoi, target)


def report(
    unit_id: str, khoi: str, target: Decimal = Decimal(75), *, year: int = YEAR, **changes: Any
) -> UnitReport:
    """A valid example report of ``unit_id`` whose total is ``target`` (or just below)."""
    return attrs.evolve(_template(khoi, target), unit_id=unit_id, year=year, **changes)


def ineligible(unit_id: str, khoi: str) -> UnitReport:
    base = _template(khoi, Decimal(75))
    return attrs.evolve(base, unit_id=unit_id, facts={**base.facts, "moi_thanh_lap": True})


def unscorable(unit_id: str, khoi: str) -> UnitReport:
    """A report the scorer refuses: one leaf's score is missing."""
    base = _template(khoi, Decimal(75))
    scores = dict(base.self_scores)
    scores.pop("I.2")
    return attrs.evolve(base, unit_id=unit_id, self_scores=scores)


def unit(unit_id: str, khoi: str = "so-nganh", **changes: object) -> Unit:
    return Unit(unit_id, f"Đơn vị {unit_id}", khoi, "example", **changes)  # type: ignore[arg-type]


def example_round(units: Sequence[Unit], **changes: object) -> Round:
    khoi = {u.khoi for u in units}
    return Round(
        "example",
        YEAR,
        Registry(units),
        FixedRuleSets(dict.fromkeys(sorted(khoi), EXAMPLE)),
        **changes,  # type: ignore[arg-type]
    )


class Plan(enum.Enum):
    """What the generated input holds for one registry unit."""

    NONE = "none"
    RATED = "rated"
    INELIGIBLE = "ineligible"
    UNSCORABLE = "unscorable"
    TWICE = "twice"
    WRONG_YEAR = "wrong_year"
    WRONG_KHOI = "wrong_khoi"
    UNREADABLE = "unreadable"


EXPECTED = {
    Plan.NONE: UnitStatus.NO_REPORT,
    Plan.RATED: UnitStatus.RATED,
    Plan.INELIGIBLE: UnitStatus.INELIGIBLE,
    Plan.UNSCORABLE: UnitStatus.INVALID,
    Plan.TWICE: UnitStatus.INVALID,
    Plan.WRONG_YEAR: UnitStatus.INVALID,
    Plan.WRONG_KHOI: UnitStatus.INVALID,
    Plan.UNREADABLE: UnitStatus.INVALID,
}


@attrs.frozen
class Generated:
    """A generated round, its input reports, and what each unit should come out as."""

    round: Round
    reports: tuple[object, ...]
    expected: dict[str, UnitStatus]
    #: how many inputs must be refused
    refused: int


def _entries(plan: Plan, u: Unit, target: Decimal) -> list[object]:
    other = KHOI[1 - KHOI.index(u.khoi)]
    entries: dict[Plan, list[object]] = {
        Plan.NONE: [],
        Plan.RATED: [lambda: report(u.id, u.khoi, target)],
        Plan.INELIGIBLE: [lambda: ineligible(u.id, u.khoi)],
        Plan.UNSCORABLE: [lambda: unscorable(u.id, u.khoi)],
        Plan.TWICE: [lambda: report(u.id, u.khoi, target), lambda: report(u.id, u.khoi)],
        Plan.WRONG_YEAR: [lambda: report(u.id, u.khoi, target, year=YEAR - 1)],
        Plan.WRONG_KHOI: [lambda: report(u.id, other, target)],
        Plan.UNREADABLE: [
            lambda: ReportError(
                [Problem("bad JSON", code="io.invalid_json", message_vi="JSON hỏng")], unit_id=u.id
            )
        ],
    }
    return [make() for make in entries[plan]]  # type: ignore[operator]


@st.composite
def generated_rounds(draw: st.DrawFn, max_units: int = 12) -> Generated:
    """A round of the example rule set with every kind of good and bad input, in random order."""
    size = draw(st.integers(0, max_units))
    units: list[Unit] = []
    expected: dict[str, UnitStatus] = {}
    reports: list[object] = []
    refused = 0
    for i in range(size):
        khoi = draw(st.sampled_from(KHOI))
        gone = draw(st.integers(0, 9)) == 0
        u = unit(f"u{i}", khoi, valid_until=dt.date(YEAR - 1, 12, 31) if gone else None)
        units.append(u)
        if gone:
            expected[u.id] = UnitStatus.NOT_IN_YEAR
            if draw(st.booleans()):
                reports.append(report(u.id, khoi))
                refused += 1
            continue
        plan = draw(st.sampled_from(Plan))
        expected[u.id] = EXPECTED[plan]
        reports.extend(_entries(plan, u, draw(st.sampled_from(TARGETS))))
    strays = draw(st.integers(0, 3))
    strangers = [
        report("stranger", "so-nganh"),
        ReportError([Problem("bad JSON", code="io.invalid_json", message_vi="JSON hỏng")]),
        None,
    ]
    reports.extend(draw(st.sampled_from(strangers)) for _ in range(strays))
    refused += strays
    if not units:  # a round needs a khối for its choice; keep one unit that is not in the year
        units.append(unit("old", valid_until=dt.date(YEAR - 1, 12, 31)))
        expected["old"] = UnitStatus.NOT_IN_YEAR
    order = draw(st.permutations(reports))
    groups = [Group("tat-ca", "Tất cả các khối", sorted({u.khoi for u in units}))]
    return Generated(example_round(units, groups=groups), tuple(order), expected, refused)


def big_round(communes: int = 3321, agencies: int = 500) -> tuple[Round, list[UnitReport]]:
    """A round of ``communes`` UBND cấp xã and ``agencies`` sở, ngành, one report each."""
    units = [unit(f"xa-{i}", "ubnd-xa") for i in range(communes)]
    units += [unit(f"so-{i}", "so-nganh") for i in range(agencies)]
    reports = [report(u.id, u.khoi, TARGETS[i % len(TARGETS)]) for i, u in enumerate(units)]
    return example_round(units), reports


def no_report_round(folder: Path, year: int, code: str) -> str:
    """A round without decisions whose one unit sent no report (and is renamed midway)."""
    folder.mkdir()
    text = f"""province = "dong-nai"
year = {year}
rulesets = {{ fixed = {{ ubnd-xa = "{code}" }} }}

[[units]]
id = "xa-a"
name_vi = "UBND xã A"
khoi = "ubnd-xa"
valid_until = 2024-06-30

[[units]]
id = "xa-b"
name_vi = "UBND xã B"
khoi = "ubnd-xa"
valid_from = 2024-07-01

[[successions]]
kind = "rename"
old = ["xa-a"]
new = ["xa-b"]
date = 2024-07-01
"""
    (folder / "round.toml").write_text(text, encoding="utf-8")
    return str(folder / "round.toml")
