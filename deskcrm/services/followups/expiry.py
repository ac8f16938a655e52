"""Follow-ups that lost their point expire with a reason, instead of piling up.

A season message after its week, a festival greeting after the festival, a
birthday or anniversary greeting a week late, a region broadcast after its
weather, a VIP invitation after the gathering: sending them now would read as
forgotten, not as care. Several neglect alerts for one customer become one, and
a child's birthday kept both as a related person's birthday and as an important
date is greeted once. Each is closed as skipped with outcome `expired` or
`merged` and a reason code in the note (words are shown, codes are stored:
reasons.NOTES has the words).

Ids are read outside any transaction and closed in chunks of CHUNK per write
transaction; only open rows are touched, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from peewee import fn

from deskcrm.services.festivals import FESTIVAL_SETS, festivals_between
from deskcrm.store.models import FollowUp, ImportantDate, RelatedPerson, database

CHUNK = 500  # follow-ups per write transaction
GREETING_GRACE_DAYS = 7  # a birthday wish up to a week late is still kind
SEASON_WEEK_DAYS = 7
BROADCAST_DAYS = 2  # the typhoon has passed

def _open(kind: str, who=None):
    cond = (FollowUp.status == "open") & (FollowUp.kind == kind)
    return cond & FollowUp.customer.in_(who) if who is not None else cond


def _ids(query) -> list[int]:
    return [i for (i,) in query.tuples()]


def _festival_days(years: set[int]) -> dict[tuple[str, int], dt.date]:
    days = {}
    for year in years:
        for day, fest in festivals_between(FESTIVAL_SETS, dt.date(year, 1, 1), dt.date(year, 12, 31)):
            days.setdefault((fest.code, year), day)
    return days


def _past_festivals(today: dt.date, who) -> list[int]:
    rows = list(FollowUp.select(FollowUp.id, FollowUp.dedupe_key)
                .where(_open("festival", who) & (FollowUp.due_on < today)).tuples())
    keyed = [(i, (key or "").split(":")) for i, key in rows]
    years = {int(p[2]) for _i, p in keyed if len(p) > 2 and p[2].isdigit()}
    days = _festival_days(years)
    out = []
    for i, parts in keyed:
        if len(parts) > 2 and parts[2].isdigit():
            day = days.get((parts[1], int(parts[2])))
            if day is not None and day >= today:
                continue
        out.append(i)  # a festival no set knows any more is over too
    return out


def _past_events(today: dt.date, who) -> list[int]:
    rows = FollowUp.select(FollowUp.id, FollowUp.dedupe_key).where(_open("vip_event", who)).tuples()
    out = []
    for i, key in rows:
        parts = (key or "").split(":")
        try:
            if len(parts) > 1 and dt.date.fromisoformat(parts[1]) < today:
                out.append(i)
        except ValueError:
            continue
    return out


def _merged_neglect(who) -> list[int]:
    """All but the newest open neglect alert of each customer."""
    many = (FollowUp.select(FollowUp.customer).where(_open("neglect", who))
            .group_by(FollowUp.customer).having(fn.COUNT(FollowUp.id) > 1))
    rows = (FollowUp.select(FollowUp.id, FollowUp.customer, FollowUp.due_on)
            .where(_open("neglect", who) & FollowUp.customer.in_(many)).tuples())
    by_customer: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for i, cid, due in rows:
        by_customer[cid].append((due, i))
    return [i for items in by_customer.values() for _due, i in sorted(items)[:-1]]


def _duplicate_greetings(who) -> list[int]:
    """An important date of a related person who has a birthday of their own: the birthday rule greets them."""
    linked_q = (ImportantDate.select(ImportantDate.id)
                .join(RelatedPerson, on=(ImportantDate.related == RelatedPerson.id))
                .where(RelatedPerson.birth_day.is_null(False)))
    if who is not None:
        linked_q = linked_q.where(ImportantDate.customer.in_(who))
    linked = set(_ids(linked_q))
    if not linked:
        return []
    rows = FollowUp.select(FollowUp.id, FollowUp.dedupe_key).where(
        _open("date", who) & FollowUp.dedupe_key.startswith("date:")
        & ~FollowUp.dedupe_key.startswith("date:related:")
    ).tuples()
    out = []
    for i, key in rows:
        part = key.split(":")[1]
        if part.isdigit() and int(part) in linked:
            out.append(i)
    return out


def due_to_expire(today: dt.date, customers: Iterable[int] | None = None) -> dict[str, list[int]]:
    """Reason code → open follow-up ids that lost their point by `today` (reads only).

    `customers` limits it to those customers: what a run for a changed customer needs.
    """
    who = sorted(set(customers)) if customers is not None else None
    late = today - dt.timedelta(days=GREETING_GRACE_DAYS)
    greetings = (FollowUp.status == "open") & FollowUp.kind.in_(["birthday", "date"])
    if who is not None:
        greetings &= FollowUp.customer.in_(who)
    return {
        "season_past": _ids(FollowUp.select(FollowUp.id).where(
            _open("season", who) & (FollowUp.due_on <= today - dt.timedelta(days=SEASON_WEEK_DAYS)))),
        "festival_past": _past_festivals(today, who),
        "greeting_late": _ids(FollowUp.select(FollowUp.id).where(greetings & (FollowUp.due_on < late))),
        "broadcast_past": _ids(FollowUp.select(FollowUp.id).where(
            _open("broadcast", who) & (FollowUp.due_on <= today - dt.timedelta(days=BROADCAST_DAYS)))),
        "event_past": _past_events(today, who),
        "neglect_merged": _merged_neglect(who),
        "greeting_duplicate": _duplicate_greetings(who),
    }


def expire(today: dt.date, now: dt.datetime, customers: Iterable[int] | None = None) -> dict[str, int]:
    """Close what lost its point (for everyone, or only `customers`); how many per reason. Idempotent."""
    closed: dict[str, int] = {}
    for code, ids in due_to_expire(today, customers).items():
        outcome = "merged" if code in ("neglect_merged", "greeting_duplicate") else "expired"
        n = 0
        for start in range(0, len(ids), CHUNK):
            with database.atomic():
                n += (FollowUp.update(status="skipped", outcome=outcome, note=code, done_at=now)
                      .where(FollowUp.id.in_(ids[start:start + CHUNK]) & (FollowUp.status == "open"))
                      .execute())
        if n:
            closed[code] = n
    return closed
