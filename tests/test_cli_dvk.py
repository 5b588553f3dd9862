"""The ``dvk`` verbs of the command line: show, check, review, tally; formats, languages, exit codes.

They run on the shipped examples of ``examples/dvk`` (synthetic records) and
on copies changed to break one thing, as a Ban Dân vận officer would.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import tomli_w

from danvan_rules import campaigns
from danvan_rules.cli import INVALID, OK, USAGE
from danvan_rules.codec.campaigns import campaign_to_data

from .cli_run import run, run_csv, run_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "dvk"
VT = EXAMPLES / "vung-tau-2021"
TTTT = EXAMPLES / "so-tttt-2021-2023"
CITY = EXAMPLES / "bac-kan-thanh-pho-2023"
VT_CODE = "ba-ria-vung-tau/vung-tau-1606-2021"
CITY_CODE = "bac-kan/thanh-pho-2023"


def check_vt(*extra: str) -> tuple[str, ...]:
    units, models = str(VT / "units.toml"), str(VT / "models.csv")
    return (
        "dvk",
        "check",
        VT_CODE,
        "--units",
        units,
        "--register",
        models,
        "--year",
        "2021",
        *extra,
    )


def tttt(verb: str, *extra: str) -> tuple[str, ...]:
    files = [str(TTTT / f) for f in ("models.csv", "reviews.csv", "recognitions.csv")]
    return ("dvk", verb, str(TTTT / "campaign.toml"), "--register", *files, *extra)


def city(*extra: str, published: Path = CITY / "published.toml") -> tuple[str, ...]:
    files = [str(CITY / f) for f in ("models.csv", "recognitions.csv")]
    return ("dvk", "tally", CITY_CODE, "--register", *files, "--published", str(published), *extra)


def _campaign_file(tmp_path: Path, code: str, **changes: object) -> Path:
    """A campaign TOML file: a bundled campaign's data with ``changes`` (``None`` drops a key)."""
    data = campaign_to_data(campaigns.get(code))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / "campaign.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------------- show


def test_show_prints_the_campaign_with_its_sources_and_assumed_values() -> None:
    status, text = run("dvk", "show", VT_CODE)
    assert status == OK
    lines = text.splitlines()
    assert lines[0].startswith(f"Phong trào: {VT_CODE} — Phong trào thi đua")
    assert "  Cơ quan phát động: UBND thành phố Vũng Tàu (cấp huyện, ba-ria-vung-tau)" in lines
    assert "  Văn bản: 1606/UBND-NV (UBND thành phố Vũng Tàu, ký ngày 2021-03-16)" in lines
    assumed = campaigns.get(VT_CODE).assumed_values
    assert f"  Số giá trị giả định: {assumed} (period_from, period_until, holders)" in lines
    registration = next(line for line in lines if line.startswith("  Đăng ký: "))
    assert "ít nhất 1 mô hình mỗi năm (khối: phong-ban, ubnd-phuong-xa) [Công văn 1606" in (
        registration
    )
    assert "huyen  Cấp thành phố (cấp huyện) (đến ngày 2025-06-30)  giả định" in text
    assert lines[-1] == "  (không có)"  # no recognition requirements are known


def test_show_in_english_and_as_json() -> None:
    status, text = run("dvk", "show", VT_CODE, "--lang", "en")
    assert status == OK
    assert text.splitlines()[0] == (
        f"Campaign: {VT_CODE} — Vũng Tàu city's “Dân vận khéo” campaign of 2021 "
        "(Official letter 1606/UBND-NV)"
    )
    assert "  Issued by: UBND thành phố Vũng Tàu (huyen, ba-ria-vung-tau)" in text
    assert "kinh-te                      Economy                        assumed" in text
    assert "  Kinds: model, exemplar · Holders: collective, individual" in text
    status, data = run_json("dvk", "show", VT_CODE)
    assert status == OK
    assert data["campaign"]["code"] == VT_CODE
    assert data["assumed_values"] == campaigns.get(VT_CODE).assumed_values


def test_show_an_illustrative_campaign_file_with_its_requirements() -> None:
    status, text = run("dvk", "show", str(TTTT / "campaign.toml"))
    assert status == OK
    assert "  ! Phong trào minh họa: không phải văn bản có thật" in text
    assert "  Đăng ký: không quy định số mô hình phải đăng ký" in text
    assert "  Văn bản: không rõ số văn bản (giả định) (Chi bộ Sở Thông tin" in text
    assert "ben-vung" in text.split("Yêu cầu để được công nhận")[1]


