"""MkDocs hooks that make publishing safe: thin adapters to plain modules.

- Content: each page's rendered HTML goes through `plan_html_policy` (no scripts,
  frames, forms, event handlers, script URLs, remote media, oversized images), then
  through the sanitiser; front matter must be valid and plain text.
- Every page gets a Content-Security-Policy computed from its own inline scripts
  (`plan_csp`) as the first thing in `<head>`, and the commit it was built from.
- Published URLs never break (`plan_urls`): redirects are written, and a URL of
  `urls.txt` that is neither a page nor a redirect fails the build.
- A failed build leaves no output behind: strict-mode warnings and errors alike remove
  the site folder, so nothing half-built can be uploaded.

mkdocs-static-i18n builds each language as a nested build inside the first one's
`on_post_build`; `_State.depth` tells the outer build from the nested ones. The
site-wide checks run once, when the last language has written its pages (in its own
`on_post_build`, before MkDocs' strict-mode abort of that language could skip them).
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import plan_fork
from plan_csp import page_policy, policy, unexpected_scripts
from plan_html_policy import (
    DEFAULT_MAX_IMAGE_BYTES,
    Finding,
    Problem,
    check_front_matter,
    inspect_html,
    locate,
    removed_by_sanitiser,
    sanitise,
    sanitised_structure,
)
from plan_load import Located, load_strings
from plan_search_sections import forget_clean, mark_clean
from plan_site import preview_language
from plan_urls import (
    MANIFEST,
    REDIRECTS,
    RedirectText,
    agency_redirects,
    check_redirects,
    missing_urls,
    published_urls,
    read_manifest,
    read_redirects,
    with_languages,
    write_manifest,
    write_redirects,
)

log = logging.getLogger("mkdocs.hooks.plan_guard")

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff"})
COMMIT_META = "build-commit"
LAST = -1000  # after every other plugin and hook has changed the output


@dataclass
class _State:
    """What one `mkdocs build` (all languages) has seen so far."""

    command: str = "build"
    depth: int = 0
    started: int = 0  # languages whose build has begun
    site_checked: bool = False
    root: Path = Path()
    docs_dir: Path = Path()
    site_dir: Path | None = None
    site_url: str = ""
    commit: str = "unknown"
    problems: list[Problem] = field(default_factory=list)  # this language's pages
    late: list[Problem] = field(default_factory=list)  # found while writing pages
    scripts: dict[str, frozenset[str]] = field(default_factory=dict)  # page URL → inline script hashes
    sources: dict[str, str] = field(default_factory=dict)  # page URL → source file
    reported_images: set[str] = field(default_factory=set)
    static: tuple[int, dict[str, str]] = (0, {})  # id of the Files collection, its non-page files by URL


STATE = _State()


def find_commit(root: Path) -> str:
    """The commit being built: `SITE_COMMIT` if set, else git's HEAD, else "unknown"."""
    given = os.environ.get("SITE_COMMIT", "").strip()
    if given:
        return given
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    sha = done.stdout.strip()
    return sha if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}", sha) else "unknown"


def _display(page: Page) -> str:
    path = Path(page.file.abs_src_path or page.file.src_path)
    try:
        return path.resolve().relative_to(STATE.root).as_posix()
    except ValueError:
        return path.as_posix()


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


