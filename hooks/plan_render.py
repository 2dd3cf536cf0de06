"""Pure rendering: validated plan data + language → Markdown pages.

No MkDocs import here on purpose: Material reaches end of life in 2027 and its
successor runs no MkDocs hooks, so the data→Markdown step must stand alone.
Each page kind has one small `render_<kind>` function; page bodies live in
Jinja templates (StrictUndefined, so a missing value fails loudly) and every
UI string is looked up by key in `data/i18n/<lang>.yml`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from plan_load import LANGUAGES, SiteData
from plan_model import (
    Agency,
    Characteristic,
    CharacteristicInfo,
    Due,
    LegalBasis,
    Obligation,
    Pillar,
    Quote,
    Recurrence,
    Role,
    task_anchor,
)

GENERATED_DIR = "ke-hoach"
TEMPLATES = Path(__file__).parent / "templates"

ROLE_ORDER = [Role.LEAD, Role.COORDINATOR, Role.IMPLEMENTER, Role.OVERSIGHT, Role.RECIPIENT]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_WS = re.compile(r"\s+")


def md(text: str) -> str:
    """Inline-safe Markdown for a data text: one line, Markdown syntax escaped."""
    one_line = _WS.sub(" ", text).strip()
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    return escaped.replace("&", "&amp;")


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar for front matter."""
    return '"' + _WS.sub(" ", text).strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Item:
    """A paragraph or lettered task inside a section of the full text."""

    kind: str
    text: Quote
    anchor: str
    letter: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class Section:
    """A heading of the full text and what stands under it."""

    level: int
    label: str
    heading_text: Quote
    anchor: str
    items: list[Item]


@dataclass(frozen=True)
class Page:
    """One generated page: its path under docs/ (with language suffix) and content."""

    path: str
    content: str


