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
# tables of English that screens translate at display time: callee → positions (int) and
# keywords (str) whose literal is a msgid
MARKED_ARGS: dict[str, tuple[int | str, ...]] = {
    "StepField": (1, "hint"),
    "_step": (2,),
    # the manager sign-in says what it opens (screens/guard.py)
    "require_manager": (2, "why"),
}
# class attributes a screen shows through `_()` (F1 shows HELP)
MARKED_ATTRS = {"HELP"}


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        return node.value
    return None


def _marked(node: ast.AST) -> list[ast.AST]:
    """The argument nodes of `node` that hold msgids."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name in FUNCS:
            return list(node.args[: 2 if name == "ngettext" else 1])
        if name in MARKED_ARGS:
            spec = MARKED_ARGS[name]
            return [a for i, a in enumerate(node.args) if i in spec] + [
                k.value for k in node.keywords if k.arg in spec]
    if isinstance(node, ast.ClassDef):
        return [s.value for s in node.body if isinstance(s, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id in MARKED_ATTRS for t in s.targets)]
    return []


def extract() -> dict[str, list[str]]:
    """msgid → places it is used, in source order."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "deskcrm").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for arg in _marked(node):
                if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id in FUNCS:
                    continue  # HELP = N_("..."): found as a call already
                value = _literal(arg)
                if value:
                    found.setdefault(value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    # labels made from setting keys at run time
    from deskcrm.screens.settings import setting_label
    from deskcrm.services.settings import DEFAULTS

    for key in DEFAULTS:
        found.setdefault(setting_label(key).msgid, []).append(f"setting {key}")
    # the keys of Textual's own widgets (cursor up, page down…) are listed by F1 in her language
    for cls in _widget_classes():
        for binding in getattr(cls, "BINDINGS", ()):
            description = getattr(binding, "description", "") if not isinstance(binding, tuple) else (
                binding[2] if len(binding) > 2 else "")
            if description and cls.__module__.startswith("textual."):
                found.setdefault(description, []).append(f"{cls.__module__}.{cls.__name__}")
    return found


def _widget_classes() -> list[type]:
    """Every widget and screen class deskcrm defines or uses, its modules imported."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import deskcrm

    for info in pkgutil.walk_packages(deskcrm.__path__, "deskcrm."):
        if info.name.startswith(("deskcrm.screens", "deskcrm.widgets", "deskcrm.app")):
            importlib.import_module(info.name)
    seen: list[type] = []
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    used = {c for c in seen if c.__module__.startswith("deskcrm.")}
    # Textual classes count when deskcrm uses them (a base of, or composed by, its own)
    return [c for c in seen if c in used or any(c in u.__mro__ for u in used)
            or c.__module__.startswith("textual.widgets._") and c.__name__ in _COMPOSED]


# Textual widgets deskcrm yields directly (their keys show in F1 when focused)
_COMPOSED = {"DataTable", "Input", "TextArea", "Select", "SelectOverlay", "Checkbox",
             "RadioSet", "OptionList", "ListView", "Button", "Switch", "Tabs", "TabbedContent"}


def unmarked() -> list[str]:
    """What screens show through `_()` at run time that no marker put in the catalogues."""
    msgids = extract()
    missing = []
    for cls in _widget_classes():
        if not cls.__module__.startswith("deskcrm."):
            continue
        help_text = cls.__dict__.get("HELP")
        if help_text and help_text not in msgids:
            missing.append(f"{cls.__module__}.{cls.__name__}.HELP")
        for binding in cls.__dict__.get("BINDINGS", ()):
            description = getattr(binding, "description", "")
            if description and getattr(description, "msgid", description) not in msgids:
                missing.append(f"{cls.__module__}.{cls.__name__} binding {description!r}")
    from deskcrm.services.complaints.steps import STEPS

    for step in STEPS:
        texts = [step.title] + [t for f in step.fields for t in (f.label, f.hint) if t]
        missing += [f"step {step.number}: {t!r}" for t in texts if t not in msgids]
    return missing


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
        for what in unmarked():
            print(f"not marked for the catalogues: {what}")
            bad += 1
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
