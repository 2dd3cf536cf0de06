"""Hand-written pages: front matter validated like the data, and translation parity.

Communicators write articles in GitHub's web editor. A typo in the front matter, a
page published in one language only, or two language versions whose front matter
drifted apart must stop the build with `docs/<file>.md:<line>: what to do`, exactly
like a mistake in `data/`. This module reads every hand-written Markdown page under
`docs/` with the strict YAML reader (so `date: 2026-11-28` unquoted, duplicate keys
or `tags: no` are refused), validates it against `PageMeta`, and pairs the
`page.vi.md` / `page.en.md` versions. No MkDocs import: `python -m plan_pages check`
gives the same messages as the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from plan179.data.limits import today
from plan179.data.load import LANGUAGES, Located, PlanDataError, date_problem, dotted
from plan179.data.strict_yaml import PathKey, YamlError, parse_file, parse_text
from plan179.data.text import control_character, read_utf8
from plan179.layout import GENERATED_DIR, GENERATED_DIRS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LANGUAGE = LANGUAGES[0]
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
PENDING = "pending"

# Keys whose value is the same in every language version (the rest are translated).
SHARED_KEYS = ("date", "agency", "hide")
# Articles and news posts must have topics (the news listing groups by them); other
# pages (home, about) may.
TAGGED_SECTIONS = ("tim-hieu", "tin-tuc")
# What `make new-article` leaves for the writer to replace; a page still holding it is unfinished.
PLACEHOLDER = "TODO:"

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SUFFIX = re.compile(r"^(?P<base>.+)\.(?P<lang>[a-z]{2})\.md$")
_H1 = re.compile(r"^# \S", re.M)
_FENCE = re.compile(r"^(```|~~~)")

Title = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Description = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=60)]
HideOption = Literal["navigation", "toc", "footer", "feedback", "path", "tags"]


class PageMeta(BaseModel):
    """The front matter every hand-written page carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Title
    description: Description
    date: dt.date
    tags: Annotated[list[Tag], Field(min_length=1, max_length=10)] | None = None
    agency: str | None = None
    translation: Literal["pending"] | None = None
    hide: list[HideOption] | None = None
    order: Annotated[int, Field(ge=1, le=999)] | None = None  # place in its section's menu and list

    @field_validator("title", "description")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is blank: write the text")
        if "\n" in value:
            raise ValueError("must be one line: remove the line breaks")
        return value

    @field_validator("tags")
    @classmethod
    def _not_blank(cls, tags: list[str] | None) -> list[str] | None:
        if tags is not None and any(not tag.strip() for tag in tags):
            raise ValueError("a tag is blank: write it or remove it")
        return tags


@dataclass(frozen=True)
class DocPage:
    """One hand-written Markdown page and its validated front matter."""

    path: str  # relative to docs/, with the language suffix: "tim-hieu/asean.vi.md"
    file: str  # as shown in messages and edit links: "docs/tim-hieu/asean.vi.md"
    base: str  # without suffix: "tim-hieu/asean"
    lang: str
    meta: PageMeta
    raw: dict[str, Any]
    lines: dict[PathKey, int]
    body: str

    def line_of(self, key: str) -> int:
        return self.lines.get((key,), 1)


