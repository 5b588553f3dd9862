"""Pure functions over "Dân vận khéo" records: registrations, reviews, tallies, histories.

A Ban Dân vận officer keeping a register of models asks four things of it:
which units registered their models for the year (:func:`check_registrations`),
whether a model passed its yearly review and, if not, which requirements it
failed (:func:`review`), how many models were registered, reviewed and
recognised by field, level, tier, holder, kind, unit and year
(:func:`tally`, :func:`unit_history`), and whether the published counts agree
with the register (:func:`reconcile_dvk`).

>>> import datetime as dt
>>> from danvan_rules.model import Instrument, Provenance, Reference
>>> from danvan_rules.model.dvk import (Campaign, CampaignField, HolderKind, Issuer,
...     IssuerLevel, Model, ModelKind, RecognitionLevel, Registration, Requirement, Tier)
>>> from danvan_rules.model.rounds import Unit
>>> S, ref = Provenance.SOURCED, Reference("Công văn 1606/UBND-NV")
>>> campaign = Campaign(
...     "ba-ria-vung-tau/vi-du-2021", "Phong trào ví dụ",
...     Issuer("UBND thành phố Vũng Tàu", IssuerLevel.DISTRICT, "ba-ria-vung-tau"),
...     Instrument("1606/UBND-NV", "UBND thành phố Vũng Tàu"),
...     dt.date(2021, 1, 1), dt.date(2021, 12, 31),
...     (CampaignField("kinh-te", "Kinh tế", S, reference=ref),),
...     (RecognitionLevel("co-so", "Cấp cơ sở", S, reference=ref),),
...     (Tier("cong-nhan", "Được công nhận", S, reference=ref),),
...     (Requirement("hieu-qua", "Có hiệu quả", S, reference=ref),),
...     registration=Registration(1, S, ("ubnd-phuong-xa",), reference=ref))
>>> units = [Unit("phuong-1", "Phường 1", "ubnd-phuong-xa", "ba-ria-vung-tau"),
...          Unit("phuong-2", "Phường 2", "ubnd-phuong-xa", "ba-ria-vung-tau")]
>>> model = Model("m1", "Mô hình 1", campaign.code, "phuong-1", "kinh-te", ModelKind.MO_HINH,
...               HolderKind.TAP_THE, dt.date(2021, 3, 20), "co-so", 2021, 2021)
>>> report = check_registrations(campaign, units, [model], 2021)
>>> [u.id for u in report.missing], report.check("phuong-1").registered
(['phuong-2'], ('m1',))
>>> outcome = review(campaign, model, {"hieu-qua": False}, year=2021)
>>> outcome.passed, [r.code for r in outcome.failing]
(False, ['hieu-qua'])
>>> print(outcome.explain("en"))
Model: Mô hình 1 (m1)
Campaign: ba-ria-vung-tau/vi-du-2021 · Review year: 2021
Outcome: not passed
Requirements:
  [failed] hieu-qua Có hiệu quả [Công văn 1606/UBND-NV]
Failing requirements: hieu-qua
>>> from danvan_rules.model.dvk import DvkRecords
>>> counted = tally(campaign, DvkRecords((model,)))
>>> counted.registered.total, [dict(c) for c in counted.registered.by.values()][0]
(1, {'kinh-te': 1})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from danvan_rules.errors import Collector, field_path, index_path
from danvan_rules.model.dvk import (
    Campaign,
    Dimension,
    DvkError,
    DvkFact,
    DvkReconciliation,
    DvkRecords,
    DvkTally,
    Model,
    RegistrationCheck,
    RegistrationReport,
    ReviewOutcome,
    SkippedModel,
    SkipReason,
    UnitDvkHistory,
)
from danvan_rules.model.rounds import Registry, Unit

from . import _dvk_reconcile, _dvk_tally
from ._dvk_review import (
    answer_problems,
    campaign_problem,
    outcome,
    requirements_problem,
    running_problem,
    year_problems,
)

__all__ = ["check_registrations", "reconcile_dvk", "review", "tally", "unit_history"]


def check_registrations(
    campaign: Campaign,
    units: Registry | Iterable[Unit],
    models: DvkRecords | Iterable[Model],
    year: int,
) -> RegistrationReport:
    """Per bound unit, the models it registered for ``year`` against the number required.

    The units checked are those of ``units`` in a khối the campaign's
    registration binds (every unit when it binds none) that exist in
    ``year``, in the order given. A model counts for its unit when it is of
    this campaign and its period contains ``year`` (an individual's model
    counts for the person's unit); every other model is listed in
    ``skipped`` with the reason, so none is lost.

    Raises:
        DvkError: every problem at once: the campaign has no registration
            requirement (``dvk.no_registration``), ``year`` is outside its
            period (``dvk.year_outside_campaign``), a unit id is given twice
            (``dvk.duplicate_unit``).
    """
    found = Collector()
    registration = campaign.registration
    if registration is None:
        found.add(
            f"campaign {campaign.code!r} sets no registration requirement to check",
            "$.campaign.registration",
            code="dvk.no_registration",
            vi=f"phong trào {campaign.code!r} không quy định việc đăng ký mô hình để kiểm tra",
        )
    year_problems(campaign, year, "$.year", found)
    given = tuple(units)
    first: dict[str, int] = {}
    for i, unit in enumerate(given):
        if unit.id in first:
            found.add(
                f"unit id {unit.id!r} is given twice (first at $.units[{first[unit.id]}])",
                field_path(index_path("$.units", i), "id"),
                code="dvk.duplicate_unit",
                vi=f"mã đơn vị {unit.id!r} được đưa vào hai lần (lần đầu ở $.units[{first[unit.id]}])",
            )
        else:
            first[unit.id] = i
    if registration is None:
        found.fail(DvkError)
    found.raise_if_any(DvkError)
    binds = set(registration.binds)
    checked = [u for u in given if (not binds or u.khoi in binds) and u.exists_in(year)]
    registered: dict[str, list[str]] = {u.id: [] for u in checked}
    skipped: list[SkippedModel] = []
    for model in models.models if isinstance(models, DvkRecords) else models:
        if model.campaign != campaign.code:
            skipped.append(SkippedModel(model.id, model.unit, SkipReason.OTHER_CAMPAIGN))
        elif not model.period_from <= year <= model.period_until:
            skipped.append(SkippedModel(model.id, model.unit, SkipReason.OUTSIDE_YEAR))
        elif model.unit in registered:
            registered[model.unit].append(model.id)
        else:
            skipped.append(SkippedModel(model.id, model.unit, SkipReason.UNIT_NOT_CHECKED))
    checks = tuple(
        RegistrationCheck(u, registration.at_least, tuple(registered[u.id])) for u in checked
    )
    return RegistrationReport(campaign.code, year, registration.at_least, checks, tuple(skipped))


def review(
    campaign: Campaign, model: Model, answers: Mapping[str, bool], *, year: int
) -> ReviewOutcome:
    """The outcome of a model's review for ``year``: passed only if every requirement is met.

    ``answers`` maps requirement codes to ``True`` (met) or ``False`` (not
    met). Every requirement of the campaign is in the outcome, in campaign
    order, as passed, failed or unanswered; an unanswered requirement is
    never taken as met, so the outcome is not passed and names it. The
    explanation (:meth:`~danvan_rules.model.dvk.ReviewOutcome.explain`) cites
    each requirement's reference.

    Raises:
        DvkError: every problem at once: an answer for a code that is not a
            requirement (``dvk.unknown_requirement`` @ ``$.answers["x"]``), an
            answer that is not a boolean (``dvk.invalid_answer``), a campaign without requirements (``dvk.no_requirements``), a model of
            another campaign (``dvk.other_campaign``), a year outside the
            campaign's or the model's period.
    """
    found = Collector()
    campaign_problem(campaign, model, "$.model.campaign", found)
    year_problems(campaign, year, "$.year", found)
    running_problem(model, year, "$.year", found)
    requirements_problem(campaign, found)
    checked = answer_problems(campaign, answers, "$.answers", found)
    found.raise_if_any(DvkError)
    return outcome(campaign, model, checked, year)


def tally(
    campaign: Campaign,
    records: DvkRecords,
    *,
    years: Iterable[int] | None = None,
    by: Iterable[Dimension | str] | Dimension | str = _dvk_tally.ALL_DIMENSIONS,
) -> DvkTally:
    """The campaign's records counted over ``years`` (its whole period by default).

    One :class:`~danvan_rules.model.dvk.DvkBreakdown` per measure, each
    broken down by the dimensions of ``by`` (one dimension, or several, each a
    :class:`~danvan_rules.model.dvk.Dimension` or its value) that apply to it (the codes of the
    campaign's fields, levels, tiers, holders and kinds are listed with zero
    counts; years are keys as text, ``"2023"``):

    - *registered*: models, each once, in the first year of its period
      (dimensions: field, target level, holder kind, kind, unit, year);
    - *reviewed* and *passed*: yearly reviews, and those whose every
      requirement was met (the same dimensions, the year of the review);
    - *recognised*: recognitions ("lượt"), not distinct models (level and
      tier of the recognition, and the model's other dimensions);
    - *honoured*: awards of the stream ``dan-van-kheo`` (holder kind and
      award kind; award records carry no year, so all are counted).

    Records of another campaign (awards of another stream) are counted in
    ``other``, those outside the years in ``outside``: with ``total`` they
    account for every record.

    Raises:
        DvkError: every problem at once: a year outside the campaign's
            period or no year, an unknown dimension, a model id used twice, a
            review or recognition of a model that is not in the records, a
            model reviewed twice for a year, a review's bad answers (as
            :func:`review` reports them, under ``$.reviews[i].answers``).
    """
    return _dvk_tally.tally(campaign, records, years=years, by=by)


def unit_history(
    campaign: Campaign, records: DvkRecords, unit: Unit | str, years: Iterable[int]
) -> UnitDvkHistory:
    """A unit's models of the campaign and, for each of ``years``, what became of each.

    Each model (in record order) gets one entry per year asked for: not
    running (outside its period), not reviewed, passed, failed, or incomplete
    (reviewed with requirements unanswered), with the review's outcome and
    the recognitions of that year.

    Raises:
        DvkError: a year outside the campaign's period or no year, a model id
            used twice, and the problems of the unit's reviews (as in :func:`tally`).
    """
    return _dvk_tally.unit_history(campaign, records, unit, years)


def reconcile_dvk(
    source: DvkTally | DvkRecords,
    published: Iterable[DvkFact],
    *,
    campaign: Campaign | None = None,
) -> DvkReconciliation:
    """Check every published count against a tally: matched, not matched, or uncheckable.

    ``source`` is a tally, or the records with their ``campaign`` (each fact
    is then checked against a tally over the years it covers). A fact is
    *not matched* when the count differs (each difference is listed, signed),
    and *uncheckable* when the tally lacks what it needs (other years, a
    dimension not computed, a code the campaign does not have).

    Raises:
        DvkError: records without their campaign (``dvk.campaign_needed``), a
            tally of another campaign than ``campaign`` (``dvk.other_campaign``),
            and what :func:`tally` raises on the records.
    """
    return _dvk_reconcile.reconcile_dvk(source, published, campaign=campaign)
