"""The seed's state while it runs: the random stream, the clock it pretends, ids and rows."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from itertools import accumulate

from peewee import Model

from deskcrm.services.seed.bulk import Rows, next_id

WINDOW_DAYS = 730  # two years of history
# Shop hours are local (UTC+8 in China, +9 in Korea); stored datetimes are naive UTC.
UTC_OFFSET = {"CN": 8, "TW": 8, "HK": 8, "KR": 9}


@dataclass(frozen=True)
class Seller:
    id: int
    name: str
    role: str
    diligence: float  # how fully this person fills in the files they own, 0-1


@dataclass
class World:
    rng: random.Random
    today: dt.date
    staff: list[Seller]
    tag_ids: dict[str, int]
    next_ids: dict[type[Model], int] = field(default_factory=dict)
    phones: set[str] = field(default_factory=set)
    first_customer_id: int = 1
    rows: Rows = field(default_factory=Rows)
    greeting_days: dict[str, list[dt.date]] = field(default_factory=dict)  # per locale
    _staff_cum: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.start = self.today - dt.timedelta(days=WINDOW_DAYS)
        # history ends yesterday: the seed never knows the hour, so nothing today is "past"
        self.last_day = self.today - dt.timedelta(days=1)
        # desk staff own most customers; managers keep a few key accounts
        weights = [1.0 if s.role == "desk" else 0.4 for s in self.staff]
        self._staff_cum = list(accumulate(weights))

    def new_id(self, model: type[Model]) -> int:
        if model not in self.next_ids:
            self.next_ids[model] = next_id(model)
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def pick_staff(self) -> Seller:
        return self.rng.choices(self.staff, cum_weights=self._staff_cum)[0]

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        span = (last - first).days
        return first + dt.timedelta(days=self.rng.randint(0, max(span, 0)))

    def stamp(self, day: dt.date, region: str, earliest: int = 10, latest: int = 20) -> str:
        """A naive-UTC datetime in shop hours on a local day, as stored text."""
        # one random() instead of randint+randrange: this runs ~2 million times per 100k seed
        minutes = int(self.rng.random() * (latest - earliest + 1) * 60)
        moment = dt.datetime(day.year, day.month, day.day, earliest) + dt.timedelta(
            hours=-UTC_OFFSET[region], minutes=minutes
        )
        return moment.isoformat(" ")
