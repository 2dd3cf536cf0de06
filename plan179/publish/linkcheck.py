"""Check the links of a built site: internal ones on disk, external ones over the network.

The build already validates links between Markdown pages (`validation:` in mkdocs.yml,
with `--strict`); this checks the published HTML as a whole, theme included: every
internal `href`/`src` resolves to a file of the site and every `#anchor` to an element.
External links rot without anyone editing the site, so a weekly job checks them
(`python -m plan_linkcheck external site/`) and fails loudly; that needs the network,
which `make test` does not have.

Plain Python: no MkDocs import.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "area": "href"}
USER_AGENT = "Mozilla/5.0 (compatible; plan-179-link-check; +https://github.com/)"


@dataclass(frozen=True)
class Link:
    """One link found on a page."""

    page: str  # site-relative file, e.g. "ke-hoach/index.html"
    tag: str
    url: str


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(str(values[name]))
        attr = LINK_ATTRIBUTES.get(tag)
        if attr and values.get(attr) is not None:
            self.links.append((tag, str(values[attr])))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def site_links(site: Path) -> tuple[list[Link], dict[str, set[str]]]:
    """Every link of every HTML page, and the ids of each page (by site-relative file)."""
    links: list[Link] = []
    ids: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        parsed = _parse(path)
        ids[rel] = parsed.ids
        links += [Link(rel, tag, url) for tag, url in parsed.links]
    return links, ids


def _target_file(site: Path, path: str) -> str | None:
    """The site-relative file a URL path serves, or None when there is none."""
    clean = path.lstrip("/")
    candidate = site / clean
    if clean == "" or clean.endswith("/") or candidate.is_dir():
        index = (clean.rstrip("/") + "/index.html").lstrip("/")
        return index if (site / index).is_file() else None
    return clean if candidate.is_file() else None


def internal_problems(site: Path, site_url: str = "") -> list[str]:
    """Internal links that lead nowhere, as `page: url: what is wrong`."""
    base = urlsplit(site_url)
    prefix = base.path if base.path.endswith("/") else base.path + "/"
    links, ids = site_links(site)
    problems = []
    for link in links:
        parts = urlsplit(link.url)
        if parts.scheme or parts.netloc:
            same_site = bool(site_url) and parts.netloc == base.netloc and parts.path.startswith(prefix)
            if not same_site:
                continue  # external: checked weekly, over the network
            path = parts.path[len(prefix) :]
        elif parts.path.startswith("/"):
            if not parts.path.startswith(prefix):
                problems.append(f"{link.page}: {link.url}: points outside the site's base path {prefix}")
                continue
            path = parts.path[len(prefix) :]
        else:
            here = posixpath.dirname(link.page)
            path = posixpath.normpath(posixpath.join(here, unquote(parts.path))) if parts.path else link.page
            if parts.path.endswith("/") and not path.endswith("/"):
                path += "/"
            if path.startswith("../"):
                problems.append(f"{link.page}: {link.url}: points above the site's root")
                continue
        target = link.page if not parts.path and not parts.netloc else _target_file(site, unquote(path))
        if target is None:
            problems.append(f"{link.page}: {link.url}: no such page or file in the site")
            continue
        fragment = unquote(parts.fragment)
        if fragment and link.tag == "a" and target.endswith(".html") and fragment not in ids.get(target, set()):
            problems.append(f"{link.page}: {link.url}: {target} has no element with id '{fragment}'")
    return problems


def external_links(site: Path, site_url: str = "") -> dict[str, list[str]]:
    """Every http(s) link to another site, with the pages that carry it."""
    host = urlsplit(site_url).netloc
    found: dict[str, list[str]] = defaultdict(list)
    links, _ = site_links(site)
    for link in links:
        parts = urlsplit(link.url)
        if link.tag == "a" and parts.scheme in {"http", "https"} and parts.netloc != host:
            url = link.url.split("#", 1)[0]
            if link.page not in found[url]:
                found[url].append(link.page)
    return dict(found)


def _fetch(url: str, method: str, timeout: float) -> str | None:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return None if 200 <= response.status < 400 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"


def check_url(url: str, timeout: float = 20.0) -> str | None:
    """None if `url` answers with success (after redirects), else what went wrong."""
    if _fetch(url, "HEAD", timeout) is None:
        return None
    return _fetch(url, "GET", timeout)  # many servers refuse or mishandle HEAD: a GET decides


def check_external(urls: Iterable[str], workers: int = 8, timeout: float = 20.0) -> dict[str, str]:
    """The broken URLs among `urls`, with what went wrong."""
    ordered = sorted(set(urls))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda u: check_url(u, timeout), ordered))
    return {url: err for url, err in zip(ordered, results, strict=True) if err is not None}


def main(argv: list[str] | None = None) -> int:
    """`internal SITE` or `external SITE`; exit code 1 when a link is broken."""
    parser = argparse.ArgumentParser(prog="plan_linkcheck", description=__doc__)
    parser.add_argument("kind", choices=["internal", "external"])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--site-url", default="", help="the site's public address (for absolute links)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} has no index.html: build the site first (make site)", file=sys.stderr)
        return 2
    if args.kind == "internal":
        problems = internal_problems(args.site, args.site_url)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"internal links: {len(problems)} broken")
        return 1 if problems else 0
    found = external_links(args.site, args.site_url)
    broken = check_external(found)
    for url, error in broken.items():
        pages = ", ".join(found[url][:3]) + (" …" if len(found[url]) > 3 else "")
        print(f"BROKEN {url}: {error} (on {pages})", file=sys.stderr)
    print(f"external links: {len(found)} checked, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
