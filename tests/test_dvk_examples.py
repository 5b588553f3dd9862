"""The DVK examples shipped under examples/dvk: generated from the golden data, and loadable.

The folders are generated from :mod:`tests.golden_dvk` (``python -m
tests.golden_dvk``); these tests fail when a folder drifts from the module,
and read each folder back into what the module holds.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from danvan_rules.codec.campaigns import campaign_from_toml
from danvan_rules.io import load_units
from danvan_rules.registers import load_published, load_register

from .golden_dvk import EXAMPLES, bac_kan_city_2023, example_files, seed_003, vung_tau_2021

ROOT = Path(__file__).resolve().parent.parent
BUILT = example_files()


@pytest.mark.parametrize("name", sorted(BUILT))
def test_the_shipped_folder_is_what_the_golden_module_builds(name: str) -> None:
    folder = ROOT / EXAMPLES / name
    assert sorted(p.name for p in folder.iterdir()) == sorted(BUILT[name])
    for file, text in BUILT[name].items():
        assert (folder / file).read_text(encoding="utf-8") == text, file


def _register(folder: str) -> tuple[Path, ...]:
    return tuple(sorted((ROOT / EXAMPLES / folder).glob("*.csv")))


def test_vung_tau_reads_back_into_the_golden_units_and_models() -> None:
    _, registry, records = vung_tau_2021()
    assert load_units(ROOT / EXAMPLES / "vung-tau-2021" / "units.toml") == registry
    assert load_register(_register("vung-tau-2021")) == records


def test_the_seed_003_folder_reads_back_into_its_campaign_and_records() -> None:
    campaign, records = seed_003()
    folder = ROOT / EXAMPLES / "so-tttt-2021-2023"
    assert campaign_from_toml((folder / "campaign.toml").read_bytes()) == campaign
    files = [folder / f"{n}.csv" for n in ("models", "reviews", "recognitions")]
    assert load_register(files) == records


def test_bac_kan_city_reads_back_without_its_reviews() -> None:
    golden = bac_kan_city_2023()
    folder = ROOT / EXAMPLES / "bac-kan-thanh-pho-2023"
    assert load_published(folder / "published.toml") == golden.published
    files = [folder / f"{n}.csv" for n in ("models", "recognitions")]
    assert load_register(files) == attrs.evolve(golden.records, reviews=())