class Renderer:
    """Holds the Jinja environment and site data; renders pages per language."""

    def __init__(self, site: SiteData, templates: Path = TEMPLATES) -> None:
        self.site = site
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # `{#anchor}` is Markdown attribute syntax in our pages, so Jinja comments use {## ##}.
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters["md"] = md
        self.env.filters["yaml_str"] = yaml_str

    # --- helpers shared by templates -------------------------------------------

    def t(self, lang: str) -> Callable[..., str]:
        """The UI-string lookup for `lang`; unknown keys fail the build."""
        table = self.site.strings[lang]

        def lookup(key: str, **values: Any) -> str:
            if key not in table:
                raise KeyError(f"UI string '{key}' is missing from data/i18n/{lang}.yml: add it")
            text = table[key]
            return text.format(**values) if values else text

        return lookup

    def due_text(self, due: Due, lang: str) -> str:
        """When an obligation falls due, worded as precisely as the plan and no more."""
        t = self.t(lang)
        if due.recurrence is Recurrence.YEARLY:
            if due.month is not None and due.day is not None:
                key = "due_yearly_before" if due.before else "due_yearly_on"
                return t(
                    key, day=due.day, dd=f"{due.day:02d}", mm=f"{due.month:02d}", month_name=t(f"month_{due.month}")
                )
            return t("due_yearly")
        assert due.year is not None
        if due.month is not None and due.day is not None:
            key = "due_once_before" if due.before else "due_once_on"
            return t(
                key,
                year=due.year,
                day=due.day,
                dd=f"{due.day:02d}",
                mm=f"{due.month:02d}",
                month_name=t(f"month_{due.month}"),
            )
        return t("due_once", year=due.year)

    def date_text(self, value: dt.date, lang: str) -> str:
        """A date as the reader's language writes it (15/6/2017; 15 June 2017)."""
        return self.t(lang)(
            "date_format",
            day=value.day,
            dd=f"{value.day:02d}",
            month=value.month,
            mm=f"{value.month:02d}",
            year=value.year,
            month_name=self.t(lang)(f"month_{value.month}"),
        )

    def legal_basis_text(self, basis: LegalBasis, lang: str) -> str:
        return self.t(lang)(
            "legal_basis_line",
            type=basis.type.get(lang),
            number=basis.number,
            date=self.date_text(basis.date, lang),
            issuer=basis.issuer.get(lang),
            title=basis.title.get(lang),
        )

    def characteristic(self, letter: Characteristic) -> CharacteristicInfo:
        return next(c for c in self.site.plan.characteristics if c.letter == letter)

    def obligations_by_date(self) -> list[Obligation]:
        """Dated one-off obligations by year, then yearly ones (which recur)."""

        def key(ob: Obligation) -> tuple[int, int, int, int]:
            once = ob.due.recurrence is Recurrence.ONCE
            return (0 if not once else 1, ob.due.year or 0, ob.due.month or 13, ob.due.day or 32)

        return sorted(self.site.plan.obligations, key=key)

    def sections(self, lang: str) -> list[Section]:
        """The plan's body as headed sections in document order, rebuilt from the records."""
        plan = self.site.plan
        out: list[Section] = []
        groups = {g.id: g for g in plan.duty_groups}
        for h in plan.headings:
            roman, _, sub = h.id.partition(".")
            level = 3 if sub else 2
            label = f"{sub}." if sub else f"{roman}."
            anchor = "muc-" + h.id.lower().replace(".", "-")
            items: list[Item] = []
            if h.id == "I.1":
                items = [Item("para", p.text, p.id) for p in plan.purposes]
            elif h.id == "I.2":
                items = [Item("para", p.text, p.id) for p in plan.requirements]
            elif h.id == "III":
                items = [
                    Item("para", m.text, m.id, prefix=self.t(lang)("year_label", year=m.year) + ":")
                    for m in plan.timeline
                ]
            elif h.id == "IV":
                items = [Item("para", s.text, f"giai-phap-{s.number}", prefix=f"{s.number}.") for s in plan.solutions]
            elif h.id == "V":
                items = [Item("para", p.text, p.id) for p in plan.funding]
            elif h.agency is not None:
                items = [Item("para", d.text, d.id.replace(".", "-")) for d in self.agency(h.agency).duties]
            elif h.group is not None:
                g = groups[h.group]
                if g.intro is not None:
                    items.append(Item("para", g.intro, ""))
                items += [Item("para", d.text, d.id.replace(".", "-")) for d in g.duties]
            out.append(Section(level, label, h.text, anchor, items))
            if h.id == "II":
                for p in self.site.pillars:
                    tasks = [Item("task", t.text, task_anchor(t.id), letter=t.letter) for t in p.tasks]
                    out.append(Section(3, f"{p.number}.", p.heading, f"muc-ii-{p.number}", tasks))
        return out

    def section_list(self, sections: Iterable[str], lang: str) -> str:
        """Section references as readers know them ('VI.1, closing provisions')."""
        return ", ".join(self.t(lang)("section_closing") if s == "closing" else s for s in sections)

    def agency(self, agency_id: str) -> Agency:
        for agency in self.site.agencies:
            if agency.id == agency_id:
                return agency
        raise KeyError(agency_id)

    def sorted_agencies(self) -> list[Agency]:
        return sorted(
            self.site.agencies,
            key=lambda a: (ROLE_ORDER.index(a.role), min(a.sections), a.name.vi),
        )

    def members(self, group_id: str) -> list[Agency]:
        return [a for a in self.sorted_agencies() if group_id in a.groups]

    def party_names(self, ids: Iterable[str], lang: str) -> list[dict[str, str]]:
        """Agencies and groups as link targets: [{'name': …, 'href': … or ''}]."""
        out = []
        groups = {g.id: g for g in self.site.plan.duty_groups}
        for pid in ids:
            if pid in groups:
                out.append({"name": groups[pid].heading.get(lang), "href": "", "group": pid})
            else:
                a = self.agency(pid)
                out.append({"name": a.name.get(lang), "href": f"{a.slug}.md", "group": ""})
        return out

    def obligations_of(self, agency: Agency) -> list[tuple[Obligation, str]]:
        """Obligations where the agency acts (directly or via a group) or receives."""
        out: list[tuple[Obligation, str]] = []
        for ob in self.site.plan.obligations:
            if agency.id in ob.actors or any(g in ob.actors for g in agency.groups):
                out.append((ob, "actor"))
            elif agency.id in ob.recipients:
                out.append((ob, "recipient"))
        return out

    def _render(self, template: str, lang: str, **context: Any) -> str:
        tpl = self.env.get_template(template)
        return tpl.render(
            lang=lang,
            t=self.t(lang),
            plan=self.site.plan,
            site=self.site,
            r=self,
            task_anchor=task_anchor,
            **context,
        )

    # --- one function per page kind ----------------------------------------------

    def render_overview(self, lang: str) -> str:
        return self._render("overview.md.j2", lang, source_file=self.site.files["plan"])

    def render_full_text(self, lang: str) -> str:
        return self._render("full_text.md.j2", lang, source_file=self.site.files["plan"])

    def render_pillar(self, pillar: Pillar, lang: str) -> str:
        char = next(c for c in self.site.plan.characteristics if c.letter == pillar.characteristic)
        return self._render(
            "pillar.md.j2", lang, pillar=pillar, characteristic=char, source_file=self.site.files[pillar.id]
        )

    def render_agency_index(self, lang: str) -> str:
        return self._render("agency_index.md.j2", lang, agencies=self.sorted_agencies(), source_file="data/agencies/")

    def render_agency(self, agency: Agency, lang: str) -> str:
        groups = [g for g in self.site.plan.duty_groups if g.id in agency.groups]
        return self._render(
            "agency.md.j2",
            lang,
            agency=agency,
            groups=groups,
            obligations=self.obligations_of(agency),
            source_file=self.site.files[agency.id],
        )

    def render_timeline(self, lang: str) -> str:
        return self._render("timeline.md.j2", lang, source_file=self.site.files["plan"])

    def render_solutions(self, lang: str) -> str:
        return self._render("solutions.md.j2", lang, source_file=self.site.files["plan"])

    def render_funding(self, lang: str) -> str:
        return self._render("funding.md.j2", lang, source_file=self.site.files["plan"])

    def render_all(self) -> list[Page]:
        """Every generated page in every language."""
        pages: list[Page] = []
        g = GENERATED_DIR
        for lang in LANGUAGES:
            pages.append(Page(f"{g}/index.{lang}.md", self.render_overview(lang)))
            pages.append(Page(f"{g}/toan-van.{lang}.md", self.render_full_text(lang)))
            pages.append(Page(f"{g}/giai-phap.{lang}.md", self.render_solutions(lang)))
            pages.append(Page(f"{g}/kinh-phi.{lang}.md", self.render_funding(lang)))
            pages.append(Page(f"{g}/thoi-gian.{lang}.md", self.render_timeline(lang)))
            pages.append(Page(f"{g}/co-quan/index.{lang}.md", self.render_agency_index(lang)))
            for pillar in self.site.pillars:
                pages.append(Page(f"{g}/noi-dung/{pillar.slug}.{lang}.md", self.render_pillar(pillar, lang)))
            for agency in self.site.agencies:
                pages.append(Page(f"{g}/co-quan/{agency.slug}.{lang}.md", self.render_agency(agency, lang)))
        return pages


def render_site(site: SiteData) -> list[Page]:
    """All generated pages for the validated data."""
    return Renderer(site).render_all()


def write_pages(pages: Iterable[Page], docs_dir: Path) -> list[str]:
    """Write pages under docs_dir, only where content changed; delete stale generated files.

    Returns the paths written. Unchanged files keep their mtime, so `mkdocs serve`
    does not see a change and loop.
    """
    out_root = docs_dir / GENERATED_DIR
    wanted: dict[Path, str] = {docs_dir / p.path: p.content for p in pages}
    written: list[str] = []
    for path, content in wanted.items():
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
        written.append(path.relative_to(docs_dir).as_posix())
    if out_root.exists():
        for existing in sorted(out_root.rglob("*"), reverse=True):
            if existing.is_file() and existing not in wanted:
                existing.unlink()
                written.append(existing.relative_to(docs_dir).as_posix())
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return written
