"""Extract every `_()` / `N_()` / `ngettext()` string from deskcrm/ and update the .po catalogues.

    python tools/i18n_catalogue.py           # add new msgids, keep translations, drop unused
    python tools/i18n_catalogue.py --check   # exit 1 listing msgids without a translation
    python tools/i18n_catalogue.py --fill T.json  # merge {msgid: {"zh_Hans": .., "zh_Hant": .., "ko": ..}}
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deskcrm.i18n import LANGUAGES, catalogue_path, parse_po  # noqa: E402

FUNCS = {"_", "N_", "ngettext"}


def extract() -> dict[str, list[str]]:
    """msgid → places it is used, in source order."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "deskcrm").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in FUNCS:
                continue
            for arg in node.args[: 2 if node.func.id == "ngettext" else 1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(arg.value, []).append(where)
    # labels made from setting keys at run time
    from deskcrm.screens.settings import setting_label
    from deskcrm.services.settings import DEFAULTS

    for key in DEFAULTS:
        found.setdefault(setting_label(key).msgid, []).append(f"setting {key}")
    return found


def quote(s: str) -> str:
    body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{body}"'


def write_po(code: str, msgids: dict[str, list[str]], extra: dict[str, str] | None = None) -> int:
    path = catalogue_path(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = parse_po(path.read_text(encoding="utf-8")) if path.exists() else {}
    old.update(extra or {})
    lines = [
        "# deskcrm UI catalogue: " + LANGUAGES[code],
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {code}\\n"',
        "",
    ]
    missing = 0
    for msgid, places in msgids.items():
        translation = old.get(msgid, "")
        missing += not translation
        lines.append("#: " + " ".join(places[:3]))
        lines.append(f"msgid {quote(msgid)}")
        lines.append(f"msgstr {quote(translation)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return missing


def main(argv: list[str]) -> int:
    msgids = extract()
    if "--check" in argv:
        bad = 0
        for code in LANGUAGES:
            if code == "en":
                continue
            entries = parse_po(catalogue_path(code).read_text(encoding="utf-8"))
            missing = [m for m in msgids if m not in entries]
            bad += len(missing)
            for m in missing[:20]:
                print(f"{code}: untranslated {m!r}")
        return 1 if bad else 0
    fills: dict[str, dict[str, str]] = {}
    if "--fill" in argv:
        table = json.loads(Path(argv[argv.index("--fill") + 1]).read_text(encoding="utf-8"))
        for msgid, per_language in table.items():
            for code, text in per_language.items():
                fills.setdefault(code, {})[msgid] = text
    for code in LANGUAGES:
        if code != "en":
            missing = write_po(code, msgids, fills.get(code))
            print(f"{code}: {len(msgids)} strings, {missing} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
