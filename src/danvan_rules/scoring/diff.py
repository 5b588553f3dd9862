"""What changed between two rule-set versions, what it does to a cohort, and weight sweeps.

:func:`diff` compares two rule sets element by element (criteria by code per
scorecard, categories, weights, bands, conditions, adjustments, quota, facts,
dates, instrument) and lists each change as a typed :class:`Change`.
:func:`impact` scores a cohort under both versions and names the units whose
band, status or total moves, with the changes that matter for each.
:func:`sweep` scores a cohort under many weightings of one category.

Pure: no I/O, no clock; every number stays exact (``docs/diff.md``).

>>> from danvan_rules import rulesets
>>> old, new = rulesets.get("dong-thap/1318-2021"), rulesets.get("dong-thap/817-2023")
>>> changes = diff(old, new)
>>> [c.kind for c in changes.changes if c.kind.startswith("category")]
['category.added', 'category.removed']
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

import attrs

from danvan_rules.errors import InvalidValueError, Lang, ReportError
from danvan_rules.model import (
    Batch,
    Levels,
    RateTable,
    RuleSet,
    ScoreResult,
    Status,
    UnitReport,
)
from danvan_rules.model._canonical import decimal_text

from .reweight import reweight
from .score import _outcome, score_many

__all__ = [
    "MAX_SWEEP_CELLS",
    "Change",
    "Impact",
    "RuleSetDiff",
    "Sweep",
    "SweepSetting",
    "UnitImpact",
    "VersionOutcome",
    "diff",
    "impact",
    "sweep",
]

#: The most (settings × reports) one :func:`sweep` scores; past it, ``sweep.too_large``.
MAX_SWEEP_CELLS: Final = 1_000_000

#: Fields compared nowhere: where a value comes from, not what it is.
_SOURCE_FIELDS: Final = frozenset({"provenance", "reference", "assumed"})


# ---------------------------------------------------------------------- records


class _Tables:
    """``to_html`` and ``_repr_html_`` of a diff, an impact and a sweep (Jupyter)."""

    __slots__ = ()

    def to_html(self, lang: Lang = "vi") -> str:
        """An HTML table of this record, labelled in ``lang`` (``docs/display.md``).

        Raises:
            ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        from danvan_rules.model._display import check_lang

        from . import _diff_html

        checked = check_lang(lang)
        if isinstance(self, RuleSetDiff):
            return _diff_html.diff_html(self, checked)
        if isinstance(self, Impact):
            return _diff_html.impact_html(self, checked)
        assert isinstance(self, Sweep)  # noqa: S101 - the three records are the only subclasses
        return _diff_html.sweep_html(self, checked)

    def _repr_html_(self) -> str:
        return self.to_html("vi")


@attrs.frozen
class Change:
    """One difference between two rule sets.

    ``kind`` says what changed (``criterion.max``, ``band.min``, ``weight``,
    … : ``docs/diff.md`` lists them); ``path`` where, in the rule set
    (``scorecards["phu-luc"].criteria["III"].title_vi``); ``before`` and
    ``after`` are the values (``None`` for what is added or removed:
    then the element itself is on the other side). ``subject`` is the code
    of what changed (criterion, band, condition, adjustment, category, fact)
    and ``scope`` its scorecard (criteria) or category (weights), so that
    :func:`impact` can tell which units it touches.
    """

    kind: str
    path: str
    before: object
    after: object
    en: str
    vi: str
    subject: str = ""
    scope: str = ""

    def text(self, lang: Lang = "vi") -> str:
        """The one-line description in ``lang``."""
        from danvan_rules.model._display import check_lang

        return self.vi if check_lang(lang) == "vi" else self.en


