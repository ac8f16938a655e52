"""Calls and messages: a person talks to a person, or a greeting goes out in a batch.

The two are different work (issue 12): a call takes a clerk's minutes and is
planned against her daily capacity; a message is filled per customer and sent
in one pass. The kind decides which, so nothing about it is stored.
"""

from __future__ import annotations

from deskcrm.i18n import N_, _

# greetings, season care, broadcasts, thanks and invitations: sent, not talked through
MESSAGE_KINDS = frozenset(
    {"birthday", "date", "festival", "season", "broadcast", "referral_thanks", "milestone",
     "vip_event", "repurchase"}
)
# everything else is a call: post-purchase fit check, complaint promise and follow-up,
# neglect, the top-tier visit, the referral welcome, and what staff add by hand
CALL_URGENCY = {
    "complaint_promise": 0, "complaint_followup": 0,
    "post_purchase": 1, "referral_welcome": 1, "manual": 1,
    "top_tier_visit": 2,
    "neglect": 3,
}
LEAST_URGENT = 3
# the call kinds the rules and staff create, for index-friendly SQL (kind IN ...)
CALL_KINDS = frozenset(CALL_URGENCY)


def is_message(kind: str) -> bool:
    return kind in MESSAGE_KINDS


def is_call(kind: str) -> bool:
    return kind not in MESSAGE_KINDS


def urgency(kind: str) -> int:
    """Promised complaint dates first, then post-purchase and welcome calls, neglect last."""
    return CALL_URGENCY.get(kind, LEAST_URGENT)


KIND_LABELS = {
    "birthday": N_("Birthday"), "date": N_("Date"), "festival": N_("Festival"), "post_purchase": N_("After sale"),
    "referral_thanks": N_("Referral thanks"), "referral_welcome": N_("Welcome call"),
    "milestone": N_("Milestone"), "top_tier_visit": N_("Manager visit"), "neglect": N_("We miss you"),
    "repurchase": N_("Re-purchase"), "season": N_("Season care"), "vip_event": N_("VIP event"),
    "broadcast": N_("Broadcast"), "complaint_promise": N_("Complaint promise"),
    "complaint_followup": N_("Complaint follow-up"), "manual": N_("By hand"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))
