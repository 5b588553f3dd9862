"""Awards: Bằng khen / Giấy khen per stream, kind and recipient type, with the seed facts."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules.errors import RuleSetError
from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    Citation,
    Collective,
    Eligibility,
    FixedRuleSets,
    Individual,
    Registry,
    Round,
    RoundResult,
    Unit,
)
from danvan_rules.scoring.rounds import check_awards, score_round, tally_awards

from .round_strategies import example, example_round, ineligible, report, unit

# Descriptions of the sources, not their titles (docs/sources.md#awards, #dong-thap-2022).
BRVT = Citation(
    "article of baobariavungtau.com.vn on the 2021 awards (title not recorded)",
    dt.date(2021, 12, 1),
    publisher="baobariavungtau.com.vn",
    note="month of publication only: day 1 stands for December 2021; docs/sources.md#awards",
)
DONG_THAP = Citation(
    "the project's seed article on Đồng Tháp's 2022 results (publisher not recorded)",
    note="docs/sources.md#dong-thap-2022",
)


def _many(n: int, stream: AwardStream, who: str, source: Citation) -> list[Award]:
    """``n`` synthetic Bằng khen records: the recipients' names were not published."""
    recipient = (
        (lambda i: Collective(name=f"tập thể {i} (tên chưa công bố)"))
        if who == "collective"
        else (lambda i: Individual(f"cá nhân {i} (tên chưa công bố)"))
    )
    return [
        Award(
            AwardKind.BANG_KHEN,
            stream,
            "Chủ tịch UBND tỉnh",
            recipient(i),
            source,
            synthetic=True,
        )
        for i in range(n)
    ]


def test_ba_ria_vung_tau_2021_streams() -> None:
    awards = [
        *_many(28, AwardStream.DAN_VAN_KHEO, "collective", BRVT),
        *_many(12, AwardStream.DAN_VAN_KHEO, "individual", BRVT),
        *_many(14, AwardStream.QUY_CHE_DAN_CHU, "collective", BRVT),
        *_many(5, AwardStream.DAN_VAN_CHINH_QUYEN, "collective", BRVT),
    ]
    tally = tally_awards(awards)
    assert tally.count(AwardStream.DAN_VAN_KHEO, recipient="collective") == 28
    assert tally.count(AwardStream.DAN_VAN_KHEO, recipient="individual") == 12
    assert tally.count(AwardStream.QUY_CHE_DAN_CHU) == 14
    assert tally.count(AwardStream.DAN_VAN_CHINH_QUYEN, AwardKind.BANG_KHEN, "collective") == 5
    assert tally.count(kind=AwardKind.GIAY_KHEN) == 0
    assert tally.count() == 59
    assert tally.synthetic == 59


def test_dong_thap_2022_ten_collectives_and_fifteen_individuals() -> None:
    units = [Unit(f"so-{i}", f"Sở {i}", "co-quan-hanh-chinh", "dong-thap") for i in range(10)]
    awards = [
        Award(
            AwardKind.BANG_KHEN,
            AwardStream.DAN_VAN_CHINH_QUYEN,
            "Chủ tịch UBND tỉnh Đồng Tháp",
            Collective(u.id),
            DONG_THAP,
            synthetic=True,  # which units were awarded is not published
        )
        for u in units
    ]
    awards += _many(15, AwardStream.DAN_VAN_CHINH_QUYEN, "individual", DONG_THAP)
    r = Round(
        "dong-thap",
        2022,
        Registry(units),
        FixedRuleSets({"co-quan-hanh-chinh": "dong-thap/1318-2021"}),
        awards=awards,
        synthetic=True,
    )
    tally = tally_awards(r.awards)
    assert tally.count(AwardStream.DAN_VAN_CHINH_QUYEN, AwardKind.BANG_KHEN, "collective") == 10
    assert tally.count(AwardStream.DAN_VAN_CHINH_QUYEN, AwardKind.BANG_KHEN, "individual") == 15
    assert tally.count(AwardStream.DAN_VAN_KHEO) == 0


def test_a_real_award_is_not_counted_as_synthetic() -> None:
    award = Award(
        AwardKind.GIAY_KHEN,
        AwardStream.DAN_VAN_KHEO,
        "Giám đốc Sở Nội vụ",
        Individual("Nguyễn Thị B", "so-1"),
        BRVT,
        decision="12/QĐ-SNV",
    )
    tally = tally_awards([award])
    assert (tally.count(), tally.synthetic) == (1, 0)
    assert tally_awards([]).count() == 0


