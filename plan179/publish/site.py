"""The publishing stage: checks and additions on the built `site/` folder, after the engine.

Data flows one way: the engine (MkDocs today, ProperDocs or another tomorrow) turns the
Markdown under `docs/` into HTML under `site/`; this stage then works on those files
only, so no engine internals can change under it:

- every page carries the Content-Security-Policy the build put first in its `<head>`,
  and no page runs an inline script the rest of the site does not (an injected one);
- redirects are written for moved pages (`redirects.yml`, agencies' `former_slugs`);
- no URL of the manifest (`urls.txt`) disappears; new URLs are recorded on request;
- the sitemap gets an `x-default` alternate for every page;
- the theme's markup that no template override reaches is made valid HTML
  (`plan179.publish.valid_html`);
- the search index is built over the finished pages by Pagefind (`plan179.publish.search`).

`python -m plan179.cli publish site` runs it after `mkdocs build`; `make serve` runs it
after each rebuild through hooks/plan_guard.py (without the URL check).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from plan179.data.reading import LANGUAGES, Located, load_strings
from plan179.publish.csp import META_NAME, policy, unexpected_scripts
from plan179.publish.html_policy import Problem
from plan179.publish.links import SitemapError, rewrite_sitemap
from plan179.publish.preview import SCRIPT_PATH, carries_preview
from plan179.publish.search import SearchIndexError, build_search_index
from plan179.publish.urls import (
    MANIFEST,
    REDIRECTS,
    RedirectText,
    agency_redirects,
    check_redirects,
    manifest_problems,
    missing_urls,
    published_urls,
    read_manifest,
    read_redirects,
    with_languages,
    write_manifest,
    write_redirects,
)
from plan179.publish.valid_html import correct

DEFAULT_LANGUAGE = LANGUAGES[0]
COMMIT_META = "build-commit"

_CSP_META = re.compile(
    r'<meta http-equiv="' + re.escape(META_NAME) + r'" content="([^"]*)">',
)
_SCRIPT_HASH = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")


class PublishError(Exception):
    """The built site is not safe to publish; `problems` say where and what to do."""

    def __init__(self, title: str, problems: list[Problem]) -> None:
        ordered = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        count = len(ordered)
        super().__init__(
            f"{title} ({count} problem{'s' if count != 1 else ''}); nothing was published:\n"
            + "\n".join(str(p) for p in ordered)
        )
        self.problems = ordered


@dataclass(frozen=True)
class Settings:
    """What the stage needs to know about the build it follows."""

    root: Path
    site_dir: Path
    site_url: str
    languages: tuple[str, ...] = LANGUAGES  # the languages that were built
    check_urls: bool = True  # False in a preview, which builds one language or changed pages only
    record_urls: bool = False  # rewrite urls.txt instead of checking it (`make urls`)
    search: bool = True
    preview: bool = False  # True only under `mkdocs serve`: pages carry the preview's reload script


def prefix_of(lang: str) -> str:
    """URL prefix of a language's pages: '' for the default language, 'en/' for English."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


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


def page_scripts(site_dir: Path, preview: bool = False) -> tuple[dict[str, frozenset[str]], list[Problem]]:
    """Per built page, the inline-script hashes its policy allows; pages without a policy,
    and (unless this is the preview) pages built for the preview.

    Each page is read once, and corrected in the same pass where the theme's markup is
    not valid HTML (`valid_html.correct`: it touches no script and no policy)."""
    scripts: dict[str, frozenset[str]] = {}
    problems: list[Problem] = []
    if not preview and (site_dir / SCRIPT_PATH).exists():
        problems.append(Problem(f"site/{SCRIPT_PATH}", 1, _PREVIEW_ONLY))
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")  # checked as it is, never rewritten
        else:
            if (fixed := correct(text)) != text:
                path.write_text(fixed, encoding="utf-8")
                text = fixed
        if not preview and carries_preview(text):
            problems.append(Problem(f"site/{rel}", 1, _PREVIEW_ONLY))
        match = _CSP_META.search(text)
        if match is None:
            problems.append(
                Problem(
                    f"site/{rel}",
                    1,
                    "the page has no Content-Security-Policy as the first element of <head>: "
                    "overrides/main.html must include partials/csp.html first in block site_meta",
                )
            )
            continue
        scripts[rel] = frozenset(_SCRIPT_HASH.findall(match.group(1)))
    return scripts, problems


