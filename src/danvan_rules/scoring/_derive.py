"""Fill the answers a rule set derives from a unit's "Dân vận khéo" records (``score(…, evidence=)``).

What is counted, for the report's unit and year, under the derivation's campaign:

- ``registered``: the unit's models whose period contains the year (as
  :func:`~danvan_rules.scoring.dvk.check_registrations` counts them);
- ``passed``: the unit's models whose review of the year answers every
  requirement of the campaign true;
- ``recognised``: recognitions of the year of the unit's models, at the
  derivation's level (any when unset) and at its tier or above (any when unset).

A report that types a derived answer by hand keeps it only when it agrees with
the records; when it does not, the report is refused with both values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, cast

import attrs

from danvan_rules.errors import Collector, ReportError, field_path, key_path
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.model._derived import Count, Derivation, DerivedAnswer, DerivedRung, Evidence
from danvan_rules.model.criteria import Checklist, Criterion
from danvan_rules.model.sources import Provenance, Reference

if TYPE_CHECKING:  # in annotations only: scoring a report without records never loads them
    from danvan_rules.model.dvk import Campaign, DvkRecords, Model

__all__ = ["derive"]


@attrs.frozen
class _Filter:
    count: Count
    level: str | None = None
    tier: str | None = None
    at_least: int = 1


def derive(
    ruleset: RuleSet, report: UnitReport, evidence: Evidence
) -> tuple[UnitReport, tuple[DerivedAnswer, ...]]:
    """The report with its derived answers filled from the records, and where each came from.

    Raises:
        ReportError: every problem at once: a derived answer typed by hand
            that the records contradict (``report.derived_mismatch``, naming
            both values), no campaign of the evidence for a derivation, or more
            than one (``report.derived_campaign``), a level or tier the
            campaign does not have (``report.derived_unknown``).
    """
    found = Collector()
    job = _Job(ruleset, report, evidence.records, found)
    answers: list[DerivedAnswer] = []
    for derivation in ruleset.derived:
        if derivation.kind == "criterion" and not _in_category(ruleset, report, derivation.name):
            continue
        campaign = _campaign(derivation, report, evidence, found)
        if campaign is None:
            continue
        answer = _answer(job, derivation, campaign)
        if answer is not None:
            answers.append(answer)
    filled = _fill(report, answers, found)
    found.raise_if_any(ReportError, unit_id=report.unit_id)
    return filled, tuple(answers)


def _in_category(ruleset: RuleSet, report: UnitReport, code: str) -> bool:
    try:
        return code in ruleset.scorecard_for(report.category).by_code
    except KeyError:
        return False  # an unknown category: the scorer says so


def _campaign(
    d: Derivation, report: UnitReport, evidence: Evidence, found: Collector
) -> Campaign | None:
    if d.campaign is not None:
        named = [c for c in evidence.campaigns if c.code == d.campaign]
    else:
        named = [c for c in evidence.campaigns if report.year in c.years]
    if len(named) == 1:
        return named[0]
    given = ", ".join(c.code for c in evidence.campaigns) or "none"
    wanted = d.campaign or f"one in force in {report.year}"
    found.add(
        f"{d.target}: the records need {'campaign ' + d.campaign if d.campaign else wanted}; "
        f"the evidence has {len(named)} such (campaigns given: {given})",
        "$",
        code="report.derived_campaign",
        vi=f"{d.target}: cần hồ sơ của {'phong trào ' + d.campaign if d.campaign else 'một phong trào có hiệu lực trong năm ' + str(report.year)}; "
        f"dữ liệu có {len(named)} phong trào như vậy (đã cho: {given})",
    )
    return None


def _models(campaign: Campaign, records: DvkRecords, unit: str) -> list[Model]:
    return [m for m in records.models if m.campaign == campaign.code and m.unit == unit]


def _counted(
    f: _Filter, campaign: Campaign, records: DvkRecords, unit: str, year: int
) -> list[str]:
    """The ids of the unit's models (or recognitions' models) that the filter counts."""
    models = _models(campaign, records, unit)
    if f.count == "registered":
        return [m.id for m in models if m.period_from <= year <= m.period_until]
    ids = {m.id for m in models}
    if f.count == "passed":
        required = {r.code for r in campaign.requirements}
        return [
            r.model
            for r in records.reviews
            if r.model in ids
            and r.year == year
            and required
            and all(r.answers.get(code) is True for code in required)
        ]
    floor = 0 if f.tier is None else campaign.tier_rank(f.tier)
    return [
        r.model
        for r in records.recognitions
        if r.model in ids
        and r.year == year
        and (f.level is None or r.level == f.level)
        and r.tier in {t.code for t in campaign.tiers}
        and campaign.tier_rank(r.tier) >= floor
    ]


def _filters(d: Derivation) -> Iterator[tuple[str | None, _Filter]]:
    """Each (level name, filter) to try, in order; one with no name for a plain count."""
    if d.rungs:
        for rung in d.rungs:
            yield rung.level, _rung_filter(rung)
    else:  # the linter requires a count where there are no rungs
        yield None, _Filter(cast("Count", d.count), d.recognition_level, d.tier, d.at_least)


def _rung_filter(rung: DerivedRung) -> _Filter:
    return _Filter(rung.count, rung.recognition_level, rung.tier, rung.at_least)


def _known(d: Derivation, campaign: Campaign, f: _Filter, found: Collector) -> bool:
    ok = True
    if f.level is not None and f.level not in {lv.code for lv in campaign.levels}:
        ok = False
        found.add(
            f"{d.target}: campaign {campaign.code} has no level {f.level!r}",
            "$",
            code="report.derived_unknown",
            vi=f"{d.target}: phong trào {campaign.code} không có cấp {f.level!r}",
        )
    if f.tier is not None and f.tier not in {t.code for t in campaign.tiers}:
        ok = False
        found.add(
            f"{d.target}: campaign {campaign.code} has no tier {f.tier!r}",
            "$",
            code="report.derived_unknown",
            vi=f"{d.target}: phong trào {campaign.code} không có mức {f.tier!r}",
        )
    return ok


@attrs.frozen
class _Job:
    ruleset: RuleSet
    report: UnitReport
    records: DvkRecords
    found: Collector


def _answer(job: _Job, d: Derivation, campaign: Campaign) -> DerivedAnswer | None:
    filters = list(_filters(d))
    known = [_known(d, campaign, f, job.found) for _, f in filters]  # every problem, not the first
    if not all(known):
        return None
    tried = [
        (name, f, _counted(f, campaign, job.records, job.report.unit_id, job.report.year))
        for name, f in filters
    ]
    held = [t for t in tried if len(t[2]) >= t[1].at_least]
    name, f, ids = held[0] if held else tried[-1]
    value = _value(job.ruleset, d, name if held else None, f, len(ids))
    return DerivedAnswer(
        target=d.target,
        value=value,
        count=f.count,
        counted=len(ids),
        campaign=campaign.code,
        records=tuple(dict.fromkeys(ids)),
        reference=d.reference or _rule_reference(job.ruleset, d),
        requirement=_requirement(campaign, f),
        assumed=d.provenance is Provenance.ASSUMED or bool(d.assumed),
    )


def _value(
    ruleset: RuleSet, d: Derivation, level: str | None, f: _Filter, n: int
) -> bool | int | str:
    if d.rungs:
        return level if level is not None else str(d.otherwise)
    if d.kind == "criterion":
        measure = _criterion(ruleset, d.name).measure
        if isinstance(measure, Checklist):
            return n >= f.at_least
        return n  # a count-rate criterion
    if d.kind == "fact" and ruleset.fact(d.name).kind == "flag":
        return n >= f.at_least
    return n


def _criterion(ruleset: RuleSet, code: str) -> Criterion:
    return next(c for card in ruleset.scorecards for c in card.criteria if c.code == code)


def _rule_reference(ruleset: RuleSet, d: Derivation) -> Reference | None:
    if d.kind == "criterion":
        reference: Reference | None = _criterion(ruleset, d.name).reference
        return reference
    if d.kind == "bonus":
        return ruleset.bonuses[d.name].reference
    return None


def _requirement(campaign: Campaign, f: _Filter) -> Reference | None:
    """The campaign's citation for what was counted."""
    if f.count == "registered" and campaign.registration is not None:
        return campaign.registration.reference
    if f.count == "recognised":
        if f.tier is not None:
            return campaign.tier(f.tier).reference or _instrument(campaign)
        if f.level is not None:
            return campaign.level(f.level).reference or _instrument(campaign)
    return _instrument(campaign)


