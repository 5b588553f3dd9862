"""What the ``dvk`` verbs print: tables (vi or en), JSON and CSV of campaigns, checks and tallies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, NamedTuple, TextIO

from danvan_rules.codec.campaigns import campaign_to_data
from danvan_rules.errors import Lang
from danvan_rules.model import Provenance, Reference
from danvan_rules.model.dvk import (
    Campaign,
    Dimension,
    DvkMeasure,
    DvkReconciliation,
    DvkRecords,
    DvkTally,
    HolderKind,
    IssuerLevel,
    Model,
    ModelKind,
    RegistrationReport,
    ReviewOutcome,
    SkipReason,
    UnitDvkHistory,
    YearStatus,
)
from danvan_rules.model.rounds import Verdict

from ._common import emit, print_table, write_csv, write_json

__all__ = ["Sink", "check", "history", "review", "show", "tally"]


class Sink(NamedTuple):
    """Where and how a verb prints: the format, the language, the stream."""

    fmt: str
    lang: Lang
    out: TextIO


#: Words of the output, (vi, en).
_WORDS: Final = {
    "campaign": ("Phong trào", "Campaign"),
    "issuer": ("Cơ quan phát động", "Issued by"),
    "instrument": ("Văn bản", "Instrument"),
    "signed": ("ký ngày", "signed"),
    "period": ("Thời gian", "Period"),
    "assumed_values": ("Số giá trị giả định", "Assumed values"),
    "illustrative": (
        "Phong trào minh họa: không phải văn bản có thật",
        "Illustrative: not a real instrument",
    ),
    "registration": ("Đăng ký", "Registration"),
    "no_registration": ("không quy định số mô hình phải đăng ký", "no number of models required"),
    "certificate": ("Giấy công nhận có giá trị", "Certificates are valid for"),
    "years": ("năm", "years"),
    "kinds": ("Loại", "Kinds"),
    "holders": ("Chủ thể", "Holders"),
    "fields": ("Lĩnh vực", "Fields"),
    "levels": ("Cấp công nhận", "Recognition levels"),
    "tiers": ("Mức công nhận (từ thấp lên cao)", "Tiers (lowest first)"),
    "requirements": ("Yêu cầu để được công nhận (đạt / không đạt)", "Requirements (pass / fail)"),
    "none": ("(không có)", "(none)"),
    "code": ("mã", "code"),
    "name": ("tên", "name"),
    "source": ("nguồn", "source"),
    "assumed": ("giả định", "assumed"),
    "until": ("đến ngày", "until"),
    "year": ("Năm", "Year"),
    "stt": ("STT", "No."),
    "unit": ("đơn vị", "unit"),
    "khoi": ("khối", "khối"),
    "required": ("phải đăng ký", "required"),
    "registered": ("đã đăng ký", "registered"),
    "compliant": ("đạt", "compliant"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "compliant_count": ("Đơn vị đăng ký đủ", "Units that registered enough"),
    "missing": ("Đơn vị chưa đăng ký mô hình", "Units that registered no model"),
    "short": ("Đơn vị đăng ký chưa đủ", "Units that registered too few"),
    "skipped": ("Mô hình không được tính cho đơn vị nào", "Models counted for no unit"),
    "synthetic": ("bản ghi giả lập", "synthetic records"),
    "model": ("Mô hình", "Model"),
    "holder": ("Đơn vị", "Unit"),
    "value": ("giá trị", "value"),
    "count": ("số lượng", "count"),
    "outside": ("ngoài các năm", "outside the years"),
    "other": ("phong trào khác", "other campaigns"),
    "by": ("Theo", "By"),
    "published": ("Đối chiếu số liệu công bố", "Published counts checked"),
    "fact": ("số liệu", "count"),
    "verdict": ("đối chiếu", "verdict"),
    "notes": ("ghi chú", "notes"),
    "per_year": ("Theo năm", "Per year"),
}
_LEVELS_VI: Final = {
    IssuerLevel.NATIONAL: "trung ương",
    IssuerLevel.PROVINCE: "tỉnh",
    IssuerLevel.DISTRICT: "huyện",
    IssuerLevel.COMMUNE: "xã",
    IssuerLevel.DEPARTMENT: "sở",
}
_KINDS: Final = {
    ModelKind.MO_HINH.value: ("mô hình", "model"),
    ModelKind.DIEN_HINH.value: ("điển hình", "exemplar"),
    HolderKind.TAP_THE.value: ("tập thể", "collective"),
    HolderKind.CA_NHAN.value: ("cá nhân", "individual"),
}
_MEASURES: Final = {
    DvkMeasure.REGISTERED: ("đăng ký (mô hình)", "registered (models)"),
    DvkMeasure.REVIEWED: ("được đánh giá (lượt)", "reviewed (reviews)"),
    DvkMeasure.PASSED: ("đạt khi đánh giá (lượt)", "passed (reviews)"),
    DvkMeasure.RECOGNISED: ("được công nhận (lượt)", "recognised (recognitions)"),
    DvkMeasure.HONOURED: ("được khen thưởng", "honoured (awards)"),
}
_DIMENSIONS: Final = {
    Dimension.FIELD: ("lĩnh vực", "field"),
    Dimension.LEVEL: ("cấp", "level"),
    Dimension.TIER: ("mức", "tier"),
    Dimension.HOLDER_KIND: ("chủ thể", "holder kind"),
    Dimension.KIND: ("loại", "kind"),
    Dimension.UNIT: ("đơn vị", "unit"),
    Dimension.YEAR: ("năm", "year"),
    Dimension.AWARD_KIND: ("hình thức khen thưởng", "award kind"),
}
_SKIPS: Final = {
    SkipReason.OTHER_CAMPAIGN: ("thuộc phong trào khác", "of another campaign"),
    SkipReason.OUTSIDE_YEAR: ("không thực hiện trong năm", "not running in the year"),
    SkipReason.UNIT_NOT_CHECKED: (
        "đơn vị không có trong danh sách, không thuộc khối phải đăng ký hoặc không tồn tại trong năm",
        "its unit is not listed, not bound, or not in the year",
    ),
}
_YEARS: Final = {
    YearStatus.NOT_RUNNING: ("—", "—"),
    YearStatus.NOT_REVIEWED: ("chưa đánh giá", "not reviewed"),
    YearStatus.PASSED: ("đạt", "passed"),
    YearStatus.FAILED: ("không đạt", "failed"),
    YearStatus.INCOMPLETE: ("đánh giá chưa đủ", "incomplete"),
}
_VERDICTS: Final = {
    Verdict.MATCHED: ("khớp", "matched"),
    Verdict.NOT_MATCHED: ("không khớp", "not matched"),
    Verdict.UNCHECKABLE: ("không kiểm tra được", "uncheckable"),
}


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _word(key: str, lang: Lang) -> str:
    return _pick(_WORDS[key], lang)


def _label(element: Any, lang: Lang) -> str:
    return str(element.label_en) if lang == "en" and element.label_en else str(element.label_vi)


def _source(provenance: Provenance, reference: Reference | None, lang: Lang) -> str:
    """The citation of a sourced value (the linter sees that it has one), or "assumed"."""
    if provenance is Provenance.SOURCED and reference is not None:
        return str(reference)
    return _word("assumed", lang)


# --------------------------------------------------------------------- show


def show(campaign: Campaign, sink: Sink) -> None:
    """A campaign: what it is, who issued it, what it requires, and which values are assumed."""
    fmt, lang, out = sink
    if fmt == "json":
        write_json(
            {"campaign": campaign_to_data(campaign), "assumed_values": campaign.assumed_values},
            out,
        )
        return
    issuer, instrument = campaign.issuer, campaign.instrument
    level = _LEVELS_VI[issuer.level] if lang == "vi" else issuer.level.value
    title = campaign.title_en if lang == "en" and campaign.title_en else campaign.title_vi
    emit(out, f"{_word('campaign', lang)}: {campaign.code} — {title}")
    where = f"cấp {level}, {issuer.province}" if lang == "vi" else f"{level}, {issuer.province}"
    emit(out, f"  {_word('issuer', lang)}: {issuer.name_vi} ({where})")
    signed = f", {_word('signed', lang)} {instrument.signed}" if instrument.signed else ""
    emit(out, f"  {_word('instrument', lang)}: {instrument.number} ({instrument.issuer}{signed})")
    emit(out, f"  {_word('period', lang)}: {campaign.period_from} – {campaign.period_until}")
    listed = f" ({', '.join(campaign.assumed)})" if campaign.assumed else ""
    emit(out, f"  {_word('assumed_values', lang)}: {campaign.assumed_values}{listed}")
    if campaign.illustrative:
        emit(out, f"  ! {_word('illustrative', lang)}")
    emit(out, f"  {_word('registration', lang)}: {_registration(campaign, lang)}")
    if campaign.certificate_years is not None:
        emit(
            out,
            f"  {_word('certificate', lang)}: {campaign.certificate_years} {_word('years', lang)}",
        )
    kinds = ", ".join(_pick(_KINDS[k.value], lang) for k in campaign.kinds)
    holders = ", ".join(_pick(_KINDS[h.value], lang) for h in campaign.holders)
    emit(out, f"  {_word('kinds', lang)}: {kinds} · {_word('holders', lang)}: {holders}")
    header = [_word(k, lang) for k in ("code", "name", "source")]
    sections: list[tuple[str, Iterable[Any]]] = [
        ("fields", campaign.fields),
        ("levels", campaign.levels),
        ("tiers", campaign.tiers),
        ("requirements", campaign.requirements),
    ]
    for key, elements in sections:
        rows = [
            [e.code, _label(e, lang) + _until(e, lang), _source(e.provenance, e.reference, lang)]
            for e in elements
        ]
        emit(out)
        emit(out, f"{_word(key, lang)}:")
        if rows:
            print_table(header, rows, out)
        else:
            emit(out, f"  {_word('none', lang)}")


def _until(element: Any, lang: Lang) -> str:
    until = getattr(element, "valid_until", None)
    return "" if until is None else f" ({_word('until', lang)} {until})"


def _registration(campaign: Campaign, lang: Lang) -> str:
    registration = campaign.registration
    if registration is None:
        return _word("no_registration", lang)
    binds = ", ".join(registration.binds)
    source = _source(registration.provenance, registration.reference, lang)
    if lang == "vi":
        text = f"mỗi đơn vị đăng ký ít nhất {registration.at_least} mô hình mỗi năm"
        scope = f" (khối: {binds})" if binds else " (mọi đơn vị)"
    else:
        text = f"each unit registers at least {registration.at_least} model(s) a year"
        scope = f" (khối: {binds})" if binds else " (every unit)"
    return f"{text}{scope} [{source}]"


# --------------------------------------------------------------------- check


def _synthetic(records: DvkRecords) -> int:
    return (
        sum(m.synthetic for m in records.models)
        + sum(r.synthetic for r in records.reviews)
        + sum(r.synthetic for r in records.recognitions)
    )


def check(campaign: Campaign, report: RegistrationReport, records: DvkRecords, sink: Sink) -> None:
    """Every bound unit's registration for the year, the units with none, the models not counted."""
    fmt, lang, out = sink
    short = [c.unit for c in report.checks if c.registered and not c.compliant]
    if fmt == "json":
        write_json(
            {
                "campaign": campaign.code,
                "year": report.year,
                "required": report.required,
                "binds": [] if campaign.registration is None else list(campaign.registration.binds),
                "ok": report.ok,
                "checked": len(report.checks),
                "compliant": report.compliant_count,
                "registered": report.registered_count,
                "synthetic_records": _synthetic(records),
                "units": [
                    {
                        "stt": i,
                        "unit_id": c.unit.id,
                        "unit_name": c.unit.name_vi,
                        "khoi": c.unit.khoi,
                        "required": c.required,
                        "registered": list(c.registered),
                        "compliant": c.compliant,
                    }
                    for i, c in enumerate(report.checks, start=1)
                ],
                "missing": [u.id for u in report.missing],
                "non_compliant": [u.id for u in report.non_compliant],
                "skipped": [
                    {"model": s.model, "unit": s.unit, "reason": s.reason.value}
                    for s in report.skipped
                ],
            },
            out,
        )
        return
    if fmt == "csv":
        rows: list[list[object]] = [
            [
                "unit",
                c.unit.id,
                c.unit.name_vi,
                c.unit.khoi,
                c.required,
                len(c.registered),
                " ".join(c.registered),
                "true" if c.compliant else "false",
                "",
            ]
            for c in report.checks
        ]
        rows.extend(
            ["skipped", s.unit, "", "", "", "", s.model, "", s.reason.value] for s in report.skipped
        )
        header = ["table", "unit_id", "unit_name", "khoi", "required", "registered", "models"]
        write_csv([*header, "compliant", "reason"], rows, out)
        return
    emit(out, f"{_word('campaign', lang)}: {campaign.code} — {campaign.title_vi}")
    emit(out, f"{_word('year', lang)}: {report.year} · {_registration(campaign, lang)}")
    synthetic = _synthetic(records)
    if synthetic:
        emit(out, f"! {_word('synthetic', lang)}: {synthetic}")
    emit(
        out,
        f"{_word('compliant_count', lang)}: {report.compliant_count}/{len(report.checks)}",
    )
    emit(out)
    yes, no = _word("yes", lang), _word("no", lang)
    print_table(
        [_word(k, lang) for k in ("stt", "unit", "khoi", "required", "registered", "compliant")],
        [
            [
                i,
                f"{c.unit.name_vi} ({c.unit.id})",
                c.unit.khoi,
                c.required,
                f"{len(c.registered)}" + (f" ({', '.join(c.registered)})" if c.registered else ""),
                yes if c.compliant else no,
            ]
            for i, c in enumerate(report.checks, start=1)
        ],
        out,
    )
    for key, units in (("missing", report.missing), ("short", short)):
        if units:
            emit(out)
            emit(out, f"{_word(key, lang)} ({len(units)}):")
            for unit in units:
                emit(out, f"  - {unit.name_vi} ({unit.id})")
    if report.skipped:
        emit(out)
        emit(out, f"{_word('skipped', lang)} ({len(report.skipped)}):")
        for s in report.skipped:
            emit(out, f"  - {s.model} ({s.unit}): {_pick(_SKIPS[s.reason], lang)}")


