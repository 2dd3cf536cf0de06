"""MkDocs hook that makes each page safe to publish: a thin adapter to plan179.publish.

- Content: each page is published sanitised; its front matter (valid, plain text) and
  its rendered HTML (no scripts, frames, forms, event handlers, script URLs, remote
  media, oversized images; nothing the sanitiser removes) are checked beside the build
  (plan179.publish.page_checks). Problems stop the build before the language's pages
  are written, naming `docs/<page>.md:LINE`.
- Every page gets a Content-Security-Policy computed from its own inline scripts as the
  first thing in `<head>`, and the commit it was built from.
- Under `mkdocs serve`, the publishing stage (plan179.publish.site: redirects, sitemap,
  search index) runs after each rebuild; `make site` runs it after `mkdocs build`.
- Under `mkdocs serve` only, pages load the preview's own reload script and show a
  failed rebuild's error (plan179.publish.preview); `mkdocs build` never adds them.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from plan179.content.navigation import nav_problems
from plan179.data.stamps import Freshness, fingerprint
from plan179.publish.csp import page_policy
from plan179.publish.html_policy import DEFAULT_MAX_IMAGE_BYTES, Problem, sanitise
from plan179.publish.page_check import PageFiles, oversized_images
from plan179.publish.page_checks import PageCheckError, PageChecks
from plan179.publish.preview import StatusServer, preview_page, status_source, write_script
from plan179.publish.site import PublishError, Settings, find_commit, publish

log = logging.getLogger("mkdocs.hooks.plan_guard")

LAST = -1000  # after every other plugin and hook has changed the output


@dataclass
class _State:
    """What the current language's build has seen so far."""

    command: str = "build"
    root: Path = Path()
    docs_dir: Path = Path()
    commit: str = "unknown"
    problems: list[Problem] = field(default_factory=list)  # this language's pages
    reported_images: set[str] = field(default_factory=set)
    static: tuple[int, dict[str, str]] = (0, {})  # id of the Files collection, its non-page files by URL
    status: StatusServer | None = None  # under `mkdocs serve`: the build status for the preview's pages
    checks: PageChecks | None = None  # this language's page checks (beside the build under `mkdocs build`)
    mount_path: str = "/"
    published: Freshness = field(default_factory=Freshness)  # under `mkdocs serve`: site/ as last published


STATE = _State()


@functools.cache
def _display_path(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _display(page: Page) -> str:
    """The page's file as messages name it (resolved once per file and repository)."""
    return _display_path(page.file.abs_src_path or page.file.src_path, STATE.root)


def _generated_from(page: Page) -> str | None:
    value = (page.meta or {}).get("generated_from")
    return value if isinstance(value, str) and (STATE.root / value).is_file() else None


def _max_image_bytes(config: MkDocsConfig) -> int:
    value = config.extra.get("max_image_kb")
    return int(value) * 1024 if isinstance(value, int) and value > 0 else DEFAULT_MAX_IMAGE_BYTES


def _fail(title: str, problems: list[Problem]) -> PluginError:
    ordered = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
    count = len(ordered)
    return PluginError(
        f"{title} ({count} problem{'s' if count != 1 else ''}); nothing was published:\n"
        + "\n".join(str(p) for p in ordered)
    )


# --- MkDocs events begin here -----------------------------------------------------


def _config_problem(text: str) -> str | None:
    """What the preview shows when mkdocs.yml no longer reads (MkDocs then runs no hook)."""
    found = nav_problems(text, lambda _path: True)  # only whether it reads: pages are the build's
    return "\n".join(f"{file}:{line}: {message}" for file, line, message in found) or None


def on_startup(command: str, **_: Any) -> None:
    """Remember the command: `serve` keeps its output folder on errors and gets the preview."""
    STATE.command = command


def _stop_checks() -> None:
    if STATE.checks is not None:
        STATE.checks.close()
        STATE.checks = None


def on_shutdown(**_: Any) -> None:
    """Stop the page checks' worker and the preview's status server."""
    _stop_checks()
    if STATE.status is not None:
        STATE.status.close()
        STATE.status = None


def on_build_error(error: Exception, **_: Any) -> None:
    """Stop the page checks; under `mkdocs serve`, show the error (with its file and line) in the open pages."""
    _stop_checks()
    if STATE.status is not None:
        STATE.status.status.set("error", str(error).strip() or type(error).__name__)


@event_priority(100)
def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Start of a language's build: note the commit, forget the last language's findings."""
    STATE.root = Path(config.config_file_path).resolve().parent
    STATE.docs_dir = Path(config.docs_dir).resolve()
    STATE.commit = find_commit(STATE.root)
    STATE.problems, STATE.reported_images, STATE.static = [], set(), (0, {})
    _stop_checks()
    # One localStorage scope for the whole site keeps Material's inline scripts, and so
    # their CSP hashes, identical on every page.
    config.extra.setdefault("scope", urlsplit(config.site_url or "").path or "/")
    config.extra["plan_build_commit"] = STATE.commit
    if STATE.command == "serve":
        if STATE.status is None:
            host, port = config.dev_addr
            STATE.status = StatusServer(host, page_port=port)
            STATE.status.watch_file(Path(config.config_file_path), _config_problem)
        STATE.mount_path = urlsplit(config.site_url or "/").path or "/"
    return config


def _static_files(files: Files) -> dict[str, str]:
    """The site's non-page files by URL, listed once per collection of files."""
    if STATE.static[0] != id(files):
        STATE.static = (
            id(files),
            {unquote(f.url): f.abs_src_path for f in files if not f.is_documentation_page() and f.abs_src_path},
        )
    return STATE.static[1]


def _page_files(page: Page) -> PageFiles:
    origin = _generated_from(page)
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    return PageFiles(_display(page), source, (origin, STATE.root / origin) if origin else None)


def _checks(config: MkDocsConfig, files: Files) -> PageChecks:
    """This language's page checks: in a worker process under `mkdocs build`, where the
    engine leaves the second core idle; at once under `mkdocs serve`, which rebuilds few pages."""
    if STATE.checks is None:
        STATE.checks = PageChecks(_static_files(files), _max_image_bytes(config), beside=STATE.command == "build")
    return STATE.checks


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files, **_: Any) -> str:
    """The page is published sanitised; the HTML policy's check of it is collected in `on_env`."""
    clean = sanitise(html)
    _checks(config, files).add(html, clean, _page_files(page), page.url)
    return clean


