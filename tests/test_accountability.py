"""Who does what by when: matrix, timeline, permalinks; and the plan's history in 2026."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from accountability_helpers import MID_2020, SUCCESSOR_AGENCY, add_successor, fixture_data, load_fixture, render
from plan179.data.calendar import State, entries, occurrences
from plan179.data.load import PlanDataError, SiteData, load
from plan179.data.model import Agency
from plan179.data.slug import slugify
from plan179.render.site import GENERATED_DIR, Renderer, build_date

AFTER = dt.date(2026, 11, 28)
BEFORE = dt.date(2017, 1, 1)


@pytest.fixture(scope="module")
def files(site: SiteData) -> dict[str, str]:
    return render(site, AFTER)


def to_html(text: str) -> str:
    """A generated page's body through the same Markdown extensions as the site."""
    body = text.split("---\n", 2)[2]
    return markdown.markdown(
        body,
        extensions=[
            "toc",
            "attr_list",
            "md_in_html",
            "admonition",
            "tables",
            "pymdownx.details",
            "pymdownx.superfences",
        ],
        extension_configs={"toc": {"slugify": slugify}},
    )


class Elements(HTMLParser):
    """Every element with its attributes and the text directly inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self.stack: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag == "br":
            self.handle_data(" ")
        elif tag not in {"img", "hr", "input"}:
            self.stack.append(len(self.found) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            index = self.stack.pop()
            if self.found[index][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self.stack:
            self.found[index][2].append(data)


def elements(html: str) -> list[tuple[str, dict[str, str], str]]:
    parser = Elements()
    parser.feed(html)
    return [(tag, attrs, " ".join("".join(text).split())) for tag, attrs, text in parser.found]


# --- timeline ---------------------------------------------------------------------------


def timeline_items(page: str) -> list[tuple[str, str, str]]:
    """(state, datetime, text) of every event on the drawn timeline, in order."""
    out = []
    for tag, attrs, text in elements(to_html(page)):
        if tag == "li" and "plan-timeline__event" in attrs.get("class", ""):
            out.append((attrs["data-state"], "", text))
        if tag == "time" and "plan-timeline__when" in attrs.get("class", ""):
            state, _, text_ = out[-1]
            out[-1] = (state, attrs["datetime"], text_)
    return out


def test_timeline_drawn_in_html_with_text_states(site: SiteData) -> None:
    page = render(site, MID_2020)[f"{GENERATED_DIR}/thoi-gian.vi.md"]
    items = timeline_items(page)
    # One issue date, nine yearly report deadlines, three year-only items in each of 2020 and 2025.
    assert len(items) == 1 + 9 + 3 + 3
    assert items[0] == ("past", "2017-06-15", "Đã qua 15/6/2017 Ban hành Kế hoạch hành động")
    by_time = {(t, text.split(" ", 2)[-1][:40]): s for s, t, text in items}
    states = [s for s, _, _ in items]
    assert states[:4] == ["past"] * 4  # issue, reports 2017-2019
    deadline_2020 = next(i for i in items if i[1] == "2020-12-01")
    assert deadline_2020[0] == "upcoming" and deadline_2020[2].startswith("Sắp tới Trước ngày 1/12/2020")
    year_2020 = [i for i in items if i[1] == "2020"]
    assert [s for s, _, _ in year_2020] == ["current"] * 3
    assert all("Đang diễn ra Trong năm 2020 (Kế hoạch không nêu ngày)" in text for _, _, text in year_2020)
    assert all(s == "upcoming" for s, t, _ in items if t.startswith("2025"))
    assert by_time  # every item has a machine-readable date
    assert "ngày dựng trang: 1/6/2020" in page
    assert "<script" not in page


def test_timeline_states_follow_the_build_date(site: SiteData) -> None:
    for today, expected in ((AFTER, {"past"}), (BEFORE, {"upcoming"})):
        items = timeline_items(render(site, today)[f"{GENERATED_DIR}/thoi-gian.en.md"])
        assert {s for s, _, _ in items} == expected, today
    before = timeline_items(render(site, BEFORE)[f"{GENERATED_DIR}/thoi-gian.en.md"])
    assert before[0][2] == "Upcoming 15 June 2017 Action Plan issued"
    assert before[1][2].startswith("Upcoming Before 1 December 2017")


def test_occurrence_state_boundaries(site: SiteData) -> None:
    occ = {(o.entry.id, o.year): o for o in occurrences(entries(site))}
    deadline = occ[("bao-cao-hang-nam", 2019)]
    assert deadline.day == dt.date(2019, 11, 30)  # "before 1 December": its last day
    assert deadline.state(dt.date(2019, 11, 30)) is State.UPCOMING
    assert deadline.state(dt.date(2019, 12, 1)) is State.PAST
    year_only = occ[("moc-2020", 2020)]
    assert year_only.day is None
    assert year_only.state(dt.date(2019, 12, 31)) is State.UPCOMING
    assert year_only.state(dt.date(2020, 1, 1)) is State.CURRENT
    assert year_only.state(dt.date(2020, 12, 31)) is State.CURRENT
    assert year_only.state(dt.date(2021, 1, 1)) is State.PAST


def test_build_date_is_injectable() -> None:
    assert build_date({"PLAN_BUILD_DATE": "2020-06-01"}) == dt.date(2020, 6, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "1591000000"}) == dt.date(2020, 6, 1)  # 08:26 in Viet Nam
    assert build_date({"PLAN_BUILD_DATE": "2020-06-01", "SOURCE_DATE_EPOCH": "0"}) == dt.date(2020, 6, 1)
    with pytest.raises(PlanDataError, match=r"PLAN_BUILD_DATE:1: '1/6/2020' is not a date: write it as YYYY-MM-DD"):
        build_date({"PLAN_BUILD_DATE": "1/6/2020"})
    with pytest.raises(PlanDataError, match="SOURCE_DATE_EPOCH"):
        build_date({"SOURCE_DATE_EPOCH": "yesterday"})
    assert isinstance(build_date({}), dt.date)


# --- who does what: the matrix and the deadlines table -------------------------------------


def table_cells(page: str, label: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(column headers, [(row header, cells)]) of the table whose aria-label is `label`."""
    html = to_html(page)
    start = html.index(f'aria-label="{label}"')
    html = html[html.rindex("<table", 0, start) : html.index("</table>", start)]
    found = elements(html)
    columns = [text for tag, attrs, text in found if tag == "th" and attrs.get("scope") == "col"]
    rows: list[tuple[str, list[str]]] = []
    for tag, attrs, text in found:
        if tag == "th" and attrs.get("scope") == "row":
            rows.append((text, []))
        elif tag == "td":
            rows[-1][1].append(text)
    return columns, rows


