"""What ``import danvan_rules`` loads, the version literal, and the registry's cache.

Issue #9 §4: the import does not load ``importlib.metadata`` (the version is a
literal the build writes) nor what a plain ``score()`` does not use (quotas,
rounds, the codec and the registry), while every public name imports as before.
Issue #9 §2: ``rulesets.get``, ``in_force``, ``for_year`` and ``for_report``
read and build the rule sets once, and see new sources when what decides them
changes. Times are measured by ``bench/import_time.py``, never here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
import danvan_rules.scoring
from danvan_rules import _metadata, _toml_sources, campaigns, rulesets
from danvan_rules.codec import ruleset_from_data
from danvan_rules.errors import ConfigurationError, NoRuleSetInForceError, RuleSetError
from danvan_rules.rulesets import ENTRY_POINT_GROUP, NO_PLUGINS_ENV, Entry

from .conftest import EXAMPLE_CODE, EXAMPLES, PLAIN_TOML, ROOT

DATA = ROOT / "src" / "danvan_rules" / "data"

#: ``danvan_rules.__all__`` as it was before the imports became lazy (nothing removed), with
#: ``iter_scores``, ``report_schema``, ``result_schema`` and the DataFrame functions
#: (``lines_frame``, ``reports_from_frame``, ``results_frame``, ``score_frame``), added since.
PUBLIC = [
    "Batch",
    "CohortResult",
    "DanvanError",
    "ReportError",
    "RuleSet",
    "RuleSetError",
    "ScoreResult",
    "UnitReport",
    "__version__",
    "apply_quota",
    "campaigns",
    "check_ruleset",
    "compare_rounds",
    "errors",
    "explain",
    "iter_scores",
    "lines_frame",
    "load_register",
    "load_report",
    "load_reports",
    "load_ruleset",
    "reconcile",
    "report_from_data",
    "report_from_json",
    "report_schema",
    "report_to_data",
    "report_to_json",
    "reports_from_frame",
    "result_schema",
    "result_to_data",
    "results_frame",
    "reweight",
    "ruleset_from_data",
    "ruleset_from_toml",
    "ruleset_to_data",
    "ruleset_to_toml",
    "rulesets",
    "score",
    "score_frame",
    "score_many",
    "score_round",
    "tally_awards",
]
SCORING_PUBLIC = [
    "Change",
    "Impact",
    "RuleSetDiff",
    "Sweep",
    "SweepSetting",
    "UnitImpact",
    "VersionOutcome",
    "apply_quota",
    "compare_rounds",
    "diff",
    "explain",
    "impact",
    "iter_scores",
    "quota_limit",
    "reconcile",
    "reweight",
    "score",
    "score_many",
    "score_round",
    "sweep",
    "tally_awards",
]
#: Where each lazily loaded public name is defined.
LAZY_HOMES = {
    "apply_quota": "danvan_rules.scoring.quota",
    "quota_limit": "danvan_rules.scoring.quota",
    "compare_rounds": "danvan_rules.scoring.rounds",
    "reconcile": "danvan_rules.scoring.rounds",
    "score_round": "danvan_rules.scoring.rounds",
    "tally_awards": "danvan_rules.scoring.rounds",
    **dict.fromkeys(
        ["Change", "Impact", "RuleSetDiff", "Sweep", "SweepSetting", "UnitImpact"],
        "danvan_rules.scoring.diff",
    ),
    "VersionOutcome": "danvan_rules.scoring.diff",
    "impact": "danvan_rules.scoring.diff",
    "sweep": "danvan_rules.scoring.diff",
}
#: Modules a plain ``import danvan_rules`` must not load.
NOT_AT_IMPORT = [
    "importlib.metadata",
    "cattrs",
    "tomllib",
    "danvan_rules.codec",
    "danvan_rules.io",
    "danvan_rules.rulesets",
    "danvan_rules.campaigns",
    "danvan_rules._toml_sources",
    "danvan_rules.scoring.quota",
    "danvan_rules.scoring.rounds",
    "danvan_rules.frames",
    "pandas",
    "danvan_rules.plots",
    "matplotlib",
    "danvan_rules.server",
    "starlette",
]


def fresh_python(code: str) -> Any:
    """Run ``code`` in a fresh interpreter of this environment; what it prints, as JSON."""
    # coverage measures subprocesses (pyproject: patch = ["subprocess"]) when this variable is
    # set; measured, the fresh interpreter would load what coverage loads (tomllib, ...)
    env = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_CONFIG"}
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code written by the tests
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ---------------------------------------------------------------------- the version


def test_the_version_is_the_installed_distributions() -> None:
    assert importlib.metadata.version("danvan_rules") == _metadata.VERSION
    assert dr.__version__ == _metadata.VERSION


def test_the_version_is_the_one_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == _metadata.VERSION


def test_the_build_hook_finds_the_version_line() -> None:
    # hatchling's version hook rewrites the group ``version`` of its pattern: if the line of
    # _metadata.py stopped matching, every build would fail; if it matched twice, it would
    # rewrite the first only.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    hook = config["tool"]["hatch"]["build"]["hooks"]["version"]
    source = (ROOT / hook["path"]).read_text(encoding="utf-8")
    assert Path(hook["path"]) == Path("src/danvan_rules/_metadata.py")
    found = [m["version"] for m in re.finditer(hook["pattern"], source, flags=re.MULTILINE)]
    assert found == [_metadata.VERSION]


# ---------------------------------------------------------------------- what the import loads


def test_the_import_loads_neither_metadata_nor_what_scoring_does_not_use() -> None:
    loaded = fresh_python(
        "import json, sys\n"
        f"watched = {NOT_AT_IMPORT!r}\n"
        "before = [name for name in watched if name in sys.modules]\n"
        "import danvan_rules\n"
        "after = [name for name in watched if name in sys.modules]\n"
        "print(json.dumps([before, after, danvan_rules.__version__]))\n"
    )
    assert loaded == [[], [], _metadata.VERSION]


def test_scoring_a_report_loads_neither_quotas_nor_rounds() -> None:
    loaded = fresh_python(
        "import json, sys\n"
        "import danvan_rules as dr\n"
        f"ruleset = dr.rulesets.get({EXAMPLE_CODE!r})\n"
        f"text = open({str(EXAMPLES / 'tot.json')!r}, encoding='utf-8').read()\n"
        "result = dr.score(ruleset, dr.report_from_json(text))\n"
        "lazy = ['danvan_rules.scoring.quota', 'danvan_rules.scoring.rounds']\n"
        "before = [name for name in lazy if name in sys.modules]\n"
        "from danvan_rules import score_round\n"
        "after = [name for name in lazy if name in sys.modules]\n"
        "print(json.dumps([str(result.total), before, after, score_round.__module__]))\n"
    )
    rounds = "danvan_rules.scoring.rounds"
    assert loaded == ["82.50", [], ["danvan_rules.scoring.quota", rounds], rounds]


def test_a_scoring_submodule_imported_first_does_not_shadow_its_function() -> None:
    # explain and reweight share their submodule's name, so they are imported eagerly
    names = fresh_python(
        "import json\n"
        "import danvan_rules.scoring.explain, danvan_rules.scoring.reweight\n"
        "from danvan_rules.scoring import explain, reweight\n"
        "print(json.dumps([callable(explain), callable(reweight)]))\n"
    )
    assert names == [True, True]


# ---------------------------------------------------------------------- the public names


def test_the_public_names_are_those_of_before() -> None:
    assert dr.__all__ == PUBLIC
    assert danvan_rules.scoring.__all__ == SCORING_PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves_and_is_listed(name: str) -> None:
    value = getattr(dr, name)
    assert value is getattr(dr, name)
    assert name in dir(dr)
    scope: dict[str, Any] = {}
    exec(f"from danvan_rules import {name} as value", scope)  # noqa: S102 - a fixed import line
    assert scope["value"] is value


@pytest.mark.parametrize("name", SCORING_PUBLIC)
def test_the_scoring_names_are_the_facades(name: str) -> None:
    value = getattr(danvan_rules.scoring, name)
    assert name in dir(danvan_rules.scoring)
    home = LAZY_HOMES.get(name)
    if home is not None:
        assert value is getattr(importlib.import_module(home), name)
    if name in PUBLIC:
        assert getattr(dr, name) is value


def test_dir_keeps_what_the_module_holds() -> None:
    for module in (dr, danvan_rules.scoring):
        listed = dir(module)
        assert listed == sorted(listed)
        assert set(vars(module)) <= set(listed)


@pytest.mark.parametrize("module", [dr, danvan_rules.scoring], ids=["facade", "scoring"])
def test_an_unknown_name_is_an_attribute_error(module: Any) -> None:
    with pytest.raises(AttributeError) as info:
        _ = module.no_such_name
    assert str(info.value) == f"module {module.__name__!r} has no attribute 'no_such_name'"


# ---------------------------------------------------------------------- the registry's cache


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Counts of files read and rule sets built from now on, starting from an empty cache."""
    counts = {"read": 0, "built": 0}
    read, build = _toml_sources._read, ruleset_from_data

    def counting_read(*args: Any) -> _toml_sources.Found:
        counts["read"] += 1
        return read(*args)

    def counting_build(data: dict[str, Any]) -> dr.RuleSet:
        counts["built"] += 1
        return build(data)

    monkeypatch.setattr(_toml_sources, "_read", counting_read)
    monkeypatch.setattr(rulesets, "ruleset_from_data", counting_build)
    rulesets.clear_cache()
    yield counts
    rulesets.clear_cache()


