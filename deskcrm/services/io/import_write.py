"""Writing an import's rows: new customers in multi-row INSERTs, duplicates merged.

The expensive part of a new customer, its search keys and completeness, is
computed before the chunk's transaction opens, so the write lock is held only
for the INSERTs themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections.abc import Sequence
from typing import Any

from peewee import CharField, ForeignKeyField, IntegerField, TextField

from deskcrm.services import derived
from deskcrm.services.io import stage_images
from deskcrm.services.io.records import ValidRow
from deskcrm.services.io.related import RelatedIn
from deskcrm.store.models import Customer, CustomerTag, ImportChange, RelatedPerson, Tag, database
from deskcrm.store.search_keys import name_key

LOOKUP = 500  # ids per IN (...) list

_INSERT_FIELDS = [f for f in Customer._meta.sorted_fields if f.name != "id"]
INSERT_FIELDS = tuple(_INSERT_FIELDS)  # a prepared row's values, in this order
# stay well under SQLite's 32766 bound variables per statement
_MAX_PARAMS = 16000


def empty(value: Any) -> bool:
    return value in (None, "", 0, False)


class Tags:
    """Tag ids by name, created in bulk on first use, cached for the batch."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def _load(self, names: list[str]) -> None:
        for start in range(0, len(names), LOOKUP):
            query = Tag.select(Tag.id, Tag.name).where(Tag.name.in_(names[start : start + LOOKUP]))
            self.ids.update({t.name: t.id for t in query})

    def ensure(self, names: set[str]) -> None:
        missing = sorted(names - self.ids.keys())
        if not missing:
            return
        self._load(missing)
        new = [n for n in missing if n not in self.ids]
        for start in range(0, len(new), LOOKUP):
            Tag.insert_many([(n, name_key(n)) for n in new[start : start + LOOKUP]],
                            fields=[Tag.name, Tag.name_key]).on_conflict_ignore().execute()
        self._load(new)

    def link(self, pairs: list[tuple[int, str]]) -> None:
        """(customer id, tag name) pairs, linked with one insert per few hundred."""
        self.ensure({tag for _id, tag in pairs})
        rows = [(cid, self.ids[tag]) for cid, tag in pairs]
        insert_rows(CustomerTag, (CustomerTag.customer, CustomerTag.tag), rows, ignore=True)


