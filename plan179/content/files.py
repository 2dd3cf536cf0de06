"""Which files a pull request may bring into the folders the build reads, and how named.

The build reads `docs/`, `data/` and `overrides/` and publishes much of `docs/` as it
is. A symbolic link there would make it read (and publish) a file from outside the
repository, or write and delete through it; a raw `.html` or `.svg` would reach readers
without the HTML policy; a page named with spaces or capitals gets an address that
breaks when retyped. Each of these stops the build (and `make check`) with
`file:1: what to do`. No MkDocs import: the hooks and the CLI call the same functions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from plan179.data.load import LANGUAGES, Located, PlanDataError
from plan179.data.model import SLUG_PATTERN

# The folders the build reads, and single files it reads at the top of the repository.
READ_FOLDERS = ("docs", "data", "overrides", "source")  # source/: the official text the quotes are checked against
READ_FILES = ("mkdocs.yml", "urls.txt", "redirects.yml")
# Folders of docs/ the generator writes (git-ignored): only their symlinks are judged here.
GENERATED = ("ke-hoach", "du-lieu")

# Asset types published from docs/, and where code and style may live (loaded by mkdocs.yml).
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
DOCUMENT_TYPES = frozenset({".pdf"})
CODE_FOLDERS = {".js": "assets/javascripts", ".css": "assets/stylesheets"}
ASSET_TYPES = IMAGE_TYPES | DOCUMENT_TYPES | frozenset(CODE_FOLDERS)
PAGE_LIKE = frozenset({".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".text", ".txt"})
DATA_TYPES = frozenset({".yml", ".yaml"})
SLUG_MAX = 80  # as a record's slug (plan179/data/model.py)
HTML_LIKE = frozenset({".html", ".htm", ".xhtml", ".shtml", ".xml", ".svgz"})

_SLUG = re.compile(SLUG_PATTERN)
_ASSET_NAME = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_PAGE_NAME = re.compile(r"^(?P<base>.+)\.(?P<lang>[a-z]{2})\.md$")
_NAME_HINT = (
    "lowercase ASCII letters, digits and hyphens, at most 80 of them, e.g. ngay-asean-2026 (no accents, spaces or"
    " capitals)"
)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _link_problem(path: Path, root: Path) -> Located:
    target = path.readlink()
    resolved = path.resolve()
    where = "inside" if resolved.is_relative_to(root.resolve()) else "outside"
    return Located(
        _rel(path, root),
        1,
        f"is a symbolic link (to {target}, {where} the repository): the site is built only from real files in the"
        " repository: replace the link with a copy of the file, or remove it",
    )


def symlink_problems(
    root: Path, folders: Iterable[str] = READ_FOLDERS, files: Iterable[str] = READ_FILES
) -> list[Located]:
    """Every symbolic link in the folders the build reads (links are not followed), and the read files."""
    problems: list[Located] = []
    for name in files:
        if (root / name).is_symlink():
            problems.append(_link_problem(root / name, root))
    for name in folders:
        top = root / name
        if top.is_symlink():
            problems.append(_link_problem(top, root))
            continue
        for folder, dirs, names in os.walk(top):
            here = Path(folder)
            for entry in sorted([*dirs, *names]):
                if (here / entry).is_symlink():
                    problems.append(_link_problem(here / entry, root))
            dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
    return problems


def _page_name_problem(rel: str, file: str) -> Located | None:
    match = _PAGE_NAME.match(rel)
    if match is None or match.group("lang") not in LANGUAGES:
        return None  # the page check says how to add the language suffix
    parts = match.group("base").split("/")
    if _slug_ok(parts[-1]):
        return None  # a badly named folder is reported on its own
    fixed = "/".join(_suggest(part) for part in parts)
    return Located(
        file,
        1,
        f"'{parts[-1]}' cannot be part of a page address: name pages with {_NAME_HINT}: rename the file to"
        f" docs/{fixed}.{match.group('lang')}.md (and its other language version and nav line to match)",
    )


def _slug_ok(name: str) -> bool:
    return bool(_SLUG.match(name)) and len(name) <= SLUG_MAX


def _suggest(name: str) -> str:
    """A slug close to `name`: accents dropped, lowercase, hyphens for the rest."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:SLUG_MAX].strip("-") or "trang"


