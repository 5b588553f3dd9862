"""Every public module says what it exports: ``__all__`` sorted (ruff RUF022 order) and complete."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from types import ModuleType

import pytest

import danvan_rules


def _public_modules() -> list[str]:
    names = ["danvan_rules"]
    for info in pkgutil.walk_packages(danvan_rules.__path__, "danvan_rules."):
        parts = info.name.split(".")
        if not any(part.startswith("_") for part in parts) and parts[1] != "data":
            names.append(info.name)
    return sorted(names)


PUBLIC = _public_modules()


def _ruf022_key(name: str) -> tuple[int, list[int | str]]:
    """RUF022's isort-style order: SCREAMING_CASE, then CamelCase, then the rest; natural sort."""
    if len(name) > 1 and name.isupper():
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    natural: list[int | str] = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]
    return group, natural


def test_the_public_modules_are_the_expected_ones() -> None:
    for name in (
        "danvan_rules",
        "danvan_rules.cli",
        "danvan_rules.codec",
        "danvan_rules.errors",
        "danvan_rules.io",
        "danvan_rules.limits",
        "danvan_rules.model",
        "danvan_rules.provinces",
        "danvan_rules.rulesets",
        "danvan_rules.scoring",
        "danvan_rules.testing",
        "danvan_rules.testing.pytest_plugin",
    ):
        assert name in PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_all_is_sorted_and_names_only_what_exists(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list), f"{name} has no __all__ list"
    assert exported == sorted(exported, key=_ruf022_key), f"{name}.__all__ is not in RUF022 order"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    for attribute in exported:
        assert getattr(module, attribute, None) is not None or attribute in vars(module), (
            f"{name}.__all__ names {attribute!r}, which does not exist"
        )


def _own(module: ModuleType, value: object) -> bool:
    """Whether ``value`` is a class or function defined in ``module`` or one of its private parts."""
    if not (inspect.isclass(value) or inspect.isfunction(value)):
        return False
    home = getattr(value, "__module__", "") or ""
    if home == module.__name__:
        return True
    private = home.removeprefix(module.__name__ + ".")
    return home.startswith(module.__name__ + ".") and private.startswith("_")


@pytest.mark.parametrize("name", PUBLIC)
def test_all_is_complete(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(module.__all__)
    missing = [
        attribute
        for attribute, value in vars(module).items()
        if not attribute.startswith("_") and _own(module, value) and attribute not in exported
    ]
    assert missing == [], f"{name} defines public names missing from __all__: {missing}"
