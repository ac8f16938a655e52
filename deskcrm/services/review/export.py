"""The weekly review as text: one set of tables that the screen, the exported
Markdown/HTML/CSV files and the command line all show, so the figures cannot drift apart.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from deskcrm.i18n import N_, _
from deskcrm.services.followups.kinds import kind_label
from deskcrm.services.io.private import private_output
from deskcrm.services.review.figures import WeekKpis, WeekReview
from deskcrm.services.review.risk import RiskReason

FORMATS = ("md", "html", "csv", "json")
STEP_NAMES = (N_("Listen"), N_("Calm"), N_("Apologise"), N_("Analyse"), N_("Explain"), N_("Resolve"),
              N_("Compensate"), N_("Close"), N_("Follow up"))
NONE = "—"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str
    change: str  # against the week before: "+12%", "-3", "new", "—"
    series: tuple[float, ...]  # the nine weeks, oldest first


def money(minor: int) -> str:
    return f"{minor / 100:,.2f}"


def money_whole(minor: int) -> str:
    """Money without the minor units, for a tile that has room for eight digits."""
    return f"{round(minor / 100):,}"


def pct(share: float | None) -> str:
    return NONE if share is None else f"{share * 100:.0f}%"


def num(value: float | None, digits: int = 1) -> str:
    return NONE if value is None else f"{value:.{digits}f}"


def change(now: int, before: int) -> str:
    if now == before:
        return "±0"
    if before == 0:
        return _("new")
    return f"{(now - before) / before * 100:+.0f}%"


def reason_text(reason: RiskReason) -> str:
    if reason.kind == "neglected":
        return _("no contact {days}d (over {window}d)").format(
            days=reason.days, window=reason.window)
    return _("last buy {days}d ago, usually every {window}d").format(
        days=reason.days, window=reason.window)


# (key, label, value of a week, shown as money)
KPIS: tuple[tuple[str, str, Callable[[WeekKpis], int], bool], ...] = (
    ("revenue", N_("Revenue"), lambda k: k.revenue, True),
    ("buyers", N_("Buyers"), lambda k: k.buyers, False),
    ("new_customers", N_("New customers"), lambda k: k.new_customers, False),
    ("followups_due", N_("Follow-ups due"), lambda k: k.followups_due, False),
    ("followups_done", N_("Done on time"), lambda k: k.followups_on_time, False),
    ("followups_overdue", N_("Overdue"), lambda k: k.followups_overdue, False),
    ("complaints_opened", N_("New complaints"), lambda k: k.complaints_opened, False),
    ("complaints_closed", N_("Complaints done"), lambda k: k.complaints_closed, False),
)


def tiles(r: WeekReview) -> tuple[Tile, ...]:
    return tuple(
        Tile(key, _(label), money_whole(get(r.kpis)) if is_money else str(get(r.kpis)),
             change(get(r.kpis), get(r.previous)), tuple(float(get(w)) for w in r.trend))
        for key, label, get, is_money in KPIS
    )


def staff_table(r: WeekReview) -> Table:
    return Table("staff", _("Per staff"), (
        _("Staff"), _("Due"), _("On time"), _("Late"), _("Overdue"), _("Skipped"), _("Contacts"),
        _("New files"), _("Files"), _("Avg %"), _("Rich"),
    ), tuple(
        (s.name or _("(nobody)"), *map(str, (s.due, s.on_time, s.late, s.overdue, s.skipped,
         s.contacts, s.new_files, s.files)), num(s.avg_completeness), str(s.rich_files))
        for s in r.staff
    ))


def shops_table(r: WeekReview) -> Table:
    """Head office: the shops' weeks side by side."""
    return Table("shops", _("Shops side by side"), (
        _("Shop"), _("Revenue"), _("Buyers"), _("New customers"), _("Follow-ups due"), _("Done on time"),
        _("Overdue"), _("New complaints"), _("Open complaints"), _("Files"),
    ), tuple(
        (s.name, money_whole(s.kpis.revenue), *map(str, (
            s.kpis.buyers, s.kpis.new_customers, s.kpis.followups_due, s.kpis.followups_on_time,
            s.kpis.followups_overdue, s.kpis.complaints_opened, s.open_complaints, s.customers)))
        for s in r.shops
    ))


