"""This week's figures counted while the manager types the PIN.

Counting a 100 000-customer week takes about a second; typing a PIN takes longer.
F5 starts the count at once, beside the sign-in, and the review takes it if the
sign-in follows soon. Nothing counted is shown before the PIN is right: a
cancelled sign-in leaves the figures unseen, and they are dropped with the next F5.
The figures are as of the moment F5 was pressed (at most FRESH_SECONDS before they
are shown); a write after that, by anyone, is counted at the next F5 or week change.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from deskcrm.i18n import N_
from deskcrm.services.review import figures as review
from deskcrm.services.review.figures import WeekReview
from deskcrm.workers import run_in_store

FRESH_SECONDS = 60.0


@dataclass
class Ahead:
    week_start: dt.date
    today: dt.date
    started: float  # time.monotonic()
    result: Future[WeekReview] = field(default_factory=Future)

    def fits(self, week_start: dt.date, today: dt.date, across_shops: bool) -> bool:
        """The figures the review is about to ask for, and recent enough to show."""
        return (not across_shops and (week_start, today) == (self.week_start, self.today)
                and time.monotonic() - self.started <= FRESH_SECONDS)


def count_ahead(app: Any) -> None:
    """Start counting this week for the review that a sign-in is about to open."""
    today = app.today()
    ahead = Ahead(review.monday(today), today, time.monotonic())
    app.review_ahead = ahead

    def count() -> None:
        # the review counts again itself if this fails, and reports that failure once
        try:
            ahead.result.set_result(review.week(ahead.week_start, ahead.today))
        except Exception as exc:  # noqa: BLE001 - handed to whoever takes the figures
            ahead.result.set_exception(exc)

    run_in_store(app, count, group="review-ahead", description=N_("Computing the weekly review"))


def take(app: Any, week_start: dt.date, today: dt.date, across_shops: bool) -> Future[WeekReview] | None:
    """The figures counted ahead for this review, once; None if there are none that fit."""
    ahead: Ahead | None = getattr(app, "review_ahead", None)
    app.review_ahead = None
    return ahead.result if ahead is not None and ahead.fits(week_start, today, across_shops) else None
