"""The content policy on rendered HTML, the line finder, front matter, and the sanitiser."""

from __future__ import annotations

import markdown
import pytest

from plan179.publish.front_matter import check_front_matter
from plan179.publish.html_policy import (
    check_html,
    locate,
    removed_by_sanitiser,
    sanitise,
)

# The extensions mkdocs.yml enables for contributors' pages.
EXTENSIONS = ["toc", "attr_list", "admonition", "tables", "pymdownx.details", "pymdownx.superfences"]
CONFIGS = {"tables": {"use_align_attribute": True}}


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS, extension_configs=CONFIGS)


def messages(source: str) -> list[str]:
    return [f.message for f in check_html(render(source))]


SAFE = """\
# Tiêu đề

Đoạn văn có **chữ đậm**, [liên kết](../ke-hoach/index.md#muc-i), [ASEAN](https://asean.org/) và
![Bản đồ](../assets/ban-do.png){ width="300" }.

| Cột | Giá trị |
| :-- | ------: |
| a   | 1       |

!!! note "Ghi chú"
    Nội dung.

??? quote "Trích dẫn"
    Nguyên văn.

```python
print("<script>không chạy</script>")
```

![pixel](data:image/png;base64,iVBORw0KGgo=)
"""


def test_ordinary_markdown_passes_and_survives_the_sanitiser() -> None:
    html = render(SAFE)
    assert check_html(html) == []
    assert removed_by_sanitiser(html, sanitise(html)) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "<script> is not allowed"),
        ('<iframe src="https://example.com/"></iframe>', "<iframe> is not allowed"),
        ('<object data="x.swf"></object>', "<object> is not allowed"),
        ('<embed src="x.swf">', "<embed> is not allowed"),
        ('<form action="https://example.com/"><input name="q"></form>', "<form> is not allowed"),
        ('<meta http-equiv="refresh" content="0; url=https://example.com/">', "<meta> is not allowed"),
        ('<base href="https://example.com/">', "<base> is not allowed"),
        ("<style>body{display:none}</style>", "<style> is not allowed"),
        ("<svg><script>alert(1)</script></svg>", "<script> is not allowed"),
        ('<p onclick="alert(1)">x</p>', "inline event handler onclick="),
        ('<img src="a.png" onerror="alert(1)">', "inline event handler onerror="),
        ("[bấm](javascript:alert(1))", "a javascript: URL in <a href>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "a javascript: URL"),
        ('<a href="java&#9;script:alert(1)">x</a>', "a javascript: URL"),
        ('<a href=" JAVASCRIPT:alert(1)">x</a>', "a javascript: URL"),
        ('<a href="vbscript:msgbox(1)">x</a>', "a vbscript: URL"),
        ("[tệp](data:text/html;base64,PHNjcmlwdD4=)", "a data: URL in <a href>"),
        ("![svg](data:image/svg+xml;base64,PHN2Zz4=)", "a data: URL in <img src>"),
        ("![theo dõi](https://tracker.example/p.gif)", "image from another host (https://tracker.example/p.gif)"),
        ('<img src="//tracker.example/p.gif">', "image from another host"),
        (
            '<img srcset="a.png 1x, https://cdn.example/b.png 2x">',
            "image from another host (https://cdn.example/b.png)",
        ),
        ('<video src="https://cdn.example/v.mp4"></video>', "media from another host"),
        ('<audio><source src="http://cdn.example/a.mp3"></audio>', "media from another host"),
        ('<a href="https://asean.org/" ping="https://tracker.example/">x</a>', "<a ping> reports clicks"),
        ('<p style="background:url(https://tracker.example/p.gif)">x</p>', "a style attribute on <p> is blocked"),
        ('<span style="color:red">x</span>', "a style attribute on <span> is blocked"),
        ("[x](https://asean.org/){ onmouseover=alert(1) }", "inline event handler onmouseover="),
    ],
)
def test_each_kind_of_unsafe_input_is_found(source: str, expected: str) -> None:
    found = messages(source)
    assert any(expected in m for m in found), found


