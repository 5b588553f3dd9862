"""The installed distribution's version, read once from its metadata."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Final

__all__ = ["VERSION"]


def _installed_version() -> str:
    try:
        return version("danvan_rules")
    except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
        return "0+unknown"


#: The library version stamped on every result (``Audit.library_version``).
VERSION: Final = _installed_version()
