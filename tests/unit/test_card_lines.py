"""The card is laid out once per card in its worker, at the width it is drawn at."""

from rich.console import Console
from rich.style import Style
from rich.text import Text

from deskcrm.widgets.profile_card import CardLines, Drawing


def drawing(height: int) -> Drawing:
    return Drawing(width=40, height=height, scrollbar=2, style=Style(), link_style=None,
                   console=Console(width=40, force_terminal=True))


def laid_out_widths(lines: CardLines) -> list[int]:
    return sorted(width for width, _style, _link in lines._strips)


def test_a_card_taller_than_its_region_is_laid_out_only_beside_the_scrollbar():
    card = CardLines(Text("\n".join(f"line {n}" for n in range(30))))
    card.prerender(drawing(height=20))
    assert laid_out_widths(card) == [38]


def test_a_card_that_fits_is_laid_out_at_the_full_width():
    card = CardLines(Text("\n".join(f"line {n}" for n in range(10))))
    card.prerender(drawing(height=20))
    assert laid_out_widths(card) == [38, 40]  # the narrow try showed it fits: no scrollbar


def test_the_lines_are_the_same_as_laying_out_on_show():
    text = Text("a long talking point that wraps over the card's width " * 8)
    ahead, on_show = CardLines(text), CardLines(text)
    ahead.prerender(drawing(height=3))
    console = Console(width=40, force_terminal=True)
    assert ahead.lines(console, 38, Style(), None) == on_show.lines(console, 38, Style(), None)
