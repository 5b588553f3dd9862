"""The golden rounds of issue #7 §4, as data: units, synthetic reports, published facts.

Every round here is ``synthetic=True``: the individual scores were never
published, so each unit's report is made up to be consistent with what was
published (docs/sources.md#published-results). What was published is recorded
as ``published`` facts, each with its source as docs/sources.md gives it; every
other number (unit counts not published, each unit's score) is synthetic and
says so in the round's notes.

A round is built from a **plan**: one :class:`Planned` entry per registry unit
with the totals its report must reach and the band it must come out in. The
reports are derived from the plan, so a perturbed copy is the same plan with
one or two entries changed (:meth:`Golden.perturbed`), and the facts a
perturbation breaks can be computed from the plans alone (:func:`broken_facts`),
independently of the scorer.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from danvan_rules import rulesets
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    BandCounts,
    Citation,
    CohortSize,
    Collective,
    Decision,
    FixedRuleSets,
    Group,
    Individual,
    NamedIneligible,
    NamedUnits,
    NoUnitInBand,
    PublishedFact,
    Registry,
    Round,
    RoundResult,
    Unit,
    UnitTotal,
)
from danvan_rules.scoring.rounds import score_round
from danvan_rules.testing import report_at

__all__ = [
    "BY_NAME_FUNCS",
    "EXAMPLES",
    "GOLDEN",
    "Golden",
    "Planned",
    "broken_facts",
    "dong_nai_2020",
    "dong_thap",
    "example_files",
    "ngan_son_2020",
    "quang_nam_2023",
]

# ---------------------------------------------------------------------- sources, as docs/sources.md gives them

#: The results decision itself [Q] (docs/sources.md#dong-nai-2020).
QD_1634 = Citation(
    "QĐ 1634/QĐ-UBND",
    dt.date(2021, 5, 17),
    publisher="UBND tỉnh Đồng Nai",
    note="docs/sources.md#dong-nai-2020",
)
#: The seed article on Đồng Tháp's 2022 results; its publisher is not recorded
#: (docs/sources.md#dong-thap-2022).
DT_ARTICLE = Citation(
    "the project's seed article on Đồng Tháp's 2022 results (publisher not recorded)",
    note="docs/sources.md#dong-thap-2022",
)
#: Đồng Tháp's 12 district-level units, 3 cities and 9 districts (docs/sources.md#dong-thap).
DT_DISTRICTS = Citation("quanlynhanuoc.vn", dt.date(2023, 9, 7), note="docs/sources.md#dong-thap")
#: Quảng Nam 2023 with names (docs/sources.md#quang-nam-2023).
BAO_QUANG_NAM = Citation(
    "baoquangnam.vn",
    dt.date(2023, 12, 25),
    url="baoquangnam.vn/print/3127535.html",
    note="docs/sources.md#quang-nam-2023",
)
#: Ngân Sơn district's 2020 results (docs/sources.md#ngan-son-2020); no date recorded.
NGAN_SON = Citation("nganson.backan.gov.vn (id_news=1335)", note="docs/sources.md#ngan-son-2020")
#: The source's own arithmetic does not add up: it is recorded, not corrected.
HA_10_DIEM = (
    "the source says the commune was lowered '10 điểm từ 87 xuống còn 78', but 87 − 78 = 9: "
    "the source is inconsistent. The published totals (87 self, 78 appraised) are kept; the "
    "'10 điểm' is not (nguồn ghi 'hạ 10 điểm' nhưng 87 − 78 = 9: số liệu của nguồn không khớp)"
)
NGAN_SON_78 = attrs.evolve(NGAN_SON, note=f"docs/sources.md#ngan-son-2020; {HA_10_DIEM}")


@attrs.frozen
class Planned:
    """What one unit's synthetic report must reach and the outcome it must get.

    ``self_total`` is the report's self-assessed total; ``appraised`` the
    appraised total (``None``: not appraised), of which ``higher`` points go to
    the appraiser-only criteria named in ``higher_code``; ``band`` the band the
    unit must come out in (``None`` when ``ineligible``).
    """

    unit: Unit
    self_total: Decimal
    band: str | None
    appraised: Decimal | None = None
    higher: Decimal = Decimal(0)
    higher_code: str = ""
    ineligible: bool = False

    @property
    def total(self) -> Decimal:
        """The unit's final total: the appraised one when appraised."""
        return self.self_total if self.appraised is None else self.appraised


