"""Run the real MkDocs build on a scratch copy of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "data", "docs", "hooks", "overrides", "source", "urls.txt", "redirects.yml")


@dataclass(frozen=True)
class BuildResult:
    """Exit code, combined output and the output folder of one build."""

    code: int
    output: str
    site: Path


def copy_project(target: Path) -> Path:
    """Copy what the build reads into `target` (generated pages left out)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(
                src,
                target / name,
                ignore=shutil.ignore_patterns("__pycache__", "ke-hoach")
                if name == "docs"
                else shutil.ignore_patterns("__pycache__"),
            )
        elif src.exists():
            shutil.copy2(src, target / name)
    return target


def mkdocs_build(
    project: Path,
    *extra: str,
    site_url: str = "https://example.test/ke-hoach-179/",
    env_extra: dict[str, str] | None = None,
) -> BuildResult:
    """`mkdocs build --strict` in `project`, with the interpreter running the tests."""
    site = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url)
    env.pop("PYTHONPATH", None)
    env.update(env_extra or {})
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site), *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)
