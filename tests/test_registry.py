"""The rule-set registry (danvan_rules.rulesets): built-in data files and plug-ins.

The plug-in tests build and install a real distribution, tests/plugin, with
``pip install --target`` into a temporary folder (never site-packages), and put
that folder on ``sys.path`` only for the test that uses it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
import sys
import tomllib
from collections.abc import Callable, Iterator
from decimal import Decimal
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

import danvan_rules as dr
from danvan_rules import _toml_sources, rulesets
from danvan_rules.errors import (
    AmbiguousRuleSetError,
    DuplicateRuleSetError,
    NoRuleSetInForceError,
    RuleSetError,
    UnknownRuleSetError,
)
from danvan_rules.rulesets import ENTRY_POINT_GROUP, NO_PLUGINS_ENV, Entry

from .conftest import install_copy

EXAMPLE_CODE = "example/dan-van-2024"
DATA = Path(__file__).resolve().parent.parent / "src" / "danvan_rules" / "data"
PLUGIN_CODE = "test-province/v1"
PLUGIN_SOURCE = Path(__file__).resolve().parent / "plugin"
PLUGIN_PACKAGE = "danvan_test_plugin"
PLUGIN_DATA = PLUGIN_SOURCE / "src" / PLUGIN_PACKAGE / "data" / "test-province-v1.toml"
PLUGIN_WHO = "plug-in 'test-province' of danvan-rules-test-plugin 0.1.0"
PLUGIN_ENTRY_SOURCE = f"{PLUGIN_WHO}: {PLUGIN_PACKAGE}.data/test-province-v1.toml"
BUILT_IN_SOURCE = "built-in file danvan_rules/data/example-dan-van-2024.toml"
UNKNOWN_PREFIX = "no rule set 'nowhere/v9'; available: "

PLUGIN_REPORT: dict[str, Any] = {
    "unit_id": "so-thu-nghiem",
    "unit_name": "Sở Thử nghiệm",
    "category": "so-nganh",
    "year": 2024,
    "province": "test-province",
    "self_scores": {"I.1": True, "I.2": 30, "II": "25.5"},
}


# ---------------------------------------------------------------------- the built-in data files


def built_in_files() -> dict[str, dict[str, Any]]:
    """Each data file of src/danvan_rules/data, by file name in name order: what it holds.

    Read from the folder itself, so that the tests follow the rule sets added
    there instead of pinning a list.
    """
    return {
        path.name: tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        for path in sorted(DATA.glob("*.toml"), key=lambda path: path.name)
    }


def built_in_codes() -> list[str]:
    """The codes of the built-in rule sets, sorted; the example is one of them."""
    codes = sorted(data["code"] for data in built_in_files().values())
    assert EXAMPLE_CODE in codes
    assert PLUGIN_CODE not in codes
    return codes


def listed_codes(message: str, prefix: str) -> list[str]:
    """The codes an "unknown rule set" message lists after ``prefix``."""
    assert message.startswith(prefix), message
    return message.removeprefix(prefix).split(", ")


# ---------------------------------------------------------------------- building the plug-in


def _install(tmp_root: Path, edit: Callable[[Path], None] | None = None) -> Path:
    """Copy tests/plugin, let ``edit`` change the copy, install it into a fresh --target dir."""
    return install_copy(PLUGIN_SOURCE, tmp_root, edit)


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/plugin as it is, installed."""
    return _install(tmp_path_factory.mktemp("plugin"))


@pytest.fixture(scope="session")
def duplicate_plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the plug-in whose rule set reuses the built-in example's code."""

    def edit(source: Path) -> None:
        data = source / PLUGIN_DATA.relative_to(PLUGIN_SOURCE)
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace(f'"{PLUGIN_CODE}"', f'"{EXAMPLE_CODE}"'), encoding="utf-8")

    return _install(tmp_path_factory.mktemp("duplicate-plugin"), edit)