_PREVIEW_ONLY = (
    "built for the live preview (mkdocs serve): it loads the preview's reload script, "
    "which is never published: build with `make site`"
)


def _script_problems(site_dir: Path, preview: bool) -> list[Problem]:
    scripts, problems = page_scripts(site_dir, preview)
    for rel, extra in sorted(unexpected_scripts(scripts).items()):
        problems.append(
            Problem(
                f"site/{rel}",
                1,
                f"the page has {len(extra)} inline script(s) that the theme does not put on other pages: "
                "check its front matter and title for HTML; pages cannot add scripts",
            )
        )
    return problems


def _redirect_texts(settings: Settings, built: list[str]) -> dict[str, RedirectText]:
    found: list[Located] = []
    strings = load_strings(settings.root / "data", settings.root, found)
    return {
        prefix_of(lang): RedirectText(
            lang,
            strings.get(lang, {}).get("redirect_title", "→"),
            strings.get(lang, {}).get("redirect_body", "{link}"),
        )
        for lang in built
    }


def _check_manifest(settings: Settings, published: set[str], built: list[str]) -> list[str]:
    """Compare the published URLs with the manifest; the notes to print."""
    manifest = settings.root / MANIFEST
    if settings.record_urls:
        if set(built) != set(LANGUAGES):
            raise PublishError("URLs cannot be recorded", [Problem(MANIFEST, 1, "build every language to rewrite it")])
        write_manifest(manifest, published)
        return [f"{MANIFEST} rewritten with {len(published)} URLs"]
    if not manifest.is_file():
        raise PublishError(
            "URLs cannot be checked", [Problem(MANIFEST, 1, "the URL manifest is missing: run `make urls`")]
        )
    if unreadable := manifest_problems(manifest, MANIFEST):
        raise PublishError("URLs cannot be checked", unreadable)
    skipped = [prefix_of(lang) for lang in LANGUAGES if lang not in built and prefix_of(lang)]
    listed = [(n, u) for n, u in read_manifest(manifest) if not any(u.startswith("/" + p) for p in skipped)]
    lost = missing_urls(listed, published, MANIFEST)
    if lost:
        raise PublishError("Published URLs would break", lost)
    new = sorted(published - {u for _, u in listed})
    if new:
        return [f"{len(new)} new URL(s) not yet in {MANIFEST} (run `make urls`): {', '.join(new[:5])}"]
    return []


def publish(settings: Settings) -> list[str]:
    """Check and complete the built site; the notes worth printing. Raises PublishError."""
    site = settings.site_dir
    if not (site / "index.html").is_file():
        raise PublishError("Nothing to publish", [Problem(f"{site}", 1, "no index.html: run the build first")])
    notes: list[str] = []
    built = [lang for lang in settings.languages if (site / prefix_of(lang) / "index.html").is_file()]
    problems = _script_problems(site, settings.preview)
    pages = published_urls(site)
    redirects, found = read_redirects(settings.root / REDIRECTS, REDIRECTS)
    problems += found
    redirects += agency_redirects(settings.root / "data" / "agencies", settings.root)
    redirects = with_languages(redirects, [prefix_of(lang) for lang in built if prefix_of(lang)], pages)
    problems += check_redirects(redirects, pages)
    if problems:
        raise PublishError("The site is not safe to publish", problems)
    commit = find_commit(settings.root)
    head = f'<meta http-equiv="{META_NAME}" content="{policy(())}">\n<meta name="{COMMIT_META}" content="{commit}">'
    written = write_redirects(site, redirects, settings.site_url, _redirect_texts(settings, built), head)
    try:
        rewrite_sitemap(site, DEFAULT_LANGUAGE)
    except SitemapError as exc:
        raise PublishError("The sitemap is broken", [Problem("site/sitemap.xml", 1, str(exc))]) from None
    if settings.search:
        try:
            index = build_search_index(site, tuple(built) if set(built) == set(LANGUAGES) else ())
        except SearchIndexError as exc:
            raise PublishError("The search index could not be built", [Problem("site/pagefind", 1, str(exc))]) from None
        notes.append(index.summary())
    if settings.record_urls or (settings.check_urls and set(built) == set(LANGUAGES)):
        notes += _check_manifest(settings, pages | set(written), built)
    elif settings.check_urls:
        notes.append(f"a preview of {', '.join(built)} only: published URLs are not checked against {MANIFEST}")
    return notes
