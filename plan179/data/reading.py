"""The parts of reading data/ that need no model: the languages, a located problem, one
YAML file read strictly, and the UI strings.

Kept apart from `plan179.data.load` (which validates records with pydantic) so that the
publishing stage and the hooks that only need UI strings start without the models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plan179.data.limits import future_problems, length_problems, markup_problems
from plan179.data.strict_yaml import Document, YamlError, parse_file
from plan179.data.strings import string_problems

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Located:
    """One problem, ready to print."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class PlanDataError(Exception):
    """Raised with every problem found; its text is one `file:line: message` per line."""

    def __init__(self, problems: Sequence[Located]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def rel_path(path: Path, root: Path) -> str:
    """The path as messages name it: relative to the repository where it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_document(path: Path, root: Path, problems: list[Located]) -> Document | None:
    """One data file read strictly, or None with its problems added (a link is never followed)."""
    if path.is_symlink():  # never read a file from outside the repository into the site
        problems.append(
            Located(rel_path(path, root), 1, "is a symbolic link: replace it with the real file, or remove it")
        )
        return None
    try:
        doc = parse_file(path, rel_path(path, root))
    except YamlError as exc:
        problems.append(Located(exc.file, exc.line, exc.message))
        return None
    for line, message in length_problems(doc) + future_problems(doc) + markup_problems(doc):
        problems.append(Located(doc.file, line, message))
    return doc


_StringsKey = tuple[Path, Path, tuple[bytes | None, ...]]
_STRINGS: dict[_StringsKey, tuple[dict[str, dict[str, str]], list[Located]]] = {}


def load_strings(data_dir: Path, root: Path, problems: list[Located]) -> dict[str, dict[str, str]]:
    """UI strings per language; both languages must define the same keys.

    Parsed once per content of the files: four hooks need them in every build, and a
    preview rebuild after an edit is timed (bench/).
    """
    contents: list[bytes | None] = []
    for lang in LANGUAGES:
        try:
            contents.append((data_dir / "i18n" / f"{lang}.yml").read_bytes())
        except OSError:
            contents.append(None)
    key = (data_dir, root, tuple(contents))
    if key not in _STRINGS:
        found: list[Located] = []
        _STRINGS.clear()
        _STRINGS[key] = (_load_strings(data_dir, root, found), found)
    strings, found = _STRINGS[key]
    problems.extend(found)
    return {lang: dict(table) for lang, table in strings.items()}


def _load_strings(data_dir: Path, root: Path, problems: list[Located]) -> dict[str, dict[str, str]]:
    strings: dict[str, dict[str, str]] = {}
    docs: dict[str, Document] = {}
    for lang in LANGUAGES:
        path = data_dir / "i18n" / f"{lang}.yml"
        if not path.exists():
            problems.append(Located(rel_path(path, root), 1, f"missing UI strings file for '{lang}': create it"))
            continue
        doc = read_document(path, root, problems)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Located(doc.file, 1, "must be a mapping of key: text"))
            continue
        table: dict[str, str] = {}
        for key, value in doc.data.items():
            if not isinstance(value, str) or not value.strip():
                problems.append(Located(doc.file, doc.line_of((key,)), f"{key}: must be a non-empty text"))
            else:
                table[key] = value
        strings[lang] = table
        docs[lang] = doc
    for file, line, message in string_problems(docs, strings):
        problems.append(Located(file, line, message))
    if len(strings) == len(LANGUAGES):
        for lang in LANGUAGES:
            for other in LANGUAGES:
                for key in sorted(set(strings[other]) - set(strings[lang])):
                    problems.append(
                        Located(
                            docs[lang].file,
                            1,
                            f"{key} is missing: add its {'Vietnamese' if lang == 'vi' else 'English'} text (it is in {docs[other].file}:{docs[other].line_of((key,))})",
                        )
                    )
    return strings
