"""Every screen and dialog, walked in 简体中文 and 한국어 over a shop whose data holds no
English: no English word may be drawn, and no text the app translates may be missing
from the catalogue (the manager sign-in once said "The weekly review" in English).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.strip import Strip
from textual.widgets import DataTable

from deskcrm import i18n
from deskcrm.app import DeskApp
from deskcrm.screens.help import HelpScreen
from deskcrm.services import settings, staff
from deskcrm.services.complaints import defaults as complaint_defaults
from deskcrm.services.complaints import workflow as complaints
from deskcrm.services.followups.actions import add_manual
from deskcrm.services.purchases import PurchaseInput, log_purchase
from tests.customer_helpers import NOW, TODAY, file_customer, settle
from tests.desk_helpers import set_desk
from tests.ui.test_help_in_her_language import ALLOWED

WORD = re.compile(r"[A-Za-z]{2,}")
# drawn the same in every language: the product, the file, key names and file formats
SAME_EVERYWHERE = ALLOWED | {"sqlite", "esc", "pgup", "pgdn", "md", "html", "markdown", "ical",
                             "ics", "xlsx", "json", "vcf", "qa", "ok", "url", "ui", "cny", "krw", "utc", "svg",
                             "super", "space", "backspace", "delete", "insert", "alt"}

# keys from the customer file (F2) that open each screen or dialog; "@" = without a manager
# signed in, so the PIN sign-in shows
WALK = [
    (), ("f1",), ("n",), ("e",), ("p",), ("c",), ("r",), ("i",), ("m",), ("k",), ("d",),
    ("f9",), ("f10",), ("f10", "f1"), ("f8",), ("f8", "f1"), ("ctrl+p",),
    ("n", "王", "f3"),  # leave what was typed? asked first
    ("f3",), ("f3", "f1"), ("f3", "a"), ("f3", "b"), ("f3", "h"), ("f3", "l"), ("f3", "o"),
    ("f3", "m"), ("f3", "w"), ("f3", "tab", "s"), ("f3", "tab", "x"), ("f3", "tab", "d"),
    ("f4",), ("f4", "f1"), ("f4", "n"), ("f4", "m"), ("f4", "enter"), ("f4", "enter", "f1"),
    ("f5",), ("f5", "f1"), ("f5", "x"), ("f5", "s"),
    ("@", "f5"), ("@", "f10"), ("@", "f8"),
]  # fmt: skip


def _shop() -> int:
    """A shop that speaks no English: staff, customers, a follow-up, an open complaint."""
    complaints.ensure_defaults()
    manager = staff.add_staff("王丽", role="manager")
    staff.set_first_manager_pin(manager.id, "2468")
    staff.add_staff("김민지")
    set_desk(manager.id)
    settings.put("shop.name", "林家衣舍")
    wang = file_customer("王小明", "13800138000", city="上海")
    kim = file_customer("김민수", "01012345678", city="서울")
    bought = log_purchase(wang, PurchaseInput(purchased_on=TODAY, item="羊毛大衣", amount="2500"),
                          today=TODAY, now=NOW, staff_id=manager.id)
    assert not bought.errors
    add_manual(kim, TODAY, "回访", NOW, manager.id)
    complaints.open_complaint(customer_id=wang, staff_id=manager.id, now=NOW)
    return manager.id


# what a screen shows that is data, not the app's words: a text box's value, the message
# library (it holds the English customers' templates too), placeholders, keymap ids, codes
DATA_WIDGETS = "Input, TextArea, #template-list, #preview"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


async def _tables_measured(app, pilot) -> None:
    """A DataTable measures new rows when idle; drawn before that, a column is as wide as
    its title and cut codes ('deli' of 'delivery') read as English words."""
    for _ in range(100):
        if not any(table._require_update_dimensions for table in app.screen.query(DataTable)):
            return
        await pilot.pause()
    raise AssertionError("a table never measured its rows")


def _drawn(app) -> str:
    """The screen as drawn, the data widgets blanked out."""
    strips = app.screen._compositor.render_strips()
    for widget in app.screen.query(DATA_WIDGETS):
        region = widget.region
        for y in range(region.y, min(region.bottom, len(strips))):
            strip = strips[y]
            strips[y] = Strip.join([strip.crop(0, region.x), Strip.blank(region.width),
                                    strip.crop(region.right, strip.cell_length)])
    return "\n".join(strip.text for strip in strips)


def _ids(screen) -> list[str]:
    """The keymap ids F1 lists (not words: what a keymap file names)."""
    return [active.binding.id or active.binding.action for active in screen.active_bindings.values()]


def _not_words(app, db_path) -> list[str]:
    """Texts that are identifiers or data wherever they show."""
    texts = [str(db_path.parent), db_path.name, str(Path.home())]
    if isinstance(app.screen, HelpScreen):
        texts += _ids(app.screen.for_screen)
    texts += [c.code for c in complaint_defaults.categories(include_inactive=True)]
    texts += [item.code for item in complaint_defaults.ladder()]
    return sorted(texts, key=len, reverse=True)


@pytest.fixture
def untranslated(monkeypatch) -> set[str]:
    """msgids `_()` was asked for that the catalogue of the language shown lacks."""
    missing: set[str] = set()
    original = i18n.PoTranslations.gettext

    def gettext(self, message: str) -> str:
        found = original(self, message)
        if message not in self._entries and WORD.search(message):
            missing.add(message)
        return found

    monkeypatch.setattr(i18n.PoTranslations, "gettext", gettext)
    return missing


async def _reset(app, pilot, signed_in: bool) -> None:
    from tests.ui_helpers import sign_in_manager

    while len(app.screen_stack) > 1:
        app.pop_screen()
    await app.switch_mode("customers")
    app.manager_session = None
    if signed_in:
        sign_in_manager(app)
    await settle(app, pilot)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["zh_Hans", "ko"])
async def test_every_screen_and_dialog_in_her_language(db_path, db, language, untranslated):
    _shop()
    settings.put("ui.language", language)
    app = DeskApp(db_path, today=TODAY)
    english: dict[str, set[str]] = {}
    opened: set[str] = set()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            for path in WALK:
                signed_in = "@" not in path
                await _reset(app, pilot, signed_in)
                for key in (k for k in path if k != "@"):
                    await pilot.press(key)
                    await settle(app, pilot)
                shown = type(app.screen).__name__
                opened.add(shown)
                await _tables_measured(app, pilot)
                drawn = PLACEHOLDER.sub("", _drawn(app))
                for text in _not_words(app, db_path):
                    drawn = drawn.replace(text, "")
                words = {w for w in WORD.findall(drawn) if w.lower() not in SAME_EVERYWHERE}
                if words:
                    english[f"{' '.join(path) or 'f2'} ({shown})"] = words
    finally:
        i18n.set_language("en")
    assert not english, "\n".join(f"{k}: {sorted(v)}" for k, v in english.items())
    assert not untranslated, sorted(untranslated)
    # the walk reached what it meant to: not one screen opened twice by a dead key
    assert {"CustomerForm", "CalendarScreen", "ComplaintsScreen", "ReviewScreen", "ManagerSignIn",
            "ComplaintWizard", "ExportDialog", "HelpScreen", "CommandPalette", "Confirm",
            "SettingsScreen", "DataScreen", "StaffPicker", "MergePick", "ComplaintStart"} <= opened
    assert len(opened) >= 25, sorted(opened)

