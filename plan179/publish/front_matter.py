"""Front matter that is plain text: the theme writes its values into the page's head.

MkDocs silently renders broken front matter as page text; values must be valid YAML
and hold no markup. Plain Python: no MkDocs import.
"""

from __future__ import annotations

import re

import yaml

# The same pattern MkDocs uses to split off front matter (mkdocs.utils.meta).
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_MARKUP = re.compile(r"<[a-zA-Z!/?]|javascript\s*:|vbscript\s*:", re.IGNORECASE)


# libyaml when installed (every page's front matter is read during the build); the
# pure-Python reader gives the error messages, so both give the same result.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(block: str, loader_class: type[yaml.SafeLoader]) -> yaml.Node | None:
    loader = loader_class(block)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def check_front_matter(text: str) -> list[tuple[int, str]]:
    """Problems in a Markdown file's front matter, as (line, message).

    MkDocs silently renders broken front matter as page text, and the theme writes
    front matter values into the page head unescaped, so values must be plain text.
    """
    text = text.removeprefix("\ufeff")  # MkDocs reads the front matter after a byte-order mark too
    if not re.match(r"^-{3}[ \t]*\n", text):
        return []
    match = _FRONT.match(text)
    if match is None:
        return [(1, "front matter starts here but is never closed: end it with a line of three dashes (---)")]
    block = match.group(1)
    try:
        node = _compose(block, _FAST_LOADER)
    except yaml.YAMLError:
        node = None  # read it again below, for the pure-Python reader's exact message
    try:
        if node is None:
            node = _compose(block, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark is not None else 0) + 2
        began = exc.context_mark.line + 2 if exc.context_mark is not None else line
        where = f" in what begins on line {began}" if began < line else ""
        return [
            (
                line,
                f"front matter is not valid YAML ({exc.problem or 'syntax error'}{where}): check indentation, colons and quotes",
            )
        ]
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        return [(2, "front matter must be a list of `key: value` lines")]
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for key, value in node.value:
        line = key.start_mark.line + 2
        name = str(key.value)
        if name in seen:
            problems.append(
                (line, f"front matter key '{name}' appears twice (first on line {seen[name]}): keep only one")
            )
        seen.setdefault(name, line)
        for scalar in _scalars(value):
            if _MARKUP.search(str(scalar.value)):
                problems.append(
                    (
                        scalar.start_mark.line + 2,
                        f"front matter '{name}' contains HTML or a script URL: write plain text (the theme puts it in the page head as is)",
                    )
                )
    return problems


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    out: list[yaml.ScalarNode] = []
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            out += _scalars(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _scalars(key) + _scalars(value)
    return out