@event_priority(LAST)
def on_env(env: Any, config: MkDocsConfig, files: Files, **_: Any) -> Any:
    """Stop before anything of this language is written if a page broke the policy."""
    if STATE.checks is not None:
        try:
            problems, seen = STATE.checks.results()
        except PageCheckError as exc:
            raise PluginError(str(exc)) from None
        finally:
            STATE.checks = None
        STATE.problems += problems
        STATE.reported_images |= seen
    STATE.problems += oversized_images(
        (Path(f.abs_src_path) for f in files if f.abs_src_path and not f.is_documentation_page()),
        docs_dir=STATE.docs_dir,
        root=STATE.root,
        limit=_max_image_bytes(config),
        seen=STATE.reported_images,
    )
    if STATE.problems:
        raise _fail("Pages break the publishing policy", STATE.problems)
    return env


def _protect(output: str, source: str, preview: bool = False) -> str:
    if not output.strip():
        return output  # an empty output is not written
    connect: tuple[str, ...] = ()
    if preview and STATE.status is not None:
        output = preview_page(output, STATE.mount_path, STATE.status.port)
        connect = (status_source(STATE.status.host, STATE.status.port),)
    result = page_policy(output, connect)
    if result is None:
        raise PluginError(
            f"{source}: the page has no Content-Security-Policy as the first element of <head>: "
            "overrides/main.html must include partials/csp.html first in block site_meta"
        )
    return result[0]


@event_priority(LAST)
def on_post_page(output: str, page: Page, **_: Any) -> str:
    """Fill in the page's CSP with the hashes of its inline scripts (and, under
    `mkdocs serve`, add the preview's reload script)."""
    return _protect(output, _display(page), preview=True)


@event_priority(LAST)
def on_post_template(output_content: str, template_name: str, **_: Any) -> str:
    """Theme pages such as 404.html get their CSP too."""
    if not template_name.endswith(".html"):
        return output_content
    return _protect(output_content, f"overrides/{template_name} (theme template)")


@event_priority(-200)  # after static-i18n (-100) has built the other languages
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Under `mkdocs serve`, the publishing stage after every rebuild (it is idempotent),
    once per state of site/.

    `mkdocs build` leaves it to `python -m plan179.cli publish`, run once by `make site`.
    """
    if STATE.command != "serve":
        return
    site_dir = Path(config.site_dir)
    # static-i18n's outer build ends right after its nested one: nothing written since the
    # stage last ran means nothing to publish again (any page written means a new run).
    if not STATE.published.is_fresh(fingerprint((site_dir,), ())):
        settings = Settings(
            root=STATE.root, site_dir=site_dir, site_url=config.site_url or "/", check_urls=False, preview=True
        )
        write_script(site_dir)
        try:
            for note in publish(settings):
                log.debug("plan: %s", note)
        except PublishError as exc:
            STATE.published.forget()
            raise PluginError(str(exc)) from None
        STATE.published.remember(fingerprint((site_dir,), ()))
    if STATE.status is not None:
        STATE.status.build_succeeded()