def risk_table(r: WeekReview) -> Table:
    return Table("at_risk", _("Customers at risk"), (_("Customer"), _("Tier"), _("Spend"), _("Why")), tuple(
        (a.name, _(a.tier), money(a.total_spend), "; ".join(reason_text(x) for x in a.reasons))
        for a in r.at_risk
    ))


def board_table(r: WeekReview) -> Table:
    open_by = dict(r.complaints.open_by_step)
    return Table("board", _("Open complaints by step"), (_("Step"), _("Open")), tuple(
        (f"{i} {_(name)}", str(open_by.get(i, 0))) for i, name in enumerate(STEP_NAMES, 1)
    ))


def _pairs(key: str, title: str, pairs: list[tuple[str, str]]) -> Table:
    return Table(key, title, (_("Figure"), _("Value")), tuple(pairs))


def tables(r: WeekReview) -> tuple[Table, ...]:
    k, c, s = r.kpis, r.complaints, r.sales
    figures = Table("kpis", _("Key figures"), (_("Figure"), _("This week"), _("Week before"), _("Change")), tuple(
        (t.label, t.value, money_whole(get(r.previous)) if m else str(get(r.previous)), t.change)
        for t, (_key, _label, get, m) in zip(tiles(r), KPIS, strict=True)
    ))
    followups = _pairs("followups", _("Follow-ups"), [
        (_("Due"), str(k.followups_due)), (_("Done on time"), str(k.followups_on_time)),
        (_("Done late"), str(k.followups_late)), (_("Overdue"), str(k.followups_overdue)),
        (_("Skipped"), str(k.followups_skipped)), (_("Not yet due"), str(k.followups_pending)),
    ])
    complaints = _pairs("complaints", _("Complaints"), [
        (_("Opened"), str(c.opened)), (_("Closed"), str(c.closed)),
        (_("Median days to close"), num(c.median_days_to_close)),
        (_("Satisfaction at close (1-5)"), f"{num(c.satisfaction, 2)} (n={c.satisfaction_count})"),
        (_("Satisfaction at follow-up (1-5)"),
         f"{num(c.followup_satisfaction, 2)} (n={c.followup_satisfaction_count})"),
        (_("Promises kept"), str(c.promises_kept)), (_("Promises broken"), str(c.promises_broken)),
        (_("Promises not yet due"), str(c.promises_pending)),
        (_("Compensation cost"), money(c.compensation_total)),
    ])
    causes = Table("causes", _("Root causes"), (_("Cause"), _("This week"), _("Nine weeks")), tuple(
        (name or _("(not yet analysed)"), str(dict((cd, n) for cd, _nm, n in c.by_cause).get(code, 0)), str(n))
        for code, name, n in c.by_cause_trend
    ))
    sales = _pairs("sales", _("Customers and sales"), [
        (_("Revenue"), money(s.revenue)), (_("Purchases"), str(s.purchases)),
        (_("Buyers"), str(s.buyers)), (_("Repeat buyers"), f"{s.repeat_buyers} ({pct(s.repeat_share)})"),
        (_("Top 20% share of 12-month revenue"),
         f"{pct(s.top_share)} ({s.top_customers}/{s.customers_12m} {_('customers')})"),
        (_("Revenue, 12 months"), money(s.revenue_12m)),
        (_("Tier changes up / down"), f"{s.tier_ups} / {s.tier_downs}"),
        *((_("New from {source}").format(source=_(src or N_("unknown"))), str(n)) for src, n in s.new_by_source),
        *((f"{_(old)} → {_(new)}", str(n)) for old, new, n in s.tier_changes),
    ])
    trend = Table("trend", _("Nine weeks"), (_("Week"), *(_(label) for _k, label, _g, _m in KPIS)), tuple(
        (w.week_start.isoformat(), *(money(get(w)) if m else str(get(w)) for _k, _l, get, m in KPIS))
        for w in r.trend
    ))
    side = (shops_table(r),) if r.shops else ()
    return (*side, figures, followups, staff_table(r), returns_table(r), complaints, board_table(r),
            causes, sales, risk_table(r), trend)


