"""MkDocs hook: build the other languages in a forked process beside the default one.

mkdocs-static-i18n builds the Vietnamese site, then, from its `on_post_build`, the
English one, so a build uses one of the machine's cores. Right after the output folder
is cleaned, this hook forks (`plan_fork`): the child runs the other languages' builds
exactly as static-i18n's loop would (same calls, same configuration object), the parent
builds Vietnamese; when static-i18n's loop reaches English in the parent, it joins the
child instead of building, and takes its search entries and the HTML policy's state.
Whole-site steps (the merged search index, the URL manifest, redirects) stay in the
parent, after the join. The output is byte-identical to a sequential build
(tests/test_parallel_build.py); any failure in the child fails the build, and a failed
parent kills the child before the output is removed.

Only for `mkdocs build` (serve has threads, and `make preview` builds one language);
generation renders in two processes under the same switch. `PLAN_PARALLEL=0` turns
both off. Listed first in `hooks:`.

Also here, for every command: static-i18n's lookup of a link's target file
(`I18nFiles.get_file_from_path`, called for every link of every page) remembers which
file names it tries (`remembered_link_lookup`).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import mkdocs_static_i18n.plugin as i18n_plugin
from mkdocs import utils
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs_static_i18n.suffix import I18nFiles
from mkdocs_static_i18n.utils import I18nLoggingFilter

import plan_fork
from plan_links import SitemapError, merge_sitemaps

log = logging.getLogger("mkdocs.hooks.plan_parallel")


class _State:
    def __init__(self) -> None:
        self.enabled = False
        self.child: plan_fork.Child | None = None
        self.languages: list[str] = []
        self.sitemap = ""  # in the child: its languages' part of sitemap.xml
        self.strict_failure = ""  # the child's strict-mode abort, raised after the whole-site checks


STATE = _State()


def _build_other_languages(config: MkDocsConfig, plugin: Any, languages: list[str]) -> None:
    """In the child: what static-i18n's `on_post_build` does for each other language."""
    plugin.building = True
    utils.clean_directory = lambda directory: None  # the parent cleaned it; do not remove its pages
    quiet = I18nLoggingFilter()
    quiet.filtered_prefixes.update({"Documentation built in", "Building documentation to directory"})
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    dirty = "--dirty" in sys.argv or "--dirtyreload" in sys.argv
    for locale in languages:
        plugin.current_language = locale
        try:
            build(config, dirty=dirty)
        except Abort as exc:
            if "strict mode" not in str(exc):
                raise
            # A sequential build aborts for warnings only after this language's
            # post-build steps, the whole-site checks included; the parent does them.
            STATE.strict_failure = str(exc)
            return


def _join_instead_of_build(config: MkDocsConfig, dirty: bool = False, **kwargs: Any) -> None:
    """Static-i18n's loop calls this for each other language: wait for the child once."""
    child = STATE.child
    plugin = config.plugins.get("i18n")
    locale = getattr(plugin, "current_language", None)
    if child is None or locale not in STATE.languages:
        build(config, dirty=dirty, **kwargs)
        return
    _join(child)


def _join(child: plan_fork.Child) -> None:
    try:
        child.join()
    except plan_fork.ChildBuildError as exc:
        raise PluginError(str(exc)) from None


def _restore() -> None:
    i18n_plugin.build = build


