"""Rendering the generated pages on both cores: a forked child takes every other job.

Generation runs before the engine can start (it needs the files), on one core, while
the other waits. The jobs are independent pure functions of the loaded data, so a
child process forked after loading inherits the data and the templates, renders every
other job and sends the pages back through a pipe. Only where forking is safe: on a
platform that has it, with no other thread running (under `mkdocs serve` the live
server's threads are: there everything is rendered in the process itself).

Whatever goes wrong in the child (an error in a template, a child that dies) is not
reported from there: its share is rendered again in the process itself, so the error
surfaces exactly as in a sequential run, with its own type and message.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection

from plan179.render.base import Page

Job = tuple[str, Callable[[], str | None]]  # as in render.site: (path under docs/, render the file; None = no file)

# Below this many jobs (the real site has about 160), a fork costs more than it saves.
MIN_JOBS = 64


def render(jobs: Sequence[Job]) -> list[Page]:
    """Render each job in this process; a job that returns None makes no file."""
    return [Page(path, text) for path, job in jobs if (text := job()) is not None]


def can_fork() -> bool:
    """True where a forked child starts safely: fork exists and this process runs one thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _child(jobs: Sequence[Job], connection: Connection) -> None:
    try:
        connection.send_bytes(pickle.dumps([(page.path, page.content) for page in render(jobs)]))
    except Exception:  # rendered again by the parent, which reports it
        connection.send_bytes(b"")
    finally:
        connection.close()


def render_beside(jobs: Sequence[Job]) -> list[Page]:
    """The pages of `jobs`, in their order, rendered by this process and a forked child."""
    paths = [path for path, _job in jobs]
    if len(jobs) < MIN_JOBS or len(set(paths)) < len(paths) or (os.cpu_count() or 1) < 2 or not can_fork():
        return render(jobs)
    theirs_jobs = jobs[1::2]
    context = multiprocessing.get_context("fork")
    mine_end, theirs_end = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(theirs_jobs, theirs_end), name="plan179-render", daemon=True)
    child.start()
    theirs_end.close()
    try:
        mine = render(jobs[0::2])
        try:
            data = mine_end.recv_bytes()
            theirs = [Page(path, text) for path, text in pickle.loads(data)] if data else render(theirs_jobs)
        except (EOFError, OSError):  # the child died: its share is rendered here
            theirs = render(theirs_jobs)
    finally:
        mine_end.close()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
            child.join()
    return _interleave(jobs, mine, theirs)


def _interleave(jobs: Sequence[Job], mine: list[Page], theirs: list[Page]) -> list[Page]:
    """Both halves back in the jobs' order (a job that made no file has no page)."""
    by_path = {page.path: page for page in (*mine, *theirs)}
    return [by_path[path] for path, _job in jobs if path in by_path]