@attrs.frozen(repr=False)
class RuleSetDiff(_Tables):
    """Every change from rule set ``a`` to rule set ``b``, in rule-set order.

    False (and of length 0) when the two rule sets score alike in every
    respect compared (``docs/diff.md``).
    """

    a: RuleSet = attrs.field(eq=False)
    b: RuleSet = attrs.field(eq=False)
    changes: tuple[Change, ...]

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def kinds(self) -> Mapping[str, int]:
        """How many changes of each kind, in first-seen order."""
        return MappingProxyType(dict(Counter(c.kind for c in self.changes)))

    def __repr__(self) -> str:
        kinds = ", ".join(f"{kind} {n}" for kind, n in list(self.kinds().items())[:4])
        more = ", …" if len(self.kinds()) > 4 else ""
        summary = f": {kinds}{more}" if self.changes else ""
        return (
            f"<RuleSetDiff {self.a.code!r} → {self.b.code!r}: "
            f"{len(self.changes)} change{'' if len(self.changes) == 1 else 's'}{summary}>"
        )

    def to_text(self, lang: Lang = "vi") -> str:
        """One line per change, after a heading naming both rule sets.

        Raises:
            ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        from danvan_rules.model._display import check_lang

        lang = check_lang(lang)
        if lang == "vi":
            head = f"{self.a.code} → {self.b.code}: {len(self.changes)} thay đổi"
        else:
            head = f"{self.a.code} → {self.b.code}: {len(self.changes)} changes"
        return "\n".join([head, *(f"- {c.text(lang)}" for c in self.changes)])


@attrs.frozen
class VersionOutcome:
    """What one report got under one rule set: total, band and status, or its error."""

    total: Decimal | None
    band: str | None
    status: Status | None
    error: ReportError | None = None

    @property
    def label(self) -> str:
        """The band code, ``"ineligible"`` or ``"error"`` (the keys of ``Impact.transitions``)."""
        if self.error is not None:
            return "error"
        return "ineligible" if self.band is None else self.band


@attrs.frozen
class UnitImpact:
    """One input whose band, status or total differs between the two rule sets, and why."""

    index: int
    unit_id: str
    category: str
    before: VersionOutcome
    after: VersionOutcome
    #: the changes of the diff that touch this unit's answers, bands, conditions, adjustments
    why: tuple[Change, ...]


@attrs.frozen(repr=False)
class Impact(_Tables):
    """A cohort scored under ``diff.a`` and ``diff.b``: every input in ``before`` and ``after``.

    ``changed`` lists the inputs whose band, status or total differs, in
    input order; ``transitions`` counts every input per (label before, label
    after), a label being a band code, ``"ineligible"`` or ``"error"``.
    """

    diff: RuleSetDiff
    before: Batch = attrs.field(eq=False)
    after: Batch = attrs.field(eq=False)
    changed: tuple[UnitImpact, ...]
    transitions: Mapping[tuple[str, str], int] = attrs.field(eq=False)

    def __len__(self) -> int:
        return len(self.changed)

    def __bool__(self) -> bool:
        return bool(self.changed)

    def __repr__(self) -> str:
        return (
            f"<Impact {self.diff.a.code!r} → {self.diff.b.code!r}: "
            f"{len(self.changed)} of {len(self.before)} units changed>"
        )

    def to_text(self, lang: Lang = "vi") -> str:
        """The transitions, then one line per changed unit with its reasons.

        Raises:
            ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        from danvan_rules.model._display import check_lang

        lang = check_lang(lang)
        word = "đơn vị" if lang == "vi" else "units"
        lines = [f"{self.diff.a.code} → {self.diff.b.code}"]
        lines += [f"{x} → {y}: {n} {word}" for (x, y), n in self.transitions.items()]
        for unit in self.changed:
            lines.append(
                f"{unit.unit_id}: {_outcome_text(unit.before)} → {_outcome_text(unit.after)}"
            )
            lines += [f"  - {c.text(lang)}" for c in unit.why]
        return "\n".join(lines)


@attrs.frozen
class SweepSetting:
    """One weighting of a sweep: the weights scored with and what every input got."""

    weights: Mapping[str, Decimal]
    ruleset: RuleSet = attrs.field(eq=False, repr=False)
    totals: tuple[Decimal | None, ...] = attrs.field(repr=False)
    bands: tuple[str | None, ...] = attrs.field(repr=False)
    statuses: tuple[Status | None, ...] = attrs.field(repr=False)
    #: inputs per label: band code, ``"ineligible"`` or ``"error"``
    counts: Mapping[str, int]