class _Tried(dict[str, Any]):
    """Stands in for `Files.src_uris` to record the names static-i18n tries, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:
        self.names.append(key)
        return default


def remembered_link_lookup() -> None:
    """Make static-i18n's link lookup try its file names without rebuilding them each time.

    For each link it builds three candidate names with pathlib (`page.en.md`,
    `page.vi.md`, `page.md`) and returns the first file that exists: 46 µs a link,
    7,677 links in one language at ×10. The candidates depend only on the link and the
    two languages, so they are taken once from static-i18n's own method (run against a
    recorder) and then looked up directly; the result is the same file.
    """
    original = I18nFiles.get_file_from_path
    if getattr(original, "plan_remembered", False):
        return
    candidates: dict[tuple[str, str, str], tuple[str, ...]] = {}

    def get_file_from_path(self: I18nFiles, path: str) -> Any:
        key = (path, self.plugin.current_language, self.plugin.default_language)
        names = candidates.get(key)
        if names is None:
            tried = _Tried()
            original(SimpleNamespace(plugin=self.plugin, src_uris=tried), path)
            names = candidates[key] = tuple(tried.names)
        found = self.src_uris
        for name in names:
            file = found.get(name)
            if file:
                return file
        return None

    get_file_from_path.plan_remembered = True  # type: ignore[attr-defined]
    I18nFiles.get_file_from_path = get_file_from_path


# --- MkDocs events begin here -----------------------------------------------------


def on_startup(command: str, **_: Any) -> None:
    remembered_link_lookup()
    STATE.enabled = command == "build" and plan_fork.available() and os.environ.get("PLAN_PARALLEL", "1") != "0"
    plan_fork.allow(STATE.enabled)  # generation (hooks/plan_site.py) renders in two processes too


@event_priority(100)  # after the output folder is cleaned, before static-i18n sorts the files (-100)
def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    """At the start of the default language's build, fork the other languages' builds."""
    plugin = config.plugins.get("i18n")
    if not STATE.enabled or plugin is None or plan_fork.in_child() or STATE.child is not None:
        return files
    if getattr(plugin, "building", False) or plugin.current_language != plugin.default_language:
        return files
    others = [locale for locale in plugin.build_languages if locale != plugin.current_language]
    if not others:
        return files
    before = len(plugin.search_entries)
    plan_fork.register(
        "i18n-search-entries",
        lambda: plugin.search_entries[before:],
        plugin.search_entries.extend,
    )
    sitemap = Path(config.site_dir) / "sitemap.xml"

    def merge_sitemap(part: str) -> None:
        if not part:
            return
        try:
            merged = merge_sitemaps(sitemap.read_text(encoding="utf-8"), part)
        except (OSError, SitemapError) as exc:
            raise PluginError(f"{sitemap}: {exc}") from None
        sitemap.write_text(merged, encoding="utf-8")

    plan_fork.register("sitemap", lambda: STATE.sitemap, merge_sitemap)
    plan_fork.register("strict", lambda: STATE.strict_failure, lambda text: setattr(STATE, "strict_failure", text))
    STATE.languages = others
    STATE.child = plan_fork.start(lambda: _build_other_languages(config, plugin, others), " and ".join(others))
    i18n_plugin.build = _join_instead_of_build
    log.info("plan: building %s in a parallel process", ", ".join(others))
    return files


@event_priority(-950)  # the final text, after every other hook
def on_post_template(output_content: str, template_name: str, **_: Any) -> str:
    """In the child, the sitemap is kept for the parent (which appends it to its own), not written."""
    if plan_fork.in_child() and template_name == "sitemap.xml":
        STATE.sitemap = output_content
        return ""
    return output_content


@event_priority(-1100)  # after plan_guard's whole-site checks (-1000), as in a sequential build
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Child joined (static-i18n's loop did it); its strict-mode warnings fail the build now."""
    if plan_fork.in_child():
        return
    if STATE.child is not None:
        child, STATE.child = STATE.child, None
        _restore()
        if not child.joined:  # static-i18n never reached the other languages: not a complete site
            child.stop()
            raise PluginError(
                f"the build of {', '.join(STATE.languages)} in a parallel process was never collected: "
                "build again with PLAN_PARALLEL=0 and report this"
            )
    if STATE.strict_failure:
        message, STATE.strict_failure = STATE.strict_failure, ""
        log.error("plan: the build of %s (in a parallel process) had warnings", ", ".join(STATE.languages))
        raise Abort(message)


@event_priority(100)  # before plan_guard removes the output
def on_build_error(error: Exception, **_: Any) -> None:
    """A failed parent stops its child, so nothing writes into the folder being removed."""
    if STATE.child is not None and not plan_fork.in_child():
        child, STATE.child = STATE.child, None
        _restore()
        child.stop()