def _languages(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(URL prefix, locale) of each language built: ("", "vi"), ("en/", "en")."""
    plugin = config.plugins.get("i18n")
    languages = getattr(getattr(plugin, "config", None), "languages", None) or []
    out = []
    for lang in languages:
        if getattr(lang, "build", False) and lang.locale != "null":
            prefix = "" if lang.default else str(lang.link).strip("/") + "/"
            out.append((prefix, str(lang.locale)))
    return out or [("", str(config.theme.get("language") or "en"))]


def _clean_output() -> None:
    """Empty and remove the site folder (dot-files kept, as `mkdocs build --clean` does)."""
    site = STATE.site_dir
    if site is None or not site.is_dir() or STATE.command == "serve":
        return
    for entry in site.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    if not any(site.iterdir()):
        site.rmdir()
    log.info("plan: the build failed, so its output folder %s was removed: nothing half-built can be published", site)


_LINK_WARNING = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains (?:a|an absolute|an unrecognized relative) link '(?P<link>[^']+)'"
)


class _LinkLines(logging.Filter):
    """Prefix MkDocs' link and anchor warnings with `docs/<file>.md:<line>:`.

    MkDocs validates links and anchors (`validation:` in mkdocs.yml) but names no line;
    the line is found by looking for the link as written in the Markdown source.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = _LINK_WARNING.match(message)
        if match is None:
            return True
        path = STATE.docs_dir / match.group("src")
        try:
            text = path.read_text(encoding="utf-8")
            display = path.resolve().relative_to(STATE.root).as_posix()
        except (OSError, ValueError):
            return True
        at = text.find(match.group("link"))
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        record.msg = f"{display}:{line}: {message} Fix the link: point it at an existing page and heading."
        record.args = ()
        return True


LINK_LINES = _LinkLines()


def _export_state() -> dict[str, Any]:
    """What a parallel language build (hooks/plan_parallel.py) found, for the parent."""
    return {
        "started": STATE.started,
        "late": STATE.late,
        "scripts": STATE.scripts,
        "sources": STATE.sources,
        "reported_images": STATE.reported_images,
    }


def _merge_state(state: dict[str, Any]) -> None:
    STATE.started = max(STATE.started, state["started"])
    STATE.late += state["late"]  # reported through _fail, which drops repeats
    STATE.scripts.update(state["scripts"])
    STATE.sources.update(state["sources"])
    STATE.reported_images |= state["reported_images"]


plan_fork.register("plan_guard", _export_state, _merge_state)


# --- MkDocs events begin here -----------------------------------------------------


def on_startup(command: str, **_: Any) -> None:
    """Remember the command: `serve` keeps its output folder on errors."""
    STATE.command = command


@event_priority(100)
def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Start of a language's build; at the outermost one, reset and note the commit."""
    STATE.depth += 1
    if STATE.depth == 1:
        STATE.late, STATE.scripts, STATE.sources, STATE.reported_images = [], {}, {}, set()
        STATE.started, STATE.site_checked = 0, False
        STATE.root = Path(config.config_file_path).resolve().parent
        STATE.site_dir = Path(config.site_dir).resolve()
        STATE.site_url = config.site_url or ""
        STATE.commit = find_commit(STATE.root)
        pages_log = logging.getLogger("mkdocs.structure.pages")
        if LINK_LINES not in pages_log.filters:
            pages_log.addFilter(LINK_LINES)
    STATE.started += 1
    STATE.docs_dir = Path(config.docs_dir).resolve()
    STATE.problems, STATE.static = [], (0, {})
    forget_clean()
    # One localStorage scope for the whole site keeps Material's inline scripts, and so
    # their CSP hashes, identical on every page.
    config.extra.setdefault("scope", urlsplit(STATE.site_url).path or "/")
    config.extra["plan_build_commit"] = STATE.commit
    return config


def on_page_markdown(markdown: str, page: Page, **_: Any) -> str:
    """Front matter must be valid YAML of plain text (the theme writes it unescaped)."""
    path = page.file.abs_src_path
    if path and Path(path).is_file():
        text = Path(path).read_text(encoding="utf-8")
        origin = _generated_from(page)
        for line, message in check_front_matter(text):
            note = f" (this page is generated from {origin}: fix it there)" if origin else ""
            STATE.problems.append(Problem(_display(page), line, message + note))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files, **_: Any) -> str:
    """The HTML policy, then the sanitiser; problems are reported together in `on_env`."""
    if STATE.static[0] != id(files):
        STATE.static = (
            id(files),
            {unquote(f.url): f.abs_src_path for f in files if not f.is_documentation_page() and f.abs_src_path},
        )
    static = STATE.static[1]
    base = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url) + "/"

    def size_of(url: str) -> int | None:
        target = posixpath.normpath(posixpath.join(base, unquote(url.split("#")[0].split("?")[0])))
        path = static.get(target)
        if path and Path(path).is_file():
            STATE.reported_images.add(str(Path(path).resolve()))
            return Path(path).stat().st_size
        return None

    findings, structure = inspect_html(html, local_size=size_of, max_image_bytes=_max_image_bytes(config))
    display = _display(page)

    def sources() -> list[tuple[str, str]]:
        """The files to point at, read only when there is something to report."""
        out: list[tuple[str, str]] = []
        origin = _generated_from(page)
        if origin:
            out.append((origin, (STATE.root / origin).read_text(encoding="utf-8")))
        if page.file.abs_src_path and Path(page.file.abs_src_path).is_file():
            out.append((display, Path(page.file.abs_src_path).read_text(encoding="utf-8")))
        return out or [(display, "")]

    if findings:
        STATE.problems += locate(findings, sources())
        return html
    clean = sanitise(html)
    removed = removed_by_sanitiser(html, clean, structure, sanitised_structure(clean))
    if not removed:
        mark_clean(clean)  # the search index may read this body without an HTML parser
    else:
        needles = []
        for item in removed[:5]:
            tag, _sep, attr = item.strip("<>").partition(" ")
            needles.append(rf"\b{re.escape(attr.split('=')[0])}\s*=" if attr else rf"<\s*{re.escape(tag)}\b")
        STATE.problems += locate(
            [
                Finding(
                    f"the sanitiser would remove {', '.join(removed[:5])}{' …' if len(removed) > 5 else ''}: "
                    "remove it from the page (if a Markdown extension we use produces it, allow it in hooks/plan_html_policy.py)",
                    tuple(needles[:5]),
                )
            ],
            sources(),
        )
    return clean


