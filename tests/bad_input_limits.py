"""Bad-input cases about dates and lengths (issue 16): a news post or a report source
dated after today, a report for a year not begun, names longer than a page title."""

from __future__ import annotations

from pathlib import Path

from bad_input_helpers import AGENCY, Case, data, line_of, replace

REPORT = (
    'year: {year}\nagency: "so-y-te"\ntasks:\n  - task: "1a"\n    status: "completed"\n'
    'summary:\n  vi: "Tóm tắt."\n  en: "Summary."\n'
    'source:\n  number: "1/BC-SYT"\n  date: "{date}"\n  url: "https://example.gov.vn/bc"\n'
)


def future_post(project: Path) -> tuple[str, int, str]:
    """A news post pair dated 2099: it would be listed first, and in the feed."""
    first = ""
    for lang in ("vi", "en"):
        text = (project / "docs" / "tim-hieu" / f"hoi-dap.{lang}.md").read_text(encoding="utf-8")
        text = text.replace('date: "2026-11-28"', 'date: "2099-01-01"')
        (project / "docs" / "tin-tuc" / f"tin-tuong-lai.{lang}.md").write_text(text, encoding="utf-8")
        first = first or text
    return "docs/tin-tuc/tin-tuong-lai.vi.md", line_of(first, "date:"), "is after today"


def report(year: int, date: str, needle: str, expected: str) -> Case:
    def apply(project: Path) -> tuple[str, int, str]:
        text = REPORT.format(year=year, date=date)
        rel = f"data/reports/{year}-so-y-te.yml"
        (project / rel).write_text(text, encoding="utf-8")
        return rel, line_of(text, needle), expected

    return Case(f"report-{'source-after-today' if year < 2030 else 'year-not-begun'}", apply, check=True)


LONG = "Department of Health " * 1000

LIMIT_CASES = [
    Case("news-post-after-today", future_post, check=True),
    report(2019, "2099-12-31", "  date:", "source.date: 2099-12-31 is after today"),
    report(2030, "2020-01-10", "year:", "year: 2030 has not begun"),
    Case(
        "very-long-agency-name",
        data(AGENCY, '"Department of Health"', f'"{LONG}"', "name.en is 21,000 characters long"),
        check=True,
    ),
    Case(
        "very-long-ui-string",
        data("data/i18n/en.yml", '"Unofficial translation"', f'"{LONG}"', "unofficial_title is 21,000 characters"),
        check=True,
    ),
]

VI_STRINGS = "data/i18n/vi.yml"
EN_STRINGS = "data/i18n/en.yml"

STRING_CASES = [
    Case(
        "ui-placeholder-typo",
        data(VI_STRINGS, '"{count} nhiệm vụ"', '"{cout} nhiệm vụ"', "never fills in a placeholder {cout}"),
        check=True,
    ),
    Case(
        "ui-placeholder-of-another-text",
        data(
            VI_STRINGS, '"{count} nhiệm vụ"', '"{count} nhiệm vụ của {name}"', "{name} is not filled in for this text"
        ),
        check=True,
    ),
    Case(
        "ui-placeholder-missing-brace",
        data(VI_STRINGS, '"{count} nhiệm vụ"', '"{count nhiệm vụ"', "broken placeholder"),
        check=True,
    ),
    Case(
        "ui-string-html",
        data(EN_STRINGS, '"Unofficial translation"', '"Unofficial <img src=x onerror=alert(1)>"', "contains HTML"),
        check=True,
    ),
    Case(
        "ui-string-javascript-link",
        data(EN_STRINGS, "forms]({url})", "forms](javascript:alert(1))", "contains a script URL"),
        check=True,
    ),
    Case(
        "ui-string-format-attribute",
        data(EN_STRINGS, '"{count} tasks"', '"{count.__class__} tasks"', "is not a plain name"),
        check=True,
    ),
]


def nav_to_nowhere(project: Path) -> tuple[str, int, str]:
    line = replace(
        project,
        "mkdocs.yml",
        "      - tim-hieu/index.md\n",
        "      - tim-hieu/index.md\n      - tim-hieu/khong-co.md\n",
    )
    return "mkdocs.yml", line + 1, "the menu names 'tim-hieu/khong-co.md', but there is no such page"


NAV_CASES = [Case("nav-line-to-missing-page", nav_to_nowhere, check=True)]


DATA_MARKUP_CASES = [
    Case(
        "html-in-data-text",
        data(AGENCY, '"Department of Health"', '"Department <img src=x onerror=alert(1)> of Health"', "contains HTML"),
        check=True,
    ),
    Case(
        "script-link-in-data-text",
        data(AGENCY, '"Department of Health"', '"Department [x](javascript:alert(1)) of Health"', "a script URL"),
        check=True,
    ),
]
