"""The shipped golden-case runner (danvan_rules.testing) and its pytest plug-in."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.errors import UnknownRuleSetError
from danvan_rules.testing import (
    KINDS,
    CaseFailure,
    CasesError,
    Mismatch,
    _cases,
    check_result,
    load_cases,
    merged,
)

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
OWN_CASES = sorted((ROOT / "tests" / "rulesets" / "cases").glob("*/*.toml"))

HEAD = """\
ruleset = "example/dan-van-2024"

[base]
unit_id = "so-tu-phap"
unit_name = "Sở Tư pháp"
category = "so-nganh"
year = 2024
province = "example"
self_scores = { "I.1" = true, "I.2" = 5, "I.3" = "Khá", "II.1" = 8.5, "II.2" = 2, "III.1" = 96, "III.2" = 1, "IV.1" = 6, "IV.2" = 100, "V" = 8, "VI.1" = true, "VI.2" = "Được công nhận" }
appraised_scores = { "VII" = 8 }
facts = { ky_luat = false, moi_thanh_lap = false, khieu_nai_dong_nguoi = 0, bao_cao_tre_han = 0 }
bonuses = { dvk-cap-tinh = 1 }
"""

GOOD = (
    HEAD
    + """
[[cases]]
name = "the base report"
source = "examples/tot.json"
published = false
expect = { total = "82.50", self_total = "74.50", criteria_total = 81.5, band = "tot", band_by_score = "tot", status = "rated", applied = [], warnings = ["illustrative"] }

[[cases]]
name = "an unknown category is refused"
category = "nope"
expect = { error = "unknown category 'nope'" }

[[criteria]]
criterion = "I.3"
answer = "Tốt"
points = 5

[[criteria]]
criterion = "VII"
answer = 10
appraised = true
points = "10"

[[cohorts]]
name = "two units, no quota reached"
units = [
  { unit_id = "a", expect_band = "tot" },
  { unit_id = "b", expect_band = "tot" },
]
demoted = 0

[[dates]]
province = "example"
on = 2023-12-31
expect = "none"

[[dates]]
province = "example"
on = 2024-01-01
expect = "example/dan-van-2024"
"""
)

BAD = (
    HEAD
    + """
[[cases]]
name = "every expectation wrong"
expect = { total = "1", self_total = "2", criteria_total = "x", band = "", band_by_score = "xuat-sac", status = "ineligible", applied = ["ky-luat"], warnings = ["nope"] }

[[cases]]
name = "an error that does not come"
expect = { error = "anything" }

[[cases]]
name = "another error than expected"
category = "nope"
expect = { error = "something else" }

[[criteria]]
criterion = "I.3"
answer = "Tốt"
points = 4

[[cohorts]]
name = "wrong bands"
units = [{ unit_id = "a", expect_band = "xuat-sac" }]
demoted = 2

[[dates]]
province = "example"
on = 2023-12-31
expect = "example/dan-van-2024"