@pytest.fixture(scope="session")
def function_plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the plug-in whose entry point names a function, not a package."""

    def edit(source: Path) -> None:
        pyproject = source / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(
            text.replace(
                f'test-province = "{PLUGIN_PACKAGE}.data"',
                f'test-province = "{PLUGIN_PACKAGE}:ruleset_codes"',
            ),
            encoding="utf-8",
        )

    return _install(tmp_path_factory.mktemp("function-plugin"), edit)


def _forget_plugin_modules() -> None:
    for name in list(sys.modules):
        if name == PLUGIN_PACKAGE or name.startswith(f"{PLUGIN_PACKAGE}."):
            del sys.modules[name]
    importlib.invalidate_caches()


@pytest.fixture
def use_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Put an installed plug-in folder on sys.path, plug-ins enabled, for this test only."""
    _forget_plugin_modules()

    def use(site: Path) -> None:
        monkeypatch.delenv(NO_PLUGINS_ENV)
        monkeypatch.syspath_prepend(str(site))  # also invalidates the import caches

    yield use
    _forget_plugin_modules()


@pytest.fixture
def with_plugin(use_site: Callable[[Path], None], plugin_site: Path) -> None:
    use_site(plugin_site)


# ---------------------------------------------------------------------- built-in rule sets


def test_available_lists_the_built_in_rule_sets() -> None:
    available = rulesets.available()
    assert EXAMPLE_CODE in available
    assert available == tuple(built_in_codes())


def test_entries_name_their_source() -> None:
    found = rulesets.entries()
    files = built_in_files()
    # found in file-name order, one entry per data file
    assert list(found) == [data["code"] for data in files.values()]
    for name, data in files.items():
        entry = found[data["code"]]
        assert entry.code == data["code"]
        assert entry.source == f"built-in file danvan_rules/data/{name}"
        assert entry.data == data
    entry = found[EXAMPLE_CODE]
    assert entry.code == EXAMPLE_CODE
    assert entry.source == BUILT_IN_SOURCE
    assert entry.data["province"] == "example"


def test_get_builds_the_rule_set(example: dr.RuleSet) -> None:
    rs = rulesets.get(EXAMPLE_CODE)
    assert isinstance(rs, dr.RuleSet)
    assert rs.code == EXAMPLE_CODE
    assert rs == example


def test_get_unknown_code_lists_the_available_ones() -> None:
    with pytest.raises(UnknownRuleSetError) as info:
        rulesets.get("nowhere/v9")
    listed = listed_codes(str(info.value), UNKNOWN_PREFIX)
    assert EXAMPLE_CODE in listed
    assert listed == built_in_codes()
    assert isinstance(info.value, LookupError)


def test_get_unknown_code_in_an_empty_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rulesets, "entries", dict)
    with pytest.raises(UnknownRuleSetError) as info:
        rulesets.get(EXAMPLE_CODE)
    assert str(info.value) == f"no rule set {EXAMPLE_CODE!r}; available: none"


def test_load_all_builds_every_rule_set(example: dr.RuleSet) -> None:
    loaded = rulesets.load_all()
    assert all(isinstance(rs, dr.RuleSet) for rs in loaded)
    codes = [rs.code for rs in loaded]
    assert codes == built_in_codes()  # every one, sorted by code
    assert loaded[codes.index(EXAMPLE_CODE)] == example
    by_code = {data["code"]: data for data in built_in_files().values()}
    for rs in loaded:
        assert rs.province == by_code[rs.code]["province"]


# ---------------------------------------------------------------------- in_force


def test_in_force_finds_the_one_version() -> None:
    rs = rulesets.in_force("example", on=dt.date(2024, 1, 1))
    assert rs.code == EXAMPLE_CODE


def test_in_force_none_lists_the_versions() -> None:
    with pytest.raises(NoRuleSetInForceError) as info:
        rulesets.in_force("example", on=dt.date(2023, 12, 31))
    assert str(info.value) == (
        "no rule set of 'example' is in force on 2023-12-31;"
        f" versions: {EXAMPLE_CODE} (2024-01-01 – …)"
    )
    assert isinstance(info.value, LookupError)


def test_in_force_for_a_province_without_rule_sets() -> None:
    with pytest.raises(NoRuleSetInForceError) as info:
        rulesets.in_force("atlantis", on=dt.date(2024, 6, 1))
    assert str(info.value) == (
        "no rule set of 'atlantis' is in force on 2024-06-01; the province has no rule set"
    )


