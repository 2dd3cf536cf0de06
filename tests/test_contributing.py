"""The contributors' kit: issue forms, Markdown lint settings, and a guide that quotes
the checks' real messages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import mkdocs
import pytest
import yaml

from plan179.content.facts import REPORT_TEMPLATE
from plan179.content.news import MARKER

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False)


def test_issue_forms_match_githubs_schema() -> None:
    forms = [f for f in FORMS if f.name != "config.yml"]
    assert {f.name for f in forms} == {"loi-noi-dung.yml", "ban-dich.yml", "bai-viet-moi.yml"}
    result = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *forms)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run(
        BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-config", FORMS[0].parent / "config.yml"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_page_error_links_prefill_a_real_field() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / REPORT_TEMPLATE).read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert "page" in ids


def lint(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    page = tmp_path / "bai.vi.md"
    page.write_text(text, encoding="utf-8")
    return run(BIN / "pymarkdown", "--strict-config", "--config", ROOT / ".pymarkdown.json", "scan", page)


def test_markdown_lint_accepts_an_article_and_catches_mistakes(tmp_path: Path) -> None:
    good = (
        '---\ntitle: "Bài"\ndescription: "Mô tả."\n---\n\n# Bài viết có tiêu đề rất dài, '
        + "dài hơn tám mươi ký tự một cách thoải mái như mọi đoạn văn tiếng Việt bình thường\n\n"
        + "## Nguồn\n\nMột đoạn.\n\n## Mục khác\n\n### Nguồn\n\nHai.\n"
    )
    assert lint(tmp_path, good).returncode == 0, lint(tmp_path, good).stdout
    bad = good + "\n# Tiêu đề thứ hai\n\nChữ <b>đậm</b>.\n- một\n"
    out = lint(tmp_path, bad).stdout
    assert "MD025" in out and "MD033" in out and "MD032" in out


def messages_quoted_in(guide: str) -> list[str]:
    """The first-column code spans of the guide's table of checks."""
    table = guide[guide.index("| `there is no English version`") :]
    out = []
    for row in table.strip().splitlines():
        if not row.startswith("| `"):
            break
        first = row.split(" | ", 1)[0]
        out += re.findall(r"`([^`]+)`", first)
    return out


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "CONTRIBUTING.en.md"])
def test_guide_quotes_the_real_messages(name: str) -> None:
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in [*(ROOT / "hooks").glob("plan_*.py"), *(ROOT / "plan179").rglob("*.py")]
    )
    engine = Path(mkdocs.__file__).parent / "structure"
    sources += "\n".join(p.read_text(encoding="utf-8") for p in engine.glob("*.py"))
    sources += "\nInput should be a valid date\n"  # pydantic's own wording
    sources = re.sub(r"[\"']\s*\n\s*f?[\"']", "", sources)  # join implicitly concatenated literals
    sources = sources.replace("{MARKER}", MARKER)
    quoted = messages_quoted_in((ROOT / name).read_text(encoding="utf-8"))
    assert len(quoted) > 20
    for message in quoted:
        if re.fullmatch(r"MD\d{3}|data/….yml:…", message):
            continue
        for piece in re.split(r"…|\.\.\.|'[^']*'|\{[^}]*\}", message):
            piece = piece.strip(' .:/()"')
            if len(piece) >= 8:
                assert printed(piece, sources), (
                    f"{name}: '{piece}' (from `{message}`) is not a message the checks print"
                )


def printed(piece: str, sources: str) -> bool:
    """`piece` is in the sources, literally or with words filled in by f-string fields
    (`has 3 items here` matches `has {len(mine)} item{'s' if …} here`)."""
    if piece in sources:
        return True
    field = r"[\"']?\{[^}]*\}[\"']?"
    words = [rf"(?:{re.escape(w)}|{field}|{re.escape(w.rstrip('s'))}{field})" for w in piece.split(" ")]
    return re.search(" ".join(words), sources) is not None
