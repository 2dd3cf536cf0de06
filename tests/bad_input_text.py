"""Bad-input cases about the text of files: encodings, control characters, nesting,
front matter that escapes into the page head or is never closed (issue 16)."""

from __future__ import annotations

from pathlib import Path

from bad_input_helpers import AGENCY, Case, data, line_of

ARTICLE = "docs/tim-hieu/asean.vi.md"
LONG_PAGE = "docs/tim-hieu/ke-hoach-179-voi-nguoi-dan.vi.md"
REFRESH = '"><meta http-equiv="refresh" content="0;url=https://evil.example/">'


def bom_description(project: Path) -> tuple[str, int, str]:
    """A byte-order mark first, then a description that closes the theme's attribute."""
    path = project / ARTICLE
    text = path.read_text(encoding="utf-8")
    start = text.index('description: "') + len('description: "')
    end = text.index('"\n', start)
    text = text[:start] + REFRESH.replace('"', '\\"') + text[end:]
    path.write_text("\ufeff" + text, encoding="utf-8")
    return ARTICLE, line_of(text, "description:"), "front matter 'description' contains HTML"


def unclosed_front_matter(project: Path) -> tuple[str, int, str]:
    path = project / ARTICLE
    text = path.read_text(encoding="utf-8")
    head, _sep, body = text[4:].partition("\n---\n")
    path.write_text("---\n" + head + "\n" + body, encoding="utf-8")
    return ARTICLE, 1, "is never closed: add a line '---' after its last field"


def raw_bytes_on_line(rel: str, line: int, raw: bytes, expected: str) -> Case:
    """`raw` written into line `line` of `rel`, as a broken editor would save it."""

    def apply(project: Path) -> tuple[str, int, str]:
        path = project / rel
        lines = path.read_bytes().split(b"\n")
        assert len(lines) > line, f"{rel} is shorter than {line} lines"
        lines[line - 1] = lines[line - 1][:8] + raw + lines[line - 1][8:]
        path.write_bytes(b"\n".join(lines))
        return rel, line, expected

    name = "nul" if raw == b"\x00" else "invalid-utf8"
    return Case(f"{name}-in-{'yaml' if rel.endswith('.yml') else 'markdown'}", apply, check=True)


def nested(depth: int) -> Case:
    """A value nested `depth` levels deep (Python's stack gave out from about 400)."""
    value = "[" * depth + "]" * depth
    return Case(
        f"yaml-nesting-{depth}",
        data(AGENCY, 'role: "implementer"\n', f'role: "implementer"\nnotes: {value}\n', "nested more than", 1),
        check=True,
    )


TEXT_CASES = [
    Case("bom-then-html-description", bom_description, check=True),
    Case("unclosed-front-matter", unclosed_front_matter, check=True),
    raw_bytes_on_line(AGENCY, 5, b"\x00", "invisible character U+0000"),
    raw_bytes_on_line(AGENCY, 5, b"\xff\xfe", "not valid UTF-8"),
    raw_bytes_on_line(LONG_PAGE, 78, b"\x00", "invisible character U+0000"),
    raw_bytes_on_line(LONG_PAGE, 79, b"\xc3\x28", "not valid UTF-8"),
    nested(400),
    nested(999),
]
