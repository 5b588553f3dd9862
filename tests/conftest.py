"""Shared fixtures and the Hypothesis profiles (``HYPOTHESIS_PROFILE=ci`` in CI)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import danvan_rules as dr

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("stress", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_CODE = "example/dan-van-2024"
EXAMPLE_TOML = ROOT / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"


@pytest.fixture(scope="session")
def example() -> dr.RuleSet:
    """The bundled illustrative rule set."""
    return dr.rulesets.get(EXAMPLE_CODE)


@pytest.fixture(autouse=True)
def _no_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the built-in rule sets unless they install a plug-in themselves."""
    monkeypatch.setenv("DANVAN_RULES_NO_PLUGINS", "1")


# tests/plugin is a plug-in distribution the registry tests build and install,
# not a test package: importing it here (e.g. by --doctest-modules) would put
# its source folder on sys.path and shadow the installed copy.
collect_ignore = ["plugin"]

PLAIN_TOML = """\
code = "hue/plain-v1"
province = "hue"
title_vi = "Bộ tiêu chí thử (nguồn đầy đủ)"
effective_from = 2020-01-01
effective_until = 2023-12-31
scale = 10

[instrument]
number = "1/QĐ-UBND"
issuer = "UBND tỉnh Thử"

[[categories]]
code = "so"
label_vi = "Sở"
scorecard = "pl"

[[bands]]
code = "dat"
label_vi = "Đạt"
min = 5
provenance = "sourced"
reference = { document = "1/QĐ-UBND", item = "Điều 3" }

[[bands]]
code = "khong-dat"
label_vi = "Không đạt"
min = 0
below = 5
provenance = "sourced"
reference = { document = "1/QĐ-UBND", item = "Điều 3" }

[[scorecards]]
code = "pl"
title_vi = "Phụ lục"

[[scorecards.criteria]]
code = "A"
title_vi = "Nhóm A"
max = 10
provenance = "sourced"
reference = { document = "1/QĐ-UBND", item = "mục A" }

[[scorecards.criteria]]
code = "A.1"
parent = "A"
title_vi = "Tiêu chí A.1"
max = 10
measure = { kind = "points" }
provenance = "sourced"
reference = { document = "1/QĐ-UBND", item = "mục A.1" }
"""


@pytest.fixture
def plain_toml() -> str:
    """A small, fully sourced, non-illustrative rule set (``hue/plain-v1``, 2020-2023), as TOML.

    Tests derive variants with ``str.replace`` (another code, other dates, a broken field).
    """
    return PLAIN_TOML


@pytest.fixture
def small_ruleset_data() -> dict[str, object]:
    """The data form of a small, valid rule set (a fresh copy for each test).

    One scorecard ``card``: group ``A`` (6: checklist ``A.1`` 3, points ``A.2`` 3
    on a 0.5 step) and levels leaf ``B`` (4); scale 10; one category ``cat``;
    bands ``low`` [0, 5) and ``high`` [5, ∞); a flag fact ``f`` and a count fact
    ``n``; a bonus ``b``, a deduction ``d`` and a percent deduction ``p``; a
    condition ``c``; a quota on ``high``. Everything is sourced.
    """
    ref = {"document": "QĐ 1/2024/QĐ-UBND", "item": "Phụ lục"}
    src = "sourced"
    return {
        "code": "ha-noi/test-v1",
        "province": "ha-noi",
        "title_vi": "Bộ tiêu chí thử",
        "instrument": {"number": "1/2024/QĐ-UBND", "issuer": "UBND tỉnh Thử"},
        "effective_from": "2024-01-01",
        "scale": 10,
        "scorecards": [
            {
                "code": "card",
                "title_vi": "Bảng điểm",
                "criteria": [
                    {
                        "code": "A",
                        "title_vi": "Nhóm A",
                        "max": 6,
                        "provenance": src,
                        "reference": dict(ref),
                    },
                    {
                        "code": "A.1",
                        "parent": "A",
                        "title_vi": "Kế hoạch",
                        "max": 3,
                        "provenance": src,
                        "reference": dict(ref),
                        "measure": {"kind": "checklist"},
                    },
                    {
                        "code": "A.2",
                        "parent": "A",
                        "title_vi": "Tuyên truyền",
                        "max": 3,
                        "provenance": src,
                        "reference": dict(ref),
                        "measure": {"kind": "points", "step": "0.5"},
                    },
                    {
                        "code": "B",
                        "title_vi": "Kiểm tra",
                        "max": 4,
                        "provenance": src,
                        "reference": dict(ref),
                        "measure": {
                            "kind": "levels",
                            "levels": [{"name": "Tốt", "points": 4}, {"name": "Kém", "points": 0}],
                        },
                    },
                ],
            }
        ],
        "categories": [{"code": "cat", "label_vi": "Khối thử", "scorecard": "card"}],
        "bands": [
            {
                "code": "low",
                "label_vi": "Thấp",
                "min": 0,
                "below": 5,
                "provenance": src,
                "reference": dict(ref),
            },
            {
                "code": "high",
                "label_vi": "Cao",
                "min": 5,
                "provenance": src,
                "reference": dict(ref),
            },
        ],
        "facts": [
            {"name": "f", "kind": "flag", "label_vi": "Cờ"},
            {"name": "n", "kind": "count", "label_vi": "Số lần"},
        ],
        "adjustments": [
            {
                "kind": "bonus",
                "code": "b",
                "label_vi": "Thưởng",
                "cap": 2,
                "points": 1,
                "provenance": src,
                "reference": dict(ref),
            },
            {
                "kind": "deduction",
                "code": "d",
                "label_vi": "Trừ",
                "fact": "n",
                "points": 1,
                "cap": 3,
                "provenance": src,
                "reference": dict(ref),
            },
            {
                "kind": "percent_deduction",
                "code": "p",
                "label_vi": "Trừ phần trăm",
                "fact": "n",
                "criterion": "A",
                "percent": 10,
                "provenance": src,
                "reference": dict(ref),
            },
        ],
        "conditions": [
            {
                "code": "c",
                "label_vi": "Điều kiện",
                "when": {"kind": "flag", "fact": "f"},
                "effect": {"kind": "cap", "band": "low"},
                "provenance": src,
                "reference": dict(ref),
            }
        ],
        "quota": {
            "band": "high",
            "base_band": "high",
            "share": "0.5",
            "demote_to": "low",
            "provenance": src,
            "reference": dict(ref),
        },
    }


def install_copy(project: Path, root: Path, edit: Callable[[Path], None] | None = None) -> Path:
    """Copy a distribution to ``root/source``, let ``edit`` change it, install it into ``root/site``.

    The install goes into a ``--target`` directory (never the environment's
    site-packages): a test puts it on ``sys.path`` to make its entry points seen.
    Building needs hatchling without build isolation; its absence fails loudly.
    """
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail("building plug-ins needs hatchling: install it (the nox 'tests' session does)")
    source = root / "source"
    shutil.copytree(project, source, ignore=shutil.ignore_patterns("__pycache__", ".*cache"))
    if edit is not None:
        edit(source)
    site = root / "site"
    done = subprocess.run(  # noqa: S603 - pip of this interpreter, fixed arguments
        [
            sys.executable,
            *("-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index"),
            *("--disable-pip-version-check", "--quiet", "--target", str(site), str(source)),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        pytest.fail(f"could not install {project.name}:\n{done.stdout}\n{done.stderr}")
    return site
