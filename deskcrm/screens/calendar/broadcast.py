"""Region broadcast: pick a region and a template, see who it reaches, create in one step."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Select, Static
from textual.worker import get_current_worker

from deskcrm.i18n import N_, _
from deskcrm.screens.calendar.followup_modals import _Dialog
from deskcrm.services import templates
from deskcrm.services.followups import broadcast
from deskcrm.vocabulary import word
from deskcrm.widgets.footer import DeskFooter
from deskcrm.workers import store_work


@dataclass(frozen=True)
class BroadcastInput:
    city: str
    district: str
    template_id: int


class BroadcastModal(_Dialog):
    AUTO_FOCUS = "#region"

    def __init__(self, shop_locale: str) -> None:
        super().__init__()
        self.shop_locale = shop_locale
        self.reach = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Region broadcast"), classes="title")
            yield Select([], prompt=_("Region"), id="region")
            yield Label("", id="region-error", classes="field-error")
            yield Select([], prompt=_("Template"), id="template")
            yield Label("", id="template-error", classes="field-error")
            yield Static(_("Pick a region and a template to see who it reaches."), id="preview")
            yield Label(_("ctrl+s create the follow-ups · escape cancel"), classes="muted")
        yield DeskFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.load_choices()

    @store_work("broadcast", N_("Loading regions"))
    def load_choices(self) -> None:
        regions = broadcast.regions()
        names = sorted({t.name for t in templates.list_templates("broadcast")})
        self.app.call_from_thread(self._fill, regions, names)

    def _fill(self, regions: list[broadcast.Region], names: list[str]) -> None:
        self.query_one("#region", Select).set_options(
            [(f"{r.label} ({r.customers})", f"{r.city}\t{r.district}") for r in regions])
        self.query_one("#template", Select).set_options([(word(n), n) for n in names])

    def _choice(self) -> tuple[str, str, str] | None:
        region = self.query_one("#region", Select).value
        name = self.query_one("#template", Select).value
        if region is Select.NULL or name is Select.NULL:
            return None
        city, district = str(region).split("\t")
        return city, district, str(name)

    @on(Select.Changed)
    def changed(self) -> None:
        choice = self._choice()
        if choice:
            self.preview(*choice)

    @store_work("broadcast-preview", N_("Counting who a broadcast reaches"))
    def preview(self, city: str, district: str, name: str) -> None:
        lib = templates.Library(self.shop_locale)
        t = lib.choose("broadcast", self.shop_locale, name)
        pv = broadcast.preview(city, district, t.id, self.shop_locale) if t else None
        if pv is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, pv, t.id)

    def _show(self, pv: broadcast.BroadcastPreview, template_id: int) -> None:
        self.reach, self.template_id = pv.reach, template_id
        lines = [_("Reaches {n} customers (consent given, not do-not-contact)").format(n=pv.reach)]
        lines += [f"· {text}" for text in pv.sample[:3]]
        self.query_one("#preview", Static).update("\n".join(lines))

    def action_save(self) -> None:
        self.clear_errors()
        choice = self._choice()
        if choice is None:
            field = "region" if self.query_one("#region", Select).value is Select.NULL else "template"
            self.error(field, _("Choose a region and a template"))
            return
        if not self.reach:
            self.error("region", _("Nobody in this region can receive it"))
            return
        self.dismiss(BroadcastInput(choice[0], choice[1], self.template_id))

