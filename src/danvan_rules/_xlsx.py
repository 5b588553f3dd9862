"""Saving an openpyxl workbook so that the same workbook always gives the same bytes.

Shared by the round workbooks (:mod:`danvan_rules.excel`) and the self-assessment
forms (:mod:`danvan_rules.forms`); openpyxl itself is imported by the caller (the
``excel`` extra) before a workbook exists to be saved.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["save_reproducibly", "unzipped_size"]


def unzipped_size(content: bytes) -> int:
    """What a workbook's parts add up to once inflated, as its zip directory says.

    Python's zip reader stops a part at its declared size, so the sum bounds what
    openpyxl can inflate. Not a zip: 0, and openpyxl says why it cannot read it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return 0


def save_reproducibly(wb: Workbook, path: str | os.PathLike[str], stamp: dt.datetime) -> None:
    """Save ``wb`` to ``path`` with ``stamp`` as every timestamp, inside the package too."""
    from openpyxl.writer.excel import ExcelWriter  # the optional extra

    raw = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the workbook with the clock.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    Path(path).write_bytes(out.getvalue())
