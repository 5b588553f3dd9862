"""Pure functions over rounds: score a round, reconcile it, compare two, tally and check awards.

>>> import datetime as dt
>>> from danvan_rules import rulesets, load_report
>>> from danvan_rules.model.rounds import FixedRuleSets, Registry, Round, Unit
>>> rs = rulesets.get("example/dan-van-2024")
>>> reg = Registry([Unit("so-tu-phap", "Sở Tư pháp", "so-nganh", "example"),
...                 Unit("so-y-te", "Sở Y tế", "so-nganh", "example")])
>>> r = Round("example", 2024, reg, FixedRuleSets({"so-nganh": rs.code}))
>>> result = score_round(r, [load_report("examples/tot.json")], {"so-nganh": rs})
>>> [(o.unit.id, o.status.value, o.band_code) for o in result.outcomes]
[('so-tu-phap', 'rated', 'tot'), ('so-y-te', 'no_report', None)]
>>> dict(result.tally("so-nganh").bands), result.tally("so-nganh").no_report
({'xuat-sac': 0, 'tot': 1, 'hoan-thanh': 0, 'khong-hoan-thanh': 0}, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from danvan_rules.errors import Collector, Problem, ReportError, field_path, index_path, key_path
from danvan_rules.model import (
    Notice,
    Provenance,
    QuotaLimit,
    RuleSet,
    ScoreResult,
    Status,
    UnitReport,
)
from danvan_rules.model.rounds import (
    FixedRuleSets,
    RefusedReport,
    Round,
    RoundError,
    RoundResult,
    RuleSetUse,
    Unit,
    UnitOutcome,
    UnitStatus,
)

from ._awards import check_awards, tally_awards
from ._compare import compare_rounds
from ._reconcile import reconcile
from ._tallies import tallies
from .quota import apply_quota
from .score import score_many

__all__ = ["check_awards", "compare_rounds", "reconcile", "score_round", "tally_awards"]


def score_round(
    the_round: Round,
    reports: Iterable[UnitReport | ReportError | object],
    rulesets: Mapping[str, RuleSet],
    *,
    former: Mapping[str, Mapping[str, RuleSet]] | None = None,
) -> RoundResult:
    """Score every report of a round and account for every unit of its registry.

    ``rulesets`` maps each khối to the :class:`~danvan_rules.model.RuleSet`
    it is scored by (the core cannot look rule sets up: the caller resolves
    the round's choice, with ``danvan_rules.rulesets.get`` for a fixed choice
    or ``for_report`` by date). ``former`` gives other rule sets to the units
    of a former province (former province → khối → rule set): after the 2025
    reorganisation a merged province may keep its predecessors' rules for
    their former territory. Each khối (and, within it, each former province
    with its own rule set) is scored with :func:`score_many`, then ranked and
    put through its rule set's quota with :func:`apply_quota`.

    Every registry unit gets exactly one :class:`UnitOutcome`: rated (with its
    band), ineligible, invalid (the problems of its report, each under
    ``$.reports[i]``), no report, or not in the year. Every report is either
    *used* (it decided a unit's outcome) or *refused* (it names a unit the
    registry lacks or that does not exist in the year, is unreadable without a
    unit id, or is not a report). A report for the round's unit whose year,
    province or category is not the round's, and two reports for one unit,
    make the unit invalid. ``reports`` may hold the :class:`ReportError`
    entries of ``load_reports`` in place of reports that could not be read.

    Raises:
        RoundError: every problem of the rule sets given, at once: a khối of
            the round with no rule set (``round.missing_ruleset``), a rule set
            that has no such category (``round.khoi_not_covered``), one that
            is not the round's fixed choice (``round.ruleset_mismatch``) or,
            chosen by date, not in force on 31 December (``round.ruleset_not_in_force``).
    """
    by_former: Mapping[str, Mapping[str, RuleSet]] = {} if former is None else former
    _check_rulesets(the_round, rulesets, by_former)
    accepted: dict[str, list[tuple[int, UnitReport | ReportError, tuple[Problem, ...]]]] = {}
    refused: list[RefusedReport] = []
    count = 0
    for i, entry in enumerate(reports):
        count += 1
        unit, problems = _place(the_round, i, entry)
        if unit is None or not isinstance(entry, UnitReport | ReportError):
            refused.append(RefusedReport(i, _unit_id(entry), problems))
        else:
            accepted.setdefault(unit.id, []).append((i, entry, problems))
    outcomes: dict[str, UnitOutcome] = {}
    to_score: dict[tuple[str, str | None], list[tuple[int, Unit, UnitReport]]] = {}
    for unit in the_round.registry:
        entries = accepted.get(unit.id, [])
        if not unit.exists_in(the_round.year):
            outcomes[unit.id] = UnitOutcome(unit, UnitStatus.NOT_IN_YEAR)
        elif not entries:
            outcomes[unit.id] = UnitOutcome(unit, UnitStatus.NO_REPORT)
        elif len(entries) > 1:
            outcomes[unit.id] = _duplicates(unit, entries)
        else:
            i, entry, problems = entries[0]
            if problems or isinstance(entry, ReportError):
                found = list(problems)
                if isinstance(entry, ReportError):
                    found.extend(p.under(index_path("$.reports", i)) for p in entry.problems)
                outcomes[unit.id] = UnitOutcome(unit, UnitStatus.INVALID, None, tuple(found), (i,))
            else:
                to_score.setdefault(
                    _scope_of(unit.khoi, unit.former_province, by_former), []
                ).append((i, unit, entry))
    uses: list[RuleSetUse] = []
    for khoi, former_province, ruleset in _scopes(the_round, rulesets, by_former):
        scored, quota = _score_khoi(ruleset, to_score.get((khoi, former_province), []))
        outcomes.update(scored)
        uses.append(_use(khoi, ruleset, quota, former_province))
    ordered = tuple(outcomes[u.id] for u in the_round.registry)
    used = tuple(sorted(i for o in ordered for i in o.reports))
    return RoundResult(
        round=the_round,
        outcomes=ordered,
        refused=tuple(refused),
        used=used,
        report_count=count,
        rulesets=tuple(uses),
        tallies=tallies(the_round, ordered, uses),
        notices=_notices(the_round, uses),
    )


def _scopes(
    the_round: Round,
    rulesets: Mapping[str, RuleSet],
    former: Mapping[str, Mapping[str, RuleSet]],
) -> Iterable[tuple[str, str | None, RuleSet]]:
    """Each khối with its rule set, then its former provinces' own ones (sorted)."""
    for khoi in the_round.khoi:
        if khoi in rulesets:
            yield khoi, None, rulesets[khoi]
        for province in sorted(former):
            if khoi in former[province]:
                yield khoi, province, former[province][khoi]


