"""MkDocs hooks for the hand-written pages: thin adapters, no logic of their own.

- on_config: validate every page's front matter, the vi/en parity and the menu, read
  git's last-change dates, complete the menu from the folders (`content.checked`, once
  for both languages while no file changes); any problem stops the build.
- on_page_markdown: put the list of news posts into the news listing (`plan_news`).
- on_page_content: mark the text of an untranslated page with its real language.
- on_page_context: edit link, dates and the untranslated notice (`plan_facts`); on a
  news post, its date, topics, agency and neighbours (`news.post_context`).
- on_post_build: write the Atom feed of the language just built.

mkdocs-static-i18n runs the whole build once per language, so every event runs once
per language; the language being built is `config.theme.language`, which the plugin
sets (reconfigure_material) before any page is rendered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from plan179.content.checked import check_pages
from plan179.content.facts import REPORT_MARKER, page_facts, report_forms_markdown, report_link, template_context
from plan179.content.gitdates import GitDates
from plan179.content.links import broken_links, page_candidates
from plan179.content.navigation import ARTICLE_LIST, article_list, folder_entries
from plan179.content.news import (
    LISTING,
    feed_path,
    feed_url,
    lookup,
    post_context,
    posts,
    replace_marker,
    write_if_changed,
)
from plan179.content.pages import DEFAULT_LANGUAGE, DocsTree
from plan179.data.load import LANGUAGES, Located, PlanDataError
from plan179.export.atom import render_feed
from plan179.render.news import render_listing
from plan179.render.site import GENERATED_DIR

log = logging.getLogger("mkdocs.hooks.plan_docs_site")


@dataclass
class _State:
    root: Path = Path()
    tree: DocsTree = field(default_factory=DocsTree)
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    git: GitDates = field(default_factory=GitDates)
    links: list[Located] = field(default_factory=list)  # broken links of this language's pages
    agencies: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # id: (slug, names)


_state = _State()
_told: set[str] = set()


def _tell_once(message: str) -> None:
    """Say it once per process, not once per language build."""
    if message not in _told:
        _told.add(message)
        log.info(message)


def _language(config: MkDocsConfig) -> str:
    lang = str(config.theme.get("language", DEFAULT_LANGUAGE))
    if lang not in LANGUAGES:
        raise PluginError(f"theme.language is '{lang}': expected one of {', '.join(LANGUAGES)}")
    return lang


def _edit_base(config: MkDocsConfig) -> str:
    return str(config.extra.get("edit_base_url") or "")


def _issues_url(config: MkDocsConfig) -> str:
    return str(config.extra.get("repo_issues_url") or "")


# --- MkDocs events begin here -----------------------------------------------------


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Check every hand-written page; stop the build listing every problem."""
    root = Path(config.config_file_path).resolve().parent
    try:
        checked = check_pages(root, Path(config.docs_dir), Path(config.config_file_path), config.nav, _tell_once)
    except PlanDataError as exc:
        count = len(exc.problems)
        raise PluginError(
            f"The pages have {count} problem{'s' if count != 1 else ''}; nothing was built:\n{exc}"
        ) from None
    if not _edit_base(config):
        log.debug("pages: no 'edit this page' links (set extra.edit_base_url or EDIT_BASE_URL)")
    _state.root, _state.tree, _state.strings, _state.git = root, checked.tree, checked.strings, checked.git
    _state.agencies = checked.agencies
    _state.links = []
    config.nav = checked.expanded
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files, **_: Any) -> str:
    """The news listing gets its list of posts; a report marker, the link to the issue forms."""
    lang = _language(config)
    if not page.file.src_uri.startswith(f"{GENERATED_DIR}/"):
        _check_links(markdown, page, files, lang)
    if ARTICLE_LIST in markdown:
        folder = page.file.src_uri.rsplit("/", 1)[0] if "/" in page.file.src_uri else ""
        entries = folder_entries(Path(config.docs_dir), folder, lang)
        markdown = markdown.replace(ARTICLE_LIST, article_list(entries, f"{folder}/index.md"))
    if REPORT_MARKER in markdown:
        t = lookup(_state.strings[lang], lang)
        markdown = markdown.replace(REPORT_MARKER, report_forms_markdown(_issues_url(config), t))
    if _norm(page.file.src_uri) != LISTING:
        return markdown
    items = posts(_state.tree, lang)
    listing = render_listing(items, lang, _state.strings[lang], feed_url(config.site_url or "", lang))
    try:
        return replace_marker(markdown, listing, f"docs/{page.file.src_uri}")
    except ValueError as exc:
        raise PluginError(str(exc)) from None


