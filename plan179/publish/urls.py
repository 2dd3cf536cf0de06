"""Published URLs never break: a committed manifest, redirects, and the check between them.

Agencies print our addresses in their reports and link to them from their portals.
`urls.txt` lists every page URL the site has published (both languages); a build
whose output lacks one of them, with no redirect in its place, fails and names it.
Redirects come from `redirects.yml` (old path → new path) and from each agency's
`former_slugs`, and are written as small HTML pages (a meta refresh, no script) so
they work on any static host.

Plain Python: no MkDocs import.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from plan179.data.strict_yaml import YamlError, parse_file
from plan179.data.text import control_character, read_utf8
from plan179.publish.html_policy import Problem

MANIFEST = "urls.txt"
REDIRECTS = "redirects.yml"
AGENCY_PATH = "ke-hoach/co-quan/{slug}/"

MANIFEST_HEADER = """\
# Every page URL this site has published, one per line (both languages).
# A build fails when one of them is no longer published and has no redirect:
# add the old path to redirects.yml (or an agency's former_slugs) instead of
# deleting a line. `make urls` rewrites this file from a build; review its diff.
"""


@dataclass(frozen=True)
class Redirect:
    """One old path and where it now lives (both site-relative, e.g. `ke-hoach/a/`)."""

    source: str
    target: str
    origin: str  # where it was declared, as `file:line`


def url_of(relative_file: str) -> str:
    """The public URL path of a built HTML file: `a/b/index.html` → `/a/b/`."""
    path = relative_file.replace("\\", "/")
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path


def published_urls(site_dir: Path) -> set[str]:
    """Every page URL in a built site (every `.html` file)."""
    return {url_of(p.relative_to(site_dir).as_posix()) for p in site_dir.rglob("*.html")}


def manifest_problems(path: Path, display: str) -> list[Problem]:
    """A manifest that cannot be read as text (bytes that are not UTF-8, control characters)."""
    if not path.is_file():
        return []
    text, line, bad = read_utf8(path)
    if text is None:
        return [Problem(display, line, bad)]
    control = control_character(text)
    return [Problem(display, *control)] if control else []


def read_manifest(path: Path) -> list[tuple[int, str]]:
    """(line, URL) for each URL listed in the manifest; comments and blank lines skipped.

    Check `manifest_problems` first: undecodable bytes are replaced here."""
    out = []
    text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append((number, line))
    return out


def write_manifest(path: Path, urls: Iterable[str]) -> None:
    """Rewrite the manifest with `urls`, sorted, after the explanatory header."""
    path.write_text(MANIFEST_HEADER + "".join(f"{u}\n" for u in sorted(set(urls))), encoding="utf-8")


def normal_path(value: str) -> str | None:
    """A site-relative page path (`a/b/`, or `x.html`), or None if `value` is not one."""
    text = value.strip()
    if not text or "://" in text or text.startswith("//") or any(c in text for c in "?#\\ \t"):
        return None
    text = text.lstrip("/")
    if ".." in text.split("/"):
        return None
    if text and not text.endswith("/") and not text.endswith(".html"):
        text += "/"
    return text


def read_redirects(path: Path, display: str) -> tuple[list[Redirect], list[Problem]]:
    """The redirects declared in `redirects.yml` (a mapping of old path: new path)."""
    if not path.exists():
        return [], []
    try:
        doc = parse_file(path, display)
    except YamlError as exc:
        if "the file is empty" in exc.message:
            return [], []
        return [], [Problem(exc.file, exc.line, exc.message)]
    if doc.data is None:
        return [], []
    if not isinstance(doc.data, dict):
        return [], [Problem(display, 1, 'must be a mapping of "old/path/": "new/path/" lines')]
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    for old, new in doc.data.items():
        line = doc.line_of((old,))
        source, target = normal_path(str(old)), normal_path(str(new)) if isinstance(new, str) else None
        if source is None or target is None:
            problems.append(
                Problem(
                    display,
                    line,
                    f'{old!r}: both sides must be paths of this site such as "ke-hoach/co-quan/so-y-te/" (no https://, no #anchor)',
                )
            )
            continue
        redirects.append(Redirect(source, target, f"{display}:{line}"))
    return redirects, problems


def agency_redirects(agencies_dir: Path, root: Path) -> list[Redirect]:
    """Old agency URLs (`former_slugs`) → the agency's page. The data is validated already."""
    out = []
    for path in sorted(agencies_dir.glob("*.yml")):
        display = path.relative_to(root).as_posix()
        try:
            doc = parse_file(path, display)
        except YamlError:
            continue  # the data loader reports it
        data = doc.data if isinstance(doc.data, dict) else {}
        slug = data.get("slug")
        for i, old in enumerate(data.get("former_slugs") or ()):
            if isinstance(slug, str) and isinstance(old, str):
                line = doc.line_of(("former_slugs", i))
                out.append(Redirect(AGENCY_PATH.format(slug=old), AGENCY_PATH.format(slug=slug), f"{display}:{line}"))
    return out


