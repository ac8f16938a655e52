"""First start: on a new file, the shop says who it is — once.

Shop name (every message is signed with it), country (its festivals, lunar
calendar, public holidays and phone format follow), currency, and the first
manager with a PIN. Or the demo shop instead. A file with staff or customers
is not new, so an existing shop never sees this again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskcrm.i18n import N_
from deskcrm.services import pins, settings, staff
from deskcrm.store.models import Customer, Staff, database


@dataclass(frozen=True)
class Country:
    label: str
    locale: str  # the shop's language: scripts, festivals, lunar calendar (KR or CN)
    currency: str
    phone_prefix: str  # the country code local numbers are read with


COUNTRIES: dict[str, Country] = {
    "CN": Country("中国大陆", "zh_Hans", "CNY", "86"),
    "TW": Country("台灣", "zh_Hant", "TWD", "886"),
    "HK": Country("香港", "zh_Hant", "HKD", "852"),
    "KR": Country("대한민국", "ko", "KRW", "82"),
    "US": Country("United States", "en", "USD", "1"),
    "GB": Country("United Kingdom", "en", "GBP", "44"),
}
CURRENCIES = ("CNY", "TWD", "HKD", "KRW", "USD", "GBP", "EUR", "SGD", "JPY", "MOP")


@dataclass(frozen=True)
class ShopSetup:
    shop_name: str
    country: str
    currency: str
    manager_name: str
    pin: str
    pin_again: str


class SetupError(ValueError):
    """What is wrong, field by field (the messages are catalogue ids)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def is_new_file() -> bool:
    """No staff, no customers: nobody has used this file yet."""
    return not Staff.select().exists() and not Customer.select().exists()


def field_error(name: str, setup: ShopSetup) -> str:
    """The error of one field ("" when it is fine): shown under the field as it is left."""
    if name == "shop_name" and not setup.shop_name.strip():
        return N_("The shop's name signs every message: type it")
    if name == "country" and setup.country not in COUNTRIES:
        return N_("Choose the shop's country")
    if name == "currency" and setup.currency not in CURRENCIES:
        return N_("Choose a currency")
    if name == "manager_name" and not setup.manager_name.strip():
        return N_("Type the first manager's name")
    if name == "pin":
        try:
            pins.validate_pin(setup.pin)
        except ValueError as exc:
            return str(exc)
    if name == "pin_again" and setup.pin_again != setup.pin:
        return N_("The two PINs differ")
    return ""


FIELDS = ("shop_name", "country", "currency", "manager_name", "pin", "pin_again")


def validate(setup: ShopSetup) -> dict[str, str]:
    return {name: error for name in FIELDS if (error := field_error(name, setup))}


def apply(setup: ShopSetup) -> staff.StaffInfo:
    """Write the shop's settings and its first manager with a PIN; SetupError if anything is wrong."""
    errors = validate(setup)
    if errors:
        raise SetupError(errors)
    country = COUNTRIES[setup.country]
    from deskcrm.services.festivals import festival_set_for_locale  # holidays: 0.3 s to import

    with database.atomic():
        if not is_new_file():
            raise SetupError({"shop_name": N_("This file is already in use; nothing was changed")})
        settings.put_many({
            "shop.name": setup.shop_name.strip(),
            "shop.country": setup.country,
            "shop.locale": country.locale,
            "shop.currency": setup.currency,
            "shop.phone_prefix": country.phone_prefix,
            "followups.festival_sets": [festival_set_for_locale(country.locale)],
            "followups.closure_country": setup.country if setup.country in ("CN", "KR", "TW", "HK") else "",
        })
        manager = staff.add_staff(setup.manager_name.strip(), role="manager")
    # main's set_first_manager_pin closes the first-PIN door for good; older code sets it plainly
    first_pin = getattr(staff, "set_first_manager_pin", None)
    if first_pin is not None:
        return first_pin(manager.id, setup.pin)
    staff.set_pin(manager.id, setup.pin, by=manager.name)
    return staff.get_staff(manager.id) or manager


def load_demo(today: dt.date) -> None:
    """The demo shop instead: 400 customers in three languages, two years of history."""
    from deskcrm.services.seed import seed_database

    seed_database(customers=DEMO_CUSTOMERS, seed=DEMO_SEED, today=today)


DEMO_CUSTOMERS = 400
DEMO_SEED = 7