# --------------------------------------------------------------------- review


def review(campaign: Campaign, model: Model, outcome: ReviewOutcome, sink: Sink) -> None:
    """A model's review: every requirement, its answer and its citation; the failing ones named."""
    fmt, lang, out = sink
    if fmt == "json":
        write_json(
            {
                "campaign": campaign.code,
                "model": model.id,
                "model_name": model.name_vi,
                "unit": model.unit,
                "year": outcome.year,
                "passed": outcome.passed,
                "requirements": [
                    {
                        "code": r.code,
                        "label_vi": r.requirement.label_vi,
                        "status": r.status.value,
                        "reference": r.citation or None,
                        "assumed": r.assumed,
                    }
                    for r in outcome.requirements
                ],
                "failing": [r.code for r in outcome.failing],
                "unanswered": [r.code for r in outcome.unanswered],
                "synthetic": model.synthetic,
                "explanation_vi": list(outcome.lines_vi),
                "explanation_en": list(outcome.lines_en),
            },
            out,
        )
        return
    if fmt == "csv":
        write_csv(
            ["model", "year", "requirement", "label_vi", "status", "reference", "assumed"],
            [
                [
                    model.id,
                    outcome.year,
                    r.code,
                    r.requirement.label_vi,
                    r.status.value,
                    r.citation,
                    "true" if r.assumed else "false",
                ]
                for r in outcome.requirements
            ],
            out,
        )
        return
    for line in outcome.explain(lang).splitlines():
        emit(out, line)
    if model.synthetic:
        emit(out, f"! {_word('synthetic', lang)}")


