"""Text formatting for templates: dates, deadlines, legal bases, duties and calendar
entries, worded as precisely as the plan and no more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from plan179.data.calendar import (
    Entry,
    Occurrence,
    Precision,
)
from plan179.data.model import (
    Agency,
    Due,
    LegalBasis,
    Recurrence,
    task_anchor,
)
from plan179.render.base import Item, Section, YearRow
from plan179.render.lookups import Lookups


class Wording(Lookups):
    """The words templates put around the plan's own text, per language."""

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

    def party_names(self, ids: Iterable[str], lang: str) -> list[dict[str, str]]:
        """Agencies and groups as link targets: [{'name': …, 'href': … or ''}]."""
        out = []
        groups = self._groups_by_id
        for pid in ids:
            if pid in groups:
                out.append({"name": groups[pid].heading.get(lang), "href": "", "group": pid})
            else:
                a = self.agency(pid)
                out.append({"name": a.name.get(lang), "href": f"{a.slug}.md", "group": ""})
        return out

    def successor_lines(self, ids: Iterable[str], lang: str) -> list[str]:
        """For a calendar event: who holds the duties today of each named body with a recorded successor."""
        t = self.t(lang)
        named = [self._agencies_by_id[i] for i in dict.fromkeys(ids) if i in self._agencies_by_id]
        return [
            t(
                "ics_successor",
                body=a.name.get(lang),
                names="; ".join(s.name.get(lang) for s in a.successors),
                date=self.date_text(min(s.date for s in a.successors), lang),
            )
            for a in named
            if a.successors
        ]

    def section_name(self, section: str, lang: str) -> str:
        return self.t(lang)("section_closing") if section == "closing" else section

    def duty_name(self, section: str, item: int, lang: str) -> str:
        """How to cite a duty precisely: its section and item number."""
        if section == "closing":
            return self.t(lang)("duty_name_closing", item=item)
        return self.t(lang)("duty_name", section=section, item=item)

    def duty_refs(self, agency: Agency, lang: str) -> list[tuple[str, str]]:
        """(citation, anchor) of every duty on the agency's page: its own, then its groups'."""
        out = [
            (self.duty_name(self.agency_section(agency), n, lang), self.duty_anchor(d.id))
            for n, d in enumerate(agency.duties, start=1)
        ]
        for g in self.groups_of(agency):
            out += [
                (self.duty_name(g.section, n, lang), self.duty_anchor(d.id)) for n, d in enumerate(g.duties, start=1)
            ]
        return out

    def year_row_due(self, row: YearRow, lang: str) -> str:
        """A report year's deadline in words, as precise as the plan."""
        t = self.t(lang)
        if row.due is None:
            return t("when_year_only", year=row.year)
        if row.before:
            return t("when_before", date=self.date_text(row.due + dt.timedelta(days=1), lang))
        return self.date_text(row.due, lang)

    def entry_title(self, entry: Entry, lang: str) -> str:
        item = entry.milestone or entry.obligation
        assert item is not None
        return item.title.get(lang)

    def entry_kind(self, entry: Entry, lang: str) -> str:
        t = self.t(lang)
        if entry.obligation is not None:
            return t("kind_" + entry.obligation.kind.value)
        return t("kind_milestone")

    def entry_summary(self, entry: Entry, lang: str) -> str:
        """The one-line event title: what, and when exactly as precise as the plan."""
        t = self.t(lang)
        plan = self.site.plan.document.number
        title = self.entry_title(entry, lang)
        if entry.precision is Precision.YEAR:
            return t("ics_summary_year", plan=plan, title=title, year=entry.first.year)
        if entry.before:
            after = entry.first + dt.timedelta(days=1)
            return t(
                "ics_summary_before",
                plan=plan,
                title=title,
                day=after.day,
                dd=f"{after.day:02d}",
                mm=f"{after.month:02d}",
                month_name=t(f"month_{after.month}"),
            )
        return t("ics_summary_day", plan=plan, title=title)

    def entry_description(self, entry: Entry, lang: str) -> list[str]:
        """The event's details: the plan's words, who, to whom, and how the date was read."""
        t = self.t(lang)
        plan = self.site.plan.document.number
        lines: list[str] = []
        if entry.obligation is not None:
            ob = entry.obligation
            lines.append(t("ics_quote", plan=plan, section=self.section_name(ob.section, lang), text=ob.text.get(lang)))
            lines.append(t("ics_who", names="; ".join(p["name"] for p in self.party_names(ob.actors, lang))))
            if ob.recipients:
                lines.append(
                    t("ics_to_whom", names="; ".join(p["name"] for p in self.party_names(ob.recipients, lang)))
                )
            lines.append(t("ics_due", due=self.due_text(ob.due, lang)))
            lines += self.successor_lines((*ob.actors, *ob.recipients), lang)
        else:
            assert entry.milestone is not None
            lines.append(t("ics_quote", plan=plan, section="III", text=entry.milestone.text.get(lang)))
        if entry.precision is Precision.YEAR:
            lines.append(t("ics_year_only", year=entry.first.year))
        elif entry.before:
            after = entry.first + dt.timedelta(days=1)
            lines.append(
                t("ics_before_note", day=self.date_text(entry.first, lang), deadline=self.date_text(after, lang))
            )
        elif entry.milestone is not None:
            lines.append(t("ics_issue_day", date=self.date_text(entry.first, lang)))
        if entry.until_year is not None:
            lines.append(t("ics_recurrence_note", first=entry.first.year, last=entry.until_year))
        if lang == "en":
            lines.append(t("ics_unofficial"))
        return lines

    def occurrence_when(self, occ: Occurrence, lang: str) -> str:
        """When an occurrence falls, in words: a date, 'before' a date, or a year with no day."""
        t = self.t(lang)
        if occ.day is None:
            return t("when_year_only", year=occ.year)
        if occ.entry.before:
            return t("when_before", date=self.date_text(occ.day + dt.timedelta(days=1), lang))
        return self.date_text(occ.day, lang)
