"""MkDocs hook: UI strings and language links for the theme's templates.

Templates call `plan_t(lang, key)` (fails the build on an unknown key), and
`partials/language.html` lets `theme.<material key>` entries of
`data/i18n/<lang>.yml` override Material's own translations. `plan_link` and
`plan_absolute` give the links the overrides write themselves (the language menu of
the 404 page, absolute `hreflang` alternates with an `x-default`).

The theme's templates are compiled once and kept in `.cache/jinja/` inside the
repository (git-ignored), through Jinja's own bytecode cache on an overlay of the
environment MkDocs hands to `on_env`: `mkdocs serve` makes a new environment on
every rebuild, and compiling Material's templates again was about 0.4 s of each.
Jinja checks every cached template against its source, so an edited override is
compiled afresh.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from plan179.data.reading import Located, load_strings
from plan179.layout import TEMPLATE_CACHE
from plan179.publish.links import absolute_url


def _string_lookup(config: MkDocsConfig) -> dict[str, dict[str, str]]:
    root = Path(config.config_file_path).resolve().parent
    problems: list[Located] = []
    strings = load_strings(root / "data", root, problems)
    if problems:
        raise PluginError("UI strings have problems:\n" + "\n".join(str(p) for p in problems))
    return strings


def _default_language(config: MkDocsConfig) -> str:
    """The default locale from static-i18n's documented `languages` option."""
    plugin = config.plugins.get("i18n")
    for lang in getattr(getattr(plugin, "config", None), "languages", None) or []:
        if lang.default:
            return str(lang.locale)
    return str(config.theme["language"])


def _compiled_templates(root: Path) -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates in the repository, or None if it cannot be made."""
    folder = root / TEMPLATE_CACHE
    try:
        if folder.is_symlink() or folder.parent.is_symlink():
            return None  # never write through a link out of the repository
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout builds without it
    return FileSystemBytecodeCache(str(folder))


@event_priority(100)  # first, so every other hook and plugin gets the environment pages use
def on_env(env: Environment, config: MkDocsConfig, **_: Any) -> Environment:
    """Give templates our UI strings and link helpers, and keep their compiled form."""
    cache = _compiled_templates(Path(config.config_file_path).resolve().parent)
    if cache is not None:
        env = env.overlay(bytecode_cache=cache)  # Jinja's documented way to change a shared environment
    strings = _string_lookup(config)
    default = _default_language(config)
    site_url = config.site_url or "/"

    def plan_t(lang: str, key: str) -> str:
        table = strings.get(lang)
        if table is None or key not in table:
            raise PluginError(f"UI string '{key}' is missing from data/i18n/{lang}.yml: add it")
        return table[key]

    def plan_theme_t(lang: str, key: str) -> str:
        return strings.get(lang, {}).get(f"theme.{key}", "")

    def plan_link(lang: str, path: str) -> str:
        """Site-root-relative path of `path` in `lang` (pass it through `| url`)."""
        return path if lang == default else f"{lang}/{path}"

    def plan_absolute(link: str) -> str:
        """A language link as static-i18n gives it (root-relative page or absolute home), made absolute."""
        return absolute_url(site_url, link)

    env.globals["plan_t"] = plan_t
    env.globals["plan_theme_t"] = plan_theme_t
    env.globals["plan_link"] = plan_link
    env.globals["plan_absolute"] = plan_absolute
    env.globals["plan_default_language"] = default
    return env


_not_found: dict[str, str] = {}  # the default language's 404 page, by site folder


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig, **_: Any) -> str:
    """One 404 page for every missing address: the default language's (it carries both texts).

    static-i18n renders theme pages once per language into the same site folder; the
    later language would replace the default one's 404.html, so it writes the same page.
    """
    if template_name != "404.html":
        return output_content
    key = str(config.site_dir)
    if str(config.theme["language"]) == _default_language(config):
        _not_found[key] = output_content
        return output_content
    return _not_found.get(key, output_content)
