"""Writing the shop's data out to a file, audited: the one path F8 and `deskcrm export` share.

Every export is a copy of customers' data leaving the file, so each one is written to
the audit log with who made it, what and how many (issue 14): the screen and the
command line go through here, so neither can forget.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from deskcrm.services import audit, settings
from deskcrm.services.io import csv_export, ical

Progress = Callable[[int, int], None]
WHAT = ("customers", "purchases", "vcard", "ical")
SUFFIX = {"customers": "csv", "purchases": "csv", "vcard": "vcf", "ical": "ics"}


def export(
    what: str, out: str | os.PathLike[str], *, now: dt.datetime, by: str,
    customer_ids: list[int] | None = None, progress: Progress | None = None,
    vcard_version: str = "3.0", start: dt.date | None = None, end: dt.date | None = None,
) -> int:
    """Write `what` (one of WHAT) to `out`; returns how many records, and audits the file."""
    currency = settings.get("shop.currency")
    if what == "customers":
        count = csv_export.export_customers_csv(out, currency=currency, customer_ids=customer_ids,
                                                progress=progress)
    elif what == "purchases":
        count = csv_export.export_purchases_csv(out, currency=currency, customer_ids=customer_ids,
                                                progress=progress)
    elif what == "vcard":
        count = csv_export.export_vcards(out, version=vcard_version, currency=currency,
                                         customer_ids=customer_ids, progress=progress)
    elif what == "ical":
        count = ical.export_calendar(out, now=now, start=start, end=end,
                                     customer_ids=customer_ids, progress=progress)
    else:
        raise ValueError(f"unknown export {what!r}")
    audit.file_event("export", out, by, what=what, count=count, customers=customer_ids or "all")
    return count
