from deskcrm import i18n
from deskcrm.i18n import _, parse_po


def test_parse_po_handles_multiline_and_header():
    text = '''
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

# a comment
msgid "Customers"
msgstr "客户"

msgid ""
"Long "
"text"
msgstr "长"
"文本"

msgid "Untranslated"
msgstr ""
'''
    entries = parse_po(text)
    assert entries == {"Customers": "客户", "Long text": "长文本"}


def test_text_remembers_msgid_and_retranslates(tmp_path, monkeypatch):
    po = tmp_path / "ko" / "LC_MESSAGES"
    po.mkdir(parents=True)
    (po / "deskcrm.po").write_text('msgid "Save"\nmsgstr "저장"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._load.cache_clear()
    try:
        i18n.set_language("ko")
        saved = _("Save")
        assert saved == "저장" and saved.msgid == "Save"
        i18n.set_language("en")
        assert _(saved) == "Save"
        assert _("Missing") == "Missing"
    finally:
        i18n.set_language("en")
        i18n._load.cache_clear()


def test_language_from_environment(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    for value, expected in (("zh_CN.UTF-8", "zh_Hans"), ("zh_TW.UTF-8", "zh_Hant"),
                            ("zh_HK", "zh_Hant"), ("ko_KR.UTF-8", "ko"), ("en_US.UTF-8", "en"),
                            ("C.UTF-8", "en")):
        monkeypatch.setenv("LANG", value)
        assert i18n.language_from_environment() == expected


def test_unknown_language_falls_back_to_english():
    assert i18n.set_language("fr") == "en"


def test_plurals_come_from_plain_entries():
    table = i18n.PoTranslations({"{n} customers": "{n} 位客户"})
    assert table.ngettext("{n} customer", "{n} customers", 1) == "{n} 位客户"
    assert table.ngettext("{n} customer", "{n} customers", 3) == "{n} 位客户"
    assert i18n.PoTranslations({}).ngettext("a", "as", 2) == "as"


def test_every_string_is_translated_in_every_language():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "tools/i18n_catalogue.py", "--check"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_catalogue_tool_sees_help_step_labels_and_textual_keys():
    """What screens translate at run time (HELP, step labels, Textual's own keys) is extracted."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    import i18n_catalogue

    msgids = i18n_catalogue.extract()
    from deskcrm.screens.customers.screen import CustomersScreen

    assert CustomersScreen.HELP in msgids
    assert {"Solution agreed", "Promised by (YYYY-MM-DD)", "Cursor up", "Solar", "Who"} <= set(msgids)
    assert i18n_catalogue.unmarked() == []


def test_codes_are_shown_as_words():
    from deskcrm.vocabulary import field_word, kind_word, word

    assert word("fitting_room") == "fitting room" and word("no_answer") == "no answer"
    assert kind_word("referral_thanks") == "Referral thanks" and kind_word("season") == "Season care"
    assert field_word("gender", "F") == "Female" and field_word("locale", "en") == "English"
    i18n.set_language("ko")
    try:
        assert word("cold_wave") == "한파" and field_word("gender", "F") == "여성"
    finally:
        i18n.set_language("en")