@attrs.frozen
class Golden:
    """A golden round: the round (with its published facts), its plan and its rule sets."""

    name: str
    round: Round
    plan: tuple[Planned, ...]
    by_khoi: Mapping[str, RuleSet]
    #: the name of the flag that makes a report ineligible (``""``: none)
    ineligible_flag: str = ""

    def reports(self, plan: Sequence[Planned] | None = None) -> list[UnitReport]:
        """One synthetic report per planned unit."""
        return [self._report(p) for p in (self.plan if plan is None else plan)]

    def score(self, plan: Sequence[Planned] | None = None) -> RoundResult:
        """The round scored on the reports of ``plan`` (the golden plan by default)."""
        return score_round(self.round, self.reports(plan), self.by_khoi)

    def perturbed(self, changes: Mapping[str, Planned]) -> tuple[Planned, ...]:
        """The plan with the entries of the units in ``changes`` replaced."""
        assert set(changes) <= {p.unit.id for p in self.plan}
        return tuple(changes.get(p.unit.id, p) for p in self.plan)

    def planned(self, unit_id: str) -> Planned:
        (found,) = [p for p in self.plan if p.unit.id == unit_id]
        return found

    def _report(self, p: Planned) -> UnitReport:
        rs = self.by_khoi[p.unit.khoi]
        base = _template(rs.code, p.unit.khoi, p.self_total)
        appraised = base.appraised_scores
        if p.appraised is not None:
            rescored = _template(rs.code, p.unit.khoi, p.appraised - p.higher).self_scores
            appraised = {**rescored, **({p.higher_code: p.higher} if p.higher_code else {})}
        facts = dict(base.facts)
        if self.ineligible_flag:
            facts[self.ineligible_flag] = p.ineligible
        return attrs.evolve(
            base,
            unit_id=p.unit.id,
            unit_name=p.unit.name_vi,
            year=self.round.year,
            appraised_scores=appraised,
            facts=facts,
        )


@functools.cache
def _template(code: str, khoi: str, target: Decimal) -> UnitReport:
    return report_at(rulesets.get(code), khoi, target)


def _fixed(r: Sequence[tuple[str, str]]) -> tuple[FixedRuleSets, dict[str, RuleSet]]:
    return FixedRuleSets(dict(r)), {khoi: rulesets.get(code) for khoi, code in r}


# ---------------------------------------------------------------------- the oracle


def _scope_khoi(r: Round, scope: str | None) -> set[str]:
    if scope is None or scope == "*":
        return set(r.khoi)
    if scope in r.khoi:
        return {scope}
    return set(r.group(scope).khoi)


def _holds(r: Round, plan: Sequence[Planned], fact: PublishedFact) -> bool:
    """Whether ``fact`` holds of the plan, read directly from the plan (not from the scorer)."""
    if isinstance(fact, UnitTotal):
        (p,) = [p for p in plan if p.unit.id == fact.unit]
        return p.total == fact.total and (fact.band is None or p.band == fact.band)
    khoi = _scope_khoi(r, fact.scope)
    members = [p for p in plan if p.unit.khoi in khoi]
    if isinstance(fact, BandCounts):
        return all(sum(p.band == band for p in members) == n for band, n in fact.counts.items())
    if isinstance(fact, NamedUnits):
        named = set(fact.units)
        in_band = {p.unit.id for p in members if p.band == fact.band}
        return named <= in_band and (not fact.complete or in_band <= named)
    if isinstance(fact, NamedIneligible):
        named = set(fact.units)
        ineligible = {p.unit.id for p in members if p.ineligible}
        return named <= ineligible and (not fact.complete or ineligible <= named)
    if isinstance(fact, NoUnitInBand):
        return not any(p.band == fact.band for p in members)
    return len(members) == fact.size