@event_priority(LAST)
def on_env(env: Any, config: MkDocsConfig, files: Files, **_: Any) -> Any:
    """Stop before anything of this language is written if a page broke the policy."""
    limit = _max_image_bytes(config)
    for f in files:
        path = Path(f.abs_src_path or "")
        if f.is_documentation_page() or path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            continue
        resolved = path.resolve()
        if not resolved.is_relative_to(STATE.docs_dir) or str(resolved) in STATE.reported_images:
            continue
        size = resolved.stat().st_size
        if size > limit:
            STATE.reported_images.add(str(resolved))
            STATE.problems.append(
                Problem(
                    resolved.relative_to(STATE.root).as_posix(),
                    1,
                    f"image is {size / 1024:.0f} KB, over the {limit / 1024:.0f} KB limit: resize or compress it "
                    "(e.g. at most 1600 px wide, as WebP or JPEG)",
                )
            )
    if STATE.problems:
        raise _fail("Pages break the publishing policy", STATE.problems)
    return env


def _protect(output: str, key: str, source: str) -> str:
    if not output.strip():
        return output  # an empty output is not written (e.g. a second language's 404.html)
    result = page_policy(output)
    if result is None:
        STATE.late.append(
            Problem(
                source,
                1,
                "the page has no Content-Security-Policy as the first element of <head>: "
                "overrides/main.html must include partials/csp.html first in block site_meta",
            )
        )
        return output
    updated, hashes = result
    STATE.scripts[key] = hashes
    STATE.sources[key] = source
    return updated


@event_priority(LAST)
def on_post_page(output: str, page: Page, **_: Any) -> str:
    """Fill in the page's CSP with the hashes of its inline scripts."""
    return _protect(output, page.url or "/", _display(page))


