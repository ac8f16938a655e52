"""The customer form: name and phone first (a walk-in is filed in seconds), everything else below."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select
from textual.worker import Worker

from deskcrm.i18n import N_, _
from deskcrm.screens.confirm import Confirm
from deskcrm.screens.customers.modals import CANCEL, SAVE, DuplicateWarning
from deskcrm.services import staff
from deskcrm.services.customers import (
    CONSENT_CHANNELS,
    CustomerInput,
    find_duplicates,
    input_for,
    save_customer,
    validate,
)
from deskcrm.store.models import Customer
from deskcrm.vocabulary import GENDERS
from deskcrm.widgets.customer_picker import CustomerPicker, choice_text
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.form_fields import (
    ErrorsClearAsFixed,
    calendar_row,
    error_line,
    field,
    show_errors,
)
from deskcrm.workers import store_work

# (field, label, placeholder): hints go in the placeholder so labels fit one narrow column
SECTIONS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (N_("Who"), (("name", N_("Name"), ""), ("phone", N_("Phone"), "138 0013 8000"), ("phone2", N_("Phone 2"), ""),
             ("email", N_("Email"), ""), ("form_of_address", N_("Form of address"), "王女士, 김민수 님"))),
    (N_("Where and sizes"), (("address", N_("Address"), ""), ("city", N_("City"), ""), ("district", N_("District"), ""),
                         ("locale", N_("Language"), N_("language code: en, zh_Hans, zh_Hant, ko")),
                         ("clothing_size", N_("Clothing size"), ""), ("shoe_size", N_("Shoe size"), ""),
                         ("age_band", N_("Age"), N_("when no birthday: 30s")))),
    (N_("Who they are (the soft file)"), (
        ("occupation", N_("Occupation"), ""), ("family", N_("Family"), ""), ("personality", N_("Personality"), ""),
        ("shopping_habits", N_("Shopping habits"), ""), ("style_preferences", N_("Style preferences"), ""),
        ("hobbies", N_("Hobbies"), ""), ("service_preference", N_("Likes to be served"), ""),
        ("promotion_attitude", N_("Takes promotions"), ""), ("values", N_("Values"), ""),
        ("best_contact_time", N_("Best time to contact"), N_("after 7pm, not Sundays")), ("notes", N_("Notes"), ""))),
    (N_("Standing"), (("credit_limit", N_("Credit limit"), "0.00"), ("balance", N_("Outstanding balance"), "0.00"),
                  ("referred_by", N_("Referred by"), N_("type a name or phone, pick with Down")),
                  ("tags", N_("Tags"), N_("comma-separated")),
                  ("source", N_("Source"), N_("walk-in, referral, online, event")))),
)  # fmt: skip
GENDER_CHOICES = (("—", ""), *((w, code) for code, w in GENDERS.items()))


# a run of digits this long in a name is a phone that went into the wrong box
PHONE_IN_NAME_DIGITS = 5


def looks_like_phone_in_name(name: str, phone: str) -> bool:
    run = longest = 0
    for ch in name:
        run = run + 1 if ch.isdigit() else 0
        longest = max(longest, run)
    return longest >= PHONE_IN_NAME_DIGITS and not phone.strip()


@dataclass(frozen=True)
class FormResult:
    customer_id: int
    opened_existing: bool = False


class CustomerForm(ErrorsClearAsFixed, ModalScreen[FormResult | None]):
    """New customer (customer_id None) or edit; ctrl+s saves, escape cancels."""

    CSS_PATH = "customer_form.tcss"
    # four consent boxes side by side need 100 columns; below that they go two by two
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [SAVE, CANCEL]
    AUTO_FOCUS = "#f-name"

    def __init__(self, customer_id: int | None) -> None:
        super().__init__()
        self.customer_id = customer_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="customer-form"):
            title = _("New customer") if self.customer_id is None else _("Edit customer")
            yield Label(f"{title}  ·  {_('ctrl+s saves, escape cancels')}", classes="title")
            for heading, fields in SECTIONS:
                yield Label(_(heading), classes="section")
                for name, label, hint in fields:
                    if name == "referred_by":
                        yield CustomerPicker(_(label), name, self.customer_id, placeholder=_(hint))
                        yield error_line(name)
                    else:
                        yield from field(_(label), name, placeholder=_(hint))
                if heading == "Who":
                    yield from self._birthday()
                if heading == "Who they are (the soft file)":
                    yield from self._contact()
            yield Label(_("Owner (staff)"), classes="field-label")
            yield Select([], id="f-owner", prompt=_("nobody"))
            yield error_line("owner")
        yield DeskFooter()

    def _birthday(self) -> ComposeResult:
        yield Label(_("Gender"), classes="field-label")
        yield Select([(_(t), v) for t, v in GENDER_CHOICES], value="", allow_blank=False, id="f-gender")
        yield from field(_("Birthday"), "birthday", placeholder=_("YYYY-MM-DD, or MM-DD without the year"))
        yield from calendar_row("birth_")

    def _contact(self) -> ComposeResult:
        yield Label(_("Contact"), classes="section")
        with Horizontal(classes="row", id="consents"):
            for channel in CONSENT_CHANNELS:
                yield Checkbox(_("Consent: {channel}").format(channel=_(channel)), id=f"f-consent_{channel}")
        yield Checkbox(_("Do not contact"), id="f-do_not_contact")
        yield from field(_("Call from"), "contact_window_start", placeholder="HH:MM")
        yield from field(_("Call until"), "contact_window_end", placeholder="HH:MM")

    def on_mount(self) -> None:
        self._load()

    @store_work("form-load", N_("Loading the customer"))
    def _load(self) -> None:
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
            self.query_one(CustomerPicker).set_picked(referrer.id, choice_text(referrer.name, referrer.phone))

    def _input(self) -> CustomerInput:
        values: dict = {}
        for f in dataclasses.fields(CustomerInput):
            found = self.query(f"#f-{f.name}")
            if found and isinstance(found.first(), (Input, Checkbox)) or found and isinstance(found.first(), Select):
                values[f.name] = found.first().value
        values["tags"] = tuple(t for t in self.query_one("#f-tags", Input).value.replace("，", ",").split(","))
        owner = self.query_one("#f-owner", Select).value
        values["owner_id"] = owner if isinstance(owner, int) else None
        return CustomerInput(**values)

    def action_save(self) -> None:
        referred_by, message = self.query_one(CustomerPicker).resolved()
        data = dataclasses.replace(self._input(), referred_by_id=referred_by)
        if looks_like_phone_in_name(data.name, data.phone):
            self._ask_digits(data, message)
            return
        self._start_save(data, message)

    def _start_save(self, data: CustomerInput, referrer_error: str | None, force: bool = False) -> None:
        # keys typed while it saves belong to what comes next (the list, the next form)
        self.app.type_ahead.hold(self)
        self._saving = self._save(data, referrer_error, force)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # however the save ended (even cancelled before its thread ran) the keyboard goes on
        if event.worker is getattr(self, "_saving", None) and event.worker.is_finished:
            self.app.type_ahead.release(self)

    def _ask_digits(self, data: CustomerInput, referrer_error: str | None) -> None:
        question = _("The name “{name}” has digits and there is no phone. Save it like this?").format(
            name=data.name
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._start_save(data, referrer_error)
            else:
                self.query_one("#f-name", Input).focus()

        self.app.push_screen(Confirm(question), answered)

    def on_unmount(self) -> None:
        self.app.type_ahead.release(self)

    def action_cancel(self) -> None:
        if not getattr(self, "deskcrm_typed", False):
            self.dismiss(None)
            return
        self.app.push_screen(
            Confirm(_("Close the form and lose what you typed?")),
            lambda yes: self.dismiss(None) if yes else None,
        )

    @store_work("form-save", N_("Saving the customer"))
    def _save(self, data: CustomerInput, referrer_error: str | None, force: bool) -> None:
        # taken now: once the form is dismissed it has no parent, and a worker thread finds
        # the app only through its node's parents (executor threads carry no context)
        app = self.app
        try:
            self._save_now(data, referrer_error, force)
        finally:
            app.call_from_thread(app.type_ahead.release, self)

    def _save_now(self, data: CustomerInput, referrer_error: str | None, force: bool) -> None:
        today, now = self.app.today(), self.app.now()
        _values, errors = validate(data, today, self.customer_id)
        if referrer_error:
            errors["referred_by"] = referrer_error
        if errors:
            self.app.call_from_thread(show_errors, self, errors)
            return
        if not force:
            dups = find_duplicates(
                data.name, [data.phone, data.phone2], data.birthday, today, self.customer_id
            )
            if dups:
                self.app.call_from_thread(self._warn, dups, data)
                return
        result = save_customer(
            data, now=now, today=today, staff_id=self.app.staff_id, customer_id=self.customer_id
        )
        if result.errors:
            self.app.call_from_thread(show_errors, self, result.errors)
        else:
            self.app.call_from_thread(self.dismiss, FormResult(result.customer_id))

    def _warn(self, dups, data: CustomerInput) -> None:
        show_errors(self, {})

        def chosen(choice) -> None:
            action, existing = choice
            if action == "open":
                self.dismiss(FormResult(existing, opened_existing=True))
            elif action == "save":
                self._start_save(data, None, force=True)

        self.app.push_screen(DuplicateWarning(dups), chosen)