# --------------------------------------------------------------------- tally


def _value_label(campaign: Campaign, dimension: Dimension, value: str, lang: Lang) -> str:
    """The campaign's label of a field, level or tier; the words of a kind or holder kind."""
    elements: Mapping[Dimension, Iterable[Any]] = {
        Dimension.FIELD: campaign.fields,
        Dimension.LEVEL: campaign.levels,
        Dimension.TIER: campaign.tiers,
    }
    for element in elements.get(dimension, ()):
        if element.code == value:
            return _label(element, lang)
    return _pick(_KINDS[value], lang) if value in _KINDS else ""


def _tally_data(counted: DvkTally) -> dict[str, Any]:
    return {
        "campaign": counted.campaign,
        "years": list(counted.years),
        "period": list(counted.period),
        "synthetic_records": counted.synthetic,
        "measures": {
            measure.value: {
                "total": b.total,
                "outside": b.outside,
                "other": b.other,
                "by": {dim.value: dict(counts) for dim, counts in b.by.items()},
            }
            for measure, b in counted.breakdowns.items()
        },
    }


def _reconciliation_data(reconciliation: DvkReconciliation) -> dict[str, Any]:
    return {
        "ok": reconciliation.ok,
        "synthetic": reconciliation.synthetic,
        "checks": [
            {
                "index": c.index,
                "measure": c.fact.MEASURE.value,
                "total": c.fact.total,
                "source": str(c.fact.source),
                "verdict": c.verdict.value,
                "notes_en": list(c.notes),
                "notes_vi": list(c.notes_vi),
            }
            for c in reconciliation.checks
        ],
    }


