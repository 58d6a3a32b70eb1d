"""Reproducible .xlsx bytes: the zip rewritten with fixed entry times and fixed
document timestamps (``SOURCE_DATE_EPOCH`` honoured). Re-exported by
:mod:`posmatrix.xlsx`.
"""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from typing import Final

from .errors import UsageError

__all__ = ["normalize_xlsx"]

_FIXED_DATE: Final = (1980, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(
    r"(<dcterms:(created|modified)\b[^>]*>)([^<]*)(</dcterms:\2>)",
)
_ZIP_LAST: Final = 4354819199  # 2107-12-31T23:59:59Z


def _fixed_stamp() -> tuple[tuple[int, int, int, int, int, int], str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        # ASCII digits only ("²".isdigit() is true), and a time a zip entry can hold:
        # zip times run from 1980 (earlier ones are raised to it) to the end of 2107
        if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12:
            raise UsageError(
                f"SOURCE_DATE_EPOCH must be a number of seconds since 1970 (ASCII digits), "
                f"got {epoch[:40]!r}; unset it or give e.g. SOURCE_DATE_EPOCH=1700000000"
            )
        if int(epoch) > _ZIP_LAST:
            raise UsageError(
                f"SOURCE_DATE_EPOCH {epoch} is after 2107-12-31, the last time a zip file "
                f"(an .xlsx) can hold; give at most {_ZIP_LAST}"
            )
        t = time.gmtime(max(int(epoch), 315532800))  # zip times start in 1980
        date = (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    else:
        date = _FIXED_DATE
    y, mo, d, h, mi, s = date
    return date, f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"


def normalize_xlsx(data: bytes) -> bytes:
    """Rewrite an .xlsx so equal content gives equal bytes.

    Every zip entry gets the same time, permissions and host system, and the
    ``created``/``modified`` times in ``docProps/core.xml`` are fixed (openpyxl sets
    them to *now* on each save). The time is 1980-01-01 00:00:00 UTC, or
    ``SOURCE_DATE_EPOCH`` when that environment variable is set.

    >>> import openpyxl, zipfile
    >>> buf = io.BytesIO(); openpyxl.Workbook().save(buf)
    >>> book = zipfile.ZipFile(io.BytesIO(normalize_xlsx(buf.getvalue())))
    >>> {entry.date_time for entry in book.infolist()}
    {(1980, 1, 1, 0, 0, 0)}
    >>> core = book.read("docProps/core.xml").decode()
    >>> core.count(">1980-01-01T00:00:00Z<")  # created and modified
    2
    """
    date, stamp = _fixed_stamp()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                text = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(4), text)
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=date)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, payload, compresslevel=6)
    return out.getvalue()
