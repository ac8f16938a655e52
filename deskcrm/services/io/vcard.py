"""vCard 2.1/3.0/4.0: reading a phone's contacts, writing ours for a phone to read.

Quirks met in real exports: Android writes CJK names as QUOTED-PRINTABLE UTF-8
with `=` soft line breaks (vCard 2.1 style, even inside 3.0 files); iOS writes a
birthday without a year as 1604-MM-DD; Google writes --MM-DD or --MMDD; N holds
family;given and a CJK name is family+given with no space, while FN is whatever
the phone displays. A lunar birthday has no place in vCard: we write it as
X-DESKCRM-LUNAR-BIRTHDAY, which other programs ignore and our import reads back.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from deskcrm.i18n import _
from deskcrm.services.io.related import relation_word

LUNAR_PROP = "X-DESKCRM-LUNAR-BIRTHDAY"


@dataclass(frozen=True)
class VCardContact:
    line: int  # line of BEGIN:VCARD, for error reports
    name: str
    family: str = ""
    given: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    street: str = ""
    city: str = ""
    region: str = ""
    birthday: str = ""  # as written: 1990-03-05, --03-05, 1604-03-05...
    lunar_birthday: str = ""  # --MM-DD[;LEAP];CALENDAR
    gender: str = ""
    note: str = ""
    occupation: str = ""
    categories: tuple[str, ...] = ()
    prefix: str = ""  # N's honorific: Mr., 女士
    organisation: str = ""
    related: tuple[str, ...] = ()  # "relation: name" lines, or our full X-DESKCRM-RELATED lines
    extras: tuple[str, ...] = ()  # "PROPERTY: value" for the notes: nothing is dropped
    fields: tuple[tuple[str, str], ...] = ()  # (import field, text) from our X-DESKCRM-… properties


@dataclass(frozen=True)
class VCardProblem:
    line: int
    reason: str


# --- reading -----------------------------------------------------------------

FIELD_PREFIX = "X-DESKCRM-"
RELATED_PROP = "X-DESKCRM-RELATED"
# properties that say nothing about the person (or that we read elsewhere)
_SKIP = frozenset((
    "VERSION", "PRODID", "REV", "UID", "PHOTO", "LOGO", "SOUND", "KEY", "X-ABUID", "X-ABLABEL",
    "X-ABSHOWAS", "X-ABADR", "CLIENTPIDMAP", "KIND", "SOURCE", "NAME", "PROFILE", "LABEL", "AGENT",
    "MAILER", "SORT-STRING", "X-ANDROID-CUSTOM", "X-GENDER", "GENDER", "FN", "N", "TEL", "EMAIL",
    "ADR", "BDAY", "NOTE", "TITLE", "ORG", "CATEGORIES", "RELATED", "X-ABRELATEDNAMES",
    "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-MS-OL-DESIGN", "X-MS-CARDPICTURE", "X-WAB-GENDER",
))


@dataclass
class _Prop:
    name: str
    params: dict[str, list[str]]
    value: str  # raw, still escaped; QP already decoded
    group: str = ""  # "item1" of "item1.TEL": Apple ties a label to its value this way


def _is_cjk(text: str) -> bool:
    return any(
        "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7a3" or "\u3040" <= ch <= "\u30ff"
        for ch in text
    )


def _split_unescaped(value: str, sep: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


_UNESCAPE_RE = re.compile(r"\\(.)")
_UNESCAPE_21_RE = re.compile(r"\\([;,])")


def unescape(value: str, version: str = "3.0") -> str:
    """vCard 3/4 escape \\, \\n, \\; and \\,; vCard 2.1 only \\; (a C:\\path keeps its backslashes)."""
    if version == "2.1":
        return _UNESCAPE_21_RE.sub(lambda m: m.group(1), value)
    return _UNESCAPE_RE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split_params(head: str) -> list[str]:
    """'TEL;TYPE="work,voice";VALUE=uri' split at the semicolons outside quotes."""
    parts, current, quoted = [], [], False
    for ch in head:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _params(parts: list[str]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in parts:
        key, eq, val = part.partition("=")
        if not eq:  # vCard 2.1 bare parameter: TEL;CELL, ;QUOTED-PRINTABLE
            key, val = ("ENCODING", part) if part.upper() in ("QUOTED-PRINTABLE", "BASE64", "B") else ("TYPE", part)
        values = [v.strip('"') for v in (val.split(",") if not val.startswith('"') else [val])]
        params.setdefault(key.upper(), []).extend(values)
    return params


def _head_and_value(line: str) -> tuple[str, str] | None:
    """Split at the first colon outside a quoted parameter (TYPE="a:b" holds one)."""
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return line[:index], line[index + 1 :]
    return None


def _is_qp(params: dict[str, list[str]]) -> bool:
    return any(v.upper() in ("QUOTED-PRINTABLE", "QP") for v in params.get("ENCODING", []))


def _line_is_qp(line: str) -> bool:
    split = _head_and_value(line)
    return split is not None and _is_qp(_params(_split_params(split[0])[1:]))


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold continuation lines and QP soft breaks; yield (first line number, line)."""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if current:
            joined = "".join(current)
            # a QP soft break: '=' ends the line and the value goes on, indented or not
            if joined.endswith("=") and _line_is_qp(joined):
                current[-1] = current[-1][:-1]
                current.append(raw.lstrip(" \t"))
                continue
            if raw[:1] in (" ", "\t"):
                current.append(raw[1:])
                continue
            yield start, joined
        current, start = [raw], number
    if current:
        yield start, "".join(current)