@pytest.fixture
def two_versions(monkeypatch: pytest.MonkeyPatch, plain_toml: str, example: dr.RuleSet) -> None:
    """hue/plain-v1 (2020-01-01 – 2023-12-31) and hue/plain-v2 (2023-06-01 – …), which overlap."""
    v1 = dr.ruleset_from_toml(plain_toml)
    v2 = dr.ruleset_from_toml(
        plain_toml.replace('"hue/plain-v1"', '"hue/plain-v2"')
        .replace("effective_from = 2020-01-01", "effective_from = 2023-06-01")
        .replace("effective_until = 2023-12-31\n", "")
    )
    monkeypatch.setattr(rulesets, "load_all", lambda: (example, v1, v2))


@pytest.mark.usefixtures("two_versions")
@pytest.mark.parametrize(
    ("day", "code"),
    [
        (dt.date(2020, 1, 1), "hue/plain-v1"),
        (dt.date(2023, 5, 31), "hue/plain-v1"),
        (dt.date(2024, 1, 1), "hue/plain-v2"),
        (dt.date(2099, 1, 1), "hue/plain-v2"),
    ],
)
def test_in_force_picks_the_version_by_date(day: dt.date, code: str) -> None:
    assert rulesets.in_force("hue", on=day).code == code


@pytest.mark.usefixtures("two_versions")
@pytest.mark.parametrize("day", [dt.date(2023, 6, 1), dt.date(2023, 12, 31)])
def test_in_force_ambiguous(day: dt.date) -> None:
    with pytest.raises(AmbiguousRuleSetError) as info:
        rulesets.in_force("hue", on=day)
    assert str(info.value) == (
        f"2 rule sets of 'hue' are in force on {day.isoformat()}: hue/plain-v1, hue/plain-v2"
    )
    assert isinstance(info.value, LookupError)


@pytest.mark.usefixtures("two_versions")
def test_in_force_none_lists_every_version_of_the_province() -> None:
    with pytest.raises(NoRuleSetInForceError) as info:
        rulesets.in_force("hue", on=dt.date(2019, 12, 31))
    assert str(info.value) == (
        "no rule set of 'hue' is in force on 2019-12-31; versions:"
        " hue/plain-v1 (2020-01-01 – 2023-12-31); hue/plain-v2 (2023-06-01 – …)"
    )


# ---------------------------------------------------------------------- Entry.load


def test_entry_load_names_its_source_on_errors(plain_toml: str) -> None:
    data = dr.ruleset_to_data(dr.ruleset_from_toml(plain_toml))
    data["bands"][0]["min"] = 6  # leaves 5..6 uncovered
    entry = Entry("hue/plain-v1", "the test's source", data)
    with pytest.raises(RuleSetError) as info:
        entry.load()
    assert info.value.subject == "rule set 'hue/plain-v1' from the test's source"
    assert [str(p) for p in info.value.problems] == [
        (
            "gap: no band covers 5 to 6 (band 'khong-dat' ends below 5, 'dat' starts at 6)"
            " @ $.bands[1].below"
        )
    ]
    assert str(info.value).startswith(
        "1 problem in rule set 'hue/plain-v1' from the test's source:"
    )


def test_entry_load_builds(plain_toml: str) -> None:
    data = dr.ruleset_to_data(dr.ruleset_from_toml(plain_toml))
    assert Entry("hue/plain-v1", "anywhere", data).load().code == "hue/plain-v1"


# ---------------------------------------------------------------------- data files of a source


@pytest.fixture
def loose_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[dict[str, str]], None]]:
    """A package of TOML files offered through an entry point that belongs to no distribution.

    Call it with ``{file name: text}``; plug-ins are enabled and the registry sees
    exactly this one entry point, ``loose``, naming the package ``loose_rules``.
    """
    package = tmp_path / "loose_rules"
    package.mkdir()
    (package / "__init__.py").write_text('"""Loose rule sets."""\n', encoding="utf-8")
    (package / "README.txt").write_text("not a rule set\n", encoding="utf-8")
    (package / "nested.toml").mkdir()  # a folder, even one named like a data file, is skipped
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(NO_PLUGINS_ENV)
    point = EntryPoint(name="loose", value="loose_rules", group=ENTRY_POINT_GROUP)

    def fake_entry_points(*, group: str) -> list[EntryPoint]:
        return [point] if group == ENTRY_POINT_GROUP else []

    monkeypatch.setattr(_toml_sources, "entry_points", fake_entry_points)

    def write(files: dict[str, str]) -> None:
        for name, text in files.items():
            (package / name).write_text(text, encoding="utf-8")

    yield write
    sys.modules.pop("loose_rules", None)
    importlib.invalidate_caches()


