"""A catalogue of broken input, each fed through the real build (`mkdocs build --strict`).

For every kind, the build must exit non-zero, name the file and the line of the
mistake, never show a traceback, and leave no `site/` behind to publish. The loader's
messages are unit-tested in test_load_errors.py; here the whole pipeline is exercised,
one scratch copy and one build per case. A case marked `check` needs no build to be
found, so `make check` (run the same way, on its own copy) must find it too; a case
with `verify` also proves nothing outside the repository was touched.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bad_input_files import FILE_CASES, FURTHER_CASES
from bad_input_helpers import AGENCY, HOME, MERGED, PILLAR, Case, append, content, data, line_of, replace
from bad_input_limits import DATA_MARKUP_CASES, LIMIT_CASES, NAV_CASES, STRING_CASES
from bad_input_text import TEXT_CASES
from build_helpers import copy_project, make_check, mkdocs_build

pytestmark = pytest.mark.build


def missing_english(project: Path) -> tuple[str, int, str]:
    text = (project / AGENCY).read_text(encoding="utf-8")
    replace(project, AGENCY, '  en: "Department of Health"\n', "")
    return AGENCY, line_of(text, "name:"), "name.en is missing: add the English text"


def nfd_misquote(project: Path) -> tuple[str, int, str]:
    """A quotation retyped in decomposed Unicode (NFD) with one word changed."""
    import unicodedata

    old = "Xây dựng thành phố bền vững về môi trường"
    new = unicodedata.normalize("NFD", "Xây dựng đô thị bền vững về môi trường")
    line = replace(project, PILLAR, old, new)
    return PILLAR, line - 1, "tasks[1].text.vi is a quotation but is not word for word"


def oversized_image(project: Path) -> tuple[str, int, str]:
    image = project / "docs" / "assets" / "anh-lon.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(600 * 1024))
    return HOME, append(project, HOME, "![Ảnh quá lớn](assets/anh-lon.png)"), "is 600 KB, over the 500 KB limit"


def removed_page(project: Path) -> tuple[str, int, str]:
    for lang in ("vi", "en"):
        (project / "docs" / "tim-hieu" / f"hoi-dap.{lang}.md").unlink()
    for page in project.glob("docs/**/*.md"):  # links to it go elsewhere, as a careful editor would do
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("hoi-dap.md", "asean.md"), encoding="utf-8")
    manifest = (project / "urls.txt").read_text(encoding="utf-8")
    return "urls.txt", line_of(manifest, "/tim-hieu/hoi-dap/\n"), "/tim-hieu/hoi-dap/ is no longer published"


def untranslated_page(project: Path) -> tuple[str, int, str]:
    """A Vietnamese page with no English version and no `translation: "pending"` marker."""
    page = project / "docs" / "tim-hieu" / "trang-moi.vi.md"
    source = (project / "docs" / "tim-hieu" / "hoi-dap.vi.md").read_text(encoding="utf-8")
    page.write_text(source.split("\n---\n", 1)[0] + "\n---\n\n# Trang mới\n\nNội dung.\n", encoding="utf-8")
    return "docs/tim-hieu/trang-moi.vi.md", 1, "there is no English version"


def unknown_task(project: Path) -> tuple[str, int, str]:
    """A progress report (data/reports/) that names a task the plan does not have."""
    report = project / "data" / "reports" / "2019-so-y-te.yml"
    report.parent.mkdir(parents=True, exist_ok=True)
    text = (
        'year: 2019\nagency: "so-y-te"\ntasks:\n  - task: "1a"\n    status: "completed"\n'
        '  - task: "9z"\n    status: "completed"\nsummary:\n  vi: "Tóm tắt."\n  en: "Summary."\n'
        'source:\n  number: "1/BC-SYT"\n  date: "2019-11-25"\n  url: "https://example.gov.vn/bc"\n'
    )
    report.write_text(text, encoding="utf-8")
    return "data/reports/2019-so-y-te.yml", line_of(text, '"9z"'), "9z"


def bad_redirect(project: Path) -> tuple[str, int, str]:
    (project / "redirects.yml").write_text('# old: new\n"tim-hieu/cu/": "tim-hieu/khong-co/"\n', encoding="utf-8")
    return "redirects.yml", 2, "which is not a page of this site"


CASES = [
    Case("yaml-syntax-error", data(AGENCY, 'role: "implementer"', 'role: "implementer" "lead"', "YAML syntax error")),
    Case("tab-indentation", data(AGENCY, '  vi: "Sở Y tế"', '\tvi: "Sở Y tế"', "tab character: indent with spaces")),
    Case(
        "duplicate-key",
        data(AGENCY, 'role: "implementer"\n', 'role: "implementer"\nrole: "lead"\n', "duplicate key 'role'", 1),
    ),
    Case(
        "unknown-field",
        data(AGENCY, 'role: "implementer"\n', 'role: "implementer"\nwebsite: "x"\n', "website is not a known field", 1),
    ),
    Case("missing-english", missing_english),
    Case(
        "unknown-agency",
        data(
            "data/plan.yml", 'agency: "so-tai-chinh"', 'agency: "so-tai-chinh-moi"', "unknown agency 'so-tai-chinh-moi'"
        ),
    ),
    Case(
        "unknown-duty-group",
        data(AGENCY, '"so-nganh-tinh"', '"so-nganh-tinh-x"', "unknown duty group 'so-nganh-tinh-x'"),
    ),
    Case("duplicate-id", data(AGENCY, 'id: "so-y-te"', 'id: "so-tai-chinh"', "so-tai-chinh")),
    Case(
        "duplicate-slug",
        data(
            AGENCY, 'role: "implementer"\n', 'role: "implementer"\nformer_slugs: ["so-tai-chinh"]\n', "so-tai-chinh", 1
        ),
    ),
    Case(
        "impossible-date",
        data("data/plan.yml", 'date: "2017-06-15"', 'date: "2017-02-30"', '"2017-02-30" is not a real day'),
    ),
    Case("nfd-misquote", nfd_misquote),
    Case("unknown-task-reference", unknown_task),
    Case("raw-script", content("<script>alert(1)</script>", "<script> is not allowed")),
    Case("iframe", content('<iframe src="https://example.com/"></iframe>', "<iframe> is not allowed")),
    Case("object", content('<object data="tep.swf"></object>', "<object> is not allowed")),
    Case("embed", content('<embed src="tep.swf">', "<embed> is not allowed")),
    Case("form", content('<form action="https://example.com/"><input name="q"></form>', "<form> is not allowed")),
    Case(
        "event-handler", content("[Hỏi đáp](tim-hieu/hoi-dap.md){ onerror=alert(1) }", "inline event handler onerror=")
    ),
    Case(
        "javascript-link", content("[Bấm vào đây](javascript:alert(document.cookie))", "a javascript: URL in <a href>")
    ),
    Case("vbscript-link", content('<a href="vbscript:msgbox(1)">x</a>', "a vbscript: URL")),
    Case(
        "data-url",
        content("[tải](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "a data: URL in <a href>"),
    ),
    Case("remote-image", content("![](https://tracker.example/pixel.gif)", "image from another host")),
    Case("inline-style", content('<p style="color:red">đỏ</p>', "a style attribute on <p> is blocked")),
    Case(
        "broken-internal-link",
        content("Xem [trang không có](tim-hieu/khong-co.md).", "contains a link 'tim-hieu/khong-co.md'"),
    ),
    Case(
        "missing-anchor",
        content(
            "Xem [mục không có](tim-hieu/asean.md#khong-co-muc-nay).", "does not contain an anchor '#khong-co-muc-nay'"
        ),
    ),
    Case("oversized-image", oversized_image),
    Case("removed-url-without-redirect", removed_page),
    Case("redirect-to-nowhere", bad_redirect),
    Case("invalid-front-matter", data(HOME, 'title: "Trang chủ"', 'title: "Trang chủ": "sai"', "YAML")),
    Case(
        "html-in-front-matter",
        data(
            HOME,
            'title: "Trang chủ"',
            'title: "</title><script>alert(1)</script>"',
            "front matter 'title' contains HTML",
        ),
    ),
    Case("untranslated-page-without-marker", untranslated_page),
    Case(
        "successor-names-unknown-body",
        data(
            MERGED,
            '    date: "2025-03-01"\n',
            '    agency: "so-noi-vu-moi"\n    date: "2025-03-01"\n',
            "unknown agency 'so-noi-vu-moi'",
        ),
    ),
    Case(
        "successor-before-the-plan",
        data(MERGED, 'date: "2025-03-01"', 'date: "2016-03-01"', "is not after the plan's date (2017-06-15)"),
    ),
    Case(
        "successor-source-not-https",
        data(
            MERGED,
            'url: "https://news.laodong.vn/',
            'url: "http://news.laodong.vn/',
            "successors[0].source.url",
        ),
    ),
    *FILE_CASES,
    *TEXT_CASES,
    *LIMIT_CASES,
    *STRING_CASES,
    *NAV_CASES,
    *FURTHER_CASES,
    *DATA_MARKUP_CASES,
]
# Found by `make check` as well: the data, the front matter and the pairs need no build.
FOUND_WITHOUT_BUILD = {
    "yaml-syntax-error",
    "tab-indentation",
    "duplicate-key",
    "unknown-field",
    "missing-english",
    "unknown-agency",
    "unknown-duty-group",
    "duplicate-id",
    "duplicate-slug",
    "impossible-date",
    "unknown-task-reference",
    "invalid-front-matter",
    "html-in-front-matter",
    "untranslated-page-without-marker",
}
CASES = [dataclasses.replace(c, check=True) if c.name in FOUND_WITHOUT_BUILD else c for c in CASES]


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 20
    assert len({c.name for c in CASES}) == len(CASES)


def assert_reported(output: str, file: str, line: int, expected: str) -> None:
    located = [row for row in output.splitlines() if f"{file}:{line}:" in row]
    assert located, f"no message naming {file}:{line}:\n{output[-3000:]}"
    assert any(expected in row for row in located), f"{expected!r} not said at {file}:{line}:\n" + "\n".join(located)
    assert "Traceback" not in output


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_broken_input_stops_the_build(case: Case, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    file, line, expected = case.breaker(project)
    result = mkdocs_build(project)
    assert result.code != 0, result.output[-2000:]
    assert_reported(result.output, file, line, expected)
    assert not result.site.exists(), "a failed build left site/ behind"
    if case.verify is not None:
        case.verify(project)


@pytest.mark.parametrize("case", [c for c in CASES if c.check], ids=lambda c: c.name)
def test_make_check_finds_it(case: Case, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    file, line, expected = case.breaker(project)
    result = make_check(project)
    assert result.code != 0, result.output[-2000:]
    assert_reported(result.output, file, line, expected)
    if case.verify is not None:
        case.verify(project)


def test_front_matter_values_stay_inert_in_the_page_head(tmp_path: Path) -> None:
    """A description with no `<` that would close the theme's attribute (`" http-equiv="refresh`):
    the build may publish it, but only as text of the description."""
    import html
    import re

    project = copy_project(tmp_path / "project")
    payload = '0;url=https://evil.example/" http-equiv="refresh'
    path = project / "docs" / "tim-hieu" / "asean.vi.md"
    text = path.read_text(encoding="utf-8")
    start = text.index('description: "') + len('description: "')
    text = text[:start] + payload.replace('"', '\\"') + text[text.index('"\n', start) :]
    # The same trick in the title and a tag, which the theme writes in the nav, footer and tag links.
    text = text.replace('title: "ASEAN và Cộng đồng ASEAN"', 'title: "ASEAN x\\" onmouseover=\\"alert(1)"', 1)
    path.write_text(text.replace('  - "ASEAN"\n', '  - "ASEAN x\\" onfocus=\\"alert(2)"\n', 1), encoding="utf-8")
    english = project / "docs" / "tim-hieu" / "asean.en.md"
    english_text = english.read_text(encoding="utf-8")
    english.write_text(
        english_text.replace('  - "ASEAN"\n', '  - "ASEAN x\\" onfocus=\\"alert(2)"\n', 1), encoding="utf-8"
    )
    result = mkdocs_build(project)
    assert result.code == 0, result.output[-3000:]
    page = (result.site / "tim-hieu" / "asean" / "index.html").read_text(encoding="utf-8")
    head = page.split("</head>", 1)[0]
    metas = re.findall(r"<meta\b[^>]*>", head)
    assert not [m for m in metas if "refresh" in m.lower() and 'name="description"' not in m]
    described = [m for m in metas if 'name="description"' in m]
    assert len(described) == 1
    content = re.search(r'content="([^"]*)"', described[0])
    assert content is not None and html.unescape(content.group(1)) == payload
    for built in result.site.rglob("*.html"):
        handlers = attribute_names(built.read_text(encoding="utf-8")) & {"onmouseover", "onfocus"}
        assert not handlers, f"{built}: {handlers}"


def attribute_names(markup: str) -> set[str]:
    """Every attribute name of every tag, as a browser's parser reads them."""
    from html.parser import HTMLParser

    names: set[str] = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names.update(name for name, _value in attrs)

    Collector().feed(markup)
    return names
