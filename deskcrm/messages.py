"""App-wide facts, past tense: a screen posts one after a write, others reload."""

from __future__ import annotations

from textual.message import Message


class CustomerChanged(Message):
    def __init__(self, customer_id: int | None) -> None:
        super().__init__()
        self.customer_id = customer_id


class FollowUpsChanged(Message):
    pass


class ComplaintsChanged(Message):
    def __init__(self, complaint_id: int | None = None) -> None:
        super().__init__()
        self.complaint_id = complaint_id


class StaffChanged(Message):
    pass
