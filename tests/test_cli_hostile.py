"""The command line against hostile text and hostile terminals (issue #6 §2, §5, CLI side)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.cli import main
from danvan_rules.cli._common import tolerant, write_json

from .cli_run import run

ROOT = Path(__file__).resolve().parent.parent
TOT = ROOT / "examples" / "tot.json"
EXAMPLE_CODE = "example/dan-van-2024"
PROBLEM_KEYS = {"code", "path", "message_vi", "message_en"}


def report(tmp_path: Path, name: str = "r.json", **changes: Any) -> str:
    data = {**json.loads(TOT.read_text(encoding="utf-8")), **changes}
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------- control characters


def test_a_unit_id_with_a_newline_does_not_forge_a_table_row(tmp_path: Path) -> None:
    path = report(tmp_path, unit_id="so-tu-phap\nforged  100.00  Xuất sắc")
    status, text = run("score", "--ruleset", EXAMPLE_CODE, path)
    assert status == 0
    lines = text.splitlines()
    assert len(lines) == 3  # header, rule, one row: nothing forged
    assert lines[2].startswith("so-tu-phap\\nforged  100.00  Xuất sắc  82.50  ")


def test_ansi_escapes_do_not_reach_the_terminal(tmp_path: Path) -> None:
    path = report(tmp_path, unit_id="a\x1b[2J", unit_name="Sở \x1b[31mđỏ\x1b[0m\nUnit: fake")
    for command, shown in (("score", "a\\x1b[2J  82.50"), ("explain", "Sở \\x1b[31mđỏ")):
        status, text = run(command, "--ruleset", EXAMPLE_CODE, path)
        assert status == 0
        assert "\x1b" not in text
        assert shown in text
    status, text = run("explain", "--lang", "en", "--ruleset", EXAMPLE_CODE, path)
    assert text.splitlines()[0] == "Unit: Sở \\x1b[31mđỏ\\x1b[0m\\nUnit: fake (a\\x1b[2J)"
    assert sum(line.startswith("Unit: ") for line in text.splitlines()) == 1


def test_problems_of_hostile_input_are_escaped(tmp_path: Path) -> None:
    path = report(tmp_path, category="x\x1b[31m\ny")
    status, text = run("score", "--lang", "en", "--ruleset", EXAMPLE_CODE, path)
    assert status == 1
    assert "\x1b" not in text
    assert all(line.startswith(("1 problem", "  ")) for line in text.splitlines())


def test_show_escapes_the_text_of_a_rule_set_file(tmp_path: Path, plain_toml: str) -> None:
    path = tmp_path / "evil.toml"
    path.write_text(plain_toml.replace("Phụ lục", "Phụ lục\\u001b[31m\\nband x"), encoding="utf-8")
    status, text = run("show", str(path))
    assert status == 0
    assert "\x1b" not in text
    assert "  scorecard pl: Phụ lục\\x1b[31m\\nband x" in text.splitlines()


def test_json_with_a_lone_surrogate_is_still_written() -> None:
    out = io.StringIO()
    write_json({"name": "a\ud800b", "vi": "Sở"}, out)
    assert json.loads(out.getvalue()) == {"name": "a\ud800b", "vi": "Sở"}
    out.getvalue().encode("utf-8")  # the text can be written to any UTF-8 stream
    out = io.StringIO()
    write_json({"vi": "Sở"}, out)
    assert "Sở" in out.getvalue()  # Vietnamese stays readable when it can


# ---------------------------------------------------------------------- terminals


def _cli(*argv: str, encoding: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from danvan_rules.cli import main; sys.exit(main())"
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        encoding=encoding,  # what the child writes in
        errors="strict",
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        cwd=ROOT,
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stdout_that_cannot_encode_vietnamese_gets_escapes_not_a_traceback(
    encoding: str,
) -> None:
    done = _cli("score", str(TOT), encoding=encoding)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "t\\u1ed1t (tot)" in done.stdout
    done = _cli("explain", "--ruleset", "no/such", str(TOT), encoding=encoding)
    assert done.returncode == 2
    assert done.stderr.startswith("danvan-rules: error: no rule set 'no/such'")


def test_a_text_stream_in_ascii_given_as_out_gets_escapes() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    assert main(["explain", str(TOT)], out=stream) == 0
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert text.startswith("\\u0110\\u01a1n v\\u1ecb: S\\u1edf T\\u01b0 ph\\xe1p (so-tu-phap)\n")


def test_a_utf8_stream_is_left_as_it_is() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert tolerant(stream).errors == "strict"
    ascii_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert tolerant(ascii_stream).errors == "backslashreplace"
    plain = io.StringIO()
    assert tolerant(plain) is plain


# ---------------------------------------------------------------------- paths and codes


def test_a_former_province_that_is_not_a_province_is_reported_at_its_own_path(
    tmp_path: Path,
) -> None:
    path = report(tmp_path, province="dong-nai", former_province="atlantis", year=2025)
    status, text = run("score", "--lang", "en", path)
    assert status == 1
    lines = text.splitlines()
    assert lines[0] == f"1 problem in report of unit 'so-tu-phap' ({path}):"
    assert lines[1].startswith("  unknown province code 'atlantis'")
    assert lines[1].endswith(" @ $.former_province")
    status, data = run("score", "--format", "json", path)
    [problem] = json.loads(data)[0]["problems"]
    assert problem["code"] == "registry.unknown_province"
    assert problem["path"] == "$.former_province"


def test_problems_in_json_carry_code_path_and_both_messages(tmp_path: Path) -> None:
    path = report(tmp_path, unit_id=3)
    status, text = run("score", "--format", "json", "--ruleset", EXAMPLE_CODE, path)
    assert status == 1
    [item] = json.loads(text)
    assert item["status"] == "invalid"
    for problem in item["problems"]:
        assert problem.keys() == PROBLEM_KEYS
        assert problem["path"].startswith("$")
        assert problem["message_en"]
        assert problem["message_vi"]


def test_lang_chooses_the_language_of_problems(tmp_path: Path) -> None:
    path = report(tmp_path, province="dong-nai", former_province="atlantis", year=2025)
    _, vi = run("score", path)
    _, en = run("score", "--lang", "en", path)
    assert vi.splitlines()[0] == f"1 lỗi trong báo cáo của đơn vị 'so-tu-phap' ({path}):"
    assert "mã tỉnh 'atlantis' không phải của tỉnh nào" in vi
    assert "unknown province code 'atlantis'" in en


def test_no_rule_set_in_force_is_a_coded_problem_at_the_province(tmp_path: Path) -> None:
    path = report(tmp_path, year=2023)
    status, text = run("score", path)
    assert status == 1
    assert text.splitlines()[1] == (
        "  không có bộ quy tắc nào áp dụng cho tỉnh 'example' vào ngày 2023-12-31 @ $.province"
    )
    [item] = json.loads(run("score", "--format", "json", path)[1])
    assert [p["code"] for p in item["problems"]] == ["cli.no_ruleset_in_force"]
    assert item["problems"][0]["message_en"].startswith("no rule set of 'example' is in force")


def test_two_rule_sets_in_force_is_a_coded_problem(
    example: dr.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    twin = attrs.evolve(example, code="example/twin")
    monkeypatch.setattr(rulesets, "load_all", lambda: (example, twin))
    status, text = run("score", "--format", "json", str(TOT))
    assert status == 1
    [problem] = json.loads(text)[0]["problems"]
    assert problem["code"] == "cli.ambiguous_ruleset"
    assert problem["message_vi"] == (
        "có nhiều bộ quy tắc của tỉnh 'example' cùng có hiệu lực vào ngày 2024-12-31"
    )


def test_an_invalid_rule_set_in_json_format_is_json(tmp_path: Path, plain_toml: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(plain_toml.replace("scale = 10", 'scale = "ten"'), encoding="utf-8")
    for argv in (["show", str(path)], ["score", "--ruleset", str(path), str(TOT)]):
        status, text = run(*argv, "--format", "json")
        assert status == 1
        data = json.loads(text)
        assert data["status"] == "invalid"
        assert data["subject"] == f"rule set 'hue/plain-v1' ({path})"
        assert data["problems"][0].keys() == PROBLEM_KEYS


def test_lint_json(tmp_path: Path, plain_toml: str) -> None:
    good = tmp_path / "good.toml"
    good.write_text(plain_toml, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(plain_toml.replace("scale = 10", 'scale = "ten"'), encoding="utf-8")
    status, text = run("lint", "--format", "json", str(good), str(bad))
    assert status == 1
    ok, invalid = json.loads(text)
    assert ok == {"file": str(good), "status": "ok", "code": "hue/plain-v1", "assumed_values": 0}
    assert invalid["file"] == str(bad)
    assert invalid["status"] == "invalid"
    assert [p["path"] for p in invalid["problems"]] == ["$.scale"]
    assert invalid["problems"][0].keys() == PROBLEM_KEYS


def test_lint_in_vietnamese(tmp_path: Path, plain_toml: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(plain_toml.replace("scale = 10", 'scale = "ten"'), encoding="utf-8")
    status, text = run("lint", str(bad))
    assert status == 1
    assert text.splitlines()[0] == f"{bad}: 1 lỗi"
    assert text.splitlines()[1].startswith(f"{bad}: ")


def test_a_report_with_a_lone_surrogate_is_accounted_for_in_every_format(tmp_path: Path) -> None:
    good = json.loads(TOT.read_text(encoding="utf-8"))
    path = tmp_path / "lone.json"
    text = json.dumps([good, {**good, "unit_id": "so-\ud800"}])  # legal JSON: "\ud800"
    path.write_text(text, encoding="ascii")
    status, table = run("score", str(path))
    assert status == 1
    table.encode("utf-8")  # printable on any UTF-8 terminal: the surrogate is escaped
    assert table.splitlines()[2].startswith("so-tu-phap  82.50")
    status, data = run("score", "--format", "json", str(path))
    assert status == 1
    data.encode("utf-8")
    scored, invalid = json.loads(data)
    assert (scored["status"], invalid["status"]) == ("rated", "invalid")
    assert invalid["unit_id"] == "so-\ud800"