def broken_facts(golden: Golden, plan: Sequence[Planned]) -> set[int]:
    """The indexes of the round's published facts that do not hold of ``plan``."""
    return {i for i, f in enumerate(golden.round.published) if not _holds(golden.round, plan, f)}


# ---------------------------------------------------------------------- Đồng Nai 2020

DN_SO = "so-ban-nganh"
DN_DVSN = "don-vi-su-nghiep-doanh-nghiep"


@functools.cache
def dong_nai_2020() -> Golden:
    """QĐ 1634/QĐ-UBND (2021-05-17): Sở VHTTDL 93/100 → hoàn thành xuất sắc.

    The decision covered departments and public service units together
    (docs/sources.md#dong-nai-2020): both khối of ``dong-nai/3225-2018`` are in
    one round under one results decision. Only Sở VHTTDL's total is published;
    the other units, their number and every other score are synthetic.
    """
    choice, by_khoi = _fixed([(DN_SO, "dong-nai/3225-2018"), (DN_DVSN, "dong-nai/3225-2018")])

    def u(uid: str, name: str, khoi: str) -> Unit:
        return Unit(uid, name, khoi, "dong-nai")

    plan = (
        Planned(u("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", DN_SO), Decimal(93), "xuat-sac"),
        Planned(u("so-gia-lap-1", "Sở giả lập 1 (dữ liệu giả lập)", DN_SO), Decimal(85), "tot"),
        Planned(u("so-gia-lap-2", "Sở giả lập 2 (dữ liệu giả lập)", DN_SO), Decimal(76), "tot"),
        Planned(
            u("so-gia-lap-3", "Sở giả lập 3 (dữ liệu giả lập)", DN_SO), Decimal(91), "xuat-sac"
        ),
        Planned(
            u("dvsn-gia-lap-1", "Đơn vị sự nghiệp giả lập 1 (dữ liệu giả lập)", DN_DVSN),
            Decimal(82),
            "tot",
        ),
        Planned(
            u("dvsn-gia-lap-2", "Đơn vị sự nghiệp giả lập 2 (dữ liệu giả lập)", DN_DVSN),
            Decimal(64),
            "hoan-thanh",
        ),
    )
    r = Round(
        "dong-nai",
        2020,
        Registry([p.unit for p in plan]),
        choice,
        results=Decision(
            "1634/QĐ-UBND",
            dt.date(2021, 5, 17),
            "UBND tỉnh Đồng Nai",
            [DN_SO, DN_DVSN],
            title_vi="kết quả đánh giá công tác dân vận năm 2020 của các sở, ban, ngành và đơn vị "
            "sự nghiệp trực thuộc UBND tỉnh",
        ),
        published=[UnitTotal("so-vhttdl", 93, QD_1634, band="xuat-sac")],
        synthetic=True,
        title_vi="Đồng Nai 2020: sở, ban, ngành và đơn vị sự nghiệp trực thuộc UBND tỉnh",
        notes="Published (docs/sources.md#dong-nai-2020): Sở VHTTDL 93/100, hoàn thành xuất sắc; "
        "the decision covered departments and public service units together. Synthetic: every "
        "other unit, the number of units and every other score (made up, not published).",
    )
    return Golden("dong-nai-2020", r, plan, by_khoi)


# ---------------------------------------------------------------------- Đồng Tháp 2021 and 2022

DT_SO = "co-quan-hanh-chinh"
DT_HUYEN = "ubnd-huyen"
DT_GROUP = "so-nganh-va-huyen"
#: The number of sở, ngành in the tally was not published: 30 is synthetic.
DT_AGENCIES = 30
DT_PUBLISHED: Mapping[int, int] = {2021: 32, 2022: 37}


