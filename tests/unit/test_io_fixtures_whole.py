"""Every phone, e-mail, birthday and note of each fixture is in place after the import.

The expectations are read from the raw files here, by header words and vCard
property names, not through the importer's own column mapping: a value the
mapping forgot would otherwise be forgotten by the test too.
"""

from __future__ import annotations

import csv
import io
import quopri
import re
from pathlib import Path

import pytest

from deskcrm.services.io.fields import clean_phone, is_placeholder_date
from deskcrm.store.models import Customer, RelatedPerson
from deskcrm.store.search_keys import phone_digits
from tests.io_helpers import import_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSV_FILES = {"google_old.csv": "utf-8", "google_new.csv": "utf-8", "outlook_en.csv": "utf-8",
             "outlook_zh.csv": "gb18030", "shop_gb18030.csv": "gb18030", "shop_big5.csv": "big5",
             "shop_euckr.csv": "euc-kr"}
VCARD_FILES = ("ios.vcf", "android21.vcf", "outlook.vcf", "vcard4.vcf")
PHONE_WORDS = ("phone", "fax", "pager", "电话", "手机", "傳真", "传真", "行動電話", "電話", "휴대폰", "전화")
MAIL_WORDS = ("e-mail", "email", "邮件", "郵件", "메일")
BIRTHDAY_WORDS = ("birthday", "生日", "생년월일")
NOTE_WORDS = ("notes", "备注", "附注", "附註", "메모")


def _kind(header: str) -> str | None:
    h = header.casefold()
    if "phonetic" in h or h.endswith((" - type", " - label")):
        return None
    for kind, words in (("phone", PHONE_WORDS), ("email", MAIL_WORDS), ("birthday", BIRTHDAY_WORDS),
                        ("note", NOTE_WORDS)):
        if any(w in h for w in words):
            return kind
    return None


def _digits(value: str) -> str:
    phone, _problem = clean_phone(value)  # Excel's 1.39E+10 and '0922… written back as numbers
    return phone_digits(phone.number if phone else value)


def _on_file(customer: Customer) -> tuple[set[str], str]:
    """The customer's phone digits (their own and their people's) and all their text."""
    people = list(RelatedPerson.select().where(RelatedPerson.customer == customer.id))
    digits = set(customer.phone_digits.split()) | {phone_digits(p.phone) for p in people if p.phone}
    text = "\n".join([customer.email, customer.notes, *(p.notes for p in people)])
    return digits, text


def _check(customer: Customer, wanted: list[tuple[str, str]]) -> list[str]:
    """What of the file's values is not in place on this customer."""
    digits, text = _on_file(customer)
    missing = []
    for kind, value in wanted:
        if kind == "phone" and _digits(value) not in digits and _digits(value) not in re.sub(r"\D", "", text):
            missing.append(f"phone {value}")
        elif kind == "email" and value != customer.email and value not in text:
            missing.append(f"e-mail {value}")
        elif kind == "birthday" and not is_placeholder_date(value) and customer.birth_month is None:
            missing.append(f"birthday {value}")
        elif kind == "note" and any(line.strip() not in customer.notes for line in value.splitlines()):
            missing.append(f"note {value!r}")
    return missing


def _csv_rows(name: str) -> list[list[tuple[str, str]]]:
    text = (FIXTURES / name).read_bytes().decode(CSV_FILES[name]).lstrip("\ufeff")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        wanted = []
        for header, cell in row.items():
            kind = _kind(header or "")
            for value in (v.strip() for v in (cell or "").split(" ::: ")):
                if kind and value:
                    wanted.append((kind, value))
        rows.append(wanted)
    return rows


def _unfolded(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif lines and "QUOTED-PRINTABLE" in lines[-1].upper() and lines[-1].endswith("="):
            lines[-1] = lines[-1][:-1] + raw  # a quoted-printable soft break
        else:
            lines.append(raw)
    return lines


def _card_value(line: str, version: str) -> tuple[str, str]:
    head, _colon, value = re.match(r'((?:[^:"]|"[^"]*")*)(:)(.*)', line).groups()
    prop = head.split(";")[0].split(".")[-1].upper()
    if "QUOTED-PRINTABLE" in head.upper():
        value = quopri.decodestring(value.encode("ascii")).decode("utf-8")
    if prop == "TEL":
        value = value.removeprefix("tel:").split(";")[0]
    if version == "2.1":
        return prop, value  # 2.1 has no backslash escapes: C:\shop\notes is a path
    return prop, value.replace("\\n", "\n").replace("\\,", ",")


def _card_rows(name: str) -> list[list[tuple[str, str]]]:
    rows: list[list[tuple[str, str]]] = []
    version = ""
    for line in _unfolded((FIXTURES / name).read_text(encoding="utf-8")):
        if line.upper() == "BEGIN:VCARD":
            rows.append([])
        elif line.upper().startswith("VERSION:"):
            version = line.split(":", 1)[1].strip()
        elif rows and ":" in line:
            prop, value = _card_value(line, version)
            kind = {"TEL": "phone", "EMAIL": "email", "BDAY": "birthday", "NOTE": "note"}.get(prop)
            if kind and value.strip():
                rows[-1].append((kind, value.strip()))
    return rows


@pytest.mark.parametrize("name", [*CSV_FILES, *VCARD_FILES])
def test_every_phone_email_birthday_and_note_of_the_file_is_in_place(db, name):
    wanted = _csv_rows(name) if name in CSV_FILES else _card_rows(name)
    plan, result = import_bytes((FIXTURES / name).read_bytes(), name)
    assert not plan.errors and result.created == len(wanted)
    assert sum(len(w) for w in wanted) >= 2 * len(wanted)  # the file has values to lose
    customers = list(Customer.select().order_by(Customer.id))
    missing = {c.name: _check(c, w) for c, w in zip(customers, wanted, strict=True)}
    assert {k: v for k, v in missing.items() if v} == {}
