"""One page through the policy and the sanitiser (plan179.publish.page_check), without MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan179.publish.html_policy import sanitise
from plan179.publish.page_check import PageFiles, check_page, image_size_lookup, oversized_images
from plan179.publish.page_checks import PageCheckError, PageChecks

SOURCE = "---\ntitle: Trang thử\n---\n\n# Trang thử\n\nĐoạn một.\n\n[mật khẩu](file:///etc/passwd)\n"


def files(tmp_path: Path, text: str = SOURCE, name: str = "trang") -> PageFiles:
    page = tmp_path / "docs" / f"{name}.vi.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return PageFiles(f"docs/{name}.vi.md", page)


def test_a_clean_page_is_published_sanitised(tmp_path: Path) -> None:
    html, problems = check_page(
        '<h1 id="a">Trang thử</h1>\n<p>Đoạn <em>một</em>.</p>', files(tmp_path), local_size=None, max_image_bytes=1
    )
    assert problems == []
    assert html == '<h1 id="a">Trang thử</h1>\n<p>Đoạn <em>một</em>.</p>'


def test_a_policy_finding_names_the_line_of_the_source(tmp_path: Path) -> None:
    text = SOURCE.replace("Đoạn một.", "Đoạn một.\n\n<script>alert(1)</script>")
    html = "<p>Đoạn một.</p>\n<script>alert(1)</script>"
    out, problems = check_page(html, files(tmp_path, text), local_size=None, max_image_bytes=1)
    assert "<script" not in out  # sanitised in any case; the build stops on the problem
    assert [(p.file, p.line) for p in problems] == [("docs/trang.vi.md", 9)]
    assert "<script> is not allowed" in problems[0].message


def test_what_only_the_sanitiser_removes_is_reported_at_its_line(tmp_path: Path) -> None:
    html = '<p>Đoạn một.</p>\n<p><a href="file:///etc/passwd">mật khẩu</a></p>'
    out, problems = check_page(html, files(tmp_path), local_size=None, max_image_bytes=1)
    assert "file:" not in out
    assert [(p.file, p.line) for p in problems] == [("docs/trang.vi.md", 9)]
    assert "the sanitiser would remove <a href=" in problems[0].message


def test_a_generated_page_reports_in_its_data_file_first(tmp_path: Path) -> None:
    data = tmp_path / "data" / "agencies" / "so-y-te.yml"
    data.parent.mkdir(parents=True)
    data.write_text('name:\n  vi: "Sở Y tế <script>"\n', encoding="utf-8")
    page = PageFiles("docs/ke-hoach/co-quan/so-y-te.vi.md", None, ("data/agencies/so-y-te.yml", data))
    _, problems = check_page("<p>Sở Y tế <script></script></p>", page, local_size=None, max_image_bytes=1)
    assert [(p.file, p.line) for p in problems] == [("data/agencies/so-y-te.yml", 2)]


def test_images_over_the_limit_once_each(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "anh").mkdir(parents=True)
    big, small = docs / "anh" / "lon.png", docs / "anh" / "nho.png"
    big.write_bytes(b"x" * 3000)
    small.write_bytes(b"x" * 10)
    seen: set[str] = set()
    size_of = image_size_lookup("tim-hieu/", {"anh/lon.png": str(big), "anh/nho.png": str(small)}, seen)
    _, problems = check_page(
        '<p><img alt="" src="../anh/lon.png"></p>', files(tmp_path), local_size=size_of, max_image_bytes=2048
    )
    assert len(problems) == 1 and "over the 2 KB limit" in problems[0].message
    assert seen == {str(big.resolve())}
    # An image no page showed is still checked, and one already reported is not reported again.
    assert oversized_images([big, small], docs_dir=docs.resolve(), root=tmp_path.resolve(), limit=2048, seen=seen) == []
    again = oversized_images([big, small], docs_dir=docs.resolve(), root=tmp_path.resolve(), limit=2048, seen=set())
    assert [(p.file, p.line) for p in again] == [("docs/anh/lon.png", 1)]


@pytest.mark.parametrize("beside", [False, True], ids=["inline", "worker"])
def test_checks_beside_the_build_find_the_same_problems(tmp_path: Path, beside: bool) -> None:
    """A worker process gives the problems an inline check gives, in the order the pages came."""
    docs = tmp_path / "docs"
    (docs / "anh").mkdir(parents=True)
    big = docs / "anh" / "lon.png"
    big.write_bytes(b"x" * 3000)
    text = SOURCE.replace("Đoạn một.", "Đoạn một.\n\n<script>alert(1)</script>")
    pages = [
        ("<p>Đoạn <em>một</em>.</p>", files(tmp_path, name="mot")),
        ("<p>Đoạn một.</p>\n<script>alert(1)</script>", files(tmp_path, text, name="hai")),
        ('<p><img alt="" src="../anh/lon.png"></p>', files(tmp_path, name="ba")),
    ]
    checks = PageChecks({"anh/lon.png": str(big)}, 2048, beside=beside)
    assert (checks.worker is not None) == beside
    for html, page in pages:
        checks.add(html, sanitise(html), page, "tim-hieu/")
    problems, seen = checks.results()
    assert [(p.file, p.line, p.message.split(":")[0]) for p in problems] == [
        ("docs/hai.vi.md", 9, "<script> is not allowed"),
        ("docs/ba.vi.md", 1, "image ../anh/lon.png is 3 KB, over the 2 KB limit"),
    ]
    assert seen == {str(big.resolve())}
    assert checks.worker is None  # stopped once the results are in


def test_a_worker_that_dies_stops_the_build_with_a_message(tmp_path: Path) -> None:
    checks = PageChecks({}, 2048, beside=True)
    assert checks.worker is not None
    checks.worker.kill()
    checks.worker.join()
    with pytest.raises(PageCheckError, match=r"stopped before it finished.*nothing was published"):
        for _ in range(1000):  # the pipe may take a few pages before it notices
            checks.add("<p>x</p>" * 1000, "<p>x</p>" * 1000, files(tmp_path), "")
        checks.results()
    assert checks.worker is None and checks.connection is None


@pytest.mark.parametrize("beside", [False, True], ids=["inline", "worker"])
def test_front_matter_is_checked_with_the_page(tmp_path: Path, beside: bool) -> None:
    """Front matter the theme would write unescaped into the head is reported at its line."""
    text = SOURCE.replace("title: Trang thử", "title: Trang thử\ndescription: <b>đậm</b>")
    checks = PageChecks({}, 2048, beside=beside)
    checks.add("<p>Đoạn một.</p>", "<p>Đoạn một.</p>", files(tmp_path, text), "")
    problems, _seen = checks.results()
    assert [(p.file, p.line) for p in problems] == [("docs/trang.vi.md", 3)]
    assert "description" in problems[0].message


@pytest.mark.parametrize("beside", [False, True], ids=["inline", "worker"])
def test_a_page_that_cannot_be_read_is_reported_not_a_traceback(tmp_path: Path, beside: bool) -> None:
    """A source saved as another encoding while the build runs names its file and what to do."""
    page = files(tmp_path)
    assert page.source is not None
    page.source.write_bytes(b"---\ntitle: Trang th\xf6\n---\n")  # Latin-1, not UTF-8
    checks = PageChecks({}, 2048, beside=beside)
    checks.add("<p>Đoạn một.</p>", "<p>Đoạn một.</p>", page, "")
    problems, _seen = checks.results()
    assert [(p.file, p.line) for p in problems] == [("docs/trang.vi.md", 1)]
    assert "save it again as UTF-8" in problems[0].message and "UnicodeDecodeError" in problems[0].message