def test_source_without_a_distribution(
    loose_package: Callable[[dict[str, str]], None], plain_toml: str
) -> None:
    loose_package({"plain.toml": plain_toml})
    assert rulesets.available() == tuple(sorted([*built_in_codes(), "hue/plain-v1"]))
    assert rulesets.entries()["hue/plain-v1"].source == "plug-in 'loose': loose_rules/plain.toml"
    assert rulesets.get("hue/plain-v1").province == "hue"


def test_data_files_are_read_in_name_order(
    loose_package: Callable[[dict[str, str]], None], plain_toml: str
) -> None:
    loose_package(
        {
            "b.toml": plain_toml.replace('"hue/plain-v1"', '"hue/plain-b"'),
            "a.toml": plain_toml.replace('"hue/plain-v1"', '"hue/plain-a"'),
        }
    )
    # the built-in files first, then the plug-in's, each source in file-name order
    built_in = [data["code"] for data in built_in_files().values()]
    assert list(rulesets.entries()) == [*built_in, "hue/plain-a", "hue/plain-b"]
    codes = [rs.code for rs in rulesets.load_all()]
    assert codes == sorted([*built_in, "hue/plain-a", "hue/plain-b"])
    assert codes.index("hue/plain-a") + 1 == codes.index("hue/plain-b")


def test_invalid_toml_in_a_data_file_names_the_file(
    loose_package: Callable[[dict[str, str]], None],
) -> None:
    loose_package({"bad.toml": 'code = "x"\ncode = "y"\n'})
    with pytest.raises(RuleSetError) as info:
        rulesets.available()
    assert info.value.subject == "plug-in 'loose': loose_rules/bad.toml"
    [problem] = info.value.problems
    assert problem.message.startswith("not valid TOML: Cannot overwrite a value")
    assert problem.path == "$"


@pytest.mark.parametrize("head", ['province = "x"\n', "code = 7\n"])
def test_data_file_without_a_text_code(
    loose_package: Callable[[dict[str, str]], None], head: str
) -> None:
    loose_package({"nocode.toml": head})
    with pytest.raises(RuleSetError) as info:
        rulesets.get(EXAMPLE_CODE)
    assert info.value.subject == "plug-in 'loose': loose_rules/nocode.toml"
    assert [str(p) for p in info.value.problems] == ["a rule set needs a text 'code' @ $.code"]


def test_get_names_the_source_of_a_data_file_with_problems(
    loose_package: Callable[[dict[str, str]], None], plain_toml: str
) -> None:
    loose_package({"plain.toml": plain_toml.replace("scale = 10", 'scale = "ten"')})
    assert "hue/plain-v1" in rulesets.available()  # found without being built
    with pytest.raises(RuleSetError) as info:
        rulesets.get("hue/plain-v1")
    assert (
        info.value.subject == "rule set 'hue/plain-v1' from plug-in 'loose': loose_rules/plain.toml"
    )
    assert [str(p) for p in info.value.problems] == ["'ten' is not a decimal number @ $.scale"]


def test_duplicate_code_names_both_sources(
    loose_package: Callable[[dict[str, str]], None], plain_toml: str
) -> None:
    loose_package(
        {
            "one.toml": plain_toml,
            "two.toml": plain_toml.replace("scale = 10", "scale = 20"),
        }
    )
    with pytest.raises(DuplicateRuleSetError) as info:
        rulesets.available()
    assert str(info.value) == (
        "rule set code 'hue/plain-v1' is provided twice: by plug-in 'loose': loose_rules/one.toml"
        " and by plug-in 'loose': loose_rules/two.toml"
    )


