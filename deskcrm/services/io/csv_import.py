"""Reading a customer spreadsheet saved as CSV: its encoding, its header, its rows.

Excel in a Chinese or Korean Windows saves "CSV" in the ANSI code page (GB18030,
Big5, EUC-KR/CP949), not UTF-8. The bytes of those three overlap heavily (most
EUC-KR Hangul bytes are valid GB2312 hanzi), so a file is decoded with each and
scored by how much of the text falls in the everyday character set of that
encoding's language; the user sees the guess and can choose another.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from deskcrm.i18n import _
from deskcrm.services.io.columns import map_headers

# decoder name → the label shown to the user
ENCODINGS: dict[str, str] = {
    "utf-8-sig": "UTF-8",
    "gb18030": "GB18030 (简体)",
    "big5hkscs": "Big5 (繁體)",
    "cp949": "EUC-KR / CP949 (한국어)",
    "cp932": "Shift_JIS (日本語)",
}
ALIASES = {
    "utf8": "utf-8-sig", "utf-8": "utf-8-sig", "gbk": "gb18030", "gb2312": "gb18030",
    "big5": "big5hkscs", "cp950": "big5hkscs", "euc-kr": "cp949", "euckr": "cp949",
    "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "shift_jis": "cp932", "sjis": "cp932",
    "shift-jis": "cp932",
}
# below this share of everyday characters no guess is trusted: the user chooses
CONFIDENT = 0.8


class ImportFileError(Exception):
    """The file cannot be read at all; the message is for the user."""


def canonical_encoding(name: str) -> str:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in ENCODINGS:
        raise ImportFileError(
            _("Unknown encoding {name}; use one of: {names}").format(
                name=name, names=", ".join(ENCODINGS)
            )
        )
    return key


def _in_charset(ch: str, codec: str, lead_lo: int, lead_hi: int, trail_lo: int = 0) -> bool:
    try:
        raw = ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return len(raw) == 2 and lead_lo <= raw[0] <= lead_hi and raw[1] >= trail_lo


def _everyday(ch: str, encoding: str) -> bool:
    """Is this a character people of that language type every day?"""
    if "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or "\uffe0" <= ch <= "\uffe6":
        # CJK punctuation and full-width forms; not half-width katakana, which is what
        # Korean or Chinese bytes read as Shift_JIS turn into
        return True
    if encoding == "gb18030":
        return _in_charset(ch, "gb2312", 0xB0, 0xF7)  # GB2312 hanzi, both levels
    if encoding == "big5hkscs":
        return _in_charset(ch, "big5", 0xA4, 0xC6)  # Big5 level-1 (common) hanzi
    if encoding == "cp949":
        return _in_charset(ch, "euc_kr", 0xB0, 0xC8)  # KS X 1001's 2,350 Hangul syllables
    if encoding == "cp932":
        # kana, and JIS level-1 kanji
        return "\u3041" <= ch <= "\u30fa" or _in_charset(ch, "shift_jis", 0x88, 0x98)
    return False


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str
    candidates: tuple[tuple[str, float], ...]  # (encoding, score 0-1), best first


def detect_encoding(data: bytes) -> EncodingGuess:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return EncodingGuess("utf-8-sig", (("utf-8-sig", 1.0),))
    scored: list[tuple[str, float]] = []
    sample = data[:200_000]
    for order, encoding in enumerate(("cp949", "gb18030", "big5hkscs", "cp932")):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as exc:
            # a cut in the middle of a character at the sample's end is not a fault
            if exc.start < len(sample) - 4:
                continue
            text = sample[: exc.start].decode(encoding, errors="replace")
        wide = [ch for ch in text if ord(ch) > 0x7F]
        score = sum(_everyday(ch, encoding) for ch in wide) / len(wide) if wide else 1.0
        scored.append((encoding, round(score - order * 0.001, 4)))
    if not scored:
        raise ImportFileError(_("The file is not text in UTF-8, GB18030, Big5 or EUC-KR."))
    scored.sort(key=lambda c: c[1], reverse=True)
    if scored[0][1] < CONFIDENT:
        # storing a wrong guess would store mojibake: better to ask
        shown = ", ".join(f"{ENCODINGS[e]} {score:.0%}" for e, score in scored)
        raise ImportFileError(_("Cannot tell this file's encoding with confidence ({scores}); "
                                "choose it.").format(scores=shown))
    return EncodingGuess(scored[0][0], tuple(scored))


@dataclass(frozen=True)
class CsvFile:
    encoding: str
    candidates: tuple[tuple[str, float], ...]
    headers: tuple[str, ...]
    mapping: tuple[str | None, ...]  # field per column, None = ignored
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line number in the file, cells)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, EncodingGuess]:
    if encoding:
        chosen = canonical_encoding(encoding)
        guess = EncodingGuess(chosen, ((chosen, 1.0),))
    else:
        guess = detect_encoding(data)
    try:
        return data.decode(guess.encoding), guess
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not valid {encoding} at byte {pos}.").format(
                encoding=ENCODINGS[guess.encoding], pos=exc.start
            )
        ) from exc


def read_csv(data: bytes, encoding: str | None = None) -> CsvFile:
    text, guess = decode(data, encoding)
    text = text.lstrip("\ufeff")
    # the header line decides the delimiter: csv.Sniffer guesses wrong on CJK cells
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    line = 1  # the line a record starts on: cells may hold line breaks
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if headers is None:
                headers = [c.strip() for c in cells]
                continue
            if any(c.strip() for c in cells):
                rows.append((start, tuple(cells)))
    except csv.Error as exc:
        raise ImportFileError(
            _("Line {line}: {error}").format(line=reader.line_num, error=exc)
        ) from exc
    if not headers:
        raise ImportFileError(_("The file is empty."))
    mapping = map_headers(headers)
    return CsvFile(guess.encoding, guess.candidates, tuple(headers), tuple(mapping), tuple(rows))
