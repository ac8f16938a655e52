"""Follow-up rules (mission §2): one module per rule group, `generate` runs them all.

Public API for screens, the CLI and other services:
- generate(start, end, today, now) / generate_ahead(today, now) -> GenerationResult
- mark_done / snooze / skip / add_manual / next_step (actions)
- broadcast.regions / preview / create, history.runs
"""

from deskcrm.services.followups.actions import (
    OUTCOMES,
    FollowUpError,
    NextStep,
    add_manual,
    mark_done,
    next_step,
    outcomes_for,
    skip,
    snooze,
)
from deskcrm.services.followups.config import RuleConfig, load_config
from deskcrm.services.followups.generate import (
    GenerationResult,
    generate,
    generate_ahead,
    generate_for_customers,
)

__all__ = [
    "OUTCOMES",
    "FollowUpError",
    "GenerationResult",
    "NextStep",
    "RuleConfig",
    "add_manual",
    "generate",
    "generate_ahead",
    "generate_for_customers",
    "load_config",
    "mark_done",
    "next_step",
    "outcomes_for",
    "skip",
    "snooze",
]
