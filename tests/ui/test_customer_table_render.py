"""The customer list draws its cells without Rich's padding: exactly as the DataTable would."""

from deskcrm.app import DeskApp
from deskcrm.widgets.customer_table import CustomerTable
from deskcrm.widgets.plain import PlainTable
from tests.customer_helpers import TODAY, file_customer, settle


def chars(lines):
    return [(ch, seg.style) for line in lines for seg in line for ch in seg.text]


async def test_fast_cells_are_the_cells_the_datatable_draws(db_path, db):
    file_customer("王小明", "13800138000")
    file_customer("김민수", "010-1234-5678")
    file_customer("Anna Maria Lopez-Fernandez", "555 0101")  # cut with an ellipsis
    file_customer("陈", "")
    app = DeskApp(db_path, today=TODAY, ask_staff=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(CustomerTable)
        table.focus()
        await settle(app, pilot)
        compared = 0
        for row in range(table.row_count):
            for column, col in enumerate(table.ordered_columns):
                width = col.get_render_width(table)
                for base in (table.rich_style, table.get_component_rich_style("datatable--even-row")):
                    for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                        fast = table.fast_cell(row, column, base, width, cursor, hover)
                        slow = PlainTable._render_cell(table, row, column, base, width, cursor, hover)
                        assert fast is not None, (row, column)
                        assert chars(fast) == chars(slow), (row, column, cursor, hover)
                        table._cell_render_cache.clear()
                        compared += 1
        assert compared == table.row_count * 5 * 8
