"""MkDocs hooks for what the reader's browser gets: search, language links, theme strings.

Thin adapters; the logic lives in `plan_search` (one index per language) and
`plan_links` (absolute alternates, `x-default`, sitemap). Listed in `hooks:` of
mkdocs.yml after `plan_site.py`.

- Theme strings: templates call `plan_t(lang, key)` (fails the build on an unknown key)
  and `partials/language.html` lets `theme.<material key>` entries of
  `data/i18n/<lang>.yml` override Material's own translations.
- Language links: `config.extra.alternate` links (the language menu and the
  `<link rel="alternate" hreflang>` tags) become absolute, and pages get an
  `x-default`. The 404 page links to each language's home.
- Search: the English pages' search base moves to `/en/` and every page's search worker
  becomes our accent-folding wrapper around Material's; after the last language is
  built, the merged index is split per language and the sitemap gets `x-default`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment
from jinja2.utils import htmlsafe_json_dumps
from material.plugins.search import plugin as material_search
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from plan_freshness import TEMPLATE_BYTECODE
from plan_links import SitemapError, absolute_url, language_home, rewrite_sitemap
from plan_load import Located, load_strings
from plan_search import SearchIndexError, without_page, write_language_indexes
from plan_search_sections import split_sections, take_clean

log = logging.getLogger("mkdocs.hooks.plan_reader")


class _SectionsParser(material_search.Parser):  # type: ignore[misc]
    """Material's search parser, reading a sanitised page body without a second HTML parse.

    `plan_guard` marks each body nh3 cleaned; such canonical HTML is split by
    `plan_search_sections` (same sections, proven by tests/test_search_sections.py);
    any other HTML goes through Material's parser unchanged.
    """

    def feed(self, data: str) -> None:
        if take_clean(data):
            self.data = split_sections(data)
            self.plan_split = True
        else:
            super().feed(data)

    def close(self) -> None:
        if not getattr(self, "plan_split", False):
            super().close()


material_search.Parser = _SectionsParser

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_MATERIAL_WORKER = re.compile(r"(?P<dir>(?:.*/)?assets/javascripts/workers/)(?P<name>search\.[0-9a-f]+\.min\.js)$")

# --- helpers -----------------------------------------------------------------------


class Languages(NamedTuple):
    built: list[str]
    default: str
    current: str  # the language static-i18n is building now


def _languages(config: MkDocsConfig) -> Languages:
    plugin = config.plugins.get("i18n")
    if plugin is None:
        lang = str(config.theme["language"])
        return Languages([lang], lang, lang)
    langs = [str(lang.locale) for lang in plugin.config.languages if lang.build]
    default = next(str(lang.locale) for lang in plugin.config.languages if lang.default)
    return Languages(langs, default, str(plugin.current_language or default))


def _string_lookup(config: MkDocsConfig) -> dict[str, dict[str, str]]:
    root = Path(config.config_file_path).resolve().parent
    problems: list[Located] = []
    strings = load_strings(root / "data", root, problems)
    if problems:
        raise PluginError("UI strings have problems:\n" + "\n".join(str(p) for p in problems))
    return strings


def _alternates(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The language alternates the templates will render.

    static-i18n assigns `config.extra.alternate` as an attribute for each page, which
    shadows the `extra["alternate"]` item; Jinja reads the attribute first, so do we.
    """
    value = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    return list(value)


def _set_alternates(config: MkDocsConfig, alternates: list[dict[str, Any]]) -> None:
    config.extra["alternate"] = alternates
    setattr(config.extra, "alternate", alternates)  # noqa: B010 - the attribute static-i18n set


def rewrite_config_script(html: str, edit: Callable[[dict[str, Any]], None]) -> str:
    """Apply `edit` to the JSON of Material's `<script id="__config">` in a page."""

    def replace(match: re.Match[str]) -> str:
        data = json.loads(match.group(2))
        edit(data)
        return match.group(1) + str(htmlsafe_json_dumps(data)) + match.group(3)

    return _CONFIG_SCRIPT.sub(replace, html, count=1)


def search_config_editor(lang: str, default: str) -> Callable[[dict[str, Any]], None]:
    """Point a page at its language's index and at the folding worker."""

    def edit(data: dict[str, Any]) -> None:
        match = _MATERIAL_WORKER.match(str(data.get("search", "")))
        if match is None:
            raise PluginError(
                f"Material's search worker path {data.get('search')!r} is not the expected "
                "'…/assets/javascripts/workers/search.<hash>.min.js': check hooks/plan_reader.py "
                "against the installed mkdocs-material"
            )
        data["search"] = f"{match.group('dir')}plan-search.js?material={match.group('name')}"
        if lang != default:
            base = str(data["base"]).rstrip("/")
            # Material resolves "search/search_index.json" against this: keep the slash.
            data["base"] = f"{base}/{lang}/" if base else f"{lang}/"

    return edit


# --- MkDocs events begin here -----------------------------------------------------


