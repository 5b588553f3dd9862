"""The library's version, a literal the build writes from ``pyproject.toml``.

A literal, so that ``import danvan_rules`` does not load :mod:`importlib.metadata`
(about 20 ms of start-up) to stamp results. Hatchling's version build hook
(``[tool.hatch.build.hooks.version]`` in ``pyproject.toml``) rewrites the string
below from ``[project] version`` whenever a wheel, an sdist or an editable
install is built, so it equals the installed distribution's metadata;
``tests/test_import_time.py`` checks it against both.

>>> import importlib.metadata
>>> VERSION == importlib.metadata.version("danvan_rules")
True
"""

from __future__ import annotations

from typing import Final

__all__ = ["VERSION"]

#: The library version stamped on every result (``Audit.library_version``).
VERSION: Final = "0.1.0"
