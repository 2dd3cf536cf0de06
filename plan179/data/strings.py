"""UI strings (data/i18n/<lang>.yml) checked where they are written, not where they are used.

A placeholder typo (`{cout}` for `{count}`) or a missing `}` used to surface as a
KeyError or ValueError traceback from deep in rendering; HTML or a `javascript:` link
in a UI string surfaced as dozens of errors naming generated pages. Each is reported
here as `data/i18n/<lang>.yml:<line>`, by the data check and by the build alike.
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
import string
from collections.abc import Mapping
from pathlib import Path

from plan179.data.strict_yaml import Document

PACKAGE = Path(__file__).resolve().parents[1]
_SCRIPT_PLACEHOLDER = re.compile(r"""["'`]\{([a-z][a-z0-9_]*)\}["'`]""")
_KEYWORD = re.compile(r"\b([a-z_][a-z0-9_]*)\s*=(?!=)")
# `t("key"`, `self.t(lang)("key"`, `lookup(strings, lang)("key"` (the call's opening parenthesis last).
_LOOKUP_CALL = re.compile(r"""(?:(?<![\w.])t|\.t\([^()]*\)|(?<![\w.])lookup\([^()]*\))(?=\(\s*["'][a-z_0-9]+["'])\(""")
_CODE = re.compile(r"`[^`\n]*`")
_FIELD = re.compile(r"^[a-z][a-z0-9_]*$")
_MARKUP = re.compile(r"<[a-zA-Z!/?]")
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE)
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_SAFE_TARGET = re.compile(r"^(?:https://|#|\{[a-z_]+\}|[a-z0-9./_-]*(?:#[a-z0-9-]*)?$)", re.IGNORECASE)


def placeholders(text: str) -> tuple[set[str], str | None]:
    """The `{names}` of a text, and what is wrong with its braces (None if nothing)."""
    names: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return names, f"broken placeholder ({exc}): write each one as {{name}}, or remove the stray brace"
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not _FIELD.match(field) or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            return names, f"placeholder {shown} is not a plain name: write it as {{name}}, e.g. {{count}}"
        names.add(field)
    return names, None


def _markup(text: str) -> str | None:
    text = _CODE.sub("", text)  # `<year>` in a code span is shown as it is
    if _MARKUP.search(text):
        return "contains HTML: UI strings are plain text (Markdown links are allowed): remove the tag"
    if _SCRIPT_URL.search(text):
        return "contains a script URL (javascript: or vbscript:): link only to https:// addresses or site pages"
    for target in _LINK_TARGET.findall(text):
        if not _SAFE_TARGET.match(target):
            return f"links to '{target}': link only to https:// addresses, site pages or {{url}} placeholders"
    return None


def string_problems(
    docs: Mapping[str, Document], tables: Mapping[str, Mapping[str, str]]
) -> list[tuple[str, int, str]]:
    """(file, line, message) for broken placeholders, markup, and placeholders the site never fills in."""
    problems: list[tuple[str, int, str]] = []
    names: dict[str, dict[str, set[str]]] = {}
    for lang, table in tables.items():
        doc = docs[lang]
        names[lang] = {}
        for key, text in table.items():
            found, broken = placeholders(text)
            names[lang][key] = found
            for message in (broken, _markup(text)):
                if message:
                    problems.append((doc.file, doc.line_of((key,)), f"{key}: {message}"))
    # Languages may use different values of those the site passes (vi {dd}/{mm}, en
    # {month_name}); a name the generator never passes can only be a typo.
    passed = passed_names()
    calls = passed_by_key()
    for lang, used in names.items():
        known = sorted(set().union(*used.values()) & passed)
        for key, placed in sorted(used.items()):
            exact = calls.get(key)
            if exact is not None and placed <= passed:  # every call of this text is known: only its values
                for name in sorted(placed - exact):
                    given = ", ".join("{" + n + "}" for n in sorted(exact)) or "none"
                    problems.append(
                        (
                            docs[lang].file,
                            docs[lang].line_of((key,)),
                            f"{key}: the placeholder {{{name}}} is not filled in for this text (it gets: {given}):"
                            " use one of those, or none",
                        )
                    )
            for name in sorted(placed - passed):
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" (did you mean {{{close[0]}}}?)" if close else ""
                problems.append(
                    (
                        docs[lang].file,
                        docs[lang].line_of((key,)),
                        f"{key}: the site never fills in a placeholder {{{name}}}{hint}: check its spelling",
                    )
                )
    return problems


@functools.cache
def passed_names(package: Path = PACKAGE) -> frozenset[str]:
    """Every keyword name the generator's code and templates pass anywhere, and every `{name}`
    the site's scripts replace (a superset of the values any UI string can receive), read
    from the source so it never needs keeping by hand."""
    names: set[str] = set()
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.j2")]):
        names.update(_KEYWORD.findall(path.read_text(encoding="utf-8")))
    # The site's own scripts fill some texts in the reader's browser: `.replace("{query}", …)`.
    scripts = package.parent / "docs" / "assets" / "javascripts"
    for path in sorted(scripts.glob("*.js")) if scripts.is_dir() and not scripts.is_symlink() else []:
        names.update(_SCRIPT_PLACEHOLDER.findall(path.read_text(encoding="utf-8")))
    return frozenset(names)


@functools.cache
def passed_by_key(package: Path = PACKAGE) -> dict[str, frozenset[str] | None]:
    """For each UI key looked up by name (`t("key", a=…)` in the code, `t('key', a=…)` in the
    templates), the names its calls pass; None when a call passes `**values`. Keys looked
    up through a variable (`t(key, …)`) are not listed: only `passed_names` applies to them.

    Only the calls are parsed (found by a pattern, read to their closing parenthesis):
    parsing every module and template cost 0.4 s of each build.
    """
    found: dict[str, set[str] | None] = {}
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.j2")]):
        text = path.read_text(encoding="utf-8")
        for match in _LOOKUP_CALL.finditer(text):
            call = _balanced(text, match.end() - 1)
            if call is None:
                continue
            try:
                node = ast.parse("f" + call, mode="eval").body
            except SyntaxError:
                continue  # Jinja syntax (`~`, filters): the key is then treated as looked up by variable
            if not isinstance(node, ast.Call) or not node.args:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            keywords = [k.arg for k in node.keywords]
            if any(k is None for k in keywords) or found.get(first.value, set()) is None:
                found[first.value] = None
            else:
                found[first.value] = (found.get(first.value) or set()) | {k for k in keywords if k is not None}
    return {key: None if names is None else frozenset(names) for key, names in found.items()}


def _balanced(text: str, start: int) -> str | None:
    """The parenthesised text from `text[start]` == "(" to its match, quotes respected."""
    depth, quote, index = 0, "", start
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
        index += 1
    return None