def built_in_files() -> list[Path]:
    return sorted(DATA.glob("*.toml"))


def fresh_rulesets() -> dict[str, dr.RuleSet]:
    """Every built-in rule set, read from its file by another path than the registry's."""
    found = (dr.load_ruleset(path) for path in built_in_files())
    return {rs.code: rs for rs in found}


@pytest.fixture(scope="module")
def fresh() -> dict[str, dr.RuleSet]:
    return fresh_rulesets()


def test_a_second_call_reads_and_builds_nothing(counted: dict[str, int]) -> None:
    first = rulesets.get(EXAMPLE_CODE)
    assert counted == {"read": len(built_in_files()), "built": 1}
    assert rulesets.get(EXAMPLE_CODE) is first
    assert rulesets.in_force("example", on=dt.date(2024, 12, 31)) is first
    assert rulesets.for_year("example", 2024) is first
    assert rulesets.for_report(dr.load_report(EXAMPLES / "tot.json")) is first
    assert rulesets.load_all()[rulesets.available().index(EXAMPLE_CODE)] is first
    assert counted == {"read": len(built_in_files()), "built": len(built_in_files())}
    rulesets.load_all()
    assert counted == {"read": len(built_in_files()), "built": len(built_in_files())}


def test_the_entries_are_a_copy_of_the_cache(counted: dict[str, int]) -> None:
    mine = rulesets.entries()
    mine.clear()
    assert EXAMPLE_CODE in rulesets.entries()
    assert rulesets.entries()[EXAMPLE_CODE] is rulesets.entries()[EXAMPLE_CODE]
    assert counted["read"] == len(built_in_files())


