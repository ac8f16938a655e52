"""The audit log: one function, so every change and deletion is written the same way."""

from __future__ import annotations

import json
from typing import Any

from deskcrm.store.models import AuditLog


def record(
    action: str,
    entity: str,
    entity_id: int | None,
    staff_name: str = "",
    **detail: Any,
) -> None:
    """Call inside the caller's transaction, so the audit row and the change land together."""
    AuditLog.create(
        action=action,
        entity=entity,
        entity_id=entity_id,
        staff_name=staff_name,
        detail=json.dumps(detail, ensure_ascii=False, default=str),
    )