def row_header(agency: Agency, lang: str) -> str:
    """An agency's row header in the who-does-what tables: its name, then who holds its duties now."""
    if not agency.successors:
        return agency.name.get(lang)
    return (
        agency.name.get(lang)
        + (" Nay: " if lang == "vi" else " Now: ")
        + "; ".join(s.name.get(lang) for s in agency.successors)
    )


def test_matrix_structure(site: SiteData, files: dict[str, str]) -> None:
    renderer = Renderer(site, today=AFTER)
    for lang, label, none in (
        ("vi", "Cơ quan và nội dung thực hiện", "Chưa ghi nhận"),
        ("en", "Bodies and areas of action", "None recorded"),
    ):
        page = files[f"{GENERATED_DIR}/ai-lam-gi.{lang}.md"]
        columns, rows = table_cells(page, label)
        assert len(columns) == 1 + len(site.pillars)
        assert columns[1].startswith("Nội dung 1" if lang == "vi" else "Area 1")
        assert [name for name, _ in rows] == [row_header(a, lang) for a in renderer.sorted_agencies()]
        for _, cells in rows:
            # The plan assigns no area to any body: no cell claims one.
            assert cells == [none] * len(site.pillars)
    vi = files[f"{GENERATED_DIR}/ai-lam-gi.vi.md"]
    assert "Kế hoạch không phân công từng nội dung thực hiện cho từng cơ quan" in vi
    assert "Trang không thêm liên kết biên tập nào" in vi


