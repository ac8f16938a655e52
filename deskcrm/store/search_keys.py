"""Search keys of a customer: the normalised strings we store and index.

Everything here is pure: no database, no Textual. The store calls
`search_keys()` when a customer is saved and keeps the result in indexed
columns (and `search_text()` in the FTS5 trigram table), so that look-ups are
plain substring matches on precomputed text.

pypinyin is imported inside the functions that need it: importing it costs
about a quarter of a second, which we do not want on every start-up of the UI.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "MAX_VARIANTS",
    "SearchKeys",
    "choseong",
    "clean_name",
    "han_keys",
    "is_choseong_query",
    "looks_like_phone_query",
    "name_key",
    "phone_digits",
    "search_keys",
    "search_text",
    "sort_key",
    "validate_phone",
]

# A name whose surname has several readings yields one key per reading; this
# bounds the stored text however unusual the name is.
MAX_VARIANTS = 8

# CJK Unified Ideographs with extension A, the compatibility block (some
# traditional-looking forms in Big5/HKSCS data land there) and the
# supplementary-plane extensions used for rare characters in HK names.
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_HAN_RUNS_RE = re.compile(f"({_HAN_RE.pattern}+)")

# Latin letters and digits after NFKC+casefold: the only non-Han text that is
# kept in pinyin keys, so "Anna 王" can be found as "annawang" or "aw".
_LATIN_WORD_RE = re.compile("[a-z0-9]+")

# Readings of polyphonic surnames, the surname reading first. pypinyin reads a
# lone character by its most common reading (曾 -> ceng, 单 -> dan, 朴 -> pu),
# which is the wrong one for a surname, and its heteronym list also carries
# archaic readings (王 -> yu, 陳 -> zhen) that would only add false matches.
# So this table is authoritative for the first Han character; any other
# character gets pypinyin's phrase-aware default reading. The common reading
# is kept too, because clerks type what they hear and not everyone knows the
# surname reading.
_SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng", "ceng"),
    "单": ("shan", "dan", "chan"),
    "單": ("shan", "dan", "chan"),
    "仇": ("qiu", "chou"),
    "朴": ("piao", "pu", "po"),
    "查": ("zha", "cha"),
    "区": ("ou", "qu"),
    "區": ("ou", "qu"),
    "解": ("xie", "jie"),
    "缪": ("miao", "mou", "miu"),
    "繆": ("miao", "mou", "miu"),
    "翟": ("zhai", "di"),
    "尉": ("wei", "yu"),
    "乐": ("yue", "le"),
    "樂": ("yue", "le"),
    "盖": ("ge", "gai"),
    "蓋": ("ge", "gai"),
    "种": ("chong", "zhong"),
    "種": ("chong", "zhong"),
    "秘": ("bi", "mi"),
    "覃": ("qin", "tan"),
    "召": ("shao", "zhao"),
    "员": ("yun", "yuan"),
    "員": ("yun", "yuan"),
    "繁": ("po", "fan"),
    "句": ("gou", "ju"),
    "隗": ("wei", "kui"),
    "万": ("wan", "mo"),
    "萬": ("wan", "mo"),
    "长": ("chang", "zhang"),
    "長": ("chang", "zhang"),
    "沈": ("shen", "chen"),
    "燕": ("yan",),
    "华": ("hua",),
    "華": ("hua",),
    "任": ("ren",),
    "过": ("guo",),
    "過": ("guo",),
}

# Compound surnames whose reading differs from the characters' usual ones.
# Checked before the single-character table, at the start of the first Han run.
_COMPOUND_SURNAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "尉迟": (("yu", "chi"), ("wei", "chi")),
    "尉遲": (("yu", "chi"), ("wei", "chi")),
    "万俟": (("mo", "qi"), ("wan", "si")),
    "萬俟": (("mo", "qi"), ("wan", "si")),
    "单于": (("chan", "yu"), ("shan", "yu"), ("dan", "yu")),
    "單于": (("chan", "yu"), ("shan", "yu"), ("dan", "yu")),
    "长孙": (("zhang", "sun"), ("chang", "sun")),
    "長孫": (("zhang", "sun"), ("chang", "sun")),
    "澹台": (("tan", "tai"), ("dan", "tai")),
    "澹臺": (("tan", "tai"), ("dan", "tai")),
    "乐正": (("yue", "zheng"), ("le", "zheng")),
    "樂正": (("yue", "zheng"), ("le", "zheng")),
}

# The 19 initial consonants of a Hangul syllable, as the compatibility jamo a
# Korean keyboard produces (not the conjoining jamo U+1100.., which nobody
# types), so a choseong query compares directly with the stored key.
_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3
_SYLLABLES_PER_INITIAL = 21 * 28  # medials x finals
_JAMO_CONSONANTS = frozenset(chr(c) for c in range(0x3131, 0x314F))

# Dashes people paste from documents and messengers; they look like "-" so the
# validation message naming "-" still describes them.
_PHONE_PUNCT = frozenset(" +-()\u2010\u2011\u2012\u2013\u2014\u2212")
_PHONE_MIN_DIGITS = 6
_PHONE_MAX_DIGITS = 15  # E.164 maximum

# Sort buckets, prefixed to every sort key. Mixed lists order as: names that
# start with Latin letters, digits or Han characters first, interleaved
# alphabetically (Han by pinyin, so 安娜 sits beside Anna); then names that
# start with Hangul in 가나다 order; then anything else (kana, Cyrillic...) by
# code point. One bucket per script keeps each alphabet's own order intact,
# which a Korean clerk scanning 가나다 or a Chinese clerk scanning a-z expects.
_BUCKET_ALPHA = "0"
_BUCKET_HANGUL = "1"
_BUCKET_OTHER = "2"
# Lower than every character a key can hold, so a shorter key sorts before its
# extensions and the tie-breaker never outweighs the key proper.
_TIE = "\x1f"


def clean_name(s: str) -> str:
    # NFC so that a name pasted in decomposed form (macOS, some web forms)
    # equals the same name typed on a keyboard.
    return " ".join(unicodedata.normalize("NFC", s).split())


def name_key(s: str) -> str:
    # NFKC folds full-width Latin and digits (ＡＮＮＡ -> ANNA) and compatibility
    # ideographs; casefold rather than lower for ß and friends. Spaces go so
    # "annalee" and "anna lee" both find "Anna Lee".
    folded = unicodedata.normalize("NFKC", s).casefold()
    return "".join(folded.split())


_NOT_ASCII_DIGIT = re.compile("[^0-9]+")


def _decimal_digits(s: str) -> str:
    if s.isascii():  # the usual case, a tenth of the time of the general one
        return _NOT_ASCII_DIGIT.sub("", s)
    # isdecimal covers full-width and other scripts' digits; map them to ASCII.
    return "".join(str(unicodedata.decimal(ch)) for ch in s if ch.isdecimal())


def _is_cn_mobile(d: str) -> bool:
    return len(d) == 11 and d.startswith("1")


def phone_digits(s: str) -> str:
    text = unicodedata.normalize("NFKC", s).strip()
    digits = _decimal_digits(text)
    if not digits:
        return ""
    if text.startswith("+"):
        intl = digits
    elif digits.startswith("00"):
        intl = digits[2:]
    elif len(digits) == 13 and digits.startswith("86") and _is_cn_mobile(digits[2:]):
        # Exported contact lists often write "8613800138000" without the plus.
        return digits[2:]
    else:
        return digits
    return _national(intl)


def _national(intl: str) -> str:
    # Store the number the way a clerk dials it at home, since that is what
    # they will type into the search box. A "(0)" written after the country
    # code is dropped before the trunk 0 is put back.
    if intl.startswith("86"):
        rest = intl[2:].lstrip("0")
        # Mobiles have no trunk prefix; landlines are dialled 0 + area code.
        return rest if _is_cn_mobile(rest) else "0" + rest
    if intl.startswith("82"):
        return "0" + intl[2:].lstrip("0")
    if intl.startswith("886"):
        return "0" + intl[3:].lstrip("0")
    if intl.startswith(("852", "853")):
        # Hong Kong and Macau have no trunk prefix: 8-digit national numbers.
        return intl[3:]
    # Other countries keep their code: the national part is still a substring
    # of it, so substring search finds the number either way.
    return intl


def validate_phone(s: str) -> str | None:
    text = unicodedata.normalize("NFKC", s).strip()
    if not text:
        return "Phone is empty"
    if any(not (ch.isdecimal() or ch in _PHONE_PUNCT) for ch in text):
        return "Phone may only hold digits, spaces, + - ( )"
    if "+" in text[1:]:
        return "Phone may have + only at the start"
    n = len(_decimal_digits(text))
    if not _PHONE_MIN_DIGITS <= n <= _PHONE_MAX_DIGITS:
        return f"Phone needs {_PHONE_MIN_DIGITS}–{_PHONE_MAX_DIGITS} digits"
    return None


def _is_han(ch: str) -> bool:
    return _HAN_RE.match(ch) is not None


def _first_readings(run: str) -> tuple[int, list[list[str]]]:
    """Readings of the surname at the start of a Han run.

    Returns how many characters they cover and the readings, each a list of
    syllables, surname reading first.
    """
    covered, readings = _surname_readings(run[:2])
    return covered, [list(r) for r in readings]


@lru_cache(maxsize=4096)
def _surname_readings(head: str) -> tuple[int, tuple[tuple[str, ...], ...]]:
    # a surname is read from the run's first two characters at most: cache by those
    from pypinyin import Style, pinyin

    compound = _COMPOUND_SURNAMES.get(head)
    if compound is not None:
        return 2, compound
    first = head[0]
    table = _SURNAME_READINGS.get(first)
    if table is not None:
        return 1, tuple((r,) for r in table)
    # Not a known polyphonic surname: its default reading is the one pypinyin
    # gives as the first heteronym, which is also what lazy_pinyin would say.
    readings = pinyin(first, style=Style.NORMAL, heteronym=True)[0]
    return 1, ((readings[0].lower(),),)


@lru_cache(maxsize=65536)
def _run_pinyin(run: str) -> tuple[str, ...]:
    """pypinyin's phrase-aware reading of a Han run, as lower-case syllables.

    Most given names hold no word of pypinyin's phrase list, and then its answer is
    each character's own reading: those are read per character from a cache
    (filing 100 000 customers called pypinyin 200 000 times, most of an import's
    time). A run that may hold a phrase goes to pypinyin whole.
    """
    from pypinyin import Style, lazy_pinyin

    if _reads_per_character(run):
        return tuple(_char_pinyin(ch) for ch in run)
    return tuple(s.lower() for s in lazy_pinyin(run, style=Style.NORMAL))


@lru_cache(maxsize=32768)
def _char_pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL)[0].lower()


def _reads_per_character(run: str) -> bool:
    """True when pypinyin would cut `run` into single characters, each read alone.

    pypinyin (0.55) first splits text into Han and other runs by its RE_HANS, then
    cuts a Han run by forward maximum matching against the prefixes of its phrase
    list: with no two-character prefix anywhere in the run, every cut is one
    character. Should those internals move, the answer is False and pypinyin reads
    the whole run (tests/unit/test_search_keys_fast.py compares both ways).
    """
    prefixes = _phrase_prefixes()
    if prefixes is None:
        return False
    from pypinyin.constants import RE_HANS

    if not all(RE_HANS.match(ch) for ch in run):
        return False
    return not any(run[i : i + 2] in prefixes for i in range(len(run) - 1))


@lru_cache(maxsize=1)
def _phrase_prefixes():
    try:
        from pypinyin.seg import mmseg

        prefixes = mmseg.seg._prefix_set
        "王" in prefixes  # noqa: B015 - it must answer `in`
    except Exception:  # noqa: BLE001 - any change of pypinyin's internals: read whole runs
        return None
    return prefixes


def _pinyin_variants(name: str, max_variants: int) -> list[list[str]]:
    text = unicodedata.normalize("NFKC", clean_name(name)).casefold()
    return [list(v) for v in _text_variants(text)[: max(1, max_variants)]]


# Names repeat (a shop has many 王 and 김): cache by name, and below by surname and
# by given name, which repeat far more than whole names do. The key is the folded
# text, so the sort key's look-up of a name finds the search keys' one.
@lru_cache(maxsize=65536)
def _text_variants(text: str) -> tuple[tuple[str, ...], ...]:
    """Token lists of a folded name, one per reading of its surname.

    A token is a pinyin syllable or a Latin/digit word; other scripts drop out.
    Empty if the name holds no Han character.
    """
    # Alternating non-Han and Han runs, in order: the Han runs at the odd places.
    runs = _HAN_RUNS_RE.split(text)
    if len(runs) == 1:
        return ()

    head: list[str] = []
    tail: list[str] = []
    surname: list[list[str]] = [[]]
    seen_han = False
    for place, run in enumerate(runs):
        if not run:
            continue
        if place % 2 == 0:
            (tail if seen_han else head).extend(_LATIN_WORD_RE.findall(run))
            continue
        if not seen_han:
            seen_han = True
            covered, surname = _first_readings(run)
            run = run[covered:]
        if run:
            # Phrase-aware, so given names with common compounds read right.
            tail.extend(_run_pinyin(run))

    return tuple(tuple(head + reading + tail) for reading in surname)


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def han_keys(name: str, max_variants: int = MAX_VARIANTS) -> tuple[list[str], list[str]]:
    """Pinyin initials variants and full-pinyin variants of a Han name."""
    variants = _pinyin_variants(name, max_variants)
    initials = _dedupe("".join(t[0] for t in v) for v in variants)
    full = _dedupe("".join(v) for v in variants)
    return initials[:max_variants], full[:max_variants]


def choseong(name: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", name):
        code = ord(ch)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            out.append(_CHOSEONG[(code - _HANGUL_FIRST) // _SYLLABLES_PER_INITIAL])
    return "".join(out)


def is_choseong_query(q: str) -> bool:
    # Spaces are ignored: a clerk may type "ㄱㅁ ㅅ" as they would the name.
    chars = "".join(q.split())
    return bool(chars) and all(ch in _JAMO_CONSONANTS for ch in chars)


def looks_like_phone_query(q: str) -> bool:
    # NFKC so a Chinese IME's full-width digits and ＋ count.
    text = unicodedata.normalize("NFKC", q).strip()
    if not text or any(not ch.isdecimal() and ch not in " +-" for ch in text):
        return False
    return sum(ch.isdecimal() for ch in text) >= 3


def _is_hangul(ch: str) -> bool:
    code = ord(ch)
    return (
        _HANGUL_FIRST <= code <= _HANGUL_LAST
        or 0x1100 <= code <= 0x11FF
        or 0x3130 <= code <= 0x318F
    )


def sort_key(name: str) -> str:
    """Key for ORDER BY (binary collation); see the bucket comment above.

    Han and Latin names become space-separated lower-case words/syllables
    (王小明 -> "wang xiao ming"), separated so that 李四 (li si) sorts before
    林 (lin) as in a dictionary. Hangul names keep their syllables, whose code
    point order is 가나다 order. The cleaned name follows a low separator as a
    tie-breaker so that 安娜 and Anna always come out in the same order.
    """
    cleaned = clean_name(name)
    # Accents are dropped so Émile files under e; NFC again for Hangul.
    folded = _strip_marks(unicodedata.normalize("NFKC", cleaned).casefold())
    first = next((ch for ch in folded if ch.isalnum()), "")
    if first and (_is_han(first) or ("a" <= first <= "z") or first.isdecimal()):
        variants = _pinyin_variants(folded, 1)
        # Other-script words are kept too, so such names still sort stably.
        key = " ".join(variants[0] + _non_latin_words(folded)) if variants else folded
        bucket = _BUCKET_ALPHA
    elif first and _is_hangul(first):
        key, bucket = folded, _BUCKET_HANGUL
    else:
        key, bucket = folded, _BUCKET_OTHER
    return f"{bucket}{key}{_TIE}{cleaned}"


def _strip_marks(s: str) -> str:
    if s.isascii():
        return s  # no marks to strip
    decomposed = unicodedata.normalize("NFD", s)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def _non_latin_words(folded: str) -> list[str]:
    # Words in scripts other than Han and Latin (e.g. Hangul in "王 김").
    return [
        w
        for w in re.findall(r"[^\W_]+", folded)
        if not _LATIN_WORD_RE.fullmatch(w) and not any(_is_han(c) for c in w)
    ]


@dataclass(frozen=True)
class SearchKeys:
    name_key: str
    initials: str  # pinyin initials variants, space-separated
    pinyin: str  # full-pinyin variants, space-separated
    choseong: str
    phone_digits: str  # every phone's national digits, space-separated
    sort_key: str


def search_keys(name: str, phones: Iterable[str]) -> SearchKeys:
    cleaned = clean_name(name)
    initials, full = han_keys(cleaned)
    return SearchKeys(
        name_key=name_key(cleaned),
        initials=" ".join(initials),
        pinyin=" ".join(full),
        choseong=choseong(cleaned),
        phone_digits=" ".join(_dedupe(phone_digits(p) for p in phones)),
        sort_key=sort_key(cleaned),
    )


def search_text(keys: SearchKeys, tags: Iterable[str] = ()) -> str:
    # One document per customer for the trigram index; empty parts are left
    # out so they do not create stray double spaces.
    parts = [
        keys.name_key,
        keys.initials,
        keys.pinyin,
        keys.choseong,
        keys.phone_digits,
        *(name_key(t) for t in tags),
    ]
    return " ".join(p for p in parts if p)
