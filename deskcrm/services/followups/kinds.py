"""Calls and messages: a person talks to a person, or a greeting goes out in a batch.

The two are different work (issue 12): a call takes a clerk's minutes and is
planned against her daily capacity; a message is filled per customer and sent
in one pass. The kind decides which, so nothing about it is stored.
"""

from __future__ import annotations

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
