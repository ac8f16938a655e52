import contextlib
import datetime as dt
import json

from textual.widgets import DataTable, Input, Label

from deskcrm.app import DeskApp
from deskcrm.screens.guard import signed_in_manager
from deskcrm.screens.manager_signin import ManagerSignIn
from deskcrm.screens.review.export_dialog import ExportDialog
from deskcrm.services import staff
from deskcrm.store.models import AuditLog, Staff
from deskcrm.widgets.kpi_tile import KpiTile
from tests.desk_helpers import set_desk
from tests.review_helpers import TODAY, WEEK, at, buy, complaint, customer, day, followup

PIN = "2468"


def shop(desk: str = "manager") -> tuple[int, int]:
    boss = staff.add_staff("Boss")  # first person: manager
    staff.set_pin(boss.id, PIN)
    clerk = staff.create_staff("Clerk", "desk", pin="1111")
    set_desk(boss.id if desk == "manager" else clerk.id)
    c = customer("王小明", owner=boss.id, completeness=70, tier="vip", total_spend=99_00,
                 last_contact_at=at(day(-60)))
    buy(c, day(-7), 100_00)
    buy(c, day(1), 250_00)
    followup(c, day(0), "done", at(day(0)), assigned_to=boss.id, done_by=boss.id)
    followup(c, day(2), "open", assigned_to=clerk.id)
    complaint(c, at(day(0)), at(day(2)), satisfaction=5)
    return boss.id, clerk.id


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def sign_in(app, pilot, pin: str) -> None:
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(app.screen, ManagerSignIn)
    await pilot.press(*pin, "enter")
    await settle(app, pilot)


def error_text(app) -> str:
    return str(app.screen.query_one("#pin-error", Label).render())


async def test_desk_clerk_cannot_open_the_review(db_path, db):
    boss_id, _clerk = shop(desk="clerk")
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(app, pilot, "1111")  # the clerk's own PIN is no manager's
        assert isinstance(app.screen, ManagerSignIn)
        assert "Wrong PIN. Nobody is signed in." in error_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "customers" and signed_in_manager(app) is None
    assert Staff.get_by_id(boss_id).failed_pins == 1


async def test_repeated_wrong_pins_lock_the_sign_in(db_path, db):
    boss_id, _clerk = shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(app, pilot, "0000")
        for _ in range(2):
            await pilot.press(*"0000", "enter")
            await settle(app, pilot)
        assert "Locked for 5 seconds." in error_text(app)
        await pilot.press(*PIN, "enter")  # the right PIN, but locked
        await settle(app, pilot)
        assert "Too many wrong PINs" in error_text(app)
        assert isinstance(app.screen, ManagerSignIn) and app.current_mode == "customers"
    row = Staff.get_by_id(boss_id)
    assert row.failed_pins == 3 and row.locked_until is not None


async def test_manager_opens_the_review_changes_week_and_exports(db_path, db, tmp_path):
    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot, PIN)
        assert app.current_mode == "review"
        screen = app.screen
        assert screen.figures.week_start == review_monday(TODAY)
        await pilot.press("[")
        await settle(app, pilot)
        assert screen.figures.week_start == WEEK
        assert "2026-W10" in str(screen.query_one("#week-title", Label).render())
        revenue = screen.query_one("#kpi-revenue", KpiTile)
        assert (revenue.value_text, revenue.change_text) == ("250", "+150%")
        await pilot.press("]", "left")  # arrows move the week too
        await settle(app, pilot)
        assert screen.figures.week_start == WEEK
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        target = tmp_path / "week.md"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        text = target.read_text(encoding="utf-8")
        # the file holds what the screen shows: every tile and every table row
        for tile in screen.query(KpiTile):
            assert f"| {tile.label} | {tile.value_text} |" in text
            assert f"| {tile.change_text} |" in text
        for table_id in ("#staff", "#risk", "#complaints", "#causes", "#sales"):
            table = screen.query_one(table_id, DataTable)
            assert table.row_count > 0
            for i in range(table.row_count):
                assert "| " + " | ".join(map(str, table.get_row_at(i))) + " |" in text
        assert "王小明" in text
    audit = AuditLog.get(AuditLog.action == "review_export")
    assert audit.staff_name == "Boss" and json.loads(audit.detail) == {
        "path": str(target), "week": "2026-W10", "format": "md"}


