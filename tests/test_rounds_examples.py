"""The golden rounds shipped as round files under examples/rounds: the same data, reconciled.

The folders are generated from :mod:`tests.golden_rounds` (``python -m
tests.golden_rounds``); these tests fail when a folder drifts from the module,
and run each shipped round through the library and the CLI as an analyst would.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest

from danvan_rules.cli import INVALID, OK, main
from danvan_rules.io import load_round
from danvan_rules.model.rounds import Verdict
from danvan_rules.scoring.rounds import compare_rounds, reconcile

from .golden_rounds import BY_NAME_FUNCS, EXAMPLES, GOLDEN, example_files

ROOT = Path(__file__).resolve().parent.parent


def _folder(name: str) -> Path:
    return ROOT / EXAMPLES / name


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.mark.parametrize("name", GOLDEN)
def test_the_shipped_folder_is_what_the_golden_module_builds(name: str) -> None:
    expected = example_files(BY_NAME_FUNCS[name]())
    folder = _folder(name)
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    for file, text in expected.items():
        assert (folder / file).read_text(encoding="utf-8") == text, file


@pytest.mark.parametrize("name", GOLDEN)
def test_the_shipped_round_loads_as_the_golden_round_and_reconciles(name: str) -> None:
    golden = BY_NAME_FUNCS[name]()
    loaded = load_round(_folder(name) / "round.toml")
    assert loaded.round == attrs.evolve(golden.round, reports_from="reports.jsonl")
    assert list(loaded.reports) == golden.reports()
    checked = reconcile(loaded.score(), loaded.round.published)
    assert checked.ok
    assert checked.synthetic
    assert {c.verdict for c in checked.checks} == {Verdict.MATCHED}


@pytest.mark.parametrize("name", GOLDEN)
def test_round_reconcile_on_the_shipped_round(name: str) -> None:
    status, text = _run("round", "reconcile", "--format", "json", str(_folder(name) / "round.toml"))
    assert status == OK
    data = json.loads(text)
    assert data["ok"] is True
    assert data["synthetic"] is True


def test_a_broken_copy_of_a_shipped_round_exits_1(tmp_path: Path) -> None:
    source = _folder("dong-thap-2022")
    for file in ("round.toml", "reports.jsonl"):
        (tmp_path / file).write_text((source / file).read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "round.toml").read_text(encoding="utf-8")
    (tmp_path / "round.toml").write_text(
        text.replace("xuat-sac = 37", "xuat-sac = 36"), encoding="utf-8"
    )
    status, out = _run("round", "reconcile", "--lang", "en", str(tmp_path / "round.toml"))
    assert status == INVALID
    assert "xuat-sac: published 36, scored 37 (+1)" in out


def test_dong_thap_2021_to_2022_from_the_shipped_files() -> None:
    earlier = load_round(_folder("dong-thap-2021") / "round.toml").score()
    later = load_round(_folder("dong-thap-2022") / "round.toml").score()
    assert compare_rounds(earlier, later).tally_change("so-nganh-va-huyen", "xuat-sac").delta == 5
    status, text = _run(
        "round",
        "compare",
        "--format",
        "json",
        str(_folder("dong-thap-2021") / "round.toml"),
        str(_folder("dong-thap-2022") / "round.toml"),
    )
    assert status == OK
    rows = json.loads(text)["tallies"]
    (change,) = [t for t in rows if t["scope"] == "so-nganh-va-huyen" and t["row"] == "xuat-sac"]
    assert (change["earlier"], change["later"], change["delta"]) == (32, 37, 5)