def _check_rulesets(
    the_round: Round,
    rulesets: Mapping[str, RuleSet],
    former: Mapping[str, Mapping[str, RuleSet]],
) -> None:
    found = Collector()
    units = {(u.khoi, u.former_province) for u in the_round.registry if u.exists_in(the_round.year)}
    for khoi in the_round.khoi:
        where = key_path("$.rulesets", khoi)
        ruleset = rulesets.get(khoi)
        if ruleset is None:
            if any(_scope_of(k, f, former) == (khoi, None) for k, f in units):
                found.add(
                    f"no rule set was given for khối {khoi!r}",
                    where,
                    code="round.missing_ruleset",
                    vi=f"chưa có bộ quy tắc cho khối {khoi!r}",
                )
            continue
        found.extend(_check_one(the_round, khoi, None, ruleset, where))
    choice = the_round.rulesets
    if isinstance(choice, FixedRuleSets):
        for khoi, province in sorted(units, key=str):
            wanted = None if province is None else choice.former.get(province, {}).get(khoi)
            if wanted is not None and khoi not in former.get(str(province), {}):
                found.add(
                    f"no rule set was given for khối {khoi!r} of former province {province!r} "
                    f"(the round fixes {wanted})",
                    key_path(key_path("$.former", str(province)), khoi),
                    code="round.missing_ruleset",
                    vi=f"chưa có bộ quy tắc cho khối {khoi!r} của tỉnh cũ {province!r} (đợt "
                    f"đánh giá chọn {wanted})",
                )
    for province, by_khoi in former.items():
        for khoi, ruleset in by_khoi.items():
            where = key_path(key_path("$.former", province), khoi)
            if (khoi, province) not in units:
                found.add(
                    f"a rule set for khối {khoi!r} of former province {province!r}, which no "
                    "unit of the round has",
                    where,
                    code="round.unknown_former_scope",
                    vi=f"bộ quy tắc cho khối {khoi!r} của tỉnh cũ {province!r}, không đơn vị nào "
                    "của đợt đánh giá thuộc phạm vi này",
                )
                continue
            found.extend(_check_one(the_round, khoi, province, ruleset, where))
    found.raise_if_any(RoundError)


def _scope_of(
    khoi: str, province: str | None, former: Mapping[str, Mapping[str, RuleSet]]
) -> tuple[str, str | None]:
    """The (khối, former province) a unit is scored in: the former one only with its own rule set."""
    if province is not None and khoi in former.get(province, {}):
        return khoi, province
    return khoi, None


