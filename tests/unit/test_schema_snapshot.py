"""The schema snapshot start-up reads instead of building the schema (store.schema_snapshot)."""

from __future__ import annotations

import json

import pytest

from deskcrm.store import schema_check, schema_snapshot


def test_the_snapshot_was_written_from_these_sources():
    assert schema_snapshot.written_sources() == schema_snapshot.sources_digest(), (
        "the store changed since deskcrm/store/schema_snapshot.json was written:"
        " run python tools/schema_snapshot.py"
    )


def test_the_snapshot_holds_what_the_migrations_build():
    rows = schema_snapshot.load()
    built = schema_check.built_schema()
    if json.loads(schema_snapshot.SNAPSHOT.read_text())["engines"] != schema_snapshot.engines():
        assert rows is None  # another SQLite or Peewee: the schema is built, not read
        return
    assert rows == [(o.type, o.name, o.table, o.sql) for _key, o in sorted(built.items())]
    assert schema_check.expected_schema() == built


@pytest.fixture
def snapshot_copy(tmp_path, monkeypatch):
    copy = tmp_path / "schema_snapshot.json"
    copy.write_text(schema_snapshot.SNAPSHOT.read_text())
    monkeypatch.setattr(schema_snapshot, "SNAPSHOT", copy)
    return copy


def test_a_snapshot_of_other_sources_is_not_read(snapshot_copy):
    data = json.loads(snapshot_copy.read_text())
    data["sources"] = "0" * 64  # written before a migration was added
    data["objects"] = data["objects"][1:]
    snapshot_copy.write_text(json.dumps(data))
    assert schema_snapshot.load() is None


def test_a_snapshot_of_another_sqlite_or_a_broken_one_is_not_read(snapshot_copy):
    data = json.loads(snapshot_copy.read_text())
    data["engines"] = {**data["engines"], "sqlite": "3.0.0"}
    snapshot_copy.write_text(json.dumps(data))
    assert schema_snapshot.load() is None
    snapshot_copy.write_text("{not json")
    assert schema_snapshot.load() is None
    snapshot_copy.unlink()
    assert schema_snapshot.load() is None

