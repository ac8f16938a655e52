"""From a file's rows to checked customer values: what the importer will write, and what it won't.

Every row is checked before anything is written, so the user sees every bad row
at once (line, column, reason) and decides; a file never half-imports.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from deskcrm.i18n import LANGUAGES, _
from deskcrm.services.io import fields as f
from deskcrm.services.io.csv_import import CsvFile, decode, read_csv
from deskcrm.services.io.vcard import VCardContact, parse_vcards
from deskcrm.services.lunar import validate_lunar
from deskcrm.store.search_keys import clean_name, validate_phone


@dataclass(frozen=True)
class Record:
    line: int
    values: dict[str, str]  # field → cell text
    columns: dict[str, str]  # field → the column (or vCard property) it came from


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


SAMPLE_ROWS = 5


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ValidRow:
    line: int
    name: str
    values: dict[str, Any]  # Customer field → value, only what the file gave
    tags: tuple[str, ...]
    columns: dict[str, str] = field(default_factory=dict)  # field → the column it came from


def _csv_records(parsed: CsvFile, mapping: tuple[str | None, ...]) -> tuple[Record, ...]:
    records = []
    for line, cells in parsed.rows:
        values: dict[str, str] = {}
        columns: dict[str, str] = {}
        for index, key in enumerate(mapping):
            if key and index < len(cells):
                values[key] = cells[index].strip()
                columns[key] = parsed.headers[index]
        records.append(Record(line, values, columns))
    return tuple(records)


_VCARD_COLUMNS = {
    "name": "FN", "phone": "TEL", "phone2": "TEL", "email": "EMAIL", "address": "ADR",
    "city": "ADR", "district": "ADR", "birthday": "BDAY", "birth_calendar": "BDAY",
    "birth_leap": "BDAY", "gender": "GENDER", "occupation": "TITLE", "notes": "NOTE",
    "tags": "CATEGORIES",
}


def _vcard_record(card: VCardContact) -> Record:
    values = {
        "name": card.name, "address": card.street, "city": card.city, "district": card.region,
        "gender": card.gender, "occupation": card.occupation, "tags": ",".join(card.categories),
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
    values["notes"] = "\n".join(notes)
    if card.lunar_birthday:
        date, *flags = card.lunar_birthday.split(";")
        values["birthday"] = date
        values["birth_leap"] = "1" if "LEAP" in flags else ""
        values["birth_calendar"] = next((x for x in flags if x in ("KR", "CN")), "lunar")
    else:
        values["birthday"] = card.birthday
    columns = {k: _VCARD_COLUMNS.get(k, k.upper()) for k in values}
    return Record(card.line, {k: v for k, v in values.items() if v}, columns)


def load_source(
    data: bytes,
    name: str,
    encoding: str | None = None,
    mapping: tuple[str | None, ...] | None = None,
) -> SourceFile:
    """A CSV or vCard file read into records; `mapping` overrides the header guess."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip().upper()
    if name.lower().endswith((".vcf", ".vcard")) or head.startswith(b"BEGIN:VCARD"):
        text, guess = decode(data, encoding)
        cards = parse_vcards(text)
        return SourceFile(name, "vcard", guess.encoding, guess.candidates, (), (),
                          tuple(_vcard_record(c) for c in cards))
    parsed = read_csv(data, encoding)
    used = tuple(mapping) if mapping is not None else parsed.mapping
    sample = tuple(tuple(cells) for _line, cells in parsed.rows[:SAMPLE_ROWS])
    return SourceFile(name, "csv", parsed.encoding, parsed.candidates, parsed.headers, used,
                      _csv_records(parsed, used), sample)


@dataclass(frozen=True)
class Rules:
    today: dt.date
    default_lunar: str = "CN"  # the shop's lunar calendar for a bare "lunar"
    decimals: int = 2  # minor-unit digits of the shop's currency


def _compose_name(values: dict[str, str]) -> str:
    if values.get("name"):
        return clean_name(values["name"])
    family, given = values.get("family_name", ""), values.get("given_name", "")
    if any(ord(ch) > 0x2E80 for ch in family + given):
        return clean_name(family + given)  # CJK: family first, no space
    return clean_name(f"{given} {family}")


def check_record(record: Record, rules: Rules) -> tuple[ValidRow | None, list[RowError]]:
    values, errors = record.values, []
    out: dict[str, Any] = {}

    def err(key: str, reason: str) -> None:
        column = record.columns.get(key) or f.field_label(key)
        errors.append(RowError(record.line, column, values.get(key, ""), reason))

    name = _compose_name(values)
    if not name:
        errors.append(RowError(record.line, record.columns.get("name", _("Name")), "", _("missing name")))
    for key in ("phone", "phone2"):
        if values.get(key):
            problem = validate_phone(values[key])
            if problem:
                err(key, _("bad phone: {problem}").format(problem=_(problem)))
            else:
                out[key] = unicodedata.normalize("NFKC", values[key]).strip()
    if values.get("gender"):
        gender, problem = f.parse_gender(values["gender"])
        out["gender"] = gender
        if problem:
            err("gender", problem)
    calendar = "solar"
    if values.get("birth_calendar"):
        parsed_cal, problem = f.parse_calendar(values["birth_calendar"], rules.default_lunar)
        if problem:
            err("birth_calendar", problem)
        calendar = parsed_cal or "solar"
    leap = False
    if values.get("birth_leap"):
        parsed_leap, problem = f.parse_flag(values["birth_leap"])
        if problem:
            err("birth_leap", problem)
        leap = bool(parsed_leap)
    if values.get("birthday"):
        bday, problem = f.parse_birthday(values["birthday"], rules.today.year)
        if bday and calendar != "solar":
            problem = validate_lunar(bday.month, bday.day, leap)
            problem = _("bad lunar date: {problem}").format(problem=_(problem)) if problem else None
        if problem or bday is None:
            err("birthday", _("bad date: {problem}").format(problem=problem) if bday is None else problem)
        else:
            out.update(birth_year=bday.year, birth_month=bday.month, birth_day=bday.day,
                       birth_calendar=calendar, birth_leap=leap and calendar != "solar")
    if values.get("email"):
        problem = f.check_email(values["email"])
        if problem:
            err("email", problem)
    if values.get("locale") and values["locale"] not in LANGUAGES:
        err("locale", _("unknown language {value!r} (use {codes})").format(
            value=values["locale"], codes=", ".join(LANGUAGES)))
    for key in ("credit_limit", "balance"):
        if values.get(key):
            amount, problem = f.parse_amount(values[key], rules.decimals)
            if problem:
                err(key, _("bad amount: {problem}").format(problem=problem))
            else:
                out[key] = amount
    for key in f.TEXT_FIELDS:
        if values.get(key):
            out.setdefault(key, unicodedata.normalize("NFC", values[key]).strip())
    if errors:
        return None, errors
    tags = tuple(f.split_tags(values.get("tags", "")))
    return ValidRow(record.line, name, out, tags, dict(record.columns)), []
