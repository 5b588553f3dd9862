"""Hypothesis strategies and builders for "Dân vận khéo" registers, given a campaign.

:func:`registers` draws a register that a campaign accepts
(``check_records(campaign, records) == ()``) over the given units;
:func:`example_campaign` builds a small, valid, illustrative campaign; the writers
(:func:`write_json`, :func:`write_jsonl`, :func:`write_csv_files`,
:func:`write_workbook`) put a register in each file format the library reads,
for round trips and fixtures.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from hypothesis import strategies as st

from danvan_rules.codec.dvk import RECORD_KINDS, Record, record_to_data, records_to_data
from danvan_rules.model import Instrument, Provenance
from danvan_rules.model.dvk import (
    Campaign,
    CampaignField,
    DvkRecords,
    HolderKind,
    Issuer,
    IssuerLevel,
    Model,
    Recognition,
    RecognitionLevel,
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
    Unit,
)

ASSUMED = Provenance.ASSUMED
PROVINCE = "ba-ria-vung-tau"
CODE = f"{PROVINCE}/thu-nghiem-2021-2025"
FIELDS: Final = ("kinh-te", "van-hoa-xa-hoi", "quoc-phong-an-ninh", "xay-dung-he-thong-chinh-tri")
LEVELS: Final = ("co-so", "huyen", "tinh")
TIERS: Final = ("cong-nhan", "tieu-bieu", "de-nghi-khen-thuong")
REQUIREMENTS: Final = (
    "ten-dia-chi",
    "mot-linh-vuc",
    "gan-lanh-dao",
    "nhieu-chu-the",
    "hieu-qua-lan-toa",
    "duoc-cong-nhan",
    "ben-vung",
)
HUYEN_ENDS = dt.date(2025, 6, 30)

#: The sheet (and CSV file) name of each record kind.
SHEETS: Final = {
    "model": "models",
    "review": "reviews",
    "recognition": "recognitions",
    "award": "awards",
}


@functools.cache
def example_campaign() -> Campaign:
    """A small illustrative campaign of 2021–2025: every value assumed, none sourced."""
    return Campaign(
        code=CODE,
        title_vi="Phong trào thi đua Dân vận khéo (thử nghiệm)",
        issuer=Issuer("UBND thành phố Vũng Tàu", IssuerLevel.DISTRICT, PROVINCE),
        instrument=Instrument("thử nghiệm", "UBND thành phố Vũng Tàu"),
        period_from=dt.date(2021, 1, 1),
        period_until=dt.date(2025, 12, 31),
        fields=tuple(CampaignField(code, f"Lĩnh vực {code}", ASSUMED) for code in FIELDS),
        levels=(
            RecognitionLevel("co-so", "Cấp cơ sở", ASSUMED),
            RecognitionLevel("huyen", "Cấp huyện", ASSUMED, valid_until=HUYEN_ENDS),
            RecognitionLevel("tinh", "Cấp tỉnh", ASSUMED),
        ),
        tiers=tuple(Tier(code, f"Mức {code}", ASSUMED) for code in TIERS),
        requirements=tuple(Requirement(code, f"Tiêu chí {code}", ASSUMED) for code in REQUIREMENTS),
        illustrative=True,
    )


def example_units(n: int = 4) -> tuple[Unit, ...]:
    return tuple(Unit(f"dv-{i}", f"Đơn vị {i}", "so-nganh", PROVINCE) for i in range(n))


#: Letters of Vietnamese names, and the characters that test a file format
#: (commas, quotes, a newline, a leading "=" that a spreadsheet would take for a formula).
_ALPHABET: Final = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãệởữỳ0123456789 ,\"'-=\n"

texts = st.text(_ALPHABET, min_size=1, max_size=12).filter(lambda s: s.strip() == s and s)
notes = st.one_of(st.just(""), texts)


def _levels_on(campaign: Campaign, day: dt.date) -> list[str]:
    return [
        level.code
        for level in campaign.levels
        if (level.valid_from is None or level.valid_from <= day)
        and (level.valid_until is None or day <= level.valid_until)
    ]


@st.composite
def models(draw: st.DrawFn, campaign: Campaign, units: Sequence[Unit], model_id: str) -> Model:
    """A model the campaign accepts, held by one of ``units``."""
    registered = draw(st.dates(campaign.period_from, campaign.period_until))
    start = draw(st.integers(registered.year - 1, registered.year))
    end = draw(st.integers(registered.year, campaign.period_until.year + 1))
    holder = draw(st.sampled_from(campaign.holders))
    return Model(
        id=model_id,
        name_vi=draw(texts),
        campaign=campaign.code,
        unit=draw(st.sampled_from([u.id for u in units])),
        field=draw(st.sampled_from([f.code for f in campaign.fields])),
        kind=draw(st.sampled_from(campaign.kinds)),
        holder_kind=holder,
        registered_on=registered,
        target_level=draw(st.sampled_from(_levels_on(campaign, registered))),
        period_from=start,
        period_until=end,
        person=draw(texts) if holder is HolderKind.CA_NHAN else None,
        description=draw(notes),
        synthetic=draw(st.booleans()),
    )


@st.composite
def reviews(draw: st.DrawFn, campaign: Campaign, model: Model) -> list[Review]:
    """At most one review a year of the model's period, answers a subset of the requirements."""
    years = draw(st.lists(st.sampled_from(list(model.years)), unique=True, max_size=3))
    codes = [r.code for r in campaign.requirements]
    return [
        Review(
            model.id,
            year,
            draw(texts),
            draw(st.dictionaries(st.sampled_from(codes), st.booleans(), max_size=len(codes))),
            reviewed_on=draw(st.none() | st.dates(dt.date(year, 1, 1), dt.date(year + 1, 6, 30))),
            notes=draw(notes),
            synthetic=draw(st.booleans()),
        )
        for year in years
    ]


