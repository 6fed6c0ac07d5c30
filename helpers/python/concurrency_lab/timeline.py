"""A thread-safe recorder of spans, the Python side of the C# ``Timeline``.

A span is ``(name, lane, start, end, kind, thread)``: what ran, the row it is drawn on, when it started and
ended (seconds since the timeline was created, on ``time.perf_counter`` unless another clock is given), whether
a thread was computing, held or nobody was held, and the OS thread id. ``to_json()`` hands the spans over in the
shape ``Timeline.FromJson`` reads in C#, so an asyncio run and the same program in C# are drawn by the same
Gantt chart::

    {"format": "concurrency-lab/timeline", "version": 1, "title": "asyncio",
     "spans": [{"name": "fetch", "lane": "task 1", "start": 0.0, "end": 1.002, "kind": "Waiting",
                "thread": 4711}]}

Lanes default to something meaningful: the current asyncio task's name inside a task, otherwise the thread's
name; spans recorded in another process (``submit`` to a ``ProcessPoolExecutor``) land on "process <pid>".
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import json
import math
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Iterator

FORMAT = "concurrency-lab/timeline"
VERSION = 1


class SpanKind(str, Enum):
    """What a thread was doing during a span; the values are the C# ``SpanKind`` names."""

    CPU = "Cpu"          # a thread busy computing
    BLOCKED = "Blocked"  # a thread held but idle: time.sleep, synchronous I/O
    WAITING = "Waiting"  # an awaited operation: no thread is held

    @classmethod
    def parse(cls, value: "SpanKind | str") -> "SpanKind":
        """A SpanKind from itself or its exact name ("Cpu", "Blocked", "Waiting")."""
        if isinstance(value, SpanKind):
            return value
        for kind in cls:
            if value == kind.value:
                return kind
        raise ValueError(f"Unknown span kind {value!r}: use SpanKind.CPU, SpanKind.BLOCKED or SpanKind.WAITING "
                         f"(or the strings 'Cpu', 'Blocked', 'Waiting').")


@dataclass(frozen=True)
class Span:
    """One recorded interval of work: a bar on the Gantt chart. Times are seconds since the timeline's origin."""

    name: str
    lane: str
    start: float
    end: float
    kind: SpanKind
    thread: int = 0

    @property
    def duration(self) -> float:
        return self.end - self.start

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "lane": self.lane, "start": self.start, "end": self.end,
                "kind": self.kind.value, "thread": self.thread}


def current_lane() -> str:
    """The lane a span gets when none is given: the running asyncio task's name, else the thread's name."""
    try:
        task = asyncio.current_task()
    except RuntimeError:  # no event loop running in this thread
        task = None
    return task.get_name() if task is not None else threading.current_thread().name


