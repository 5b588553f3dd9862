"""The golden "Dân vận khéo" tallies of issue #8 §2, as data: campaigns, synthetic records, facts.

What was published is recorded as ``published`` facts, each with its source
(docs/sources.md#dan-van-kheo). The individual records behind those counts
were never published, so every model, review, recognition and award here is
``synthetic=True``: made up to be consistent with the published counts, and
nothing more. Every other number (how the unrecognised models spread over
fields, the holding units, the review answers, dates) is synthetic too.

A perturbed copy is the same records with a few changed
(:meth:`GoldenDvk.perturbed`); the facts it breaks are computed from the
records alone by :func:`broken_facts`, a direct count that does not call the
code under test.

The campaigns are built here as test data; each is valid (codes
``<province>/<slug>``, Vietnamese labels, references on sourced elements,
tiers and levels in order). The requirements are the seven of the
2021–2025 provincial guideline, in this file's own wording and marked
assumed: the guideline's number and exact wording are not recorded.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from danvan_rules import campaigns
from danvan_rules.model import Instrument, Provenance, Reference
from danvan_rules.model.dvk import (
    Campaign,
    CampaignField,
    DvkFact,
    DvkRecords,
    HolderKind,
    HonouredCount,
    Issuer,
    IssuerLevel,
    Model,
    ModelKind,
    PassedCount,
    RecognisedCount,
    Recognition,
    RecognitionLevel,
    RegisteredCount,
    Registration,
    Requirement,
    Review,
    Tier,
)
from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    Citation,
    Collective,
    Individual,
    Registry,
    Unit,
)

__all__ = [
    "GOLDEN",
    "GoldenDvk",
    "bac_kan_2021_2025",
    "bac_kan_city_2023",
    "broken_facts",
    "campaign",
    "holds",
    "seed_003",
    "vinh_phu_2021_2023",
    "vung_tau_2021",
]

S, A = Provenance.SOURCED, Provenance.ASSUMED
NOTE = "docs/sources.md#dan-van-kheo"

# ---------------------------------------------------------------------- sources

#: Bắc Kạn city's 2023 report on the movement (docs/sources.md#dan-van-kheo).
BAC_KAN_CITY = Citation("backancity.gov.vn", note=f"{NOTE}; Bắc Kạn city, 2023")
#: xã Vĩnh Phú (Kiên Giang), 2021–2023; the publisher is not recorded.
VINH_PHU = Citation(
    "the project's seed source on xã Vĩnh Phú (Kiên Giang), 2021–2023 (publisher not recorded)",
    note=NOTE,
)
#: "Bắc Kạn biểu dương 39 tập thể, 08 cá nhân điển hình Dân vận khéo giai đoạn 2021-2025".
BAC_KAN_HONOURS = Citation(
    "Bắc Kạn biểu dương 39 tập thể, 08 cá nhân điển hình Dân vận khéo giai đoạn 2021-2025 "
    "(June 2025; publisher not recorded)",
    note=NOTE,
)
#: Công văn 1606/UBND-NV of UBND thành phố Vũng Tàu (2021-03-16).
CV_1606 = Citation(
    "Công văn 1606/UBND-NV", dt.date(2021, 3, 16), publisher="UBND thành phố Vũng Tàu", note=NOTE
)
#: "UBND phường, xã thuộc thành phố": the 17 wards and communes the công văn is addressed to.
VT_WARDS_AND_COMMUNES = 17

# ---------------------------------------------------------------------- campaign builder

LEVELS = ("co-so", "huyen", "tinh")
TIERS = ("cong-nhan", "tieu-bieu", "de-nghi-khen-thuong")
STANDARD_FIELDS = (
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hoá – xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh"),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị"),
)


def bundled(code: str, *, checklist: bool = True) -> Campaign:
    """A bundled campaign (``danvan_rules.campaigns``), as the golden data uses it.

    None of the bundled provincial campaigns publishes its review checklist;
    where a golden reviews models (``checklist``), the seven requirements of
    the 2021–2025 guideline (``example/dvk-2021-2025``) stand in for it,
    **marked assumed** for this campaign (docs/sources.md#dvk-guideline-2021-2025).
    """
    found = campaigns.get(code)
    if not checklist or found.requirements:
        return found
    guideline = campaigns.get("example/dvk-2021-2025").requirements
    assumed = tuple(attrs.evolve(r, provenance=A) for r in guideline)
    return attrs.evolve(found, requirements=assumed)


#: The guideline's seven requirements, as the bundled illustrative campaign carries them.
GUIDELINE = tuple((r.code, r.label_vi) for r in campaigns.get("example/dvk-2021-2025").requirements)


def campaign(
    code: str,
    *,
    years: tuple[int, int],
    fields: Sequence[tuple[str, str]] = STANDARD_FIELDS,
    field_reference: Reference | None = None,
    requirements: Sequence[tuple[str, str]] = GUIDELINE,
    requirement_reference: Reference | None = None,
    registration: Registration | None = None,
    issuer: str = "Ban Chỉ đạo phong trào thi đua Dân vận khéo (giả định)",
    level: IssuerLevel = IssuerLevel.PROVINCE,
    illustrative: bool = False,
    title_vi: str = "Phong trào thi đua Dân vận khéo",
) -> Campaign:
    """A valid test campaign: an element with a reference is sourced, every other one assumed.

    The levels and tiers, which no test source describes, are assumed.
    """
    province = code.split("/", 1)[0]

    def prov(ref: Reference | None) -> Provenance:
        return A if ref is None else S

    return Campaign(
        code,
        title_vi,
        Issuer(issuer, level, province, party=True),
        Instrument("không rõ số văn bản (giả định)", issuer),
        dt.date(years[0], 1, 1),
        dt.date(years[1], 12, 31),
        tuple(
            CampaignField(c, label, prov(field_reference), reference=field_reference)
            for c, label in fields
        ),
        (
            RecognitionLevel("co-so", "Cấp cơ sở", A),
            RecognitionLevel("huyen", "Cấp huyện", A, valid_until=dt.date(2025, 6, 30)),
            RecognitionLevel("tinh", "Cấp tỉnh", A),
        ),
        (
            Tier("cong-nhan", "Được công nhận", A),
            Tier("tieu-bieu", "Tiêu biểu", A),
            Tier("de-nghi-khen-thuong", "Đề nghị khen thưởng", A),
        ),
        tuple(
            Requirement(c, label, prov(requirement_reference), reference=requirement_reference)
            for c, label in requirements
        ),
        registration=registration,
        assumed=("instrument.number",),
        illustrative=illustrative,
    )


# ---------------------------------------------------------------------- the golden type


@attrs.frozen
class GoldenDvk:
    """A golden campaign: the campaign, its synthetic records, what was published."""

    name: str
    campaign: Campaign
    records: DvkRecords
    published: tuple[DvkFact, ...]
    notes: str

    def perturbed(self, change: Callable[[GoldenDvk], DvkRecords]) -> DvkRecords:
        """The records ``change`` makes of this golden's (which are left as they are)."""
        changed = change(self)
        assert changed != self.records
        return changed


def _in(years: tuple[int, ...] | None, campaign: Campaign, year: int) -> bool:
    if years is None:
        return campaign.period_from.year <= year <= campaign.period_until.year
    return year in years


def _split_holds(split: Mapping[str, int], counted: Mapping[str, int]) -> bool:
    return all(counted.get(k, 0) == n for k, n in split.items())


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def holds(campaign: Campaign, records: DvkRecords, fact: DvkFact) -> bool:
    """Whether ``fact`` holds of ``records``, counted directly (not by the code under test)."""
    mine = {m.id: m for m in records.models if m.campaign == campaign.code}
    if isinstance(fact, HonouredCount):
        dvk = [a for a in records.awards if a.stream is AwardStream.DAN_VAN_KHEO]
        holder = _count(
            "tap-the" if isinstance(a.recipient, Collective) else "ca-nhan" for a in dvk
        )
        return (fact.total in {None, len(dvk)}) and _split_holds(fact.by_holder, holder)
    if isinstance(fact, RegisteredCount):
        models = [m for m in mine.values() if _in(fact.years, campaign, m.period_from)]
        rows = [(m.field, m.target_level, m.holder_kind.value) for m in models]
        return (
            fact.total in {None, len(models)}
            and _split_holds(fact.by_field, _count(r[0] for r in rows))
            and _split_holds(fact.by_level, _count(r[1] for r in rows))
            and _split_holds(fact.by_holder, _count(r[2] for r in rows))
        )
    if isinstance(fact, PassedCount):
        codes = [r.code for r in campaign.requirements]
        passed = [
            mine[r.model]
            for r in records.reviews
            if r.model in mine
            and _in(fact.years, campaign, r.year)
            and all(r.answers.get(c) is True for c in codes)
        ]
        return (
            fact.total in {None, len(passed)}
            and _split_holds(fact.by_field, _count(m.field for m in passed))
            and _split_holds(fact.by_level, _count(m.target_level for m in passed))
            and _split_holds(fact.by_holder, _count(m.holder_kind.value for m in passed))
        )
    recs = [
        r for r in records.recognitions if r.model in mine and _in(fact.years, campaign, r.year)
    ]
    return (
        fact.total in {None, len(recs)}
        and _split_holds(fact.by_field, _count(mine[r.model].field for r in recs))
        and _split_holds(fact.by_level, _count(r.level for r in recs))
        and _split_holds(fact.by_tier, _count(r.tier for r in recs))
        and _split_holds(fact.by_holder, _count(mine[r.model].holder_kind.value for r in recs))
    )


def broken_facts(golden: GoldenDvk, records: DvkRecords) -> set[int]:
    """The indexes of the golden's published facts that do not hold of ``records``."""
    return {i for i, f in enumerate(golden.published) if not holds(golden.campaign, records, f)}


def _model(
    campaign: Campaign,
    i: int,
    field: str,
    unit: str,
    *,
    holder: HolderKind = HolderKind.TAP_THE,
    target: str = "co-so",
    years: tuple[int, int] | None = None,
) -> Model:
    first, last = years or (campaign.period_from.year, campaign.period_until.year)
    person = f"Cá nhân giả lập {i}" if holder is HolderKind.CA_NHAN else None
    return Model(
        f"mh-{i:03}",
        f"Mô hình giả lập {i} (dữ liệu giả lập)",
        campaign.code,
        unit,
        field,
        ModelKind.DIEN_HINH if holder is HolderKind.CA_NHAN else ModelKind.MO_HINH,
        holder,
        dt.date(first, 2, 15),
        target,
        first,
        last,
        person=person,
        synthetic=True,
    )


def _review(campaign: Campaign, model: Model, year: int, *, fail: int | None) -> Review:
    codes = [r.code for r in campaign.requirements]
    answers = {c: j != fail for j, c in enumerate(codes)}
    return Review(model.id, year, "Ban Chỉ đạo (giả lập)", answers, synthetic=True)


def _recognition(model: Model, year: int, level: str, body: str) -> Recognition:
    return Recognition(
        model.id,
        year,
        level,
        "cong-nhan",
        body,
        "số quyết định không công bố (giả lập)",
        dt.date(year, 12, 31),
        synthetic=True,
    )


# ---------------------------------------------------------------------- Bắc Kạn city 2023

BK_CITY_FIELDS = (
    ("xay-dung-dang-chinh-quyen", "Xây dựng Đảng, chính quyền, MTTQ và các đoàn thể"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính, xây dựng công sở, thực thi công vụ"),
    ("nong-thon-moi-do-thi-van-minh", "Xây dựng nông thôn mới, đô thị văn minh"),
    ("ban-sac-van-hoa-du-lich", "Giữ gìn bản sắc văn hóa, phát triển du lịch"),
)
#: Recognitions per field, as published: 3 / 16 / 174 / 9 = 202.
BK_CITY_RECOGNISED = dict(zip((c for c, _ in BK_CITY_FIELDS), (3, 16, 174, 9), strict=True))
#: Of them, cá nhân (synthetic split; the total 15 is published).
BK_CITY_INDIVIDUALS = dict(zip((c for c, _ in BK_CITY_FIELDS), (0, 2, 10, 3), strict=True))
#: Models registered and not recognised, per field (synthetic: 279 − 202 = 77).
BK_CITY_OTHERS = dict(zip((c for c, _ in BK_CITY_FIELDS), (5, 12, 52, 8), strict=True))
BK_CITY_BODY = "Ban Thường vụ Thành ủy Bắc Kạn"


@functools.cache
def bac_kan_city_2023() -> GoldenDvk:
    """Bắc Kạn city 2023: 279 registered → 202 recognised (187 tập thể, 15 cá nhân; 3/16/174/9).

    Counts are recognitions ("lượt"). Every recognised model's review passes;
    every other model's review fails one requirement. The holding units (30)
    and the spread of the 77 unrecognised models over the fields are synthetic.
    """
    c = bundled("bac-kan/thanh-pho-2023")
    models: list[Model] = []
    reviews: list[Review] = []
    recognitions: list[Recognition] = []
    for code, _ in BK_CITY_FIELDS:
        for k in range(BK_CITY_RECOGNISED[code] + BK_CITY_OTHERS[code]):
            recognised = k < BK_CITY_RECOGNISED[code]
            individual = recognised and k < BK_CITY_INDIVIDUALS[code]
            i = len(models) + 1
            holder = HolderKind.CA_NHAN if individual else HolderKind.TAP_THE
            m = _model(c, i, code, f"bk-don-vi-{i % 30 + 1:02}", holder=holder, target="huyen")
            models.append(m)
            reviews.append(_review(c, m, 2023, fail=None if recognised else i % 7))
            if recognised:
                recognitions.append(_recognition(m, 2023, "huyen", BK_CITY_BODY))
    published: tuple[DvkFact, ...] = (
        RegisteredCount(279, BAC_KAN_CITY),
        RecognisedCount(
            202,
            BAC_KAN_CITY,
            by_holder={"tap-the": 187, "ca-nhan": 15},
            by_field=dict(BK_CITY_RECOGNISED),
        ),
    )
    return GoldenDvk(
        "bac-kan-city-2023",
        c,
        DvkRecords(tuple(models), tuple(reviews), tuple(recognitions)),
        published,
        "Published: 279 registered, 202 recognised (187 tập thể, 15 cá nhân; per field 3 / 16 / "
        "174 / 9). Synthetic: every record, the units, the unrecognised models' fields, the "
        "answers, the dates and decision numbers.",
    )


# ---------------------------------------------------------------------- xã Vĩnh Phú 2021–2023

VP_REGISTERED = {"co-so": 53, "huyen": 17, "tinh": 4}
VP_CERTIFIED_CO_SO = 42
VP_BODY = "Ban Chỉ đạo xã Vĩnh Phú"


@functools.cache
def vinh_phu_2021_2023() -> GoldenDvk:
    """xã Vĩnh Phú (Kiên Giang) 2021–2023: 53 / 17 / 4 registered → 42 certified at cơ sở.

    The 42 certified are synthetic choices among the 53 models aiming at
    cơ sở, spread over the three years; the fields and units are synthetic.
    """
    c = bundled("kien-giang/vinh-phu-2021-2023")
    models: list[Model] = []
    recognitions: list[Recognition] = []
    for target, n in VP_REGISTERED.items():
        for k in range(n):
            i = len(models) + 1
            field = STANDARD_FIELDS[i % 4][0]
            first = 2021 + i % 3
            m = _model(c, i, field, f"vp-ap-{i % 8 + 1}", target=target, years=(first, 2023))
            models.append(m)
            if target == "co-so" and k < VP_CERTIFIED_CO_SO:
                recognitions.append(_recognition(m, first, "co-so", VP_BODY))
    published: tuple[DvkFact, ...] = (
        RegisteredCount(None, VINH_PHU, by_level=dict(VP_REGISTERED)),
        RecognisedCount(None, VINH_PHU, by_level={"co-so": VP_CERTIFIED_CO_SO}),
    )
    return GoldenDvk(
        "vinh-phu-2021-2023",
        c,
        DvkRecords(tuple(models), (), tuple(recognitions)),
        published,
        "Published: 53 / 17 / 4 registered at cơ sở / huyện / tỉnh; 42 certified at cơ sở. "
        "Synthetic: every record, which models were certified and when, fields and units.",
    )


# ---------------------------------------------------------------------- Bắc Kạn 2021–2025

BK_HONOURED = {"tap-the": 39, "ca-nhan": 8}


@functools.cache
def bac_kan_2021_2025() -> GoldenDvk:
    """Bắc Kạn 2021–2025: 39 tập thể and 8 cá nhân honoured (awards of the stream dan-van-kheo).

    The recipients were not published: each award is synthetic, and so is its
    form (Giấy khen) and issuer, which the recorded source does not give.
    """
    c = bundled("bac-kan/dvk-2021-2025")

    def award(recipient: Collective | Individual) -> Award:
        return Award(
            AwardKind.GIAY_KHEN,
            AwardStream.DAN_VAN_KHEO,
            "tỉnh Bắc Kạn (cơ quan biểu dương không ghi lại; giả lập)",
            recipient,
            BAC_KAN_HONOURS,
            synthetic=True,
        )

    awards = [
        award(Collective(name=f"Tập thể {i} (tên không công bố)"))
        for i in range(1, BK_HONOURED["tap-the"] + 1)
    ] + [
        award(Individual(f"Cá nhân {i} (tên không công bố)"))
        for i in range(1, BK_HONOURED["ca-nhan"] + 1)
    ]
    return GoldenDvk(
        "bac-kan-2021-2025",
        c,
        DvkRecords(awards=tuple(awards)),
        (HonouredCount(None, BAC_KAN_HONOURS, by_holder=dict(BK_HONOURED)),),
        "Published: 39 tập thể, 08 cá nhân điển hình honoured for 2021–2025. Synthetic: every "
        "recipient, the award's form and issuer.",
    )


# ---------------------------------------------------------------------- seed 003

SEED_003_UNIT = "so-tttt"
SEED_003_YEARS = (2021, 2022, 2023)


@functools.cache
def seed_003() -> tuple[Campaign, DvkRecords]:
    """A Sở Thông tin và Truyền thông's models, each reviewed every year over three years.

    Seed 003 says the department's Party cell built models each year, linked
    to its fields (administrative reform, grassroots democracy, "5 điều cần
    xây, 5 điều cần chống") and evaluated them every year; its province, its
    years and every outcome are not known: the campaign is illustrative and
    every record synthetic.
    """
    c = campaign(
        "example/so-tttt-2021-2023",
        years=(2021, 2023),
        fields=(
            ("cai-cach-hanh-chinh", "Cải cách hành chính"),
            ("dan-chu-co-so", "Thực hiện dân chủ ở cơ sở"),
            ("5-dieu-can-xay-5-dieu-can-chong", "“5 điều cần xây, 5 điều cần chống”"),
        ),
        issuer="Chi bộ Sở Thông tin và Truyền thông (minh họa)",
        level=IssuerLevel.DEPARTMENT,
        illustrative=True,
        title_vi="Mô hình Dân vận khéo của Sở Thông tin và Truyền thông (minh họa)",
    )
    m1 = _model(c, 1, "cai-cach-hanh-chinh", SEED_003_UNIT, years=(2021, 2023))
    m2 = _model(c, 2, "dan-chu-co-so", SEED_003_UNIT, years=(2021, 2023))
    m3 = _model(c, 3, "5-dieu-can-xay-5-dieu-can-chong", SEED_003_UNIT, years=(2022, 2023))
    other = _model(c, 4, "cai-cach-hanh-chinh", "so-khac", years=(2021, 2023))
    reviews = [
        _review(c, m1, 2021, fail=None),
        _review(c, m1, 2022, fail=4),
        _review(c, m1, 2023, fail=None),
        _review(c, m2, 2021, fail=None),
        _review(c, m2, 2022, fail=None),
        attrs.evolve(_review(c, m2, 2023, fail=None), answers={"ten-dia-chi": True}),
        _review(c, m3, 2022, fail=None),
        _review(c, m3, 2023, fail=None),
        _review(c, other, 2021, fail=0),
    ]
    body = "Đảng ủy Sở Thông tin và Truyền thông (minh họa)"
    recognitions = [
        _recognition(m1, 2021, "co-so", body),
        _recognition(m1, 2023, "co-so", body),
        attrs.evolve(_recognition(m2, 2022, "tinh", body), tier="tieu-bieu"),
    ]
    return c, DvkRecords((m1, m2, m3, other), tuple(reviews), tuple(recognitions))


# ---------------------------------------------------------------------- Vũng Tàu 2021

VT_OFFICES = "phong-ban"
VT_WARDS = "ubnd-phuong-xa"
#: Units that registered nothing for 2021 (synthetic).
VT_MISSING = ("phong-ban-07", "phuong-xa-05", "phuong-xa-12")
#: The campaign of the year before (synthetic), which phuong-xa-12's only model belongs to.
VT_2020 = "ba-ria-vung-tau/vung-tau-2020"


@functools.cache
def vung_tau_2021() -> tuple[Campaign, Registry, DvkRecords]:
    """Vũng Tàu 2021: every office and each of the 17 wards and communes registers ≥ 1 model.

    The công văn names Phòng Văn hóa và Thông tin and Phòng Nội vụ; the other
    offices, their number, the wards' and communes' names and every model are
    synthetic. Three units registered nothing for 2021 (one of them only had a
    model, of the 2020 campaign); the Mặt trận unit is not bound by the requirement.
    """
    c = bundled("ba-ria-vung-tau/vung-tau-1606-2021")
    assert c.registration is not None
    assert set(c.registration.binds) == {VT_OFFICES, VT_WARDS}
    offices = [
        Unit(
            "phong-van-hoa-thong-tin", "Phòng Văn hóa và Thông tin", VT_OFFICES, "ba-ria-vung-tau"
        ),
        Unit("phong-noi-vu", "Phòng Nội vụ", VT_OFFICES, "ba-ria-vung-tau"),
    ] + [
        Unit(
            f"phong-ban-{i:02}",
            f"Phòng ban giả lập {i} (dữ liệu giả lập)",
            VT_OFFICES,
            "ba-ria-vung-tau",
        )
        for i in range(3, 11)
    ]
    wards = [
        Unit(
            f"phuong-xa-{i:02}",
            f"Phường, xã giả lập {i} (dữ liệu giả lập)",
            VT_WARDS,
            "ba-ria-vung-tau",
        )
        for i in range(1, VT_WARDS_AND_COMMUNES + 1)
    ]
    front = Unit("mttq-thanh-pho", "Ủy ban MTTQ thành phố (giả lập)", "doan-the", "ba-ria-vung-tau")
    registry = Registry([*offices, *wards, front])
    models: list[Model] = []
    for unit in registry:
        if unit.id in VT_MISSING:
            continue
        models.append(_model(c, len(models) + 1, "kinh-te", unit.id, years=(2021, 2021)))
        if unit.id in {"phong-noi-vu", "phuong-xa-01"}:  # two models each
            models.append(_model(c, len(models) + 1, "van-hoa-xa-hoi", unit.id, years=(2021, 2021)))
    last_year = _model(c, len(models) + 1, "kinh-te", "phuong-xa-12", years=(2020, 2020))
    models.append(attrs.evolve(last_year, campaign=VT_2020))
    return c, registry, DvkRecords(tuple(models))


#: The names of the golden tallies, for parametrising tests.
GOLDEN = ("bac-kan-city-2023", "vinh-phu-2021-2023", "bac-kan-2021-2025")


def golden_tallies() -> tuple[GoldenDvk, ...]:
    """The three golden tallies with published counts."""
    return (bac_kan_city_2023(), vinh_phu_2021_2023(), bac_kan_2021_2025())


# ---------------------------------------------------------------------- as example folders

#: Where the golden registers are shipped as files (one folder each).
EXAMPLES = "examples/dvk"

_HEADER = """\
{what}
#
# SYNTHETIC RECORDS: every model, review and recognition beside this file is made up
# (docs/dan-van-kheo.md); what was published carries its source.
# Generated from tests/golden_dvk.py by `python -m tests.golden_dvk` (do not edit by hand:
# tests/test_dvk_examples.py checks that this folder equals what the module builds).
"""


def _head(what: str) -> str:
    """The header of a generated file, ``what`` wrapped as comment lines."""
    import textwrap

    return _HEADER.format(what=textwrap.fill(what, 96, initial_indent="# ", subsequent_indent="# "))


def _register_files(records: DvkRecords) -> dict[str, str]:
    """The CSV text of each file :func:`write_register_csv` writes for ``records``."""
    import tempfile

    from danvan_rules.registers import write_register_csv

    with tempfile.TemporaryDirectory() as folder:
        return {p.name: p.read_text(encoding="utf-8") for p in write_register_csv(records, folder)}


def _facts_data(facts: Iterable[DvkFact]) -> dict[str, object]:
    from danvan_rules.codec.dvk import DVK_FACT_KINDS

    kinds = {cls: kind for kind, cls in DVK_FACT_KINDS.items()}
    rows: list[dict[str, object]] = []
    for fact in facts:
        row: dict[str, object] = {"kind": kinds[type(fact)]}
        if fact.total is not None:
            row["total"] = fact.total
        source = {k: v for k, v in attrs.asdict(fact.source).items() if v not in {"", None}}
        row["source"] = source
        for name in fact.SPLITS:
            split = getattr(fact, name)
            if split:
                row[name] = dict(split)
        years = getattr(fact, "years", None)
        if years is not None:
            row["years"] = list(years)
        rows.append(row)
    return {"published": rows}


def example_files() -> dict[str, dict[str, str]]:
    """Each example folder's files and their text: ``{folder: {file name: text}}``."""
    import tomli_w

    from danvan_rules.codec.campaigns import campaign_to_data

    vt_campaign, registry, vt_records = vung_tau_2021()
    units = {
        "province": "ba-ria-vung-tau",
        "units": [{"id": u.id, "name_vi": u.name_vi, "khoi": u.khoi} for u in registry],
    }
    vt_head = _head(
        "The units of Vũng Tàu city in 2021 (Công văn 1606/UBND-NV): khối phong-ban (phòng, "
        "ban, đơn vị) and ubnd-phuong-xa (the 17 UBND phường, xã). Units and names are synthetic, "
        "but for Phòng Văn hóa và Thông tin and Phòng Nội vụ, which the công văn names."
    )
    seed_campaign, seed_records = seed_003()
    seed_head = _head(
        "An illustrative campaign for seed 003 (a Sở Thông tin và Truyền thông reviews its "
        "models every year, 2021–2023): its province, years and checklist are not known, so it "
        "is illustrative and its requirements assumed. Try: danvan-rules dvk show campaign.toml"
    )
    city = bac_kan_city_2023()
    city_head = _head(
        "Published counts of Bắc Kạn city's 2023 Dân vận khéo report (backancity.gov.vn; "
        "docs/sources.md#dan-van-kheo): 279 registered, 202 recognised. Try: danvan-rules dvk "
        "tally bac-kan/thanh-pho-2023 --register models.csv recognitions.csv "
        "--published published.toml"
    )
    del vt_campaign
    return {
        "vung-tau-2021": {
            "units.toml": vt_head + "\n" + tomli_w.dumps(units),
            **_register_files(vt_records),
        },
        "so-tttt-2021-2023": {
            "campaign.toml": seed_head + "\n" + tomli_w.dumps(campaign_to_data(seed_campaign)),
            **_register_files(seed_records),
        },
        "bac-kan-thanh-pho-2023": {
            "published.toml": city_head + "\n" + tomli_w.dumps(_facts_data(city.published)),
            # the bundled campaign publishes no checklist: its reviews (which need the
            # guideline's requirements, assumed) are not shipped
            **_register_files(attrs.evolve(city.records, reviews=())),
        },
    }


def main() -> None:
    """Write every example folder under ``examples/dvk``."""
    from pathlib import Path

    for name, files in example_files().items():
        folder = Path(EXAMPLES) / name
        folder.mkdir(parents=True, exist_ok=True)
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