@attrs.frozen(repr=False)
class Sweep(_Tables):
    """A cohort scored under each weighting of ``category``, in grid order.

    ``columnar`` says whether the exact columnar path scored it (NumPy was
    importable) or :func:`~danvan_rules.score_many`; the numbers are the same.
    """

    category: str
    unit_ids: tuple[str | None, ...]
    settings: tuple[SweepSetting, ...]
    columnar: bool

    def __len__(self) -> int:
        return len(self.settings)

    def __repr__(self) -> str:
        return (
            f"<Sweep {self.category!r}: {len(self.settings)} settings × "
            f"{len(self.unit_ids)} units{', columnar' if self.columnar else ''}>"
        )


# ---------------------------------------------------------------------- diff


def diff(a: RuleSet, b: RuleSet) -> RuleSetDiff:
    """Every change from rule set ``a`` to rule set ``b``.

    Criteria are matched by code within each scorecard (by code), categories,
    bands, conditions, adjustments and facts by code or name. Where values
    come from (``provenance``, ``reference``, ``assumed``), the notes, titles
    of the rule set and ``modifications`` are not compared: a diff says how
    the rules differ, not how they are documented.

    >>> from danvan_rules import rulesets
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> diff(rs, rs)
    <RuleSetDiff 'example/dan-van-2024' → 'example/dan-van-2024': 0 changes>
    >>> print(diff(rs, reweight(rs, "so-nganh", {"I": 5, "II": 30})).to_text("en"))
    example/dan-van-2024 → example/dan-van-2024: 2 changes
    - weight of I for so-nganh: 15 → 5
    - weight of II for so-nganh: 20 → 30
    """
    out: list[Change] = []
    out += _dates(a, b)
    out += _instrument(a, b)
    out += _scalars(a, b)
    out += _scorecards(a, b)
    out += _categories(a, b)
    out += _bands(a, b)
    out += _keyed_rules(a.facts, b.facts, "facts", "fact", lambda f: f.name)
    out += _keyed_rules(a.conditions, b.conditions, "conditions", "condition", lambda c: c.code)
    out += _keyed_rules(a.adjustments, b.adjustments, "adjustments", "adjustment", lambda j: j.code)
    out += _keyed_rules(a.derived, b.derived, "derived", "derived", lambda d: d.target)
    out += _quota(a, b)
    return RuleSetDiff(a, b, tuple(out))


