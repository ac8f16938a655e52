"""App-wide facts, past tense: a screen posts one after a write, others reload.

How a fact reaches every screen: post it to the app,

    self.app.post_message(CustomerChanged(customer_id))

(a message posted to a screen or widget bubbles up to the app as well).
`DeskApp` forwards each fact it receives, as a fresh copy, to every
screen of every mode stack (F2-F5 and whatever sits on them), so the calendar,
the complaints list and the review reload in their own `on_customer_changed`
even while another screen is showing. A forwarded copy says so (`forwarded`)
and does not bubble, so it is never forwarded again. Post to the app rather
than to your own screen: your screen gets the copy like every other screen.
"""

from __future__ import annotations

import copy

from textual.message import Message


class Fact(Message):
    """Something that changed in the store; the app hands a copy to every screen."""

    def __init__(self, *, forwarded: bool = False) -> None:
        super().__init__()
        self.forwarded = forwarded
        if forwarded:
            self.bubble = False  # the copy stays on the screen it was given to

    def copy(self) -> Fact:
        twin = copy.copy(self)
        Message.__init__(twin)  # fresh delivery state, same payload
        twin.forwarded = True
        twin.bubble = False
        return twin


class CustomerChanged(Fact):
    """A customer was created, changed, merged or deleted (customer_id None: many changed)."""

    def __init__(self, customer_id: int | None, *, forwarded: bool = False) -> None:
        super().__init__(forwarded=forwarded)
        self.customer_id = customer_id


class FollowUpsChanged(Fact):
    """Follow-ups were generated, done, snoozed or skipped."""


class ComplaintsChanged(Fact):
    def __init__(self, complaint_id: int | None = None, *, forwarded: bool = False) -> None:
        super().__init__(forwarded=forwarded)
        self.complaint_id = complaint_id


class StaffChanged(Fact):
    pass
