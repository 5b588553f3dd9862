"""The campaign registry: built-in "Dân vận khéo" campaigns and those of installed plug-ins.

Built-in campaigns are the TOML files packaged in ``danvan_rules/data/campaigns``.
A plug-in is any installed distribution that declares an entry point in the
group ``danvan_rules.campaigns`` naming a *package* that holds campaign TOML
files::

    [project.entry-points."danvan_rules.campaigns"]
    quang-nam = "danvan_quang_nam.campaigns"

The environment variable ``DANVAN_RULES_NO_PLUGINS=1`` (or true/yes/on) turns
plug-ins off, here as for rule sets; 0/false/no/off or nothing turns them on,
and any other value is an error rather than a guess. Two sources with the same
code are an error naming both: nothing is shadowed.

>>> "ba-ria-vung-tau/vung-tau-1606-2021" in available()
True
>>> get("ba-ria-vung-tau/vung-tau-1606-2021").registration.at_least
1
>>> import datetime as dt
>>> [c.code for c in in_force(on=dt.date(2021, 6, 1), province="kien-giang")]
['kien-giang/vinh-phu-2021-2023']
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from typing import Any, Final

import attrs

from danvan_rules import _toml_sources
from danvan_rules.codec.campaigns import campaign_from_data
from danvan_rules.errors import (
    DanvanError,
    InvalidValueError,
)
from danvan_rules.model.dvk import Campaign, CampaignError, IssuerLevel

__all__ = [
    "BUILT_IN_PACKAGE",
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "CampaignEntry",
    "DuplicateCampaignError",
    "UnknownCampaignError",
    "available",
    "by_issuer",
    "entries",
    "for_year",
    "get",
    "in_force",
    "load_all",
]

ENTRY_POINT_GROUP: Final = "danvan_rules.campaigns"
NO_PLUGINS_ENV: Final = _toml_sources.NO_PLUGINS_ENV
#: The package whose TOML files are the built-in campaigns.
BUILT_IN_PACKAGE: Final = "danvan_rules.data.campaigns"
#: How many close codes an unknown-code message suggests.
_SUGGESTED: Final = 3


class UnknownCampaignError(DanvanError, LookupError):
    """No campaign has the code asked for (the message suggests close codes).

    >>> get("ba-ria-vung-tau/vung-tau-1606-202")
    Traceback (most recent call last):
      ...
    danvan_rules.campaigns.UnknownCampaignError: no campaign 'ba-ria-vung-tau/vung-tau-1606-202'; did you mean 'ba-ria-vung-tau/vung-tau-1606-2021'?
    """


class DuplicateCampaignError(DanvanError, LookupError):
    """Two sources provide a campaign with the same code (the message names both)."""


@attrs.frozen
class CampaignEntry:
    """A campaign the registry found: its code, where it came from, its data."""

    code: str
    source: str
    data: dict[str, Any] = attrs.field(repr=False, eq=False)

    def load(self) -> Campaign:
        """Build and validate the campaign (errors name the source)."""
        try:
            return campaign_from_data(self.data)
        except CampaignError as exc:
            raise CampaignError(
                exc.problems,
                f"campaign {self.code!r} from {self.source}",
                subject_vi=f"phong trào {self.code!r} từ {self.source}",
            ) from None


_KIND: Final = _toml_sources.Kind(
    BUILT_IN_PACKAGE,
    ENTRY_POINT_GROUP,
    CampaignError,
    "a campaign",
    "phong trào",
    DuplicateCampaignError,
)


def entries() -> dict[str, CampaignEntry]:
    """Every campaign found, by code, without building them.

    Raises:
        DuplicateCampaignError: two sources give the same code.
    """
    return {
        code: CampaignEntry(found.code, found.source, found.data)
        for code, found in _toml_sources.by_code(_KIND).items()
    }


def available() -> tuple[str, ...]:
    """The codes of every campaign found (built-in and plug-ins), sorted."""
    return tuple(sorted(entries()))


_text = _toml_sources.text_argument


def get(code: str) -> Campaign:
    """The campaign with this code.

    Raises:
        UnknownCampaignError: no campaign has this code (the message suggests
            close codes, or lists those that exist).
        InvalidValueError: ``code`` is not a text.
    """
    _text("code", code)
    found = entries()
    if code not in found:
        close = difflib.get_close_matches(code, found, n=_SUGGESTED)
        if close:
            hint = " or ".join(map(repr, close))
            raise UnknownCampaignError(f"no campaign {code!r}; did you mean {hint}?")
        raise UnknownCampaignError(
            f"no campaign {code!r}; available: {', '.join(sorted(found)) or 'none'}"
        )
    return found[code].load()


def load_all() -> tuple[Campaign, ...]:
    """Every campaign found, built and validated, sorted by code."""
    return tuple(entry.load() for _, entry in sorted(entries().items()))


def _level(level: object) -> IssuerLevel | None:
    if level is None or isinstance(level, IssuerLevel):
        return level
    for member in IssuerLevel:
        if member.value == level:
            return member
    listed = ", ".join(repr(m.value) for m in IssuerLevel)
    raise InvalidValueError(
        f"level must be an IssuerLevel or one of {listed}, not {level!r}",
        code="registry.invalid_argument",
        vi=f"level phải là một IssuerLevel hoặc một trong {listed}, không phải {level!r}",
    )


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def by_issuer(
    *,
    level: IssuerLevel | str | None = None,
    province: str | None = None,
    name: str | None = None,
) -> tuple[Campaign, ...]:
    """The campaigns whose issuer matches every filter given, sorted by code.

    ``level`` is an :class:`~danvan_rules.model.dvk.IssuerLevel` or its value
    (``"huyen"``); ``province`` the issuer's province code, exactly (a
    campaign of a former province is found under that province's code);
    ``name`` a part of the issuer's Vietnamese name, in any case and Unicode
    form ("vũng tàu" finds "UBND thành phố Vũng Tàu").

    >>> [c.code for c in by_issuer(level="so")]
    ['ho-chi-minh/so-van-hoa-the-thao-2016']

    Raises:
        InvalidValueError: a filter of the wrong type, or an unknown level.
    """
    wanted = _level(level)
    if province is not None:
        _text("province", province)
    part = None if name is None else _folded(_text("name", name))
    return tuple(
        c
        for c in load_all()
        if (wanted is None or c.issuer.level is wanted)
        and (province is None or c.issuer.province == province)
        and (part is None or part in _folded(c.issuer.name_vi))
    )


def _date(on: object) -> dt.date:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InvalidValueError(
            f"on must be a date (datetime.date, not a datetime), not {type(on).__name__} {on!r}",
            code="registry.invalid_argument",
            vi=f"on phải là một ngày (datetime.date), không phải {type(on).__name__} {on!r}",
        )
    return on


def in_force(
    *,
    on: dt.date,
    province: str | None = None,
    issuer_level: IssuerLevel | str | None = None,
) -> tuple[Campaign, ...]:
    """The campaigns whose period contains the day ``on``, sorted by code.

    Several campaigns may run at once (a province's phase and a city's year):
    all of them are returned, and none is an empty tuple. ``province`` and
    ``issuer_level`` filter as in :func:`by_issuer`.

    Raises:
        InvalidValueError: ``on`` is not a date, or a filter is of the wrong type.
    """
    day = _date(on)
    return tuple(c for c in by_issuer(level=issuer_level, province=province) if c.in_force_on(day))


def for_year(province: str, year: int) -> tuple[Campaign, ...]:
    """The campaigns of ``province`` whose period touches ``year`` (any day of it), by code.

    >>> [c.code for c in for_year("bac-kan", 2023)]
    ['bac-kan/dvk-2021-2025', 'bac-kan/thanh-pho-2023']

    Raises:
        InvalidValueError: ``year`` is not a whole year from 1 to 9999, or
            ``province`` is not a text.
    """
    given: object = year  # checked as given: a caller may pass anything
    if not isinstance(given, int) or isinstance(given, bool) or not 1 <= given <= dt.MAXYEAR:
        raise InvalidValueError(
            f"year must be a whole year from 1 to {dt.MAXYEAR}, not {year!r}",
            code="registry.invalid_year",
            vi=f"năm phải là một số nguyên từ 1 đến {dt.MAXYEAR}, không phải {year!r}",
        )
    return tuple(c for c in by_issuer(province=_text("province", province)) if year in c.years)
