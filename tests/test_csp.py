"""The Content-Security-Policy computation, on small pages (the real site: test_publish_build)."""

from __future__ import annotations

from plan179.publish.csp import (
    inline_scripts,
    page_policy,
    policy,
    script_hash,
    set_policy,
    unexpected_scripts,
)

CSP_META = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html><html><head>\n  {CSP_META}\n<meta charset=utf-8>{head}</head><body>{body}</body></html>"


def test_hash_matches_the_published_example() -> None:
    """MDN's CSP example: `alert('Hello, world.');` hashes to this value in every browser."""
    assert script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_only_scripts_that_run_are_hashed() -> None:
    html = page(
        '<script src="a.js"></script><script>one()</script>',
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script type="module">two()</script><SCRIPT type="text/javascript">three()</SCRIPT>',
    )
    assert inline_scripts(html) == ["one()", "two()", "three()"]


def test_whitespace_is_part_of_the_hash() -> None:
    assert script_hash(" x()") != script_hash("x()")
    assert inline_scripts(page(body="<script>\n  x()\n</script>")) == ["\n  x()\n"]


def test_policy_has_the_required_directives_and_no_unsafe_inline() -> None:
    text = policy([script_hash("a()"), script_hash("b()")])
    directives = dict(part.split(" ", 1) for part in text.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["script-src"].startswith("'self' 'wasm-unsafe-eval' 'sha256-")
    assert directives["script-src"].count("'sha256-") == 2
    assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text


def test_page_policy_lists_the_page_scripts_in_the_first_meta() -> None:
    result = page_policy(page(body="<script>x()</script>"))
    assert result is not None
    html, hashes = result
    assert hashes == {script_hash("x()")}
    head = html.split("<head>", 1)[1]
    assert head.lstrip().startswith(
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src'
    )
    assert script_hash("x()") in head.split(">", 1)[0]


def test_policy_must_be_first_in_head() -> None:
    late = f"<html><head><title>x</title>{CSP_META}</head></html>"
    assert set_policy(late, "default-src 'self'") is None
    other_meta_first = f"<html><head><meta charset=utf-8>{CSP_META}</head></html>"
    assert set_policy(other_meta_first, "default-src 'self'") is None
    assert set_policy("<html><head><meta charset=utf-8></head></html>", "x") is None


def test_a_script_on_one_page_only_is_unexpected() -> None:
    theme = frozenset({script_hash("palette()"), script_hash("scope()")})
    pages = {f"p{i}/": theme for i in range(5)} | {"bad/": theme | {script_hash("steal()")}}
    assert unexpected_scripts(pages) == {"bad/": frozenset({script_hash("steal()")})}
    assert unexpected_scripts({f"p{i}/": theme for i in range(5)}) == {}
