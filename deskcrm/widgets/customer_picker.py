"""Choose a customer inside a form (who referred this one): type, see the matches, pick one.

Typing searches like the F2 list (name, phone digits, wxm, ㄱㅁㅅ, tag); Down
goes into the matches, Enter picks (from the box: the first match), escape
goes back to the box. Only a picked customer counts: text that was not picked
from the list is an error at the field, never a guess.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.services.search import CustomerRow, search
from deskcrm.widgets.customer_table import fit
from deskcrm.widgets.form_fields import FieldRow
from deskcrm.widgets.plain import plain
from deskcrm.workers import store_work

MATCHES = 8


class _Box(Input):
    BINDINGS = [Binding("down", "to_matches", _("Matches"), id="picker.matches", show=False)]

    class ToMatches(Message):
        pass

    def action_to_matches(self) -> None:
        self.post_message(self.ToMatches())


class _Matches(OptionList):
    BINDINGS = [Binding("escape", "back", _("Back to the box"), id="picker.back", show=False)]

    class Back(Message):
        pass

    def action_back(self) -> None:
        self.post_message(self.Back())


def choice_text(name: str, phone: str) -> str:
    return f"{name}  {phone}".strip()


class CustomerPicker(Vertical):
    """A labelled box (id f-<name>) with a live list of matching customers under it."""

    DEFAULT_CSS = """
    CustomerPicker { height: auto; }
    CustomerPicker > _Matches { height: auto; max-height: 8; display: none; margin-left: 24; }
    CustomerPicker.-open > _Matches { display: block; }
    """

    def __init__(self, title: str, name: str, exclude_id: int | None = None, placeholder: str = "") -> None:
        super().__init__(id=f"picker-{name}")
        self.title, self.field_name, self.exclude_id = title, name, exclude_id
        self.placeholder = placeholder
        self.picked: tuple[str, int | None] = ("", None)  # text shown, the customer it stands for

    def compose(self) -> ComposeResult:
        with FieldRow():
            yield Label(self.title, classes="field-label")
            yield _Box(placeholder=self.placeholder, id=f"f-{self.field_name}", compact=True)
        yield _Matches(id=f"matches-{self.field_name}")

    @property
    def box(self) -> Input:
        return self.query_one(_Box)

    def set_picked(self, customer_id: int | None, text: str) -> None:
        self.picked = (text, customer_id)
        with self.box.prevent(Input.Changed):
            self.box.value = text
        self.set_class(False, "-open")

    def resolved(self) -> tuple[int | None, str | None]:
        """(customer id or None, error message or None) for what the box holds now."""
        text = self.box.value.strip()
        if not text:
            return None, None
        if text == self.picked[0]:
            return self.picked[1], None
        return None, _("Pick the customer from the list: type, then Down and Enter")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip() or event.value == self.picked[0]:
            self.set_class(False, "-open")
            return
        self._find(event.value)

    @store_work("customer-picker", N_("Finding customers"))
    def _find(self, query: str) -> None:
        rows = [r for r in search(query, limit=MATCHES + 1).rows if r.id != self.exclude_id]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, rows[:MATCHES])

    def _show(self, rows: list[CustomerRow]) -> None:
        matches = self.query_one(_Matches)
        matches.clear_options()
        matches.add_options(
            Option(plain(f"{fit(r.name, 16)} {r.phone}"), id=f"{r.id}\t{choice_text(r.name, r.phone)}")
            for r in rows
        )
        if rows:
            matches.highlighted = 0
        self.set_class(bool(rows), "-open")

    @on(_Box.ToMatches)
    def _to_matches(self) -> None:
        if self.has_class("-open"):
            self.query_one(_Matches).focus()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        matches = self.query_one(_Matches)
        if self.has_class("-open") and matches.highlighted is not None:
            self._pick(matches.get_option_at_index(matches.highlighted))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option)

    @on(_Matches.Back)
    def _back(self) -> None:
        self.set_class(False, "-open")
        self.box.focus()

    def _pick(self, option: Option) -> None:
        customer_id, text = (option.id or "").split("\t", 1)
        self.set_picked(int(customer_id), text)
        self.box.focus()