def _parse_prop(line: str) -> _Prop | None:
    split = _head_and_value(line)
    if split is None:
        return None
    head, value = split
    parts = _split_params(head)
    group, _dot, name = parts[0].rpartition(".")  # "item1.TEL" → TEL in group item1
    params = _params(parts[1:])
    if _is_qp(params):
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        raw = quopri.decodestring(value.rstrip("=").encode("ascii", errors="replace"))
        try:
            value = raw.decode(charset)
        except LookupError:
            value = raw.decode("utf-8", errors="replace")
        except UnicodeDecodeError:
            value = raw.decode("utf-8", errors="replace")
    return _Prop(name.strip().upper(), params, value, group.lower())


def _birthday_text(prop: _Prop) -> str:
    value = prop.value.strip()
    # 19900305T000000Z or 1990-03-05T00:00:00: the time part carries nothing
    return value.split("T")[0] if not value.startswith("--") or "T" not in value[2:] else value


def _name_parts(first: dict[str, _Prop], version: str) -> tuple[str, str, str, str]:
    fn = unescape(first["FN"].value, version).strip() if "FN" in first else ""
    family = given = prefix = ""
    if "N" in first:
        parts = [unescape(p, version).strip() for p in _split_unescaped(first["N"].value, ";")]
        family, given, _middle, prefix = (parts + ["", "", "", ""])[:4]
    name = fn
    if family or given:
        if _is_cjk(family + given):
            joined = family + given
            # FN in western order ("小明 王") or equal to N: N's order wins
            if not fn or "".join(fn.split()) in (joined, given + family):
                name = joined
        elif not fn:
            name = " ".join(p for p in (given, family) if p)
    return name, family, given, prefix


def _related(props: list[_Prop], labels: dict[str, str], version: str) -> tuple[str, ...]:
    ours = [unescape(p.value, version) for p in props if p.name == RELATED_PROP]
    if ours:
        return tuple(ours)
    found = []
    for p in props:
        if p.name == "RELATED" and not p.value.lower().startswith(("urn:", "http", "mailto:")):
            kind = relation_word((p.params.get("TYPE") or [""])[0])
            found.append(f"{kind}: {unescape(p.value, version).strip()}")
        elif p.name == "X-ABRELATEDNAMES":
            found.append(f"{relation_word(labels.get(p.group, ''))}: {unescape(p.value, version).strip()}")
    return tuple(found)