class Timeline:
    """Records spans from any thread or task; ``to_json()`` gives them to C# (``Timeline.FromJson``)."""

    def __init__(self, title: str | None = None, clock: Callable[[], float] = time.perf_counter):
        if not callable(clock):
            raise TypeError("clock must be a function returning seconds, such as time.perf_counter or loop.time.")
        self.title = title
        self._clock = clock
        self._origin = clock()
        self._lock = threading.Lock()
        self._spans: list[Span] = []

    @property
    def origin(self) -> float:
        """The clock's reading when the timeline was created: time zero of every span."""
        return self._origin

    @property
    def now(self) -> float:
        """Seconds since the timeline was created, on its clock."""
        return self._clock() - self._origin

    @property
    def spans(self) -> list[Span]:
        """Every span so far, ordered by start (equal starts keep the order they were recorded in)."""
        with self._lock:
            return sorted(self._spans, key=lambda s: s.start)

    @property
    def makespan(self) -> float:
        """From the earliest start to the latest end; 0 for an empty timeline."""
        spans = self.spans
        return max(s.end for s in spans) - min(s.start for s in spans) if spans else 0.0

    def add(self, name: str, lane: str, start: float, end: float, kind: SpanKind | str = SpanKind.CPU,
            thread: int = 0) -> Span:
        """Adds a span measured elsewhere (a model, a replay): seconds since the origin; zero length is an instant."""
        _require_name(name)
        if not isinstance(lane, str) or not lane.strip():
            raise ValueError("A span needs a lane to be drawn on (a worker, a task, a thread); got an empty lane.")
        for label, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"Span {name!r}: {label} must be a finite number of seconds, got {value!r}.")
        if start < 0:
            raise ValueError(f"Span {name!r} starts before the timeline's origin ({start} s): a negative start.")
        if end < start:
            raise ValueError(f"Span {name!r} ends ({end} s) before it starts ({start} s): a negative duration. "
                             "Swap start and end, or check the clock you read.")
        span = Span(name, lane, float(start), float(end), SpanKind.parse(kind), int(thread))
        with self._lock:
            self._spans.append(span)
        return span

    @contextmanager
    def span(self, name: str, lane: str | None = None, kind: SpanKind | str = SpanKind.CPU) -> Iterator[None]:
        """Records from entering the ``with`` block until leaving it (also when it raises)."""
        _require_name(name)
        kind = SpanKind.parse(kind)
        lane = _resolve_lane(lane)
        thread = threading.get_native_id()
        start = self.now
        try:
            yield
        finally:
            self.add(name, lane, start, max(start, self.now), kind, thread)

    def cpu(self, name: str, seconds: float, lane: str | None = None) -> None:
        """Really burns CPU for ``seconds`` (a spin, not a sleep): kind Cpu."""
        _require_positive(seconds)
        with self.span(name, lane, SpanKind.CPU):
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                pass  # busy on purpose: this is what CPU-bound work looks like to the scheduler

    def block(self, name: str, seconds: float, lane: str | None = None) -> None:
        """Holds the thread without using it (``time.sleep``): kind Blocked."""
        _require_positive(seconds)
        with self.span(name, lane, SpanKind.BLOCKED):
            time.sleep(seconds)

    async def wait(self, name: str, seconds: float, lane: str | None = None) -> None:
        """``await asyncio.sleep(seconds)``, recorded: kind Waiting (no thread held)."""
        _require_positive(seconds)
        with self.span(name, lane, SpanKind.WAITING):
            await asyncio.sleep(seconds)

    def track(self, name: str | None = None, lane: str | None = None, kind: SpanKind | str | None = None):
        """Decorator: records every call of a function. ``async def`` calls are Waiting (from the first step to
        the result), plain functions Cpu; ``kind`` overrides. The lane is resolved when the call starts."""
        def decorate(func):
            label = name or func.__name__
            if inspect.iscoroutinefunction(func):
                chosen = SpanKind.parse(kind or SpanKind.WAITING)

                @functools.wraps(func)
                async def tracked_async(*args, **kwargs):
                    with self.span(label, lane, chosen):
                        return await func(*args, **kwargs)
                return tracked_async
            chosen = SpanKind.parse(kind or SpanKind.CPU)

            @functools.wraps(func)
            def tracked(*args, **kwargs):
                with self.span(label, lane, chosen):
                    return func(*args, **kwargs)
            return tracked
        return decorate

    def submit(self, executor: concurrent.futures.Executor, fn: Callable[..., Any], *args: Any,
               name: str | None = None, lane: str | None = None, kind: SpanKind | str = SpanKind.CPU,
               **kwargs: Any) -> concurrent.futures.Future:
        """``executor.submit(fn, *args, **kwargs)``, recording the call where it ran: on a thread pool the
        worker thread's lane, on a process pool "process <pid>". Returns a future of ``fn``'s result
        (``asyncio.wrap_future`` makes it awaitable).

        Process spans are timed in the child with ``time.perf_counter``, which is one system-wide monotonic
        clock on Linux, macOS and Windows, so they line up with the parent's; ``fn`` must be picklable."""
        label = name or getattr(fn, "__name__", None) or "call"
        _require_name(label)
        kind = SpanKind.parse(kind)
        if lane is not None and (not isinstance(lane, str) or not lane.strip()):
            raise ValueError("A lane name cannot be empty: pass None to use the worker's thread or process.")
        if isinstance(executor, concurrent.futures.ProcessPoolExecutor):
            if self._clock is not time.perf_counter:
                raise ValueError("Spans from another process are timed with time.perf_counter; this timeline reads "
                                 "another clock. Record process work on a Timeline() with the default clock.")
            inner = executor.submit(_TimedCall(fn, args, kwargs))
        else:
            inner = executor.submit(self._timed_here, fn, args, kwargs)
        outer: concurrent.futures.Future = concurrent.futures.Future()

        def finish(done: concurrent.futures.Future) -> None:
            if done.cancelled():
                outer.cancel()
                outer.set_running_or_notify_cancel()
                return
            error = done.exception()
            if error is not None and not isinstance(error, _CallFailed):
                outer.set_exception(error)  # the pool itself failed (e.g. the function could not be pickled)
                return
            timed = error.timed if isinstance(error, _CallFailed) else done.result()
            where = lane or (timed.thread_name if timed.pid == os.getpid() else f"process {timed.pid}")
            start, end = timed.start - self._origin, timed.end - self._origin
            self.add(label, where, max(0.0, start), max(0.0, end), kind, timed.thread)
            if isinstance(error, _CallFailed):
                outer.set_exception(error.error)
            else:
                outer.set_result(timed.value)

        inner.add_done_callback(finish)
        return outer

    def _timed_here(self, fn, args, kwargs) -> "_Timed":
        start = self._clock()
        try:
            value = fn(*args, **kwargs)
        except BaseException as error:
            raise _CallFailed(error, _Timed(None, start, self._clock(), os.getpid(),
                                            threading.current_thread().name, threading.get_native_id()))
        return _Timed(value, start, self._clock(), os.getpid(), threading.current_thread().name,
                      threading.get_native_id())

    def clear(self) -> None:
        """Forgets every span (the origin stays)."""
        with self._lock:
            self._spans.clear()

    def to_dict(self) -> dict[str, Any]:
        """The documented exchange shape (see the module's docstring)."""
        return {"format": FORMAT, "version": VERSION, "title": self.title,
                "spans": [s.to_dict() for s in self.spans]}

    def to_json(self, indent: int | None = None) -> str:
        """The spans as JSON for C#'s ``Timeline.FromJson``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, allow_nan=False, indent=indent)

    def __repr__(self) -> str:
        return f"Timeline({self.title!r}, {len(self._spans)} spans)"


@dataclass(frozen=True)
class _Timed:
    """A call's result and where and when it ran (absolute clock readings)."""

    value: Any
    start: float
    end: float
    pid: int
    thread_name: str
    thread: int