@event_priority(100)  # before Material's search plugin loads partials/language.html in its on_config
def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Every theme environment compiles through the compiled-template cache (plan_freshness).

    MkDocs makes a new environment per language and per rebuild, and Material makes
    more for its translations; each compiled the theme's templates again.
    """
    theme = config.theme
    make_env = theme.get_env
    if getattr(make_env, "plan_cached", False):
        return config

    def get_env() -> Environment:
        env = make_env()
        env.bytecode_cache = TEMPLATE_BYTECODE
        return env

    get_env.plan_cached = True  # type: ignore[attr-defined]
    theme.get_env = get_env  # type: ignore[method-assign]
    return config


def on_env(env: Environment, config: MkDocsConfig, **_: Any) -> Environment:
    """Give templates our UI strings: `plan_t(lang, key)` and Material overrides."""
    strings = _string_lookup(config)

    def plan_t(lang: str, key: str) -> str:
        table = strings.get(lang)
        if table is None or key not in table:
            raise PluginError(f"UI string '{key}' is missing from data/i18n/{lang}.yml: add it")
        return table[key]

    def plan_theme_t(lang: str, key: str) -> str:
        return strings.get(lang, {}).get(f"theme.{key}", "")

    default = _languages(config).default

    def plan_link(lang: str, path: str) -> str:
        """Site-root-relative path of `path` in `lang` (pass it through `| url`)."""
        return path if lang == default else f"{lang}/{path}"

    env.globals["plan_t"] = plan_t
    env.globals["plan_theme_t"] = plan_theme_t
    env.globals["plan_link"] = plan_link
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    """Absolute alternates (static-i18n set them at priority 50) and the `x-default`;
    in a `--dirty` rebuild, the page's old search entries are replaced (`_reindexed`)."""
    default = _languages(config).default
    alternates = _alternates(config)
    for alt in alternates:
        alt["link"] = absolute_url(config.site_url or "/", str(alt["link"]))
    context["plan_x_default"] = next((alt["link"] for alt in alternates if alt.get("lang") == default), None)
    _reindexed(config.plugins.get("material/search"), page.url)
    return context


_held: tuple[Any, int] | None = None  # (this build's search index, how many entries at its front are kept)


def _reindexed(search: Any, url: str) -> None:
    """In a `--dirty` rebuild, keep the previous build's entries except those of rebuilt pages.

    Material merges the previous index by dropping every entry under the first rebuilt
    page's URL, assuming one page changes at a time: an edit of the data rebuilds many,
    so each rebuild added them to search once more, and a rebuilt section index (or the
    home page, whose URL prefixes every other) took unchanged pages out of search.
    Instead, the previous entries go in front of this build's index, and each rebuilt
    page's old entries leave it as the page is indexed.
    """
    global _held
    index: Any = getattr(search, "search_index", None)
    previous = getattr(search, "search_index_prev", None)
    if index is None:
        return
    if previous is not None:
        search.search_index_prev = None
        kept = without_page(previous.entries, url)
    elif _held is not None and _held[0] is index:
        kept = without_page(index.entries[: _held[1]], url)
        index.entries = index.entries[_held[1] :]
    else:
        return
    index.entries = kept + index.entries
    _held = (index, len(kept))


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    """The 404 page's language menu leads to each language's home, not the last page built."""
    if template_name == "404.html":
        langs, default, _current = _languages(config)
        names = {str(alt.get("lang")): alt.get("name") for alt in _alternates(config)}
        homes = [
            {"name": names.get(lang, lang), "lang": lang, "link": language_home(config.site_url or "/", lang, default)}
            for lang in langs
        ]
        _set_alternates(config, homes)
        context["plan_x_default"] = None
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """Search of this page's language, through the folding worker."""
    languages = _languages(config)
    return rewrite_config_script(output, search_config_editor(languages.current, languages.default))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig, **_: Any) -> str:
    """One 404 page, the default language's (it carries both languages' text).

    static-i18n renders 404.html once per language into the same file; an empty output
    makes MkDocs skip the write for the other languages.
    """
    if template_name != "404.html":
        return output_content
    languages = _languages(config)
    if languages.current != languages.default:
        return ""
    return rewrite_config_script(output_content, search_config_editor(languages.default, languages.default))


@event_priority(-200)  # after static-i18n (-100) has built every language and merged the index
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Split the search index per language and add `x-default` to the sitemap."""
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin, "building", False):
        return  # a nested language build; the final pass comes last
    langs, default, _current = _languages(config)
    site_dir = Path(config.site_dir)
    try:
        if (site_dir / "search" / "search_index.json").exists():
            parts = write_language_indexes(site_dir, langs, default)
            log.info(
                "plan: search index per language: %s", ", ".join(f"{p.lang} {len(p.index['docs'])}" for p in parts)
            )
        rewrite_sitemap(site_dir, default)
    except (SearchIndexError, SitemapError) as exc:
        raise PluginError(str(exc)) from None
