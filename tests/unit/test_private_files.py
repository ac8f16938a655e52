"""Outputs 0600 and folders 0700 whatever the umask; planted symlinks and leftovers untouched."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from deskcrm.cli import main
from deskcrm.services.io.private import DiskFull, private_output
from deskcrm.store.db import open_database
from deskcrm.store.models import Customer, database
from deskcrm.store.private_files import private_dir


def _mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def wide_umask():
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "shop.sqlite3"
    open_database(path)
    Customer.create(name="王小明", phone="13800138000")
    database.close()
    database.initialize(None)
    return path


def test_outputs_are_0600_and_new_folders_0700_under_umask_000(shop, tmp_path, wide_umask, capsys):
    out = tmp_path / "new" / "deeper"
    assert main(["export", "customers", "--out", str(out / "c.csv"), "--db", str(shop)]) == 0
    assert main(["export", "vcard", "--out", str(out / "c.vcf"), "--db", str(shop)]) == 0
    assert main(["review", "--out", str(out / "week.html"), "--format", "html", "--db", str(shop),
                 "--today", "2026-12-01"]) == 0
    assert main(["backup", str(tmp_path / "backups" / "b.sqlite3"), "--db", str(shop)]) == 0
    assert main(["export", "person", "--customer", "1", "--out", str(out / "me"), "--db", str(shop)]) == 0
    files = [p for p in out.iterdir()] + [tmp_path / "backups" / "b.sqlite3"]
    assert len(files) >= 5 and {_mode(p) for p in files} == {0o600}
    assert {_mode(d) for d in (tmp_path / "new", out, tmp_path / "backups")} == {0o700}
    assert not list(tmp_path.rglob("*.part"))


def test_an_existing_folder_keeps_its_mode(tmp_path, wide_umask):
    shared = tmp_path / "shared"
    shared.mkdir(0o755)
    private_dir(shared / "mine")
    assert (_mode(shared), _mode(shared / "mine")) == (0o755, 0o700)


def test_a_symlink_planted_at_the_temp_name_is_left_untouched(shop, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    planted = tmp_path / ".customers.csv.part"  # the name the export once used
    planted.symlink_to(victim)
    out = tmp_path / "customers.csv"
    assert main(["export", "customers", "--out", str(out), "--db", str(shop)]) == 0
    assert victim.read_text() == "keep me" and _mode(victim) == 0o644
    assert planted.is_symlink() and os.readlink(planted) == str(victim)
    assert "王小明" in out.read_text(encoding="utf-8-sig") and _mode(out) == 0o600


def test_a_symlink_at_the_target_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    with private_output(link) as fh:
        fh.write("new")
    assert victim.read_text() == "keep me"
    assert not link.is_symlink() and link.read_text() == "new"


def test_a_failed_write_leaves_no_part_file_and_the_earlier_file(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("earlier")
    with pytest.raises(RuntimeError), private_output(out) as fh:
        fh.write("half")
        raise RuntimeError("cancelled")
    assert os.listdir(tmp_path) == ["out.csv"] and out.read_text() == "earlier"


def test_a_full_disk_is_said_in_words_with_what_was_kept(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("earlier")
    with pytest.raises(DiskFull, match="disk is full.*earlier file of that name is kept"), \
            private_output(out) as fh:
        fh.write("half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert os.listdir(tmp_path) == ["out.csv"] and out.read_text() == "earlier"
