"""Stored codes that the screens show translated with `_(code)`.

Tiers, lifecycle stages, channels, consent channels and genders are kept in the
database as short English codes; listing them here with `N_` puts them in the UI
catalogues, so `_(customer.tier)` finds a translation.
"""

from deskcrm.i18n import N_

TERMS = (
    # tiers
    N_("regular"), N_("silver"), N_("gold"), N_("vip"),
    # lifecycle stages (001 §6)
    N_("prospect"), N_("new"), N_("active"), N_("loyal"), N_("declining"), N_("lost"),
    # contact channels
    N_("visit"), N_("call"), N_("sms"), N_("chat"), N_("email"), N_("gift"), N_("letter"),
    # contact outcomes
    N_("reached"), N_("no_answer"), N_("left_message"), N_("declined"), N_("kept"),
    # staff roles
    N_("desk"), N_("manager"),
)  # fmt: skip