@pytest.mark.parametrize(("lang", "scope"), [("vi", "(mọi đơn vị)"), ("en", "(every unit)")])
def test_show_a_registration_that_binds_every_unit_and_a_certificate(
    tmp_path: Path, lang: str, scope: str
) -> None:
    data = campaign_to_data(campaigns.get(VT_CODE))
    registration = dict(data["registration"])
    del registration["binds"]
    path = _campaign_file(tmp_path, VT_CODE, registration=registration, certificate_years=3)
    status, text = run("dvk", "show", str(path), "--lang", lang)
    assert status == OK
    assert scope in text
    years = "Giấy công nhận có giá trị: 3 năm" if lang == "vi" else "valid for: 3 years"
    assert years in text


def test_show_unknown_code_and_unreadable_file_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("dvk", "show", "nowhere/none")[0] == USAGE
    assert "nowhere/none" in capsys.readouterr().err
    assert run("dvk", "show", str(tmp_path / "missing.toml"))[0] == USAGE
    assert "cannot read campaign file" in capsys.readouterr().err


def test_show_a_broken_campaign_file_lists_every_problem(tmp_path: Path) -> None:
    path = _campaign_file(tmp_path, VT_CODE, period_until="2021-02-30", title_vi=None)
    status, data = run_json("dvk", "show", str(path))
    assert status == INVALID
    assert data["status"] == "invalid"
    assert len(data["problems"]) >= 2


# ---------------------------------------------------------------------- check


def test_check_lists_the_units_that_registered_nothing() -> None:
    status, text = run(*check_vt())
    assert status == INVALID
    missing = text.split("Đơn vị chưa đăng ký mô hình (3):\n")[1].split("\n\n")[0].splitlines()
    assert [line.rsplit("(", 1)[1] for line in missing] == [
        "phong-ban-07)",
        "phuong-xa-05)",
        "phuong-xa-12)",
    ]
    assert "Đơn vị đăng ký đủ: 24/27" in text
    assert "  - mh-028 (phuong-xa-12): thuộc phong trào khác" in text
    assert "! bản ghi giả lập: 28" in text


def test_check_as_json_accounts_for_every_model() -> None:
    status, data = run_json(*check_vt())
    assert status == INVALID
    assert data["ok"] is False
    assert data["checked"] == 27
    assert (
        data["missing"] == data["non_compliant"] == ["phong-ban-07", "phuong-xa-05", "phuong-xa-12"]
    )
    counted = sum(len(u["registered"]) for u in data["units"])
    models = (VT / "models.csv").read_text(encoding="utf-8").count("\n") - 1
    assert counted == data["registered"]
    assert counted + len(data["skipped"]) == models
    assert {s["reason"] for s in data["skipped"]} == {"other_campaign", "unit_not_checked"}


def test_check_as_csv_and_in_english() -> None:
    status, rows = run_csv(*check_vt())
    assert status == INVALID
    units = [r for r in rows if r["table"] == "unit"]
    assert len(units) == 27
    assert {r["unit_id"] for r in units if r["compliant"] == "false"} == {
        "phong-ban-07",
        "phuong-xa-05",
        "phuong-xa-12",
    }
    assert [r["reason"] for r in rows if r["table"] == "skipped"] == [
        "unit_not_checked",
        "other_campaign",
    ]
    status, text = run(*check_vt("--lang", "en"))
    assert status == INVALID
    assert "Units that registered no model (3):" in text
    assert "of another campaign" in text


def test_check_passes_when_every_unit_registered(tmp_path: Path) -> None:
    units = tmp_path / "units.toml"
    text = (VT / "units.toml").read_text(encoding="utf-8")
    kept = [
        block
        for block in text.split("[[units]]")
        if not any(u in block for u in ("phong-ban-07", "phuong-xa-05", "phuong-xa-12"))
    ]
    units.write_text("[[units]]".join(kept), encoding="utf-8")
    argv = ["dvk", "check", VT_CODE, "--units", str(units), "--register", str(VT / "models.csv")]
    status, text = run(*argv, "--year", "2021")
    assert status == OK
    assert "Đơn vị đăng ký đủ: 24/24" in text
    assert "chưa đăng ký" not in text