@dataclass(frozen=True)
class DocsTree:
    """Every hand-written page, by (path without suffix, language)."""

    pages: dict[tuple[str, str], DocPage] = field(default_factory=dict)

    def get(self, base: str, lang: str) -> DocPage | None:
        return self.pages.get((base, lang))

    def bases(self) -> list[str]:
        return sorted({base for base, _ in self.pages})

    def served(self, base: str, lang: str) -> DocPage | None:
        """The page a reader of `lang` gets: its own version, else the default-language one."""
        return self.get(base, lang) or self.get(base, DEFAULT_LANGUAGE)


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of one file, located in that file."""

    data: Any
    lines: dict[PathKey, int]
    body: str


def read_front_matter(text: str, file: str) -> FrontMatter:
    """Split and strictly parse a Markdown file's front matter; lines are the file's own."""
    text = text.removeprefix("\ufeff")
    match = _FRONT.match(text)
    if match is None and re.match(r"---[ \t]*\n", text):
        raise YamlError(
            file,
            1,
            "the front matter that starts here is never closed: add a line '---' after its last field"
            " (before the page's text)",
        )
    if match is None:
        raise YamlError(
            file,
            1,
            "no front matter: the file must start with a line '---', then title, description, date and tags, then '---'",
        )
    block = match.group("yaml") or ""
    if not block.strip():
        raise YamlError(file, 1, "the front matter is empty: add title, description, date and tags")
    try:
        doc = parse_text(block, file)
    except YamlError as exc:
        raise YamlError(file, exc.line + 1, exc.message) from None
    lines = {path: line + 1 for path, line in doc.lines.items()}
    return FrontMatter(doc.data, lines, text[match.end() :])


def _explain(err: dict[str, Any]) -> str:
    loc = tuple(p for p in err.get("loc", ()) if isinstance(p, (str, int)))
    where = dotted(loc) or "(front matter)"
    kind = err.get("type", "")
    if kind == "missing":
        hint = {
            "title": 'the page title, e.g. title: "ASEAN và Cộng đồng ASEAN"',
            "description": "one sentence for search engines and link previews",
            "date": 'the publication date, e.g. date: "2026-11-28"',
            "tags": 'a list of topics, e.g. tags: ["ASEAN"]',
        }.get(str(loc[-1]) if loc else "", "this field")
        return f"{where} is missing: add {hint}"
    if kind == "extra_forbidden":
        return (
            f"{where} is not a known field: use only title, description, date, tags, agency, translation, hide"
            " (check the spelling)"
        )
    if kind.startswith("date"):
        return f"{where}: {date_problem(err.get('input', ''))}"
    if kind == "literal_error":
        return f"{where}: {err.get('input')!r} is not allowed: use {err.get('ctx', {}).get('expected', '')}"
    if kind == "string_too_short":
        return f"{where} is empty: write the text"
    if kind == "string_too_long":
        return f"{where} is too long: keep it under {err.get('ctx', {}).get('max_length')} characters"
    if kind == "too_long":
        return f"{where} has too many items: keep at most {err.get('ctx', {}).get('max_length')}"
    if kind == "too_short":
        return f"{where} is empty: list at least one"
    if kind in {"string_type", "list_type", "date_type"}:
        expected = {"string_type": "a text in quotes", "list_type": "a list", "date_type": "a date in quotes"}[kind]
        return f"{where}: must be {expected}"
    return f"{where}: {str(err.get('msg', 'invalid value')).removeprefix('Value error, ')}"


def _nfc_problem(text: str, file: str) -> Located | None:
    """The first line that is not in Unicode NFC form (accents typed as separate marks)."""
    if unicodedata.is_normalized("NFC", text):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if not unicodedata.is_normalized("NFC", line):
            column = next(
                (i for i, ch in enumerate(line, start=1) if unicodedata.combining(ch)),
                1,
            )
            word = line[max(0, column - 6) : column + 4].strip()
            return Located(
                file,
                number,
                f"text near '{unicodedata.normalize('NFC', word)}' (column {column}) has accents stored as"
                " separate marks (not Unicode NFC, often from copying a PDF): retype those letters, or run"
                " `make nfc` to fix every page",
            )
    return None  # pragma: no cover - is_normalized said otherwise


def _placeholders(text: str, file: str) -> list[Located]:
    """Lines still holding the scaffold's `TODO:` placeholders (make new-article)."""
    return [
        Located(file, number, f"'{PLACEHOLDER}' placeholder still here: replace it with the real text")
        for number, line in enumerate(text.splitlines(), start=1)
        if PLACEHOLDER in line
    ]


def _has_h1(body: str) -> bool:
    fenced = False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            return True
    return False


def is_generated(data: Any) -> bool:
    """Pages written by a generator name their source; they are checked by their own tests."""
    return isinstance(data, dict) and "generated_from" in data


def hand_written_files(docs_dir: Path) -> list[Path]:
    """Markdown files under docs/ that people write (generated folders left out)."""
    out = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if rel.parts[0] == GENERATED_DIR or any(part.startswith(".") for part in rel.parts):
            continue
        out.append(path)
    return out


