"""Golden cases as data: every entry of ``tests/rulesets/cases/<province>/<code>.toml`` is a pytest item.

This folder holds no runner: the files are collected by the one danvan_rules
ships, the pytest plug-in :mod:`danvan_rules.testing.pytest_plugin` (installed
with the library through the ``pytest11`` entry point), which the setting
``danvan_cases = ["tests/rulesets/cases/*/*.toml"]`` in ``pyproject.toml``
points at these files. The format of a cases file — ``ruleset``, a ``[base]``
report and entries of the kinds ``[[cases]]``, ``[[criteria]]``, ``[[cohorts]]``
and ``[[dates]]`` — is in ``docs/testing.md``; ``danvan-rules test PATH…`` runs
the same cases without pytest.
"""