def tally(
    campaign: Campaign, counted: DvkTally, reconciliation: DvkReconciliation | None, sink: Sink
) -> None:
    """The counts of every measure, broken down; then, if given, the published counts checked."""
    fmt, lang, out = sink
    if fmt == "json":
        data = _tally_data(counted)
        data["published"] = None if reconciliation is None else _reconciliation_data(reconciliation)
        write_json(data, out)
        return
    if fmt == "csv":
        _tally_csv(counted, reconciliation, out)
        return
    years = ", ".join(map(str, counted.years))
    emit(out, f"{_word('campaign', lang)}: {campaign.code} — {campaign.title_vi}")
    emit(out, f"{_word('year', lang)}: {years}")
    if counted.synthetic:
        emit(out, f"! {_word('synthetic', lang)}: {counted.synthetic}")
    emit(out)
    for measure, b in counted.breakdowns.items():
        extra = []
        if b.outside:
            extra.append(f"{_word('outside', lang)}: {b.outside}")
        if b.other:
            extra.append(f"{_word('other', lang)}: {b.other}")
        more = f" ({'; '.join(extra)})" if extra else ""
        emit(out, f"{_pick(_MEASURES[measure], lang)}: {b.total}{more}")
    dimensions = list(dict.fromkeys(d for b in counted.breakdowns.values() for d in b.by))
    for dim in dimensions:
        measures = [m for m, b in counted.breakdowns.items() if dim in b.by]
        values = list(dict.fromkeys(v for m in measures for v in counted[m].by[dim]))
        emit(out)
        emit(out, f"{_word('by', lang)} {_pick(_DIMENSIONS[dim], lang)}:")
        print_table(
            [_word("value", lang), *(_pick(_MEASURES[m], lang) for m in measures)],
            [
                [
                    _shown_value(campaign, dim, value, lang),
                    *(counted[m].by[dim].get(value, 0) for m in measures),
                ]
                for value in values
            ],
            out,
        )
    if reconciliation is not None:
        _print_reconciliation(reconciliation, lang, out)


