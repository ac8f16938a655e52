"""Stored codes and the words the screens show for them.

Tiers, stages, channels, kinds, places, genders… are kept in the database as short
English codes. Codes that read as plain English words are their own msgid (listed
with `N_` so `_(customer.tier)` finds a translation); codes that do not
(`fitting_room`, `post_purchase`, `F`) have an English word here. `word(code)` is
the one way a screen shows a code: never the raw code, always her language.
"""

from deskcrm.i18n import LANGUAGES, N_, _

TERMS = (
    # tiers
    N_("regular"), N_("silver"), N_("gold"), N_("vip"),
    # lifecycle stages (001 §6)
    N_("prospect"), N_("new"), N_("active"), N_("loyal"), N_("declining"), N_("lost"),
    # contact channels
    N_("visit"), N_("call"), N_("sms"), N_("chat"), N_("email"), N_("gift"), N_("letter"),
    N_("other"),
    # contact outcomes
    N_("reached"), N_("declined"), N_("kept"), N_("visited"), N_("sent"),
    # staff roles
    N_("desk"), N_("manager"),
    # complaint emotions and places
    N_("angry"), N_("upset"), N_("disappointed"), N_("worried"), N_("calm"),
    N_("seated"), N_("counter"), N_("phone"), N_("online"),
    # where a new customer came from (Customer.source)
    N_("walk-in"), N_("referral"), N_("online"), N_("event"), N_("import"),
    # notes the app itself writes into the contact log and follow-ups
    N_("complaint opened"), N_("promise withdrawn"),
    # Textual's command palette key, described at run time (App.COMMAND_PALETTE_DISPLAY)
    N_("palette"),
)  # fmt: skip

KIND_WORDS = {
    "birthday": N_("Birthday"), "date": N_("Date"), "festival": N_("Festival"), "post_purchase": N_("After sale"),
    "referral_thanks": N_("Referral thanks"), "referral_welcome": N_("Welcome call"),
    "milestone": N_("Milestone"), "top_tier_visit": N_("Manager visit"), "neglect": N_("We miss you"),
    "miss_you": N_("We miss you"), "thanks": N_("Thank-you"),
    "repurchase": N_("Re-purchase"), "season": N_("Season care"), "vip_event": N_("VIP event"),
    "broadcast": N_("Broadcast"), "complaint_promise": N_("Complaint promise"),
    "complaint_followup": N_("Complaint follow-up"), "manual": N_("By hand"),
}  # fmt: skip

WORDS = {
    "no_answer": N_("no answer"), "left_message": N_("left a message"),
    "fitting_room": N_("fitting room"),
    # template variants
    "default": N_("standard"), "satisfaction": N_("satisfaction call"), "cold_wave": N_("cold wave"),
    "heavy_rain": N_("heavy rain"), "typhoon": N_("typhoon"), "related_birthday": N_("family birthday"),
}  # fmt: skip

GENDERS = {"F": N_("Female"), "M": N_("Male"), "X": N_("Other")}


def kind_word(kind: str) -> str:
    from deskcrm.services.followups.kinds import KIND_LABELS, kind_label

    # the follow-up service names its kinds (calls and messages); the rest are ours
    if kind in KIND_LABELS:
        return kind_label(kind)
    return _(KIND_WORDS.get(kind, kind.replace("_", " ")))


def word(code: str) -> str:
    """A stored code as a word in the viewer's language; text that is no code stays as typed."""
    return _(WORDS.get(code, code)) if code else ""


def field_word(field: str, value: str) -> str:
    """A customer field's stored value as shown: codes become words, text stays as typed."""
    if field == "gender":
        return _(GENDERS.get(value, value))
    if field == "locale":
        return LANGUAGES.get(value, value)
    return value