class _CallFailed(Exception):
    """Carries the function's own exception back with its timing, so the span is recorded either way."""

    def __init__(self, error: BaseException, timed: _Timed):
        super().__init__(error, timed)
        self.error = error
        self.timed = timed


class _TimedCall:
    """Runs in a worker process: a picklable callable that times ``fn`` with the system-wide perf_counter."""

    def __init__(self, fn, args, kwargs):
        self.fn, self.args, self.kwargs = fn, args, kwargs

    def __call__(self) -> _Timed:
        start = time.perf_counter()
        try:
            value = self.fn(*self.args, **self.kwargs)
        except BaseException as error:
            raise _CallFailed(error, _Timed(None, start, time.perf_counter(), os.getpid(),
                                            threading.current_thread().name, threading.get_native_id()))
        return _Timed(value, start, time.perf_counter(), os.getpid(), threading.current_thread().name,
                      threading.get_native_id())


def _resolve_lane(lane: str | None) -> str:
    if lane is None:
        return current_lane()
    if not isinstance(lane, str) or not lane.strip():
        raise ValueError("A lane name cannot be empty: pass None to draw the span on its task's or thread's lane.")
    return lane


def _require_name(name: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"A span needs a name: it is the bar's label; got {name!r}.")


def _require_positive(seconds: float) -> None:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0 or math.isinf(seconds):
        raise ValueError(f"The duration must be a positive number of seconds, got {seconds!r}: "
                         "a span of zero or negative length draws nothing.")
