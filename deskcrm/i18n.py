"""UI translation: every user-facing string goes through `_`.

Catalogues live in `deskcrm/locale/`; `set_language` switches at run time.
"""

from __future__ import annotations

import gettext
from pathlib import Path

LANGUAGES: dict[str, str] = {
    "en": "English",
    "zh_Hans": "简体中文",
    "zh_Hant": "繁體中文",
    "ko": "한국어",
}
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(code: str) -> None:
    global _translation, _language
    _language = code if code in LANGUAGES else "en"
    _translation = gettext.translation(
        "deskcrm", localedir=LOCALE_DIR, languages=[_language], fallback=True
    )


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
