"""Shared fixtures and the Hypothesis profiles (``HYPOTHESIS_PROFILE=ci`` in CI)."""

from __future__ import annotations

import os
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
