"""Checking a report against a rule set: every problem at once, with its path."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from danvan_rules.errors import Problem, ReportError
from danvan_rules.model import Criterion, RuleSet, ScorecardIndex, UnitReport

from ._measures import InvalidAnswerError, leaf_points

__all__ = ["Checked", "check_report"]

_ZERO = Decimal(0)


def _path(name: str, key: str) -> str:
    text = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'$.{name}["{text}"]'


@attrs.frozen
class Checked:
    """A report's answers turned into points, ready to add up."""

    card: ScorecardIndex
    self_points: Mapping[str, Decimal]  # every leaf; pending appraiser-only leaves absent
    appraised_points: Mapping[str, Decimal]  # only leaves the appraisal scored
    pending: frozenset[str]  # appraiser-only leaves not yet appraised
    bonus_claims: Mapping[str, Decimal]

    @property
    def pending_zero(self) -> dict[str, Decimal]:
        """Pending leaves at 0 points, until the appraisal scores them."""
        return dict.fromkeys(self.pending, _ZERO)

    @property
    def appraiser_only_zero(self) -> dict[str, Decimal]:
        """Every appraiser-only leaf at 0: the self-assessment's view."""
        return {leaf.code: _ZERO for leaf in self.card.leaves if leaf.appraiser_only}


def check_report(ruleset: RuleSet, report: UnitReport) -> Checked:
    """Turn every answer of ``report`` into points, or raise every problem at once.

    Raises:
        ReportError: naming the unit and the path of each problem.
    """
    problems: list[Problem] = []
    card = None
    try:
        card = ruleset.scorecard_for(report.category)
    except KeyError:
        covered = ", ".join(c.code for c in ruleset.categories)
        problems.append(
            Problem(
                f"unknown category {report.category!r}: rule set {ruleset.code} covers {covered}",
                "$.category",
            )
        )
    else:
        category = ruleset.category(report.category)
        day = report.evaluation_date
        if category.until is not None and day > category.until:
            problems.append(
                Problem(
                    f"category {category.code!r} ({category.label_vi}) no longer exists on the "
                    f"evaluation date {day}: it ended on {category.until}",
                    "$.category",
                )
            )
    _check_facts(ruleset, report, problems)
    claims = _check_bonuses(ruleset, report, problems)
    if card is None:
        raise ReportError(problems, unit_id=report.unit_id)
    self_points, appraised, pending = _check_scores(card, report, problems)
    if problems:
        raise ReportError(problems, unit_id=report.unit_id)
    return Checked(card, self_points, appraised, pending, claims)


def _check_scores(
    card: ScorecardIndex, report: UnitReport, problems: list[Problem]
) -> tuple[dict[str, Decimal], dict[str, Decimal], frozenset[str]]:
    self_points: dict[str, Decimal] = {}
    appraised: dict[str, Decimal] = {}
    pending: set[str] = set()
    given_self, given_appraised = report.self_scores, report.appraised_scores
    for leaf in card.leaves:
        code = leaf.code
        if leaf.appraiser_only:
            if code in given_self:
                problems.append(
                    Problem(
                        f"criterion {code} is scored only by the higher level (appraiser-only): "
                        "move it to appraised_scores",
                        _path("self_scores", code),
                    )
                )
            if given_appraised is None:
                pending.add(code)
            elif code not in given_appraised:
                problems.append(
                    Problem(
                        f"missing appraised score for appraiser-only criterion {code}",
                        _path("appraised_scores", code),
                    )
                )
        elif code not in given_self:
            problems.append(
                Problem(f"missing score for criterion {code}", _path("self_scores", code))
            )
        else:
            _evaluate(leaf, given_self[code], "self_scores", self_points, problems)
        if given_appraised is not None and code in given_appraised:
            _evaluate(leaf, given_appraised[code], "appraised_scores", appraised, problems)
    _check_unknown(card, report, problems)
    return self_points, appraised, frozenset(pending)


def _check_unknown(card: ScorecardIndex, report: UnitReport, problems: list[Problem]) -> None:
    given_self, given_appraised = report.self_scores, report.appraised_scores
    for name, given in (("self_scores", given_self), ("appraised_scores", given_appraised)):
        for code in given or {}:
            criterion = card.by_code.get(code)
            if criterion is None:
                problems.append(Problem(f"unknown criterion {code!r}", _path(name, code)))
            elif not criterion.is_leaf:
                problems.append(
                    Problem(
                        f"criterion {code} is a group: score its sub-criteria "
                        f"({', '.join(card.children[code])})",
                        _path(name, code),
                    )
                )


def _evaluate(
    leaf: Criterion,
    answer: object,
    name: str,
    into: dict[str, Decimal],
    problems: list[Problem],
) -> None:
    try:
        into[leaf.code] = leaf_points(leaf, answer)
    except InvalidAnswerError as exc:
        problems.append(Problem(str(exc), _path(name, leaf.code)))


def _check_facts(ruleset: RuleSet, report: UnitReport, problems: list[Problem]) -> None:
    for fact in ruleset.facts:
        if fact.name not in report.facts:
            kind = "true or false" if fact.kind == "flag" else "a count"
            problems.append(
                Problem(
                    f"missing fact {fact.name!r} ({fact.label_vi}): give {kind}",
                    _path("facts", fact.name),
                )
            )
            continue
        value = report.facts[fact.name]
        if fact.kind == "flag" and not isinstance(value, bool):
            problems.append(
                Problem(
                    f"fact {fact.name!r} is a flag: give true or false, not {value!r}",
                    _path("facts", fact.name),
                )
            )
        elif fact.kind == "count" and isinstance(value, bool):
            problems.append(
                Problem(
                    f"fact {fact.name!r} is a count: give a whole number, not {value!r}",
                    _path("facts", fact.name),
                )
            )
    declared_names = ruleset.fact_names
    for name in report.facts:
        if name not in declared_names:
            declared = ", ".join(sorted(ruleset.fact_names)) or "none"
            problems.append(
                Problem(
                    f"unknown fact {name!r} (rule set {ruleset.code} declares: {declared})",
                    _path("facts", name),
                )
            )


def _check_bonuses(
    ruleset: RuleSet, report: UnitReport, problems: list[Problem]
) -> dict[str, Decimal]:
    bonuses = ruleset.bonuses
    claims: dict[str, Decimal] = {}
    for code, claimed in report.bonuses.items():
        bonus = bonuses.get(code)
        if bonus is None:
            known = ", ".join(sorted(bonuses)) or "none"
            problems.append(
                Problem(f"unknown bonus {code!r} (bonuses: {known})", _path("bonuses", code))
            )
        elif claimed < 0:
            problems.append(
                Problem(f"a claim cannot be negative: {claimed}", _path("bonuses", code))
            )
        elif bonus.points is not None and claimed != claimed.to_integral_value():
            problems.append(
                Problem(
                    f"bonus {code!r} counts items ({bonus.points} points each): "
                    f"claim a whole number, not {claimed}",
                    _path("bonuses", code),
                )
            )
        elif bonus.points is None and claimed > bonus.cap:
            problems.append(
                Problem(
                    f"claimed {claimed} bonus points for {code!r}, above its maximum of {bonus.cap}",
                    _path("bonuses", code),
                )
            )
        else:
            claims[code] = claimed
    return claims
