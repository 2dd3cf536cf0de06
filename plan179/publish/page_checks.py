"""The publishing policy of a language's pages, checked beside the build on the other core.

The engine converts one page at a time on one core. Each page's policy check
(its front matter, then `page_check.page_problems`: an HTML parse and a comparison with
the sanitiser's output) needs nothing but the page, so a worker process does it while the engine goes on with
the next page; the engine keeps only the sanitiser, whose output it must publish. The
results are collected before anything of the language is written, so a page that
breaks the policy still stops the build, with the same `file:line` messages.

The worker is a fresh interpreter (`spawn`): it inherits no state, threads or memory of
the engine's process, and runs the same function as an inline check. Plain Python: no
MkDocs import.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from plan179.publish.html_policy import Problem
from plan179.publish.page_check import PageFiles, front_matter_problems, image_size_lookup, page_problems

Results = tuple[list[Problem], set[str]]


class PageCheckError(Exception):
    """The checks could not be completed (the worker stopped): nothing may be published."""


def check(
    html: str, clean: str, files: PageFiles, page_url: str, static: Mapping[str, str], max_image_bytes: int
) -> Results:
    """One page's problems (its front matter, then its HTML), and the images it showed (so
    they are not reported twice)."""
    seen: set[str] = set()
    size_of = image_size_lookup(page_url, static, seen)
    try:
        problems = front_matter_problems(files)
        problems += page_problems(html, clean, files, local_size=size_of, max_image_bytes=max_image_bytes)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:  # a file that changed or broke mid-build
        return [Problem(files.display, 1, f"{_UNCHECKED} ({type(exc).__name__}: {exc})")], seen
    return problems, seen


_UNCHECKED = (
    "the page could not be checked, so it is not published: save it again as UTF-8 text and build "
    "again; if this stays, report it to a maintainer"
)


def _worker(connection: Connection, static: dict[str, str], max_image_bytes: int) -> None:
    """Check each page that comes down the pipe; at the end (None), send back every result.

    A pipe closed early means the build stopped for another reason: the worker just ends.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    try:
        while (page := connection.recv()) is not None:
            html, clean, files, page_url = page
            found, shown = check(html, clean, files, page_url, static, max_image_bytes)
            problems += found
            seen |= shown
        connection.send((problems, seen))
    except (EOFError, OSError):
        pass
    finally:
        connection.close()


class PageChecks:
    """The checks of one language's pages: `add` each page as it is rendered, `results` once.

    With `beside=True` (and more than one core) they run in one worker process, fed
    through a pipe by the caller's own thread (no thread is started in the caller's
    process: one would take the interpreter's lock from the engine at every page);
    otherwise each runs at once, in the caller's process. Either way `results` gives the
    same problems, in the order the pages were added.
    """

    def __init__(self, static: Mapping[str, str], max_image_bytes: int, *, beside: bool) -> None:
        self.static = dict(static)
        self.max_image_bytes = max_image_bytes
        self.problems: list[Problem] = []
        self.seen: set[str] = set()
        self.worker: BaseProcess | None = None
        self.connection: Connection | None = None
        if beside and (os.cpu_count() or 1) > 1:
            context = multiprocessing.get_context("spawn")
            self.connection, theirs = context.Pipe()
            self.worker = context.Process(
                target=_worker, args=(theirs, self.static, max_image_bytes), name="plan179-page-checks", daemon=True
            )
            self.worker.start()
            theirs.close()

    def add(self, html: str, clean: str, files: PageFiles, page_url: str) -> None:
        """Check a page: `html` as the engine rendered it, `clean` as it will be published."""
        if self.connection is not None:
            try:
                self.connection.send((html, clean, files, page_url))
                return
            except OSError as exc:
                raise self._stopped(exc) from None
        problems, seen = check(html, clean, files, page_url, self.static, self.max_image_bytes)
        self.problems += problems
        self.seen |= seen

    def results(self) -> Results:
        """Every page's problems and the images the pages showed; waits for the worker, then stops it."""
        if self.connection is not None:
            try:
                self.connection.send(None)
                problems, seen = self.connection.recv()
            except (OSError, EOFError) as exc:
                raise self._stopped(exc) from None
            finally:
                self.close()
            self.problems += problems
            self.seen |= seen
        return self.problems, self.seen

    def _stopped(self, exc: BaseException) -> PageCheckError:
        self.close()
        return PageCheckError(
            f"the check of the pages' HTML stopped before it finished ({type(exc).__name__}: {exc}); "
            "nothing was published: build again, and report it if it happens twice"
        )

    def close(self) -> None:
        """Stop the worker (after a failed build too); checks not yet reported are dropped."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.worker is not None:
            self.worker.join(timeout=10)
            if self.worker.is_alive():
                self.worker.kill()
                self.worker.join()
            self.worker = None
