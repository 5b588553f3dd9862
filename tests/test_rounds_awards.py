"""Awards: Bằng khen / Giấy khen per stream, kind and recipient type, with the seed facts."""

from __future__ import annotations

import datetime as dt

from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    Citation,
    Collective,
    FixedRuleSets,
    Individual,
    Registry,
    Round,
    Unit,
)
from danvan_rules.scoring.rounds import tally_awards

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