def test_messages_say_how_to_fix() -> None:
    found = messages("<iframe src='https://x.example'></iframe>\n\n![](https://t.example/a.png)")
    assert "link to it instead" in found[0]
    assert "save a copy under docs/" in found[1]


def test_links_to_other_sites_are_fine() -> None:
    assert messages("[Cổng thông tin](https://www.tiengiang.gov.vn/) và <https://asean.org/>") == []


def test_oversized_local_images_are_found() -> None:
    html = render("![ảnh](../assets/lon.png) và ![nhỏ](../assets/nho.png)")
    sizes = {"../assets/lon.png": 900 * 1024, "../assets/nho.png": 20 * 1024}
    found = check_html(html, local_size=sizes.get, max_image_bytes=500 * 1024)
    assert [f.message.split(" is ")[0] for f in found] == ["image ../assets/lon.png"]
    assert "900 KB, over the 500 KB limit" in found[0].message


def test_locate_finds_the_line_of_each_occurrence() -> None:
    source = (
        "---\ntitle: x\n---\n\n# A\n\n<script>1</script>\n\ntext\n\n<SCRIPT>2</SCRIPT>\n\n[x](javascript:void(0))\n"
    )
    found = check_html(render(source))
    problems = locate(found, [("docs/a.vi.md", source)])
    assert [(p.file, p.line) for p in problems] == [("docs/a.vi.md", 7), ("docs/a.vi.md", 11), ("docs/a.vi.md", 13)]


def test_locate_prefers_the_first_source_that_holds_the_text() -> None:
    data = 'name:\n  vi: "x"\n  en: "<iframe>"\n'
    page = "# x\n\n<iframe>\n"
    problems = locate(check_html("<iframe></iframe>"), [("data/agencies/x.yml", data), ("docs/ke-hoach/x.md", page)])
    assert (problems[0].file, problems[0].line) == ("data/agencies/x.yml", 3)


def test_locate_says_when_it_cannot_find_the_line() -> None:
    problems = locate(check_html('<a href="&#106;avascript:x">y</a>'), [("docs/a.md", "nothing here\n")])
    assert problems[0].line == 1
    assert "line not found" in problems[0].message


def test_sanitiser_removes_what_slips_through() -> None:
    dirty = '<p onclick="x()">a</p><script>b</script><a href="javascript:c">d</a><img src="data:image/svg+xml,<svg/>">'
    clean = sanitise(dirty)
    assert "onclick" not in clean and "<script" not in clean and "javascript:" not in clean and "svg" not in clean
    removed = removed_by_sanitiser(dirty, clean)
    assert '<p onclick="x()">' in removed and "<script>" in removed


def test_sanitiser_keeps_allowed_inline_images_and_links() -> None:
    html = '<p><img alt="x" src="data:image/png;base64,AAAA"> <a href="../a/#b" title="t">c</a></p>'
    assert removed_by_sanitiser(html, sanitise(html)) == []


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("---\ntitle: [unclosed\n---\n# x\n", 3, "front matter is not valid YAML"),
        ("---\ntitle: x\n\n# body without the closing line\n", 1, "never closed"),
        ("---\n- a\n- b\n---\n", 2, "must be a list of `key: value` lines"),
        ('---\ntitle: "x"\ndescription: "<script>alert(1)</script>"\n---\n', 3, "contains HTML"),
        ('---\ntitle: "a"\ntitle: "b"\n---\n', 3, "appears twice"),
        ("---\ntags:\n  - ok\n  - '<img src=x onerror=alert(1)>'\n---\n", 4, "contains HTML"),
    ],
)
def test_front_matter_problems(text: str, line: int, expected: str) -> None:
    problems = check_front_matter(text)
    assert problems, text
    assert problems[0][0] == line
    assert expected in problems[0][1]


def test_valid_front_matter_and_none_pass() -> None:
    assert check_front_matter('---\ntitle: "Giới thiệu"\ndescription: "A < B không phải thẻ"\n---\n# x\n') == []
    assert check_front_matter("# Không có front matter\n\n---\n\nĐường kẻ ngang.\n") == []