def test_check_names_units_that_registered_too_few(tmp_path: Path) -> None:
    data = campaign_to_data(campaigns.get(VT_CODE))
    path = _campaign_file(tmp_path, VT_CODE, registration={**data["registration"], "at_least": 2})
    argv = ["dvk", "check", str(path), "--units", str(VT / "units.toml")]
    status, text = run(*argv, "--register", str(VT / "models.csv"), "--year", "2021")
    assert status == INVALID
    assert "Đơn vị đăng ký đủ: 2/27" in text
    short = text.split("Đơn vị đăng ký chưa đủ (22):\n")[1]
    assert short.startswith("  - Phòng Văn hóa và Thông tin (phong-van-hoa-thong-tin)")


def test_check_bad_register_rows_are_every_one_reported(tmp_path: Path) -> None:
    models = tmp_path / "models.csv"
    rows = (VT / "models.csv").read_text(encoding="utf-8").splitlines()
    rows[4] = rows[4].replace(",kinh-te,", ",nong-nghiep,")
    rows[5] = rows[5].replace(",2021-02-15,", ",2021-02-30,")
    models.write_text("\n".join(rows) + "\n", encoding="utf-8")
    argv = ["dvk", "check", VT_CODE, "--units", str(VT / "units.toml"), "--register", str(models)]
    status, data = run_json(*argv, "--year", "2021")
    assert status == INVALID
    assert [p["path"] for p in data["problems"]] == ["models.csv:row 6: registered_on"]
    rows[5] = rows[5].replace(",2021-02-30,", ",2021-02-15,")
    models.write_text("\n".join(rows) + "\n", encoding="utf-8")
    status, data = run_json(*argv, "--year", "2021")
    assert status == INVALID
    assert [(p["code"], p["path"]) for p in data["problems"]] == [
        ("records.unknown_field", "$.models[3].field")
    ]


def test_check_bad_units_file_and_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = tmp_path / "units.toml"
    units.write_text('[[units]]\nid = "a"\nname_vi = "A"\n', encoding="utf-8")
    argv = ["dvk", "check", VT_CODE, "--units", str(units), "--register", str(VT / "models.csv")]
    status, text = run(*argv, "--year", "2021")
    assert status == INVALID
    assert "@ $.units[0].khoi" in text
    assert "@ $.units[0].province" in text
    status, text = run(*check_vt()[:-2], "--year", "2024")
    assert status == INVALID
    assert "@ $.year" in text
    assert (
        run(*argv[:-2], "--units", str(tmp_path / "none.toml"), *argv[-2:], "--year", "2021")[0]
        == USAGE
    )
    assert "cannot read units file" in capsys.readouterr().err
    missing = [*check_vt()[:6], str(tmp_path / "none.csv"), "--year", "2021"]
    assert run(*missing)[0] == USAGE
    assert "cannot read register file" in capsys.readouterr().err


# ---------------------------------------------------------------------- review


def test_review_from_the_register_names_the_failing_requirement() -> None:
    status, text = run(*tttt("review", "--model", "mh-001", "--year", "2022"))
    assert status == OK
    lines = text.splitlines()
    assert lines[0] == "Mô hình: Mô hình giả lập 1 (dữ liệu giả lập) (mh-001)"
    assert "Kết quả: Không đạt" in lines
    assert "Yêu cầu không đạt: hieu-qua-lan-toa" in lines
    assert lines[-1] == "! bản ghi giả lập"


def test_review_with_answers_given_as_json_in_every_format() -> None:
    codes = [r.code for r in campaigns.get("example/dvk-2021-2025").requirements]
    answers = json.dumps({c: c != "ben-vung" for c in codes})
    argv = tttt("review", "--model", "mh-003", "--year", "2023", "--answers", answers)
    status, data = run_json(*argv)
    assert status == OK
    assert data["passed"] is False
    assert data["failing"] == ["ben-vung"]
    assert [r["status"] for r in data["requirements"]].count("passed") == len(codes) - 1
    assert all(r["assumed"] for r in data["requirements"])
    status, rows = run_csv(*argv)
    assert status == OK
    assert [r["requirement"] for r in rows if r["status"] == "failed"] == ["ben-vung"]
    status, text = run(*argv, "--lang", "en")
    assert "Failing requirements: ben-vung" in text