def test_deadlines_table(site: SiteData, files: dict[str, str]) -> None:
    page = files[f"{GENERATED_DIR}/ai-lam-gi.vi.md"]
    columns, rows = table_cells(page, "Nhiệm vụ và thời hạn của từng cơ quan")
    assert columns == ["Cơ quan", "Vai trò", "Nhiệm vụ được giao", "Thời hạn", "Lịch"]
    table = dict(rows)
    assert len(table) == len(site.agencies)
    role, duties, deadlines, calendar = table["Sở Y tế"]
    assert role == "Cơ quan thực hiện"
    assert duties == "mục VI.4, ý 1 mục VI.4, ý 2 phần kết, ý 1 mục V, ý 1"
    assert deadlines.startswith("Trước ngày 01/12 hằng năm: Báo cáo kết quả thực hiện")
    assert calendar == "Tệp lịch"
    assert table["Sở Tài chính"][3] == "Không có thời hạn cụ thể"
    ministry = row_header(next(a for a in site.agencies if a.id == "bo-lao-dong-thuong-binh-va-xa-hoi"), "vi")
    assert table[ministry][1] == "Không được giao nhiệm vụ thực hiện"
    html = to_html(page)
    assert 'href="co-quan/so-y-te.md#so-nganh-tinh-1"' in html
    assert 'href="../du-lieu/co-quan/so-y-te.ics"' in html


# --- permalinks ------------------------------------------------------------------------------


def permalinks(page: str) -> dict[str, dict[str, str]]:
    return {
        attrs["href"]: attrs for tag, attrs, _ in elements(to_html(page)) if "plan-permalink" in attrs.get("class", "")
    }


def test_every_task_has_a_permalink_with_copy_labels(site: SiteData, files: dict[str, str]) -> None:
    for pillar in site.pillars:
        for lang in ("vi", "en"):
            page = files[f"{GENERATED_DIR}/noi-dung/{pillar.slug}.{lang}.md"]
            links = permalinks(page)
            ids = {attrs["id"] for tag, attrs, _ in elements(to_html(page)) if "id" in attrs}
            for task in pillar.tasks:
                anchor = f"nhiem-vu-{task.id}"
                assert anchor in ids
                link = links[f"#{anchor}"]
                label = f"{pillar.number}{task.letter}"
                assert link["data-copy-label"] == ("Sao chép liên kết" if lang == "vi" else "Copy link")
                assert link["data-copy-name"].endswith(label)
                assert link["data-copied-label"] and link["data-failed-label"]


def test_every_duty_has_a_permalink(site: SiteData, files: dict[str, str]) -> None:
    for agency in site.agencies:
        page = files[f"{GENERATED_DIR}/co-quan/{agency.slug}.vi.md"]
        html_elements = elements(to_html(page))
        ids = {attrs["id"] for tag, attrs, _ in html_elements if tag == "li" and "id" in attrs}
        links = permalinks(page)
        duties = list(agency.duties) + [d for g in site.plan.duty_groups if g.id in agency.groups for d in g.duties]
        for duty in duties:
            anchor = duty.id.replace(".", "-")
            assert anchor in ids, (agency.id, anchor)
            assert f"#{anchor}" in links, (agency.id, anchor)
        assert len(links) == len(duties)
    lead = permalinks(files[f"{GENERATED_DIR}/co-quan/so-lao-dong-thuong-binh-va-xa-hoi.en.md"])
    assert lead["#so-lao-dong-thuong-binh-va-xa-hoi-1"]["data-copy-name"] == "Copy link to section VI.1, item 1"