def _show(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    kind = getattr(value, "KIND", None)
    if kind is not None:
        return str(kind)
    return str(value)


def _measure(value: object) -> str:
    """A measure with what it holds: ``points(step=0.25)``, ``levels(Tốt=10, Khá=7)``."""
    if value is None:  # a parent criterion: its points are its children's
        return _show(value)
    if isinstance(value, Levels):
        return "levels(" + ", ".join(f"{x.name}={_show(x.points)}" for x in value.levels) + ")"
    if isinstance(value, RateTable):
        rates = ", ".join(f"≥{_show(r.at_least)}: {_show(r.points)}" for r in value.rates)
        return f"rates({value.unit}; {rates})"
    held = ", ".join(f"{name}={_show(v)}" for name, v in _fields(value).items() if v is not None)
    return f"{_show(value)}({held})"


def _key(name: str) -> str:
    return '["' + name.replace("\\", "\\\\").replace('"', '\\"') + '"]'


def _fields(value: Any, skip: frozenset[str] = frozenset()) -> dict[str, object]:
    return {
        field.name: getattr(value, field.name)
        for field in attrs.fields(type(value))
        if field.name not in _SOURCE_FIELDS | skip
    }


def _dates(a: RuleSet, b: RuleSet) -> Iterator[Change]:
    names = {
        "effective_from": ("in force from", "có hiệu lực từ"),
        "effective_until": ("in force until", "có hiệu lực đến"),
    }
    for name, what in names.items():
        before, after = getattr(a, name), getattr(b, name)
        if before != after:
            yield Change(
                "dates",
                name,
                before,
                after,
                f"{what[0]}: {_show(before)} → {_show(after)}",
                f"{what[1]}: {_show(before)} → {_show(after)}",
            )


_INSTRUMENT_VI: Final = {
    "number": "số hiệu",
    "issuer": "cơ quan ban hành",
    "title_vi": "trích yếu",
    "signed": "ngày ký",
    "effective": "ngày có hiệu lực",
    "replaces": "thay thế văn bản",
    "url": "địa chỉ",
}


def _instrument(a: RuleSet, b: RuleSet) -> Iterator[Change]:
    before, after = _fields(a.instrument), _fields(b.instrument)
    for name, old in before.items():
        new = after[name]
        if old != new:
            yield Change(
                "instrument",
                f"instrument.{name}",
                old,
                new,
                f"instrument {name}: {_show(old)} → {_show(new)}",
                f"văn bản, {_INSTRUMENT_VI.get(name, name)}: {_show(old)} → {_show(new)}",
            )


def _scalars(a: RuleSet, b: RuleSet) -> Iterator[Change]:
    if a.scale != b.scale:
        yield Change(
            "scale",
            "scale",
            a.scale,
            b.scale,
            f"scale: {_show(a.scale)} → {_show(b.scale)}",
            f"thang điểm: {_show(a.scale)} → {_show(b.scale)}",
        )
    if a.rounding != b.rounding:
        yield Change(
            "rounding",
            "rounding",
            a.rounding,
            b.rounding,
            f"rounding: {a.rounding.places} places {a.rounding.mode}"
            f" → {b.rounding.places} places {b.rounding.mode}",
            f"làm tròn: {a.rounding.places} chữ số {a.rounding.mode}"
            f" → {b.rounding.places} chữ số {b.rounding.mode}",
        )


def _matched(
    before: Sequence[Any], after: Sequence[Any], key: Callable[[Any], str]
) -> tuple[list[Any], list[Any], list[tuple[Any, Any]]]:
    """Removed (in ``before`` order), added and common pairs (in ``after`` order)."""
    old = {key(x): x for x in before}
    new = {key(x): x for x in after}
    removed = [x for k, x in old.items() if k not in new]
    added = [x for k, x in new.items() if k not in old]
    common = [(old[k], x) for k, x in new.items() if k in old]
    return removed, added, common


_CRITERION_FIELDS: Final = {
    "title_vi": ("criterion.retitled", "title", "tên"),
    "title_en": ("criterion.retitled", "English title", "tên tiếng Anh"),
    "max": ("criterion.max", "max points", "điểm tối đa"),
    "measure": ("criterion.measure", "measure", "cách chấm"),
    "parent": ("criterion.moved", "parent", "thuộc mục"),
    "appraiser_only": ("criterion.appraiser_only", "appraiser only", "chỉ cấp trên chấm"),
}


def _scorecards(a: RuleSet, b: RuleSet) -> Iterator[Change]:
    removed, added, common = _matched(a.scorecards, b.scorecards, lambda s: s.code)
    empty: tuple[Any, ...] = ()
    pairs = [(s, None) for s in removed] + [(None, s) for s in added] + common
    for old, new in pairs:
        card = (old or new).code
        at = f"scorecards{_key(card)}"
        if old is None:
            yield Change(
                "scorecard.added",
                at,
                None,
                card,
                f"scorecard {card} added",
                f"thêm phụ lục {card}",
                card,
            )
        if new is None:
            yield Change(
                "scorecard.removed",
                at,
                card,
                None,
                f"scorecard {card} removed",
                f"bỏ phụ lục {card}",
                card,
            )
        gone, came, same = _matched(
            empty if old is None else old.criteria,
            empty if new is None else new.criteria,
            lambda c: c.code,
        )
        for c in gone:
            yield Change(
                "criterion.removed",
                f"{at}.criteria{_key(c.code)}",
                c,
                None,
                f"criterion {c.code} of {card} removed ({c.title_en or c.title_vi}, max {_show(c.max)})",
                f"bỏ tiêu chí {c.code} ({card}): {c.title_vi}, tối đa {_show(c.max)}",
                c.code,
                card,
            )
        for c in came:
            yield Change(
                "criterion.added",
                f"{at}.criteria{_key(c.code)}",
                None,
                c,
                f"criterion {c.code} of {card} added ({c.title_en or c.title_vi}, max {_show(c.max)})",
                f"thêm tiêu chí {c.code} ({card}): {c.title_vi}, tối đa {_show(c.max)}",
                c.code,
                card,
            )
        for was, now in same:
            for name, (kind, en, vi) in _CRITERION_FIELDS.items():
                before, after = getattr(was, name), getattr(now, name)
                if before != after:
                    shown = _measure if name == "measure" else _show
                    yield Change(
                        kind,
                        f"{at}.criteria{_key(now.code)}.{name}",
                        before,
                        after,
                        f"criterion {now.code} of {card}, {en}: {shown(before)} → {shown(after)}",
                        f"tiêu chí {now.code} ({card}), {vi}: {shown(before)} → {shown(after)}",
                        now.code,
                        card,
                    )


def _categories(a: RuleSet, b: RuleSet) -> Iterator[Change]:
    removed, added, common = _matched(a.categories, b.categories, lambda c: c.code)
    for c in added:
        yield Change(
            "category.added",
            f"categories{_key(c.code)}",
            None,
            c,
            f"category {c.code} added ({c.label_en or c.label_vi})",
            f"thêm khối {c.code} ({c.label_vi})",
            c.code,
            c.code,
        )
    for c in removed:
        yield Change(
            "category.removed",
            f"categories{_key(c.code)}",
            c,
            None,
            f"category {c.code} removed ({c.label_en or c.label_vi})",
            f"bỏ khối {c.code} ({c.label_vi})",
            c.code,
            c.code,
        )
    for was, now in common:
        at = f"categories{_key(now.code)}"
        for name in ("label_vi", "label_en", "scorecard", "until"):
            before, after = getattr(was, name), getattr(now, name)
            if before != after:
                yield Change(
                    "category.changed",
                    f"{at}.{name}",
                    before,
                    after,
                    f"category {now.code}, {name}: {_show(before)} → {_show(after)}",
                    f"khối {now.code}, {name}: {_show(before)} → {_show(after)}",
                    now.code,
                    now.code,
                )
        old, new = a.weights(now.code), b.weights(now.code)
        for code in [*old, *(k for k in new if k not in old)]:
            before, after = old.get(code), new.get(code)
            if before is not None and after is not None and before != after:
                yield Change(
                    "weight",
                    f"{at}.weights{_key(code)}",
                    before,
                    after,
                    f"weight of {code} for {now.code}: {_show(before)} → {_show(after)}",
                    f"trọng số của {code} ({now.code}): {_show(before)} → {_show(after)}",
                    code,
                    now.code,
                )


_BAND_FIELDS: Final = {
    "min": ("band.min", "from", "từ"),
    "label_vi": ("band.label", "label", "tên"),
    "label_en": ("band.label", "English label", "tên tiếng Anh"),
    "award_proposal": (
        "band.award_proposal",
        "may be proposed for an award",
        "được đề nghị khen thưởng",
    ),
}


def _bands(a: RuleSet, b: RuleSet) -> Iterator[Change]:
    removed, added, common = _matched(a.bands_ascending, b.bands_ascending, lambda x: x.code)
    for band, kind, verb in [(x, "band.removed", ("removed", "bỏ")) for x in removed] + [
        (x, "band.added", ("added", "thêm")) for x in added
    ]:
        before, after = (band, None) if kind == "band.removed" else (None, band)
        yield Change(
            kind,
            f"bands{_key(band.code)}",
            before,
            after,
            f"band {band.code} {verb[0]} ({band.label_en or band.label_vi}, from {_show(band.min)})",
            f"{verb[1]} mức xếp loại {band.code} ({band.label_vi}, từ {_show(band.min)})",
            band.code,
        )
    for was, now in common:
        for name, (kind, en, vi) in _BAND_FIELDS.items():
            before, after = getattr(was, name), getattr(now, name)
            if before != after:
                yield Change(
                    kind,
                    f"bands{_key(now.code)}.{name}",
                    before,
                    after,
                    f"band {now.code}, {en}: {_show(before)} → {_show(after)}",
                    f"mức xếp loại {now.code}, {vi}: {_show(before)} → {_show(after)}",
                    now.code,
                )


_WORDS: Final = {
    "fact": ("fact", "dữ kiện"),
    "condition": ("condition", "điều kiện"),
    "adjustment": ("adjustment", "điểm cộng/trừ"),
    "derived": ("derived answer", "câu trả lời lấy từ hồ sơ"),
}


def _keyed_rules(
    before: Sequence[Any], after: Sequence[Any], table: str, kind: str, key: Callable[[Any], str]
) -> Iterator[Change]:
    en, vi = _WORDS[kind]
    removed, added, common = _matched(before, after, key)
    for x in removed:
        yield Change(
            f"{kind}.removed",
            f"{table}{_key(key(x))}",
            x,
            None,
            f"{en} {key(x)} removed{_about(x)}",
            f"bỏ {vi} {key(x)}{_about(x)}",
            key(x),
        )
    for x in added:
        yield Change(
            f"{kind}.added",
            f"{table}{_key(key(x))}",
            None,
            x,
            f"{en} {key(x)} added{_about(x)}",
            f"thêm {vi} {key(x)}{_about(x)}",
            key(x),
        )
    for was, now in common:
        name = key(now)
        if type(was) is not type(now):
            yield Change(
                f"{kind}.changed",
                f"{table}{_key(name)}",
                was,
                now,
                f"{en} {name}: {_show(was)} → {_show(now)}",
                f"{vi} {name}: {_show(was)} → {_show(now)}",
                name,
            )
            continue
        old, new = _fields(was), _fields(now)
        for field, value in new.items():
            if old[field] != value:
                sort = "relabelled" if field.startswith("label") else "changed"
                yield Change(
                    f"{kind}.{sort}",
                    f"{table}{_key(name)}.{field}",
                    old[field],
                    value,
                    f"{en} {name}, {field}: {_show(old[field])} → {_show(value)}",
                    f"{vi} {name}, {field}: {_show(old[field])} → {_show(value)}",
                    name,
                )


def _about(value: object) -> str:
    kind = getattr(value, "KIND", None)
    label = getattr(value, "label_vi", None)
    parts = [str(p) for p in (kind, label) if p]
    return f" ({', '.join(parts)})" if parts else ""


def _quota(a: RuleSet, b: RuleSet) -> Iterator[Change]:
    if a.quota is None and b.quota is None:
        return
    if a.quota is None or b.quota is None:
        kind = "quota.added" if a.quota is None else "quota.removed"
        quota = b.quota if a.quota is None else a.quota
        assert quota is not None  # noqa: S101 - one of the two is set
        yield Change(
            kind,
            "quota",
            a.quota,
            b.quota,
            f"quota {kind.split('.')[1]}: at most {_show(quota.share)} of {quota.base_band} in {quota.band}",
            f"{'thêm' if a.quota is None else 'bỏ'} hạn mức: tối đa {_show(quota.share)} "
            f"của {quota.base_band} ở mức {quota.band}",
        )
        return
    old, new = _fields(a.quota), _fields(b.quota)
    for name, value in new.items():
        if old[name] != value:
            yield Change(
                "quota.changed",
                f"quota.{name}",
                old[name],
                value,
                f"quota, {name}: {_show(old[name])} → {_show(value)}",
                f"hạn mức, {name}: {_show(old[name])} → {_show(value)}",
            )


# ---------------------------------------------------------------------- impact


def impact(
    diff_or_pair: RuleSetDiff | tuple[RuleSet, RuleSet], reports: Iterable[object]
) -> Impact:
    """Score ``reports`` under both rule sets and list the units that come out differently.

    Every input is scored under ``a`` and under ``b`` (as
    :func:`~danvan_rules.score_many` does: an input that cannot be scored
    keeps its ``ReportError`` in its place). A unit is listed when its band,
    status or total differs (an error on one side only is a status change),
    with the changes of the diff that matter for it: criteria it answered (or
    their groups), or that were added or removed on its scorecard; the
    weights and the definition of its category; a band it is in on either
    side, or whose bound moved across its total; a condition that applied on
    either side; an adjustment it claimed or that counted on either side; a
    fact it states or that was added; the scale and rounding. The quota is a
    cohort rule (:func:`~danvan_rules.scoring.apply_quota`) and is not
    applied here.

    >>> from danvan_rules import rulesets, load_report
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> new = reweight(rs, "so-nganh", {"I": 5, "II": 30})
    >>> result = impact((rs, new), [load_report("examples/tot.json")])
    >>> [(u.before.total, u.after.total) for u in result.changed]
    [(Decimal('82.50'), Decimal('81.58'))]
    >>> [c.path for c in result.changed[0].why]
    ['categories["so-nganh"].weights["I"]', 'categories["so-nganh"].weights["II"]']
    """
    changes = diff_or_pair if isinstance(diff_or_pair, RuleSetDiff) else diff(*diff_or_pair)
    items = list(reports)
    before, after = score_many(changes.a, items), score_many(changes.b, items)
    changed: list[UnitImpact] = []
    transitions: Counter[tuple[str, str]] = Counter()
    for index, (item, x, y) in enumerate(zip(items, before, after, strict=True)):
        old, new = _as_outcome(x), _as_outcome(y)
        transitions[old.label, new.label] += 1
        same = (old.total, old.band, old.status) == (new.total, new.band, new.status)
        # what is not a report is the same error under both rule sets
        if same or not isinstance(item, UnitReport):
            continue
        changed.append(
            UnitImpact(index, item.unit_id, item.category, old, new, _why(changes, item, x, y))
        )
    return Impact(changes, before, after, tuple(changed), MappingProxyType(dict(transitions)))


def _as_outcome(outcome: ScoreResult | ReportError) -> VersionOutcome:
    if isinstance(outcome, ReportError):
        return VersionOutcome(None, None, None, outcome)
    return VersionOutcome(outcome.total, outcome.band_code, outcome.status)


def _outcome_text(outcome: VersionOutcome) -> str:
    if outcome.error is not None:
        return "error"
    return f"{outcome.total} {outcome.label}"


def _why(
    changes: RuleSetDiff,
    report: UnitReport,
    x: ScoreResult | ReportError,
    y: ScoreResult | ReportError,
) -> tuple[Change, ...]:
    results = [r for r in (x, y) if isinstance(r, ScoreResult)]
    touched = _Touched.of(changes, report, results)
    return tuple(c for c in changes.changes if touched.matters(c))


#: Fields that name or describe, and score nothing (nor does ``award_proposal``).
_WORDING: Final = frozenset(
    {"title_vi", "title_en", "label_vi", "label_en", "name_en", "award_proposal"}
)


@attrs.frozen
class _Touched:
    """What of the rule sets one unit's scoring depends on."""

    category: str
    cards: frozenset[str]
    criteria: frozenset[str]
    bands: frozenset[str]
    conditions: frozenset[str]
    adjustments: frozenset[str]
    facts: frozenset[str]

    @classmethod
    def of(cls, changes: RuleSetDiff, report: UnitReport, results: list[ScoreResult]) -> _Touched:
        answered = {*report.self_scores, *(report.appraised_scores or {})}
        cards: set[str] = set()
        criteria = set(answered)
        for ruleset in (changes.a, changes.b):
            try:
                card = ruleset.scorecard_for(report.category)
            except KeyError:
                continue
            cards.add(ruleset.category(report.category).scorecard)
            for code in answered & set(card.by_code):
                criteria.update(card.ancestors[code])
        bands = {b.code for r in results for b in (r.band, r.band_by_score) if b is not None}
        adjustments = {*report.bonuses} | {
            line.code for r in results for line in r.adjustments if line.claimed or line.points
        }
        return cls(
            report.category,
            frozenset(cards),
            frozenset(criteria),
            frozenset(bands),
            frozenset(c.code for r in results for c in r.applied_conditions),
            frozenset(adjustments),
            frozenset(report.facts),
        )

    def matters(self, change: Change) -> bool:  # noqa: PLR0911 - one answer per kind of change
        area = change.kind.split(".")[0]
        if change.path.rsplit(".", 1)[-1] in _WORDING:
            return False  # a title or a label scores nothing
        if area in {"scale", "rounding"}:
            return True
        if area == "criterion":
            return change.scope in self.cards and (
                change.kind in {"criterion.added", "criterion.removed"}
                or change.subject in self.criteria
            )
        if area in {"weight", "category"}:
            return change.scope == self.category
        if area == "band":
            return change.subject in self.bands
        if area == "condition":
            return change.subject in self.conditions or change.kind.endswith(".added")
        if area == "adjustment":
            return change.subject in self.adjustments
        if area == "fact":
            return change.subject in self.facts or change.kind.endswith(".added")
        return False


# ---------------------------------------------------------------------- sweep


def sweep(
    ruleset: RuleSet,
    category: str,
    grid: Iterable[Mapping[str, Decimal | int | str]],
    reports: Iterable[object],
) -> Sweep:
    """Score ``reports`` under each weighting of ``category`` in ``grid``.

    Each setting is given to :func:`~danvan_rules.scoring.reweight` as it is
    (a full or partial setting: criteria not named keep their weight; the
    weights must add up to the scale). With NumPy importable the cohort is
    scored by the exact columnar path
    (:func:`~danvan_rules.scoring.columns.from_reports`), else by
    :func:`~danvan_rules.score_many`: totals, bands and statuses are the same
    either way. At most :data:`MAX_SWEEP_CELLS` settings × reports.

    >>> from danvan_rules import rulesets, load_report
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> cohort = [load_report(f"examples/{n}.json") for n in ("tot", "xuat-sac")]
    >>> result = sweep(rs, "so-nganh", [{}, {"I": 5, "II": 30}], cohort)
    >>> [s.bands for s in result.settings]
    [('tot', 'xuat-sac'), ('tot', 'xuat-sac')]

    Raises:
        InvalidValueError: more than :data:`MAX_SWEEP_CELLS` settings ×
            reports (``sweep.too_large``), before anything is scored.
        RuleSetError: a setting ``reweight`` refuses (``reweight.*``).
    """
    items = list(reports)
    settings = _bounded(grid, len(items))
    rulesets = [reweight(ruleset, category, setting) for setting in settings]
    scorer = _columnar()
    out = tuple(_setting(rs, category, scorer(rs, items)) for rs in rulesets)
    ids = tuple(item.unit_id if isinstance(item, UnitReport) else None for item in items)
    return Sweep(category, ids, out, scorer is not _batch)


def _bounded(
    grid: Iterable[Mapping[str, Decimal | int | str]], units: int
) -> list[Mapping[str, Decimal | int | str]]:
    most = MAX_SWEEP_CELLS // max(units, 1)
    settings: list[Mapping[str, Decimal | int | str]] = []
    for setting in grid:
        if len(settings) == most:
            raise InvalidValueError(
                f"a sweep scores at most {MAX_SWEEP_CELLS} settings × reports: "
                f"more than {most} settings of {units} reports",
                code="sweep.too_large",
                vi=f"một lần quét chấm tối đa {MAX_SWEEP_CELLS} (số cách đặt trọng số × số báo cáo): "
                f"quá {most} cách đặt cho {units} báo cáo",
            )
        settings.append(setting)
    return settings


_Rows = list[tuple[Decimal | None, str | None, Status | None]]


def _batch(ruleset: RuleSet, items: list[object]) -> _Rows:
    rows: _Rows = []
    for outcome in score_many(ruleset, items):
        o = _as_outcome(outcome)
        rows.append((o.total, o.band, o.status))
    return rows


def _columnar() -> Callable[[RuleSet, list[object]], _Rows]:
    """The columnar scorer when NumPy is importable, else :func:`_batch`."""
    try:
        import numpy  # noqa: F401, ICN001 - only whether it is there

        from .columns import from_reports
    except ImportError:
        return _batch

    def scored(ruleset: RuleSet, items: list[object]) -> _Rows:
        rows: _Rows = [(None, None, None)] * len(items)
        reports = [i for i, item in enumerate(items) if isinstance(item, UnitReport)]
        for i, item in enumerate(items):  # not reports: the same outcome under any weights
            if not isinstance(item, UnitReport):
                o = _as_outcome(_outcome(ruleset, item, i, None))
                rows[i] = (o.total, o.band, o.status)
        columns = from_reports(ruleset, [items[i] for i in reports])
        for row, i in enumerate(reports):
            got = columns.row(row)
            rows[i] = (got.total, got.band, got.status)
        return rows

    return scored


def _setting(ruleset: RuleSet, category: str, rows: _Rows) -> SweepSetting:
    counts: Counter[str] = Counter()
    for _total, band, status in rows:
        counts["error" if status is None else band or "ineligible"] += 1
    return SweepSetting(
        ruleset.weights(category),
        ruleset,
        tuple(r[0] for r in rows),
        tuple(r[1] for r in rows),
        tuple(r[2] for r in rows),
        MappingProxyType(dict(counts)),
    )
