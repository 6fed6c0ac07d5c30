"""Holds each request from .NET Interactive a moment before the Python kernel handles it.

Why: .NET Interactive's bridge to a Jupyter kernel sends a request (a cell's ``execute_request``, or the
``comm_msg`` behind ``#!set --value @python:x``) and only then subscribes to the reply. When the sending
thread is held up between the two (a busy machine, or the just-in-time compiler on the first request of
its kind), a fast reply arrives before anyone listens, is dropped, and the cell waits forever. Seen in CI
on a loaded 2-core machine: a connecting cell, a first Python cell and a first ``#!set`` each hung once.

Starting the handler a little later keeps the reply behind the subscription. It changes no result: the
cell's own timings start when its code starts, after the hold.

How: it wraps entries of the kernel's ``shell_handlers`` dict. That dict is private to ipykernel, so the hold is
installed only on the versions whose shell dispatch it was written for (``SUPPORTED``): from 6.0, where
``dispatch_shell`` is a coroutine that looks the handler up in ``shell_handlers`` for each message and awaits
what it returns, up to 7.x, which still does so (for each subshell, one message at a time, on a thread running an
asyncio loop). 6.17 (Debian's) runs in this project's tests; 7.0-7.3 were read in ipykernel's source, not run.
5.x calls handlers through tornado's ``gen.maybe_future``, which would not run a coroutine: there, and on any
version not yet read, nothing is patched and ``hold_replies_or_explain`` says so in one line.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from typing import Any, Iterable

# The shell requests the bridge sends and then waits on: running a cell, and value sharing (#!set, #!share).
HELD_REQUESTS = ("execute_request", "comm_msg")

DEFAULT_HOLD_SECONDS = 0.05

# ipykernel versions whose shell dispatch the hold fits: from 6.0 (inclusive) to 8.0 (exclusive).
SUPPORTED = ((6, 0), (8, 0))


class UnsupportedKernelError(RuntimeError):
    """The running ipykernel is not one whose shell dispatch the hold was written for."""


def unsupported_reason(version: str | None) -> str | None:
    """None when ``version`` (ipykernel's ``__version__``) is in ``SUPPORTED``, else why the hold is not installed."""
    if not version:
        return "requests are not held: the ipykernel version is unknown"
    match = re.match(r"\s*(\d+)\.(\d+)", str(version))
    if match is None:
        return f"requests are not held: ipykernel's version {version!r} cannot be read"
    release = (int(match.group(1)), int(match.group(2)))
    low, high = SUPPORTED
    if low <= release < high:
        return None
    return (f"requests are not held: ipykernel {version} is not a version reply_hold was written for "
            f"({low[0]}.{low[1]} up to, not including, {high[0]}.{high[1]}), so a fast reply can still be lost")


def hold_replies(kernel: Any = None, seconds: float = DEFAULT_HOLD_SECONDS, requests: Iterable[str] = HELD_REQUESTS,
                 version: str | None = None) -> float:
    """Makes the kernel wait ``seconds`` before handling each of ``requests`` (shell message types). Safe to
    call again: a handler that is already held gets the new length instead of a second hold. Returns the
    hold in seconds. ``version`` is ipykernel's (the installed one when None); outside ``SUPPORTED`` nothing is
    patched and ``UnsupportedKernelError`` says why."""
    if seconds < 0:
        raise ValueError(f"seconds must not be negative (got {seconds})")
    reason = unsupported_reason(_installed_version() if version is None else version)
    if reason is not None:
        raise UnsupportedKernelError(reason)
    if kernel is None:
        kernel = _running_kernel()
    for name in requests:
        handler = kernel.shell_handlers.get(name)
        if handler is None:
            continue
        original = getattr(handler, "held_handler", handler)
        kernel.shell_handlers[name] = _held(original, seconds)
    return seconds


def hold_replies_or_explain(kernel: Any = None, version: str | None = None) -> str | None:
    """``hold_replies`` with the defaults; None when installed, else one line saying why not (the notebook goes on
    without the hold)."""
    try:
        hold_replies(kernel, version=version)
    except UnsupportedKernelError as error:
        return f"concurrency_lab.reply_hold: {error}"
    return None


def _installed_version() -> str | None:
    try:
        import ipykernel
    except ImportError:
        return None
    return getattr(ipykernel, "__version__", None)


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
