"""The campaign linter: every inconsistency of a "Dân vận khéo" campaign at once, with its path.

Paths address the campaign as written in its data file
(``$.levels[1].valid_until``). The linter never stops at the first problem and
never raises; every problem has a stable ``campaign.*`` (or ``text.*`` /
``data.*``) code and a Vietnamese message. It is linear in the size of the
campaign: codes are counted once, and strings and lists are walked with a
stack (the rule-set linter's walk, :func:`._lint_texts.texts`).

A :class:`~danvan_rules.model.dvk.Campaign` runs it when it is built, so a
campaign that exists lints clean:

>>> from danvan_rules import campaigns
>>> lint_campaign(campaigns.get("ba-ria-vung-tau/vung-tau-1606-2021"))
()
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final

import attrs

from danvan_rules import provinces
from danvan_rules.errors import Collector, Problem, field_path, index_path

from ._lint_common import problem
from ._lint_texts import texts
from .sources import Instrument, Provenance

if TYPE_CHECKING:
    from ._dvk_campaign import Campaign, Issuer, Registration

__all__ = [
    "DISTRICT_LEVEL",
    "MAX_REGISTRATIONS",
    "NATIONAL",
    "STANDARD_LEVELS",
    "STANDARD_TIERS",
    "lint_campaign",
]

_SLUG: Final = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_CODE: Final = re.compile(rf"({_SLUG})/{_SLUG}")
#: The province code of a campaign issued by a central body (issuer level ``trung-uong``).
NATIONAL: Final = "national"
#: The code of the district recognition level, which ends with the district tier.
DISTRICT_LEVEL: Final = "huyen"
#: The last day of the district tier (the 2025 reorganisation abolished it).
_LAST_DISTRICT_DAY: Final = provinces.REORGANISED_ON - dt.timedelta(days=1)
#: The standard levels and tiers, lowest first: where they appear, in this order.
STANDARD_LEVELS: Final = ("co-so", DISTRICT_LEVEL, "tinh")
STANDARD_TIERS: Final = ("cong-nhan", "tieu-bieu", "de-nghi-khen-thuong")
#: Most models a campaign may ask one unit to register in a year; a larger
#: number is a typo (no source asks for more than a few).
MAX_REGISTRATIONS: Final = 100
_ELEMENTS: Final = (
    ("fields", "field", "lĩnh vực"),
    ("levels", "level", "cấp công nhận"),
    ("tiers", "tier", "hạng"),
    ("requirements", "requirement", "yêu cầu"),
)
_CAMPAIGN_VALUES: Final = (
    "period_from",
    "period_until",
    "kinds",
    "holders",
    "certificate_years",
    "issuer",
)


def lint_campaign(campaign: Campaign) -> tuple[Problem, ...]:
    """Every problem found in ``campaign``, in the order of the data file.

    At most :data:`~danvan_rules.limits.MAX_PROBLEMS` are listed, then one
    that counts the rest.
    """
    found = Collector()
    found.extend(texts(campaign))
    found.extend(_header(campaign))
    found.extend(_period(campaign))
    found.extend(_assumed(campaign))
    found.extend(_choices(campaign))
    for name, what, what_vi in _ELEMENTS:
        found.extend(_elements(campaign, name, what, what_vi))
    found.extend(_levels(campaign))
    found.extend(_order(campaign.tiers, STANDARD_TIERS, "$.tiers", "tiers", "các hạng"))
    found.extend(_order(campaign.levels, STANDARD_LEVELS, "$.levels", "levels", "các cấp"))
    found.extend(_registration(campaign.registration))
    if campaign.certificate_years is not None and campaign.certificate_years < 1:
        found.add(
            f"certificate_years must be at least 1, not {campaign.certificate_years}",
            "$.certificate_years",
            code="campaign.certificate_years_below_one",
            vi=f"thời hạn giấy chứng nhận (certificate_years) phải ít nhất 1 năm, không phải "
            f"{campaign.certificate_years}",
        )
    return found.problems


# ---------------------------------------------------------------------- header


def _header(c: Campaign) -> Iterator[Problem]:
    shape = _CODE.fullmatch(c.code)
    if shape is None:
        yield problem(
            f"code {c.code!r} is not '<province>/<slug>' in lower-case ASCII "
            "(e.g. 'ba-ria-vung-tau/vung-tau-1606-2021')",
            "$.code",
            code="campaign.code_format",
            vi=f"mã phong trào {c.code!r} không có dạng '<tỉnh>/<tên>' bằng chữ ASCII thường "
            "(ví dụ 'ba-ria-vung-tau/vung-tau-1606-2021')",
        )
    else:
        yield from _province(c, shape.group(1))
    yield from _label(c.title_vi, "$.title_vi")
    yield from _label(c.issuer.name_vi, "$.issuer.name_vi")
    if c.replaces is not None and (
        c.replaces == c.code or not c.replaces.startswith(c.province + "/")
    ):
        yield problem(
            f"replaces {c.replaces!r}: a campaign replaces another campaign of the same "
            f"province ({c.province!r}), not itself",
            "$.replaces",
            code="campaign.replaces_invalid",
            vi=f"replaces {c.replaces!r}: một phong trào chỉ thay thế một phong trào khác của cùng "
            f"tỉnh ({c.province!r}), không thay thế chính nó",
        )


def _province(c: Campaign, province: str) -> Iterator[Problem]:
    issuer: Issuer = c.issuer
    if issuer.province != province:
        yield problem(
            f"the issuer's province {issuer.province!r} is not the province of the code "
            f"{province!r}",
            "$.issuer.province",
            code="campaign.issuer_province_mismatch",
            vi=f"tỉnh của cơ quan phát động {issuer.province!r} không phải tỉnh trong mã phong "
            f"trào {province!r}",
        )
    national = issuer.level.value == "trung-uong"
    if national != (province == NATIONAL):
        yield problem(
            f"province {province!r}: a campaign of a central body (issuer level 'trung-uong') "
            f"has the province {NATIONAL!r}, and only such a campaign has it",
            "$.code",
            code="campaign.national_province",
            vi=f"mã tỉnh {province!r}: phong trào của cơ quan trung ương (cấp 'trung-uong') có mã "
            f"tỉnh {NATIONAL!r}, và chỉ phong trào đó mới có mã này",
        )
    elif not national and not c.illustrative:
        known = {p.code for p in provinces.FORMER}
        if province not in known:
            close = difflib.get_close_matches(province, known, n=3)
            hint = ", ".join(map(repr, close))
            yield problem(
                f"unknown province code {province!r}"
                + (f"; did you mean: {hint}?" if close else "")
                + " (an illustrative campaign, illustrative = true, may use any code)",
                "$.code",
                code="campaign.unknown_province",
                vi=f"mã tỉnh {province!r} không phải là mã của tỉnh, thành phố nào"
                + (f"; có phải là: {hint}?" if close else "")
                + " (phong trào minh họa, illustrative = true, được dùng mã bất kỳ)",
            )


def _period(c: Campaign) -> Iterator[Problem]:
    if c.period_until < c.period_from:
        yield problem(
            f"the period is reversed: period_until {c.period_until} is before period_from "
            f"{c.period_from}",
            "$.period_until",
            code="campaign.period_reversed",
            vi=f"thời gian phong trào bị đảo ngược: period_until {c.period_until} trước "
            f"period_from {c.period_from}",
        )
    signed, effective = c.instrument.signed, c.instrument.effective
    if signed is not None and effective is not None and effective < signed:
        yield problem(
            f"the instrument takes effect on {effective}, before it was signed on {signed}",
            "$.instrument.effective",
            code="campaign.period_reversed",
            vi=f"văn bản có hiệu lực từ ngày {effective}, trước ngày ký {signed}",
        )


def _assumed(c: Campaign) -> Iterator[Problem]:
    dotted = (
        *(f"issuer.{f.name}" for f in attrs.fields(type(c.issuer))),
        *(f"instrument.{f.name}" for f in attrs.fields(Instrument)),
    )
    allowed = {*_CAMPAIGN_VALUES, *dotted}
    listed = ", ".join(sorted(allowed))
    for k, name in enumerate(c.assumed):
        if name not in allowed:
            yield problem(
                f"{name!r} is not a campaign value that can be assumed ({listed})",
                index_path("$.assumed", k),
                code="campaign.assumed_unknown",
                vi=f"{name!r} không phải là giá trị của phong trào có thể ghi là giả định "
                f"({listed})",
            )
    yield from _duplicates(c.assumed, "$.assumed", "assumed value", "giá trị giả định")


def _choices(c: Campaign) -> Iterator[Problem]:
    for name, values, what, what_vi in (
        ("kinds", c.kinds, "kind", "loại"),
        ("holders", c.holders, "holder", "chủ thể"),
    ):
        path = field_path("$", name)
        if not values:
            yield _empty(path, f"{name}: a campaign admits at least one {what}", what_vi)
        yield from _duplicates((v.value for v in values), path, what, what_vi)


# ---------------------------------------------------------------------- elements


def _elements(c: Campaign, name: str, what: str, what_vi: str) -> Iterator[Problem]:
    items = getattr(c, name)
    path = field_path("$", name)
    if not items and name != "requirements":
        yield _empty(path, f"{name}: a campaign lists at least one {what}", what_vi)
    codes: list[str] = []
    for k, item in enumerate(items):
        here = index_path(path, k)
        if not item.code.strip():
            yield problem(
                f"{what} code must not be empty",
                field_path(here, "code"),
                code="campaign.code_empty",
                vi=f"mã {what_vi} không được để trống",
            )
        codes.append(item.code)
        yield from _label(item.label_vi, field_path(here, "label_vi"))
        yield from _reference(item.provenance, item.reference, here)
    yield from _duplicates(codes, path, f"{what} code", f"mã {what_vi}", key="code")


def _levels(c: Campaign) -> Iterator[Problem]:
    for k, level in enumerate(c.levels):
        here = index_path("$.levels", k)
        start, end = level.valid_from, level.valid_until
        if start is not None and end is not None and end < start:
            yield problem(
                f"level {level.code!r}: valid_until {end} is before valid_from {start}",
                field_path(here, "valid_until"),
                code="campaign.level_dates_reversed",
                vi=f"cấp {level.code!r}: valid_until {end} trước valid_from {start}",
            )
        elif (end is not None and end < c.period_from) or (
            start is not None and start > c.period_until
        ):
            side = "valid_until" if end is not None and end < c.period_from else "valid_from"
            yield problem(
                f"level {level.code!r} did not exist during the period {c.period_from} – "
                f"{c.period_until} (it exists {start or '…'} – {end or '…'})",
                field_path(here, side),
                code="campaign.level_outside_period",
                vi=f"cấp {level.code!r} không tồn tại trong thời gian phong trào {c.period_from} – "
                f"{c.period_until} (cấp này tồn tại {start or '…'} – {end or '…'})",
            )
        if level.code == DISTRICT_LEVEL:
            yield from _district(level.valid_until, c, field_path(here, "valid_until"))


def _district(end: dt.date | None, c: Campaign, path: str) -> Iterator[Problem]:
    if end is None and c.period_until <= _LAST_DISTRICT_DAY:
        return
    if end is None or end > _LAST_DISTRICT_DAY:
        shown = "missing" if end is None else str(end)
        yield problem(
            f"the district level ends on {_LAST_DISTRICT_DAY} (the district tier was abolished), "
            f"but its valid_until is {shown}"
            + (f" while the period runs to {c.period_until}" if end is None else ""),
            path,
            code="campaign.district_level_after_2025",
            vi=f"cấp huyện kết thúc ngày {_LAST_DISTRICT_DAY} (cấp huyện đã bị bỏ), nhưng "
            f"valid_until là {'(thiếu)' if end is None else end}"
            + (f" trong khi phong trào kéo dài đến {c.period_until}" if end is None else ""),
        )


def _order(
    items: Iterable[object], standard: tuple[str, ...], path: str, name: str, name_vi: str
) -> Iterator[Problem]:
    """The standard codes that appear, appear in the standard order (others may sit anywhere)."""
    rank = {code: k for k, code in enumerate(standard)}
    highest = -1
    for k, item in enumerate(items):
        code: str = getattr(item, "code", "")
        if code not in rank:
            continue
        if rank[code] < highest:
            order = " < ".join(standard)
            yield problem(
                f"{name} out of order: {code!r} is listed after a higher one "
                f"(lowest first: {order})",
                field_path(index_path(path, k), "code"),
                code="campaign.out_of_order",
                vi=f"{name_vi} không đúng thứ tự: {code!r} đứng sau một mức cao hơn "
                f"(thấp trước cao: {order})",
            )
        highest = max(highest, rank[code])


def _registration(reg: Registration | None) -> Iterator[Problem]:
    if reg is None:
        return
    path = "$.registration"
    yield from _reference(reg.provenance, reg.reference, path)
    if reg.at_least < 1:
        yield problem(
            f"at_least must be at least 1, not {reg.at_least}",
            field_path(path, "at_least"),
            code="campaign.registration_below_one",
            vi=f"at_least (số mô hình phải đăng ký) phải ít nhất là 1, không phải {reg.at_least}",
        )
    elif reg.at_least > MAX_REGISTRATIONS:
        yield problem(
            f"at_least {reg.at_least} is above the limit of {MAX_REGISTRATIONS} models per unit "
            "and year",
            field_path(path, "at_least"),
            code="campaign.registration_too_many",
            vi=f"at_least {reg.at_least} vượt quá giới hạn {MAX_REGISTRATIONS} mô hình mỗi đơn vị "
            "mỗi năm",
        )
    binds = field_path(path, "binds")
    for k, khoi in enumerate(reg.binds):
        if not khoi.strip():
            yield problem(
                "a khối code in binds must not be empty",
                index_path(binds, k),
                code="campaign.binds_empty",
                vi="mã khối trong binds không được để trống",
            )
    yield from _duplicates(reg.binds, binds, "khối", "khối")
    assumed = field_path(path, "assumed")
    if reg.assumed and reg.provenance is Provenance.ASSUMED:
        yield problem(
            "the whole registration is assumed: its 'assumed' list says nothing more",
            assumed,
            code="campaign.assumed_redundant",
            vi="cả yêu cầu đăng ký đã là giả định: danh sách 'assumed' không cho biết thêm gì",
        )
        return
    names = ("at_least", "binds")
    for k, name in enumerate(reg.assumed):
        if name not in names:
            yield problem(
                f"{name!r} is not a value of the registration that can be assumed "
                "(at_least, binds)",
                index_path(assumed, k),
                code="campaign.assumed_unknown",
                vi=f"{name!r} không phải là giá trị của yêu cầu đăng ký có thể ghi là giả định "
                "(at_least, binds)",
            )


# ---------------------------------------------------------------------- helpers


def _empty(path: str, message: str, what_vi: str) -> Problem:
    return problem(
        message,
        path,
        code="campaign.list_empty",
        vi=f"danh sách trống: phong trào cần ít nhất một {what_vi}",
    )


def _duplicates(
    codes: Iterable[str], path: str, what: str, what_vi: str, *, key: str | None = None
) -> Iterator[Problem]:
    """One problem at each repetition (after the first), at its own path."""
    seen: set[str] = set()
    for k, code in enumerate(codes):
        if code in seen:
            here = index_path(path, k)
            yield problem(
                f"duplicate {what} {code!r}",
                here if key is None else field_path(here, key),
                code="campaign.duplicate",
                vi=f"trùng {what_vi} {code!r}",
            )
        seen.add(code)


def _label(text: str, path: str) -> Iterator[Problem]:
    if not text.strip():
        yield problem(
            "missing vi label", path, code="campaign.missing_label_vi", vi="thiếu nhãn tiếng Việt"
        )


def _reference(provenance: Provenance, reference: object, path: str) -> Iterator[Problem]:
    if provenance is Provenance.SOURCED and reference is None:
        yield problem(
            "a sourced value needs its reference (or provenance = 'assumed')",
            field_path(path, "reference"),
            code="campaign.missing_reference",
            vi="giá trị ghi là có nguồn (sourced) cần trích dẫn nguồn (reference), hoặc ghi "
            "provenance = 'assumed'",
        )
