"""The customer form: name and phone first (a walk-in is filed in seconds), everything else below."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select

from deskcrm.i18n import _
from deskcrm.screens.customer_modals import CANCEL, SAVE, DuplicateWarning
from deskcrm.services import staff
from deskcrm.services.customers import (
    CONSENT_CHANNELS,
    CustomerInput,
    find_duplicates,
    input_for,
    save_customer,
    validate,
)
from deskcrm.services.search import search
from deskcrm.store.models import Customer, database
from deskcrm.widgets.form_fields import error_line, field, show_errors

# (field, label, placeholder): hints go in the placeholder so labels fit one narrow column
SECTIONS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Who", (("name", "Name", ""), ("phone", "Phone", "138 0013 8000"), ("phone2", "Phone 2", ""),
             ("email", "Email", ""), ("form_of_address", "Form of address", "王女士, 김민수 님"))),
    ("Where and sizes", (("address", "Address", ""), ("city", "City", ""), ("district", "District", ""),
                         ("locale", "Language", "en, zh_Hans, zh_Hant, ko"),
                         ("clothing_size", "Clothing size", ""), ("shoe_size", "Shoe size", ""),
                         ("age_band", "Age", "when no birthday: 30s"))),
    ("Who they are (the soft file)", (
        ("occupation", "Occupation", ""), ("family", "Family", ""), ("personality", "Personality", ""),
        ("shopping_habits", "Shopping habits", ""), ("style_preferences", "Style preferences", ""),
        ("hobbies", "Hobbies", ""), ("service_preference", "Likes to be served", ""),
        ("promotion_attitude", "Takes promotions", ""), ("values", "Values", ""),
        ("best_contact_time", "Best time to contact", "after 7pm, not Sundays"), ("notes", "Notes", ""))),
    ("Standing", (("credit_limit", "Credit limit", "0.00"), ("balance", "Outstanding balance", "0.00"),
                  ("referred_by", "Referred by", "name or phone"), ("tags", "Tags", "comma-separated"),
                  ("source", "Source", "walk-in, referral, online, event"))),
)  # fmt: skip
CALENDAR_CHOICES = (("Solar", "solar"), ("Lunar (Korean)", "KR"), ("Lunar (Chinese)", "CN"))
GENDER_CHOICES = (("—", ""), ("Female", "F"), ("Male", "M"), ("Other", "X"))


@dataclass(frozen=True)
class FormResult:
    customer_id: int
    opened_existing: bool = False


class CustomerForm(ModalScreen[FormResult | None]):
    """New customer (customer_id None) or edit; ctrl+s saves, escape cancels."""

    CSS_PATH = "customer_form.tcss"
    BINDINGS = [SAVE, CANCEL]
    AUTO_FOCUS = "#f-name"

    def __init__(self, customer_id: int | None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self._referrer: tuple[str, int | None] = ("", None)  # text shown, id it stands for

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="customer-form"):
            title = _("New customer") if self.customer_id is None else _("Edit customer")
            yield Label(f"{title}  ·  {_('ctrl+s saves, escape cancels')}", classes="title")
            for heading, fields in SECTIONS:
                yield Label(_(heading), classes="section")
                for name, label, hint in fields:
                    yield from field(_(label), name, placeholder=_(hint))
                if heading == "Who":
                    yield from self._birthday()
                if heading == "Who they are (the soft file)":
                    yield from self._contact()
            yield Label(_("Owner (staff)"), classes="field-label")
            yield Select([], id="f-owner", prompt=_("nobody"))
            yield error_line("owner")

    def _birthday(self) -> ComposeResult:
        yield Label(_("Gender"), classes="field-label")
        yield Select([(_(t), v) for t, v in GENDER_CHOICES], value="", allow_blank=False, id="f-gender")
        yield from field(_("Birthday"), "birthday", placeholder=_("YYYY-MM-DD, or MM-DD without the year"))
        with Horizontal(classes="row"):
            yield Select(
                [(_(t), v) for t, v in CALENDAR_CHOICES], value="solar", allow_blank=False,
                id="f-birth_calendar",
            )
            yield Checkbox(_("Leap month"), id="f-birth_leap")

    def _contact(self) -> ComposeResult:
        yield Label(_("Contact"), classes="section")
        with Horizontal(classes="row"):
            for channel in CONSENT_CHANNELS:
                yield Checkbox(_("Consent: {channel}").format(channel=_(channel)), id=f"f-consent_{channel}")
        yield Checkbox(_("Do not contact"), id="f-do_not_contact")
        yield from field(_("Call from"), "contact_window_start", placeholder="HH:MM")
        yield from field(_("Call until"), "contact_window_end", placeholder="HH:MM")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _load(self) -> None:
        with database.connection_context():
            people = staff.list_staff()
            data = input_for(self.customer_id) if self.customer_id is not None else None
            referrer = None
            if data and data.referred_by_id:
                referrer = Customer.get_or_none(Customer.id == data.referred_by_id)
        self.app.call_from_thread(self._fill, people, data, referrer)

    def _fill(self, people, data: CustomerInput | None, referrer) -> None:
        self.query_one("#f-owner", Select).set_options([(p.name, p.id) for p in people])
        if data is None:
            return
        for f in dataclasses.fields(CustomerInput):
            value = getattr(data, f.name)
            found = self.query(f"#f-{f.name}")
            if not found or f.name == "tags":
                continue
            widget = found.first()
            if isinstance(widget, Input):
                widget.value = value
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Select):
                widget.value = value
        self.query_one("#f-tags", Input).value = ", ".join(data.tags)
        if data.owner_id is not None:
            self.query_one("#f-owner", Select).value = data.owner_id
        if referrer is not None:
            text = f"{referrer.name} {referrer.phone}".strip()
            self._referrer = (text, referrer.id)
            self.query_one("#f-referred_by", Input).value = text

    def _input(self) -> tuple[CustomerInput, str]:
        values: dict = {}
        for f in dataclasses.fields(CustomerInput):
            found = self.query(f"#f-{f.name}")
            if found and isinstance(found.first(), (Input, Checkbox)) or found and isinstance(found.first(), Select):
                values[f.name] = found.first().value
        values["tags"] = tuple(t for t in self.query_one("#f-tags", Input).value.replace("，", ",").split(","))
        owner = self.query_one("#f-owner", Select).value
        values["owner_id"] = owner if isinstance(owner, int) else None
        return CustomerInput(**values), self.query_one("#f-referred_by", Input).value.strip()

    def action_save(self) -> None:
        data, referrer_text = self._input()
        self._save(data, referrer_text, False)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _resolve_referrer(self, text: str) -> tuple[int | None, str | None]:
        if not text:
            return None, None
        if text == self._referrer[0]:
            return self._referrer[1], None
        rows = search(text, limit=2).rows
        if not rows:
            return None, "No customer matches"
        if len(rows) > 1:
            return None, "Several customers match: type more, e.g. the phone"
        return rows[0].id, None

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _save(self, data: CustomerInput, referrer_text: str, force: bool) -> None:
        today, now = self.app.today(), self.app.now()
        with database.connection_context():
            referred_by, message = self._resolve_referrer(referrer_text)
            data = dataclasses.replace(data, referred_by_id=referred_by)
            _values, errors = validate(data, today, self.customer_id)
            if message:
                errors["referred_by"] = message
            if errors:
                self.app.call_from_thread(show_errors, self, errors)
                return
            if not force:
                dups = find_duplicates(
                    data.name, [data.phone, data.phone2], data.birthday, today, self.customer_id
                )
                if dups:
                    self.app.call_from_thread(self._warn, dups, data, referrer_text)
                    return
            result = save_customer(
                data, now=now, today=today, staff_id=self.app.staff_id, customer_id=self.customer_id
            )
        if result.errors:
            self.app.call_from_thread(show_errors, self, result.errors)
        else:
            self.app.call_from_thread(self.dismiss, FormResult(result.customer_id))

    def _warn(self, dups, data: CustomerInput, referrer_text: str) -> None:
        show_errors(self, {})

        def chosen(choice) -> None:
            action, existing = choice
            if action == "open":
                self.dismiss(FormResult(existing, opened_existing=True))
            elif action == "save":
                self._save(data, referrer_text, True)

        self.app.push_screen(DuplicateWarning(dups), chosen)