@given(code=st.sampled_from([path.stem for path in built_in_files()]))
def test_a_kept_rule_set_equals_one_read_afresh(code: str) -> None:
    fresh = fresh_rulesets()
    by_file = {path.stem: rs for path, rs in zip(built_in_files(), fresh.values(), strict=True)}
    kept = rulesets.get(by_file[code].code)
    assert kept == by_file[code]
    assert rulesets.get(kept.code) is kept


@given(
    province=st.sampled_from(sorted({rs.province for rs in fresh_rulesets().values()})),
    on=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_in_force_from_the_cache_is_in_force_among_fresh_rule_sets(
    province: str, on: dt.date
) -> None:
    fresh = tuple(fresh_rulesets().values())
    try:
        expected: object = rulesets.in_force(province, on=on, among=fresh).code
    except NoRuleSetInForceError as exc:
        expected = str(exc)
    try:
        kept: object = rulesets.in_force(province, on=on).code
    except NoRuleSetInForceError as exc:
        kept = str(exc)
    assert kept == expected


def _enable_plugins_with_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_PLUGINS_ENV, "")
    monkeypatch.setattr(_toml_sources, "entry_points", lambda *, group: [])  # noqa: ARG005


CHANGES: dict[str, Callable[[pytest.MonkeyPatch, Path], None]] = {
    "the switch's value": lambda mp, _: mp.setenv(NO_PLUGINS_ENV, "yes"),
    "the entry-point lookup": lambda mp, _: _enable_plugins_with_none(mp),
    "sys.path": lambda mp, tmp: mp.syspath_prepend(str(tmp)),
    "the size limit": lambda mp, _: mp.setattr(_toml_sources, "MAX_RULESET_FILE_BYTES", 10**6),
    "clear_cache()": lambda _mp, _tmp: rulesets.clear_cache(),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_of_what_decides_the_sources_reads_them_again(
    change: str,
    counted: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fresh: dict[str, dr.RuleSet],
) -> None:
    before = rulesets.get(EXAMPLE_CODE)
    rulesets.get(EXAMPLE_CODE)
    assert counted == {"read": len(built_in_files()), "built": 1}
    CHANGES[change](monkeypatch, tmp_path)
    after = rulesets.get(EXAMPLE_CODE)
    assert counted == {"read": 2 * len(built_in_files()), "built": 2}
    assert after is not before
    assert after == before == fresh[EXAMPLE_CODE]
    assert rulesets.get(EXAMPLE_CODE) is after
    assert counted["read"] == 2 * len(built_in_files())


def test_a_state_seen_before_is_read_again_when_it_comes_back(
    counted: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rulesets.available()
    with monkeypatch.context() as mp:
        mp.setenv(NO_PLUGINS_ENV, "on")
        rulesets.available()
    rulesets.available()  # the cache keeps the last state only
    assert counted["read"] == 3 * len(built_in_files())


def test_errors_are_not_kept(counted: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_PLUGINS_ENV, "maybe")
    for _ in range(2):
        with pytest.raises(ConfigurationError, match="'maybe'"):
            rulesets.get(EXAMPLE_CODE)
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")
    assert rulesets.get(EXAMPLE_CODE).code == EXAMPLE_CODE
    entry = Entry("hue/plain-v1", "here", {"code": "hue/plain-v1"})
    for _ in range(2):
        with pytest.raises(RuleSetError) as info:
            entry.load()
        assert info.value.subject == "rule set 'hue/plain-v1' from here"
    assert counted["built"] == 3


def test_an_entry_builds_its_rule_set_once(counted: dict[str, int]) -> None:
    entry = Entry("hue/plain-v1", "here", dr.ruleset_to_data(dr.ruleset_from_toml(PLAIN_TOML)))
    assert entry.load() is entry.load()
    assert counted["built"] == 1
    assert repr(entry) == "Entry(code='hue/plain-v1', source='here')"
    assert entry == Entry("hue/plain-v1", "here", {})


@pytest.mark.usefixtures("counted")
def test_the_kept_data_is_what_the_files_hold() -> None:
    for rs in rulesets.load_all():  # building does not change the data it is built from
        assert rs.code
    for path in built_in_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        assert rulesets.entries()[data["code"]].data == data


@pytest.fixture
def loose_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package of rule-set files offered by one entry point of no distribution."""
    package = tmp_path / "cached_rules"
    package.mkdir()
    (package / "__init__.py").write_text('"""Rule sets."""\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(NO_PLUGINS_ENV)
    point = EntryPoint(name="cached", value="cached_rules", group=ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        _toml_sources,
        "entry_points",
        lambda *, group: [point] if group == ENTRY_POINT_GROUP else [],
    )
    yield package
    sys.modules.pop("cached_rules", None)
    importlib.invalidate_caches()


def test_a_file_added_in_a_running_process_is_seen_after_clear_cache(
    counted: dict[str, int], loose_package: Path
) -> None:
    (loose_package / "a.toml").write_text(PLAIN_TOML, encoding="utf-8")
    assert "hue/plain-v1" in rulesets.available()
    other = PLAIN_TOML.replace('"hue/plain-v1"', '"hue/plain-v2"')
    (loose_package / "b.toml").write_text(other, encoding="utf-8")
    assert "hue/plain-v2" not in rulesets.available()  # the documented limit of the cache
    rulesets.clear_cache()
    assert {"hue/plain-v1", "hue/plain-v2"} <= set(rulesets.available())
    assert rulesets.get("hue/plain-v2").code == "hue/plain-v2"
    assert counted["read"] == 2 * len(built_in_files()) + 3


def test_the_campaign_registry_reads_its_files_once(counted: dict[str, int]) -> None:
    codes = campaigns.available()
    read = counted["read"]
    assert read == len(list((DATA / "campaigns").glob("*.toml")))
    assert campaigns.available() == codes
    assert campaigns.get(codes[0]).code == codes[0]
    rulesets.available()  # the rule sets are read by their own registry
    assert counted["read"] == read + len(built_in_files())
