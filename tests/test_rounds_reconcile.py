"""reconcile: every published fact matched, not matched (with the difference), or uncheckable."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from danvan_rules import rulesets
from danvan_rules.model.rounds import (
    BandCounts,
    Citation,
    CohortSize,
    Decision,
    FixedRuleSets,
    Group,
    NamedIneligible,
    NamedUnits,
    NoUnitInBand,
    PublishedFact,
    Registry,
    Round,
    RoundResult,
    Unit,
    UnitTotal,
    Verdict,
)
from danvan_rules.scoring.rounds import reconcile, score_round
from danvan_rules.testing import report_at

from .round_strategies import example, example_round, ineligible, report, unit

SRC = Citation("Báo ví dụ", dt.date(2025, 1, 20))
QD_1634 = Citation("QĐ 1634/QĐ-UBND", dt.date(2021, 5, 17), publisher="UBND tỉnh Đồng Nai")


def _scored() -> RoundResult:
    """so-1 95 xuất sắc, so-2..so-6 tốt (85), so-7 hoàn thành (60), so-8 no report; xa-1 tốt."""
    units = [unit(f"so-{i}") for i in range(1, 9)] + [unit("xa-1", "ubnd-xa")]
    reports: list[object] = [
        report("so-1", "so-nganh", Decimal(90), appraised_scores={"VII": 5}),
        *(report(f"so-{i}", "so-nganh", Decimal(85)) for i in range(2, 7)),
        report("so-7", "so-nganh", Decimal(60)),
        report("xa-1", "ubnd-xa", Decimal(75)),
    ]
    r = example_round(units, groups=[Group("tat-ca", "Tất cả", ["so-nganh", "ubnd-xa"])])
    return score_round(r, reports, dict.fromkeys(r.khoi, example()))


def _verdicts(facts: list[PublishedFact]) -> list[tuple[Verdict, tuple[str, ...]]]:
    return [(c.verdict, c.notes) for c in reconcile(_scored(), facts).checks]


def test_band_counts_match_or_say_the_difference() -> None:
    good = BandCounts("so-nganh", {"xuat-sac": 1, "tot": 5, "hoan-thanh": 1}, SRC)
    bad = BandCounts("tat-ca", {"xuat-sac": 2, "tot": 6}, SRC)
    unknown = BandCounts("so-nganh", {"kha": 3}, SRC)
    assert _verdicts([good, bad, unknown]) == [
        (Verdict.MATCHED, ()),
        (
            Verdict.NOT_MATCHED,
            (
                "xuat-sac: published 2, scored 1 (-1)",
                "1 units of 'tat-ca' have no result (invalid report or no report)",
            ),
        ),
        (
            Verdict.UNCHECKABLE,
            ("band 'kha' is not a band of the rule set(s) of 'so-nganh'",),
        ),
    ]


def test_named_units_complete_or_not() -> None:
    facts: list[PublishedFact] = [
        NamedUnits("xuat-sac", ["so-1"], SRC, scope="so-nganh", complete=True),
        NamedUnits("tot", ["so-2", "so-7", "so-8"], SRC, scope="so-nganh"),
        NamedUnits("tot", ["so-2"], SRC, scope="so-nganh", complete=True),
        NamedUnits("tot", ["xa-1"], SRC, scope="so-nganh"),
        NamedUnits("tot", ["ghost"], SRC),
        NamedUnits("gioi", ["so-1"], SRC),
    ]
    checks = reconcile(_scored(), facts).checks
    assert [c.verdict for c in checks] == [
        Verdict.MATCHED,
        Verdict.NOT_MATCHED,
        Verdict.NOT_MATCHED,
        Verdict.NOT_MATCHED,
        Verdict.UNCHECKABLE,
        Verdict.UNCHECKABLE,
    ]
    assert checks[1].notes == (
        "so-7: published tot, scored hoan-thanh",
        "so-8: published tot, scored no_report",
    )
    assert checks[1].notes_vi[0] == "so-7: công bố tot, tính được hoan-thanh"
    assert checks[2].notes == ("also in tot, not named: so-3, so-4, so-5, so-6",)
    assert checks[3].notes == ("xa-1: in khối 'ubnd-xa', outside 'so-nganh'",)
    assert checks[4].notes == ("unit 'ghost' is not in the round's registry",)


def test_a_units_total_and_band() -> None:
    facts: list[PublishedFact] = [
        UnitTotal("so-1", 95, SRC, band="xuat-sac"),
        UnitTotal("so-1", Decimal("95.5"), SRC),
        UnitTotal("so-7", 60, SRC, band="tot"),
        UnitTotal("so-8", 80, SRC),
        UnitTotal("ghost", 80, SRC),
    ]
    assert _verdicts(facts) == [
        (Verdict.MATCHED, ()),
        (Verdict.NOT_MATCHED, ("total: published 95.5, scored 95.00 (-0.50)",)),
        (Verdict.NOT_MATCHED, ("band: published tot, scored hoan-thanh",)),
        (Verdict.UNCHECKABLE, ("unit 'so-8' has no result (no_report)",)),
        (Verdict.UNCHECKABLE, ("unit 'ghost' is not in the round's registry",)),
    ]


def test_no_unit_in_band_and_cohort_size() -> None:
    complete = example_round([unit("so-1")])
    scored = score_round(
        complete, [report("so-1", "so-nganh", Decimal(85))], {"so-nganh": example()}
    )
    assert reconcile(scored, [NoUnitInBand("khong-hoan-thanh", SRC)]).ok
    facts: list[PublishedFact] = [
        NoUnitInBand("hoan-thanh", SRC, scope="so-nganh"),
        NoUnitInBand("khong-hoan-thanh", SRC, scope="so-nganh"),
        NoUnitInBand("kha", SRC),
        CohortSize("so-nganh", 8, SRC),
        CohortSize("so-nganh", 9, SRC),
        CohortSize("nope", 9, SRC),
    ]
    assert _verdicts(facts) == [
        (Verdict.NOT_MATCHED, ("published: no unit in hoan-thanh; scored: so-7",)),
        (
            Verdict.UNCHECKABLE,
            ("1 units of 'so-nganh' have no result (invalid report or no report)",),
        ),
        (Verdict.UNCHECKABLE, ("band 'kha' is not a band of the rule set(s) of '*'",)),
        (Verdict.MATCHED, ()),
        (Verdict.NOT_MATCHED, ("cohort: published 9 units, the round has 8 (-1)",)),
        (Verdict.UNCHECKABLE, ("the round has no khối or group 'nope'",)),
    ]


def test_a_reconciliation_of_a_synthetic_round_says_so() -> None:
    r = example_round([unit("so-1")], synthetic=True)
    scored = score_round(r, [report("so-1", "so-nganh", Decimal(85))], {"so-nganh": example()})
    checked = reconcile(scored, [BandCounts("so-nganh", {"tot": 1}, SRC)])
    assert checked.synthetic
    assert checked.ok
    assert checked.with_verdict(Verdict.MATCHED) == checked.checks
    assert not checked.with_verdict(Verdict.NOT_MATCHED)


def test_dong_nai_2020_so_vhttdl_93_is_xuat_sac() -> None:
    """QĐ 1634/QĐ-UBND (2021-05-17): Sở VHTTDL 93/100 → hoàn thành xuất sắc (docs/sources.md#dong-nai-2020).

    The one sourced score; the report is synthetic (its answers were never published).
    """
    rs = rulesets.get("dong-nai/3225-2018")
    so = Unit("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "so-ban-nganh", "dong-nai")
    r = Round(
        "dong-nai",
        2020,
        Registry([so]),
        FixedRuleSets({"so-ban-nganh": rs.code}),
        results=Decision(
            "1634/QĐ-UBND", dt.date(2021, 5, 17), "UBND tỉnh Đồng Nai", ["so-ban-nganh"]
        ),
        published=[UnitTotal("so-vhttdl", 93, QD_1634, band="xuat-sac")],
        synthetic=True,
    )
    rep = attrs.evolve(report_at(rs, "so-ban-nganh", Decimal(93)), unit_id="so-vhttdl", year=2020)
    scored = score_round(r, [rep], {"so-ban-nganh": rs})
    assert reconcile(scored, r.published).ok
    low = attrs.evolve(report_at(rs, "so-ban-nganh", Decimal(89)), unit_id="so-vhttdl", year=2020)
    broken = reconcile(score_round(r, [low], {"so-ban-nganh": rs}), r.published)
    assert [c.verdict for c in broken.checks] == [Verdict.NOT_MATCHED]
    assert broken.checks[0].notes == (
        "total: published 93, scored 89.00 (-4.00)",
        "band: published xuat-sac, scored tot",
    )


@pytest.mark.parametrize("scope", [None, "*"])
def test_a_fact_about_the_whole_round(scope: str | None) -> None:
    fact = NoUnitInBand("xuat-sac", SRC, scope=scope)
    assert _verdicts([fact])[0][0] is Verdict.NOT_MATCHED


def test_named_ineligible_units() -> None:
    """Ngân Sơn 2020 named its two ineligible units: a fact of its own kind."""
    units = [unit("so-1"), unit("so-2"), unit("so-3"), unit("xa-1", "ubnd-xa")]
    reports = [
        ineligible("so-1", "so-nganh"),
        ineligible("so-2", "so-nganh"),
        report("so-3", "so-nganh", Decimal(85)),
        ineligible("xa-1", "ubnd-xa"),
    ]
    r = example_round(units)
    scored = score_round(r, reports, dict.fromkeys(r.khoi, example()))
    facts: list[PublishedFact] = [
        NamedIneligible(["so-1", "so-2"], SRC, scope="so-nganh", complete=True),
        NamedIneligible(["so-1"], SRC, scope="so-nganh"),
        NamedIneligible(["so-1"], SRC, scope="so-nganh", complete=True),
        NamedIneligible(["so-3", "xa-1"], SRC, scope="so-nganh"),
        NamedIneligible(["ghost"], SRC),
    ]
    checks = reconcile(scored, facts).checks
    assert [(c.verdict, c.notes) for c in checks] == [
        (Verdict.MATCHED, ()),
        (Verdict.MATCHED, ()),
        (Verdict.NOT_MATCHED, ("also ineligible, not named: so-2",)),
        (
            Verdict.NOT_MATCHED,
            (
                "so-3: published ineligible, scored tot",
                "xa-1: in khối 'ubnd-xa', outside 'so-nganh'",
            ),
        ),
        (Verdict.UNCHECKABLE, ("unit 'ghost' is not in the round's registry",)),
    ]
    assert checks[3].notes_vi[0] == "so-3: công bố không đủ điều kiện xếp loại, tính được tot"