def tags_of(customer_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {cid: set() for cid in customer_ids}
    query = (Tag.select(Tag.name, CustomerTag.customer).join(CustomerTag)
             .where(CustomerTag.customer.in_(customer_ids)).tuples())
    for name, cid in query:
        found[cid].add(name)
    return found


def record_changes(changes: list[tuple[int, int, str, str]]) -> None:
    fields = (ImportChange.batch, ImportChange.customer_id, ImportChange.action, ImportChange.before)
    insert_rows(ImportChange, fields, changes)


# --- new customers ---------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _one_row_insert(dialect: type, model: type, fields: tuple, returning: bool, ignore: bool) -> tuple[str, str]:
    """peewee's one-row INSERT for this kind of database, and its VALUES group."""
    query = model.insert_many([tuple(None for _f in fields)], fields=list(fields))
    if ignore:
        query = query.on_conflict_ignore()
    if returning:
        query = query.returning(model._meta.primary_key)
    sql, _params = query.sql()
    group = "(" + ", ".join([database.param] * len(fields)) + ")"
    if sql.count(group) != 1:
        raise AssertionError(f"unexpected INSERT shape: {sql}")
    return sql, group


def insert_rows(model: type, fields: Sequence, rows: Sequence[Sequence[Any]], *,
                returning: bool = False, ignore: bool = False) -> list[int]:
    """Rows of plain values (already as the database stores them) in multi-row INSERTs.

    peewee builds one row's statement; the rest is the same VALUES group repeated.
    peewee building every row (a node per value) cost more than running it.
    Returns the new ids in the rows' order when asked.
    """
    ids: list[int] = []
    fields = tuple(fields)
    per = max(1, _MAX_PARAMS // len(fields))
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        sql, group = _one_row_insert(type(database.obj), model, fields, returning, ignore)
        params = [value for row in chunk for value in row]
        cursor = database.execute_sql(sql.replace(group, ", ".join([group] * len(chunk))), params)
        if returning:
            # ids rise in VALUES order; RETURNING itself promises no order
            ids.extend(sorted(r[0] for r in cursor.fetchall()))
    return ids


@functools.lru_cache(maxsize=1)
def _blank() -> dict[str, Any]:
    """A new customer's default field values, every inserted field present (none is
    computed per row: created_at and updated_at are the import's `now`)."""
    return {**{f.name: None for f in _INSERT_FIELDS}, **Customer().__data__}


# text and whole numbers go in as they are; dates, flags and links through db_value
_CONVERTED = [(i, f.db_value) for i, f in enumerate(_INSERT_FIELDS)
              if not isinstance(f, CharField | TextField | IntegerField) or isinstance(f, ForeignKeyField)]
_COLUMN_VALUES = operator.itemgetter(*(f.name for f in _INSERT_FIELDS))


_NOW_FIELD = Customer.created_at


def _as_is(value: Any) -> Any:
    return value


def _sqlite_value(value: Any) -> Any:
    """The value as Python's sqlite3 would store it, as a str or an int.

    sqlite3 binds an exact str, int or float directly; a bool or a datetime goes
    through its adapter look-up first, which was a fifth of binding a customer.
    The strings are the ones its default adapters write.
    """
    kind = type(value)
    if kind is bool:
        return int(value)
    if kind is dt.datetime:
        return value.isoformat(" ")
    if kind is dt.date:
        return value.isoformat()
    return value


def prepare(rows: Sequence[ValidRow], now: dt.datetime, *, sqlite: bool = False) -> list[list[Any]]:
    """Each new customer's column values, keys and completeness included; no database write.

    Plain dicts, not Model instances: the values a saved Customer would hold, from
    the same `derived.keys_and_score`, at a fraction of the cost per row.
    `sqlite`: values as SQLite stores them (see `_sqlite_value`).
    """
    prepared = []
    blank = _blank()
    finish = _sqlite_value if sqlite else _as_is
    # every row's created_at and updated_at are `now`: converted once (a call per value
    # and row through peewee's db_value was a sixth of preparing a row)
    now_value = finish(_NOW_FIELD.db_value(now))
    for row in rows:
        data = {**blank, **row.values, "name": row.name, "source": "import",
                "created_at": now, "updated_at": now}
        if row.related:  # a new customer's related people are not in the database yet
            data["related_count"] = len(row.related)
        data.update(derived.keys_and_score(data, list(row.tags)))
        values = list(_COLUMN_VALUES(data))
        for index, convert in _CONVERTED:
            value = values[index]
            if value is None:
                continue  # db_value(None) is None for every field
            if value is now:
                values[index] = now_value
            elif type(value) is bool:
                values[index] = int(value) if sqlite else value
            else:
                values[index] = finish(convert(value))
        prepared.append(values)
    return prepared


_RELATED_FIELDS = (RelatedPerson.customer, RelatedPerson.name, RelatedPerson.relation, RelatedPerson.phone,
                   RelatedPerson.birth_year, RelatedPerson.birth_month, RelatedPerson.birth_day,
                   RelatedPerson.birth_calendar, RelatedPerson.birth_leap, RelatedPerson.notes)


def insert_related(pairs: list[tuple[int, RelatedIn]]) -> None:
    """(customer id, person) pairs as RelatedPerson rows."""
    rows = [(cid, p.name, p.relation, p.phone, p.birth_year, p.birth_month, p.birth_day,
             p.birth_calendar, p.birth_leap, p.notes) for cid, p in pairs]
    insert_rows(RelatedPerson, _RELATED_FIELDS, rows)


def insert(prepared: list[list[Any]]) -> list[int]:
    """Insert prepared customers; ids in the rows' order."""
    return insert_rows(Customer, _INSERT_FIELDS, prepared, returning=True)


class Staging:
    """SQLite: a chunk's new customers bound into a TEMP table before the write lock is
    taken, then moved into the customer table by one INSERT ... SELECT under it.

    Binding 64 values a row was a third of a chunk's SQL time, and every statement
    that writes the customer table makes the trigram index write out what it holds
    (FTS5 flushes at each statement's savepoint): one statement a chunk, of any
    size, under no bound-variable limit. The statement runs in SQLite alone, so the
    key computing (import_ahead) does not make the writer wait for Python's GIL while
    it holds the lock. A TEMP table is this connection's own: filling it takes no
    lock other terminals wait for, and it goes when the connection does.
    """

    TABLE = "deskcrm_import_stage"

    @staticmethod
    def column_list() -> str:
        return ", ".join(f'"{f.column_name}"' for f in _INSERT_FIELDS)

    def __init__(self) -> None:
        self.columns = self.column_list()
        table = self.TABLE
        # the key child's blocks arrive as in-memory databases (stage_images)
        self.images = stage_images.supported(database.connection())
        # the INSERT's statement journal (the first copy of every page it changes, some
        # thousand index pages a chunk) goes to a temporary file by default: in memory
        # it is no system call under the lock. Changing this drops the connection's TEMP
        # tables, so it is set before the stage exists and put back after it is gone.
        (self._temp_store,) = database.execute_sql("PRAGMA temp_store").fetchone()
        database.execute_sql("PRAGMA temp_store = MEMORY")
        database.execute_sql(f'DROP TABLE IF EXISTS temp."{table}"')
        # no column types: values keep their type until the customer table's own affinity applies
        database.execute_sql(f'CREATE TEMP TABLE "{table}" (n INTEGER PRIMARY KEY, {self.columns})')
        marks = ", ".join(["?"] * len(_INSERT_FIELDS))
        self._fill = f'INSERT INTO temp."{table}" ({self.columns}) VALUES ({marks})'
        self.count = 0
        if self.images:
            database.execute_sql(f"ATTACH DATABASE ':memory:' AS \"{stage_images.SCHEMA}\"")

    def fill(self, prepared: list[list[Any]]) -> None:
        """The chunk's rows, numbered 1.. in order (an emptied table numbers from 1 again)."""
        connection = database.connection()
        # a deferred transaction that writes only the TEMP table locks nothing of the shop's file
        connection.execute("BEGIN")
        try:
            connection.execute(f'DELETE FROM temp."{self.TABLE}"')
            connection.executemany(self._fill, prepared)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        self.count = len(prepared)

    def fill_images(self, blocks: list[tuple[int, bytes]]) -> None:
        """The chunk's rows from the key child's images, numbered 1.. in order.

        Each image is opened as the attached in-memory schema and copied inside SQLite;
        no transaction is open meanwhile (an image cannot replace a schema being read),
        and the TEMP table is this connection's alone, so none is needed.
        """
        connection = database.connection()
        connection.execute(f'DELETE FROM temp."{self.TABLE}"')
        schema = stage_images.SCHEMA
        for _count, image in blocks:
            connection.deserialize(image, name=schema)
            connection.execute(f'INSERT INTO temp."{self.TABLE}" ({self.columns}) '
                               f'SELECT {self.columns} FROM "{schema}"."{stage_images.TABLE}" ORDER BY n')
        self.count = sum(count for count, _image in blocks)

    def move(self, batch_id: int) -> list[int]:
        """Inside the chunk's write transaction: the staged rows become customers, with
        their 'created' changes for undo. Returns the new ids in the rows' order.

        The ids are given, not left to SQLite: the largest id + n, read under the
        same write lock, is exactly what it would choose, and known without reading
        them back one row at a time.
        """
        table = self.TABLE
        (top,) = database.execute_sql('SELECT coalesce(max(id), 0) FROM "customer"').fetchone()
        database.execute_sql(f'INSERT INTO "customer" (id, {self.columns}) '
                             f'SELECT ? + n, {self.columns} FROM temp."{table}" ORDER BY n', [top])
        database.execute_sql(f'INSERT INTO "{ImportChange._meta.table_name}" '
                             '(batch_id, customer_id, action, "before") '
                             f"SELECT ?, ? + n, 'created', '{{}}' FROM temp.\"{table}\" ORDER BY n",
                             [batch_id, top])
        return list(range(top + 1, top + 1 + self.count))

    def close(self) -> None:
        if self.images:
            database.execute_sql(f'DETACH DATABASE "{stage_images.SCHEMA}"')
        database.execute_sql(f'DROP TABLE IF EXISTS temp."{self.TABLE}"')
        database.execute_sql(f"PRAGMA temp_store = {int(self._temp_store)}")


# --- duplicates ----------------------------------------------------------------


def merge_into(row: ValidRow, existing: Customer, have: set[str], tags: Tags, now: dt.datetime,
               counts: dict[str, int] | None = None) -> dict | None:
    """Fill the existing customer's empty fields; return before/after, or None if nothing changed."""
    before, after = {}, {}
    values = dict(row.values)
    birthday = {k: values.pop(k) for k in list(values) if k.startswith("birth_")}
    if birthday and existing.birth_month is None:
        values.update(birthday)
    for key, value in values.items():
        if empty(getattr(existing, key)) and not empty(value):
            before[key] = getattr(existing, key)
            after[key] = value
            setattr(existing, key, value)
    added = [t for t in row.tags if t not in have]
    if not before and not added:
        return None
    tags.link([(existing.id, t) for t in added])
    have.update(added)
    existing.updated_at = now
    derived.refresh(existing, tags=sorted(have), counts=counts)
    existing.save(only=existing.dirty_fields)  # a full-row UPDATE cost 9 ms a row
    return {"before": before, "after": after, "tags_added": added}


def change_json(change: dict) -> str:
    return json.dumps(change, ensure_ascii=False, default=str)
