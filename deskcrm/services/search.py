"""Customer search: one box for name, phone, pinyin initials, choseong and tag, paged by keyset.

Queries of 3+ characters go to the FTS5 trigram index over `search_text`
(every key and tag of a customer); on PostgreSQL to a pg_trgm GIN index over the
same column. SQLite 3.40's trigram index returns nothing
for shorter queries, so those use prefix ranges on the indexed key columns
(plus a substring scan of the name for two Han or Hangul characters, 小明);
one character reads the first page of each key and tag in name order (m0009),
two characters each tag's.
Every page is ordered by (sort_key, id) and continues after the last row of
the previous page, so paging costs the same on page 1 and page 200.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from peewee import SQL, Expression, NodeList, Value, fn

from deskcrm.services.validation import plain_text
from deskcrm.store import dialect
from deskcrm.store.dialect import is_sqlite
from deskcrm.store.migrations import m0006_pg_short_search as pg_short
from deskcrm.store.migrations import m0009_search_first_page as first_page
from deskcrm.store.migrations import m0010_customer_lean_indexes as lean_indexes
from deskcrm.store.models import Customer, CustomerTag, Tag, database
from deskcrm.store.search import FTS_TABLE, has_fts
from deskcrm.store.search_keys import (
    is_choseong_query,
    looks_like_phone_query,
    name_key,
    phone_digits,
)

PAGE_MAX = 500
QUERY_MAX = 200
# A query matching at least this many customers is "dense": walking the
# name-order index finds a page sooner than sorting every match. Measured at 100k
# customers: sorting 2 400 matches of 'zhang' takes 7 ms where walking took 145 ms
# (zhang sorts last, so the walk tests nearly every row first); sorting 23 000
# matches of 'w' takes about as long as walking, 35 ms.
DENSE = 20000
# PostgreSQL gathers at most this many matches of 3+ characters to sort them; at the cap,
# walking the name order until the page is full is cheaper (0101: 4 733 matches, 22 ms
# gathered at 100k, load 7.5)
DENSE_PG = 5000
_HIGH = "\U0010ffff"  # above every character: prefix p is the range [p, p + _HIGH)

_fts_cache: dict[int, bool] = {}


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    phone: str
    tier: str
    lifecycle: str
    total_spend: int
    last_purchase_on: dt.date | None
    last_contact_at: dt.datetime | None
    sort_key: str


@dataclass(frozen=True)
class SearchPage:
    rows: tuple[CustomerRow, ...]
    after: tuple[str, int] | None  # pass back to get the next page; None = no more


_COLUMNS = (
    Customer.id, Customer.name, Customer.phone, Customer.tier, Customer.lifecycle,
    Customer.total_spend, Customer.last_purchase_on, Customer.last_contact_at, Customer.sort_key,
)  # fmt: skip


def normalise_query(query: str) -> str:
    """The text compared with the stored keys: digits only for a phone, else name_key.

    Control characters go first (a NUL cut the FTS5 phrase short: "unterminated
    string"), and the query is capped, since no stored key is that long.
    """
    query = plain_text(query[:QUERY_MAX])
    if looks_like_phone_query(query):
        return phone_digits(query)
    if is_choseong_query(query):
        # NFKC would turn keyboard jamo (ㄱ U+3131) into conjoining jamo (U+1100)
        return "".join(query.split())
    return name_key(query)


def _prefix(column, text: str) -> Expression:
    return (column >= text) & (column < text + _HIGH)


def _uses_fts() -> bool:
    db = database.obj
    key = id(db)
    if key not in _fts_cache:
        _fts_cache[key] = has_fts(db)
    return _fts_cache[key]


def _short_parts(q: str) -> list[Expression]:
    """Two characters: the match's parts, each a range an index answers (tags aside)."""
    parts = [_prefix(Customer.name_key, q), _prefix(Customer.initials, q), _prefix(Customer.choseong, q)]
    if q.isdigit():
        parts.append(_prefix(Customer.phone_tail, q[::-1]))
    if _cjk_pair(q):
        if is_sqlite():
            # A given name (小明, 민수) is not a prefix: scan the names for it.
            parts.append(_contains(Customer.name_key, q))
        else:
            # PostgreSQL: prefix ranges on the name from its 2nd-4th character (m0006)
            parts += [_prefix(fn.substr(Customer.name_key, position), q) for position in pg_short.FROM]
    return parts


def _short_candidates(q: str, after: tuple[str, int] | None, n: int) -> Expression:
    """SQLite: a two-character match as ids. UNION ALL, not UNION: `id IN (...)` ignores
    repeats anyway, and removing them first cost 12 ms of the 44 a one-letter query took
    at 100k customers. A tag's members come a page at a time as for one character: `we`
    is all 17 348 of `wedding` at 100k (78 ms CPU gathered)."""
    ids = reduce(operator.add, (Customer.select(Customer.id).where(p) for p in _short_parts(q)))
    tags = _first_pages(q, after, n, keys=False)
    return Customer.id.in_(ids) if tags is None else Customer.id.in_(ids) | Customer.id.in_(tags)


def _tagged(q: str):
    return CustomerTag.select(CustomerTag.customer).join(Tag).where(_prefix(Tag.name_key, q))


def _cjk_pair(q: str) -> bool:
    # keyboard jamo (ㅊㅎ) are initials, never inside a stored name: no name scan for them
    return len(q) == 2 and not q.isascii() and not is_choseong_query(q)


def _short_test(q: str) -> Expression:
    """A 1-2 digit query tested row by row (no index), for when it matches many."""
    n = len(q)
    return (
        (fn.SUBSTR(Customer.name_key, 1, n) == q)
        | (fn.SUBSTR(Customer.phone_tail, 1, n) == q[::-1])
        | Customer.id.in_(_tagged(q))
    )


def _fts_candidates(q: str) -> SQL:
    phrase = '"' + q.replace('"', '""') + '"'
    return SQL(f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", (phrase,))


def _dense(candidates, at_least: int = DENSE) -> bool:
    sql, params = database.get_sql_context().sql(candidates).query()
    sql = sql.strip("()") if isinstance(candidates, SQL) else sql
    count = database.execute_sql(f"SELECT count(*) FROM ({sql} LIMIT {at_least}) AS c", params).fetchone()[0]
    return count >= at_least


def _match(q: str, after: tuple[str, int] | None, n: int) -> Expression:
    """Where-clause for a query (PostgreSQL: one character only, see `_gather_or_walk`).

    One character reads each part of its match from an index in name order, a page
    each (m0009). Otherwise a rare match (wxm, a phone tail) is cheapest as "ids from
    the index, then sort them"; a common one as "walk the name-order index and test
    each row until the page is full", which stops after a few hundred rows instead of
    sorting tens of thousands. Name prefixes (zw, 김민) sit together in name order, far
    down the index, so walking would be slow: they always sort. Digits are spread
    evenly over the names, so a dense digit pair walks.
    """
    if len(q) == 1:
        pages = _first_pages(q, after, n)
        return Customer.id.in_(pages) if is_sqlite() else _any(pages)
    if len(q) == 2:
        candidates = _short_candidates(q, after, n)
        if q.isdigit() and _dense(Customer.select(Customer.id).where(candidates)):
            return _short_test(q)
        return candidates
    if not _uses_fts():
        # a SQLite file without its FTS table (see test_like_fallback_without_fts)
        return _contains(Customer.search_text, q)
    candidates = _fts_candidates(q)
    if not _dense(candidates):
        return Customer.id.in_(candidates)
    return _contains(Customer.search_text, q)


def _gather_or_walk(q: str, after: tuple[str, int] | None, n: int
                    ) -> tuple[Expression, int | None, Expression | None] | None:
    """PostgreSQL, two or more characters: where the match is gathered from the indexes,
    from how many matches on walking the name order is cheaper instead (None: never), and
    the row test that walk applies, as on SQLite (`_match`). None: `_match` decides.

    Two characters OR their ranges into one bitmap scan, with each matching tag's first
    page of members (an InitPlan). 3+ characters: LIKE on the search text, which the
    pg_trgm GIN index answers (m0003); left to itself the planner walked the name order
    for 'zhang', which sorts last (53 ms at 20k).
    """
    if is_sqlite() or len(q) < 2:
        return None
    if len(q) == 2:
        tags = _first_pages(q, after, n, keys=False)
        where = reduce(operator.or_, _short_parts(q), *(() if tags is None else (_any(tags),)))
        return where, (DENSE if q.isdigit() else None), (_short_test(q) if q.isdigit() else None)
    found = _contains(Customer.search_text, q)
    return found, DENSE_PG, found


def _gathered(select, cap: int | None, n: int) -> list[tuple] | None:
    """The first n rows of `select` in name order, sorted from at most `cap` matches in one
    statement; None when there are that many (the caller walks the name order instead).

    One statement (PostgreSQL): a count first and then the page gathered the matches
    twice, and fetching the gathered ids again by primary key a third time (0101 at 100k:
    25 + 55 ms). The count over the whole match keeps the planner from walking the
    name-order index instead. (SQLite's count reads only the FTS index, and its window
    functions copy every row: 'zhang' 14 -> 17 ms there.)
    """
    if cap is not None:
        select = select.limit(cap)
    sql, params = database.get_sql_context().sql(select).query()
    found = database.execute_sql(
        f"SELECT *, count(*) OVER () FROM ({sql}) AS m ORDER BY sort_key, id LIMIT {int(n)}", params
    ).fetchall()
    if cap is not None and found and found[0][-1] >= cap:
        return None
    return [tuple(f.python_value(v) for f, v in zip(_COLUMNS, row[:-1], strict=True)) for row in found]


def _first_pages(q: str, after: tuple[str, int] | None, n: int, keys: bool = True) -> SQL | None:
    """Ids of the first n customers in name order of each part of a one-character match
    (keys=False: of each tag's part only, for two characters); None when no part can match.

    Each part is an index range in (sort_key, id) order (m0009), so it stops after n
    rows however many match: the name, initials, choseong or reversed phone starting
    with q, and each tag whose name does. The first n of the whole match are among
    these (a customer among the first n of the match is among the first n of every
    part it is in), and the caller sorts them. UNION ALL: `id IN` ignores repeats.
    """
    parts: list[str] = []
    params: list = []

    def page(table: str, id_column: str, where: str, args: tuple) -> None:
        if after is not None:
            where += f" AND (sort_key, {id_column}) > (?, ?)"
            args = (*args, *after)
        parts.append(f"SELECT {id_column} FROM (SELECT {id_column} FROM {table} WHERE {where}"
                     f" ORDER BY sort_key, {id_column} LIMIT {int(n)}) AS p{len(parts)}")
        params.extend(args)

    for column in _first_columns(q) if keys else ():
        value = q if column != "phone_tail" else q[::-1]
        # literal 1s: SQLite matches an indexed expression only as written, never with parameters
        where = f"substr({column}, 1, 1) = ?"
        if column in lean_indexes.PARTIAL_FIRST:
            # as the partial index says (m0010): both engines use it only when the query does
            where += f" AND {lean_indexes.first_condition(column)}"
        page("customer", "id", where, (value,))
    for tag_id in Tag.select(Tag.id).where(_prefix(Tag.name_key, q)).order_by(Tag.id).tuples():
        page("customer_tag", "customer_id", "tag_id = ?", tag_id)
    return SQL("(" + dialect.sql(" UNION ALL ".join(parts)) + ")", params) if parts else None


def _first_columns(q: str) -> tuple[str, ...]:
    """The customer keys a one-character query can start (initials are a-z and digits only,
    choseong keyboard jamo, a phone digits)."""
    columns = [c for c in first_page.FIRST_OF if c == "name_key"
               or (c == "initials" and q.isascii())
               or (c == "choseong" and is_choseong_query(q))
               or (c == "phone_tail" and q.isdigit())]
    return tuple(columns)


def _any(ids) -> NodeList:
    """id = ANY(ARRAY(ids)) (PostgreSQL): the ids gathered once and fetched by primary key, then
    sorted; as `id IN (...)` the planner hashed them and joined back row by row (김 at 20k: 41 →
    32 ms), or walked the name order past most customers."""
    return NodeList((Customer.id, SQL("= ANY(ARRAY("), ids, SQL("))")), glue="")


def _contains(column, q: str) -> Expression:
    """Substring test: INSTR on SQLite (no LIKE escaping or case folding to pay for),
    a case-sensitive LIKE on PostgreSQL (no INSTR there; peewee's contains() is ILIKE,
    which folds case for nothing). Keys are stored lower-cased."""
    if _uses_fts():
        return fn.INSTR(column, q) > 0
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # written out: peewee turns a "LIKE" Expression into GLOB on SQLite
    return NodeList((column, SQL("LIKE"), Value(f"%{escaped}%"), SQL("ESCAPE '\\'")))


def search(query: str = "", limit: int = 100, after: tuple[str, int] | None = None) -> SearchPage:
    """One page of customers matching the query, in name order (pinyin / 가나다)."""
    limit = max(1, min(limit, PAGE_MAX))
    q = normalise_query(query)
    select = Customer.select(*_COLUMNS)
    if after is not None:
        key, last_id = after
        select = select.where(
            (Customer.sort_key > key) | ((Customer.sort_key == key) & (Customer.id > last_id))
        )
    found = None
    if q:
        gather = _gather_or_walk(q, after, limit + 1)
        if gather is not None:
            where, cap, walk = gather
            found = _gathered(select.where(where), cap, limit + 1)
            if found is None:
                select = select.where(walk)
        else:
            select = select.where(_match(q, after, limit + 1))
    if found is None:
        found = select.order_by(Customer.sort_key, Customer.id).limit(limit + 1).tuples()
    rows = tuple(CustomerRow(*r) for r in found)
    more = len(rows) > limit
    rows = rows[:limit]
    return SearchPage(rows, (rows[-1].sort_key, rows[-1].id) if more else None)


def get_row(customer_id: int) -> CustomerRow | None:
    """One list row, to update the list in place after a write."""
    row = Customer.select(*_COLUMNS).where(Customer.id == customer_id).tuples().first()
    return CustomerRow(*row) if row else None


def page_from(customer_id: int, limit: int = 100) -> SearchPage:
    """The unfiltered list starting at one customer, to jump to them from anywhere."""
    key = Customer.select(Customer.sort_key).where(Customer.id == customer_id).scalar()
    return search("", limit=limit, after=(key, customer_id - 1) if key is not None else None)