# ---------------------------------------------------------------------- a real plug-in


@pytest.mark.usefixtures("with_plugin")
def test_plugin_rule_set_is_available() -> None:
    available = rulesets.available()
    assert EXAMPLE_CODE in available
    assert PLUGIN_CODE in available
    assert available == tuple(sorted([*built_in_codes(), PLUGIN_CODE]))


@pytest.mark.usefixtures("with_plugin")
def test_plugin_entry_names_the_plugin_and_its_distribution() -> None:
    entry = rulesets.entries()[PLUGIN_CODE]
    assert entry.source == PLUGIN_ENTRY_SOURCE
    assert entry.data["province"] == "test-province"


@pytest.mark.usefixtures("with_plugin")
def test_plugin_rule_set_builds_and_scores() -> None:
    rs = rulesets.get(PLUGIN_CODE)
    assert rs.province == "test-province"
    assert rs.illustrative
    assert rs.assumed_values == 7
    result = dr.score(rs, dr.report_from_data(PLUGIN_REPORT))
    assert str(result.total) == "75.50"
    assert result.band_code == "tot"
    assert result.audit.ruleset_code == PLUGIN_CODE
    assert [w.code for w in result.warnings] == ["illustrative", "assumed-values"]


@pytest.mark.usefixtures("with_plugin")
def test_plugin_rule_set_is_in_force_and_loaded_with_the_others(example: dr.RuleSet) -> None:
    assert rulesets.in_force("test-province", on=dt.date(2024, 6, 1)).code == PLUGIN_CODE
    loaded = rulesets.load_all()
    codes = [rs.code for rs in loaded]
    assert codes == sorted([*built_in_codes(), PLUGIN_CODE])
    assert loaded[codes.index(EXAMPLE_CODE)] == example


@pytest.mark.usefixtures("with_plugin")
def test_plugin_ships_the_data_file_of_tests_plugin() -> None:
    installed = rulesets.entries()[PLUGIN_CODE].data
    assert installed == tomllib.loads(PLUGIN_DATA.read_text(encoding="utf-8"))
    module = importlib.import_module(PLUGIN_PACKAGE)
    assert Path(module.__file__ or "").is_relative_to(sys.path[0])
    assert module.ruleset_codes() == (PLUGIN_CODE,)


@pytest.mark.usefixtures("with_plugin")
@pytest.mark.parametrize(
    ("value", "enabled"), [("", True), ("0", True), (" 0 ", True), ("1", False)]
)
def test_no_plugins_switch(monkeypatch: pytest.MonkeyPatch, value: str, enabled: bool) -> None:
    monkeypatch.setenv(NO_PLUGINS_ENV, value)
    assert (PLUGIN_CODE in rulesets.available()) is enabled
    assert EXAMPLE_CODE in rulesets.available()


@pytest.mark.usefixtures("with_plugin")
def test_plugins_are_enabled_when_the_switch_is_unset() -> None:
    assert NO_PLUGINS_ENV not in os.environ
    assert PLUGIN_CODE in rulesets.available()


def test_no_plugins_hides_an_installed_plugin(
    monkeypatch: pytest.MonkeyPatch, use_site: Callable[[Path], None], plugin_site: Path
) -> None:
    use_site(plugin_site)
    monkeypatch.setenv(NO_PLUGINS_ENV, "1")
    assert rulesets.available() == tuple(built_in_codes())
    with pytest.raises(UnknownRuleSetError) as info:
        rulesets.get(PLUGIN_CODE)
    listed = listed_codes(str(info.value), f"no rule set {PLUGIN_CODE!r}; available: ")
    assert EXAMPLE_CODE in listed
    assert PLUGIN_CODE not in listed
    assert listed == built_in_codes()


def test_plugin_duplicating_a_built_in_code_names_both_sources(
    use_site: Callable[[Path], None], duplicate_plugin_site: Path
) -> None:
    use_site(duplicate_plugin_site)
    with pytest.raises(DuplicateRuleSetError) as info:
        rulesets.available()
    assert str(info.value) == (
        f"rule set code {EXAMPLE_CODE!r} is provided twice:"
        f" by {BUILT_IN_SOURCE} and by {PLUGIN_ENTRY_SOURCE}"
    )
    assert isinstance(info.value, LookupError)


