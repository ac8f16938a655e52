"""F2-F5 from inside every dialog: the screen changes, and typed text is not lost unasked."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen, Screen

from deskcrm.app import DeskApp
from deskcrm.screens.confirm import Confirm
from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.followups.actions import add_manual
from tests.customer_helpers import NOW, TODAY, desk_fixture, file_customer, keys, settle  # noqa: F401
from tests.ui_helpers import sign_in_manager

# (screen key, keys that open a dialog there, the dialog that opens)
DIALOGS = [
    ("f2", "n", "CustomerForm"), ("f2", "e", "CustomerForm"), ("f2", "p", "PurchaseModal"),
    ("f2", "c", "ContactModal"), ("f2", "r", "RelatedPeopleList"), ("f2", "i", "ImportantDatesList"),
    ("f2", "m", "MergePick"), ("f2", "m down enter", "MergeChooser"), ("f2", "k", "ComplaintWizard"),
    ("f2", "d", "ConfirmDelete"), ("f2", "f1", "HelpScreen"), ("f2", "f9", "StaffPicker"),
    ("f2", "f10", "SettingsScreen"), ("f2", "f8", "DataScreen"), ("f2", "r a", "RelatedForm"),
    ("f2", "i a", "DateForm"), ("f2", "ctrl+p", "CommandPalette"),
    ("f3", "a", "AddModal"), ("f3", "f1", "HelpScreen"), ("f3", "b", "BroadcastModal"),
    ("f3", "h", "HistoryModal"), ("f3", "l", "TemplatesScreen"), ("f3", "o", "ClientBookScreen"),
    ("f3", "m", "SendListScreen"), ("f3", "tab d", "DoneModal"), ("f3", "tab s", "ReasonModal"),
    ("f3", "tab x", "ReasonModal"),
    ("f4", "f1", "HelpScreen"), ("f4", "n", "ComplaintStart"), ("f4", "m", "ComplaintAdmin"),
    ("f4", "enter", "ComplaintWizard"),
    ("f5", "f1", "HelpScreen"), ("f5", "x", "ExportDialog"), ("f5", "s", "StaffAdmin"),
    ("f5", "s a", "StaffForm"), ("f5", "s p", "PinForm"),
]  # fmt: skip
# dialogs the walk above cannot reach without a file to import, a second match or a
# person to remove: each is left by the same action_go as every other (app.py)
NOT_WALKED = {
    "ImportMapping": "needs a CSV being imported (F8)", "ImportDuplicates": "needs an import with duplicates",
    "DuplicateWarning": "needs a second customer with the same phone", "ConfirmRemove": "needs a related person",
    "FirstStartScreen": "only on a new file, before any screen", "ManagerSignIn": "walked in test_review_screen",
    "Confirm": "walked in test_leaving_a_typed_form_asks_first",
    "ReassignModal": "needs marked customers in one's own client book",
    "ShopPicker": "needs a chain of two shops; tests/ui/test_chain_pilot.py drives it",
}
MODES = {"f2": "customers", "f3": "calendar", "f4": "complaints", "f5": "review"}


def _shop() -> None:
    cid = file_customer("王小明", "13800138000")
    file_customer("王晓明", "13900139000")
    add_manual(cid, TODAY, "回访", NOW, None)
    complaints.open_complaint(customer_id=cid, staff_id=None, now=NOW)


@pytest.mark.parametrize(("where", "opens", "dialog"), DIALOGS)
async def test_f_keys_leave_any_dialog(db_path, desk, where, opens, dialog):
    _shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        sign_in_manager(app)
        for target in ("f3", "f4", "f5", "f2"):
            await keys(app, pilot, where, *opens.split())
            assert len(app.screen_stack) > 1, f"{opens} opened nothing on {where}"
            assert type(app.screen).__name__ == dialog
            await keys(app, pilot, target)
            assert app.current_mode == MODES[target] and len(app.screen_stack) == 1


def _dialog_classes() -> set[str]:
    import importlib
    import pkgutil

    import deskcrm.screens

    for info in pkgutil.walk_packages(deskcrm.screens.__path__, "deskcrm.screens."):
        importlib.import_module(info.name)
    found, todo = set(), [ModalScreen, Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("deskcrm.") and not sub.__name__.startswith("_") \
                    and sub.__name__ not in MODE_SCREENS:
                found.add(sub.__name__)
    return found


MODE_SCREENS = {"CustomersScreen", "CalendarScreen", "ComplaintsScreen", "ReviewScreen"}


def test_the_walk_reaches_every_dialog_the_app_has():
    """A new dialog must be added to DIALOGS (or to NOT_WALKED, saying why)."""
    missing = _dialog_classes() - {dialog for _where, _opens, dialog in DIALOGS} - set(NOT_WALKED)
    assert not missing, f"dialogs no test leaves by F2-F5: {sorted(missing)}"


async def test_leaving_a_typed_form_asks_first(db_path, desk):
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "n", *"王小明", "f3")
        assert isinstance(app.screen, Confirm)
        await keys(app, pilot, "n")  # stay: what was typed is still there
        assert app.screen.query_one("#f-name").value == "王小明"
        await keys(app, pilot, "escape")
        assert isinstance(app.screen, Confirm)
        await keys(app, pilot, "n", "f3", "y")
        assert app.current_mode == "calendar" and len(app.screen_stack) == 1


GLOBAL = ("f1", "f2", "f3", "f4", "f5", "f8", "f9", "f10")


@pytest.mark.parametrize(("where", "opens", "dialog"), DIALOGS)
async def test_every_dialog_says_where_the_global_keys_are(db_path, desk, where, opens, dialog):
    """The bottom rows list the keys that work in the dialog: its own and F1-F10 (or F1
    saying it lists them all), not the keys of the screen behind it."""
    from deskcrm.widgets.footer import ALL_KEYS, DeskFooter
    from deskcrm.widgets.mode_header import ModeHeader

    _shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        sign_in_manager(app)
        await keys(app, pilot, where, *opens.split())
        assert type(app.screen).__name__ == dialog
        footers = [f for f in app.screen.query(DeskFooter) if f.display and f.region.height]
        if dialog == "CommandPalette":  # Textual's own: it lists every key by name
            return
        assert footers, f"{dialog} shows no keys of its own"
        text = " ".join(line for f in footers for line in f.shown_text())
        wanted = [k for k in GLOBAL if not (dialog == "HelpScreen" and k == "f1")]  # F1 is where she is
        tabs = [h for h in app.screen.query(ModeHeader) if h.display and h.region.height]
        if tabs:  # a screen of its own shows F2-F5 as tabs at the top, as the four main screens do
            top = str(tabs[0].format_title())
            assert all(f"f{n} " in top for n in (2, 3, 4, 5)), f"{dialog}: {top}"
            wanted = [k for k in wanted if k not in ("f2", "f3", "f4", "f5")]
        assert all(f"{key} " in text for key in wanted) or ALL_KEYS in text, f"{dialog}: {text}"