[[dates]]
province = "example"
on = 2024-06-01
expect = "none"
"""
)


def write(tmp_path: Path, text: str, name: str = "cases.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- the runner


def test_the_repository_cases_all_pass_through_the_shipped_runner() -> None:
    assert len(OWN_CASES) >= 14
    kinds = set()
    for path in OWN_CASES:
        for case in load_cases(path):
            case.run()
            kinds.add(case.kind)
    assert kinds == set(KINDS)  # every kind of entry the repository uses is run


def test_a_good_file_loads_every_kind_in_order_and_passes(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    cases = load_cases(path)
    assert [c.kind for c in cases] == [
        "cases",
        "cases",
        "criteria",
        "criteria",
        "cohorts",
        "dates",
        "dates",
    ]
    assert [c.name for c in cases] == [
        "case[0] the base report",
        "case[1] an unknown category is refused",
        "criterion[0] I.3",
        "criterion[1] VII",
        "cohort[0] two units, no quota reached",
        "date[0] example 2023-12-31",
        "date[1] example 2024-01-01",
    ]
    assert cases[0].id == f"{path}::case[0] the base report"
    assert cases[0].ruleset == "example/dan-van-2024"
    for case in cases:
        case.run()


def test_every_mismatch_is_reported_with_expected_and_actual(tmp_path: Path) -> None:
    cases = load_cases(write(tmp_path, BAD))
    messages = []
    for case in cases:
        with pytest.raises(CaseFailure) as info:
            case.run()
        messages.append(str(info.value))
    everything = messages[0].splitlines()
    assert everything == [
        "total: expected 1, got 82.50",
        "self_total: expected 2, got 74.50",
        "criteria_total: expected x, got 81.5",
        "band: expected None, got tot",
        "band by score: expected xuat-sac, got tot",
        "status: expected ineligible, got rated",
        "applied conditions: expected ['ky-luat'], got []",
        "warnings: expected ['nope'] among them, got ['illustrative', 'assumed-values']",
    ]
    assert messages[1] == "error: expected 'anything', got no error (total 82.50)"
    assert messages[2].startswith("error: expected 'something else', got \"1 problem in report")
    assert messages[3] == "points of I.3 answered 'Tốt': expected 4, got 5"
    assert messages[4] == (
        "bands after the quota: expected {'a': 'xuat-sac'}, got {'a': 'tot'}\n"
        "units demoted: expected 2, got 0"
    )
    assert messages[5].startswith(
        "rule set of 'example' in force on 2023-12-31: expected 'example/dan-van-2024', "
        "got NoRuleSetInForceError: no rule set of 'example'"
    )
    assert messages[6] == (
        "rule set of 'example' in force on 2024-06-01: expected 'none', got 'example/dan-van-2024'"
    )


def test_a_case_failure_holds_its_mismatches() -> None:
    failure = CaseFailure([Mismatch("total", "1", "2"), Mismatch("band", "a", "b")])
    assert isinstance(failure, AssertionError)
    assert [m.what for m in failure.mismatches] == ["total", "band"]
    assert str(failure) == "total: expected 1, got 2\nband: expected a, got b"


def test_an_expected_error_matches_by_its_code(tmp_path: Path) -> None:
    case = load_cases(write(tmp_path, GOOD))[1]
    with pytest.raises(dr.ReportError) as info:
        dr.score(dr.rulesets.get(case.ruleset), dr.report_from_data(merged(case.base, case.entry)))
    [problem] = info.value.problems
    assert problem.code not in str(info.value)  # so only the code can match
    attrs.evolve(case, entry={**case.entry, "expect": {"error": problem.code}}).run()


def test_an_ambiguous_date_is_expected_and_checked(
    example: dr.RuleSet, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    twin = attrs.evolve(example, code="example/twin")
    monkeypatch.setattr(rulesets, "load_all", lambda: (example, twin))
    path = write(
        tmp_path,
        'ruleset = "example/dan-van-2024"\n'
        '[[dates]]\nprovince = "example"\non = 2024-06-01\nexpect = "ambiguous"\n'
        '[[dates]]\nprovince = "example"\non = 2024-06-01\nexpect = "none"\n',
    )
    ambiguous, none = load_cases(path)
    ambiguous.run()
    with pytest.raises(CaseFailure, match="got AmbiguousRuleSetError: 2 rule sets"):
        none.run()


def test_a_case_that_cannot_be_scored_raises_the_library_error(tmp_path: Path) -> None:
    [case] = load_cases(
        write(tmp_path, GOOD.replace('"example/dan-van-2024"\n', '"no/such"\n', 1))
    )[:1]
    with pytest.raises(UnknownRuleSetError):
        case.run()


def test_merged_keeps_the_base_and_merges_score_tables() -> None:
    base = {"unit_id": "u", "self_scores": {"A": 1, "B": 2}, "year": 2024}
    got = merged(base, {"self_scores": {"B": 3}, "year": 2025, "name": "x", "expect": {}})
    assert got == {
        "unit_id": "u",
        "unit_name": "Đơn vị thử",
        "self_scores": {"A": 1, "B": 3},
        "year": 2025,
    }
    assert base["self_scores"] == {"A": 1, "B": 2}  # the base is not changed
    assert merged({}, {"facts": {"x": 1}})["facts"] == {"x": 1}  # no table to merge into


def test_check_result_is_empty_when_everything_holds(example: dr.RuleSet) -> None:
    result = dr.score(example, dr.load_report(ROOT / "examples" / "tot.json"))
    assert list(check_result(result, {"total": "82.5", "band": "tot", "warnings": []})) == []


# ---------------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    ("text", "code", "path"),
    [
        ("base = {}\n[[cases]]\nexpect = { total = 1 }\n", "cases.no_ruleset", "$.ruleset"),
        (
            'ruleset = "x"\nbase = 3\n[[dates]]\nprovince = "p"\non = 2024-01-01\nexpect = "none"\n',
            "cases.not_a_table",
            "$.base",
        ),
        (
            'ruleset = "x"\ncase = []\n[[dates]]\nprovince = "p"\non = 2024-01-01\nexpect = "none"\n',
            "cases.unknown_key",
            '$["case"]',
        ),
        ('ruleset = "x"\ncases = 3\n', "cases.not_a_list", "$.cases"),
        ('ruleset = "x"\ncases = [3]\n', "cases.not_a_table", "$.cases[0]"),
        ('ruleset = "x"\n[[cases]]\nname = "n"\n', "cases.nothing_expected", "$.cases[0].expect"),
        ('ruleset = "x"\n[[cases]]\nexpect = {}\n', "cases.nothing_expected", "$.cases[0].expect"),
        (
            'ruleset = "x"\n[[cases]]\nexpect = { totl = 1 }\n',
            "cases.unknown_expectation",
            '$.cases[0].expect["totl"]',
        ),
        (
            'ruleset = "x"\n[[criteria]]\nanswer = 1\npoints = 1\n',
            "cases.missing_field",
            "$.criteria[0].criterion",
        ),
        (
            'ruleset = "x"\n[[criteria]]\ncriterion = "A"\npoints = 1\n',
            "cases.missing_field",
            "$.criteria[0].answer",
        ),
        (
            'ruleset = "x"\n[[criteria]]\ncriterion = "A"\nanswer = 1\npoints = true\n',
            "cases.missing_field",
            "$.criteria[0].points",
        ),
        ('ruleset = "x"\n[[cohorts]]\nunits = []\n', "cases.missing_field", "$.cohorts[0].units"),
        ('ruleset = "x"\n[[cohorts]]\nunits = [3]\n', "cases.not_a_table", "$.cohorts[0].units[0]"),
        (
            'ruleset = "x"\n[[cohorts]]\nunits = [{ unit_id = "a" }]\n',
            "cases.missing_field",
            "$.cohorts[0].units[0].expect_band",
        ),
        (
            'ruleset = "x"\n[[dates]]\non = 2024-01-01\nexpect = "none"\n',
            "cases.missing_field",
            "$.dates[0].province",
        ),
        (
            'ruleset = "x"\n[[dates]]\nprovince = "p"\non = "2024-01-01"\nexpect = "none"\n',
            "cases.missing_field",
            "$.dates[0].on",
        ),
        (
            'ruleset = "x"\n[[dates]]\nprovince = "p"\non = 2024-01-01\n',
            "cases.missing_field",
            "$.dates[0].expect",
        ),
        ('ruleset = "x"\n', "cases.empty", "$"),
        ('ruleset = "x"\n[base]\nunit_id = "a"\ncases = []\n', "cases.empty", "$"),
        ("ruleset = \n", "document.invalid_toml", "$"),  # the codec's one TOML reader
    ],
)
def test_a_malformed_file_is_refused_with_a_coded_problem(
    tmp_path: Path, text: str, code: str, path: str
) -> None:
    file = write(tmp_path, text)
    with pytest.raises(CasesError) as info:
        load_cases(file)
    err = info.value
    assert isinstance(err, ValueError)
    assert [(p.code, p.path) for p in err.problems] == [(code, path)]
    [problem] = err.problems
    assert problem.message_vi
    assert problem.message_vi != problem.message
    assert err.subject == f"cases file {file}"
    assert err.render("vi").startswith(f"1 lỗi trong tệp ca kiểm thử {file}:")


def test_every_problem_of_a_file_comes_at_once(tmp_path: Path) -> None:
    text = 'base = 1\nextra = 2\n[[cases]]\nexpect = { x = 1 }\n[[criteria]]\nanswer = "a"\n'
    with pytest.raises(CasesError) as info:
        load_cases(write(tmp_path, text))
    assert [p.code for p in info.value.problems] == [
        "cases.no_ruleset",
        "cases.not_a_table",
        "cases.unknown_key",
        "cases.unknown_expectation",
        "cases.missing_field",
        "cases.missing_field",
    ]


def test_a_file_that_is_not_utf8_or_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'ruleset = "\xff"\n')
    with pytest.raises(CasesError) as info:
        load_cases(latin)
    assert [p.code for p in info.value.problems] == ["document.invalid_utf8"]
    monkeypatch.setattr(_cases, "MAX_RULESET_FILE_BYTES", 10)
    with pytest.raises(CasesError) as info:
        load_cases(write(tmp_path, GOOD))
    assert [p.code for p in info.value.problems] == ["cases.too_large"]
    assert info.value.problems[0].message == "the file is larger than 10 bytes"


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert len(load_cases(path)) == 7


def test_a_file_that_cannot_be_read_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_cases(tmp_path / "missing.toml")


# ---------------------------------------------------------------------- the pytest plug-in


def test_the_plugin_is_registered_through_pytest11(pytestconfig: pytest.Config) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("danvan_rules")
    assert plugin is not None
    assert plugin.__name__ == "danvan_rules.testing.pytest_plugin"


def test_a_file_named_on_the_command_line_is_collected(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", good=GOOD, bad=BAD)
    result = pytester.runpytest("good.toml", "-v")
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(["*good.toml::case[[]0[]] the base report PASSED*"])
    result = pytester.runpytest("bad.toml")
    result.assert_outcomes(failed=7)
    result.stdout.fnmatch_lines(
        [
            "*example/dan-van-2024: criterion[[]0[]] I.3",
            "points of I.3 answered 'Tốt': expected 4, got 5",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_the_plugin_is_inert_for_other_files(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", good=GOOD)
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    pytester.runpytest().assert_outcomes(passed=1)  # good.toml not named, not configured


def test_the_setting_collects_matching_files(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ndanvan_cases =\n    cases/*.toml\n")
    (pytester.path / "cases").mkdir()
    (pytester.path / "cases" / "good.toml").write_text(GOOD, encoding="utf-8")
    (pytester.path / "other.toml").write_text("x = 1\n", encoding="utf-8")
    pytester.runpytest().assert_outcomes(passed=7)


def test_a_malformed_file_is_a_collection_error_listing_its_problems(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".toml", broken='ruleset = "x"\n[[cases]]\nname = "n"\n')
    result = pytester.runpytest("broken.toml")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*1 problem in cases file *broken.toml:", "*@ $.cases[[]0[]].expect"]
    )
    assert "Traceback" not in result.stdout.str()


def test_other_errors_keep_pytest_s_own_report(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", unknown=GOOD.replace('"example/dan-van-2024"\n', '"no/such"\n', 1))
    pytester.makeconftest(
        "import pytest\n"
        "from danvan_rules.testing import _cases\n"
        "real = _cases.load_cases\n"
        "def boom(path):\n"
        "    if path.name == 'boom.toml':\n"
        "        raise RuntimeError('exploded')\n"
        "    return real(path)\n"
        "def pytest_configure(config):\n"
        "    _cases.load_cases = boom\n"
        "def pytest_unconfigure(config):\n"
        "    _cases.load_cases = real\n"
    )
    pytester.makefile(".toml", boom=GOOD)
    result = pytester.runpytest("--continue-on-collection-errors", "unknown.toml", "boom.toml")
    result.assert_outcomes(failed=5, passed=2, errors=1)  # the two date cases need no rule set
    result.stdout.fnmatch_lines(["*UnknownRuleSetError*", "*RuntimeError: exploded*"])


def test_importing_the_plugin_imports_neither_hypothesis_nor_the_kit() -> None:
    code = (
        "import sys\n"
        "import danvan_rules.testing.pytest_plugin\n"
        "assert 'hypothesis' not in sys.modules, 'hypothesis'\n"
        "assert 'danvan_rules.testing._kit' not in sys.modules, 'kit'\n"
        "assert 'danvan_rules.testing._cases' not in sys.modules, 'runner'\n"
        "assert 'cattrs' not in sys.modules, 'cattrs'\n"
        "import danvan_rules\n"
        "print('ok')\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


def test_dates_are_compared_as_dates(tmp_path: Path) -> None:
    [case] = load_cases(
        write(
            tmp_path,
            'ruleset = "x"\n[[dates]]\nprovince = "example"\non = 2024-01-01\nexpect = "example/dan-van-2024"\n',
        )
    )
    assert case.entry["on"] == dt.date(2024, 1, 1)
    case.run()


def test_a_cohort_without_demoted_checks_only_the_bands(tmp_path: Path) -> None:
    cohort = next(c for c in load_cases(write(tmp_path, GOOD)) if c.kind == "cohorts")
    entry = {key: value for key, value in cohort.entry.items() if key != "demoted"}
    attrs.evolve(cohort, entry=entry).run()
    wrong = {**entry, "units": [{"unit_id": "a", "expect_band": "xuat-sac"}]}
    with pytest.raises(CaseFailure) as info:
        attrs.evolve(cohort, entry=wrong).run()
    assert [m.what for m in info.value.mismatches] == ["bands after the quota"]
