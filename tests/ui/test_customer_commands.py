import datetime as dt

from deskcrm.app import DeskApp
from deskcrm.services import staff
from deskcrm.widgets.customer_table import CustomerTable
from tests.customer_helpers import file_customer
from tests.desk_helpers import set_desk
from tests.ui.test_customer_file import keys, settle


async def test_palette_jumps_to_a_customer_from_another_screen(db_path, db):
    set_desk(staff.add_staff("Mina").id)
    for i in range(30):
        file_customer(f"Zed {i:02d}", f"1390000{i:04d}")
    wang = file_customer("王小明", "13800138000")
    app = DeskApp(db_path, today=dt.date(2025, 6, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(app, pilot, "f3")
        assert app.current_mode == "calendar"
        await keys(app, pilot, "ctrl+p", *"wxm")
        await settle(app, pilot)
        await keys(app, pilot, "enter")
        await settle(app, pilot)
        assert app.current_mode == "customers"
        assert app.screen.query_one(CustomerTable).selected_id() == wang
