"""Related people as one text cell: how our CSV carries them, and how other tools write them.

Our export writes one person a line, `relation: name; phone; birthday; notes`
(birthday as the customer's, with `(KR)`/`(CN)` and `leap` for a lunar one), so a
spreadsheet shows them readably and the import reads them back exactly. Outlook's
Spouse and Children columns and Google's `Relation N` give a name (and a kind).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from deskcrm.i18n import _


@dataclass(frozen=True)
class RelatedIn:
    name: str
    relation: str = ""
    phone: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    birth_calendar: str = "solar"
    birth_leap: bool = False
    notes: str = ""


# kinds other tools write, to the words our form uses
RELATIONS = {
    "spouse": "spouse", "husband": "spouse", "wife": "spouse", "partner": "spouse", "配偶": "spouse",
    "배우자": "spouse", "child": "child", "children": "child", "son": "child", "daughter": "child",
    "子女": "child", "孩子": "child", "자녀": "child", "mother": "mother", "father": "father",
    "parent": "parent", "brother": "brother", "sister": "sister", "friend": "friend",
    "assistant": "assistant", "manager": "manager", "referredby": "referred by",
}


def relation_word(label: str) -> str:
    # Apple writes _$!<Spouse>!$_, Google "* Spouse"
    word = re.sub(r"[_$!<>*]", "", unicodedata.normalize("NFKC", label)).strip()
    return RELATIONS.get(word.casefold().replace(" ", ""), word.casefold() if word.isascii() else word)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(";", "\\;")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _split(line: str) -> list[str]:
    # "; " between fields: the space after each ; is the separator's, not the value's
    return [_unescape(p) for p in re.split(r"(?<!\\); ?", line)]


def birthday_cell(year: int | None, month: int | None, day: int | None, calendar: str, leap: bool) -> str:
    if not (month and day):
        return ""
    text = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if calendar != "solar":
        text += f" ({calendar}{', leap' if leap else ''})"
    return text


def format_related(people: list[RelatedIn]) -> str:
    lines = []
    for p in people:
        birthday = birthday_cell(p.birth_year, p.birth_month, p.birth_day, p.birth_calendar, p.birth_leap)
        fields = [_escape(p.name), _escape(p.phone), birthday, _escape(p.notes)]
        while fields and not fields[-1]:
            fields.pop()
        relation = _escape(p.relation).replace(":", "\\:")
        lines.append(f"{relation}: " + "; ".join(fields))
    return "\n".join(lines)


_BIRTHDAY = re.compile(r"^(?P<date>\S+)(?:\s*\((?P<cal>KR|CN)(?P<leap>,\s*leap)?\))?$")


def parse_related(text: str, read_birthday) -> tuple[list[RelatedIn], str | None]:
    """Our export's lines; `read_birthday(text, lunar)` -> (Birthday | None, problem)."""
    people = []
    for raw in unicodedata.normalize("NFC", text).splitlines():
        if not raw.strip():
            continue
        relation, _colon, rest = _partition(raw)
        parts = _split(rest) + ["", "", "", ""]
        name, phone, birthday, notes = (parts[0].strip(), parts[1].strip(), parts[2].strip(), parts[3])
        if not name:
            return [], _("a related person without a name: {line!r}").format(line=raw)
        found = {}
        if birthday:
            match = _BIRTHDAY.match(birthday)
            calendar = match["cal"] if match and match["cal"] else "solar"
            bday, problem = read_birthday(match["date"] if match else birthday, calendar != "solar")
            if problem or bday is None:
                return [], _("{name}'s birthday: {problem}").format(name=name, problem=problem)
            found = {"birth_year": bday.year, "birth_month": bday.month, "birth_day": bday.day,
                     "birth_calendar": calendar, "birth_leap": bool(match and match["leap"])}
        people.append(RelatedIn(name=name, relation=_unescape(relation.strip()), phone=phone,
                                notes=notes, **found))
    return people, None


def _partition(raw: str) -> tuple[str, str, str]:
    match = re.search(r"(?<!\\):", raw)
    if not match:
        return "", "", raw
    return raw[: match.start()], ":", raw[match.end():].lstrip(" ")


def names_of(text: str, relation: str) -> list[RelatedIn]:
    """Outlook's Children column: '小宝, 小美'; its Spouse column: one name."""
    parts = re.split(r"[,，;；、/]", text) if relation == "child" else [text]
    return [RelatedIn(name=" ".join(p.split()), relation=relation) for p in parts if p.strip()]
