"""App-wide facts, past tense: a screen posts one after a write, others reload.

How a fact reaches every screen: post it to the app,

    self.app.post_message(CustomerChanged(customer_id))

(a message posted to a screen or widget bubbles up to the app as well).
`DeskApp` forwards each `CustomerChanged` it receives, as a fresh copy, to every
screen of every mode stack (F2-F5 and whatever sits on them), so the calendar,
the complaints list and the review reload in their own `on_customer_changed`
even while another screen is showing. A forwarded copy says so (`forwarded`)
and does not bubble, so it is never forwarded again. Post to the app rather
than to your own screen: your screen gets the copy like every other screen.
"""

from __future__ import annotations

from textual.message import Message


class CustomerChanged(Message):
    """A customer was created, changed, merged or deleted (customer_id None: many changed)."""

    def __init__(self, customer_id: int | None, *, forwarded: bool = False) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.forwarded = forwarded
        if forwarded:
            self.bubble = False  # the copy stays on the screen it was given to

    def copy(self) -> CustomerChanged:
        return CustomerChanged(self.customer_id, forwarded=True)


class FollowUpsChanged(Message):
    pass


class ComplaintsChanged(Message):
    def __init__(self, complaint_id: int | None = None) -> None:
        super().__init__()
        self.complaint_id = complaint_id


class StaffChanged(Message):
    pass
