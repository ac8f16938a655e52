"""Complaints left at every step of the nine-step recovery, with their step records.

Step data uses the keys shared with the wizard and the review (see
docs/COMMON: 1 listen ... 9 follow up). A complaint at step k has records for
steps 1..k-1; a closed one has all nine, and a few went round twice because the
customer was not satisfied at step 8.
"""

from __future__ import annotations

import datetime as dt
import json

from deskcrm.services.seed import texts
from deskcrm.services.seed.history import History
from deskcrm.services.seed.people import Person
from deskcrm.services.seed.world import World
from deskcrm.store.models import Complaint, ComplaintStep, FollowUp

COMPLAINT_COLS = (
    "id", "customer", "purchase", "opened_at", "opened_by", "status", "step", "round", "channel",
    "item", "description", "category", "promised_on", "compensation", "compensation_value",
    "satisfaction", "followup_satisfaction", "final_wish", "closed_at", "updated_at",
)  # fmt: skip
STEP_COLS = ("complaint", "step", "round", "data", "staff", "completed_at", "is_correction")
FOLLOWUP_COLS = (
    "customer", "kind", "due_on", "reason", "status", "outcome", "assigned_to", "done_by",
    "done_at", "source_rule", "dedupe_key", "complaint", "created_at", "created_by", "message",
    "note", "snooze_reason", "is_marketing",
)  # fmt: skip


def _text(moment: dt.datetime) -> str:
    return moment.isoformat(" ")


def make_complaint(w: World, cid: int, p: Person, h: History) -> tuple[int, int]:
    """Write one complaint and its records; returns (complaints, step rows) written."""
    rng, locale = w.rng, p.fields["locale"]
    closed = rng.random() < 0.5
    reached = 9 if closed else rng.randint(1, 9)  # the step now being worked on
    rounds = 2 if reached == 9 and rng.random() < 0.12 else 1
    resolve_days = rng.randint(1, 7)
    follow_days = rng.randint(3, 10)
    # open complaints are recent; closed ones anywhere in the window
    span = resolve_days * rounds if reached == 9 else 0  # days the finished steps took
    back = rng.randint(span + 1, span + (600 if closed else 30))
    if closed:
        back += follow_days
    opened_day = w.today - dt.timedelta(days=back)
    opened = dt.datetime.fromisoformat(w.stamp(opened_day, p.region, 11, 18))
    bought = [line for line in h.lines if line.day <= opened_day]
    line = bought[-1] if bought and rng.random() < 0.85 else None
    category = rng.choice(texts.CATEGORIES)
    if line is None and category in ("quality", "fit"):
        category = "service"
    owner = p.owner.id if rng.random() < 0.6 else w.pick_staff().id
    item = line.item if line else ""
    description = texts.COMPLAINT_DESCRIPTIONS[category][locale]
    kid = w.new_id(Complaint)
    steps: list[tuple] = []
    followups: list[tuple] = []
    record = _Recorder(w, kid, cid, owner, steps, followups)

    channel = rng.choice(texts.CHANNELS)
    record.step(1, 1, opened, {"description": description, "item": item, "channel": channel})
    record.step(2, 1, opened + dt.timedelta(minutes=5),
                {"emotion": rng.choice(texts.EMOTIONS), "place": rng.choice(texts.PLACES)})
    record.step(3, 1, opened + dt.timedelta(minutes=8),
                {"apology_given": True, "wording": texts.APOLOGIES[locale]})
    record.step(4, 1, opened + dt.timedelta(minutes=15),
                {"restatement_confirmed": True, "category": category})
    record.step(5, 1, opened + dt.timedelta(minutes=22),
                {"explanation": texts.EXPLANATIONS[category][locale]})
    moment = opened + dt.timedelta(minutes=30)
    promised = satisfaction = None
    compensation, value, wish = "", 0, ""
    for rnd in range(1, rounds + 1):
        promised = (moment + dt.timedelta(days=resolve_days)).date()
        solution = rng.choice(texts.SOLUTIONS[category][locale])
        record.step(6, rnd, moment, {"solution": solution, "owner_id": owner,
                                     "promised_on": promised.isoformat()})
        if reached > 6:
            record.promise(rnd, promised, moment, solution, kept=reached == 9)
        given, value = rng.choice(texts.COMPENSATIONS)
        compensation = given[locale]
        record.step(7, rnd, moment + dt.timedelta(minutes=10),
                    {"compensation": compensation, "value": value})
        moment = dt.datetime.combine(promised, moment.time())
        last_round = rnd == rounds
        satisfaction = rng.choice((4, 5, 5, 3)) if last_round else rng.choice((1, 2))
        wish = rng.choice(texts.FINAL_WISHES[locale]) if last_round else ""
        record.step(8, rnd, moment, {"satisfaction": satisfaction, "thanks_given": last_round,
                                     "final_wish": wish})
        moment += dt.timedelta(minutes=20)  # not satisfied: resolve again straight after
    follow_on = promised + dt.timedelta(days=follow_days) if promised else None
    follow_sat = rng.choice((None, 3, 4, 5, 5)) if closed else None
    if follow_on:
        done_at = dt.datetime.combine(follow_on, moment.time())
        record.step(9, rounds, done_at, {"followup_on": follow_on.isoformat(),
                                         "followup_satisfaction": follow_sat})
        if reached == 9:
            record.followup(follow_on, moment, done_at if closed else None)

    # Keep only what happened before the step now being worked on.
    kept = [s for s in steps if s[1] < reached or closed]
    last = max((s[5] for s in kept), default=_text(opened))
    w.rows.add(Complaint, COMPLAINT_COLS, (
        kid, cid, line.id if line else None, _text(opened), owner,
        "closed" if closed else "open", reached, rounds if reached >= 7 else 1, channel, item,
        description, category if reached > 4 else "", promised.isoformat() if reached > 6 else None,
        compensation if reached > 7 else "", value if reached > 7 else 0,
        satisfaction if reached > 8 else None, follow_sat, wish if reached > 8 else "",
        last if closed else None, last,
    ))
    for row in kept:
        w.rows.add(ComplaintStep, STEP_COLS, row)
    for row in followups:
        w.rows.add(FollowUp, FOLLOWUP_COLS, row)
    return 1, len(kept)


