"""Rules that reach every eligible customer on a shop-wide date: festivals, seasons, VIP gatherings."""

from __future__ import annotations

import datetime as dt
import functools

from deskcrm.services.festivals import FESTIVAL_SETS, festival_set_for_locale, festivals_between
from deskcrm.services.followups.common import Window, insert_for_customers, yearly
from deskcrm.services.templates import LOCALES
from deskcrm.store.models import Customer

ALL = Customer.id > 0


def festivals(w: Window) -> int:
    """Greetings on the festivals of the shop's sets, `lead` days early where a gift season starts.

    Keyed by festival and year, so a changed lead time never sends a second greeting.
    """
    if not w.config.festival_sets:
        return 0  # the shop sends no festival greetings at all
    leads = w.config.festival_lead_days
    longest = max([0, *leads.values()])
    created = 0
    # each customer is greeted on the festivals of their own language's set, and in it
    sets = tuple(dict.fromkeys([*w.config.festival_sets, *(festival_set_for_locale(loc) for loc in LOCALES)]))
    for day, fest in _festivals_between(sets, w.start, w.end + dt.timedelta(days=longest)):
        lead = int(leads.get(fest.code, 0))
        due = w.config.closed.previous_open(day - dt.timedelta(days=lead))
        if not w.covers(due):
            continue
        created += insert_for_customers(
            w, _keeps(fest.code, w.config.shop_locale), "festival", due,
            "festival", {"festival": fest.code, "on": day.isoformat()},
            f"festival:{fest.code}:{day.year}:", visible_from=due,
        )
    return created


@functools.lru_cache(maxsize=64)
def _festivals_between(sets: tuple[str, ...], start: dt.date, end: dt.date) -> tuple:
    """A run asks the same days for each of its ~200 customer ranges: worked out once (5 ms each)."""
    return tuple(festivals_between(sets, start, end))


def _keeps(code: str, shop_locale: str):
    """Customers whose language's festival set has this festival (no language: the shop's)."""
    locales = [loc for loc in LOCALES
               if any(f.code == code for f in FESTIVAL_SETS[festival_set_for_locale(loc)])]
    cond = Customer.locale.in_(locales)
    return cond | Customer.locale.not_in(list(LOCALES)) if shop_locale in locales else cond


def seasons(w: Window) -> int:
    created = 0
    for month, day in w.config.season_days:
        for d in yearly(month, day, w.start, w.end):
            due = w.config.closed.previous_open(d)
            created += insert_for_customers(w, ALL, "season", due, "season", {"on": d.isoformat()},
                                            f"season:{d.isoformat()}:")
    return created


def vip_events(w: Window) -> int:
    """Invitations go out `vip_event_invite_days` before each gathering, to the chosen tiers."""
    invite = dt.timedelta(days=w.config.vip_event_invite_days)
    tiers = Customer.tier.in_(list(w.config.vip_event_tiers))
    created = 0
    for event in w.config.vip_events:
        for d in yearly(event.month, event.day, w.start + invite, w.end + invite):
            due = w.config.closed.previous_open(d - invite)
            created += insert_for_customers(w, tiers, "vip_event", due, "vip_event",
                                            {"event": event.name, "on": d.isoformat()},
                                            f"vip_event:{d.isoformat()}:")
    return created
