"""Neglect alerts, and tidying follow-ups that the customer's own story has overtaken."""

from __future__ import annotations

import datetime as dt

from peewee import Value

from deskcrm.services.followups.common import COMPLAINT_KINDS, Window, insert_for_customers
from deskcrm.services.followups.reasons import dump
from deskcrm.store.dialect import (
    add_days_expr,
    day_expr,
    day_of,
    execute,
    format_expr,
    iso_day_expr,
    latest_day_expr,
    plus,
)
from deskcrm.store.models import Customer

SINCE = "@since@"  # where the customer's date goes in the neglect reason's JSON


def neglect(w: Window) -> int:
    """Due soon at the tier's ideal window (visible_from), overdue past its maximum (due_on).

    The last time the shop saw or spoke to them — any contact, any purchase, or the
    day they were filed — is computed in SQL, and the follow-ups are inserted by one
    INSERT ... SELECT per tier: at 100 000 customers most of them qualify on a first run.
    """
    created = 0
    base = latest_day_expr(day_expr(Customer.created_at), day_expr(Customer.last_contact_at),
                           Customer.last_purchase_on)
    base_text = iso_day_expr(base)
    for tier, (ideal, maximum) in w.config.neglect_days.items():
        cutoff = w.end - dt.timedelta(days=ideal)
        cutoff_at = dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time())
        # last_contact_at and last_purchase_on are indexed; everyone seen since the cutoff drops out
        where = (
            (Customer.tier == tier)
            & (Customer.created_at < cutoff_at)
            & (Customer.last_contact_at.is_null() | (Customer.last_contact_at < cutoff_at))
            & (Customer.last_purchase_on.is_null() | (Customer.last_purchase_on <= cutoff))
        )
        if w.start > w.today:
            # incremental start-up: only those whose ideal window opens in the new days
            since = w.start - dt.timedelta(days=ideal)
            since_at = dt.datetime.combine(since, dt.time())
            where &= ((Customer.created_at >= since_at) | (Customer.last_contact_at >= since_at)
                      | (Customer.last_purchase_on >= since))
        # the reason's JSON built in SQL around each customer's own date (ISO: no quotes in it)
        fixed = dump({"ideal": ideal, "maximum": maximum, "since": SINCE, "tier": tier})
        params = format_expr(fixed.replace("%", "%%").replace(f'"{SINCE}"', '"%s"'), base_text)
        key = Value("neglect:").concat(Customer.id).concat(":").concat(base_text)
        created += insert_for_customers(
            w, where, "neglect", add_days_expr(base, maximum), "neglect", params, key,
            visible_from=add_days_expr(base, ideal),
        )
    return created


# SQLite without ANALYZE statistics scans every open follow-up through the status index;
# the unary + (dialect.plus) keeps it off status/kind so each update is driven by the few
# customers concerned (customer_id index): 0.5 s → a few ms per statement at 240 000 open rows.
_CLOSE = (
    'UPDATE follow_up SET status = ?, outcome = ?, note = ?, done_at = ? '
    "WHERE {p}status = 'open' AND {cond} AND customer_id IN (SELECT id FROM customer WHERE {who})"
)


def _close(status: str, outcome: str, note: str, now: dt.datetime, cond: str, who: str,
           params: tuple = ()) -> int:
    text = _CLOSE.format(p=plus(), cond=cond.format(p=plus()), who=who)
    return execute(text, (status, outcome, note, str(now), *params)).rowcount


def tidy(w: Window) -> int:
    """Close what no longer applies; returns how many follow-ups were closed.

    Any logged contact resets neglect (not only a completed follow-up); a purchase
    made after a re-purchase reminder answers it; do-not-contact and withdrawn
    consent retire what may no longer be sent. Complaint follow-ups always stay.
    An incremental run looks only at customers seen since the previous run.
    """
    since = w.since or dt.datetime(1900, 1, 1)
    seen = "(last_contact_at >= ? OR last_purchase_on >= ?)"
    seen_params = (str(since), since.date().isoformat())
    created_day = day_of("follow_up.created_at")
    stale = (
        "EXISTS (SELECT 1 FROM customer c WHERE c.id = follow_up.customer_id AND "
        f"(c.last_contact_at > follow_up.created_at OR c.last_purchase_on > {created_day}))"
    )
    bought = ("EXISTS (SELECT 1 FROM customer c WHERE c.id = follow_up.customer_id AND "
              f"c.last_purchase_on > {created_day})")
    complaint = ", ".join(f"'{k}'" for k in sorted(COMPLAINT_KINDS))
    consent = ("(consent_call = TRUE OR consent_sms = TRUE OR consent_email = TRUE "
               "OR consent_chat = TRUE)")
    scope = w.only_sql("id")
    # the notes are codes (reasons.NOTES), put in words when shown
    closed = _close("done", "contacted", "neglect_reset", w.now,
                    f"{{p}}kind = 'neglect' AND {stale}", f"{seen} AND {scope}", seen_params)
    closed += _close("done", "bought", "bought_again", w.now,
                     f"{{p}}kind = 'repurchase' AND {bought}", f"{seen} AND {scope}", seen_params)
    closed += _close("skipped", "", "do_not_contact", w.now,
                     f"{{p}}kind NOT IN ({complaint})", f"do_not_contact = TRUE AND {scope}")
    closed += _close("skipped", "", "no_consent", w.now,
                     "{p}is_marketing = TRUE", f"NOT {consent} AND {scope}")
    return closed