# --- history ---------------------------------------------------------------------------------


def test_history_notice_on_every_plan_page(files: dict[str, str]) -> None:
    pages = {p: t for p, t in files.items() if p.endswith(".md")}
    assert len(pages) == 2 * 31
    for path, text in pages.items():
        vi = path.endswith(".vi.md")
        title = (
            "<summary>Văn bản lịch sử</summary>"
            if vi
            else "<summary>Historical document · unofficial translation</summary>"
        )
        assert text.count('<details class="warning plan-notice"') == 1, path
        assert title in text, path
        notice = text.split(title)[1].split("</details>")[0]
        assert "202/2025/QH15" in notice and "203/2025/QH15" in notice, path
        assert ("12/6/2025" if vi else "12 June 2025") in notice, path
        assert ("16/6/2025" if vi else "16 June 2025") in notice, path
        assert ("1/7/2025" if vi else "1 July 2025") in notice, path
        assert "lich-su.md#thay-doi" in notice, path


def test_history_page(site: SiteData, files: dict[str, str]) -> None:
    vi = files[f"{GENERATED_DIR}/lich-su.vi.md"]
    assert "Nghị quyết số 202/2025/QH15 ngày 12/6/2025" in vi
    assert "Nghị quyết số 203/2025/QH15 ngày 16/6/2025" in vi
    assert "[Hệ thống văn bản của Chính phủ](https://vanban.chinhphu.vn/)" in vi
    table = vi.split("{#co-quan-ke-thua}")[1].split("</table>")[0]
    rows = table.split('<tr markdown="1">')[2:]  # after the header row
    assert len(rows) == len(site.agencies)
    recorded = {a.slug for a in site.agencies if a.successors}
    for row in rows:
        slug = row.split("co-quan/")[1].split(".md")[0]
        assert ('data-label="Cơ quan kế thừa">Chưa ghi nhận</td>' in row) == (slug not in recorded), row


def test_agency_page_without_a_recorded_successor(files: dict[str, str]) -> None:
    vi = files[f"{GENERATED_DIR}/co-quan/so-y-te.vi.md"]
    assert "Cơ quan kế thừa: chưa được ghi nhận." in vi
    notice = vi.split('!!! note "Cơ quan này hiện nay"')[1].split("| Thuộc tính |")[0]
    assert "Trang chưa ghi nhận cơ quan nào đang giữ các nhiệm vụ của cơ quan này" in notice
    assert "Nhiệm vụ nay do" not in vi
    en = files[f"{GENERATED_DIR}/co-quan/so-y-te.en.md"]
    assert "Successor: not yet recorded." in en and "Duties now held by" not in en