def _contact(line: int, props: list[_Prop]) -> VCardContact:
    first: dict[str, _Prop] = {}
    for prop in props:
        first.setdefault(prop.name, prop)
    version = first["VERSION"].value.strip() if "VERSION" in first else "3.0"
    labels = {p.group: p.value for p in props if p.name == "X-ABLABEL" and p.group}
    name, family, given, prefix = _name_parts(first, version)
    street = city = region = ""
    if "ADR" in first:
        adr = [unescape(p, version).strip() for p in _split_unescaped(first["ADR"].value, ";")]
        adr += [""] * (7 - len(adr))
        street = ", ".join(p for p in (adr[2], adr[1], adr[0]) if p)
        city, region = adr[3], adr[4]
    tels = [p for p in props if p.name == "TEL" and p.value.strip()]
    # the mobile is the main phone, wherever the card lists it
    tels.sort(key=lambda p: not any(t.upper() in ("CELL", "MOBILE") for t in p.params.get("TYPE", [])))
    phones = tuple(unescape(p.value, version).strip() for p in tels)
    emails = tuple(unescape(p.value, version).strip() for p in props if p.name == "EMAIL" and p.value.strip())
    categories: list[str] = []
    for prop in props:
        if prop.name == "CATEGORIES":
            categories += [unescape(c, version).strip() for c in _split_unescaped(prop.value, ",")]
    org = " ".join(unescape(first["ORG"].value, version).replace(";", " ").split()) if "ORG" in first else ""
    title = unescape(first["TITLE"].value, version).strip() if "TITLE" in first else ""
    gender = first["GENDER"].value.split(";")[0].strip() if "GENDER" in first else ""
    if not gender and "X-GENDER" in first:
        gender = first["X-GENDER"].value.strip()
    fields, extras = [], []
    for prop in props:
        value = unescape(prop.value, version).strip()
        if prop.name.startswith(FIELD_PREFIX) and prop.name not in (LUNAR_PROP, RELATED_PROP):
            fields.append((prop.name.removeprefix(FIELD_PREFIX).lower().replace("-", "_"), value))
        elif prop.name not in _SKIP and value and prop.name not in (LUNAR_PROP, RELATED_PROP):
            label = labels.get(prop.group, "")
            extras.append(f"{prop.name.title()}{f' ({label})' if label else ''}: {value}")
    return VCardContact(
        line=line,
        name=name,
        family=family,
        given=given,
        phones=phones,
        emails=emails,
        street=street,
        city=city,
        region=region,
        birthday=_birthday_text(first["BDAY"]) if "BDAY" in first else "",
        lunar_birthday=first[LUNAR_PROP].value.strip() if LUNAR_PROP in first else "",
        gender=gender,
        note="\n".join(unescape(p.value, version).strip() for p in props if p.name == "NOTE"),
        occupation=" · ".join(w for w in (title, org) if w),
        categories=tuple(c for c in categories if c),
        prefix=prefix,
        organisation=org,
        related=_related(props, labels, version),
        extras=tuple(extras),
        fields=tuple(fields),
    )


def parse_vcards(text: str) -> tuple[list[VCardContact], list[VCardProblem]]:
    """Every card in the text, nested ones (2.1 AGENT) as cards of their own; and the
    cards that never ended (a file cut short), so they are reported, not lost."""
    contacts: list[tuple[int, VCardContact]] = []
    problems: list[VCardProblem] = []
    stack: list[tuple[int, list[_Prop]]] = []
    for number, line in _logical_lines(text.lstrip("\ufeff")):
        stripped = line.strip()
        upper = stripped.upper()
        if upper == "BEGIN:VCARD" or (upper.endswith(":BEGIN:VCARD") and stack):
            stack.append((number, []))
        elif upper == "END:VCARD":
            if stack:
                start, props = stack.pop()
                contacts.append((start, _contact(start, props)))
        elif stack and stripped:
            prop = _parse_prop(line)
            if prop is not None:
                stack[-1][1].append(prop)
    for start, _props in stack:
        problems.append(VCardProblem(start, _("this card has no END:VCARD (is the file cut short?)")))
    contacts.sort(key=lambda c: c[0])
    return [c for _start, c in contacts], problems


# --- writing -----------------------------------------------------------------


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        .replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """RFC 6350 §3.2: lines longer than 75 octets folded with CRLF + space, never inside a character."""
    # most lines fit, and an ASCII one folds every limit - 1 characters: an encode per
    # character was 85% of a 100 000-customer vCard export
    if len(line) <= limit // 4 or len(line.encode("utf-8")) <= limit:
        return line + "\r\n"
    if line.isascii():
        parts = [line[:limit]] + [" " + line[i:i + limit - 1] for i in range(limit, len(line), limit - 1)]
        return "\r\n".join(parts) + "\r\n"
    out: list[str] = []
    current, size = [], 0
    for ch in line:
        code = ord(ch)
        width = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        if size + width > limit:
            out.append("".join(current))
            current, size = [" "], 1  # the continuation's leading space counts
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


