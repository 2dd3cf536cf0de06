"""The Content-Security-Policy of every page, computed from the page itself at build.

GitHub Pages cannot send headers, so the policy is a `<meta http-equiv>` that must come
first in `<head>` (a browser applies it only to what follows). Material's templates
contain a few inline scripts; rather than allow `'unsafe-inline'`, the policy lists
the sha256 of each one. With `extra.scope` set they are the same on every page, so a
page whose inline scripts differ from the rest of the site has had one injected, and
the build says so instead of allowing it.

Plain Python: no MkDocs import.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping

# The directives, in the order they are written. `script-src` gets the hashes.
POLICY: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),  # Pagefind's search runs WebAssembly; no eval
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("frame-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

META_NAME = "Content-Security-Policy"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_JS_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"}
)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_FIRST_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(text)}


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run, exactly as the page holds it."""
    out = []
    for match in _SCRIPT.finditer(html):
        attrs = _attrs(match.group(1))
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() not in _JS_TYPES:
            continue  # data blocks such as Material's JSON config do not run
        out.append(match.group(2))
    return out


def script_hash(text: str) -> str:
    """The CSP source expression for one inline script: `'sha256-…'`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes: Iterable[str], connect: Iterable[str] = ()) -> str:
    """The policy text with the given script hashes allowed (and, for the preview only,
    the origin of its status server in `connect-src`)."""
    extra = " ".join(sorted(set(hashes)))
    more = {"script-src": extra, "connect-src": " ".join(sorted(set(connect)))}
    parts = []
    for name, value in POLICY:
        if more.get(name):
            value = f"{value} {more[name]}"
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def set_policy(html: str, text: str) -> str | None:
    """Write `text` into the page's CSP meta; None when that meta is not first in `<head>`."""
    head = _HEAD.search(html)
    if head is None:
        return None
    meta = _FIRST_META.search(html, head.end())
    if meta is None or _attrs(meta.group(0)[5:-1]).get("http-equiv", "").lower() != META_NAME.lower():
        return None
    between = html[head.end() : meta.start()]
    if re.search(r"<(?!!--)[a-zA-Z]", between):
        return None  # something else (a <title>, a <link>) comes before the policy
    tag = f'<meta http-equiv="{META_NAME}" content="{text}">'
    return html[: meta.start()] + tag + html[meta.end() :]


def page_policy(html: str, connect: Iterable[str] = ()) -> tuple[str, frozenset[str]] | None:
    """Give the page a policy allowing its own inline scripts; None if it has no CSP meta first."""
    hashes = frozenset(script_hash(s) for s in inline_scripts(html))
    updated = set_policy(html, policy(hashes, connect))
    return None if updated is None else (updated, hashes)


def site_scripts(pages: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The inline scripts of the theme: those on more than half of the pages."""
    counts: Counter[str] = Counter()
    for hashes in pages.values():
        counts.update(hashes)
    half = len(pages) / 2
    return frozenset(h for h, n in counts.items() if n > half)


def unexpected_scripts(pages: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Pages holding an inline script that the rest of the site does not have."""
    theme = site_scripts(pages)
    return {page: hashes - theme for page, hashes in pages.items() if hashes - theme}