def test_agency_page_with_a_recorded_successor(tmp_path: Path) -> None:
    site = load_fixture(tmp_path, reports=False, successor=True)
    files = render(site, AFTER)
    vi = files[f"{GENERATED_DIR}/co-quan/{SUCCESSOR_AGENCY}.vi.md"]
    source = "[99/QĐ-TEST](https://example.test/quyet-dinh-99.pdf), 20/2/2025, Cơ quan ban hành thử nghiệm, theo tin của báo thử nghiệm"
    # The notice at the top, before the page's own table, names the successor, since when, and the source.
    notice = vi.split('!!! note "Cơ quan này hiện nay"')[1].split("| Thuộc tính |")[0]
    assert "Cơ quan này không còn với tên gọi trong Kế hoạch. Từ ngày 1/3/2025" in notice
    assert "**[Cơ quan kế thừa thử nghiệm](so-noi-vu.md)** đảm nhận (lĩnh vực: lĩnh vực thử nghiệm)" in notice
    assert f"Nguồn: {source}." in notice and "(#hien-nay)" in notice
    assert (
        "Nhiệm vụ nay do **[Cơ quan kế thừa thử nghiệm](so-noi-vu.md)** đảm nhận "
        "(từ ngày 1/3/2025; lĩnh vực: lĩnh vực thử nghiệm). Nguồn: " in vi
    )
    assert "chưa được ghi nhận" not in vi.split("{#hien-nay}")[1].split("## ")[0]
    en = files[f"{GENERATED_DIR}/co-quan/{SUCCESSOR_AGENCY}.en.md"]
    assert "Duties now held by **[Test successor body](so-noi-vu.md)** (since 1 March 2025; areas: test areas)." in en
    assert "as reported by Test newspaper" in en
    history = files[f"{GENERATED_DIR}/lich-su.vi.md"]
    assert (
        ">[Cơ quan kế thừa thử nghiệm](co-quan/so-noi-vu.md) (từ ngày 1/3/2025; lĩnh vực: lĩnh vực thử nghiệm)</td>\n"
        f'<td markdown="span" data-label="Nguồn">{source}</td>' in history
    )
    index = files[f"{GENERATED_DIR}/co-quan/index.vi.md"]
    assert f"({SUCCESSOR_AGENCY}.md)<br>Nay: Cơ quan kế thừa thử nghiệm</th>" in index
    # Other agencies still say plainly that nothing is recorded.
    assert "Cơ quan kế thừa: chưa được ghi nhận." in files[f"{GENERATED_DIR}/co-quan/so-y-te.vi.md"]


def successor_problems(tmp_path: Path, old: str, new: str) -> list[str]:
    data = fixture_data(tmp_path, reports=False)
    add_successor(data)
    path = data / "agencies" / f"{SUCCESSOR_AGENCY}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PlanDataError) as info:
        load(data, root=data.parent)
    return [str(p) for p in info.value.problems]


def test_successor_without_source_fails(tmp_path: Path) -> None:
    found = successor_problems(tmp_path, "    source:\n", "    sourced:\n")
    file = f"data/agencies/{SUCCESSOR_AGENCY}.yml"
    assert any(p.startswith(file) and "successors[0].source is missing: add this field" in p for p in found)


def test_successor_source_needs_https_and_issuer(tmp_path: Path) -> None:
    found = successor_problems(tmp_path / "url", "https://example.test/quyet-dinh-99.pdf", "vanban.chinhphu.vn")
    assert any("successors[0].source.url:" in p for p in found)
    found = successor_problems(tmp_path / "issuer", "      issuer:\n", "      issued_by:\n")
    assert any("successors[0].source.issuer is missing" in p for p in found)


def test_successor_dated_before_the_plan_fails(tmp_path: Path) -> None:
    found = successor_problems(tmp_path, 'date: "2025-03-01"', 'date: "2016-03-01"')
    (problem,) = [p for p in found if "successors[0].date" in p]
    line = re.search(r":(\d+): ", problem)
    assert line is not None
    text = (Path(tmp_path) / "data" / "agencies" / f"{SUCCESSOR_AGENCY}.yml").read_text(encoding="utf-8")
    assert text.splitlines()[int(line.group(1)) - 1].strip() == 'date: "2016-03-01"'
    assert "is not after the plan's date (2017-06-15)" in problem


def located(problem: str, tmp_path: Path, rel: str) -> str:
    """The stripped line of `rel` (under tmp_path) that a `file:line: message` problem points at."""
    line = re.search(r":(\d+): ", problem)
    assert line is not None, problem
    return (tmp_path / rel).read_text(encoding="utf-8").splitlines()[int(line.group(1)) - 1].strip()


def test_successor_naming_an_unknown_body_fails(tmp_path: Path) -> None:
    found = successor_problems(tmp_path, 'agency: "so-noi-vu"', 'agency: "so-noi-vu-moi"')
    (problem,) = [p for p in found if "successors[0].agency" in p]
    assert problem.startswith(f"data/agencies/{SUCCESSOR_AGENCY}.yml:")
    assert "unknown agency 'so-noi-vu-moi': use the id of a file in data/agencies/" in problem
    assert located(problem, tmp_path, f"data/agencies/{SUCCESSOR_AGENCY}.yml") == 'agency: "so-noi-vu-moi"'


