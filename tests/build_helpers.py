"""Run the real MkDocs build on a scratch copy of the project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "data", "docs", "hooks", "plan179", "overrides", "source", "urls.txt", "redirects.yml")


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
    publish: bool = True,
) -> BuildResult:
    """What `make site` does in `project`, with the interpreter running the tests:
    `mkdocs build --strict`, then the publishing stage; a failure removes the output."""
    site = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url, PYTHONPATH=str(project))
    env.update(env_extra or {})
    steps = [[sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site), *extra]]
    if publish:
        steps.append([sys.executable, "-m", "plan179.cli", "publish", "--site", str(site), "--site-url", site_url])
    output, code = "", 0
    for step in steps:
        proc = subprocess.run(step, cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False)
        output += proc.stdout + proc.stderr
        code = proc.returncode
        if code != 0:
            shutil.rmtree(site, ignore_errors=True)
            break
    return BuildResult(code, output, site)


def make_check(project: Path) -> BuildResult:
    """What `make check` does in `project`: `python -m plan179.cli check`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project))
    step = [sys.executable, "-m", "plan179.cli", "check"]
    proc = subprocess.run(step, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, project / "site")


def only_fixture_news(project: Path) -> Path:
    """Remove the real news posts of a copied project, so tests about news see their own.

    Communicators add posts; a test that counted or ordered the real ones would fail on
    the first pull request that adds one.
    """
    for post in (project / "docs" / "tin-tuc").glob("*.md"):
        if not post.name.startswith("index."):
            post.unlink()
    return project