# ---------------------------------------------------------------------- eligibility for proposal


def _proposal_round(awards: list[Award]) -> RoundResult:
    """so-1 xuất sắc, so-2..6 tốt, so-7 ineligible, so-8 no report (the example rule set).

    Its quota leaves one xuất sắc among six units rated tốt or above; only
    xuất sắc makes a unit eligible for proposal (assumed).
    """
    units = [unit(f"so-{i}") for i in range(1, 9)]
    reports = [
        report("so-1", "so-nganh", Decimal(90), appraised_scores={"VII": 5}),
        *(report(f"so-{i}", "so-nganh", Decimal(80)) for i in range(2, 7)),
        ineligible("so-7", "so-nganh"),
    ]
    return score_round(example_round(units, awards=awards), reports, {"so-nganh": example()})


DVCQ = AwardStream.DAN_VAN_CHINH_QUYEN


def _award(recipient: Collective | Individual, stream: AwardStream = DVCQ) -> Award:
    return Award(AwardKind.BANG_KHEN, stream, "Chủ tịch UBND tỉnh", recipient, DONG_THAP)


def test_the_bands_a_rule_set_makes_eligible_for_proposal() -> None:
    result = _proposal_round([])
    use = result.ruleset_for("so-nganh")
    assert (use.proposal_bands, use.proposal_assumed) == (("xuat-sac",), True)
    assert [(o.unit.id, o.proposable) for o in result.outcomes] == [
        ("so-1", True),
        ("so-2", False),
        ("so-3", False),
        ("so-4", False),
        ("so-5", False),
        ("so-6", False),
        ("so-7", False),
        ("so-8", None),
    ]
    assert [o.unit.id for o in result.proposable] == ["so-1"]


def test_a_rule_set_that_says_nothing_leaves_every_unit_unknown() -> None:
    rs = example()
    silent = attrs.evolve(rs, bands=tuple(attrs.evolve(b, award_proposal=None) for b in rs.bands))
    r = example_round([unit("so-1")], awards=[_award(Collective("so-1"))])
    result = score_round(r, [report("so-1", "so-nganh", Decimal(95))], {"so-nganh": silent})
    assert result.ruleset_for("so-nganh").proposal_bands is None
    assert result.outcomes[0].proposable is None
    (check,) = check_awards(result)
    assert (check.eligibility, check.assumed) == (Eligibility.UNKNOWN, False)


def test_awards_are_checked_against_the_recipients_band() -> None:
    awards = [
        _award(Collective("so-1")),
        _award(Collective("so-2")),
        _award(Collective("so-7")),
        _award(Collective("so-8")),
        _award(Collective(name="Hội Nông dân tỉnh")),  # not in the registry: not checked
        _award(Individual("Nguyễn Văn A", unit="so-2")),  # a person: not checked
        _award(Collective("so-2"), AwardStream.DAN_VAN_KHEO),  # another stream: not checked
    ]
    checks = check_awards(_proposal_round(awards))
    assert [(c.index, c.eligibility, c.assumed) for c in checks] == [
        (0, Eligibility.ELIGIBLE, True),
        (1, Eligibility.NOT_ELIGIBLE, True),
        (2, Eligibility.NOT_ELIGIBLE, True),
        (3, Eligibility.UNKNOWN, False),
    ]
    assert checks[0].note == "so-1 is in band 'xuat-sac', eligible for proposal (xuat-sac)"
    assert checks[2].note_vi == (
        "so-7 không được xếp loại (ineligible), không thuộc các mức được đề nghị khen thưởng "
        "(xuat-sac)"
    )


@given(st.lists(st.sampled_from([True, False, None]), min_size=1, max_size=4))
def test_the_proposal_bands_are_upward_closed_or_refused(flags: list[bool | None]) -> None:
    rs = example()
    order = list(rs.bands_ascending)
    chosen = dict(zip((b.code for b in order), flags + [flags[-1]] * 4, strict=False))
    bands = tuple(attrs.evolve(b, award_proposal=chosen[b.code]) for b in rs.bands)
    values = [chosen[b.code] for b in order]
    sound = (all(v is None for v in values) or None not in values) and all(
        not low or high for low, high in itertools.pairwise(values)
    )
    if sound:
        built = attrs.evolve(rs, bands=bands)
        assert [b.award_proposal for b in built.bands_ascending] == values
    else:
        with pytest.raises(RuleSetError):
            attrs.evolve(rs, bands=bands)