def test_body_cannot_be_its_own_successor(tmp_path: Path) -> None:
    found = successor_problems(tmp_path, 'agency: "so-noi-vu"', f'agency: "{SUCCESSOR_AGENCY}"')
    (problem,) = [p for p in found if "successors[0].agency" in p]
    assert "a body cannot be its own successor" in problem


def test_successor_source_dated_before_the_plan_fails(tmp_path: Path) -> None:
    found = successor_problems(tmp_path, 'date: "2025-02-20"', 'date: "2017-01-02"')
    (problem,) = [p for p in found if "successors[0].source.date" in p]
    assert "give the date of the official document" in problem
    assert located(problem, tmp_path, f"data/agencies/{SUCCESSOR_AGENCY}.yml") == 'date: "2017-01-02"'


def test_follow_up_dated_before_the_plan_fails(data_copy: Path) -> None:
    path = data_copy / "plan.yml"
    text = path.read_text(encoding="utf-8")
    assert '    date: "2026-01-20"\n' in text
    path.write_text(text.replace('    date: "2026-01-20"\n', '    date: "2016-01-20"\n'), encoding="utf-8")
    with pytest.raises(PlanDataError) as info:
        load(data_copy, root=data_copy.parent)
    (problem,) = [str(p) for p in info.value.problems if "follow_up.source.date" in str(p)]
    assert problem.startswith("data/plan.yml:")
    assert located(problem, data_copy.parent, "data/plan.yml") == 'date: "2016-01-20"'


def test_successor_without_a_name_or_with_a_blank_area_fails(tmp_path: Path) -> None:
    found = successor_problems(tmp_path / "name", "  - name:\n", "  - named:\n")
    assert any("successors[0].name is missing" in p for p in found)
    found = successor_problems(tmp_path / "areas", 'vi: "lĩnh vực thử nghiệm"', 'vi: "  "')
    assert any("successors[0].areas.vi" in p and "is blank" in p for p in found)


def test_calendar_names_who_holds_the_duties_now(site: SiteData, files: dict[str, str]) -> None:
    ics = files["du-lieu/obligations.vi.ics"].replace("\r\n ", "")  # unfold RFC 5545 lines
    ministry = next(a for a in site.agencies if a.id == "bo-lao-dong-thuong-binh-va-xa-hoi")
    (successor,) = ministry.successors
    line = f"{ministry.name.vi} nay: {successor.name.vi} (từ ngày 1/3/2025)."
    assert line in ics
    # Only bodies with a recorded successor get such a line.
    assert "Sở Y tế nay:" not in ics


def test_document_block_states_the_status_and_the_follow_up(site: SiteData, files: dict[str, str]) -> None:
    follow_up = site.plan.follow_up
    assert follow_up is not None
    vi = files[f"{GENERATED_DIR}/index.vi.md"]
    assert "| Tình trạng | Hết giai đoạn thực hiện (mốc cuối theo Kế hoạch: năm 2025) |" in vi
    row = next(line for line in vi.splitlines() if line.startswith("| Chương trình giai đoạn tiếp theo |"))
    assert follow_up.name.vi in row and f"[{follow_up.source.number}]({follow_up.source.url})" in row
    assert "theo tin của Báo Điện tử Chính phủ" in row
    during = render(site, MID_2020)[f"{GENERATED_DIR}/index.vi.md"]
    assert "| Tình trạng | Trong giai đoạn thực hiện (mốc cuối theo Kế hoạch: năm 2025) |" in during
    history = files[f"{GENERATED_DIR}/lich-su.en.md"]
    assert "[After Plan 179: what comes next](../tim-hieu/sau-ke-hoach.md)" in history
    assert f"[{follow_up.source.number}]({follow_up.source.url})" in history
