"""Peewee models for the whole product: fields, indexes and constraints only.

Rules live in `deskcrm.services`; this module only says what is stored.
Money is in integer minor units (fen, jeon, cents); datetimes are naive UTC;
calendar days (birthdays, due dates, purchase days) are plain dates in the
shop's local time, because a birthday does not move with the timezone.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    SQL,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)

from deskcrm.store.handle import StoreProxy, current_shop_id

# bound per app/command/worker, never re-pointed globally: see store/handle.py
database = StoreProxy()


def utcnow() -> dt.datetime:
    """The one place models read the clock: default timestamps only."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Meta(BaseModel):
    """Marks the file as a deskcrm database and holds its schema version."""

    key = CharField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "deskcrm_meta"


# --- shops ------------------------------------------------------------------


class Shop(BaseModel):
    """One shop of a chain. A single-shop file has exactly one, id 1, which an
    existing file's rows moved into (m0004)."""

    name = CharField()
    code = CharField(unique=True)  # short name a terminal is set to: "1", "gangnam"
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)


def shop_field(**kwargs) -> ForeignKeyField:
    """The shop a row belongs to: the writing terminal's, unless the service says otherwise.

    DEFAULT 1 in the table too, so a row an INSERT ... SELECT or a bulk load writes
    without naming a shop lands in shop 1, never nowhere. Not indexed on its own: in a
    single-shop file every row has the same value, and an index on it would only tempt
    the planner; the tables scoped per shop carry composite indexes instead.
    """
    return ForeignKeyField(Shop, default=current_shop_id, constraints=[SQL("DEFAULT 1")],
                           index=False, backref="+", **kwargs)


# --- people -----------------------------------------------------------------

ROLES = ("desk", "manager", "head_office")
# may sign in for the review, exports and deletions; head office in every shop
MANAGING_ROLES = ("manager", "head_office")


class Staff(BaseModel):
    name = CharField()
    role = CharField(default="desk")  # one of ROLES
    pin_hash = CharField(default="")  # hashlib.scrypt/pbkdf2 hex; "" = no PIN set
    pin_salt = CharField(default="")
    failed_pins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    shop = shop_field()


GENDERS = ("", "F", "M", "X")
TIERS = ("regular", "silver", "gold", "vip")
LIFECYCLE = ("prospect", "new", "active", "loyal", "declining", "lost")
CALENDARS = ("solar", "KR", "CN")  # KR/CN: lunar by the Korean or Chinese calendar