def returns_table(r: WeekReview) -> Table:
    """Did it work: customers a follow-up reached this week and what they bought in 14 / 30 days."""
    headers = (_("Group"), _("Customers"), _("Bought in 14 days"), _("Revenue 14 days"),
               _("Bought in 30 days"), _("Revenue 30 days"))
    ret = r.returns
    if ret is None:
        return Table("returns", _("Did it work?"), headers, ())
    names = {s.staff_id: s.name for s in r.staff}

    def line(label: str, g) -> tuple[str, ...]:
        return (label, str(g.customers), f"{g.bought_14} ({pct(g.rate(14))})", money(g.revenue_14),
                f"{g.bought_30} ({pct(g.rate(30))})", money(g.revenue_30))

    rows = [line(_("Contacted by a follow-up"), ret.contacted),
            line(_("Not contacted"), ret.not_contacted)]
    rows += [line(kind_label(g.label), g) for g in ret.by_kind]
    rows += [line(names.get(staff) or _("(nobody)"), g) for staff, g in ret.by_staff]
    title = _("Did it work?")
    if ret.open_windows:
        title += " " + _("(still counting: {days} days not over yet)").format(
            days="/".join(str(d) for d in ret.open_windows))
    return Table("returns", title, headers, tuple(rows))


def heading(r: WeekReview) -> str:
    text = _("Weekly review {week}: {start} to {end}").format(
        week=r.iso_week, start=r.week_start.isoformat(), end=r.week_end.isoformat())
    return f"{r.shop_name} · {text}" if r.shop_name else text


def _cell_md(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(r: WeekReview, parts: tuple[Table, ...]) -> str:
    out = [f"# {heading(r)}", "", _("As of {today}.").format(today=r.today.isoformat()), ""]
    for t in parts:
        out += [f"## {t.title}", "", "| " + " | ".join(map(_cell_md, t.headers)) + " |",
                "|" + " --- |" * len(t.headers)]
        out += ["| " + " | ".join(map(_cell_md, row)) + " |" for row in t.rows]
        out.append("")
    return "\n".join(out)


def to_html(r: WeekReview, parts: tuple[Table, ...]) -> str:
    e = html.escape
    out = ["<!doctype html>", '<html><head><meta charset="utf-8">', f"<title>{e(heading(r))}</title>",
           "<style>table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #999;"
           "padding:2px 8px;text-align:left}</style></head><body>", f"<h1>{e(heading(r))}</h1>"]
    for t in parts:
        out.append(f"<h2>{e(t.title)}</h2><table><tr>" + "".join(f"<th>{e(h)}</th>" for h in t.headers) + "</tr>")
        out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in t.rows]
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def to_csv(r: WeekReview, parts: tuple[Table, ...]) -> str:
    """All tables in one file: a title line, the header, the rows, a blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([heading(r)])
    for t in parts:
        writer.writerows([[], [t.title], list(t.headers), *map(list, t.rows)])
    return buffer.getvalue()


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def to_json(r: WeekReview) -> str:
    data = dataclasses.asdict(r)
    data.update(week=r.iso_week, week_end=r.week_end,
                repeat_share=r.sales.repeat_share, top_share=r.sales.top_share)
    return json.dumps(data, ensure_ascii=False, indent=2, default=_plain)


def render(r: WeekReview, fmt: str, progress: Callable[[int, int], None] | None = None) -> str:
    """The report in one format; `progress(done, total)` is told as each table is built."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format: {fmt}")
    if fmt == "json":
        return to_json(r)
    parts = tables(r)
    if progress:
        for i in range(len(parts)):
            progress(i + 1, len(parts) + 1)
    text = {"md": to_markdown, "html": to_html, "csv": to_csv}[fmt](r, parts)
    if progress:
        progress(len(parts) + 1, len(parts) + 1)
    return text


def write(r: WeekReview, path: str | Path, fmt: str,
          progress: Callable[[int, int], None] | None = None) -> Path:
    target = Path(path).expanduser()
    text = render(r, fmt, progress)
    # UTF-8 with BOM for CSV: spreadsheet programs then read 王小明 and 김민수 correctly;
    # 0600, as it names customers and their spend
    with private_output(target, newline=None, encoding="utf-8-sig" if fmt == "csv" else "utf-8") as fh:
        fh.write(text)
    return target


def export_file(r: WeekReview, path: str | Path, fmt: str, *, by: str,
                progress: Callable[[int, int], None] | None = None) -> Path:
    """`write`, and the audit row saying who took the week's figures (customers and spend) out."""
    from deskcrm.services import audit

    written = write(r, path, fmt, progress)
    audit.file_event("review_export", written, by, week=r.iso_week, format=fmt)
    return written