def test_review_problems(capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(
        *tttt(
            "review",
            "--model",
            "mh-001",
            "--year",
            "2022",
            "--answers",
            '{"x": true, "ben-vung": 1}',
        )
    )
    assert status == INVALID
    assert {p["path"] for p in data["problems"]} == {'$.answers["x"]', '$.answers["ben-vung"]'}
    for argv, message in (
        (tttt("review", "--model", "mh-404", "--year", "2022"), "is not in the register"),
        (tttt("review", "--model", "mh-003", "--year", "2021"), "holds no review"),
        (tttt("review", "--model", "mh-1", "--year", "2021", "--answers", "{"), "not JSON"),
        (tttt("review", "--model", "mh-1", "--year", "2021", "--answers", "[]"), "JSON object"),
    ):
        assert run(*argv)[0] == USAGE
        assert message in capsys.readouterr().err


# ---------------------------------------------------------------------- tally


def test_tally_reconciles_the_published_counts_of_bac_kan_city() -> None:
    status, text = run(*city("--by", "field,holder_kind"))
    assert status == OK
    lines = text.splitlines()
    assert "đăng ký (mô hình): 279" in lines
    assert "được công nhận (lượt): 202" in lines
    assert any(line.startswith("ca-nhan (cá nhân)  15") for line in lines)
    checked = text.split("Đối chiếu số liệu công bố:\n")[1].splitlines()[2:]
    assert [line.split("  ")[-1].strip() for line in checked] == ["khớp", "khớp"]


def test_a_perturbed_published_count_fails(tmp_path: Path) -> None:
    published = tmp_path / "published.toml"
    text = (CITY / "published.toml").read_text(encoding="utf-8")
    published.write_text(text.replace("total = 202", "total = 203"), encoding="utf-8")
    status, data = run_json(*city(published=published))
    assert status == INVALID
    verdicts = [c["verdict"] for c in data["published"]["checks"]]
    assert verdicts == ["matched", "not_matched"]
    assert data["published"]["checks"][1]["notes_en"]
    status, text = run(*city("--lang", "en", published=published))
    assert "not matched" in text


def test_tally_as_json_and_csv_add_up() -> None:
    status, data = run_json(*city())
    assert status == OK
    registered = data["measures"]["registered"]
    assert registered["total"] == 279
    for counts in registered["by"].values():
        assert sum(counts.values()) == 279
    assert data["synthetic_records"] == 279 + 202
    status, rows = run_csv(*city())
    assert status == OK
    totals = {
        r["measure"]: int(r["count"]) for r in rows if r["table"] == "count" and not r["dimension"]
    }
    assert totals["recognised"] == 202
    assert [r["verdict"] for r in rows if r["table"] == "published"] == ["matched", "matched"]


def test_tally_over_some_years_and_without_published_counts() -> None:
    status, text = run(*tttt("tally", "--years", "2022,2023", "--by", "year", "--lang", "en"))
    assert status == OK
    assert "Year: 2022, 2023" in text
    assert "registered (models): 1 (outside the years: 3)" in text
    status, data = run_json(*tttt("tally", "--by", "field"))
    assert data["published"] is None
    assert data["years"] == [2021, 2022, 2023]


def test_tally_of_awards_counts_other_streams_apart() -> None:
    status, text = run(*tttt("tally", "--by", "award_kind"))
    assert status == OK
    assert "được khen thưởng: 0" in text


def test_a_units_history_over_three_years() -> None:
    status, text = run(*tttt("tally", "--unit", "so-tttt"))
    assert status == OK
    row = next(line for line in text.splitlines() if "(mh-002)" in line)
    assert row.split("  ")[-1].strip() == "đánh giá chưa đủ"
    assert "đạt; Cấp tỉnh, Tiêu biểu" in row
    status, data = run_json(*tttt("tally", "--unit", "so-tttt", "--years", "2022"))
    assert data["years"] == [2022]
    assert data["models"][0]["years"]["2022"]["failing"] == ["hieu-qua-lan-toa"]
    assert data["per_year"]["2022"]["passed"] == 2
    status, rows = run_csv(*tttt("tally", "--unit", "so-tttt", "--lang", "en"))
    assert [r["recognitions"] for r in rows if r["model"] == "mh-002"] == ["", "tinh/tieu-bieu", ""]
    status, text = run(*tttt("tally", "--unit", "so-tttt", "--lang", "en"))
    assert "incomplete" in text


def test_tally_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv, message in (
        (tttt("tally", "--years", "2021,,2022"), "separated by commas"),
        (tttt("tally", "--years", "2021,x"), "list of years"),
        (tttt("tally", "--unit", "so-tttt", "--by", "field"), "takes no --published or --by"),
        (city(published=tmp_path / "none.toml"), "cannot read published facts file"),
    ):
        assert run(*argv)[0] == USAGE
        assert message in capsys.readouterr().err


def test_tally_bad_dimension_and_bad_published_file(tmp_path: Path) -> None:
    status, data = run_json(*tttt("tally", "--by", "colour"))
    assert status == INVALID
    assert data["problems"][0]["code"] == "dvk.unknown_dimension"
    published = tmp_path / "published.toml"
    published.write_text('[[published]]\nkind = "counted"\n', encoding="utf-8")
    status, data = run_json(*city(published=published))
    assert status == INVALID
    assert [p["code"] for p in data["problems"]] == ["published.unknown_kind"]
    assert str(published) in data["subject"]


def test_a_copied_example_folder_runs_from_its_own_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(TTTT, tmp_path / "tttt")
    monkeypatch.chdir(tmp_path / "tttt")
    argv = ["dvk", "review", "campaign.toml", "--register", "models.csv", "reviews.csv"]
    status, text = run(*argv, "--model", "mh-002", "--year", "2023")
    assert status == OK
    assert "Kết quả: Không đạt" in text.splitlines()
    assert text.count("[chưa đánh giá]") == 6  # only ten-dia-chi was answered


def _not_synthetic(folder: Path, target: Path, *, drop: tuple[str, ...] = ()) -> list[str]:
    """Copies of ``folder``'s CSV files with every record marked not synthetic (and ids dropped)."""
    target.mkdir()
    written = []
    for path in sorted(folder.glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [
            line.removesuffix(",true") + ",false" if i else line for i, line in enumerate(lines)
        ]
        kept = [line for line in kept if not line.startswith(drop)]
        (target / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
        written.append(str(target / path.name))
    return written


def test_records_that_are_not_synthetic_carry_no_warning(tmp_path: Path) -> None:
    files = _not_synthetic(TTTT, tmp_path / "tttt")
    campaign = str(TTTT / "campaign.toml")
    argv = ["dvk", "review", campaign, "--register", *files, "--model", "mh-001", "--year", "2021"]
    status, text = run(*argv)
    assert status == OK
    assert "Kết quả: Đạt" in text.splitlines()
    assert "giả lập)" in text  # the names say so, the records do not
    assert "! bản ghi giả lập" not in text
    for verb in (["tally", "--by", "field"], ["tally", "--unit", "so-tttt"]):
        status, text = run("dvk", verb[0], campaign, "--register", *files, *verb[1:])
        assert status == OK
        assert "! bản ghi giả lập" not in text
    status, rows = run_csv("dvk", "tally", campaign, "--register", *files)
    assert status == OK
    assert {r["table"] for r in rows} == {"count"}
    vt = _not_synthetic(VT, tmp_path / "vt", drop=("mh-027,", "mh-028,"))
    argv = ["dvk", "check", VT_CODE, "--units", str(VT / "units.toml"), "--register", *vt]
    status, text = run(*argv, "--year", "2021")
    assert status == INVALID
    assert "! bản ghi giả lập" not in text
    assert "Mô hình không được tính" not in text


def test_a_tally_counts_the_models_of_other_campaigns_apart() -> None:
    argv = ["dvk", "tally", VT_CODE, "--register", str(VT / "models.csv"), "--by", "unit"]
    status, text = run(*argv)
    assert status == OK
    assert "đăng ký (mô hình): 27 (phong trào khác: 1)" in text.splitlines()


def test_a_campaign_file_that_never_ends_is_refused_unread(tmp_path: Path) -> None:
    endless = tmp_path / "campaign.toml"
    endless.symlink_to("/dev/zero")
    status, data = run_json("dvk", "show", str(endless))
    assert status == INVALID
    assert [p["code"] for p in data["problems"]] == ["document.too_large"]
