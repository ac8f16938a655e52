"""Rewrite deskcrm/store/schema_snapshot.json after a schema change (a new migration, a model).

    python tools/schema_snapshot.py          # write it
    python tools/schema_snapshot.py --check  # exit 1 while it is stale
"""

from __future__ import annotations

import sys

from deskcrm.store import schema_snapshot
from deskcrm.store.schema_check import built_schema


def rows() -> list[schema_snapshot.Row]:
    return [(o.type, o.name, o.table, o.sql) for _key, o in sorted(built_schema().items())]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if schema_snapshot.load() != rows():
            print("deskcrm/store/schema_snapshot.json is stale: run python tools/schema_snapshot.py")
            return 1
        return 0
    print(f"wrote {schema_snapshot.write(rows())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
