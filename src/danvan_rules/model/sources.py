"""Where rule values come from: provenance, references and instruments."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

__all__ = ["Instrument", "Provenance", "Reference"]


class Provenance(enum.Enum):
    """Whether a value was transcribed from its source or filled in.

    ``ASSUMED`` values make a rule set runnable where the source is not
    available. They are never official, and every result computed from a rule
    set that holds one says so. An element marked ``SOURCED`` may still name,
    in its ``assumed`` list, the few fields whose values were filled in (a
    quota whose share is published but whose rounding is not).
    """

    SOURCED = "sourced"
    ASSUMED = "assumed"


def _non_empty(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


@attrs.frozen
class Reference:
    """A citation: a document and, optionally, the article or annex item and a URL.

    >>> ref = Reference("3225/QĐ-UBND", item="Phụ lục, mục I.2")
    >>> str(ref)
    '3225/QĐ-UBND, Phụ lục, mục I.2'
    """

    document: str = attrs.field(validator=_non_empty)
    item: str = ""
    url: str = ""
    note: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.document, self.item) if part)


@attrs.frozen
class Instrument:
    """The legal document a rule set encodes ("Quyết định … /QĐ-UBND").

    ``signed`` and ``effective`` are ``None`` where the source does not say;
    ``replaces`` lists the numbers of the instruments it replaces.
    """

    number: str = attrs.field(validator=_non_empty)
    issuer: str = attrs.field(validator=_non_empty)
    title_vi: str = ""
    signed: dt.date | None = None
    effective: dt.date | None = None
    replaces: tuple[str, ...] = ()
    url: str = ""
