"""MkDocs hooks: thin adapters from MkDocs events to the plan generator.

Everything that matters lives in plain modules (`plan_load`, `plan_render`) so the
generator survives a change of site engine. Generated Markdown is written as real
files under `docs/ke-hoach/` before MkDocs collects files, because
mkdocs-static-i18n 1.3.1 crashes on or drops in-memory files (upstream issue 263).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from plan179.content.files import repository_file_problems
from plan179.data.fidelity import SOURCE, check_quotes
from plan179.data.load import LANGUAGES, PlanDataError, load
from plan179.data.slug import slugify
from plan179.data.stamps import fingerprint
from plan179.render.freshness import GENERATION, TEMPLATES
from plan179.render.site import GENERATED_DIRS, build_date, generate

log = logging.getLogger("mkdocs.hooks.plan_site")

# Generation runs once per change of its inputs, not once per language or per rebuild
# (plan_freshness; this file is re-executed on every `mkdocs serve` rebuild).
FRESH = GENERATION


def preview_language(config: MkDocsConfig) -> str | None:
    """The locale when static-i18n builds only one language (`build_only_locale`), else None."""
    plugin = config.plugins.get("i18n")
    locale = getattr(getattr(plugin, "config", None), "build_only_locale", None)
    return str(locale) if locale else None


# --- MkDocs events begin here -----------------------------------------------------


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Validate data/ and write the generated pages; stop the build on any problem."""
    toc = config.mdx_configs.setdefault("toc", {})
    toc["slugify"] = slugify
    root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir)
    sources = (root / "data", root / SOURCE, TEMPLATES)
    outputs = [docs_dir / name for name in GENERATED_DIRS]
    started = time.perf_counter()
    if refused := repository_file_problems(root, docs_dir):  # links out of the repository, unpublishable files
        count = len(refused)
        raise PluginError(
            f"The repository has {count} file problem{'s' if count != 1 else ''}; nothing was built:\n"
            + "\n".join(str(p) for p in refused)
        )
    try:
        today = frozenset({("build date", build_date().toordinal(), 0)})
        if FRESH.is_fresh(fingerprint(sources, outputs) | today):
            return config  # same inputs as this process's last generation: the next language, or a page edit
        FRESH.forget()
        site = load(root / "data", root=root)
        if misquoted := check_quotes(site, root):  # quotations verbatim (plan_fidelity)
            raise PlanDataError(misquoted)
        preview = preview_language(config)
        languages = (preview,) if preview in LANGUAGES else LANGUAGES
        count, changed = generate(site, docs_dir, languages=languages)
    except PlanDataError as exc:
        problems = len(exc.problems)
        raise PluginError(
            f"The plan data has {problems} problem{'s' if problems != 1 else ''}; nothing was built:\n{exc}"
        ) from None
    FRESH.remember(fingerprint(sources, outputs) | today)
    if changed:
        elapsed = time.perf_counter() - started
        log.debug("plan: %d generated pages, %d changed (%.2f s)", count, len(changed), elapsed)
    return config