def _check_one(
    the_round: Round, khoi: str, province: str | None, ruleset: RuleSet, where: str
) -> Iterable[Problem]:
    """One rule set given for a khối (of a former province): it covers it, and is the choice."""
    found = Collector()
    day = the_round.evaluation_date
    choice = the_round.rulesets
    if khoi not in {c.code for c in ruleset.categories}:
        found.add(
            f"rule set {ruleset.code} has no category {khoi!r}",
            where,
            code="round.khoi_not_covered",
            vi=f"bộ quy tắc {ruleset.code} không có khối {khoi!r}",
        )
    if isinstance(choice, FixedRuleSets):
        chosen = choice.code_for(khoi, province)
        if chosen != ruleset.code:
            found.add(
                f"khối {khoi!r} is scored by {chosen} in the round, not {ruleset.code}",
                where,
                code="round.ruleset_mismatch",
                vi=f"khối {khoi!r} được chấm theo {chosen} trong đợt đánh giá, "
                f"không phải {ruleset.code}",
            )
    elif not ruleset.in_force_on(day):
        found.add(
            f"rule set {ruleset.code} is not in force on {day}",
            where,
            code="round.ruleset_not_in_force",
            vi=f"bộ quy tắc {ruleset.code} không có hiệu lực vào ngày {day}",
        )
    return found.problems


def _unit_id(entry: object) -> str | None:
    if isinstance(entry, UnitReport | ReportError):
        return entry.unit_id
    return None


def _place(the_round: Round, i: int, entry: object) -> tuple[Unit | None, tuple[Problem, ...]]:
    """The registry unit an entry is for (``None``: refused), and the problems found."""
    where = index_path("$.reports", i)
    found = Collector()
    if not isinstance(entry, UnitReport | ReportError):
        found.add(
            f"expected a unit report, not {type(entry).__name__}",
            where,
            code="round.not_a_report",
            vi=f"cần một báo cáo của đơn vị, không phải {type(entry).__name__}",
        )
        return None, found.problems
    registry = the_round.registry
    if isinstance(entry, ReportError) and entry.unit_id is None:
        found.add(
            "a report that could not be read, for no known unit",
            where,
            code="round.unreadable_report",
            vi="báo cáo không đọc được và không xác định được đơn vị",
        )
        found.extend(p.under(where) for p in entry.problems)
        return None, found.problems
    unit_id = str(entry.unit_id)
    if unit_id not in registry:
        found.add(
            f"report for unit {unit_id!r}, which the round's registry does not have",
            field_path(where, "unit_id"),
            code="round.unknown_unit",
            vi=f"báo cáo của đơn vị {unit_id!r}, không có trong danh sách đơn vị của đợt đánh giá",
        )
        return None, found.problems
    unit = registry.unit(unit_id)
    if not unit.exists_in(the_round.year):
        found.add(
            f"report for unit {unit_id!r}, which does not exist on "
            f"{the_round.evaluation_date} (valid {unit.valid_from or '…'} to "
            f"{unit.valid_until or '…'})",
            field_path(where, "unit_id"),
            code="round.unit_not_in_year",
            vi=f"báo cáo của đơn vị {unit_id!r}, đơn vị này không tồn tại vào ngày "
            f"{the_round.evaluation_date} (hiệu lực từ {unit.valid_from or '…'} đến "
            f"{unit.valid_until or '…'})",
        )
        return None, found.problems
    if isinstance(entry, UnitReport):
        found.extend(_mismatches(the_round, unit, entry, where))
    return unit, found.problems


def _mismatches(the_round: Round, unit: Unit, report: UnitReport, where: str) -> Iterable[Problem]:
    found = Collector()
    if report.year != the_round.year:
        found.add(
            f"report is for {report.year}, not the round's year {the_round.year}",
            field_path(where, "year"),
            code="round.year_mismatch",
            vi=f"báo cáo của năm {report.year}, không phải năm {the_round.year} của đợt đánh giá",
        )
    if report.province != the_round.province:
        found.add(
            f"report is for province {report.province!r}, not the round's {the_round.province!r}",
            field_path(where, "province"),
            code="round.province_mismatch",
            vi=f"báo cáo của tỉnh {report.province!r}, không phải tỉnh {the_round.province!r} "
            "của đợt đánh giá",
        )
    if report.former_province != unit.former_province:
        found.add(
            f"report names former province {report.former_province!r}; unit {unit.id!r} "
            f"is of {unit.former_province!r}",
            field_path(where, "former_province"),
            code="round.former_province_mismatch",
            vi=f"báo cáo ghi tỉnh cũ {report.former_province!r}; đơn vị {unit.id!r} thuộc "
            f"{unit.former_province!r}",
        )
    if report.category != unit.khoi:
        found.add(
            f"report is in khối {report.category!r}; unit {unit.id!r} is in {unit.khoi!r}",
            field_path(where, "category"),
            code="round.category_mismatch",
            vi=f"báo cáo thuộc khối {report.category!r}; đơn vị {unit.id!r} thuộc khối "
            f"{unit.khoi!r}",
        )
    return found.problems


