"""F2, the customer file: a searchable list on the left, the selected customer's card beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _, ngettext
from deskcrm.messages import CustomerChanged
from deskcrm.screens.customers.cards_ahead import CardsAhead, ReadyCard, around
from deskcrm.services.search import PAGE_MAX, SearchPage, get_row, page_from, search
from deskcrm.widgets.customer_table import CustomerTable
from deskcrm.widgets.footer import DeskFooter
from deskcrm.widgets.mode_header import ModeHeader
from deskcrm.widgets.profile_card import ProfileCard
from deskcrm.widgets.search_bar import SearchBar
from deskcrm.workers import store_work

if TYPE_CHECKING:  # imported after the first paint (see _load_card)
    from deskcrm.services.card import CustomerCard

# Enough rows to fill a tall terminal; scrolling to the end loads 500 more.
FIRST_PAGE = 60
COMPACT_BELOW = 100
CARD_DELAY = 0.12  # seconds  # terminal columns: below this the list keeps name and phone only


class CustomersScreen(Screen):
    HELP = (
        "Customer file. Type / and a name, phone digits (the last four will do), pinyin "
        "initials (wxm), choseong (ㄱㅁㅅ) or a tag; Enter or Down goes to the list. "
        "The card beside the list shows the selected customer. Keys on the selected customer: "
        "p log a sale (purchase), c log a contact (visit, call, message), r related people, "
        "i important dates, k start a complaint, m merge with another file, d delete."
    )
    CSS_PATH = "customers.tcss"
    AUTO_FOCUS = "#customer-list"
    BINDINGS = [
        Binding("slash", "focus_search", _("Find"), id="customers.search"),
        Binding("n", "new", _("New"), id="customers.new"),
        Binding("e", "edit", _("Edit"), id="customers.edit"),
        Binding("p", "purchase", _("Sale"), id="customers.purchase"),
        Binding("c", "contact", _("Log"), id="customers.contact"),
        Binding("d", "delete", _("Delete"), id="customers.delete"),
        Binding("m", "merge", _("Merge"), id="customers.merge"),
        Binding("r", "related", _("People"), id="customers.related"),
        Binding("i", "dates", _("Dates"), id="customers.dates"),
        Binding("k", "complaint", _("Complaint"), id="customers.complaint"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._after: tuple[str, int] | None = None
        self._query = ""
        self._loading_more = False
        self._card_id: int | None = None
        self._card_timer: Timer | None = None
        self._ahead = CardsAhead()

    def compose(self) -> ComposeResult:
        yield ModeHeader()
        with Horizontal(id="customers-body"):
            with Vertical(id="customers-left"):
                yield SearchBar(id="customer-search")
                yield CustomerTable(id="customer-list")
                yield Label("", id="customers-status", classes="muted")
            yield ProfileCard(id="customer-card")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        self.run_search("")

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        compact = width < COMPACT_BELOW
        self.set_class(compact, "-compact")
        self.query_one(CustomerTable).set_compact(compact)

    # --- searching and paging -------------------------------------------------

    @on(Input.Changed, "#customer-search")
    def _typed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(SearchBar.Left)
    def _left_search(self) -> None:
        self.query_one(CustomerTable).focus()

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def run_search(self, query: str, after: tuple[str, int] | None = None, select: int | None = None) -> None:
        self._query = query
        self._search(query, after, append=False, select=select)

    @store_work("customer-search", N_("Searching customers"))
    def _search(self, query: str, after, append: bool, select: int | None = None) -> None:
        if select is not None:
            # the whole list with them selected; a list starting at them only when they are
            # further down than the first page (otherwise "2 customers" of 6 after filing one)
            page = search("", limit=FIRST_PAGE)
            if all(row.id != select for row in page.rows):
                page = page_from(select, limit=FIRST_PAGE)
        else:
            page = search(query, limit=PAGE_MAX if append else FIRST_PAGE, after=after)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_page, page, append, select)

    def _show_page(self, page: SearchPage, append: bool, select: int | None) -> None:
        table = self.query_one(CustomerTable)
        self._after = page.after
        self._loading_more = False
        if append:
            table.append_rows(page.rows)
        else:
            self._ahead.forget()  # another list: the cards around the old cursor go
            table.show_rows(page.rows)
            if select is not None and table.has(select):
                table.move_cursor(row=table.get_row_index(str(select)))
            # while the clerk is still typing, drawing a card per keystroke only
            # delays the next list: draw it once typing pauses
            if self._card_timer is not None:
                self._card_timer.stop()
            self._card_timer = self.set_timer(CARD_DELAY, self._card_due)
        count = f"{table.row_count}{'+' if self._after else ''}"
        self.query_one("#customers-status", Label).update(
            ngettext("{count} customer", "{count} customers", table.row_count).format(count=count)
            if table.row_count
            else _("No customer found"),
            layout=False,  # a fixed one-line region (customers.tcss): no screen layout per keystroke
        )

    @on(DataTable.RowHighlighted, "#customer-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one(CustomerTable)
        if event.cursor_row >= table.row_count - 1 and self._after and not self._loading_more:
            self._loading_more = True
            self._search(self._query, self._after, append=True)
        if table.has_focus:  # the clerk moved the cursor; a new page picks its card by timer
            self.load_card(int(event.row_key.value) if event.row_key.value else None)

    # --- the card ---------------------------------------------------------------

    def _card_due(self) -> None:
        self._card_timer = None
        self.load_card(self.query_one(CustomerTable).selected_id())

    def draw_pending_card(self) -> bool:
        """Draw now the card the typing pause is waiting for; False when none waits.

        For tests and snapshots: they must not depend on the timer having fired.
        """
        if self._card_timer is None:
            return False
        self._card_timer.stop()
        self._card_due()
        return True

    def load_card(self, customer_id: int | None) -> None:
        self._card_id = customer_id
        card_widget = self.query_one(ProfileCard)
        drawing = card_widget.drawing()
        ready = None if customer_id is None else self._ahead.take(customer_id, drawing, self.app.today())
        if ready is None:
            # kept for coming back only while the clerk moves in the list, not per keystroke
            self._load_card(customer_id, card_widget, drawing, keep=self.query_one(CustomerTable).has_focus)
            return
        self.workers.cancel_group(self, "customer-card")  # an older card must not land over it
        card_widget.show(ready.view, ready.lines)
        # read again once painted: another terminal may have changed them since
        self.call_after_refresh(self._load_card, customer_id, card_widget, drawing, ready.view, keep=True)
        self._read_ahead()

    @store_work("customer-card", N_("Loading the customer card"))
    def _load_card(self, customer_id: int | None, card_widget: ProfileCard, drawing,
                   shown: CustomerCard | None = None, keep: bool = False) -> None:
        from deskcrm.services.card import card  # after the first paint: lunar calendars and all

        today = self.app.today()
        view = None if customer_id is None else card(customer_id, today)
        if shown is not None and view == shown:
            return  # the card read ahead is the card on file
        # laid out here, off the UI thread, at the width the card has now
        visual = card_widget.prepare(view, drawing)
        if keep and view is not None and visual is not None and drawing is not None:
            self._ahead.put(view.id, ReadyCard(view, visual, drawing, today))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_card, customer_id, view, visual)

    def _show_card(self, customer_id: int | None, view: CustomerCard | None, visual) -> None:
        if customer_id != self._card_id:
            return  # the cursor has moved on
        self.query_one(ProfileCard).show(view, visual)
        self._read_ahead()

    # --- cards ahead of the cursor (cards_ahead.py) --------------------------------

    def _read_ahead(self) -> None:
        """Once a card is shown in the list: the rows around the cursor, read and laid out."""
        table = self.query_one(CustomerTable)
        card_widget = self.query_one(ProfileCard)
        drawing = card_widget.drawing()
        if not table.has_focus or drawing is None or not table.row_count:
            return  # typing: every keystroke's list would be read ahead for nothing
        ids = [int(key.value) for key in table.rows if key.value]
        wanted = self._ahead.missing(around(ids, table.cursor_row), drawing, self.app.today())
        if wanted:
            self.call_after_refresh(self._cards_ahead, wanted, card_widget, drawing)

    @store_work("customer-cards-ahead", N_("Loading the customer card"))
    def _cards_ahead(self, ids: list[int], card_widget: ProfileCard, drawing) -> None:
        from deskcrm.services.card import card

        today = self.app.today()
        worker = get_current_worker()
        for customer_id in ids:
            if worker.is_cancelled:
                return  # the cursor moved: the next read-ahead starts from there
            view = card(customer_id, today)
            visual = card_widget.prepare(view, drawing)
            if view is not None and visual is not None:
                self._ahead.put(customer_id, ReadyCard(view, visual, drawing, today))

    def show_customer(self, customer_id: int) -> None:
        """Open a customer from elsewhere (command palette, duplicate warning): list from them on."""
        search_bar = self.query_one(SearchBar)
        with search_bar.prevent(Input.Changed):
            search_bar.value = ""
        self._query = ""
        self._search("", None, append=False, select=customer_id)
        self.query_one(CustomerTable).focus()

    # --- after a write ------------------------------------------------------------

    def on_customer_changed(self, message: CustomerChanged) -> None:
        self._ahead.forget(message.customer_id)
        if message.customer_id is None:  # many changed (an import): search again
            self._search(self._query, None, append=False)
        else:
            self._refresh_row(message.customer_id)

    @store_work("customer-row", N_("Refreshing the customer list"), exclusive=False)
    def _refresh_row(self, customer_id: int) -> None:
        row = get_row(customer_id)
        self.app.call_from_thread(self._apply_row, customer_id, row)

    def _apply_row(self, customer_id: int, row) -> None:
        table = self.query_one(CustomerTable)
        if row is None:
            index = table.cursor_row
            table.remove_customer(customer_id)
            if table.row_count:
                table.move_cursor(row=min(index, table.row_count - 1))
            self.load_card(table.selected_id())
        elif table.has(customer_id):
            table.update_customer(row)
            if self._card_id == customer_id:
                self.load_card(customer_id)
        else:
            self.show_customer(customer_id)

    def selected(self) -> int | None:
        return self.query_one(CustomerTable).selected_id()

    def changed(self, customer_id: int | None) -> None:
        if customer_id is not None:
            self.app.post_message(CustomerChanged(customer_id))  # every screen reloads

    # --- actions: the modals do the writing in their own workers --------------------

    def action_new(self) -> None:
        from deskcrm.screens.customers.form import CustomerForm

        self.app.push_screen(CustomerForm(None), self._form_done)

    def action_edit(self) -> None:
        from deskcrm.screens.customers.form import CustomerForm

        if (cid := self.selected()) is not None:
            self.app.push_screen(CustomerForm(cid), self._form_done)

    def _form_done(self, result) -> None:
        if result is None:
            return
        if result.opened_existing:
            self.show_customer(result.customer_id)
        else:
            self.changed(result.customer_id)

    def action_purchase(self) -> None:
        from deskcrm.screens.customers.modals import PurchaseModal

        if (cid := self.selected()) is not None:
            self.app.push_screen(PurchaseModal(cid), lambda done: done and self.changed(cid))

    def action_contact(self) -> None:
        from deskcrm.screens.customers.modals import ContactModal

        if (cid := self.selected()) is not None:
            self.app.push_screen(ContactModal(cid), lambda done: done and self.changed(cid))

    def action_delete(self) -> None:
        from deskcrm.screens.customers.modals import ConfirmDelete
        from deskcrm.screens.guard import require_manager

        if (cid := self.selected()) is not None:
            # removing a person's whole file is a manager's decision (issue: staff and roles)
            require_manager(
                self.app,
                lambda _m: self.app.push_screen(ConfirmDelete(cid), lambda done: done and self.changed(cid)),
                N_("Delete a customer"),
            )

    def action_related(self) -> None:
        from deskcrm.screens.customers.people import RelatedPeopleList

        if (cid := self.selected()) is not None:
            self.app.push_screen(RelatedPeopleList(cid))

    def action_dates(self) -> None:
        from deskcrm.screens.customers.people import ImportantDatesList

        if (cid := self.selected()) is not None:
            self.app.push_screen(ImportantDatesList(cid))

    def action_complaint(self) -> None:
        if (cid := self.selected()) is not None:
            self.app.action_start_complaint(cid)

    def action_merge(self) -> None:
        from deskcrm.screens.customers.merge import MergePick

        if (cid := self.selected()) is not None:
            self.app.push_screen(MergePick(cid), self._merged)

    def _merged(self, pair) -> None:
        if pair:
            survivor, other = pair
            self.changed(other)
            self.changed(survivor)