@event_priority(LAST)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig, **_: Any) -> str:
    """Theme pages such as 404.html get their CSP too."""
    if not template_name.endswith(".html"):
        return output_content
    here = Path(config.site_dir).resolve()
    prefix = (
        here.relative_to(STATE.site_dir).as_posix() if STATE.site_dir and here.is_relative_to(STATE.site_dir) else ""
    )
    key = posixpath.join(prefix, template_name) if prefix not in ("", ".") else template_name
    return _protect(output_content, key, f"overrides/{template_name} (theme template)")


@event_priority(LAST)
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """After the last language: scripts consistent, redirects written, no URL lost."""
    STATE.depth -= 1
    if plan_fork.in_child():
        return  # a parallel language build: the parent checks the whole site after joining it
    if STATE.site_checked or STATE.started < len(_languages(config)) or STATE.site_dir is None:
        return
    STATE.site_checked = True
    site = STATE.site_dir
    problems = list(STATE.late)
    for key, extra in sorted(unexpected_scripts(STATE.scripts).items()):
        problems.append(
            Problem(
                STATE.sources[key],
                1,
                f"the page /{key.lstrip('/')} has {len(extra)} inline script(s) that the theme does not put on other pages: "
                "check its front matter and title for HTML; pages cannot add scripts",
            )
        )

    languages = [(p, locale) for p, locale in _languages(config) if (site / p / "index.html").is_file()]
    pages = published_urls(site)
    redirects, found = read_redirects(STATE.root / REDIRECTS, REDIRECTS)
    problems += found
    redirects += agency_redirects(STATE.root / "data" / "agencies", STATE.root)
    redirects = with_languages(redirects, [p for p, _ in languages if p], pages)
    problems += check_redirects(redirects, pages)

    strings_problems: list[Located] = []
    strings = load_strings(STATE.root / "data", STATE.root, strings_problems)
    texts = {
        prefix: RedirectText(
            locale,
            strings.get(locale, {}).get("redirect_title", "→"),
            strings.get(locale, {}).get("redirect_body", "{link}"),
        )
        for prefix, locale in languages
    }
    if problems:
        raise _fail("The site is not safe to publish", problems)
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy(())}">\n'
        f'<meta name="{COMMIT_META}" content="{STATE.commit}">'
    )
    written = write_redirects(site, redirects, STATE.site_url, texts, head) if texts else []
    published = pages | set(written)

    manifest = STATE.root / MANIFEST
    preview = preview_language(config)
    if preview:
        if os.environ.get("PLAN_URLS") == "write":
            raise _fail(
                "URLs cannot be recorded",
                [Problem(MANIFEST, 1, f"only '{preview}' was built: build every language to rewrite it")],
            )
        log.info("plan: a preview of '%s' only: published URLs are not checked against %s", preview, MANIFEST)
        return
    if os.environ.get("PLAN_URLS") == "write":
        write_manifest(manifest, published)
        log.info("plan: %s rewritten with %d URLs", MANIFEST, len(published))
        return
    if not manifest.is_file():
        raise _fail("URLs cannot be checked", [Problem(MANIFEST, 1, "the URL manifest is missing: run `make urls`")])
    prefixes = [p for p, _ in _languages(config) if p]
    built = [p for p, _ in languages if p]
    listed = [
        (n, u) for n, u in read_manifest(manifest) if not any(u.startswith("/" + p) for p in prefixes if p not in built)
    ]
    lost = missing_urls(listed, published, MANIFEST)
    if lost:
        raise _fail("Published URLs would break", lost)
    new = sorted(published - {u for _, u in listed})
    if new:
        log.info("plan: %d new URL(s) not yet in %s (run `make urls`): %s", len(new), MANIFEST, ", ".join(new[:5]))


def on_build_error(error: Exception, **_: Any) -> None:
    """Any failure, in any language: leave no output that could be published."""
    STATE.depth = max(STATE.depth - 1, 0)
    if STATE.depth == 0 and not plan_fork.in_child():  # the parent removes it, once its child is stopped
        _clean_output()
