"""What a file needs before its first screen: the default rows the screens rely on."""

from __future__ import annotations


def ensure_defaults() -> None:
    """Complaint categories, standard answers and the message library; idempotent."""
    from deskcrm.services import templates
    from deskcrm.services.complaints import workflow as complaints

    complaints.ensure_defaults()  # categories, standard Q&A, compensation ladder
    templates.ensure_defaults()  # the message library in four languages
