"""`deskcrm agenda`, `complaints` and `review` in a chain: the terminal's shop, --shop, --shops."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from deskcrm import config
from deskcrm.cli import main
from deskcrm.services import shops
from deskcrm.services.complaints.workflow import open_complaint
from deskcrm.services.followups.actions import add_manual
from deskcrm.services.purchases import PurchaseInput, log_purchase
from deskcrm.store.handle import current_store
from tests.customer_helpers import file_customer

pytestmark = pytest.mark.both_engines

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 2, 0)


@pytest.fixture
def chain(db, store_target):
    """Shop 1 and 강남점, each with a customer who has a call due today, a complaint and a sale."""
    gangnam = shops.create("강남점", "gangnam", NOW, {"shop.locale": "ko"})
    store = current_store()
    made = {}
    for shop_id, name, phone, item in ((1, "Anna Lee", "020 7946 0000", "silk scarf"),
                                       (gangnam.id, "박지영", "010-9999-8888", "울 코트")):
        store.shop_id = shop_id
        cid = file_customer(name, phone)
        add_manual(cid, TODAY, "fitting went well?", NOW, staff_id=None)
        open_complaint(customer_id=cid, staff_id=None, now=NOW)
        log_purchase(cid, PurchaseInput(TODAY, item, "450"), today=TODAY, now=NOW)
        made[shop_id] = cid
    store.shop_id = 1
    return {"target": store_target, "gangnam": gangnam.id, "anna": made[1], "park": made[gangnam.id]}


def _agenda(chain, capsys, *extra: str) -> tuple[int, str]:
    code = main(["agenda", "--db", chain["target"], "--date", TODAY.isoformat(), "--at", "10:00", *extra])
    return code, capsys.readouterr().out


def _callers(out: str) -> set[int]:
    return {i["customer_id"] for i in json.loads(out)["items"]}


def test_agenda_is_the_terminal_s_shop_unless_told(chain, capsys):
    code, out = _agenda(chain, capsys, "--format", "json")
    assert code == 0 and _callers(out) == {chain["anna"]}  # never set: shop 1
    code, out = _agenda(chain, capsys, "--format", "json", "--shop", "gangnam")
    assert _callers(out) == {chain["park"]}
    config.remember_shop(chain["target"], chain["gangnam"])  # what the app's shop picker keeps
    code, out = _agenda(chain, capsys, "--format", "json")
    assert _callers(out) == {chain["park"]}
    code, out = _agenda(chain, capsys, "--format", "json", "--shop", "1")  # --shop still wins
    assert _callers(out) == {chain["anna"]}


def test_head_office_agenda_lists_every_shop_shop_by_shop(chain, capsys):
    code, out = _agenda(chain, capsys, "--format", "json", "--shops")
    assert code == 0
    by_shop = {s["shop"]: s for s in json.loads(out)["shops"]}
    assert set(by_shop) == {"1", "gangnam"}
    assert {i["customer_id"] for i in by_shop["gangnam"]["items"]} == {chain["park"]}
    assert {i["customer_id"] for i in by_shop["1"]["items"]} == {chain["anna"]}
    assert by_shop["gangnam"]["name"] == "강남점" and by_shop["gangnam"]["count"] == 1
    code, out = _agenda(chain, capsys, "--shops")
    assert "== 강남점 (gangnam) ==" in out and out.index("Anna Lee") < out.index("== 강남점") < out.index("박지영")
    code, out = _agenda(chain, capsys, "--shops", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["shop"], r["customer"]) for r in rows} == {("1", "Anna Lee"), ("gangnam", "박지영")}


def test_a_shop_the_file_lacks_is_refused(chain, capsys):
    assert main(["agenda", "--db", chain["target"], "--shop", "nowhere"]) == 2
    assert "no shop 'nowhere'" in capsys.readouterr().err
    assert main(["complaints", "--db", chain["target"], "--shop", "1", "--shops"]) == 2
    assert "not both" in capsys.readouterr().err


def test_complaints_per_shop_and_for_head_office(chain, capsys):
    def listed(*extra: str) -> list[dict]:
        assert main(["complaints", "--db", chain["target"], "--format", "json", *extra]) == 0
        return json.loads(capsys.readouterr().out)

    assert [r["customer"] for r in listed()] == ["Anna Lee"]
    assert [r["customer"] for r in listed("--shop", "gangnam")] == ["박지영"]
    config.remember_shop(chain["target"], chain["gangnam"])
    assert [r["customer"] for r in listed()] == ["박지영"]
    assert sorted((r["shop"], r["customer"]) for r in listed("--shops")) == [("1", "Anna Lee"), ("gangnam", "박지영")]
    assert main(["complaints", "--db", chain["target"], "--shops"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.split()[:2] == ["shop", "id"]


def test_review_defaults_to_the_terminal_s_shop(chain, capsys):
    args = ["review", "--db", chain["target"], "--today", TODAY.isoformat(), "--format", "json"]
    config.remember_shop(chain["target"], chain["gangnam"])
    assert main(args) == 0
    assert "강남점" in capsys.readouterr().out
    assert main([*args, "--shop", "1"]) == 0
    assert "강남점" not in capsys.readouterr().out


def test_a_single_shop_file_reports_as_before(db, store_target, capsys):
    cid = file_customer("Anna Lee", "020 7946 0000")
    open_complaint(customer_id=cid, staff_id=None, now=NOW)
    assert main(["complaints", "--db", store_target, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("id,customer,")
    assert main(["complaints", "--db", store_target, "--format", "csv", "--shops"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("shop,id,") and lines[1].startswith("1,")
