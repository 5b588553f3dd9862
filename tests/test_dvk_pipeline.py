"""From the files to the tallies: no record of a register is lost on the way (issue #8 "Done when").

A register is written as the offices keep it (CSV files, JSON Lines, an .xlsx
workbook), read back with :func:`danvan_rules.load_register`, and tallied: every
row written is a record read, and every record is counted once — in the
tally's years, outside them, or as another campaign's.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan_rules import load_register
from danvan_rules.model import Provenance
from danvan_rules.model.dvk import DvkMeasure, DvkRecords, Registration
from danvan_rules.scoring.dvk import check_registrations, tally

from .dvk_strategies import (
    all_records,
    example_campaign,
    example_units,
    registers,
    write_csv_files,
    write_jsonl,
    write_workbook,
)

CAMPAIGN = example_campaign()
UNITS = example_units()


def _written(records: DvkRecords, form: str, folder: Path) -> list[Path]:
    if form == "csv":
        return write_csv_files(records, folder)
    if form == "jsonl":
        return [write_jsonl(records, folder / "register.jsonl")]
    return [write_workbook(records, folder / "register.xlsx")]


@settings(max_examples=30, deadline=None)
@given(registers(CAMPAIGN, UNITS), st.sampled_from(["csv", "jsonl", "xlsx"]))
def test_every_row_written_is_read_and_counted(records: DvkRecords, form: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = _written(records, form, Path(folder))
        loaded = load_register(paths) if paths else DvkRecords()
    read, written = all_records(loaded), all_records(records)
    assert len(read) == len(written)
    assert all(read.count(r) == written.count(r) for r in written)  # the same records, each once
    counted = tally(CAMPAIGN, loaded)
    measures = {
        DvkMeasure.REGISTERED: loaded.models,
        DvkMeasure.REVIEWED: loaded.reviews,
        DvkMeasure.RECOGNISED: loaded.recognitions,
        DvkMeasure.HONOURED: loaded.awards,
    }
    for measure, rows in measures.items():
        breakdown = counted[measure]
        assert breakdown.total + breakdown.outside + breakdown.other == len(rows), measure
        for by in breakdown.by.values():
            assert sum(by.values()) == breakdown.total
    assert counted.passed.total <= counted.reviewed.total


@settings(max_examples=30, deadline=None)
@given(registers(CAMPAIGN, UNITS), st.sampled_from(list(CAMPAIGN.years)))
def test_every_bound_unit_is_checked_and_every_model_accounted_for(
    records: DvkRecords, year: int
) -> None:
    bound = attrs.evolve(CAMPAIGN, registration=Registration(1, Provenance.ASSUMED))
    report = check_registrations(bound, UNITS, records, year)
    counted = sum(len(c.registered) for c in report.checks)
    assert counted + len(report.skipped) == len(records.models)
    assert {u.id for u in report.missing} == {c.unit.id for c in report.checks if not c.registered}
