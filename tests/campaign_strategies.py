"""Hypothesis strategies and builders for "Dân vận khéo" campaigns (valid ones lint clean).

``campaigns()`` draws campaigns that the linter accepts: real province codes
(or ``example`` with ``illustrative = true``), ordered standard levels and
tiers (a district level that ends on 2025-06-30 only when the period starts
before then), unique codes, sourced elements with references. ``campaign()``
builds one small valid campaign, to ``attrs.evolve`` into a broken one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from danvan_rules import provinces
from danvan_rules.model._dvk_lint import MAX_REGISTRATIONS, STANDARD_LEVELS, STANDARD_TIERS
from danvan_rules.model.dvk import (
    Campaign,
    CampaignField,
    HolderKind,
    Issuer,
    IssuerLevel,
    ModelKind,
    RecognitionLevel,
    Registration,
    Requirement,
    Tier,
)
from danvan_rules.model.sources import Instrument, Provenance, Reference

__all__ = [
    "CAMPAIGN_VALUES",
    "LAST_DISTRICT_DAY",
    "campaign",
    "campaigns",
    "field",
    "level",
    "tier",
]

LAST_DISTRICT_DAY = dt.date(2025, 6, 30)
#: The campaign-level values an ``assumed`` list may name (dotted ones included).
CAMPAIGN_VALUES = (
    "period_from",
    "period_until",
    "kinds",
    "holders",
    "certificate_years",
    "issuer",
    "issuer.name_vi",
    "issuer.party",
    "instrument.number",
    "instrument.signed",
)
_REAL_PROVINCES = tuple(sorted(p.code for p in provinces.FORMER))
_SLUGS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
_LABELS = st.text(min_size=1, max_size=30).filter(lambda text: bool(text.strip()))
_TEXTS = st.text(max_size=30)
_REFERENCES = st.builds(
    Reference,
    document=_LABELS,
    item=_TEXTS,
    url=st.just("") | st.just("https://example.org/dvk"),
    note=_TEXTS,
)


def field(code: str, label_vi: str = "Kinh tế", **changes: Any) -> CampaignField:
    return CampaignField(code, label_vi, Provenance.ASSUMED, **changes)


def level(code: str, label_vi: str = "Cấp", **changes: Any) -> RecognitionLevel:
    return RecognitionLevel(code, label_vi, Provenance.ASSUMED, **changes)


def tier(code: str, label_vi: str = "Hạng", **changes: Any) -> Tier:
    return Tier(code, label_vi, Provenance.ASSUMED, **changes)


def campaign(**changes: Any) -> Campaign:
    """A small valid campaign of Bắc Kạn, 2021–2025, every element assumed."""
    values: dict[str, Any] = {
        "code": "bac-kan/thu-nghiem",
        "title_vi": "Phong trào thử nghiệm",
        "issuer": Issuer("Tỉnh ủy Bắc Kạn", IssuerLevel.PROVINCE, "bac-kan", party=True),
        "instrument": Instrument("01-KH/TU", "Tỉnh ủy Bắc Kạn"),
        "period_from": dt.date(2021, 1, 1),
        "period_until": dt.date(2025, 12, 31),
        "fields": (field("kinh-te"), field("van-hoa-xa-hoi", "Văn hóa – xã hội")),
        "levels": (
            level("co-so", "Cấp cơ sở"),
            level("huyen", "Cấp huyện", valid_until=LAST_DISTRICT_DAY),
            level("tinh", "Cấp tỉnh"),
        ),
        "tiers": (tier("cong-nhan", "Được công nhận"), tier("tieu-bieu", "Tiêu biểu")),
        "requirements": (Requirement("ten-dia-chi", "Có tên, địa chỉ", Provenance.ASSUMED),),
        "registration": Registration(1, Provenance.ASSUMED, binds=("ubnd-xa",)),
    }
    values.update(changes)
    return Campaign(**values)


def _sourced(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.booleans()):
        return {"provenance": Provenance.SOURCED, "reference": draw(_REFERENCES)}
    return {"provenance": Provenance.ASSUMED, "reference": draw(st.none() | _REFERENCES)}


def _codes(draw: st.DrawFn, *, min_size: int, max_size: int) -> list[str]:
    return draw(st.lists(_SLUGS, min_size=min_size, max_size=max_size, unique=True))


def _ordered(draw: st.DrawFn, standard: tuple[str, ...], allowed: set[str]) -> list[str]:
    """A non-empty ordered subset of the standard codes, with own codes mixed in anywhere."""
    chosen = [code for code in standard if code in allowed and draw(st.booleans())]
    own = [c for c in _codes(draw, min_size=0, max_size=2) if c not in standard]
    for code in own:
        chosen.insert(draw(st.integers(0, len(chosen))), code)
    return chosen or [standard[0]]


@st.composite
def _levels(draw: st.DrawFn, start: dt.date) -> tuple[RecognitionLevel, ...]:
    allowed = set(STANDARD_LEVELS) - ({"huyen"} if start > LAST_DISTRICT_DAY else set())
    out = []
    for code in _ordered(draw, STANDARD_LEVELS, allowed):
        until = LAST_DISTRICT_DAY if code == "huyen" else None
        out.append(
            RecognitionLevel(
                code, draw(_LABELS), label_en=draw(_TEXTS), valid_until=until, **_sourced(draw)
            )
        )
    return tuple(out)


@st.composite
def _registrations(draw: st.DrawFn) -> Registration:
    where = _sourced(draw)
    assumed: tuple[str, ...] = ()
    if where["provenance"] is Provenance.SOURCED:
        assumed = tuple(draw(st.lists(st.sampled_from(("at_least", "binds")), unique=True)))
    return Registration(
        draw(st.integers(1, MAX_REGISTRATIONS)),
        binds=tuple(_codes(draw, min_size=0, max_size=3)),
        assumed=assumed,
        note=draw(_TEXTS),
        **where,
    )


@st.composite
def campaigns(draw: st.DrawFn, *, illustrative: bool | None = None) -> Campaign:
    """Valid campaigns: every one lints clean (``illustrative`` fixes that flag)."""
    flag = draw(st.booleans()) if illustrative is None else illustrative
    province = "example" if flag else draw(st.sampled_from(_REAL_PROVINCES))
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    until = start + dt.timedelta(days=draw(st.integers(0, 2000)))
    level_kind = draw(st.sampled_from([m for m in IssuerLevel if m is not IssuerLevel.NATIONAL]))
    issuer = Issuer(draw(_LABELS), level_kind, province, party=draw(st.booleans()))
    instrument = draw(
        st.builds(
            Instrument,
            number=_LABELS,
            issuer=_LABELS,
            title_vi=_TEXTS,
            signed=st.none() | st.just(start),
        )
    )
    fields = tuple(
        CampaignField(code, draw(_LABELS), label_en=draw(_TEXTS), **_sourced(draw))
        for code in _codes(draw, min_size=1, max_size=5)
    )
    tiers = tuple(
        Tier(code, draw(_LABELS), **_sourced(draw))
        for code in _ordered(draw, STANDARD_TIERS, set(STANDARD_TIERS))
    )
    requirements = tuple(
        Requirement(code, draw(_LABELS), **_sourced(draw))
        for code in _codes(draw, min_size=0, max_size=7)
    )
    return Campaign(
        code=f"{province}/{draw(_SLUGS)}",
        title_vi=draw(_LABELS),
        issuer=issuer,
        instrument=instrument,
        period_from=start,
        period_until=until,
        fields=fields,
        levels=draw(_levels(start)),
        tiers=tiers,
        requirements=requirements,
        kinds=tuple(draw(st.lists(st.sampled_from(ModelKind), min_size=1, unique=True))),
        holders=tuple(draw(st.lists(st.sampled_from(HolderKind), min_size=1, unique=True))),
        registration=draw(st.none() | _registrations()),
        certificate_years=draw(st.none() | st.integers(1, 10)),
        title_en=draw(_TEXTS),
        notes=draw(_TEXTS),
        assumed=tuple(draw(st.lists(st.sampled_from(CAMPAIGN_VALUES), unique=True))),
        illustrative=flag,
    )