def _asset_problem(rel: str, file: str, path: Path) -> Located | None:
    suffix = path.suffix.lower() if "." in path.name else ""
    if suffix in PAGE_LIKE:
        return Located(
            file,
            1,
            f"a {suffix} file is not published: write pages in Markdown named <name>.vi.md and <name>.en.md"
            f" (rename it to {path.name[: -len(suffix)]}.vi.md), other files as one of the asset types"
            f" ({', '.join(sorted(ASSET_TYPES))})",
        )
    if suffix in HTML_LIKE:
        return Located(
            file,
            1,
            f"a raw {suffix} file would reach readers without the site's checks and security policy: write the page"
            " in Markdown (<name>.vi.md and <name>.en.md) instead, and remove this file",
        )
    if suffix not in ASSET_TYPES:
        kind = f"a {suffix} file" if suffix else "a file without a type"
        return Located(
            file,
            1,
            f"{kind} is not something the site publishes: keep in docs/ only pages (<name>.vi.md, <name>.en.md)"
            f" and assets of these types: {', '.join(sorted(ASSET_TYPES))}; remove it or convert it",
        )
    stem = path.name[: -len(suffix)]
    if path.suffix != suffix or not _ASSET_NAME.match(stem) or len(stem) > SLUG_MAX:
        return Located(
            file,
            1,
            f"'{path.name}' cannot be part of an address: name files with {_NAME_HINT}: rename it to"
            f" {_suggest(path.name[: -len(suffix)])}{suffix}",
        )
    if not _looks_like(path, suffix):
        return Located(
            file,
            1,
            f"the file is named {suffix} but its content is not a {suffix[1:].upper()} file: export it again in that"
            " format, or name it for what it is",
        )
    folder = CODE_FOLDERS.get(suffix)
    if folder is not None and not rel.startswith(f"{folder}/"):
        return Located(
            file,
            1,
            f"{suffix} files belong in docs/{folder}/ (listed in mkdocs.yml), not elsewhere in docs/: move it there",
        )
    return None


# The first bytes of each binary type: a page saved as `anh.png` is not published as an image.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".pdf": (b"%PDF-",),
}


def _looks_like(path: Path, suffix: str) -> bool:
    with path.open("rb") as stream:
        head = stream.read(16)
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:12] in (b"ftypavif", b"ftypavis")
    return not _MAGIC.get(suffix) or head.startswith(_MAGIC[suffix])


def docs_file_problems(docs_dir: Path, root: Path) -> list[Located]:
    """Files under docs/ of a type or name the site does not publish (links are judged apart).

    Dot files and folders are left out, as MkDocs leaves them out; so are the folders
    the generator writes.
    """
    problems: list[Located] = []
    if docs_dir.is_symlink() or not docs_dir.is_dir():
        return problems
    for folder, dirs, names in os.walk(docs_dir):
        here = Path(folder)
        rel_here = here.relative_to(docs_dir)
        kept = []
        for name in sorted(dirs):
            path = here / name
            if name.startswith(".") or path.is_symlink() or (rel_here == Path() and name in GENERATED):
                continue
            kept.append(name)
            if not _slug_ok(name):
                problems.append(
                    Located(
                        _rel(path, root),
                        1,
                        f"the folder name '{name}' cannot be part of an address: name folders with {_NAME_HINT}:"
                        f" rename it to {_suggest(name)}",
                    )
                )
        dirs[:] = kept
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.is_symlink():
                continue
            rel = (rel_here / name).as_posix()
            file = _rel(path, root)
            if name.endswith(".md"):
                found = _page_name_problem(rel, file)
            else:
                found = _asset_problem(rel, file, path)
                if found is None and path.suffix.lower() == ".svg":
                    problems += svg_problems(path.read_bytes(), file)
            if found is not None:
                problems.append(found)
    return problems


