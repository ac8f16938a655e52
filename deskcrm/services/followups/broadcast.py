"""Region broadcasts by hand (typhoon, heavy rain, cold wave): pick, preview, create in one step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from deskcrm.i18n import _
from deskcrm.services import audit, settings
from deskcrm.services.followups.common import reachable
from deskcrm.services.followups.reasons import Reason
from deskcrm.services.templates import Library, customer_data, get_template
from deskcrm.store.models import Customer, FollowUp, database

CHUNK = 500


@dataclass(frozen=True)
class Region:
    city: str
    district: str
    customers: int  # those a broadcast may reach: consent given, not do-not-contact

    @property
    def label(self) -> str:
        return f"{self.city} {self.district}".strip() or _("(no region)")


@dataclass(frozen=True)
class BroadcastPreview:
    reach: int
    sample: tuple[str, ...]  # a few filled messages, to read before sending
    names: tuple[str, ...]


def _where(city: str, district: str):
    cond = (Customer.city == city) & reachable(True)
    return cond & (Customer.district == district) if district else cond


def regions() -> list[Region]:
    query = (
        Customer.select(Customer.city, Customer.district, fn.COUNT(Customer.id))
        .where(reachable(True) & (Customer.city != ""))
        .group_by(Customer.city, Customer.district)
        .order_by(Customer.city, Customer.district)
        .tuples()
    )
    found = [Region(city, district, n) for city, district, n in query]
    by_city: dict[str, int] = {}
    for r in found:
        by_city[r.city] = by_city.get(r.city, 0) + r.customers
    # a whole city first, then its districts
    out: list[Region] = []
    for city, n in by_city.items():
        out.append(Region(city, "", n))
        out.extend(r for r in found if r.city == city and r.district)
    return out


def preview(city: str, district: str, template_id: int, shop_locale: str, limit: int = 5) -> BroadcastPreview:
    t = get_template(template_id)
    if t is None:
        raise ValueError("Choose a template")
    query = Customer.select().where(_where(city, district))
    library = Library(shop_locale)
    sample = [c for c in query.order_by(Customer.sort_key).limit(limit)]
    shop_name = settings.get("shop.name") or ""  # once per request, not once per customer
    texts = tuple(library.message("broadcast", customer_data(c, shop_locale, shop_name), name=t.name)
                  for c in sample)
    return BroadcastPreview(query.count(), texts, tuple(c.name for c in sample))


def create(
    city: str, district: str, template_id: int, due: dt.date, now: dt.datetime,
    staff_id: int | None, shop_locale: str,
) -> int:
    """All the region's follow-ups in one transaction; a second click the same day adds nothing."""
    t = get_template(template_id)
    if t is None:
        raise ValueError("Choose a template")
    library = Library(shop_locale)
    reason = Reason("broadcast", {"name": t.name, "region": f"{city} {district}".strip()}).columns()
    created = 0
    shop_name = settings.get("shop.name") or ""  # once per request, not once per customer
    with database.atomic():
        batch = []
        for c in Customer.select().where(_where(city, district)).iterator():
            data = customer_data(c, shop_locale, shop_name)
            batch.append({
                "customer": c.id, "kind": "broadcast", "due_on": due, **reason,
                "message": library.message("broadcast", data, name=t.name), "source_rule": "broadcast",
                "dedupe_key": f"broadcast:{t.name}:{due.isoformat()}:{c.id}", "is_marketing": True,
                "status": "open", "created_at": now, "created_by": staff_id,
            })
            if len(batch) >= CHUNK:
                created += FollowUp.insert_many(batch).on_conflict_ignore().as_rowcount().execute()
                batch = []
        if batch:
            created += FollowUp.insert_many(batch).on_conflict_ignore().as_rowcount().execute()
        audit.record("broadcast", "followup", None, "", region=f"{city} {district}".strip(),
                     template=t.name, created=created)
    return created
