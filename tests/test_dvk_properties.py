"""Hypothesis properties of the DVK functions (issue #8, "Done when").

Tallies add up to the records; no record is lost between the records and
the tally; ``check_registrations`` is monotone in the records; a review
passes iff every requirement is answered true; ``reconcile_dvk`` matches the
true counts and does not match any count off by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules.model import Reference
from danvan_rules.model.dvk import (
    Campaign,
    Dimension,
    DvkFact,
    DvkMeasure,
    DvkRecords,
    HolderKind,
    Model,
    ModelKind,
    RecognisedCount,
    Recognition,
    RegisteredCount,
    Registration,
    RequirementStatus,
    Review,
)
from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    Citation,
    Collective,
    Individual,
    Unit,
    Verdict,
)
from danvan_rules.scoring.dvk import check_registrations, reconcile_dvk, review, tally

from .golden_dvk import LEVELS, STANDARD_FIELDS, TIERS, S, campaign

CODE = "dong-nai/vi-du-2021-2023"
OTHER = "dong-nai/khac-2021-2023"
YEARS = (2021, 2022, 2023)
UNITS = ("u1", "u2", "u3", "u4")
REQS = (("r1", "Yêu cầu 1"), ("r2", "Yêu cầu 2"), ("r3", "Yêu cầu 3"))
FIELDS = tuple(code for code, _ in STANDARD_FIELDS)
SRC = Citation("Báo ví dụ")
REF = Reference("Công văn ví dụ")
_RECIPIENTS: tuple[Collective | Individual, ...] = (
    Collective(name="Tập thể"),
    Individual("Người B"),
)


def _campaign(at_least: int = 1) -> Campaign:
    return campaign(
        CODE,
        years=(2021, 2023),
        requirements=REQS,
        registration=Registration(at_least, S, ("ubnd-xa",), reference=REF),
    )


@st.composite
def models(draw: st.DrawFn, prefix: str = "m") -> list[Model]:
    n = draw(st.integers(0, 10))
    found = []
    for i in range(n):
        first = draw(st.sampled_from(YEARS))
        last = draw(st.integers(first, 2023))
        holder = draw(st.sampled_from(HolderKind))
        found.append(
            Model(
                f"{prefix}{i}",
                f"Mô hình {i}",
                draw(st.sampled_from((CODE, CODE, OTHER))),
                draw(st.sampled_from(UNITS)),
                draw(st.sampled_from(FIELDS)),
                draw(st.sampled_from(ModelKind)),
                holder,
                dt.date(first, 1, 15),
                draw(st.sampled_from(LEVELS)),
                first,
                last,
                person="Người A" if holder is HolderKind.CA_NHAN else None,
                synthetic=draw(st.booleans()),
            )
        )
    return found


_ANSWERS = st.dictionaries(st.sampled_from([c for c, _ in REQS]), st.booleans())


@st.composite
def records(draw: st.DrawFn) -> DvkRecords:
    found = draw(models())
    reviews = [
        Review(m.id, year, "Ban Chỉ đạo", draw(_ANSWERS))
        for m in found
        for year in range(m.period_from, m.period_until + 1)
        if draw(st.booleans())
    ]
    recognitions = [
        Recognition(
            m.id,
            draw(st.sampled_from(YEARS)),
            draw(st.sampled_from(LEVELS)),
            draw(st.sampled_from(TIERS)),
            "Ban Chỉ đạo",
            "01/QĐ",
            dt.date(2023, 12, 1),
        )
        for m in found
        for _ in range(draw(st.integers(0, 2)))
    ]
    awards = [
        Award(
            draw(st.sampled_from(AwardKind)),
            draw(st.sampled_from(AwardStream)),
            "UBND",
            draw(st.sampled_from(_RECIPIENTS)),
            SRC,
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    return DvkRecords(tuple(found), tuple(reviews), tuple(recognitions), tuple(awards))


_YEAR_SETS = st.none() | st.lists(st.sampled_from(YEARS), min_size=1, max_size=3)
_DIMS = st.lists(st.sampled_from(Dimension), max_size=8)


# ---------------------------------------------------------------------- tallies add up


@given(records(), _YEAR_SETS, _DIMS)
def test_every_dimension_of_a_tally_adds_up_to_its_total(
    given_records: DvkRecords, years: list[int] | None, by: list[Dimension]
) -> None:
    counted = tally(_campaign(), given_records, years=years, by=by)
    for breakdown in counted.breakdowns.values():
        assert set(breakdown.by) <= set(by)
        for counts in breakdown.by.values():
            assert sum(counts.values()) == breakdown.total
            assert all(n >= 0 for n in counts.values())


@given(records(), _YEAR_SETS)
def test_no_record_is_lost_between_the_records_and_the_tally(
    given_records: DvkRecords, years: list[int] | None
) -> None:
    counted = tally(_campaign(), given_records, years=years)
    sizes = {
        DvkMeasure.REGISTERED: len(given_records.models),
        DvkMeasure.REVIEWED: len(given_records.reviews),
        DvkMeasure.RECOGNISED: len(given_records.recognitions),
        DvkMeasure.HONOURED: len(given_records.awards),
    }
    for measure, size in sizes.items():
        b = counted[measure]
        assert b.total + b.outside + b.other == size, measure
    passed, reviewed = counted.passed, counted.reviewed
    assert passed.total <= reviewed.total
    assert (passed.outside, passed.other) == (reviewed.outside, reviewed.other)
    # the records counted are exactly those of the campaign in the years (a direct count)
    wanted = set(YEARS if years is None else years)
    mine = {m.id for m in given_records.models if m.campaign == CODE}
    assert counted.registered.total == sum(
        m.campaign == CODE and m.period_from in wanted for m in given_records.models
    )
    assert counted.recognised.total == sum(
        r.model in mine and r.year in wanted for r in given_records.recognitions
    )
    dvk = [a for a in given_records.awards if a.stream is AwardStream.DAN_VAN_KHEO]
    assert counted.honoured.total == len(dvk)
    flags = [
        *(
            m.synthetic
            for m in given_records.models
            if m.campaign == CODE and m.period_from in wanted
        ),
        *(r.synthetic for r in given_records.reviews if r.model in mine and r.year in wanted),
        *(r.synthetic for r in given_records.recognitions if r.model in mine and r.year in wanted),
        *(a.synthetic for a in dvk),
    ]
    assert counted.synthetic == sum(flags)


# ---------------------------------------------------------------------- registrations


_REGISTRY = [Unit(u, f"Đơn vị {u}", "ubnd-xa", "dong-nai") for u in UNITS] + [
    Unit("p1", "Phòng 1", "phong-ban", "dong-nai")
]


@given(models(), models(prefix="x"), st.sampled_from(YEARS), st.integers(1, 3))
def test_registrations_are_monotone_in_the_records(
    before: list[Model], extra: list[Model], year: int, at_least: int
) -> None:
    c = _campaign(at_least)
    old = check_registrations(c, _REGISTRY, before, year)
    new = check_registrations(c, _REGISTRY, [*before, *extra], year)
    assert [ch.unit.id for ch in old.checks] == [ch.unit.id for ch in new.checks] == list(UNITS)
    for a, b in zip(old.checks, new.checks, strict=True):
        assert set(a.registered) <= set(b.registered)
        assert not a.compliant or b.compliant
    assert {u.id for u in new.missing} <= {u.id for u in old.missing}
    assert {u.id for u in new.non_compliant} <= {u.id for u in old.non_compliant}
    for report, given_models in ((old, before), (new, [*before, *extra])):
        assert report.registered_count + len(report.skipped) == len(given_models)


# ---------------------------------------------------------------------- review


@given(_ANSWERS)
def test_a_review_passes_iff_every_requirement_is_answered_true(answers: dict[str, bool]) -> None:
    model = Model(
        "m1", "Mô hình", CODE, "u1", "kinh-te", ModelKind.MO_HINH, HolderKind.TAP_THE,
        dt.date(2021, 1, 1), "co-so", 2021, 2023,
    )  # fmt: skip
    result = review(_campaign(), model, answers, year=2022)
    codes = [c for c, _ in REQS]
    assert result.passed == all(answers.get(c) is True for c in codes)
    assert [r.code for r in result.failing] == [c for c in codes if answers.get(c) is False]
    assert [r.code for r in result.unanswered] == [c for c in codes if c not in answers]
    assert len(result.requirements) == len(codes)
    statuses = {r.status for r in result.requirements}
    assert result.passed == (statuses == {RequirementStatus.PASSED})
    assert result.passed == ("Kết quả: Đạt" in result.lines_vi)


# ---------------------------------------------------------------------- reconcile


def _split(values: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _true_facts(given_records: DvkRecords) -> list[DvkFact]:
    """The true counts, counted directly from the records (not by the tally)."""
    mine = {m.id: m for m in given_records.models if m.campaign == CODE}
    recs = [r for r in given_records.recognitions if r.model in mine]
    return [
        RegisteredCount(
            len(mine),
            SRC,
            by_field=_split([m.field for m in mine.values()]),
            by_level=_split([m.target_level for m in mine.values()]),
        ),
        RecognisedCount(
            len(recs),
            SRC,
            by_tier=_split([r.tier for r in recs]),
            by_holder=_split([mine[r.model].holder_kind.value for r in recs]),
        ),
    ]


def _off_by_one(fact: DvkFact, which: int, delta: int) -> DvkFact | None:
    """The fact with its total (``which`` 0) or one split count changed by ``delta``."""
    if which == 0:
        assert fact.total is not None
        total = fact.total + delta
        return None if total < 0 else attrs.evolve(fact, total=total)
    splits = [(name, key) for name in fact.SPLITS for key in getattr(fact, name)]
    if not splits:
        return None
    name, key = splits[(which - 1) % len(splits)]
    split = dict(getattr(fact, name))
    split[key] += delta
    changes: dict[str, Any] = {name: split}
    return None if split[key] < 0 else attrs.evolve(fact, **changes)


@given(records(), st.integers(0, 5), st.sampled_from((-1, 1)))
def test_reconcile_matches_the_true_counts_and_no_count_off_by_one(
    given_records: DvkRecords, which: int, delta: int
) -> None:
    facts = _true_facts(given_records)
    c = _campaign()
    assert reconcile_dvk(given_records, facts, campaign=c).ok
    counted = tally(c, given_records)
    assert reconcile_dvk(counted, facts).ok
    for i, fact in enumerate(facts):
        wrong = _off_by_one(fact, which, delta)
        if wrong is None:
            continue
        checked = reconcile_dvk(counted, [*facts[:i], wrong, *facts[i + 1 :]])
        assert [ch.verdict for ch in checked.checks][i] is Verdict.NOT_MATCHED
        assert [ch.index for ch in checked.with_verdict(Verdict.NOT_MATCHED)] == [i]