_SVG_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<\s*script\b", re.I), "a <script> element"),
    (re.compile(r"<\s*foreignObject\b", re.I), "a <foreignObject> element (HTML inside the image)"),
    (re.compile(r"<!\s*(?:DOCTYPE|ENTITY)\b", re.I), "a DOCTYPE or ENTITY declaration"),
    (re.compile(r"<\?xml-stylesheet\b", re.I), "an xml-stylesheet instruction"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute (on…=)"),
    (
        re.compile(r"""\b(?:xlink:)?href\s*=\s*["']?\s*(?!#)[^"'\s>]""", re.I),
        "a link or reference to another file (href): only #fragment references inside the image are allowed",
    ),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)[^)'\"\s]", re.I), "a url(…) reference to another file"),
    (re.compile(r"@import\b", re.I), "an @import"),
    (re.compile(r"(?:java|vb)script\s*:", re.I), "a script URL"),
)


def svg_problems(content: bytes, file: str) -> list[Located]:
    """An SVG image is published as it is: it may carry no script, handler or outside reference."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        return [Located(file, line, f"not valid UTF-8 ({exc.reason}): save the image as UTF-8 SVG")]
    problems = []
    for pattern, what in _SVG_RULES:
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            problems.append(
                Located(
                    file,
                    line,
                    f"the SVG image contains {what}, which the site does not publish: remove it, or export the image"
                    " as PNG or WebP",
                )
            )
    return problems


def data_file_problems(data_dir: Path, root: Path) -> list[Located]:
    """Files in data/ the loader would silently skip (`so-y-te.YML`, `bao-cao.yml.txt`, `plan.json`)."""
    problems: list[Located] = []
    if data_dir.is_symlink() or not data_dir.is_dir():
        return problems
    for folder, dirs, names in os.walk(data_dir):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            rel = path.relative_to(data_dir)
            if name.startswith(".") or path.is_symlink() or name == "README.md" or path.suffix in DATA_TYPES:
                continue
            if rel.parts[0] == "schema" and name.endswith(".schema.json"):
                continue
            problems.append(
                Located(
                    _rel(path, root),
                    1,
                    f"the build does not read this file: data files end in .yml (rename it to {Path(name).stem}.yml"
                    " if it holds data), or remove it",
                )
            )
    return problems


def theme_file_problems(overrides: Path, root: Path) -> list[Located]:
    """Files in overrides/ that are not templates: MkDocs copies them into the site as they are."""
    problems: list[Located] = []
    if overrides.is_symlink() or not overrides.is_dir():
        return problems
    for folder, dirs, names in os.walk(overrides):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.is_symlink() or path.suffix == ".html":
                continue
            problems.append(
                Located(
                    _rel(path, root),
                    1,
                    "overrides/ holds the theme's .html templates only: any other file there is published as it is,"
                    " unchecked: put images and downloads in docs/assets/, or remove it",
                )
            )
    return problems


def repository_file_problems(root: Path, docs_dir: Path | None = None) -> list[Located]:
    """Symbolic links in what the build reads, then the types and names of docs/ and data/ files."""
    docs_dir = docs_dir or root / "docs"
    return sorted(
        {
            *symlink_problems(root),
            *docs_file_problems(docs_dir, root),
            *data_file_problems(root / "data", root),
            *theme_file_problems(root / "overrides", root),
        },
        key=lambda p: (p.file, p.line, p.message),
    )


def check_output_folders(docs_dir: Path, folders: Iterable[str]) -> None:
    """Refuse to write or delete in a generated folder that is, or holds, a symbolic link.

    The generator deletes stale files under these folders; through a link it would
    delete and write outside the repository.
    """
    problems = []
    for name in folders:
        top = docs_dir / name
        for path in (docs_dir, top):
            if path.is_symlink():
                problems.append(_output_problem(path, docs_dir))
        if top.is_symlink() or not top.is_dir():
            continue
        for folder, dirs, names in os.walk(top):
            for entry in [*dirs, *names]:
                if (Path(folder) / entry).is_symlink():
                    problems.append(_output_problem(Path(folder) / entry, docs_dir))
    if problems:
        raise PlanDataError(sorted(set(problems), key=lambda p: (p.file, p.line, p.message)))


def _output_problem(path: Path, docs_dir: Path) -> Located:
    rel = _rel(path, docs_dir.parent)
    return Located(
        rel,
        1,
        f"is a symbolic link (to {path.readlink()}) where the site generates its pages: nothing was written or"
        " deleted: remove the link (the folder is generated on every build)",
    )