def _instrument(campaign: Campaign) -> Reference:
    return Reference(campaign.instrument.number, note=campaign.title_vi)


# ---------------------------------------------------------------------- filling the report


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _fill(report: UnitReport, answers: list[DerivedAnswer], found: Collector) -> UnitReport:
    scores: dict[str, object] = dict(report.self_scores)
    bonuses: dict[str, Decimal] = dict(report.bonuses)
    facts: dict[str, bool | int] = dict(report.facts)
    tables: Mapping[str, tuple[Mapping[str, object], str]] = {
        "criterion": (scores, "$.self_scores"),
        "bonus": (bonuses, "$.bonuses"),
        "fact": (facts, "$.facts"),
    }
    for a in answers:
        kind, _, name = a.target.partition(":")
        table, where = tables[kind]
        typed = table.get(name)
        if typed is not None and not _same(typed, a.value):
            found.add(
                f"{name}: the report says {_shown(typed)}, the Dân vận khéo records give "
                f"{_shown(a.value)} ({a.count}: {a.counted} under {a.campaign})",
                key_path(where, name),
                code="report.derived_mismatch",
                vi=f"{name}: báo cáo ghi {_shown(typed)}, hồ sơ Dân vận khéo cho {_shown(a.value)} "
                f"({a.count}: {a.counted}, phong trào {a.campaign})",
            )
            continue
        if kind == "criterion":
            scores[name] = a.value
            appraised = report.appraised_scores or {}
            if name in appraised and not _same(appraised[name], a.value):
                found.add(
                    f"{name}: the appraisal says {_shown(appraised[name])}, the Dân vận khéo "
                    f"records give {_shown(a.value)}",
                    key_path(field_path("$", "appraised_scores"), name),
                    code="report.derived_mismatch",
                    vi=f"{name}: kết quả thẩm định ghi {_shown(appraised[name])}, hồ sơ Dân vận "
                    f"khéo cho {_shown(a.value)}",
                )
        elif kind == "bonus":
            bonuses[name] = Decimal(int(a.value))
        else:  # a fact: a flag or a count, never a level name (the linter sees to it)
            facts[name] = cast("bool | int", a.value)
    return attrs.evolve(report, self_scores=scores, bonuses=bonuses, facts=facts)


def _same(typed: object, derived: bool | int | str) -> bool:
    if isinstance(derived, bool) or isinstance(typed, bool):
        return typed is derived
    if isinstance(derived, int):
        return isinstance(typed, int | Decimal) and Decimal(typed) == derived
    return typed == derived
