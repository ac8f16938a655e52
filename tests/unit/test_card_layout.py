"""The card's hand-made layout: every line fits, nothing typed is lost, columns line up."""

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from deskcrm.widgets.card_layout import CardLayout, Pairs, Paragraph, PurchaseRow, Purchases

CONSOLE = Console(width=80, force_terminal=True)
# Latin, Hangul, Han and full-width digits: one- and two-cell characters, with spaces to wrap at
WORDS = st.text(alphabet=st.sampled_from("ab Zz 가나다 王小明 ０１２ -·"), min_size=0, max_size=60)


def width_of(line) -> int:
    return sum(cell_len(segment.text) for segment in line)


def text_of(lines) -> str:
    return "".join(segment.text for line in lines for segment in line)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.integers(min_value=4, max_value=70))
def test_a_paragraph_fits_the_width_and_keeps_every_character(words, width):
    lines = Paragraph(Text(words)).lines(CONSOLE, width)
    assert all(width_of(line) <= width for line in lines)
    assert text_of(lines).replace(" ", "") == words.replace(" ", "")


def test_a_newline_starts_a_line_and_a_leading_one_leaves_a_blank_line():
    lines = Paragraph(Text("\nFacts")).lines(CONSOLE, 40)
    assert [text_of([line]) for line in lines] == ["", "Facts"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(WORDS.filter(str.strip), WORDS), min_size=1, max_size=6),
       st.integers(min_value=10, max_value=70))
def test_pairs_fit_and_every_value_starts_in_one_column(rows, width):
    pairs = Pairs(tuple((Text(k), Text(v)) for k, v in rows))
    lines = pairs.lines(CONSOLE, width)
    assert all(width_of(line) <= width for line in lines)
    key_width = min(max(cell_len(k) for k, _v in rows), width // 2)
    for line in lines:
        # the label (or its indent) and one space, then the value
        first = line[0].text if line else ""
        assert width_of(line) == 0 or cell_len(first) <= key_width + 1


def test_a_label_longer_than_half_the_card_is_cut_with_an_ellipsis():
    lines = Pairs(((Text("Likes to be served"), Text("新品照片")),)).lines(CONSOLE, 20)
    assert text_of(lines).startswith("Likes to… ")
    assert "新品照片" in text_of(lines)


ROWS = st.lists(st.builds(PurchaseRow, st.just("2026-11-02"), WORDS.map(Text), WORDS.map(Text),
                          st.sampled_from(["149", "12,345", "1,234,567"])), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(ROWS, st.integers(min_value=24, max_value=80))
def test_a_purchase_line_fits_and_keeps_its_date_and_amount_whole(rows, width):
    lines = Purchases(tuple(rows)).lines(CONSOLE, width)
    assert len(lines) == len(rows)
    amount_width = max(cell_len(r.amount) for r in rows)
    for row, line in zip(rows, lines, strict=True):
        text = text_of([line])
        assert width_of(line) <= width
        assert text.startswith("2026-11-02 ")
        assert text.endswith(row.amount.rjust(amount_width))
    # the amounts line up: every line ends at the same column
    assert len({width_of(line) for line in lines}) == 1


def test_a_layout_prints_as_the_lines_it_draws():
    layout = CardLayout([Paragraph(Text("王小明")), Pairs(((Text("Phone"), Text("13800138000")),))])
    console = Console(width=30, record=True, force_terminal=False)
    console.print(layout)
    assert console.export_text().splitlines() == ["王小明", "Phone 13800138000"]
