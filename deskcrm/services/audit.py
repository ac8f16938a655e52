"""The audit log: one function, so every change and deletion is written the same way."""

from __future__ import annotations

import getpass
import json
import os
from typing import Any

from deskcrm.store.models import AuditLog


def record(
    action: str,
    entity: str,
    entity_id: int | None,
    staff_name: str = "",
    **detail: Any,
) -> int:
    """Call inside the caller's transaction, so the audit row and the change land together.

    Returns the row's id. The time is the process's clock (the model default), never
    a caller's: the log says when things happened, not when a caller said they did.
    """
    return AuditLog.create(
        action=action,
        entity=entity,
        entity_id=entity_id,
        staff_name=staff_name,
        detail=json.dumps(detail, ensure_ascii=False, default=str),
    ).id


def cli_actor() -> str:
    """Who ran a command: the OS account, since the command line has no sign-in."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "cli"


def file_event(action: str, path: str | os.PathLike[str], by: str = "", **detail: Any) -> None:
    """An export, backup, restore or review export: who wrote which file, holding what.

    Its own short transaction: the file is written by then, and the row says so.
    """
    with AuditLog._meta.database.atomic():
        record(action, "file", None, by, path=str(path), **detail)
