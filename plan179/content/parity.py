"""Translation parity of the hand-written pages: every page in both languages (or
marked pending), with front matter of the same shape in each (plan179/content/pages.py
reads the pages; this compares the pairs)."""

from __future__ import annotations

from typing import Any

from plan179.content.pages import DEFAULT_LANGUAGE, LANGUAGE_NAMES, PENDING, SHARED_KEYS, DocPage, DocsTree
from plan179.data.load import LANGUAGES, Located


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if value is None:
        return "empty"
    return "a text"


def parity_problems(tree: DocsTree) -> list[Located]:
    """Every page in both languages (or marked pending), with front matter of the same shape."""
    problems: list[Located] = []
    other_languages = LANGUAGES[1:]
    for base in tree.bases():
        default = tree.get(base, DEFAULT_LANGUAGE)
        for lang in other_languages:
            page = tree.get(base, lang)
            if default is None and page is not None:
                problems.append(
                    Located(
                        page.file,
                        1,
                        f"there is no Vietnamese version ({base}.{DEFAULT_LANGUAGE}.md): Vietnamese is the site's"
                        " default language, so write the Vietnamese page first (a pending translation is"
                        " marked on the Vietnamese file)",
                    )
                )
                continue
            if default is None:
                continue
            pending = default.meta.translation == PENDING
            if page is None and not pending:
                problems.append(
                    Located(
                        default.file,
                        1,
                        f"there is no {LANGUAGE_NAMES[lang]} version ({base}.{lang}.md): translate the page, or add"
                        f' translation: "{PENDING}" to this front matter to publish it untranslated with a notice',
                    )
                )
            elif page is not None and pending:
                problems.append(
                    Located(
                        default.file,
                        default.line_of("translation"),
                        f'translation: "{PENDING}" but {page.file} exists: remove the translation line',
                    )
                )
            if page is not None:
                problems += _compare(default, page)
    for (_base, lang), page in sorted(tree.pages.items()):
        if lang != DEFAULT_LANGUAGE and page.meta.translation is not None:
            problems.append(
                Located(
                    page.file,
                    page.line_of("translation"),
                    "translation: the marker belongs on the Vietnamese page only: remove it here",
                )
            )
    return problems


def _compare(default: DocPage, page: DocPage) -> list[Located]:
    """Front matter of a translation must have the same fields, kinds and list lengths."""
    out: list[Located] = []
    ignore = {"translation"}
    for key in sorted(set(default.raw) - set(page.raw) - ignore):
        out.append(
            Located(
                page.file,
                1,
                f"{key} is in {default.file}:{default.line_of(key)} but not here: add it"
                + (" with the same value" if key in SHARED_KEYS else " (translated)"),
            )
        )
    for key in sorted(set(page.raw) - set(default.raw) - ignore):
        out.append(
            Located(
                page.file,
                page.line_of(key),
                f"{key} is not in {default.file}: add it there too, or remove it here",
            )
        )
    for key in sorted((set(default.raw) & set(page.raw)) - ignore):
        mine, theirs = page.raw[key], default.raw[key]
        here = f"{default.file}:{default.line_of(key)}"
        if _shape(mine) != _shape(theirs):
            out.append(
                Located(page.file, page.line_of(key), f"{key} is {_shape(mine)} here but {_shape(theirs)} in {here}")
            )
        elif isinstance(mine, list) and len(mine) != len(theirs):
            out.append(
                Located(
                    page.file,
                    page.line_of(key),
                    f"{key} has {len(mine)} item{'s' if len(mine) != 1 else ''} here but {len(theirs)} in {here}:"
                    " translate each item, one for one",
                )
            )
        elif key in SHARED_KEYS and mine != theirs:
            out.append(
                Located(
                    page.file,
                    page.line_of(key),
                    f"{key} is {mine!r} here but {theirs!r} in {here}: it must be the same in both languages",
                )
            )
    return out