def _check_links(markdown: str, page: Page, files: Files, lang: str) -> None:
    """Links to missing pages or anchors, each with its line (MkDocs names no line)."""

    def resolve(path: str) -> str | None:
        for candidate in page_candidates(path, lang):
            found = files.get_file_from_path(candidate)
            if found is not None and found.abs_src_path:
                return Path(found.abs_src_path).read_text(encoding="utf-8")
        return None

    text = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else markdown

    def exists(path: str) -> bool:
        return files.get_file_from_path(path) is not None

    for line, message in broken_links(text, page.file.src_uri, resolve, exists):
        _state.links.append(Located(f"docs/{page.file.src_uri}", line, message))


def on_env(env: Any, config: MkDocsConfig, files: Files, **_: Any) -> Any:
    """Stop before this language's pages are written if a link is broken."""
    if _state.links:
        problems = sorted(set(_state.links), key=lambda p: (p.file, p.line, p.message))
        count = len(problems)
        raise PluginError(
            f"The pages have {count} broken link{'s' if count != 1 else ''}; nothing was built:\n"
            + "\n".join(str(p) for p in problems)
        )
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files, **_: Any) -> str:
    """An untranslated page's text keeps its own `lang`, for screen readers and browsers."""
    text_lang = _file_language(page.file.src_uri)
    if text_lang != _language(config):
        return f'<div lang="{text_lang}">\n{html}\n</div>'
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    """Edit link (also Material's edit button), dates, the untranslated notice, news post links."""
    reader = _language(config)
    text_lang = _file_language(page.file.src_uri)
    t = lookup(_state.strings[reader], reader)
    src = Path(page.file.abs_src_path or "").resolve()
    try:
        rel = src.relative_to(_state.root).as_posix()
    except ValueError:
        rel = page.file.src_uri
    facts = page_facts(
        src=rel,
        meta=page.meta,
        reader_lang=reader,
        text_lang=text_lang,
        generated_dir=GENERATED_DIR,
        edit_base=_edit_base(config),
        git=_state.git,
        tree=_state.tree,
        report_url=report_link(
            _issues_url(config),
            page.canonical_url or page.abs_url or "",
            f"{t('report_issue_title')}: {page.title or ''}",
        ),
    )
    page.edit_url = facts.edit_url
    context["plan_page"] = template_context(facts, t)
    context["plan_feed"] = {"url": feed_url(config.site_url or "", reader), "title": t("news_feed_title")}
    base = page.file.src_uri.rsplit(".", 2)[0]  # "tin-tuc/ngay-asean.vi.md" -> "tin-tuc/ngay-asean"
    context["plan_news_post"] = post_context(_state.tree, reader, base, t, _state.agencies)
    return context


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """The Atom feed of the language just built, beside its news listing."""
    lang = _language(config)
    content = render_feed(
        _state.tree,
        lang,
        _state.strings[lang],
        config.site_url or "",
        _state.git,
        directory_urls=config.use_directory_urls,
    )
    write_if_changed(feed_path(Path(config.site_dir), lang), content)


def _file_language(src_uri: str) -> str:
    """The language a page's text is written in, from its file name (`a.en.md` → en).

    static-i18n serves the default-language file where a translation is missing, so
    a page built for English may hold Vietnamese text.
    """
    parts = src_uri.rsplit("/", 1)[-1].split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in LANGUAGES else DEFAULT_LANGUAGE


def _norm(src_uri: str) -> str:
    """`tin-tuc/index.en.md` → `tin-tuc/index`."""
    stem = src_uri.removesuffix(".md")
    for lang in LANGUAGES:
        stem = stem.removesuffix(f".{lang}")
    return stem
