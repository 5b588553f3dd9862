"""examples/plugin-package, the plug-in contributors copy: built, installed and used for real.

Like tests/test_registry.py, the distribution is installed with ``pip install
--target`` into a temporary folder (never site-packages), and that folder is put
on ``sys.path`` only for the test that uses it. Each build happens once per module.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.cli import main
from danvan_rules.errors import DuplicateRuleSetError, NoRuleSetInForceError
from danvan_rules.rulesets import NO_PLUGINS_ENV
from danvan_rules.testing import check_ruleset

from .conftest import install_copy

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "plugin-package"
CODE = "vi-du/2026"
PACKAGE = "danvan_vi_du"
ENTRY_SOURCE = f"plug-in 'vi-du' of danvan-rules-vi-du 0.1.0: {PACKAGE}.rulesets/vi-du-2026.toml"
BUILT_IN_CODE = "example/dan-van-2024"
BUILT_IN_SOURCE = "built-in file danvan_rules/data/example-dan-van-2024.toml"
# the second copy of the example, whose rule set reuses the built-in code
COPY_PACKAGE = "danvan_vi_du_ban_sao"
COPY_SOURCE = (
    "plug-in 'vi-du-ban-sao' of danvan-rules-vi-du-ban-sao 0.1.0:"
    f" {COPY_PACKAGE}.rulesets/vi-du-2026.toml"
)

REPORT = {
    "unit_id": "so-tu-phap",
    "unit_name": "Sở Tư pháp",
    "category": "so-nganh",
    "year": 2026,
    "province": "vi-du",
    "self_scores": {
        "I.1": True,
        "I.2": 4,
        "I.3": "Khá",
        "II.1": "8.5",
        "II.2": 2,
        "III.1": 96,
        "III.2": 1,
        "IV.1": True,
        "IV.2": "Được công nhận",
    },
    "appraised_scores": {"V": 8},
    "facts": {"ky_luat": False, "khieu_nai_vuot_cap": 0},
    "bonuses": {"dvk": 1},
}


# ---------------------------------------------------------------------- building


def _replace(path: Path, old: str, new: str) -> None:
    """Edit a file of the copy; fail loudly if the example no longer holds ``old``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _build(root: Path, edit: Callable[[Path], None] | None = None) -> Path:
    """Copy the example to ``root/source``, let ``edit`` change it, install it into ``root/site``."""
    install_copy(EXAMPLE, root, edit)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as it is: ``source/`` (a copy) and ``site/`` (installed)."""
    return _build(tmp_path_factory.mktemp("vi-du"))


@pytest.fixture(scope="module")
def duplicate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another distribution and package whose rule set takes the built-in example's code."""

    def edit(source: Path) -> None:
        (source / "src" / PACKAGE).rename(source / "src" / COPY_PACKAGE)
        pyproject = source / "pyproject.toml"
        _replace(pyproject, 'name = "danvan-rules-vi-du"', 'name = "danvan-rules-vi-du-ban-sao"')
        _replace(
            pyproject,
            f'vi-du = "{PACKAGE}.rulesets"',
            f'vi-du-ban-sao = "{COPY_PACKAGE}.rulesets"',
        )
        _replace(pyproject, f'"src/{PACKAGE}"', f'"src/{COPY_PACKAGE}"')
        data = source / "src" / COPY_PACKAGE / "rulesets" / "vi-du-2026.toml"
        _replace(data, f'code = "{CODE}"', f'code = "{BUILT_IN_CODE}"')
        _replace(data, 'province = "vi-du"', 'province = "example"')

    return _build(tmp_path_factory.mktemp("vi-du-ban-sao"), edit)


def _forget_modules() -> None:
    for name in list(sys.modules):
        if name.split(".")[0] in {PACKAGE, COPY_PACKAGE}:
            del sys.modules[name]
    importlib.invalidate_caches()