# Two-character family names; everything else takes one character.
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "东方", "東方", "独孤", "獨孤", "慕容", "令狐", "夏侯", "公孙", "公孫", "皇甫", "尉迟", "尉遲", "长孙", "長孫", "宇文", "轩辕", "軒轅", "南宫", "南宮", "남궁", "황보", "제갈", "선우", "독고", "사공", "서문"]
)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: a CJK name splits after its surname, a western one at the last space."""
    name = name.strip()
    if _is_cjk(name) and " " not in name:
        if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
            return name[:2], name[2:]
        return (name[:1], name[1:]) if len(name) > 1 else (name, "")
    given, _sep, family = name.rpartition(" ")
    return family, given


@dataclass(frozen=True)
class VCardOut:
    """What the writer needs of a customer; the exporter fills it from the store."""

    name: str
    phones: tuple[str, ...] = ()
    email: str = ""
    address: str = ""
    city: str = ""
    district: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    birth_calendar: str = "solar"
    birth_leap: bool = False
    gender: str = ""
    occupation: str = ""
    notes: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    uid: str = ""
    extra: tuple[tuple[str, str], ...] = ()  # (field, text) written as X-DESKCRM-<FIELD>
    related: str = ""  # our related-people lines, as X-DESKCRM-RELATED


def _bday(card: VCardOut, version: str) -> str:
    m, d = card.birth_month, card.birth_day
    if card.birth_year:
        return f"{card.birth_year:04d}-{m:02d}-{d:02d}" if version == "3.0" else f"{card.birth_year:04d}{m:02d}{d:02d}"
    return f"--{m:02d}-{d:02d}" if version == "3.0" else f"--{m:02d}{d:02d}"


def write_vcard(card: VCardOut, version: str = "3.0") -> str:
    family, given = split_name(card.name)
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"N:{escape(family)};{escape(given)};;;", f"FN:{escape(card.name)}"]
    for i, phone in enumerate(p for p in card.phones if p):
        kind = "CELL" if i == 0 else "VOICE"
        lines.append(f"TEL;TYPE={kind.lower() if version == '4.0' else kind}:{escape(phone)}")
    if card.email:
        lines.append(f"EMAIL;TYPE={'INTERNET' if version == '3.0' else 'home'}:{escape(card.email)}")
    if card.address or card.city or card.district:
        lines.append(f"ADR;TYPE={'HOME' if version == '3.0' else 'home'}:;;{escape(card.address)};"
                     f"{escape(card.city)};{escape(card.district)};;")
    if card.birth_month and card.birth_day:
        if card.birth_calendar == "solar":
            lines.append(f"BDAY:{_bday(card, version)}")
        else:
            leap = ";LEAP" if card.birth_leap else ""
            # with the year when known: a lunar birthday's year is as real as a solar one's
            date = (f"{card.birth_year:04d}-" if card.birth_year else "--") + f"{card.birth_month:02d}-{card.birth_day:02d}"
            lines.append(f"{LUNAR_PROP}:{date}{leap};{card.birth_calendar}")
    if card.gender:
        lines.append(f"{'GENDER' if version == '4.0' else 'X-GENDER'}:{card.gender}")
    if card.occupation:
        lines.append(f"TITLE:{escape(card.occupation)}")
    if card.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in card.tags))
    if card.notes:
        lines.append(f"NOTE:{escape(card.notes)}")
    for key, value in card.extra:
        lines.append(f"{FIELD_PREFIX}{key.upper().replace('_', '-')}:{escape(value)}")
    if card.related:
        lines.append(f"{RELATED_PROP}:{escape(card.related)}")
    if card.uid:
        lines.append(f"UID:{card.uid}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def write_vcards(cards: Iterable[VCardOut], version: str = "3.0") -> Iterator[str]:
    for card in cards:
        yield write_vcard(card, version)
