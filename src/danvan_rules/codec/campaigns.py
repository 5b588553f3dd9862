"""Campaign files: the TOML of a "Dân vận khéo" campaign to a :class:`Campaign`, and back.

The layout mirrors the model (``docs/dan-van-kheo.md``): top-level keys for
the campaign's own values, an ``[issuer]`` and an ``[instrument]`` table, and
arrays of tables ``[[fields]]``, ``[[levels]]``, ``[[tiers]]`` and
``[[requirements]]``. Every problem comes at once, each with its path, first
the types (a typo in a key is an error), then — once the types are right —
everything the campaign linter finds:

>>> campaign_from_data({"code": "example/x", "title_vi": "Ví dụ", "period_from": "2021",
...                     "issuer": {"name_vi": "UBND", "level": "phuong", "province": "example"},
...                     "colour": "red"})
Traceback (most recent call last):
  ...
danvan_rules.model._dvk_campaign.CampaignError: 8 problems in campaign 'example/x':
  expected one of 'trung-uong', 'tinh', 'huyen', 'xa', 'so', not 'phuong' @ $.issuer.level
  required key missing @ $.instrument
  expected a date (YYYY-MM-DD), not '2021' @ $.period_from
  required key missing @ $.period_until
  required key missing @ $.fields
  required key missing @ $.levels
  required key missing @ $.tiers
  unknown key 'colour' (known: code, title_vi, issuer, instrument, period_from, period_until, fields, levels, tiers, requirements, kinds, holders, registration, certificate_years, title_en, notes, assumed, illustrative, replaces) @ $.colour
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from danvan_rules.errors import RuleSetError
from danvan_rules.model.dvk import Campaign, CampaignError

from . import _documents, _errors, parse_toml
from ._converter import CONVERTER

__all__ = ["campaign_from_data", "campaign_from_toml", "campaign_to_data"]


def _subject(data: Mapping[str, Any]) -> tuple[str, str]:
    code = data.get("code")
    if isinstance(code, str) and len(code) <= 200:
        return f"campaign {code!r}", f"phong trào {code!r}"
    return "campaign", "phong trào"


def campaign_from_data(data: Mapping[str, Any]) -> Campaign:
    """Build a campaign from its data form (what the TOML file holds).

    >>> c = campaign_from_data({
    ...     "code": "example/vi-du", "title_vi": "Phong trào ví dụ", "illustrative": True,
    ...     "issuer": {"name_vi": "UBND xã Ví Dụ", "level": "xa", "province": "example"},
    ...     "instrument": {"number": "01/KH", "issuer": "UBND xã Ví Dụ"},
    ...     "period_from": "2021-01-01", "period_until": "2021-12-31",
    ...     "fields": [{"code": "kinh-te", "label_vi": "Kinh tế", "provenance": "assumed"}],
    ...     "levels": [{"code": "co-so", "label_vi": "Cấp cơ sở", "provenance": "assumed"}],
    ...     "tiers": [{"code": "cong-nhan", "label_vi": "Được công nhận", "provenance": "assumed"}]})
    >>> c.years, c.tier_rank("cong-nhan"), c.assumed_values
    (range(2021, 2022), 0, 3)

    Raises:
        CampaignError: every type error of the data, or — once the types are
            right — every problem the campaign linter finds, each with its path.
    """
    given: object = data  # checked as given: a caller may pass anything
    if not isinstance(given, Mapping):
        raise CampaignError([_errors.not_a_table("a campaign", "phong trào", given)])
    subject, subject_vi = _subject(data)
    limits = _documents.check_data(data, unicode=True)
    if limits:
        raise CampaignError(limits, subject, subject_vi=subject_vi)
    try:
        out: Campaign = CONVERTER.structure(data, Campaign)
    except Exception as exc:  # noqa: BLE001 - cattrs groups every field error (and the linter's
        # CampaignError, raised when the campaign is built); we render them all
        raise CampaignError(
            list(_errors.problems_of(exc)), subject, subject_vi=subject_vi
        ) from None
    return out


def campaign_from_toml(text: str | bytes) -> Campaign:
    r"""Parse a campaign file's TOML (text, or the file's bytes); see :func:`campaign_from_data`.

    A byte-order mark is ignored; the nesting depth, sizes and Unicode are
    checked before anything is built.

    >>> campaign_from_toml('code = "example/x"\n[issuer\n')
    Traceback (most recent call last):
      ...
    danvan_rules.model._dvk_campaign.CampaignError: 1 problem in campaign:
      not valid TOML: Expected ']' at the end of a table declaration (at line 2, column 8) @ $

    Raises:
        CampaignError: a TOML syntax error, text that is not UTF-8, a limit,
            or any problem of the data.
    """
    try:
        data = parse_toml(text)
    except RuleSetError as exc:
        raise CampaignError(exc.problems) from None
    return campaign_from_data(data)


def campaign_to_data(campaign: Campaign) -> dict[str, Any]:
    """The data form of a campaign: JSON-shaped, defaults left out, dates as ISO text.

    :func:`campaign_from_data` reads it back to an equal campaign.

    >>> from danvan_rules import campaigns
    >>> c = campaigns.get("kien-giang/vinh-phu-2021-2023")
    >>> data = campaign_to_data(c)
    >>> data["period_from"], campaign_from_data(data) == c
    ('2021-01-01', True)
    """
    return CONVERTER.unstructure(campaign)  # type: ignore[no-any-return]