class Customer(BaseModel):
    # hard facts
    name = CharField()  # NFC, as the customer writes it
    form_of_address = CharField(default="")  # 王女士, 김민수 님, Mrs Lee
    gender = CharField(default="")  # one of GENDERS
    age_band = CharField(default="")  # "30s" when the birthday is unknown
    birth_year = SmallIntegerField(null=True)  # year is often not given
    birth_month = SmallIntegerField(null=True)
    birth_day = SmallIntegerField(null=True)
    birth_calendar = CharField(default="solar")  # one of CALENDARS
    birth_leap = BooleanField(default=False)  # lunar leap month
    phone = CharField(default="")
    phone2 = CharField(default="")
    email = CharField(default="")
    address = TextField(default="")
    city = CharField(default="")
    district = CharField(default="")
    locale = CharField(default="")  # customer's language: en, zh_Hans, zh_Hant, ko
    clothing_size = CharField(default="")
    shoe_size = CharField(default="")
    # soft facts (004: the soft file is 80% of its worth)
    occupation = CharField(default="")
    family = TextField(default="")
    personality = TextField(default="")
    shopping_habits = TextField(default="")
    style_preferences = TextField(default="")
    hobbies = TextField(default="")
    service_preference = TextField(default="")
    promotion_attitude = TextField(default="")
    values = TextField(default="")
    best_contact_time = CharField(default="")  # free text: "after 7pm, not Sundays"
    contact_window_start = CharField(default="")  # "HH:MM" local; "" = any time
    contact_window_end = CharField(default="")
    notes = TextField(default="")
    # consent per channel, with the day it was given (re-confirm after two years)
    consent_call = BooleanField(default=False)
    consent_call_at = DateTimeField(null=True)
    consent_sms = BooleanField(default=False)
    consent_sms_at = DateTimeField(null=True)
    consent_email = BooleanField(default=False)
    consent_email_at = DateTimeField(null=True)
    consent_chat = BooleanField(default=False)  # WeChat / KakaoTalk / LINE
    consent_chat_at = DateTimeField(null=True)
    do_not_contact = BooleanField(default=False)
    # standing
    tier = CharField(default="regular", index=True)  # one of TIERS
    lifecycle = CharField(default="prospect", index=True)  # one of LIFECYCLE
    source = CharField(default="walk-in")  # walk-in, referral, online, event, import
    referred_by = ForeignKeyField("self", null=True, backref="referrals", on_delete="SET NULL")
    owner = ForeignKeyField(Staff, null=True, backref="customers", on_delete="SET NULL")
    credit_limit = IntegerField(default=0)  # trade customers (003 §二-2)
    balance = IntegerField(default=0)
    # denormalised totals, kept by services so lists and the review need no joins
    total_spend = IntegerField(default=0, index=True)
    purchase_count = IntegerField(default=0)
    first_purchase_on = DateField(null=True)
    last_purchase_on = DateField(null=True, index=True)
    last_contact_at = DateTimeField(null=True, index=True)
    completeness = SmallIntegerField(default=0)  # 0-100, hard 20% / soft 80%
    # stored search keys (deskcrm.store.search_keys computes them)
    name_key = CharField(default="", index=True)
    initials = CharField(default="", index=True)
    pinyin = CharField(default="")
    choseong = CharField(default="", index=True)
    phone_digits = CharField(default="", index=True)
    phone_tail = CharField(default="", index=True)  # reversed digits: tail search is a prefix range
    sort_key = CharField(default="", index=True)
    # every key and tag in one text; triggers copy it into the FTS5 trigram index
    search_text = TextField(default="")
    created_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)
    created_by = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    # the shop that keeps the file; the customer may buy in any shop of the chain
    home_shop = shop_field()

    class Meta:
        indexes = (
            (("birth_month", "birth_day"), False),
            # covering index for the review's file completeness per owner (100k files:
            # 313 ms as a table scan, 27 ms from this index)
            (("owner", "completeness"), False),
        )


class RelatedPerson(BaseModel):
    """Family of a customer, or the key contacts of a key account (002)."""

    customer = ForeignKeyField(Customer, backref="related", on_delete="CASCADE")
    name = CharField()
    relation = CharField(default="")  # spouse, child, buyer, decision maker...
    phone = CharField(default="")
    birth_year = SmallIntegerField(null=True)
    birth_month = SmallIntegerField(null=True)
    birth_day = SmallIntegerField(null=True)
    birth_calendar = CharField(default="solar")
    birth_leap = BooleanField(default=False)
    notes = TextField(default="")


class ImportantDate(BaseModel):
    """Wedding anniversary, child's birthday...: solar or lunar, usually yearly."""

    customer = ForeignKeyField(Customer, backref="dates", on_delete="CASCADE")
    related = ForeignKeyField(RelatedPerson, null=True, backref="dates", on_delete="CASCADE")
    label = CharField()
    year = SmallIntegerField(null=True)
    month = SmallIntegerField()
    day = SmallIntegerField()
    calendar = CharField(default="solar")
    leap = BooleanField(default=False)
    recurring = BooleanField(default=True)
    notes = TextField(default="")


class Tag(BaseModel):
    name = CharField(unique=True)
    name_key = CharField(default="", index=True)