class _Recorder:
    """Collects a complaint's step rows and the follow-ups the wizard would have made."""

    def __init__(self, w: World, kid: int, cid: int, owner: int, steps: list, followups: list):
        self.w, self.kid, self.cid, self.owner = w, kid, cid, owner
        self.steps, self.followups = steps, followups

    def step(self, n: int, rnd: int, at: dt.datetime, data: dict) -> None:
        self.steps.append((self.kid, n, rnd, json.dumps(data, ensure_ascii=False), self.owner,
                           _text(at), False))

    def promise(
        self, rnd: int, due: dt.date, made: dt.datetime, solution: str, kept: bool
    ) -> None:
        done = _text(dt.datetime.combine(due, made.time())) if kept else None
        self.followups.append((
            self.cid, "complaint_promise", due.isoformat(), solution,
            "done" if kept else "open",
            "kept" if kept else "", self.owner, self.owner if kept else None, done,
            "complaint_promise", f"complaint:{self.kid}:promise:{rnd}", self.kid, _text(made),
            self.owner, "", "", "", False,
        ))

    def followup(self, due: dt.date, made: dt.datetime, done_at: dt.datetime | None) -> None:
        done = _text(done_at) if done_at else None
        self.followups.append((
            self.cid, "complaint_followup", due.isoformat(), "Ask how the solution worked out",
            "done" if done else "open",
            "reached" if done else "", self.owner, self.owner if done else None, done,
            "complaint_followup", f"complaint:{self.kid}:followup", self.kid, _text(made),
            self.owner, "", "", "", False,
        ))