def _tally_csv(counted: DvkTally, reconciliation: DvkReconciliation | None, out: TextIO) -> None:
    rows: list[list[object]] = []
    for measure, b in counted.breakdowns.items():
        rows.append(["count", measure.value, "", "", b.total, ""])
        rows.extend(
            ["count", measure.value, dim.value, value, n, ""]
            for dim, counts in b.by.items()
            for value, n in counts.items()
        )
    if reconciliation is not None:
        rows.extend(
            ["published", c.fact.MEASURE.value, "", c.index, c.fact.total, c.verdict.value]
            for c in reconciliation.checks
        )
    write_csv(["table", "measure", "dimension", "value", "count", "verdict"], rows, out)


def _shown_value(campaign: Campaign, dim: Dimension, value: str, lang: Lang) -> str:
    label = _value_label(campaign, dim, value, lang)
    return f"{value} ({label})" if label else value


def _print_reconciliation(reconciliation: DvkReconciliation, lang: Lang, out: TextIO) -> None:
    emit(out)
    emit(out, f"{_word('published', lang)}:")
    print_table(
        [_word(k, lang) for k in ("stt", "fact", "source", "verdict", "notes")],
        [
            [
                c.index + 1,
                f"{_pick(_MEASURES[c.fact.MEASURE], lang)}"
                + ("" if c.fact.total is None else f": {c.fact.total}"),
                str(c.fact.source),
                _pick(_VERDICTS[c.verdict], lang),
                "; ".join(c.notes_vi if lang == "vi" else c.notes),
            ]
            for c in reconciliation.checks
        ],
        out,
    )


