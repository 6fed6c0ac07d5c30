"""Holds each request from .NET Interactive a moment before the Python kernel handles it.

Why: .NET Interactive's bridge to a Jupyter kernel sends a request (a cell's ``execute_request``, or the
``comm_msg`` behind ``#!set --value @python:x``) and only then subscribes to the reply. When the sending
thread is held up between the two (a busy machine, or the just-in-time compiler on the first request of
its kind), a fast reply arrives before anyone listens, is dropped, and the cell waits forever. Seen in CI
on a loaded 2-core machine: a connecting cell, a first Python cell and a first ``#!set`` each hung once.

Starting the handler a little later keeps the reply behind the subscription. It changes no result: the
cell's own timings start when its code starts, after the hold.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any, Iterable

# The shell requests the bridge sends and then waits on: running a cell, and value sharing (#!set, #!share).
HELD_REQUESTS = ("execute_request", "comm_msg")

DEFAULT_HOLD_SECONDS = 0.05


def hold_replies(kernel: Any = None, seconds: float = DEFAULT_HOLD_SECONDS, requests: Iterable[str] = HELD_REQUESTS) -> float:
    """Makes the kernel wait ``seconds`` before handling each of ``requests`` (shell message types). Safe to
    call again: a handler that is already held gets the new length instead of a second hold. Returns the
    hold in seconds."""
    if seconds < 0:
        raise ValueError(f"seconds must not be negative (got {seconds})")
    if kernel is None:
        kernel = _running_kernel()
    for name in requests:
        handler = kernel.shell_handlers.get(name)
        if handler is None:
            continue
        original = getattr(handler, "held_handler", handler)
        kernel.shell_handlers[name] = _held(original, seconds)
    return seconds


def _running_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        raise RuntimeError("hold_replies() needs a running IPython kernel (or pass kernel=...): none was found")
    return kernel


def _held(handler, seconds: float):
    async def held(stream, idents, msg):
        # asyncio.sleep, not time.sleep: tasks a learner left running on the kernel's loop keep running.
        await asyncio.sleep(seconds)
        result = handler(stream, idents, msg)
        if inspect.isawaitable(result):
            await result

    held.held_handler = handler
    held.hold_seconds = seconds
    return held
