"""Pieces every rule shares: the window it fills, row building, consent in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import SQL, Value, fn

from deskcrm.services.followups.config import RuleConfig
from deskcrm.services.followups.reasons import Reason, dump
from deskcrm.store.dialect import literal
from deskcrm.store.models import Customer, FollowUp

# Greetings and offers need consent; callbacks about a purchase, a referral or a
# complaint are service and do not (mission §2).
MARKETING_KINDS = frozenset(
    {"birthday", "date", "festival", "season", "vip_event", "neglect", "repurchase",
     "top_tier_visit", "broadcast"}
)
COMPLAINT_KINDS = frozenset({"complaint_promise", "complaint_followup"})

Row = dict[str, Any]


@dataclass(frozen=True)
class Scope:
    """Which customers a run covers: an id range (a chunk of a full run) or a few ids."""

    lo: int | None = None
    hi: int | None = None
    ids: tuple[int, ...] | None = None

    def expr(self, field):
        if self.ids is not None:
            return field.in_(list(self.ids))
        return field.between(self.lo, self.hi)

    def sql(self, column: str) -> str:
        """The same condition as SQL text; ids are ints, so inlining them is safe."""
        if self.ids is not None:
            return f"{column} IN ({', '.join(str(int(i)) for i in self.ids) or 'NULL'})"
        return f"{column} BETWEEN {int(self.lo)} AND {int(self.hi)}"


@dataclass(frozen=True)
class Window:
    """One generation run: date rules fill [start, end]; event rules look back from `event_start`."""

    start: dt.date
    end: dt.date
    today: dt.date
    now: dt.datetime
    config: RuleConfig
    since: dt.datetime | None = None  # incremental run: the previous run's time
    first_new_day: dt.date | None = None  # incremental run: the first day not generated before
    scope: Scope | None = None  # None: every customer
    # a chain generates shop by shop, each with its own settings, for the customers it keeps
    shop: int | None = None

    def only(self, field):
        """Restrict a query to the run's customers (no-op for a run over everyone)."""
        cond = self.scope.expr(field) if self.scope is not None else SQL("1 = 1")
        if self.shop is None:
            return cond
        if field is Customer.id:
            return cond & (Customer.home_shop == self.shop)
        return cond & field.in_(Customer.select(Customer.id).where(Customer.home_shop == self.shop))

    def only_sql(self, column: str) -> str:
        cond = self.scope.sql(column) if self.scope is not None else "1 = 1"
        if self.shop is None:
            return cond
        return f"{cond} AND {column} IN (SELECT id FROM customer WHERE home_shop_id = {int(self.shop)})"

    @property
    def date_start(self) -> dt.date:
        return self.first_new_day or self.start

    @property
    def event_start(self) -> dt.date:
        return min(self.start, self.today) - dt.timedelta(days=self.config.lookback_days)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def has_consent():
    """Any channel agreed: the greeting goes by whichever channel the customer allowed."""
    return (
        (Customer.consent_call == True)  # noqa: E712 - peewee expressions
        | (Customer.consent_sms == True)  # noqa: E712
        | (Customer.consent_email == True)  # noqa: E712
        | (Customer.consent_chat == True)  # noqa: E712
    )


def reachable(marketing: bool):
    """Do-not-contact blocks every generated follow-up; marketing also needs consent."""
    cond = Customer.do_not_contact == False  # noqa: E712
    return cond & has_consent() if marketing else cond


def row(
    w: Window,
    customer_id: int,
    kind: str,
    due: dt.date,
    reason: Reason,
    key: str,
    *,
    visible_from: dt.date | None = None,
    purchase_id: int | None = None,
) -> Row:
    return {
        "customer": customer_id,
        "kind": kind,
        "due_on": due,
        "visible_from": visible_from,
        **reason.columns(),
        "source_rule": kind,
        "dedupe_key": key,
        "is_marketing": kind in MARKETING_KINDS,
        "purchase": purchase_id,
        "status": "open",
        "created_at": w.now,
    }


def insert_for_customers(
    w: Window, where, kind: str, due, code: str, params, key, visible_from=None,
) -> int:
    """One INSERT ... SELECT for rules that reach many customers (festivals, seasons, neglect).

    `due`, `visible_from` are values or SQL expressions, `params` the reason's parameters
    (a dict) or an SQL expression making their JSON; `key` is a prefix the customer id is
    appended to, or an expression. At 100 000 customers a Python loop over rows costs
    seconds; SQLite does it in one pass.
    """
    marketing = kind in MARKETING_KINDS
    key = Value(key).concat(Customer.id) if isinstance(key, str) else key
    # a re-run probes the unique dedupe index and skips the customer before its row is built
    exists = fn.EXISTS(FollowUp.select(FollowUp.id).where(FollowUp.dedupe_key == key))
    query = Customer.select(
        Customer.id,
        Customer.home_shop,
        Value(kind),
        literal(due, "date"),
        literal(visible_from, "date"),
        Value(""),
        Value(code),
        literal(dump(params)) if isinstance(params, dict) else params,
        Value(kind),
        key,
        Value(marketing),
        Value("open"),
        literal(w.now),
        Value(""), Value(""), Value(""), Value(""),
    ).where(where & w.only(Customer.id) & reachable(marketing) & ~exists)
    fields = [
        FollowUp.customer, FollowUp.shop, FollowUp.kind, FollowUp.due_on, FollowUp.visible_from,
        FollowUp.reason, FollowUp.reason_code, FollowUp.reason_params, FollowUp.source_rule,
        FollowUp.dedupe_key, FollowUp.is_marketing,
        FollowUp.status, FollowUp.created_at,
        # NOT NULL without a SQL default: INSERT OR IGNORE would silently drop the row
        FollowUp.message, FollowUp.outcome, FollowUp.note, FollowUp.snooze_reason,
    ]
    return FollowUp.insert_from(query, fields).on_conflict_ignore().as_rowcount().execute()


def yearly(month: int, day: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """A fixed month/day in each year of the window (Feb 29 → Feb 28 in common years)."""
    from deskcrm.services.lunar import solar_occurrences_between

    return solar_occurrences_between(month, day, start, end)
