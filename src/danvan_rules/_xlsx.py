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

from danvan_rules.limits import MAX_XLSX_UNZIPPED_BYTES

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["save_reproducibly", "unzip_problem"]


def unzip_problem(content: bytes) -> tuple[str, str] | None:
    """The problem (English, Vietnamese) of a workbook too large once unzipped, or ``None``.

    The size is what its parts add up to as the zip directory declares them:
    Python's zip reader stops a part at its declared size, so the sum bounds what
    openpyxl can inflate (a zip bomb). Not a zip: ``None``, and openpyxl says why
    it cannot read it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return None
    if size <= MAX_XLSX_UNZIPPED_BYTES:
        return None
    limit = MAX_XLSX_UNZIPPED_BYTES
    return (
        f"the workbook unzips to {size} bytes, more than the limit of {limit} bytes",
        f"tệp .xlsx giải nén ra {size} byte, lớn hơn giới hạn {limit} byte",
    )


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