# --------------------------------------------------------------------- a unit's history


def history(campaign: Campaign, unit: UnitDvkHistory, sink: Sink) -> None:
    """A unit's models and what became of each one every year: reviews, recognitions."""
    fmt, lang, out = sink
    if fmt == "json":
        write_json(
            {
                "campaign": unit.campaign,
                "unit": unit.unit,
                "years": list(unit.years),
                "synthetic": unit.synthetic,
                "models": [
                    {
                        "id": h.model.id,
                        "name_vi": h.model.name_vi,
                        "field": h.model.field,
                        "years": {
                            str(y.year): {
                                "status": y.status.value,
                                "failing": []
                                if y.review is None
                                else [r.code for r in y.review.failing],
                                "recognitions": [
                                    {"level": r.level, "tier": r.tier} for r in y.recognitions
                                ],
                            }
                            for y in h.years
                        },
                    }
                    for h in unit.models
                ],
                "per_year": {
                    str(year): {status.value: n for status, n in counts.items()}
                    for year, counts in unit.per_year().items()
                },
            },
            out,
        )
        return
    if fmt == "csv":
        write_csv(
            ["model", "year", "status", "failing", "recognitions"],
            [
                [
                    h.model.id,
                    y.year,
                    y.status.value,
                    "" if y.review is None else " ".join(r.code for r in y.review.failing),
                    " ".join(f"{r.level}/{r.tier}" for r in y.recognitions),
                ]
                for h in unit.models
                for y in h.years
            ],
            out,
        )
        return
    emit(out, f"{_word('campaign', lang)}: {campaign.code} — {campaign.title_vi}")
    emit(out, f"{_word('holder', lang)}: {unit.unit}")
    if unit.synthetic:
        emit(out, f"! {_word('synthetic', lang)}")
    emit(out)
    print_table(
        [_word("model", lang), *map(str, unit.years)],
        [
            [
                f"{h.model.name_vi} ({h.model.id})",
                *(_year_cell(campaign, y.status, y.levels, y.tiers, lang) for y in h.years),
            ]
            for h in unit.models
        ],
        out,
    )
    emit(out)
    emit(out, f"{_word('per_year', lang)}:")
    counts = unit.per_year()
    shown = [s for s in YearStatus if s is not YearStatus.NOT_RUNNING]
    print_table(
        [_word("year", lang), *(_pick(_YEARS[s], lang) for s in shown)],
        [[year, *(counts[year][s] for s in shown)] for year in unit.years],
        out,
    )


def _year_cell(
    campaign: Campaign,
    status: YearStatus,
    levels: tuple[str, ...],
    tiers: tuple[str, ...],
    lang: Lang,
) -> str:
    text = _pick(_YEARS[status], lang)
    recognised = [
        f"{_value_label(campaign, Dimension.LEVEL, level, lang)}, "
        f"{_value_label(campaign, Dimension.TIER, tier, lang)}"
        for level, tier in zip(levels, tiers, strict=True)
    ]
    return text + "".join(f"; {r}" for r in recognised)