def read_page(
    path: Path, docs_dir: Path, root: Path, agency_ids: set[str] | None
) -> tuple[DocPage | None, list[Located]]:
    """Read and validate one page; return it (None if generated or broken) and its problems."""
    rel = path.relative_to(docs_dir).as_posix()
    file = display_path(path, root)
    problems: list[Located] = []
    match = _SUFFIX.match(rel)
    if match is None or match.group("lang") not in LANGUAGES:
        stem = rel.removesuffix(".md")
        return None, [
            Located(
                file,
                1,
                f"the file name needs a language: rename it to {Path(stem).name}.vi.md (Vietnamese) or"
                f" {Path(stem).name}.en.md (English)",
            )
        ]
    text, bad_line, bad = read_utf8(path)
    if text is None:
        return None, [Located(file, bad_line, bad)]
    if (control := control_character(text)) is not None:
        return None, [Located(file, *control)]
    nfc = _nfc_problem(text, file)
    if nfc is not None:
        problems.append(nfc)
    problems += _placeholders(text, file)
    try:
        front = read_front_matter(text, file)
    except YamlError as exc:
        return None, [*problems, Located(exc.file, exc.line, exc.message)]
    if is_generated(front.data) and rel.split("/", 1)[0] in GENERATED_DIRS:
        return None, problems
    if is_generated(front.data):  # on a hand-written page it would skip every check of the page
        line = front.lines.get(("generated_from",), 1)
        return None, [*problems, Located(file, line, "generated_from is for generated pages only: remove this line")]
    if not isinstance(front.data, dict):
        return None, [*problems, Located(file, 2, "the front matter must be fields like 'title: \"…\"'")]
    try:
        meta = PageMeta.model_validate(front.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc: PathKey = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
            line = _line_of(front.lines, loc)
            problems.append(Located(file, line, _explain(dict(err))))
        return None, problems
    if meta.agency is not None and agency_ids is not None and meta.agency not in agency_ids:
        known = ", ".join(sorted(agency_ids))
        problems.append(
            Located(
                file,
                front.lines.get(("agency",), 1),
                f"agency: '{meta.agency}' is not an agency id in data/agencies/: use one of {known}",
            )
        )
    seen: dict[str, int] = {}
    for index, tag in enumerate(meta.tags or ()):
        if tag.casefold() in seen:
            problems.append(
                Located(
                    file,
                    front.lines.get(("tags", index), 1),
                    f"tags[{index}]: '{tag}' is already listed as tags[{seen[tag.casefold()]}]: keep it once",
                )
            )
        seen.setdefault(tag.casefold(), index)
    base = match.group("base")
    if meta.tags is None and base.split("/", 1)[0] in TAGGED_SECTIONS:
        what = "is empty" if "tags" in front.data else "is missing"
        problems.append(
            Located(
                file,
                _line_of(front.lines, ("tags",)),
                f'tags {what}: add a list of topics, e.g. tags: ["ASEAN"]',
            )
        )
    if not _has_h1(front.body):
        first_body_line = text.count("\n", 0, len(text) - len(front.body)) + 1
        problems.append(
            Located(
                file, first_body_line, "the page has no main heading: add a line '# <title>' after the front matter"
            )
        )
    page = DocPage(
        path=rel,
        file=file,
        base=base,
        lang=match.group("lang"),
        meta=meta,
        raw=front.data,
        lines=front.lines,
        body=front.body,
    )
    return page, problems


def _line_of(lines: dict[PathKey, int], path: PathKey) -> int:
    for end in range(len(path), -1, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return 1


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _base_of(file: str) -> str:
    """`docs/tim-hieu/asean.vi.md` → `tim-hieu/asean`."""
    match = _SUFFIX.match(file.split("/", 1)[1] if "/" in file else file)
    return match.group("base") if match else file


def future_dates(tree: DocsTree) -> list[Located]:
    """A page is published on the day it is dated: a later date would list a post as news ahead of time."""
    now = today()
    return [
        Located(
            page.file,
            page.line_of("date"),
            f"date: {page.meta.date.isoformat()} is after today ({now.isoformat()}): a page is dated the day it is"
            " published: write today's date, or keep the page in your branch until that day",
        )
        for page in tree.pages.values()
        if page.meta.date > now
    ]


def agency_ids(data_dir: Path) -> set[str]:
    """The ids of `data/agencies/*.yml` (broken files are left to the data loader to report)."""
    ids: set[str] = set()
    for path in sorted((data_dir / "agencies").glob("*.yml")):
        try:
            doc = parse_file(path)
        except YamlError:
            continue
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            ids.add(doc.data["id"])
    return ids


def load_docs(docs_dir: Path, root: Path | None = None, agencies: set[str] | None = None) -> DocsTree:
    """Read every hand-written page; raise `PlanDataError` listing every problem."""
    root = root or docs_dir.parent
    if agencies is None:
        agencies = agency_ids(root / "data")
    problems: list[Located] = []
    pages: dict[tuple[str, str], DocPage] = {}
    broken: set[str] = set()
    for path in hand_written_files(docs_dir):
        page, found = read_page(path, docs_dir, root, agencies)
        problems += found
        if page is not None and not found:
            pages[(page.base, page.lang)] = page
        elif found:
            match = _SUFFIX.match(path.relative_to(docs_dir).as_posix())
            broken.add(match.group("base") if match else "")
    from plan179.content.parity import parity_problems  # it builds on this module's types

    tree = DocsTree(pages)
    problems += future_dates(tree)
    # A broken file is reported on its own; comparing its pair would only add noise.
    problems += [p for p in parity_problems(tree) if _base_of(p.file) not in broken]
    if problems:
        raise PlanDataError(sorted(set(problems), key=lambda p: (p.file, p.line, p.message)))
    return tree


def normalise_nfc(paths: Iterable[Path]) -> list[Path]:
    """Rewrite files in NFC form; returns the files changed."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """`check` validates docs/ like the build does; `nfc` normalises the pages' text."""
    parser = argparse.ArgumentParser(prog="plan_pages", description=__doc__)
    parser.add_argument("command", choices=["check", "nfc"])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this project)")
    args = parser.parse_args(argv)
    docs_dir = args.root / "docs"
    if args.command == "nfc":
        changed = normalise_nfc(hand_written_files(docs_dir))
        for path in changed:
            print(f"normalised {display_path(path, args.root)}")
        print(f"{len(changed)} file{'s' if len(changed) != 1 else ''} changed.")
        return 0
    try:
        tree = load_docs(docs_dir, args.root)
    except PlanDataError as exc:
        count = len(exc.problems)
        print(f"The pages have {count} problem{'s' if count != 1 else ''}:", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 1
    print(f"The pages are valid: {len(tree.pages)} files, {len(tree.bases())} pages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