def _duplicates(
    unit: Unit, entries: list[tuple[int, UnitReport | ReportError, tuple[Problem, ...]]]
) -> UnitOutcome:
    indexes = tuple(i for i, _, _ in entries)
    listed = ", ".join(index_path("$.reports", i) for i in indexes)
    found = Collector()
    for i in indexes[1:]:
        found.add(
            f"unit {unit.id!r} has {len(indexes)} reports ({listed}); none is used",
            index_path("$.reports", i),
            code="round.duplicate_report",
            vi=f"đơn vị {unit.id!r} có {len(indexes)} báo cáo ({listed}); không báo cáo nào "
            "được sử dụng",
        )
    return UnitOutcome(unit, UnitStatus.INVALID, None, found.problems, indexes)


def _score_khoi(
    ruleset: RuleSet, members: list[tuple[int, Unit, UnitReport]]
) -> tuple[dict[str, UnitOutcome], QuotaLimit | None]:
    batch = score_many(ruleset, [report for _, _, report in members])
    out: dict[str, UnitOutcome] = {}
    scored: list[tuple[int, Unit, ScoreResult]] = []
    for (i, unit, _), outcome in zip(members, batch, strict=True):
        if isinstance(outcome, ReportError):
            problems = tuple(p.under(index_path("$.reports", i)) for p in outcome.problems)
            out[unit.id] = UnitOutcome(unit, UnitStatus.INVALID, None, problems, (i,))
        else:
            scored.append((i, unit, outcome))
    cohort = apply_quota(ruleset, [result for _, _, result in scored])
    for (i, unit, _), result in zip(scored, cohort.results, strict=True):
        status = UnitStatus.RATED if result.status is Status.RATED else UnitStatus.INELIGIBLE
        proposable = _proposable(ruleset, result, status)
        out[unit.id] = UnitOutcome(unit, status, result, (), (i,), proposable)
    return out, cohort.limits[0] if cohort.limits else None


def _use(
    khoi: str, ruleset: RuleSet, quota: QuotaLimit | None, former_province: str | None
) -> RuleSetUse:
    bands = ruleset.bands_ascending
    stated = [b for b in bands if b.award_proposal is not None]
    return RuleSetUse(
        khoi=khoi,
        code=ruleset.code,
        sha256=ruleset.sha256,
        bands=tuple(b.code for b in bands),
        quota=quota,
        assumed_values=ruleset.assumed_values,
        illustrative=ruleset.illustrative,
        proposal_bands=tuple(b.code for b in bands if b.award_proposal) if stated else None,
        proposal_assumed=any(
            b.provenance is Provenance.ASSUMED or "award_proposal" in b.assumed for b in stated
        ),
        label_vi=ruleset.category(khoi).label_vi,
        band_labels_vi=MappingProxyType({b.code: b.label_vi for b in bands}),
        former_province=former_province,
    )


def _proposable(ruleset: RuleSet, result: ScoreResult, status: UnitStatus) -> bool | None:
    if all(b.award_proposal is None for b in ruleset.bands):
        return None
    return status is UnitStatus.RATED and ruleset.band(str(result.band_code)).award_proposal is True


def _notices(the_round: Round, uses: Sequence[RuleSetUse]) -> tuple[Notice, ...]:
    notices = []
    if the_round.synthetic:
        notices.append(
            Notice(
                "round-synthetic",
                "the reports of this round are synthetic: made-up records standing in for "
                "unpublished ones; no result is a unit's real score",
                "các báo cáo của đợt đánh giá này là dữ liệu giả lập, thay cho báo cáo chưa "
                "được công bố; không kết quả nào là điểm thực của đơn vị",
            )
        )
    for use in dict.fromkeys((u.code, u.assumed_values, u.illustrative) for u in uses):
        code, assumed, illustrative = use
        if illustrative:
            notices.append(
                Notice(
                    "round-illustrative-ruleset",
                    f"rule set {code} is illustrative: it encodes no real instrument",
                    f"bộ quy tắc {code} chỉ để minh họa, không thể hiện văn bản thực nào",
                )
            )
        if assumed:
            notices.append(
                Notice(
                    "round-assumed-values",
                    f"rule set {code} holds {assumed} assumed values: results are not official",
                    f"bộ quy tắc {code} có {assumed} giá trị giả định: kết quả không chính thức",
                )
            )
    return tuple(notices)