def _dt_units() -> list[Unit]:
    units = [
        Unit(f"so-{i:02}", f"Sở, ngành giả lập {i} (dữ liệu giả lập)", DT_SO, "dong-thap")
        for i in range(1, DT_AGENCIES + 1)
    ]
    units += [
        Unit(
            f"huyen-{i:02}",
            f"UBND cấp huyện {i} (tên không nêu; dữ liệu giả lập)",
            DT_HUYEN,
            "dong-thap",
            valid_until=dt.date(2025, 6, 30),
        )
        for i in range(1, 13)
    ]
    return units


@functools.cache
def dong_thap(year: int) -> Golden:
    """Đồng Tháp 2021 (32 xuất sắc) or 2022 (37 xuất sắc, none không hoàn thành).

    The one tally of "các sở, ngành tỉnh và UBND cấp huyện" is the group
    ``so-nganh-va-huyen`` over the khối ``co-quan-hanh-chinh`` and ``ubnd-huyen``
    of ``dong-thap/1318-2021`` (in force 2021-09-06 to 2023-08-06, so on 31
    December of both years). 2022 carries the Chairman's Bằng khen: 10
    collectives and 15 individuals, whose names were not published (synthetic
    records). The other bands and the number of sở, ngành were not published.
    """
    choice, by_khoi = _fixed([(DT_SO, "dong-thap/1318-2021"), (DT_HUYEN, "dong-thap/1318-2021")])
    units = _dt_units()
    xuat_sac = DT_PUBLISHED[year]
    plan: list[Planned] = []
    for i, u in enumerate(units):
        if i < xuat_sac:
            plan.append(Planned(u, Decimal(95) if i % 2 else Decimal(92), "xuat-sac"))
        elif year == 2021 and i >= len(units) - 2:  # synthetic: two units hoàn thành in 2021
            plan.append(Planned(u, Decimal(66), "hoan-thanh"))
        else:
            plan.append(Planned(u, Decimal(80), "tot"))
    group = Group(DT_GROUP, "Các sở, ngành tỉnh và Uỷ ban nhân dân cấp huyện", [DT_SO, DT_HUYEN])
    facts: list[PublishedFact] = [
        BandCounts(DT_GROUP, {"xuat-sac": xuat_sac}, DT_ARTICLE),
        CohortSize(DT_HUYEN, 12, DT_DISTRICTS),
    ]
    awards: list[Award] = []
    if year == 2022:
        facts.append(NoUnitInBand("khong-hoan-thanh", DT_ARTICLE, scope=DT_GROUP))
        awards = _dt_awards()
    r = Round(
        "dong-thap",
        year,
        Registry(units),
        choice,
        groups=[group],
        published=facts,
        awards=awards,
        synthetic=True,
        title_vi=f"Đồng Tháp {year}: các sở, ngành tỉnh và UBND cấp huyện",
        notes="Published (docs/sources.md#dong-thap-2022): xuất sắc 32 (2021) → 37 (2022) in the "
        "one tally of the sở, ngành tỉnh and UBND cấp huyện; no unit không hoàn thành in 2022; "
        "12 district-level units (docs/sources.md#dong-thap). Synthetic: the 30 sở, ngành (their "
        "number was not published), every unit's score, the other bands, and the award "
        "recipients (only their numbers were published).",
    )
    return Golden(f"dong-thap-{year}", r, tuple(plan), by_khoi)


def _dt_awards() -> list[Award]:
    def award(recipient: Collective | Individual) -> Award:
        return Award(
            AwardKind.BANG_KHEN,
            AwardStream.DAN_VAN_CHINH_QUYEN,
            "Chủ tịch UBND tỉnh Đồng Tháp",
            recipient,
            DT_ARTICLE,
            synthetic=True,
        )

    collectives = [award(Collective(name=f"Tập thể {i} (tên không công bố)")) for i in range(1, 11)]
    people = [award(Individual(f"Cá nhân {i} (tên không công bố)")) for i in range(1, 16)]
    return collectives + people


# ---------------------------------------------------------------------- Quảng Nam 2023