@st.composite
def recognitions(draw: st.DrawFn, campaign: Campaign, model: Model) -> Recognition:
    """A recognition of ``model`` at a level that exists on the decision's date."""
    year = draw(st.sampled_from(list(model.years)))
    decided = draw(st.dates(dt.date(year, 1, 1), dt.date(year + 1, 12, 31)))
    start = draw(st.none() | st.just(decided))
    until = None if start is None else draw(st.none() | st.dates(start, dt.date(year + 4, 12, 31)))
    return Recognition(
        model.id,
        year,
        draw(st.sampled_from(_levels_on(campaign, decided))),
        draw(st.sampled_from([t.code for t in campaign.tiers])),
        draw(texts),
        draw(texts),
        decided,
        valid_from=start,
        valid_until=until,
        synthetic=draw(st.booleans()),
    )


@st.composite
def awards(draw: st.DrawFn, units: Sequence[Unit]) -> Award:
    """A Bằng khen or Giấy khen of the "Dân vận khéo" stream, to a unit or a person."""
    unit = draw(st.sampled_from([u.id for u in units]))
    choices: list[Collective | Individual] = [
        Collective(unit=unit),
        Collective(name=draw(texts)),
        Individual(draw(texts), unit),
    ]
    recipient = draw(st.sampled_from(choices))
    source = Citation(
        draw(texts), draw(st.none() | st.dates(dt.date(2021, 1, 1), dt.date(2026, 12, 31)))
    )
    return Award(
        draw(st.sampled_from(AwardKind)),
        AwardStream.DAN_VAN_KHEO,
        draw(texts),
        recipient,
        source,
        decision=draw(notes),
        synthetic=draw(st.booleans()),
    )


@st.composite
def registers(
    draw: st.DrawFn, campaign: Campaign, units: Sequence[Unit], *, max_models: int = 6
) -> DvkRecords:
    """A register the campaign accepts: distinct model ids, reviews and recognitions of them."""
    n = draw(st.integers(0, max_models))
    held = [draw(models(campaign, units, f"m-{i}")) for i in range(n)]
    reviewed = [review for model in held for review in draw(reviews(campaign, model))]
    recognised = [draw(recognitions(campaign, m)) for m in held if draw(st.booleans())]
    return DvkRecords(held, reviewed, recognised, draw(st.lists(awards(units), max_size=2)))


# --------------------------------------------------------------------- writers


def kind_of(record: Record) -> str:
    return next(k for k, cls in RECORD_KINDS.items() if isinstance(record, cls))


def write_json(records: DvkRecords, path: Path) -> Path:
    path.write_text(json.dumps(records_to_data(records), ensure_ascii=False), encoding="utf-8")
    return path


def all_records(records: DvkRecords) -> list[Record]:
    return [*records.models, *records.reviews, *records.recognitions, *records.awards]


def write_jsonl(records: DvkRecords, path: Path) -> Path:
    lines = [
        json.dumps({"record": kind_of(r), **record_to_data(r)}, ensure_ascii=False)
        for r in all_records(records)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def flat_row(record: Record) -> dict[str, object]:
    """One record as the cells of a register row: nested values as ``answers.x``, ``source.y``."""
    row: dict[str, object] = {}
    for key, value in record_to_data(record).items():
        if isinstance(value, Mapping):
            row.update({f"{key}.{k}": _cell(v) for k, v in value.items()})
        else:
            row[key] = _cell(value)
    return row


def tables(records: DvkRecords) -> dict[str, tuple[list[str], list[dict[str, object]]]]:
    """Per record kind that has records: the header and the rows."""
    out: dict[str, tuple[list[str], list[dict[str, object]]]] = {}
    for record in all_records(records):
        header, rows = out.setdefault(kind_of(record), ([], []))
        row = flat_row(record)
        header.extend(k for k in row if k not in header)
        rows.append(row)
    return out


def write_csv_files(records: DvkRecords, folder: Path) -> list[Path]:
    """One CSV file per record kind (``models.csv``, …), the header first."""
    paths = []
    for kind, (header, rows) in tables(records).items():
        path = folder / f"{SHEETS[kind]}.csv"
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows([[row.get(k, "") for k in header] for row in rows])
        paths.append(path)
    return paths


def write_workbook(records: DvkRecords, path: Path, *, names: Mapping[str, str] = SHEETS) -> Path:
    """One sheet per record kind, text as text (never a formula), years as numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for kind, (header, rows) in tables(records).items():
        ws = wb.create_sheet(names[kind])
        ws.append(header)
        for r, row in enumerate(rows, start=2):
            for c, key in enumerate(header, start=1):
                put(ws.cell(row=r, column=c), row.get(key))
    if not wb.worksheets:
        wb.create_sheet(names["model"])
    wb.save(path)
    return path


def put(cell: Any, value: object) -> None:
    """A value in a cell: text as text even when it starts with "=", numbers as numbers."""
    if value is None or value == "":
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