def review_monday(day_: dt.date) -> dt.date:
    return day_ - dt.timedelta(days=day_.weekday())


async def test_export_as_csv_at_80x24_and_a_sign_in_lasts(db_path, db, tmp_path):
    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(app, pilot, PIN)
        await pilot.press("f2", "f5")  # no second PIN inside the session
        await settle(app, pilot)
        assert app.current_mode == "review"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("shift+tab", "down", "down", "space")  # the format: CSV
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        assert path.value.endswith("deskcrm-review-2026-W11.csv")  # the name follows the format
        path.value = str(tmp_path / "w.csv")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert (tmp_path / "w.csv").read_text(encoding="utf-8-sig").startswith("Weekly review")


async def test_changing_the_desk_ends_the_sign_in(db_path, db):
    _boss, clerk = shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(app, pilot, PIN)
        app.action_pick_staff()
        await pilot.pause()
        app.screen.dismiss(staff.get_staff(clerk))
        await pilot.pause()
        assert signed_in_manager(app) is None
        await pilot.press("f2", "f5")
        await pilot.pause()
        assert isinstance(app.screen, ManagerSignIn)


async def test_enter_on_a_customer_at_risk_opens_the_customer_file(db_path, db):
    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(app, pilot, PIN)
        risk = app.screen.query_one("#risk", DataTable)
        assert risk.row_count == 1 and "no contact" in str(risk.get_row_at(0)[3])
        risk.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "customers"


async def test_first_manager_chooses_a_pin_at_first_sign_in(db_path, db):
    boss = staff.add_staff("Boss")
    set_desk(boss.id)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press(*"1357", "enter", *"1358", "enter")
        await pilot.pause()
        assert "differ" in error_text(app)
        await pilot.press(*"1357", "enter", *"1357", "enter")
        await settle(app, pilot)
        assert app.current_mode == "review"
    assert staff.get_staff(boss.id).has_pin


async def test_a_week_seen_again_counts_another_terminals_sale(db_path, db):
    from deskcrm.store.db import open_store
    from deskcrm.store.models import Customer

    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot, PIN)
        screen = app.screen
        await pilot.press("[")
        await settle(app, pilot)
        revenue = screen.query_one("#kpi-revenue", KpiTile)
        assert revenue.value_text == "250"
        await pilot.press("]")  # away from the week...
        await settle(app, pilot)
        other = open_store(db_path)  # ...while another terminal sells in it
        with other.session():
            buy(Customer.get(Customer.name == "王小明"), WEEK + dt.timedelta(days=2), 50_00)
        other.close()
        await pilot.press("[")  # back: counted afresh, not the figures kept from before
        await settle(app, pilot)
        assert screen.figures.week_start == WEEK
        assert screen.query_one("#kpi-revenue", KpiTile).value_text == "300"


async def test_a_week_change_updates_the_screen_in_place(db_path, db, monkeypatch):
    from deskcrm.services.review import figures as review

    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot, PIN)
        screen = app.screen
        widgets = list(screen.query("*"))
        spans = []
        count = review._count_weeks
        monkeypatch.setattr(review, "_count_weeks",
                            lambda start, today, weeks: spans.append(weeks) or count(start, today, weeks))
        await pilot.press("[")
        await settle(app, pilot)
        assert screen.figures.week_start == WEEK
        assert spans == [1]  # the eight trend weeks it shares with the week after were kept
        assert screen.query_one("#kpi-revenue", KpiTile).value_text == "250"
        assert list(screen.query("*")) == widgets  # nothing mounted or removed
        await pilot.press("f2")
        await pilot.pause()
        shown = screen.figures
        await pilot.press("f5")  # back to the week on screen: the same figures, not redrawn
        await settle(app, pilot)
        assert screen.figures is shown and spans == [1]


