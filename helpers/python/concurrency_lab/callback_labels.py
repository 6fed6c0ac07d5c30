"""How a callback is named in the tick log: the words C#'s ``EventLoop`` uses for the same thing.

- a task's step or wake-up: ``step <task name>``
- the timer of ``asyncio.sleep(d)``: ``sleep <d> s timer (<task name>)`` (the loop names it when it is set)
- a callback wrapped in ``named("print A", f)``: ``print A``
- anything else: ``call_soon callback``, or ``call_later callback`` for a timer (EventLoop's defaults), except a
  few of asyncio's own done-callbacks, named after what they do (``gather done-callback``).
"""
from __future__ import annotations

import asyncio
import functools
from typing import Any, Callable


class named:
    """A callback with a label for the tick log: ``loop.call_soon(named("print A", print), "A")``."""

    __slots__ = ("label", "callback")

    def __init__(self, label: str, callback: Callable[..., Any]):
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"A label names the callback in the tick log: pass a non-empty string, got {label!r}.")
        if not callable(callback):
            raise TypeError(f"named({label!r}, ...) needs a callable, got {callback!r}.")
        self.label = label
        self.callback = callback

    def __call__(self, *args: Any) -> Any:
        return self.callback(*args)

    def __repr__(self) -> str:
        return f"named({self.label!r}, {self.callback!r})"


# asyncio's own done-callbacks, by qualified name, and what they do.
_ASYNCIO_CALLBACKS = {
    "gather.<locals>._done_callback": "gather done-callback",
    "as_completed.<locals>._on_completion": "as_completed done-callback",
    "_AsCompletedIterator._handle_completion": "as_completed done-callback",
    "_chain_future.<locals>._set_state": "to_thread done",
    "_chain_future.<locals>._call_check_cancel": "to_thread cancel check",
    "_release_waiter": "wait_for done-callback",
    "_wait.<locals>._on_completion": "wait done-callback",
}


def task_of_step(callback: Any) -> asyncio.Task | None:
    """The task whose step or wake-up ``callback`` is, or None."""
    owner = getattr(callback, "__self__", None)
    if not isinstance(owner, asyncio.Task):
        return None
    name = getattr(callback, "__name__", None)  # the C step wrapper has none
    return owner if name is None or "step" in name or "wakeup" in name else None


def label_of(callback: Any, is_timer: bool) -> str:
    """The tick-log label of a callback that was not labelled when it was scheduled."""
    if isinstance(callback, named):
        return callback.label
    task = task_of_step(callback)
    if task is not None:
        return f"step {task.get_name()}"
    if isinstance(callback, functools.partial):
        callback = callback.func  # asyncio wraps some of its done-callbacks in partial
    qualname = getattr(callback, "__qualname__", "") or ""
    known = _ASYNCIO_CALLBACKS.get(qualname)
    if known is not None and (getattr(callback, "__module__", "") or "").startswith("asyncio"):
        return known
    return "call_later callback" if is_timer else "call_soon callback"


def seconds_text(seconds: float) -> str:
    """A delay as EventLoop prints it: whole seconds without decimals ("2 s"), else up to three ("0.25 s")."""
    if seconds % 1 == 0:
        return f"{seconds:.0f} s"
    return f"{seconds:.3f}".rstrip("0").rstrip(".") + " s"
