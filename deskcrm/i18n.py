"""UI translation: every user-facing string goes through `_`.

Catalogues are gettext `.po` files in `deskcrm/locale/<lang>/LC_MESSAGES/`,
read directly (no compile step, so a catalogue can never be stale against a
`.mo`). `_` returns a `str` that remembers its English msgid, so text made at
import time (binding descriptions) can be translated again when the language
changes while the app runs.
"""

from __future__ import annotations

import ast
import gettext
import locale as system_locale
import os
from functools import cache
from pathlib import Path

LANGUAGES: dict[str, str] = {
    "en": "English",
    "zh_Hans": "简体中文",
    "zh_Hant": "繁體中文",
    "ko": "한국어",
}
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "deskcrm"


class Text(str):
    """A translated string that still knows the msgid it came from."""

    msgid: str

    def __new__(cls, value: str, msgid: str) -> Text:
        obj = super().__new__(cls, value)
        obj.msgid = msgid
        return obj


def _unquote(chunk: str) -> str:
    return ast.literal_eval(chunk) if chunk.startswith('"') else ""


def parse_po(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file; plural forms are kept as msgid + '\\x00' + index."""
    entries: dict[str, str] = {}
    msgid = msgid_plural = None
    strings: dict[int, str] = {}
    current: tuple[str, int] | None = None

    def flush() -> None:
        if msgid:  # the header (empty msgid) is skipped
            for index, value in strings.items():
                if value:
                    key = msgid if msgid_plural is None else f"{msgid}\x00{index}"
                    entries[key] = value

    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and msgid is not None:
                flush()
                msgid, msgid_plural, strings, current = None, None, {}, None
            continue
        if line.startswith("msgid_plural "):
            msgid_plural = _unquote(line[13:])
            current = ("plural", 0)
        elif line.startswith("msgid "):
            if msgid is not None:
                flush()
                msgid_plural, strings = None, {}
            msgid = _unquote(line[6:])
            current = ("id", 0)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            strings[index] = _unquote(line[line.index("]") + 1 :].strip())
            current = ("str", index)
        elif line.startswith("msgstr "):
            strings[0] = _unquote(line[7:])
            current = ("str", 0)
        elif line.startswith('"') and current:
            kind, index = current
            if kind == "id":
                msgid = (msgid or "") + _unquote(line)
            elif kind == "plural":
                msgid_plural = (msgid_plural or "") + _unquote(line)
            else:
                strings[index] = strings.get(index, "") + _unquote(line)
    return entries


class PoTranslations(gettext.NullTranslations):
    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__()
        self._entries = entries

    def gettext(self, message: str) -> str:
        return self._entries.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        # Chinese and Korean have one plural form; English two
        # our catalogues hold singular and plural as two plain entries
        chosen = msgid1 if n == 1 else msgid2
        return (
            self._entries.get(f"{msgid1}\x000")
            or self._entries.get(chosen)
            or self._entries.get(msgid2 if n == 1 else msgid1)
            or chosen
        )


def catalogue_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _load(code: str) -> gettext.NullTranslations:
    path = catalogue_path(code)
    if code == "en" or not path.exists():
        return gettext.NullTranslations()
    return PoTranslations(parse_po(path.read_text(encoding="utf-8")))


_language = "en"


def language_from_environment() -> str:
    """Map the system locale (zh_CN, zh_TW, ko_KR...) to a UI language."""
    value = ""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            break
    if not value:
        value = (system_locale.getlocale()[0] or "") if hasattr(system_locale, "getlocale") else ""
    value = value.split(".")[0].replace("-", "_").lower()
    if value.startswith("ko"):
        return "ko"
    if value.startswith("zh"):
        return "zh_Hant" if any(t in value for t in ("tw", "hk", "mo", "hant")) else "zh_Hans"
    return "en"


def set_language(code: str) -> str:
    global _language
    _language = code if code in LANGUAGES else "en"
    return _language


def language() -> str:
    return _language


def _(message: str) -> str:
    msgid = getattr(message, "msgid", message)
    return Text(_load(_language).gettext(msgid), msgid)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _load(_language).ngettext(singular, plural, n)