def counting_weeks(monkeypatch) -> tuple[list[dt.date], object]:
    """Every `review.week` call's week, and the real function to compare with."""
    from deskcrm.services.review import figures as review

    counted: list[dt.date] = []
    week = review.week
    monkeypatch.setattr(review, "week", lambda *a, **k: counted.append(a[0]) or week(*a, **k))
    return counted, week


async def test_the_week_is_counted_while_the_pin_is_typed_and_shown_only_after_it(db_path, db, monkeypatch):
    from deskcrm.screens.review.screen import ReviewScreen

    shop()
    counted, week = counting_weeks(monkeypatch)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await settle(app, pilot)
        assert counted == [review_monday(TODAY)]  # counting began with F5, before the PIN
        assert isinstance(app.screen, ManagerSignIn)
        assert not any(isinstance(s, ReviewScreen) for s in app.screen_stack)  # nothing shown
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.figures.week_start == review_monday(TODAY)
        assert counted == [review_monday(TODAY)]  # the figures counted ahead, not a second count
        assert app.screen.figures.trend == week(review_monday(TODAY), TODAY).trend


async def test_figures_counted_ahead_too_long_ago_are_counted_again(db_path, db, monkeypatch):
    from deskcrm.screens.review import ahead as review_ahead

    shop()
    counted, _week = counting_weeks(monkeypatch)
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await settle(app, pilot)
        await pilot.press("escape")  # the sign-in cancelled: nothing shown
        await pilot.pause()
        assert app.current_mode == "customers"
        await pilot.press("f5")
        await settle(app, pilot)
        monkeypatch.setattr(review_ahead, "FRESH_SECONDS", -1.0)  # the PIN typed long after F5
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        assert app.current_mode == "review" and len(counted) == 3  # two ahead, then afresh


async def test_the_review_is_restyled_when_shown_again_only_after_a_theme_change(db_path, db, monkeypatch):
    from deskcrm.screens.review.screen import ReviewScreen

    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot, PIN)
        restyled = []
        update = ReviewScreen.update_node_styles
        monkeypatch.setattr(ReviewScreen, "update_node_styles",
                            lambda self, animate=True: restyled.append(1) or update(self, animate))
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and restyled == []
        await pilot.press("f2")
        await pilot.pause()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.press("f5")
        await settle(app, pilot)
        assert restyled


async def test_the_first_f5_styles_only_the_review_and_shows_figures_counted_ahead_at_once(db_path, db, monkeypatch):
    from deskcrm.screens.review.screen import ReviewScreen

    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-light"  # the app's theme set, as a shop's settings do at start-up
        await pilot.press("f5")
        await settle(app, pilot)  # the week counted while the PIN is typed
        restyles, fetched = [], []
        refresh_css = app.refresh_css
        monkeypatch.setattr(app, "refresh_css", lambda *a, **k: restyles.append("app") or refresh_css(*a, **k))
        update = app.stylesheet.update
        monkeypatch.setattr(app.stylesheet, "update",
                            lambda root, **k: restyles.append(type(root).__name__) or update(root, **k))
        monkeypatch.setattr(ReviewScreen, "_fetch", lambda self, *a, **k: fetched.append(a))
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.figures.week_start == review_monday(TODAY)
        assert restyles == []  # neither the customer file nor the app restyled for the new screen
        assert fetched == []  # the figures counted ahead were shown in the same turn, no worker
        assert app.screen.query_one("#kpi-revenue", KpiTile).value_text == "0"  # this week: none yet
        # and styled: review.tcss is in force on the review's widgets
        assert app.screen.query_one("#body").styles.overflow_y == "scroll"