class CustomerTag(BaseModel):
    customer = ForeignKeyField(Customer, backref="tag_links", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="customer_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("customer", "tag"), True),)


# --- what happened ----------------------------------------------------------


class Purchase(BaseModel):
    customer = ForeignKeyField(Customer, backref="purchases", on_delete="CASCADE")
    purchased_on = DateField(index=True)
    item = CharField()
    style_no = CharField(default="")
    size = CharField(default="")
    colour = CharField(default="")
    quantity = IntegerField(default=1)
    amount = IntegerField()  # minor units, the whole line
    staff = ForeignKeyField(Staff, null=True, backref="sales", on_delete="SET NULL")
    notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    shop = shop_field()  # where it was sold

    class Meta:
        indexes = (
            (("shop", "purchased_on"), False),
            (("customer", "purchased_on"), False),
            # covering index for the weekly review's sums by day and customer (80/20 over a
            # year at 1M purchases: 1.08 s without, 0.32 s with; see benchmarks/bench_review.py)
            (("purchased_on", "customer", "amount"), False),
        )


COMPLAINT_STEPS = 9


class Complaint(BaseModel):
    customer = ForeignKeyField(Customer, backref="complaints", on_delete="CASCADE")
    purchase = ForeignKeyField(Purchase, null=True, backref="complaints", on_delete="SET NULL")
    opened_at = DateTimeField(default=utcnow, index=True)
    opened_by = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    status = CharField(default="open", index=True)  # open, closed
    step = SmallIntegerField(default=1)  # the step now being worked on, 1-9
    round = SmallIntegerField(default=1)  # 2+ when step 8 sent it back to resolve again
    channel = CharField(default="visit")
    item = CharField(default="")
    description = TextField(default="")  # in the customer's words
    category = CharField(default="", index=True)  # root cause
    promised_on = DateField(null=True)  # step 6
    compensation = CharField(default="")
    compensation_value = IntegerField(default=0)  # minor units, for the review
    satisfaction = SmallIntegerField(null=True)  # step 8, 1-5
    followup_satisfaction = SmallIntegerField(null=True)  # asked again at step 9's call
    final_wish = TextField(default="")
    # JSON of the form being filled when the clerk left (not a completed step); "" when none
    draft = TextField(default="")
    closed_at = DateTimeField(null=True, index=True)
    updated_at = DateTimeField(default=utcnow)
    shop = shop_field()  # the shop whose desk works it

    class Meta:
        indexes = ((("shop", "status"), False),)


class ComplaintStep(BaseModel):
    """One completed step: what it captured, who did it, when.

    A correction adds a new row (is_correction) instead of overwriting, so going
    back is audited by construction.
    """

    complaint = ForeignKeyField(Complaint, backref="steps", on_delete="CASCADE")
    step = SmallIntegerField()
    round = SmallIntegerField(default=1)
    data = TextField(default="{}")  # JSON of the step's fields
    staff = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    completed_at = DateTimeField(default=utcnow)
    is_correction = BooleanField(default=False)

    class Meta:
        indexes = ((("complaint", "step"), False),)


FOLLOWUP_STATUSES = ("open", "done", "skipped")


class FollowUp(BaseModel):
    customer = ForeignKeyField(Customer, backref="followups", on_delete="CASCADE")
    kind = CharField(index=True)  # birthday, festival, post_purchase, neglect, manual...
    due_on = DateField(index=True)
    # from when the call list shows it as coming up (birthday a week ahead, neglect at the
    # ideal window while due_on is the maximum); null = from due_on
    visible_from = DateField(null=True, index=True)
    original_due_on = DateField(null=True)  # set when snoozed
    reason = TextField(default="")
    message = TextField(default="")  # the template filled in for this customer
    status = CharField(default="open", index=True)  # one of FOLLOWUP_STATUSES
    outcome = CharField(default="")
    note = TextField(default="")  # outcome note, or snooze/skip reason
    snooze_reason = TextField(default="")
    assigned_to = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    done_by = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    done_at = DateTimeField(null=True, index=True)
    source_rule = CharField(default="manual")
    # rule + customer + occasion: a unique key makes generation idempotent
    dedupe_key = CharField(null=True, unique=True)
    is_marketing = BooleanField(default=False)  # needs consent, never in quiet hours
    purchase = ForeignKeyField(Purchase, null=True, backref="followups", on_delete="SET NULL")
    complaint = ForeignKeyField(Complaint, null=True, backref="followups", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    created_by = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    # why, as a code and its parameters (JSON), put in words when shown
    # (services.followups.reasons); null for rows made before migration 4, whose `reason`
    # text is shown as it is. In the order migrations 4 and 5 add columns (the reason,
    # then the shop), so an old file gets exactly the table a new file gets
    reason_code = CharField(null=True)
    reason_params = TextField(null=True)
    shop = shop_field()  # whose call list it is on

    class Meta:
        indexes = (
            (("shop", "status", "due_on"), False),
            (("status", "due_on"), False),
            # a customer's own open follow-ups (the card): without it SQLite walks
            # every open follow-up by date, 200 ms at 100k customers
            (("customer", "status", "due_on"), False),
        )


CHANNELS = ("visit", "call", "sms", "chat", "email", "gift", "letter")


class Contact(BaseModel):
    """The contact log: every visit, call, message and gift."""

    customer = ForeignKeyField(Customer, backref="contacts", on_delete="CASCADE")
    at = DateTimeField(default=utcnow, index=True)
    channel = CharField(default="call")  # one of CHANNELS
    kind = CharField(default="other")  # greeting, callback, care, sale, complaint, other
    outcome = CharField(default="")  # reached, no_answer, left_message, declined...
    note = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, backref="contacts", on_delete="SET NULL")
    followup = ForeignKeyField(FollowUp, null=True, backref="contacts", on_delete="SET NULL")
    shop = shop_field()

    class Meta:
        indexes = ((("customer", "at"), False),)



class GenerationRun(BaseModel):
    """History of follow-up generation: what each run created, by rule."""

    run_at = DateTimeField(default=utcnow)
    start_on = DateField()
    end_on = DateField()
    created = IntegerField(default=0)
    by_rule = TextField(default="{}")  # JSON {rule: count}


class TierChange(BaseModel):
    customer = ForeignKeyField(Customer, backref="tier_changes", on_delete="CASCADE")
    at = DateTimeField(default=utcnow, index=True)
    old_tier = CharField()
    new_tier = CharField()


# --- the shop's own words and settings ---------------------------------------


class MessageTemplate(BaseModel):
    kind = CharField()  # festival, birthday, season, miss_you, thanks, referral_thanks...
    locale = CharField()  # en, zh_Hans, zh_Hant, ko
    name = CharField()
    body = TextField()  # "{address}" style placeholders, see services.templates
    is_marketing = BooleanField(default=False)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "locale", "name"), True),)