def test_plugin_entry_point_must_name_a_package(
    use_site: Callable[[Path], None], function_plugin_site: Path
) -> None:
    use_site(function_plugin_site)
    with pytest.raises(RuleSetError) as info:
        rulesets.available()
    assert info.value.subject == PLUGIN_WHO
    assert [str(p) for p in info.value.problems] == [
        f"entry point '{PLUGIN_PACKAGE}:ruleset_codes' must name a package of TOML files @ $"
    ]


def test_plugin_leaves_no_trace_for_the_next_test() -> None:
    # Runs after the plug-in tests (file order): the registry is back to the built-ins.
    assert PLUGIN_PACKAGE not in sys.modules
    assert rulesets.available() == tuple(built_in_codes())


# ---------------------------------------------------------------------- hostile plug-in files


def test_a_data_file_past_the_size_limit_is_not_read(
    loose_package: Callable[[dict[str, str]], None],
    plain_toml: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loose_package({"big.toml": plain_toml})
    monkeypatch.setattr(_toml_sources, "MAX_RULESET_FILE_BYTES", 100)
    with pytest.raises(RuleSetError) as info:
        rulesets.available()
    [problem] = info.value.problems
    assert (problem.code, problem.message) == (
        "registry.file_too_large",
        "the file is larger than 100 bytes",
    )
    assert problem.message_vi == "tệp lớn hơn 100 byte"


def test_a_data_file_that_is_not_utf8_is_a_coded_problem(
    loose_package: Callable[[dict[str, str]], None], tmp_path: Path
) -> None:
    loose_package({})
    (tmp_path / "loose_rules" / "latin.toml").write_bytes(b'code = "\xff"\n')
    with pytest.raises(RuleSetError) as info:
        rulesets.available()
    [problem] = info.value.problems
    assert problem.code == "document.invalid_utf8"  # the codec's one TOML reader
    assert problem.message.startswith("not UTF-8 text: ")
    assert problem.message_vi.startswith("tài liệu không phải văn bản UTF-8")


def test_a_data_file_with_a_bom_is_read(
    loose_package: Callable[[dict[str, str]], None], tmp_path: Path, plain_toml: str
) -> None:
    loose_package({})
    (tmp_path / "loose_rules" / "bom.toml").write_bytes(b"\xef\xbb\xbf" + plain_toml.encode())
    assert "hue/plain-v1" in rulesets.available()


def test_an_entry_point_that_cannot_be_loaded_is_a_coded_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(NO_PLUGINS_ENV)
    point = EntryPoint(name="gone", value="no_such_package_here", group=ENTRY_POINT_GROUP)
    monkeypatch.setattr(
        _toml_sources,
        "entry_points",
        lambda *, group: [point] if group == ENTRY_POINT_GROUP else [],
    )
    with pytest.raises(RuleSetError) as info:
        rulesets.available()
    [problem] = info.value.problems
    assert problem.code == "registry.entry_point_failed"
    assert problem.message.startswith(
        "entry point 'no_such_package_here' cannot be loaded: ModuleNotFoundError"
    )
    assert problem.message_vi.startswith("không nạp được entry point 'no_such_package_here'")


def test_problems_of_version_chains_have_codes(example: dr.RuleSet) -> None:
    import attrs

    def version(code: str, start: dt.date, replaces: str | None = None) -> dr.RuleSet:
        return attrs.evolve(example, code=code, effective_from=start, replaces=replaces)

    found = [
        version("example/a", dt.date(2020, 1, 1)),
        version("example/b", dt.date(2020, 1, 1)),
        version("example/c", dt.date(2021, 1, 1), replaces="example/zz"),
        version("example/d", dt.date(2019, 1, 1), replaces="example/c"),
    ]
    problems = rulesets.check_versions(found)
    assert sorted({p.code for p in problems}) == [
        "registry.replaces_later",
        "registry.replaces_unknown",
        "registry.same_start",
        "registry.versions_overlap",
    ]
    assert all(p.message_vi and p.message_vi != p.message for p in problems)
