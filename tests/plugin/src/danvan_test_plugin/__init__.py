"""A test plug-in for danvan_rules: one illustrative rule set in ``data/``."""

from __future__ import annotations

__all__ = ["ruleset_codes"]


def ruleset_codes() -> tuple[str, ...]:
    """The codes of the rule sets this plug-in ships.

    An entry point naming this function (not a package) is the registry's
    "must name a package" error case.
    """
    return ("test-province/v1",)
