"""Per-page facts shown around the content: edit link, dates, untranslated notice.

"Edit this page" must open the file a person can actually change: the Markdown file
of a hand-written page, but for a generated page the YAML record it is built from
(`generated_from` in its front matter, at `generated_line`: the line holding the
page's main text, plan179.data.homes), never the generated file, which is
overwritten on every build and not even in the repository. "Last updated" comes from
the same source's last commit. A page served in a language it is not written in
(static-i18n's fallback to Vietnamese) is flagged so the theme can say so and keep
search engines from indexing a duplicate. No MkDocs import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from plan179.content.gitdates import VIETNAM, GitDates
from plan179.content.news import LISTING, Lookup, long_date, posts
from plan179.content.pages import DocsTree

# The issue form for content errors (.github/ISSUE_TEMPLATE/); its `page` field is pre-filled.
REPORT_TEMPLATE = "loi-noi-dung.yml"
REPORT_MARKER = "<!-- plan:report-link -->"


@dataclass(frozen=True)
class PageFacts:
    """What the theme shows about one page in one language."""

    reader_lang: str
    text_lang: str
    source: str | None  # what the edit link opens: "docs/….md", "data/….yml" or a "data/…/" folder
    generated: bool
    edit_url: str | None
    translate_url: str | None
    updated: dt.datetime | None
    published: dt.date | None
    report_url: str | None = None

    @property
    def fallback(self) -> bool:
        """Served to readers of one language in another (not yet translated)."""
        return self.text_lang != self.reader_lang


def edit_link(base: str, source: str) -> str | None:
    """The web editor's URL for `source` (a folder opens its listing instead)."""
    if not base:
        return None
    base = base if base.endswith("/") else base + "/"
    if source.endswith("/"):
        if "/edit/" not in base:
            return None
        return base.replace("/edit/", "/tree/", 1) + quote(source)
    return base + quote(source)


def new_file_link(base: str, folder: str, name: str) -> str | None:
    """The web editor's "create a file" URL (GitHub and GitLab spell it `/new/`)."""
    if not base or "/edit/" not in base:
        return None
    base = base if base.endswith("/") else base + "/"
    return base.replace("/edit/", "/new/", 1) + quote(folder) + "?filename=" + quote(name)


def report_link(issues_url: str, page_url: str, title: str) -> str | None:
    """A new content-error issue with the page's address and title already filled in."""
    if not issues_url:
        return None
    issues = issues_url.rstrip("/")
    return f"{issues}/new?template={REPORT_TEMPLATE}&page={quote(page_url, safe='')}&title={quote(title, safe='')}"


def report_forms_markdown(issues_url: str, t: Lookup) -> str:
    """What replaces the report marker: how to report, with links when the tracker is known."""
    if not issues_url:
        return t("report_how_offline")
    return t("report_how", url=f"{issues_url.rstrip('/')}/new/choose")


def page_facts(
    *,
    src: str,
    meta: Mapping[str, Any],
    reader_lang: str,
    text_lang: str,
    generated_dir: str,
    edit_base: str,
    git: GitDates,
    tree: DocsTree | None = None,
    report_url: str | None = None,
) -> PageFacts:
    """Facts for the page whose source is `src` (relative to the project, e.g. docs/x.vi.md)."""
    generated_from = meta.get("generated_from")
    docs_rel = src.split("/", 1)[1] if "/" in src else src
    translate_url = None
    published = None
    line = meta.get("generated_line")
    anchor = f"#L{line}" if isinstance(line, int) and not isinstance(line, bool) and line > 0 else ""
    if isinstance(generated_from, str) and generated_from:
        source: str | None = generated_from
        generated = True
        record = meta.get("record_file")  # the page's own record, when its text lives elsewhere
        updated = git.latest([generated_from, record]) if isinstance(record, str) else git.of(generated_from)
    elif docs_rel.split("/", 1)[0] == generated_dir:
        source, generated, updated = None, True, None
    else:
        source, generated = src, False
        sources = [src]
        base = docs_rel.rsplit(".", 2)[0]
        if tree is not None and base == LISTING:
            # The listing changes whenever a post does.
            sources += [post.page.file for post in posts(tree, reader_lang)]
        updated = git.latest(sources)
        date = meta.get("date")
        published = date if isinstance(date, dt.date) else _parse_date(date)
        if text_lang != reader_lang:
            folder, _, name = src.rpartition("/")
            translate_url = new_file_link(edit_base, folder, name.replace(f".{text_lang}.md", f".{reader_lang}.md"))
    edit_url = edit_link(edit_base, source) if source else None
    if edit_url and source and not source.endswith("/"):
        edit_url += anchor  # GitHub opens the file at the line holding what the page shows
    return PageFacts(
        reader_lang=reader_lang,
        text_lang=text_lang,
        source=source,
        generated=generated,
        edit_url=edit_url,
        translate_url=translate_url,
        updated=updated,
        published=published,
        report_url=report_url,
    )


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def template_context(facts: PageFacts, t: Lookup) -> dict[str, Any]:
    """The strings the theme partials print, already in the reader's language."""
    updated = facts.updated.astimezone(VIETNAM) if facts.updated is not None else None
    return {
        "lang": facts.reader_lang,
        "text_lang": facts.text_lang,
        "fallback": facts.fallback,
        "noindex": facts.fallback,
        "notice_title": t("untranslated_title"),
        "notice_body": t("untranslated_body"),
        "translate_url": facts.translate_url,
        "translate_label": t("untranslated_help"),
        "edit_url": facts.edit_url,
        "edit_label": t("page_edit_data") if facts.generated else t("page_edit"),
        "source": facts.source,
        "updated_label": t("page_updated"),
        "updated_iso": updated.isoformat(timespec="seconds") if updated else None,
        "updated_text": long_date(updated.date(), t) if updated else None,
        "published_label": t("page_published"),
        "published_iso": facts.published.isoformat() if facts.published else None,
        "published_text": long_date(facts.published, t) if facts.published else None,
        "report_url": facts.report_url,
        "report_label": t("page_report"),
    }