async def test_a_table_is_measured_as_its_rows_are_written(db_path, db):
    from deskcrm.screens.review.screen import ReviewTable, fill
    from deskcrm.services.review import export as review_export

    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot, PIN)
        table = app.screen.query_one("#staff", ReviewTable)
        data = review_export.staff_table(app.screen.figures)
        height = table.virtual_size.height
        more = review_export.Table(data.key, data.title, data.headers, data.rows + data.rows[-1:])
        fill(table, more)
        # at once, not on the table's next idle: the screen's next layout sees the final height
        assert table.virtual_size.height == height + 1 and table.row_count == len(more.rows)


def marked_tabs(app) -> list[str]:
    """The tabs the review's header shows marked (the mode on screen)."""
    from textual.widgets._header import HeaderTitle

    from deskcrm.widgets.mode_header import ModeHeader

    content = app.screen.query_one(ModeHeader).query_one(HeaderTitle).render()
    return [content.plain[span.start:span.end].strip() for span in content.spans if "reverse" in str(span.style)]


@contextlib.asynccontextmanager
async def signing_in(db_path):
    """F5 pressed and the app settled, the sign-in dialog up: (app, pilot, the review built)."""
    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await settle(app, pilot)
        yield app, pilot, app._prepared["review"]


async def test_the_review_built_during_the_sign_in_is_shown_only_after_the_right_pin(db_path, db):
    from deskcrm.screens.review.screen import ReviewScreen

    async with signing_in(db_path) as (app, pilot, built):
        assert isinstance(built, ReviewScreen) and built.is_mounted  # composed while the PIN is typed
        assert built.figures is None and built.focused is None  # nothing counted is in it
        await pilot.press(*"1357", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ManagerSignIn) and "Wrong PIN" in error_text(app)
        assert built not in app.screen_stack and built.figures is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "customers" and built.figures is None
        await pilot.press("f5")  # the one built is kept for the next F5, not built again
        await settle(app, pilot)
        assert app._prepared["review"] is built
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        assert app.screen is built and built.figures is not None and "review" not in app._prepared
        assert built.focused is built.query_one("#risk")  # focused once shown, as a new screen is
        assert marked_tabs(app) == ["f5 Review"]  # titled for the mode shown now, not the one then


async def test_focus_centres_a_table_of_the_review_at_once(db_path, db):
    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 24)) as pilot:
        await sign_in(app, pilot, PIN)
        body = app.screen.query_one("#body")
        body.scroll_home(animate=False, immediate=True)
        sales = app.screen.query_one("#sales", DataTable)
        app.screen.scroll_to_center(sales)
        # in this turn, with no glide left to repaint the review after it
        assert body.scroll_y > 0 and not app.animator.is_being_animated(body, "scroll_y")


async def test_a_review_built_in_the_old_language_is_dropped_when_the_screens_are_rebuilt(db_path, db):
    async with signing_in(db_path) as (app, pilot, built):
        await pilot.press("escape")
        await pilot.pause()
        await app.change_language("ko")
        await settle(app, pilot)
        assert app._prepared == {} and not built.is_attached
        await pilot.press("f5")
        await settle(app, pilot)
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        assert app.current_mode == "review" and app.screen is not built and app.screen.figures is not None


async def test_the_reviews_styles_stay_on_the_review(db_path, db):
    """Textual applies a screen's CSS file to the whole app once it is loaded: the review's
    `#body` rule (scroll always) must not reach the template editor's TextArea#body."""
    from textual.screen import Screen
    from textual.widgets import TextArea

    shop()
    app = DeskApp(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(app, pilot, PIN)
        assert app.current_mode == "review"
        assert str(app.screen.query_one("#body").styles.overflow_y) == "scroll"
        other = Screen()
        await app.push_screen(other)
        await other.mount(TextArea(id="body"))
        await pilot.pause()
        assert str(other.query_one("#body", TextArea).styles.overflow_y) != "scroll"
