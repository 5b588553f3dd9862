"""Names of a rule set in one Unicode form (NFC), so a report's answer matches.

A name typed on macOS or with Unikey may arrive decomposed ("Kha" + U+0301)
while the rule set was written composed ("Khá"): both are normalised to NFC
when the model is built.

>>> nfc("Kha\u0301") == "Khá", nfc(None) is None
(True, True)
"""

from __future__ import annotations

import unicodedata

__all__ = ["nfc", "optional_nfc"]


def nfc(value: str) -> str:
    """Attrs converter: ``value`` in Unicode NFC (anything that is not text unchanged)."""
    text: object = value
    if isinstance(text, str) and not unicodedata.is_normalized("NFC", text):
        return unicodedata.normalize("NFC", text)
    return value


def optional_nfc(value: str | None) -> str | None:
    """Like :func:`nfc`, letting ``None`` through."""
    return None if value is None else nfc(value)
