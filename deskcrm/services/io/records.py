"""From a file's rows to checked customer values: what the importer will write, and what it won't.

Every row is checked before anything is written, so the user sees every bad row
at once (line, column, reason) and decides; a file never half-imports. A value
that fits no field is kept in the notes under its column's name, never dropped.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from deskcrm.i18n import LANGUAGES, _
from deskcrm.services.io import fields as f
from deskcrm.services.io.columns import KEEP_NOTE, LABEL, header_key, phone_rank
from deskcrm.services.io.csv_import import CsvFile, ImportFileError, decode, read_csv
from deskcrm.services.io.pacing import bulk_python
from deskcrm.services.io.related import RelatedIn, names_of, parse_related, relation_word
from deskcrm.services.io.vcard import VCardContact, VCardProblem, parse_vcards
from deskcrm.store.search_keys import clean_name, validate_phone


@dataclass(frozen=True)
class Record:
    line: int
    values: dict[str, str]  # field → cell text
    # field → the column (or vCard property) it came from; read only: most records of a
    # file share one (a copy a row was 40 entries, 2 KB, times 100 000)
    columns: dict[str, str]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class SourceFile:
    name: str
    kind: str  # csv, vcard
    encoding: str
    candidates: tuple[tuple[str, float], ...]
    headers: tuple[str, ...]
    mapping: tuple[str | None, ...]
    records: tuple[Record, ...]
    sample: tuple[tuple[str, ...], ...] = ()  # first raw rows, to preview another mapping
    date_order: str = f.MONTH_FIRST  # how a slashed date like 3/5/1985 is read
    date_order_known: bool = True  # False: the file's dates read both ways; the user chooses
    problems: tuple[RowError, ...] = ()  # cards that could not be read at all


SAMPLE_ROWS = 5


@dataclass(frozen=True)
class ValidRow:
    line: int
    name: str
    values: dict[str, Any]  # Customer field → value, only what the file gave
    tags: tuple[str, ...]
    columns: dict[str, str] = field(default_factory=dict)  # field → the column it came from
    related: tuple[RelatedIn, ...] = ()
    warnings: tuple[RowError, ...] = ()


# --- from columns to fields ----------------------------------------------------

# Several columns may fill one field: phones and e-mails are a list (the first is
# the field, the rest go to phone2 or the notes), these are joined, and any other
# field takes the first non-empty column (a different later value goes to notes).
_JOINED = {"notes": "\n", "occupation": " · ", "address_part": ", ", "tags": ", ",
           "related": "\n", "spouse": ", ", "children": ", "}
_LABEL_NOISE = frozenset(("smtp", "ex", "other", "*other"))
_NUMBER_RE = re.compile(r"^(?P<kind>\D*?)\s*(?P<n>\d+)\b")


def _label_columns(headers: tuple[str, ...], mapping: tuple[str | None, ...]) -> dict[int, int]:
    """value column → its type/label column (Google's 'Phone 1 - Type' for 'Phone 1 - Value')."""
    labels: dict[str, int] = {}
    for index, target in enumerate(mapping):
        match = _NUMBER_RE.match(headers[index])
        if target == LABEL and match:
            labels[header_key(match["kind"]) + match["n"]] = index
    found = {}
    for index, target in enumerate(mapping):
        match = _NUMBER_RE.match(headers[index])
        if target not in (LABEL, None) and match:
            key = header_key(match["kind"]) + match["n"]
            if key in labels:
                found[index] = labels[key]
    return found


def _placeholder(value: str) -> bool:
    # Outlook's empty Anniversary "0/0/00": nothing to keep
    return bool(re.search(r"[/.-]", value)) and f.is_placeholder_date(value)


_NEUTRALISED_RE = re.compile(r"^'+[=+\-@\t\r]")


def _unneutralise(cell: str) -> str:
    # our CSV export guards formula-like cells with a leading ' (see csv_export.safe_cell)
    return cell[1:] if _NEUTRALISED_RE.match(cell) else cell


class _Row:
    """One record being assembled from its cells."""

    def __init__(self, columns: dict[str, str] | None = None) -> None:
        self.values: dict[str, str] = {}
        self.columns: dict[str, str] = columns if columns is not None else {}
        self._shared = columns is not None  # copied before the first change
        self.extras: list[str] = []  # "column: value" lines for the notes
        self.lists: dict[str, list[tuple[int, int, str, str, str]]] = {"phone": [], "email": []}
        self.joined: dict[str, list[str]] = {}

    def note(self, label: str, value: str) -> None:
        line = f"{label}: {value}" if label else value
        if line not in self.extras:
            self.extras.append(line)

    def column(self, key: str, header: str, *, keep: bool = False) -> None:
        """Say which column `key` came from (`keep`: unless one is said already)."""
        if key in self.columns and (keep or self.columns[key] == header):
            return
        if self._shared:
            self.columns, self._shared = dict(self.columns), False
        self.columns[key] = header

    def put(self, target: str, header: str, value: str) -> None:
        if target in _JOINED:
            items = self.joined.setdefault(target, [])
            if value not in items:
                items.append(value)
            self.column(target, header, keep=True)
        elif target not in self.values:
            self.values[target] = value
            self.column(target, header)
        elif value not in self.values[target]:  # Google's street, already in its formatted address
            self.note(header, value)

    def finish(self) -> tuple[dict[str, str], dict[str, str]]:
        for key, entries in self.lists.items():
            if not entries:
                continue
            entries.sort(key=lambda e: (e[0], e[1]))  # mobiles first, then column order
            slots = [key, "phone2"] if key == "phone" else [key]
            for _rank, _index, header, value, label in entries:
                slot = next((s for s in slots if s not in self.values), None)
                if slot is not None:
                    self.values[slot] = value
                    self.column(slot, header)
                elif value not in (self.values.get(s) for s in slots):
                    self.note(label or header, value)
        for key, items in self.joined.items():
            self.values[key] = _JOINED[key].join(items)
        address = self.values.get("address", "")
        parts = [p for p in self.joined.get("address_part", []) if p not in address]
        self.values.pop("address_part", None)
        if parts:
            self.values["address"] = ", ".join(filter(None, [address, *parts]))
            self.column("address", self.columns.get("address_part", ""), keep=True)
        if self.extras:
            self.values["notes"] = "\n".join(filter(None, [self.values.get("notes", ""), *self.extras]))
            self.column("notes", _("Notes"), keep=True)
        return self.values, self.columns


class _Layout:
    """What each mapped column of a file does, worked out once for all its rows.

    A 100 000-row export has fifty columns, most cells empty: per row, only the
    cells that hold something are looked at (combining rows was a third of an
    import's time).
    """

    def __init__(self, headers: tuple[str, ...], mapping: tuple[str | None, ...]) -> None:
        self.headers = headers
        labels = _label_columns(headers, mapping)
        self.columns = [
            (index, target, headers[index], labels.get(index),
             phone_rank(headers[index]) if target == "phone" else 0)
            for index, target in enumerate(mapping) if target not in (None, LABEL)
        ]
        # a whole row's mapped cells in one call (most rows are whole)
        self.width = self.columns[-1][0] + 1 if self.columns else 0
        indexes = [c[0] for c in self.columns]
        self.pick: Callable[[Sequence[str]], Sequence[str]] = (
            operator.itemgetter(*indexes) if len(indexes) > 1 else lambda cells: [cells[i] for i in indexes])
        self._named: dict[int, dict[str, str]] = {}

    def named(self, width: int) -> dict[str, str]:
        """field → its first column, among the first `width` (a short row has fewer)."""
        found = self._named.get(width)
        if found is None:
            found = {}
            for index, target, header, _label, _rank in self.columns:
                if index < width and target != KEEP_NOTE:
                    found.setdefault(target, header)  # an empty name is reported at its column
            self._named[width] = found
        return found


def _cell_text(raw: str) -> str:
    cell = raw.strip()
    if cell[:1] == "'":
        cell = _unneutralise(cell)
    return cell.replace("\r\n", "\n") if "\r" in cell else cell


def combine(headers: tuple[str, ...], mapping: tuple[str | None, ...], line: int,
            cells: tuple[str, ...], layout: _Layout | None = None) -> Record:
    """One row's cells, by the mapping, into one record's field values."""
    layout = layout or _Layout(headers, mapping)
    width = len(cells)
    row = _Row(layout.named(width))
    if width >= layout.width:
        specs, raws = layout.columns, layout.pick(cells)
    else:
        specs = [c for c in layout.columns if c[0] < width]
        raws = [cells[c[0]] for c in specs]
    # only the cells that hold something: most of a wide export's cells are empty
    for (index, target, header, label_index, rank), raw in compress(zip(specs, raws, strict=True), raws):
        if raw.isspace():
            continue
        label = ""
        if label_index is not None and label_index < width:
            label = cells[label_index].strip()
            label = "" if label.casefold() in _LABEL_NOISE else label.removeprefix("* ")
        cell = _cell_text(raw)
        # Google puts several values in one cell: "138… ::: 010…"
        for value in (v.strip() for v in cell.split(" ::: ")) if " ::: " in cell else (cell,):
            if not value or (target == KEEP_NOTE and _placeholder(value)):
                continue
            if target == KEEP_NOTE:
                row.note(header, value)
            elif target in row.lists:
                row.lists[target].append((rank, index, header, value, label))
            elif target == "related" and label:
                row.put("related", header, f"{relation_word(label)}: {value}")
            else:
                row.put(target, header, value)
    values, columns = row.finish()
    return Record(line, values, columns)


def _csv_records(parsed: CsvFile, mapping: tuple[str | None, ...]) -> tuple[Record, ...]:
    layout = _Layout(parsed.headers, mapping)
    return tuple(combine(parsed.headers, mapping, line, cells, layout) for line, cells in parsed.rows)


_VCARD_COLUMNS = {
    "name": "FN", "phone": "TEL", "phone2": "TEL", "email": "EMAIL", "address": "ADR",
    "city": "ADR", "district": "ADR", "birthday": "BDAY", "birth_calendar": "BDAY",
    "birth_leap": "BDAY", "gender": "GENDER", "occupation": "TITLE", "notes": "NOTE",
    "tags": "CATEGORIES", "related": "RELATED", "form_of_address": "N",
}


def _vcard_record(card: VCardContact) -> Record:
    values = {
        "name": card.name, "address": card.street, "city": card.city, "district": card.region,
        "gender": card.gender, "occupation": card.occupation, "tags": ",".join(card.categories),
        "form_of_address": card.prefix, "organisation": card.organisation,
    }
    notes = [card.note] if card.note else []
    phones = list(card.phones)
    values["phone"] = phones[0] if phones else ""
    values["phone2"] = phones[1] if len(phones) > 1 else ""
    if len(phones) > 2:
        notes.append(_("Other phones: {phones}").format(phones=", ".join(phones[2:])))
    values["email"] = card.emails[0] if card.emails else ""
    if len(card.emails) > 1:
        notes.append(_("Other e-mail: {emails}").format(emails=", ".join(card.emails[1:])))
    notes.extend(card.extras)
    values["notes"] = "\n".join(notes)
    values["related"] = "\n".join(card.related)
    if card.lunar_birthday:
        date, *flags = card.lunar_birthday.split(";")
        values["birthday"] = date
        values["birth_leap"] = "1" if "LEAP" in flags else ""
        values["birth_calendar"] = next((x for x in flags if x in ("KR", "CN")), "lunar")
    else:
        values["birthday"] = card.birthday
    for key, value in card.fields:
        if value:  # our own X-DESKCRM- fields say exactly what was stored
            values[key] = value
    columns = {k: _VCARD_COLUMNS.get(k, k.upper()) for k in values}
    return Record(card.line, {k: v for k, v in values.items() if v}, columns)


def _date_order(records: tuple[Record, ...], chosen: str | None) -> tuple[str, bool]:
    dates = [r.values.get("birthday", "") for r in records]
    if chosen:
        return chosen, True
    found = f.date_order_of(dates)
    if found:
        return found, True
    return f.MONTH_FIRST, not f.has_ambiguous_dates(dates)


def load_source(
    data: bytes,
    name: str,
    encoding: str | None = None,
    mapping: tuple[str | None, ...] | None = None,
    date_order: str | None = None,
) -> SourceFile:
    """A CSV or vCard file read into records; `mapping` overrides the header guess and
    `date_order` (MDY or DMY) how 3/5/1985 is read."""
    with bulk_python():
        return _load(data, name, encoding, mapping, date_order)


def _load(data: bytes, name: str, encoding: str | None, mapping: tuple[str | None, ...] | None,
          date_order: str | None) -> SourceFile:
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip().upper()
    if name.lower().endswith((".vcf", ".vcard")) or head.startswith(b"BEGIN:VCARD"):
        text, guess = decode(data, encoding)
        cards, problems = parse_vcards(text)
        if not cards and not problems:
            raise ImportFileError(_("There is no vCard (BEGIN:VCARD) in this file."))
        records = tuple(_vcard_record(c) for c in cards)
        order, known = _date_order(records, date_order)
        return SourceFile(name, "vcard", guess.encoding, guess.candidates, (), (), records,
                          date_order=order, date_order_known=known,
                          problems=tuple(_card_problem(p) for p in problems))
    parsed = read_csv(data, encoding)
    used = tuple(mapping) if mapping is not None else parsed.mapping
    sample = tuple(tuple(cells) for _line, cells in parsed.rows[:SAMPLE_ROWS])
    records = _csv_records(parsed, used)
    order, known = _date_order(records, date_order)
    return SourceFile(name, "csv", parsed.encoding, parsed.candidates, parsed.headers, used,
                      records, sample, order, known)


def _card_problem(problem: VCardProblem) -> RowError:
    return RowError(problem.line, "BEGIN:VCARD", "", problem.reason)


@dataclass(frozen=True)
class Rules:
    today: dt.date
    default_lunar: str = "CN"  # the shop's lunar calendar for a bare "lunar"
    decimals: int = 2  # minor-unit digits of the shop's currency


# --- checking a record ------------------------------------------------------------


def _compose_name(values: dict[str, str]) -> str:
    if values.get("name"):
        return clean_name(values["name"])
    family, given = values.get("family_name", ""), values.get("given_name", "")
    middle = values.get("middle_name", "")
    if any(ord(ch) > 0x2E80 for ch in family + given):
        return clean_name(family + given)  # CJK: family first, no space
    return clean_name(" ".join(p for p in (given, middle, family) if p))


class _Check:
    """The checks of one record, collecting errors, warnings and the values to store."""

    def __init__(self, record: Record, rules: Rules, order: str) -> None:
        self.record, self.rules, self.order = record, rules, order
        self.values = dict(record.values)
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.out: dict[str, Any] = {}
        self.notes: list[str] = []

    def column(self, key: str) -> str:
        return self.record.columns.get(key) or f.field_label(key)

    def err(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.record.line, self.column(key), self.values.get(key, ""), reason))

    def warn(self, key: str, reason: str) -> None:
        self.warnings.append(RowError(self.record.line, self.column(key), self.values.get(key, ""), reason))

    def name(self) -> str:
        name = _compose_name(self.values)
        if name:
            return name
        # a phone's card with only an e-mail or a company is still someone to file
        for key in ("organisation", "occupation", "email"):
            fallback = clean_name(self.values.get(key, ""))
            if fallback:
                self.warn(key, _("no name: filed under {name}").format(name=fallback))
                return fallback
        self.errors.append(RowError(self.record.line, self.record.columns.get("name", _("Name")), "",
                                    _("missing name")))
        return ""

    def phones(self) -> None:
        for key in ("phone", "phone2"):
            if not self.values.get(key):
                continue
            phone, problem = f.clean_phone(self.values[key])
            problem = problem or (phone and validate_phone(phone.number))
            if problem or phone is None:
                self.err(key, _("bad phone: {problem}").format(problem=_(problem)))
                continue
            self.out[key] = phone.number
            if phone.extension:
                self.notes.append(_("Extension {ext} for {phone}").format(ext=phone.extension, phone=phone.number))

    def birthday(self) -> None:
        calendar = "solar"
        if self.values.get("birth_calendar"):
            parsed, problem = f.parse_calendar(self.values["birth_calendar"], self.rules.default_lunar)
            if problem:
                self.err("birth_calendar", problem)
            calendar = parsed or "solar"
        leap = False
        if self.values.get("birth_leap"):
            parsed_leap, problem = f.parse_flag(self.values["birth_leap"])
            if problem:
                self.err("birth_leap", problem)
            leap = bool(parsed_leap)
        key = "birthday"
        lunar_text = self.values.get("lunar_birthday", "")
        if lunar_text and not f.is_placeholder_date(lunar_text):
            if self.values.get("birthday"):
                self.notes.append(f"{self.column('birthday')}: {self.values['birthday']}")
            key = "lunar_birthday"
            calendar = calendar if calendar != "solar" else self.rules.default_lunar
        text = self.values.get(key, "")
        if not text or f.is_placeholder_date(text):
            return
        bday, problem = f.parse_birthday(text, self.rules.today.year, order=self.order,
                                         lunar=calendar != "solar")
        if bday is None or problem:
            prefix = _("bad lunar date: {problem}") if calendar != "solar" else _("bad date: {problem}")
            self.err(key, prefix.format(problem=problem))
            return
        self.out.update(birth_year=bday.year, birth_month=bday.month, birth_day=bday.day,
                        birth_calendar=calendar, birth_leap=leap and calendar != "solar")

    def simple(self) -> None:
        if self.values.get("gender"):
            gender, problem = f.parse_gender(self.values["gender"])
            if problem:
                self.err("gender", problem)
            elif gender:
                self.out["gender"] = gender
        if self.values.get("email"):
            problem = f.check_email(self.values["email"])
            if problem:
                self.err("email", problem)
        if self.values.get("locale"):
            code = f.parse_locale(self.values["locale"])
            if code in LANGUAGES:
                self.out["locale"] = code
            else:
                # a language the app has no screens in is still worth knowing
                self.notes.append(f"{self.column('locale')}: {self.values['locale']}")
                self.warn("locale", _("no screens in {value!r}: kept in the notes").format(
                    value=self.values["locale"]))
            self.values.pop("locale")
        for key in ("credit_limit", "balance"):
            if self.values.get(key):
                amount, problem = f.parse_amount(self.values[key], self.rules.decimals)
                if problem:
                    self.err(key, _("bad amount: {problem}").format(problem=problem))
                else:
                    self.out[key] = amount
        for key in f.CONSENT_FIELDS:
            text = self.values.get(key, "")
            if not text:
                continue
            if key.endswith("_at"):
                moment, problem = f.parse_moment(text)
                if problem:
                    self.err(key, problem)
                else:
                    self.out[key] = moment
            else:
                flag, problem = f.parse_flag(text)
                if problem:
                    self.err(key, problem)
                else:
                    self.out[key] = bool(flag)

    def related(self) -> tuple[RelatedIn, ...]:
        people: list[RelatedIn] = []
        if self.values.get("related"):
            found, problem = parse_related(self.values["related"], self._related_birthday)
            if problem:
                self.err("related", problem)
            people += found
        for key, relation in (("spouse", "spouse"), ("children", "child")):
            if self.values.get(key):
                people += names_of(self.values[key], relation)
        return tuple(people)

    def _related_birthday(self, text: str, lunar: bool):
        return f.parse_birthday(text, self.rules.today.year, order=self.order, lunar=lunar)

    def texts(self) -> None:
        for key in f.TEXT_FIELDS:
            if self.values.get(key) and key not in self.out:
                self.out[key] = unicodedata.normalize("NFC", self.values[key]).strip()
        if self.notes:
            notes = self.out.get("notes", "")
            self.out["notes"] = "\n".join(filter(None, [notes, *self.notes]))


def check_record(record: Record, rules: Rules, order: str = f.MONTH_FIRST) -> tuple[ValidRow | None, list[RowError]]:
    check = _Check(record, rules, order)
    name = check.name()
    check.phones()
    check.birthday()
    check.simple()
    related = check.related()
    check.texts()
    if check.errors:
        return None, check.errors
    tags = tuple(f.split_tags(record.values.get("tags", "")))
    return ValidRow(record.line, name, check.out, tags, record.columns, related,
                    tuple(check.warnings)), []
