"""Effective dating: replacement chains, the rule set for a year, the rule set for a report."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.errors import AmbiguousRuleSetError, InvalidValueError, NoRuleSetInForceError

from .conftest import EXAMPLES

D = dt.date


def version(
    example: dr.RuleSet, code: str, start: D, end: D | None = None, replaces: str | None = None
) -> dr.RuleSet:
    province = code.split("/", maxsplit=1)[0]
    return attrs.evolve(
        example,
        code=code,
        province=province,
        effective_from=start,
        effective_until=end,
        replaces=replaces,
    )


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    def install(*found: dr.RuleSet) -> None:
        monkeypatch.setattr(rulesets, "load_all", lambda: tuple(found))

    return install


def test_a_clean_chain(example: dr.RuleSet, registry: Callable[..., None]) -> None:
    old = version(example, "dong-thap/a", D(2019, 9, 17), D(2021, 9, 5))
    new = version(example, "dong-thap/b", D(2021, 9, 6), replaces="dong-thap/a")
    registry(old, new)
    assert rulesets.check_versions() == ()
    assert rulesets.in_force("dong-thap", on=D(2021, 9, 5)).code == "dong-thap/a"
    assert rulesets.in_force("dong-thap", on=D(2021, 9, 6)).code == "dong-thap/b"
    assert rulesets.for_year("dong-thap", 2021).code == "dong-thap/b"  # 31 Dec selects
    assert rulesets.for_year("dong-thap", 2020).code == "dong-thap/a"
    with pytest.raises(NoRuleSetInForceError, match="versions: dong-thap/a"):
        rulesets.for_year("dong-thap", 2018)


def test_broken_chains_are_reported(example: dr.RuleSet) -> None:
    open_ended = version(example, "x/a", D(2019, 1, 1))
    later = version(example, "x/b", D(2020, 1, 1), replaces="x/zz")
    twin = version(example, "x/c", D(2020, 1, 1), D(2020, 6, 1), replaces="x/d")
    newer = version(example, "x/d", D(2022, 1, 1))
    problems = rulesets.check_versions([open_ended, later, twin, newer])
    messages = [(p.path, p.message) for p in problems]
    assert messages[0][0] == "x/a: $.effective_until"
    assert "still in force when x/b takes effect on 2020-01-01" in messages[0][1]
    assert any(path == "x/b: $.effective_from" and "both take effect" in m for path, m in messages)
    assert any(
        path == "x/b: $.replaces" and "'x/zz', which is not a known" in m for path, m in messages
    )
    assert any(path == "x/c: $.replaces" and "not before 2020-01-01" in m for path, m in messages)


def test_ambiguity_is_an_error(example: dr.RuleSet, registry: Callable[..., None]) -> None:
    registry(version(example, "x/a", D(2019, 1, 1)), version(example, "x/b", D(2020, 1, 1)))
    with pytest.raises(AmbiguousRuleSetError, match="2 rule sets of 'x' are in force"):
        rulesets.for_year("x", 2020)


def report(**changes: Any) -> dr.UnitReport:
    return attrs.evolve(dr.load_report(EXAMPLES / "tot.json"), **changes)


def test_a_merged_province_uses_its_predecessors_rules(
    example: dr.RuleSet, registry: Callable[..., None]
) -> None:
    bac_kan = version(example, "bac-kan/qd-1878-2017", D(2017, 10, 30))
    registry(bac_kan)
    merged = report(province="thai-nguyen", former_province="bac-kan", year=2025)
    chosen = rulesets.for_report(merged)
    assert chosen.code == "bac-kan/qd-1878-2017"
    result = dr.score(chosen, merged)
    assert "former-province-rules" in [w.code for w in result.warnings]
    with pytest.raises(NoRuleSetInForceError, match="no rule set of 'thai-nguyen'"):
        rulesets.for_report(report(province="thai-nguyen", year=2025))


def test_a_merged_province_with_rules_of_its_own(
    example: dr.RuleSet, registry: Callable[..., None]
) -> None:
    old = version(example, "dong-nai/old", D(2018, 9, 12), D(2025, 12, 31))
    own = version(example, "dong-nai/new", D(2026, 1, 1), replaces="dong-nai/old")
    registry(old, own)
    for_2025 = report(province="dong-nai", former_province="binh-phuoc", year=2025)
    with pytest.raises(NoRuleSetInForceError, match="'dong-nai' has no rule set of its own"):
        rulesets.for_report(for_2025)  # the 2018 rules were Đồng Nai's, not Bình Phước's
    same_name = report(province="dong-nai", former_province="dong-nai", year=2025)
    chosen = rulesets.for_report(same_name)
    assert chosen.code == "dong-nai/old"
    assert "former-province-rules" in [w.code for w in dr.score(chosen, same_name).warnings]
    assert rulesets.for_report(attrs.evolve(for_2025, year=2026)).code == "dong-nai/new"
    assert rulesets.for_report(report(province="dong-nai", year=2024)).code == "dong-nai/old"


def test_former_province_must_be_a_predecessor(registry: Callable[..., None]) -> None:
    registry()
    with pytest.raises(dr.ReportError) as info:
        rulesets.for_report(report(province="dong-nai", former_province="bac-kan", year=2025))
    (problem,) = info.value.problems
    assert problem.path == "$.former_province"
    assert "predecessors: dong-nai, binh-phuoc" in problem.message


def test_two_own_rule_sets_are_ambiguous(
    example: dr.RuleSet, registry: Callable[..., None]
) -> None:
    registry(
        version(example, "dong-nai/a", D(2025, 7, 1)), version(example, "dong-nai/b", D(2025, 8, 1))
    )
    with pytest.raises(AmbiguousRuleSetError):
        rulesets.for_report(report(province="dong-nai", former_province="dong-nai", year=2025))


def test_the_cli_picks_the_rule_set_per_report(capsys: pytest.CaptureFixture[str]) -> None:
    from danvan_rules import cli

    assert cli.main(["score", str(EXAMPLES / "tot.json")]) == 0
    assert "so-tu-phap" in capsys.readouterr().out
    assert cli.main(["score", str(EXAMPLES / "tot.json"), str(EXAMPLES / "malformed.json")]) == 1


def test_the_cli_says_why_no_rule_set_applies(tmp_path: Any) -> None:
    from danvan_rules import cli

    base = dr.report_to_data(dr.load_report(EXAMPLES / "tot.json"))
    cases = {
        "nowhere.json": {**base, "province": "thai-nguyen", "year": 2025},
        "not-former.json": {**base, "province": "dong-nai", "former_province": "bac-kan"},
        "broken.json": "{not json",
    }
    paths = []
    for name, content in cases.items():
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    out = io.StringIO()
    assert cli.main(["score", "--lang", "en", *paths], out=out) == 1
    text = out.getvalue()
    assert (
        "no rule set of 'thai-nguyen' is in force on 2025-12-31; the province has no rule set @ $.province"
        in text
    )
    assert "'bac-kan' is not a former province of 'dong-nai'" in text
    assert "not valid JSON" in text


# ---------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize("year", [0, -1, 10_000, True, 2024.0, "2024", None])
def test_for_year_refuses_a_year_that_is_not_one(year: Any) -> None:
    with pytest.raises(InvalidValueError) as info:
        rulesets.for_year("example", year)
    assert isinstance(info.value, ValueError)
    assert info.value.code == "registry.invalid_year"
    assert str(info.value) == f"year must be a whole year from 1 to 9999, not {year!r}"
    assert info.value.message_vi.startswith("năm phải là một số nguyên từ 1 đến 9999")


untyped: Any = rulesets  # the calls below break the signatures on purpose


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: untyped.get(["x"]), "code must be a text code, not list ['x']"),
        (lambda: untyped.in_force(3, on=D(2024, 1, 1)), "province must be a text code, not int 3"),
        (lambda: untyped.in_force("example", on="2024-01-01"), "on must be a date"),
        (
            lambda: untyped.in_force("example", on=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
            "on must be a date",
        ),
        (
            lambda: untyped.in_force("example", on=D(2024, 1, 1), among=[None]),
            "among must hold rule sets, not NoneType",
        ),
        (lambda: untyped.check_versions(["x"]), "among must hold rule sets, not str"),
        (lambda: untyped.for_report({"unit_id": "x"}), "report must be a UnitReport, not dict"),
    ],
)
def test_public_functions_refuse_bad_arguments_with_a_typed_error(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        call()
    assert isinstance(info.value, dr.DanvanError)
    assert info.value.code == "registry.invalid_argument"
    assert str(info.value).startswith(message)
    assert info.value.message_vi


def test_a_former_province_that_is_not_a_province_is_at_its_path() -> None:
    with pytest.raises(dr.ReportError) as info:
        rulesets.for_report(report(province="dong-nai", former_province="atlantis", year=2025))
    [problem] = info.value.problems
    assert (problem.code, problem.path) == ("registry.unknown_province", "$.former_province")
    assert problem.message.startswith("unknown province code 'atlantis'")
    with pytest.raises(dr.ReportError) as info:
        rulesets.for_report(report(province="atlantis", former_province="dong-nai", year=2025))
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("registry.unknown_province", "$.province")
    ]


def test_a_former_province_not_merged_into_the_province_has_a_code() -> None:
    with pytest.raises(dr.ReportError) as info:
        rulesets.for_report(report(province="dong-nai", former_province="bac-kan", year=2025))
    [problem] = info.value.problems
    assert problem.code == "registry.not_a_predecessor"
    assert problem.message_vi.startswith("'bac-kan' không phải tỉnh cũ của 'dong-nai'")


def test_a_province_with_no_predecessors_says_so_in_both_languages() -> None:
    with pytest.raises(dr.ReportError) as info:
        rulesets.for_report(report(province="bac-kan", former_province="ha-noi", year=2024))
    [problem] = info.value.problems
    assert problem.message.endswith("(its predecessors: none)")
    assert problem.message_vi.endswith("(các tỉnh cũ: không có)")