@pytest.fixture
def use(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Put an installed copy on sys.path with plug-ins enabled, for this test only."""
    _forget_modules()

    def put(root: Path) -> None:
        monkeypatch.delenv(NO_PLUGINS_ENV, raising=False)  # tests/conftest.py sets it
        monkeypatch.syspath_prepend(str(root / "site"))  # also invalidates the import caches

    yield put
    _forget_modules()


@pytest.fixture
def installed(use: Callable[[Path], None], built: Path) -> None:
    use(built)


# ---------------------------------------------------------------------- found and used


@pytest.mark.usefixtures("installed")
def test_the_registry_finds_it_and_names_its_source() -> None:
    assert {BUILT_IN_CODE, CODE} <= set(rulesets.available())
    entry = rulesets.entries()[CODE]
    assert entry.source == ENTRY_SOURCE
    assert entry.data["province"] == "vi-du"


@pytest.mark.usefixtures("installed")
def test_it_builds_passes_the_contract_and_scores() -> None:
    rs = rulesets.get(CODE)
    assert rs.illustrative
    assert rs.assumed_values == 24
    check_ruleset(rs, max_examples=20)
    result = dr.score(rs, dr.report_from_data(REPORT))
    assert (str(result.total), result.band_code) == ("78.50", "tot")
    assert result.audit.ruleset_code == CODE
    assert [w.code for w in result.warnings] == ["illustrative", "assumed-values"]


@pytest.mark.usefixtures("installed")
def test_it_is_in_force_from_2026() -> None:
    assert rulesets.in_force("vi-du", on=dt.date(2026, 1, 1)).code == CODE
    assert rulesets.in_force("vi-du", on=dt.date(2026, 12, 31)).code == CODE
    with pytest.raises(NoRuleSetInForceError):
        rulesets.in_force("vi-du", on=dt.date(2025, 12, 31))


@pytest.mark.usefixtures("installed")
def test_danvan_rules_list_shows_it() -> None:
    out = io.StringIO()
    assert main(["list", "--format", "json"], out=out) == 0
    rows = {row["code"]: row for row in json.loads(out.getvalue())}
    assert rows[CODE]["illustrative"] is True
    assert rows[CODE]["assumed_values"] == 24


@pytest.mark.usefixtures("installed")
def test_no_plugins_hides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")
    assert CODE not in rulesets.available()
    assert BUILT_IN_CODE in rulesets.available()


def test_its_own_tests_run_green(built: Path, tmp_path: Path) -> None:
    # What a contributor runs after `pip install ".[test]"`: the plug-in's pytest, with its
    # own configuration, plug-ins enabled, the installed copy and this process's danvan_rules.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {NO_PLUGINS_ENV, "PYTEST_ADDOPTS", "PYTEST_PLUGINS"}
    }
    library = Path(dr.__file__).resolve().parent.parent
    path = [str(built / "site"), str(library), os.environ.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, path))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    source = built / "source"
    done = subprocess.run(  # noqa: S603 - pytest of this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-c",
            str(source / "pyproject.toml"),
            "--rootdir",
            str(source),
            str(source / "tests"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=tmp_path,
        env=env,
    )
    summary = done.stdout.strip().splitlines()[-1:] or ["no output"]
    assert done.returncode == 0, f"{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    assert re.fullmatch(r"\d+ passed in .+", summary[0]), summary


def test_a_duplicate_code_is_refused_naming_both_sources(
    use: Callable[[Path], None], duplicate: Path
) -> None:
    use(duplicate)
    with pytest.raises(DuplicateRuleSetError) as info:
        rulesets.available()
    assert str(info.value) == (
        f"rule set code {BUILT_IN_CODE!r} is provided twice:"
        f" by {BUILT_IN_SOURCE} and by {COPY_SOURCE}"
    )


def test_it_leaves_no_trace_for_the_next_test() -> None:
    # Runs after the tests above (file order): nothing of the plug-in is left imported.
    assert not {PACKAGE, COPY_PACKAGE} & {name.split(".")[0] for name in sys.modules}
    assert CODE not in rulesets.available()