def with_languages(redirects: Sequence[Redirect], prefixes: Sequence[str], exists: set[str]) -> list[Redirect]:
    """Each redirect, plus its twin in every other language whose target page exists.

    One line in `redirects.yml` (or one former slug) then covers `/old/` and `/en/old/`.
    """
    declared = {r.source for r in redirects}
    out = list(redirects)
    for r in redirects:
        for prefix in prefixes:
            if r.source.startswith(prefix) or r.target.startswith(prefix):
                continue
            source, target = prefix + r.source, prefix + r.target
            if source not in declared and "/" + target in exists:
                out.append(Redirect(source, target, r.origin))
                declared.add(source)
    return out


def check_redirects(redirects: Sequence[Redirect], pages: set[str]) -> list[Problem]:
    """Each redirect leaves a missing page for an existing one, and sources are unique."""
    problems = []
    seen: dict[str, Redirect] = {}
    for r in redirects:
        file, _, line = r.origin.rpartition(":")
        where = (file, int(line) if line.isdigit() else 1)
        if r.source in seen and seen[r.source].target != r.target:
            problems.append(
                Problem(
                    *where,
                    f"/{r.source} already redirects to /{seen[r.source].target} ({seen[r.source].origin}): keep one",
                )
            )
        seen.setdefault(r.source, r)
        if "/" + r.source in pages:
            problems.append(
                Problem(
                    *where,
                    f"/{r.source} is a published page, so it cannot redirect: remove the redirect, or the page",
                )
            )
        if "/" + r.target not in pages:
            problems.append(
                Problem(
                    *where,
                    f"the redirect from /{r.source} goes to /{r.target}, which is not a page of this site: fix the target",
                )
            )
    return problems


def missing_urls(manifest: Sequence[tuple[int, str]], published: set[str], display: str) -> list[Problem]:
    """Manifest URLs no longer published (pages and redirects both count as published)."""
    return [
        Problem(
            display,
            line,
            f"{url} is no longer published: add a redirect to its new place in {REDIRECTS} "
            f'("{url.lstrip("/")}": "new/path/"), or for an agency keep its old slug in former_slugs; '
            "delete this line only if breaking the link is intended",
        )
        for line, url in manifest
        if url not in published
    ]


@dataclass(frozen=True)
class RedirectText:
    """The words of a redirect page in one language (from data/i18n)."""

    lang: str
    title: str
    body: str  # contains "{link}"


def redirect_page(redirect: Redirect, site_url: str, text: RedirectText, head: str) -> str:
    """A small page that sends the reader (and search engines) to the new address.

    `head` is markup that must come first in `<head>` (the CSP and commit metas).
    """
    base = redirect.source if redirect.source.endswith("/") else posixpath.dirname(redirect.source)
    relative = posixpath.relpath(redirect.target.rstrip("/") or ".", base.rstrip("/") or ".")
    if redirect.target.endswith("/") or not redirect.target:
        relative = relative.rstrip("/") + "/"
    absolute = urljoin(site_url, redirect.target)
    href = html.escape(relative, quote=True)
    link = f'<a href="{href}">{html.escape(absolute)}</a>'
    return (
        "<!doctype html>\n"
        f'<html lang="{text.lang}">\n<head>\n{head}\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{html.escape(text.title)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{html.escape(absolute, quote=True)}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n<body>\n"
        f"<p>{text.body.format(link=link)}</p>\n"
        "</body>\n</html>\n"
    )


def write_redirects(
    site_dir: Path, redirects: Sequence[Redirect], site_url: str, texts: Mapping[str, RedirectText], head: str
) -> list[str]:
    """Write one page per redirect; returns their URLs. `texts` is keyed by path prefix ('' or 'en/')."""
    written = []
    for r in redirects:
        prefix = next((p for p in sorted(texts, key=len, reverse=True) if p and r.source.startswith(p)), "")
        target = site_dir / (r.source + "index.html" if r.source.endswith("/") else r.source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(redirect_page(r, site_url, texts[prefix], head), encoding="utf-8")
        written.append("/" + r.source)
    return written
