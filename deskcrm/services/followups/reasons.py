"""Why a follow-up exists: stored as a code and its parameters, put in words when shown.

Codes are stored, words are shown (architecture): a rule writes `reason_code` and
`reason_params` (JSON) and leaves `reason` empty, so the calendar, the card, the CLI
and the send list read it in the viewer's language — a Korean clerk and a Chinese
manager on one file each read their own, and festival names follow the viewer too.
Rows written before codes existed (and reasons typed by staff, complaint solutions)
have no code: their `reason` text is shown as it is.

The notes the rules leave on follow-ups they close (expired, merged, overtaken by the
customer's story) are codes too, kept in `note`; `note_text` turns them into words
and leaves a note staff typed as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from deskcrm.i18n import N_, _, language
from deskcrm.services.festivals import FESTIVAL_SETS
from deskcrm.services.followups.money import money

_FESTIVALS = {f.code: f for fs in FESTIVAL_SETS.values() for f in fs}
Params = Mapping[str, Any]


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def columns(self) -> dict[str, str]:
        """The follow-up columns this reason is stored in."""
        return {"reason": "", "reason_code": self.code, "reason_params": dump(self.params)}

    def text(self) -> str:
        return render(self.code, self.params)


def dump(params: Params) -> str:
    return json.dumps(dict(params), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load(text: str | None) -> dict[str, Any]:
    """Stored parameters back; a damaged value reads as none rather than failing a screen."""
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def day_label(p: Params) -> str:
    """A birthday or anniversary as staff read it: 03-12, or lunar 8/15 (KR)."""
    cal, month, day = p.get("cal", "solar"), int(p.get("month", 0)), int(p.get("day", 0))
    if cal == "solar":
        return f"{month:02d}-{day:02d}"
    return _("lunar {leap}{month}/{day} ({cal})").format(
        leap=_("leap ") if p.get("leap") else "", month=month, day=day, cal=cal)


# relations the demo seed writes as codes; what staff type stays as typed
RELATIONS = {"child": N_("child"), "spouse": N_("spouse")}


def _relation(relation: str) -> str:
    return _(RELATIONS[relation]) if relation in RELATIONS else relation


def _festival(code: str) -> str:
    fest = _FESTIVALS.get(code)
    return fest.name(language()) if fest else code


def _amount(p: Params) -> str:
    return money(int(p.get("amount", 0)), str(p.get("currency", "")))


# code → the words, from the stored parameters
RULES: dict[str, Callable[[Params], str]] = {
    "birthday": lambda p: _("Birthday {date}").format(date=day_label(p)),
    "related_birthday": lambda p: _("Birthday of {who} {date}").format(
        who=f"{_relation(p.get('relation', ''))} {p.get('name', '')}".strip(), date=day_label(p)),
    # the occasion's name is the shop's own words ("结婚纪念日")
    "date": lambda p: f"{p.get('label', '')} {day_label(p)}".strip(),
    "post_purchase": lambda p: _("Fit check after purchase {date} ({amount}): {items}").format(
        date=p.get("on", ""), amount=_amount(p), items=p.get("items", "")),
    "referral_thanks": lambda p: _("Thank for referring {name}").format(name=p.get("name", "")),
    "referral_welcome": lambda p: _("First-week call; referred by {name}").format(name=p.get("name", "")),
    "milestone": lambda p: _("Spend passed {amount}: thank-you").format(amount=_amount(p)),
    "repurchase": lambda p: _("Usually buys every {n} days; next around {date}").format(
        n=p.get("days", ""), date=p.get("on", "")),
    "top_tier_visit": lambda p: _("Yearly manager visit with flowers (customer since {date})").format(
        date=p.get("since", "")),
    "neglect": lambda p: _("No contact since {date} ({tier}: call within {ideal}-{maximum} days)").format(
        date=p.get("since", ""), tier=_(p.get("tier", "")), ideal=p.get("ideal", ""),
        maximum=p.get("maximum", "")),
    "festival": lambda p: _("{festival} on {date}").format(
        festival=_festival(p.get("festival", "")), date=p.get("on", "")),
    "season": lambda p: _("Season change {date}: care message").format(date=p.get("on", "")),
    "vip_event": lambda p: _("Invite to {event} on {date}").format(
        event=p.get("event", ""), date=p.get("on", "")),
    "broadcast": lambda p: _("Broadcast {name}: {region}").format(
        name=p.get("name", ""), region=p.get("region", "")),
    # the next steps a finished follow-up offers
    "retry": lambda p: _("Try again: {reason}").format(
        reason=render(p.get("code"), p.get("params") or {}, p.get("text", ""))),
    "satisfaction_call": lambda p: _("{n}-day satisfaction call").format(n=p.get("days", "")),
    "one_month_on": lambda p: _("One month on: how are they finding us?"),
}
# added after the main words when the parameter is there: "Birthday 03-12 · turns 40"
SUFFIXES: dict[str, Callable[[Any], str]] = {
    "age": lambda v: _("turns {age}").format(age=v),
    "years": lambda v: _("{n} years").format(n=v),
}


def render(code: str | None, params: Params | str | None, text: str = "") -> str:
    """The reason in the viewer's language; a row without a (known) code shows its stored text."""
    if not code or code not in RULES:
        return text
    params = load(params) if isinstance(params, str) or params is None else params
    words = RULES[code](params)
    for key, suffix in SUFFIXES.items():
        if params.get(key):
            words += " · " + suffix(params[key])
    return words


def of(row: Any) -> str:
    """The words for a follow-up row (a model or anything with the three reason columns)."""
    return render(getattr(row, "reason_code", None), getattr(row, "reason_params", None),
                  getattr(row, "reason", "") or "")


NOTES = {
    # expiry (services.followups.expiry)
    "season_past": N_("The season's week is over"),
    "festival_past": N_("The festival is over"),
    "greeting_late": N_("More than a week after the day"),
    "broadcast_past": N_("The warning is over"),
    "event_past": N_("The gathering is over"),
    "neglect_merged": N_("Merged into the newer 'we miss you' call"),
    "greeting_duplicate": N_("Already greeted for the same birthday"),
    # the tidy-up (services.followups.care) and the complaint wizard
    "neglect_reset": N_("Contact logged since; neglect reset"),
    "bought_again": N_("Bought again"),
    "do_not_contact": N_("Do not contact"),
    "no_consent": N_("No consent for greetings or offers"),
    "promise_withdrawn": N_("Promise withdrawn"),
}
# notes written as English words before they were codes
_OLD_NOTES = {"promise withdrawn": "promise_withdrawn"}


def note_text(note: str) -> str:
    """The words for a note the rules left (a code); a note staff typed is shown as typed."""
    code = _OLD_NOTES.get(note, note)
    return _(NOTES[code]) if code in NOTES else note