class ComplaintCategory(BaseModel):
    code = CharField(unique=True)  # quality, fit, service, price, delivery, other
    name = CharField()
    active = BooleanField(default=True)

    class Meta:
        table_name = "root_cause"  # "complaint_category" is the name of an index


class StandardAnswer(BaseModel):
    """The standard Q&A per root cause, so every clerk gives the same answer (004 §Ⅱ)."""

    category = ForeignKeyField(ComplaintCategory, backref="answers", on_delete="CASCADE")
    locale = CharField(default="en")
    question = TextField()
    answer = TextField()


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()  # JSON


class AuditLog(BaseModel):
    """Changes and deletions; keeps names, not links, so it outlives what it describes."""

    at = DateTimeField(default=utcnow, index=True)
    staff_name = CharField(default="")
    action = CharField()  # create, update, delete, merge, step_back, import, undo_import...
    entity = CharField()  # customer, complaint, followup, staff...
    entity_id = IntegerField(null=True)
    detail = TextField(default="{}")  # JSON


class ImportBatch(BaseModel):
    at = DateTimeField(default=utcnow)
    source = CharField()  # file name
    staff_name = CharField(default="")
    created = IntegerField(default=0)
    updated = IntegerField(default=0)
    undone_at = DateTimeField(null=True)
    # importing/undoing while a process writes it chunk by chunk; a stale heartbeat
    # means that process died, and the batch is rolled back (or its undo finished)
    status = CharField(default="done", index=True)
    heartbeat_at = DateTimeField(null=True)


class ImportChange(BaseModel):
    """One row an import created or changed, with what it was before, for undo."""

    batch = ForeignKeyField(ImportBatch, backref="changes", on_delete="CASCADE")
    customer_id = IntegerField()
    action = CharField()  # created, updated
    before = TextField(default="{}")  # JSON of the fields the import overwrote


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Meta,
    Shop,
    Staff,
    Customer,
    RelatedPerson,
    ImportantDate,
    Tag,
    CustomerTag,
    Purchase,
    Complaint,
    ComplaintStep,
    FollowUp,
    Contact,
    GenerationRun,
    TierChange,
    MessageTemplate,
    ComplaintCategory,
    StandardAnswer,
    Setting,
    AuditLog,
    ImportBatch,
    ImportChange,
)