QN_CQ = "co-quan-don-vi"
QN_HUYEN = "ubnd-huyen"
QN_PLACEHOLDER = "quang-nam/placeholder-2023"
#: Named in the source as "Hoàn thành xuất sắc" (docs/sources.md#quang-nam-2023).
QN_HUYEN_XUAT_SAC = (
    ("tp-tam-ky", "UBND TP. Tam Kỳ"),
    ("tp-hoi-an", "UBND TP. Hội An"),
    ("tx-dien-ban", "UBND TX. Điện Bàn"),
    ("bac-tra-my", "UBND huyện Bắc Trà My"),
    ("que-son", "UBND huyện Quế Sơn"),
    ("tien-phuoc", "UBND huyện Tiên Phước"),
    ("dai-loc", "UBND huyện Đại Lộc"),
    ("tay-giang", "UBND huyện Tây Giang"),
    ("nam-giang", "UBND huyện Nam Giang"),
)
QN_CQ_XUAT_SAC = (
    ("so-noi-vu", "Sở Nội vụ"),
    ("so-tu-phap", "Sở Tư pháp"),
    ("thanh-tra-tinh", "Thanh tra tỉnh"),
    ("so-khcn", "Sở Khoa học và Công nghệ"),
    ("so-gtvt", "Sở Giao thông vận tải"),
    ("ban-dan-toc", "Ban Dân tộc"),
    ("van-phong-ubnd", "Văn phòng UBND tỉnh"),
    ("dai-pt-th", "Đài Phát thanh - Truyền hình tỉnh"),
    ("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội"),
)
QN_CQ_HOAN_THANH = (
    ("so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("so-y-te", "Sở Y tế"),
    ("cd-y-te", "Trường Cao đẳng Y tế"),
)


@functools.cache
def quang_nam_2023() -> Golden:
    """Quảng Nam 2023: 18 districts 9 / 9, 37 agencies 9 / 25 / 3, on the placeholder rule set.

    Named units are those of the source; the 9 other districts and the 25
    agencies rated tốt were not named there: their ids and names are
    placeholders. No Quảng Nam rule set exists: the round is scored by
    ``quang-nam/placeholder-2023``, every value of which is assumed.
    """
    choice, by_khoi = _fixed([(QN_HUYEN, QN_PLACEHOLDER), (QN_CQ, QN_PLACEHOLDER)])

    def huyen(uid: str, name: str) -> Unit:
        return Unit(uid, name, QN_HUYEN, "quang-nam", valid_until=dt.date(2025, 6, 30))

    def cq(uid: str, name: str) -> Unit:
        return Unit(uid, name, QN_CQ, "quang-nam")

    plan = [Planned(huyen(uid, name), Decimal(93), "xuat-sac") for uid, name in QN_HUYEN_XUAT_SAC]
    plan += [
        Planned(
            huyen(f"huyen-khac-{i}", f"UBND cấp huyện khác {i} (tên không nêu)"), Decimal(84), "tot"
        )
        for i in range(1, 10)
    ]
    plan += [Planned(cq(uid, name), Decimal(91), "xuat-sac") for uid, name in QN_CQ_XUAT_SAC]
    plan += [
        Planned(
            cq(f"co-quan-khac-{i:02}", f"Cơ quan, đơn vị khác {i} (tên không nêu)"),
            Decimal(78),
            "tot",
        )
        for i in range(1, 26)
    ]
    plan += [Planned(cq(uid, name), Decimal(62), "hoan-thanh") for uid, name in QN_CQ_HOAN_THANH]
    facts: list[PublishedFact] = [
        CohortSize(QN_HUYEN, 18, BAO_QUANG_NAM),
        BandCounts(QN_HUYEN, {"xuat-sac": 9, "tot": 9}, BAO_QUANG_NAM),
        NamedUnits(
            "xuat-sac",
            [uid for uid, _ in QN_HUYEN_XUAT_SAC],
            BAO_QUANG_NAM,
            scope=QN_HUYEN,
            complete=True,
        ),
        CohortSize(QN_CQ, 37, BAO_QUANG_NAM),
        BandCounts(QN_CQ, {"xuat-sac": 9, "tot": 25, "hoan-thanh": 3}, BAO_QUANG_NAM),
        NamedUnits(
            "xuat-sac",
            [uid for uid, _ in QN_CQ_XUAT_SAC],
            BAO_QUANG_NAM,
            scope=QN_CQ,
            complete=True,
        ),
        NamedUnits(
            "hoan-thanh",
            [uid for uid, _ in QN_CQ_HOAN_THANH],
            BAO_QUANG_NAM,
            scope=QN_CQ,
            complete=True,
        ),
    ]
    r = Round(
        "quang-nam",
        2023,
        Registry([p.unit for p in plan]),
        choice,
        published=facts,
        synthetic=True,
        title_vi="Quảng Nam 2023: 18 UBND cấp huyện và 37 cơ quan, đơn vị (bộ quy tắc giữ chỗ)",
        notes="PLACEHOLDER RULE SET: no Quảng Nam rule set exists and no instrument is known; the "
        f"round is scored by {QN_PLACEHOLDER}, every value of which is assumed, so no result is "
        "official (bộ quy tắc giữ chỗ, mọi giá trị là giả định). Published "
        "(docs/sources.md#quang-nam-2023, baoquangnam.vn 2023-12-25): the two blocks with their "
        "counts and named units. Synthetic: the ids and names of the 9 other districts and the 25 "
        "agencies rated tốt (not named in the source), and every unit's score.",
    )
    return Golden("quang-nam-2023", r, tuple(plan), by_khoi)


# ---------------------------------------------------------------------- Ngân Sơn (Bắc Kạn) 2020

NS_CQ = "co-quan"
NS_XA = "xa"
NS_LOWERED = "xa-bi-ha-diem"


@functools.cache
def ngan_son_2020() -> Golden:
    """Ngân Sơn district (Bắc Kạn) 2020 under QĐ 1878: 13 agencies and 9 communes tốt.

    Read as: 13 agencies and 9 communes rated tốt (all self ≥ 80, the
    district's scores mostly higher), one more commune self-scored 87 and
    appraised 78 → khá (its name was not published), and Phòng NN&PTNT and xã
    Cốc Đán "không đủ điều kiện xếp loại" (reason not found: the rule set's
    flag). That the 13 and 9 exclude those three units is our reading
    (assumed). The appraised totals split as 8 criteria + the 10 higher-level
    points (criterion II), as the rule set's golden cases assume.
    """
    choice, by_khoi = _fixed([(NS_CQ, "bac-kan/qd-1878-2017"), (NS_XA, "bac-kan/qd-1878-2017")])

    def u(uid: str, name: str, khoi: str) -> Unit:
        return Unit(uid, name, khoi, "bac-kan")

    def tot(unit: Unit, self_total: int, appraised: int) -> Planned:
        higher = Decimal(8)
        return Planned(unit, Decimal(self_total), "tot", Decimal(appraised), higher, "II")

    plan = [
        # the district's scores mostly higher than the self-scores: all but one here
        tot(
            u(f"co-quan-{i:02}", f"Cơ quan cấp huyện {i} (dữ liệu giả lập)", NS_CQ),
            80 + i % 6,
            80 + i % 6 + (3 if i != 13 else -1),  # co-quan-13: self 81, appraised 80
        )
        for i in range(1, 14)
    ]
    plan.append(
        Planned(
            u("phong-nnptnt", "Phòng Nông nghiệp và Phát triển nông thôn huyện Ngân Sơn", NS_CQ),
            Decimal(82),
            None,
            ineligible=True,
        )
    )
    plan += [
        tot(u(f"xa-{i:02}", f"Xã, thị trấn {i} (dữ liệu giả lập)", NS_XA), 81 + i % 5, 84 + i % 5)
        for i in range(1, 10)
    ]
    plan.append(
        Planned(
            u(NS_LOWERED, "Một xã bị hạ điểm (tên không công bố)", NS_XA),
            Decimal(87),
            "kha",
            Decimal(78),
            Decimal(8),
            "II",
        )
    )
    plan.append(Planned(u("xa-coc-dan", "Xã Cốc Đán", NS_XA), Decimal(80), None, ineligible=True))
    facts: list[PublishedFact] = [
        BandCounts(NS_CQ, {"tot": 13}, NGAN_SON),
        BandCounts(NS_XA, {"tot": 9, "kha": 1}, NGAN_SON),
        UnitTotal(NS_LOWERED, 78, NGAN_SON_78, band="kha"),
        NamedIneligible(["phong-nnptnt", "xa-coc-dan"], NGAN_SON, complete=True),
    ]
    r = Round(
        "bac-kan",
        2020,
        Registry([p.unit for p in plan]),
        choice,
        published=facts,
        synthetic=True,
        title_vi="Huyện Ngân Sơn (Bắc Kạn) 2020: cơ quan và xã, thị trấn",
        notes="Published (docs/sources.md#ngan-son-2020): 13 agencies and 9 communes self-scored "
        "80 and above and were tốt; one commune went from 87 to 78 → khá; Phòng NN&PTNT and xã "
        f"Cốc Đán were không đủ điều kiện xếp loại. Source inconsistency: {HA_10_DIEM}. "
        "Assumed: that the 13 and 9 exclude the lowered commune and the two ineligible units; "
        "the split of each appraised total between the 8 criteria and the 10 higher-level "
        "points. Synthetic: every other unit's name and every score but 87 and 78.",
    )
    return Golden("ngan-son-2020", r, tuple(plan), by_khoi, ineligible_flag="khong_du_dieu_kien")


def golden_rounds() -> tuple[Golden, ...]:
    """The five golden rounds (Đồng Tháp counts twice: 2021 and 2022)."""
    return (dong_nai_2020(), dong_thap(2021), dong_thap(2022), quang_nam_2023(), ngan_son_2020())


#: The names of the golden rounds, for parametrising tests.
GOLDEN = ("dong-nai-2020", "dong-thap-2021", "dong-thap-2022", "quang-nam-2023", "ngan-son-2020")

#: Each golden round's builder, by name.
BY_NAME_FUNCS: Mapping[str, Callable[[], Golden]] = {
    "dong-nai-2020": dong_nai_2020,
    "dong-thap-2021": functools.partial(dong_thap, 2021),
    "dong-thap-2022": functools.partial(dong_thap, 2022),
    "quang-nam-2023": quang_nam_2023,
    "ngan-son-2020": ngan_son_2020,
}


# ---------------------------------------------------------------------- as example round files

#: Where the golden rounds are shipped as round files (one folder each).
EXAMPLES = "examples/rounds"

_HEADER = """\
# Golden round {name}: {title}
#
# SYNTHETIC REPORTS: every unit's report (reports.jsonl) is made up to be consistent with what
# was published; the published facts ([[published]]) carry their sources (docs/sources.md).
# Generated from tests/golden_rounds.py by `python -m tests.golden_rounds` (do not edit by
# hand: tests/test_rounds_examples.py checks that this folder equals what the module builds).
# Try it: danvan-rules round reconcile examples/rounds/{name}/round.toml
"""


def example_files(golden: Golden) -> dict[str, str]:
    """The text of each file of the golden round's example folder: round.toml, reports.jsonl."""
    import json

    import tomli_w

    from danvan_rules.codec import report_to_data
    from danvan_rules.codec.rounds import round_to_data

    shipped = attrs.evolve(golden.round, reports_from="reports.jsonl")
    head = _HEADER.format(name=golden.name, title=golden.round.title_vi)
    lines = [json.dumps(report_to_data(r), ensure_ascii=False) for r in golden.reports()]
    return {
        "round.toml": head + "\n" + tomli_w.dumps(round_to_data(shipped)),
        "reports.jsonl": "\n".join(lines) + "\n",
    }


def main() -> None:
    """Write every golden round's example folder under ``examples/rounds``."""
    from pathlib import Path

    for golden in golden_rounds():
        folder = Path(EXAMPLES) / golden.name
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in example_files(golden).items():
            (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
