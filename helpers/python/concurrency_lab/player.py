"""Recording an asyncio program tick by tick as CPython's own event loop runs it, for the step-through player.

``record(main())`` runs the program on a ``VirtualTimeLoop`` (asyncio's ``SelectorEventLoop`` unchanged, on a
virtual clock by default, on the real one with ``virtual=False``) and notes, at every pass of ``_run_once`` that
runs something, what the C# ``LoopPlayer`` shows for a tick: the ready queue as the tick began (each entry's label,
how it got there, whether it was cancelled, the task it stepped, what woke that task, what the task awaits next,
whether the step finished it, what it printed), what joined the queue meanwhile, the timer heap afterwards, and
every task with its phase and the source line where it is suspended. ``Recording.to_json()`` is the JSON format
"concurrency-lab/player" version 1 that C# reads back into a ``LoopPlayer``.

The program runs on a thread of its own, watched from the calling thread, so the call always comes back: when the
program finishes or raises, after ``tick_limit`` ticks, after ``timeout`` seconds of real time, when a callback
holds the loop for ``blocked_after`` seconds or more without yielding, or when nothing can ever happen again.
"""
from __future__ import annotations

import asyncio
import functools
import heapq
import inspect
import json
import linecache
import os
import platform
import selectors
import sysconfig
import threading
import time as _time
from asyncio import base_events as _base_events
from asyncio import futures as _futures
from typing import Any, Callable, Coroutine

from .callback_labels import label_of, seconds_text, task_of_step
from .print_capture import LineRouter
from .virtual_loop import StalledLoopError, VirtualTimeLoop, _is_bookkeeping, _JumpingSelector, _WatchedReadyQueue

FORMAT = "concurrency-lab/player"
VERSION = 1

COMPLETED = "completed"
RAISED = "raised"
TICK_LIMIT = "tickLimit"
STALLED = "stalled"
BLOCKED = "blocked"
TIMEOUT = "timeout"

SCHEDULED = "Scheduled"
OTHER_THREAD = "OtherThread"
TIMER_DUE = "TimerDue"

MAX_TIMERS_LISTED = 100
"""Timers listed per tick, soonest first (``timersPending`` counts them all), as C#'s player lists them."""

_GRACE = 1.0
"""Real seconds the watcher gives the loop's thread, once asked to stop, to reach the end of its tick; and the
clean-up after the program (cancelling what is left, joining worker threads) to finish."""

_CLEANUP_TURNS = 1_000
"""Turns of the loop the clean-up may take: a task that ignores cancellation must not keep the thread forever."""

_STOP_LABEL = "stop the loop (run_until_complete)"
_SELF_PIPE_LABEL = "read the self-pipe (woken from another thread)"


class Recording:
    """One recorded run of an asyncio program: the player's JSON (``to_json``, ``to_dict``) and, for Python,
    what the program returned or raised."""

    def __init__(self, document: dict[str, Any], result: Any, exception: BaseException | None, seconds: float,
                 left_running: list[str]):
        self._document = document
        self.result = result
        """What ``main`` returned (when ``ended`` is "completed"), else None."""
        self.exception = exception
        """What ``main`` raised (when ``ended`` is "raised"), else None."""
        self.seconds = seconds
        """Real seconds the recording took, clean-up included."""
        self.left_running = left_running
        """Threads still running when ``record`` returned, each described (empty unless the program blocked its
        thread or a worker thread without end: a running thread cannot be interrupted)."""

    @property
    def title(self) -> str:
        return self._document["title"]

    @property
    def virtual(self) -> bool:
        return self._document["virtual"]

    @property
    def ended(self) -> str:
        """Why the recording ended: completed, raised, tickLimit, stalled, blocked or timeout."""
        return self._document["ended"]["reason"]

    @property
    def detail(self) -> str | None:
        """The ending in words ("ValueError: boom", how long a callback held the loop...), or None."""
        return self._document["ended"]["detail"]

    @property
    def truncated(self) -> bool:
        return self._document["truncated"]

    @property
    def ticks_left_out(self) -> int:
        return self._document["ticksLeftOut"]

    @property
    def tasks(self) -> list[str]:
        return self._document["tasks"]

    @property
    def ticks(self) -> list[dict[str, Any]]:
        """The recorded ticks as the JSON has them (dicts with camelCase keys), tick 1 first."""
        return self._document["ticks"]

    def tick(self, number: int) -> dict[str, Any]:
        """Tick ``number`` (from 1)."""
        ticks = self._document["ticks"]
        if isinstance(number, int) and 1 <= number <= len(ticks):
            return ticks[number - 1]
        raise IndexError(f"No tick {number!r} was recorded: ticks 1 to {len(ticks)} are.")

    def to_dict(self) -> dict[str, Any]:
        """The recording in the JSON format's shape (the recording's own dict: read it, do not change it)."""
        return self._document

    def to_json(self, indent: int | None = None) -> str:
        """The JSON format "concurrency-lab/player" version 1 (compact unless ``indent`` is given)."""
        separators = (",", ":") if indent is None else None
        return json.dumps(self._document, ensure_ascii=False, indent=indent, separators=separators)

    def to_text(self, max_ticks: int = 50) -> str:
        """Each tick as a few lines: the queue (what ran, in order), what joined it, the timers, the tasks."""
        if isinstance(max_ticks, bool) or not isinstance(max_ticks, int) or max_ticks <= 0:
            raise ValueError(f"Show at least one tick: pass a positive max_ticks, got {max_ticks!r}.")
        doc = self._document
        rows = [f"{doc['title']} · {len(doc['ticks'])} ticks · {'virtual' if doc['virtual'] else 'real'} time · "
                f"ended: {doc['ended']['reason']}" + (f" ({doc['ended']['detail']})" if doc['ended']['detail'] else "")]
        for tick in doc["ticks"][:max_ticks]:
            rows.append(f"tick {tick['number']} at {tick['time']:.3f} s")
            for entry in tick["queue"]:
                flags = [entry["origin"]] + (["cancelled"] if entry["cancelled"] else []) + \
                    (["bookkeeping"] if entry.get("bookkeeping") else [])
                rows.append(f"  {entry['label']}  [{', '.join(flags)}]")
                if entry["wokenBy"]:
                    rows.append(f"    woken by {entry['wokenBy']}")
                rows.extend(f"    prints \"{line}\"" for line in entry["printed"])
                if entry["task"]:
                    rows.append(f"    {entry['task']} " + ("finished" if entry["taskFinished"] else
                                                          f"then awaits {entry['awaits']}"))
            if tick["joined"]:
                rows.append(f"  joined: {' | '.join(tick['joined'])}")
            for timer in tick["timers"]:
                rows.append(f"  timer due at {timer['due']:.3f} s: {timer['label']}")
            for task in tick["taskStates"]:
                where = f" — line {task['line']}: {task['code']}" if task["line"] is not None else ""
                rows.append(f"  {task['name']}: {task['phase']}" + (f", {task['detail']}" if task["detail"] else "")
                            + where)
        if len(doc["ticks"]) > max_ticks:
            rows.append(f"… {len(doc['ticks']) - max_ticks} more ticks")
        if doc["truncated"]:
            rows.append(f"… and {doc['ticksLeftOut']} ticks past max_ticks were left out")
        return "\n".join(rows) + "\n"

    def __repr__(self) -> str:
        doc = self._document
        left_out = f" (+{doc['ticksLeftOut']} left out)" if doc["truncated"] else ""
        clock = "virtual" if doc["virtual"] else "real"
        return (f"<Recording {doc['title']!r}: {doc['ended']['reason']}, {len(doc['ticks'])} ticks{left_out}, "
                f"{clock} time>")


def record(main_coro: Coroutine[Any, Any, Any], *, title: str | None = None, virtual: bool = True,
           max_ticks: int = 1_000, tick_limit: int = 10_000, timeout: float = 5.0,
           blocked_after: float = 1.0) -> Recording:
    """Runs ``main_coro`` as the task "main" on CPython's own event loop and records it tick by tick.

    - ``virtual``: a virtual clock (sleeps take no time, every run is the same), or real time.
    - ``max_ticks``: ticks kept in the recording; later ones are counted (``ticksLeftOut``), not kept.
    - ``tick_limit``: the run stops after this many ticks if ``main`` has not finished (ended "tickLimit").
    - ``timeout``: real seconds the whole recording may take (ended "timeout").
    - ``blocked_after``: a callback that holds the loop this many real seconds without yielding (``time.sleep``,
      CPU work) ends the run as "blocked" once it returns; one still running at the timeout is left to its
      thread, which cannot be interrupted (``Recording.left_running`` says so).

    Inside a running loop (a notebook cell) it works the same: the program always runs on a thread of its own and
    this call waits for it (``await record_async(...)`` waits without blocking the caller's loop).
    """
    _check_arguments(main_coro, title, virtual, max_ticks, tick_limit, timeout, blocked_after)
    return _Session(main_coro, title, virtual, max_ticks, tick_limit, timeout, blocked_after).run()


async def record_async(main_coro: Coroutine[Any, Any, Any], **options: Any) -> Recording:
    """``await record_async(main())``: ``record`` without blocking the running loop that awaits it."""
    unknown = sorted(set(options) - set(_DEFAULTS))
    if unknown:
        if asyncio.iscoroutine(main_coro):
            main_coro.close()
        raise TypeError(f"record_async takes record's options ({', '.join(_DEFAULTS)}); not {', '.join(unknown)}.")
    _check_arguments(main_coro, **{**_DEFAULTS, **options})  # refused here, in the caller's words, not in a thread
    return await asyncio.to_thread(record, main_coro, **options)


_DEFAULTS = {"title": None, "virtual": True, "max_ticks": 1_000, "tick_limit": 10_000, "timeout": 5.0,
             "blocked_after": 1.0}


def recorded(function: Callable[..., Coroutine[Any, Any, Any]] | None = None, /, **options: Any):
    """A decorator: ``@recorded`` (or ``@recorded(title=..., max_ticks=...)``) above ``async def main()`` makes
    ``main()`` record the program and return its ``Recording``; ``main.__wrapped__`` is the function as written."""

    def decorate(fn: Callable[..., Coroutine[Any, Any, Any]]):
        if not inspect.iscoroutinefunction(fn):
            raise TypeError(f"@recorded goes above an async def; {fn!r} is not a coroutine function.")

        @functools.wraps(fn)
        def recording(*args: Any, **kwargs: Any) -> Recording:
            return record(fn(*args, **kwargs), **options)
        return recording

    if function is None:
        return decorate
    return decorate(function)


# --- the session: a thread runs the loop, the caller's thread watches it --------------------------------------------


class _Stop(Exception):
    """Raised where asyncio would wait for the next turn: the recording ends here (the reason is on the loop)."""


class _Session:
    def __init__(self, main: Coroutine, title: str | None, virtual: bool, max_ticks: int, tick_limit: int,
                 timeout: float, blocked_after: float):
        self._main = main
        self._title = title if title is not None else \
            f"CPython {platform.python_version()}: {getattr(main, '__name__', 'main')}()"
        self._timeout = float(timeout)
        self._loop = _RecordingLoop(virtual=virtual, max_ticks=max_ticks, tick_limit=tick_limit,
                                    blocked_after=float(blocked_after))
        self._recorded = threading.Event()  # the program's part is over (its ticks are final)
        self._done = threading.Event()      # the thread has cleaned up and is about to end
        self._result: Any = None
        self._exception: BaseException | None = None
        self._internal_error: BaseException | None = None
        self._left_running: list[str] = []

    def run(self) -> Recording:
        started = _time.monotonic()
        loop = self._loop
        thread = threading.Thread(target=self._thread_main, name="concurrency_lab recording", daemon=True)
        thread.start()
        try:
            self._watch()
        except BaseException:  # KeyboardInterrupt in the caller: stop the program, then pass the interrupt on
            loop._request_stop(TIMEOUT, "the caller was interrupted")
            self._done.wait(_GRACE)
            raise
        if not loop._abandoned and self._done.wait(_GRACE):
            thread.join()
        elif not loop._abandoned:
            self._left_running.append(
                "the recording's loop thread, still cleaning up after the program (cancelling its tasks or waiting "
                "for a worker thread); it ends when that returns")
        if self._internal_error is not None:
            raise self._internal_error
        left_out = loop._tick_count - len(loop._ticks)
        ended = {"reason": loop._stop_reason, "detail": loop._stop_detail}
        if loop._held_seconds is not None:
            ended["heldSeconds"] = round(loop._held_seconds, 3)
        document = {
            "format": FORMAT, "version": VERSION, "title": self._title, "loop": "cpython",
            "python": platform.python_version(), "virtual": loop._virtual, "ended": ended,
            "truncated": left_out > 0, "ticksLeftOut": left_out,
            "tasks": [info.task.get_name() for info in list(loop._infos.values())],
            "ticks": loop._ticks,
        }
        return Recording(document, self._result, self._exception, _time.monotonic() - started,
                         list(self._left_running))

    def _watch(self) -> None:
        """Waits for the program's part, at most ``timeout`` real seconds, then stops it; a callback that does not
        return is left to its thread."""
        loop = self._loop
        if self._recorded.wait(self._timeout):
            return
        loop._request_stop(TIMEOUT, f"stopped after {self._timeout:g} s of real time (the timeout); main had not "
                                    "finished")
        grace_ends = _time.monotonic() + _GRACE
        while not self._recorded.wait(0.02):
            held = loop._held_now()
            if (held is not None and held >= loop._blocked_after) or _time.monotonic() >= grace_ends:
                if not loop._abandon(held, self._timeout):
                    continue
                self._left_running.append(
                    f"the recording's loop thread, inside a callback that had held it {held:.1f} s: it ends when that "
                    "callback returns (its loop is then closed)" if held is not None else
                    "the recording's loop thread, which did not stop when asked: it ends when what holds it returns")
                return

    def _thread_main(self) -> None:
        loop = self._loop
        try:
            LineRouter.register(loop._note_line)
            try:
                self._run_program()
            finally:
                self._recorded.set()
                try:
                    loop._clean_up()
                finally:
                    LineRouter.unregister()
        except BaseException as error:  # a failure of the recorder itself: the caller raises it
            self._internal_error = error
            self._recorded.set()
        finally:
            self._done.set()

    def _run_program(self) -> None:
        loop = self._loop
        loop._owner = threading.get_ident()
        task = loop.create_task(self._main, name="main")
        loop._main = task
        loop._register(task)
        loop._recording = True
        try:
            self._result = loop.run_until_complete(task)
            loop._end(COMPLETED, None)
        except _Stop:
            pass  # the loop holds the reason
        except StalledLoopError as error:
            loop._end(STALLED, str(error))
        except BaseException as error:
            if task.done() and (task.cancelled() or task.exception() is error):
                self._exception = error
                text = str(error)
                loop._end(RAISED, f"{type(error).__name__}: {text}" if text else type(error).__name__)
            else:
                raise
        finally:
            loop._stop_recording()


# --- the loop --------------------------------------------------------------------------------------------------------


class _TaskInfo:
    """What the recording knows of one task between ticks."""

    __slots__ = ("task", "steps", "awaits", "finished", "where", "moved")

    def __init__(self, task: asyncio.Task):
        self.task = task
        self.steps = 0
        self.awaits: str | None = None   # what it awaits since its last step
        self.finished = False            # its last step finished it (noted at the end of that tick)
        self.where: tuple[int, str | None, str] | None = None  # line, code, function where it is suspended
        self.moved = True                # stepped since ``where`` was worked out


class _OpenTick:
    __slots__ = ("number", "time", "ready", "keep", "queue", "stepped")

    def __init__(self, number: int, time: float, ready: int, keep: bool):
        self.number = number
        self.time = time
        self.ready = ready
        self.keep = keep
        self.queue: list[dict[str, Any]] = []
        self.stepped: dict[asyncio.Task, dict[str, Any]] = {}  # each task's last step in this tick


class _RecordingLoop(VirtualTimeLoop):
    """A ``VirtualTimeLoop`` (or, with ``virtual=False``, the same loop on the real clock) that records the player's
    ticks. Everything here runs on the loop's thread, except ``_request_stop``, ``_held_now`` and ``_abandon``,
    which the watching thread calls; the lock keeps those apart from the recording."""

    def __init__(self, *, virtual: bool, max_ticks: int, tick_limit: int, blocked_after: float):
        self._virtual = virtual
        self._clock_origin = _time.monotonic()  # before the base class: it may read the clock while it sets up
        self._recording = False  # the program's ticks are being recorded
        self._abandoned = False  # the watcher gave up waiting for this loop's thread
        self._program_over = False
        super().__init__()
        self._logging = False  # the base class's tick log stays empty: this loop keeps its own record
        self._ready = _RecordedReadyQueue(self)
        self._max_ticks = max_ticks
        self._tick_limit = tick_limit
        self._blocked_after = blocked_after
        self._lock = threading.RLock()
        self._owner: int | None = None   # the thread that runs the loop
        self._in_events = False          # inside _process_events: callbacks queued now come from the selector
        self._origins: dict[int, tuple[asyncio.Handle, bool]] = {}  # queued off the loop's thread or by I/O
        self._infos: dict[asyncio.Task, _TaskInfo] = {}            # every task, in creation order
        self._sleep_futures: dict[int, tuple[asyncio.Future, str]] = {}
        self._sleep_timers: dict[int, tuple[asyncio.TimerHandle, str, asyncio.Task | None]] = {}
        self._main: asyncio.Task | None = None
        self._ticks: list[dict[str, Any]] = []
        self._tick_count = 0
        self._open: _OpenTick | None = None
        self._running_handle: asyncio.Handle | None = None
        self._running_entry: dict[str, Any] | None = None
        self._running_task: asyncio.Task | None = None
        self._running_start = 0.0
        self._stop_reason: str | None = None
        self._stop_detail: str | None = None
        self._held_seconds: float | None = None
        self._cleanup_turns = 0

    def _make_selector(self) -> selectors.BaseSelector:
        return _RecordingSelector(self)

    # --- the clock ----------------------------------------------------------------------------------------------

    def time(self) -> float:
        if self._virtual:
            return self._now
        return _time.monotonic() - self._clock_origin

    def hold_thread(self, seconds: float) -> None:
        if self._virtual:
            super().hold_thread(seconds)
            return
        if not isinstance(seconds, (int, float)) or seconds < 0:
            raise ValueError(f"hold_thread needs seconds >= 0, got {seconds!r}.")
        _time.sleep(seconds)  # on the real clock, holding the thread is holding it

    # --- asyncio's scheduling, noted ----------------------------------------------------------------------------

    def create_task(self, coro, *, name=None, context=None):
        task = super().create_task(coro, name=name, context=context)
        if self._recording:
            self._register(task)
        return task

    def call_later(self, delay, callback, *args, context=None):
        handle = super().call_later(delay, callback, *args, context=context)
        if callback is _futures._set_result_unless_cancelled and self._recording and args:
            future = args[0]  # asyncio.sleep's future, which its task awaits
            self._sleep_futures[id(future)] = (future, f"sleep {seconds_text(delay)}, due at {handle.when():.3f} s")
            # named when shown, not now: an eager task (3.12+) sleeps before create_task has given it its name
            self._sleep_timers[id(handle)] = (handle, seconds_text(delay), asyncio.current_task(self))
        return handle

    def _process_events(self, event_list):
        self._in_events = True
        try:
            super()._process_events(event_list)
        finally:
            self._in_events = False

    def _register(self, task: asyncio.Task) -> _TaskInfo:
        with self._lock:
            info = self._infos.get(task)
            if info is None:
                info = self._infos[task] = _TaskInfo(task)
                coro = task.get_coro()
                if inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) != inspect.CORO_CREATED:
                    # an eager task (Python 3.12+): its first step ran inside create_task
                    info.steps = 1
                    info.awaits = None if task.done() else self._awaits(task)
            return info

    # --- the tick, as _run_once takes handles off the ready queue -----------------------------------------------

    def _on_pop(self, handle: asyncio.Handle, remaining: int) -> None:
        if not self._recording:
            return
        with self._lock:
            if self._abandoned:
                return
            if self._running_handle is not None:
                self._close_running(_time.perf_counter())
            tick = self._open
            if tick is None:  # the first handle of the turn: the queue holds exactly this turn's handles
                self._tick_count += 1
                tick = self._open = _OpenTick(self._tick_count, self.time(), remaining + 1,
                                              self._tick_count <= self._max_ticks)
            if isinstance(handle, asyncio.TimerHandle):
                origin, io = TIMER_DUE, False
            else:
                origin, io = SCHEDULED, False
                if self._origins:
                    found = self._origins.pop(id(handle), None)
                    if found is not None and found[0] is handle:
                        origin, io = OTHER_THREAD, found[1]
            labelled = self._sleep_timers.pop(id(handle), None) if origin == TIMER_DUE else None
            cancelled = handle._cancelled
            if tick.keep:
                bookkeeping = _is_bookkeeping(handle)
                if bookkeeping:
                    label = _bookkeeping_label(handle)
                elif labelled is not None and labelled[0] is handle:
                    label = _sleep_timer_label(labelled)
                elif io:
                    label = _io_label(handle._callback)
                else:
                    label = label_of(handle._callback, origin == TIMER_DUE)
                entry = {"label": label, "origin": origin, "cancelled": cancelled, "task": None, "wokenBy": None,
                         "awaits": None, "taskFinished": False, "printed": []}
                if bookkeeping:
                    entry["bookkeeping"] = True
                if io:
                    entry["io"] = True
                tick.queue.append(entry)
                task = None if cancelled or bookkeeping else task_of_step(handle._callback)
                if task is not None:
                    info = self._infos.get(task) or self._register(task)
                    entry["task"] = task.get_name()
                    entry["wokenBy"] = self._woken_by(handle, task, info)
                if not cancelled:
                    self._running_entry = entry
                    self._running_task = task
            if not cancelled:
                self._running_handle = handle
                self._running_start = _time.perf_counter()

    def _close_running(self, now: float) -> None:
        """The handle taken last has returned: time it, and note what its task does next."""
        handle, self._running_handle = self._running_handle, None
        entry, self._running_entry = self._running_entry, None
        task, self._running_task = self._running_task, None
        held = now - self._running_start
        if held >= self._blocked_after and self._stop_reason in (None, TIMEOUT):
            label = entry["label"] if entry is not None else label_of(handle._callback, False)
            self._held_seconds = held
            self._stop_reason, self._stop_detail = BLOCKED, (
                f"{label} held the loop {held:.2f} s without yielding: a blocking call such as time.sleep, or CPU "
                f"work, on the loop's thread (the recording stops at {self._blocked_after:g} s)")
        if task is None or entry is None:
            return
        info = self._infos[task]
        info.steps += 1
        info.moved = True
        if task.done():
            entry["taskFinished"] = True
            info.awaits = None
        else:
            entry["awaits"] = info.awaits = self._awaits(task)
        self._open.stepped[task] = entry

    def _end_tick(self) -> None:
        """Called where asyncio is about to wait for the next turn: the turn that ran is a finished tick."""
        if not self._recording:
            self._cleanup_turns += 1
            if self._abandoned or self._cleanup_turns > _CLEANUP_TURNS:
                raise _Stop()
            return
        with self._lock:
            if self._abandoned:
                raise _Stop()
            self._finish_tick()
            main = self._main
            if self._stop_reason is None and self._tick_count >= self._tick_limit and not main.done():
                self._stop_reason = TICK_LIMIT
                self._stop_detail = (f"stopped after {self._tick_count:,} ticks (the tick_limit); main had not "
                                     "finished")
            if self._stop_reason is not None:
                raise _Stop()

    def _check_stop(self) -> None:
        """After waiting: a stop asked for meanwhile (the timeout) ends the recording here."""
        if self._abandoned or (self._recording and self._stop_reason is not None):
            raise _Stop()

    def _finish_tick(self, running_task_note: str | None = None) -> None:
        if self._running_handle is not None and running_task_note is None:
            self._close_running(_time.perf_counter())
        tick, self._open = self._open, None
        if tick is not None and tick.keep:
            self._ticks.append(self._tick_document(tick, running_task_note))
        if len(self._sleep_timers) > 64:  # timers cancelled before they fired are never taken: forget them
            self._sleep_timers = {k: v for k, v in self._sleep_timers.items() if not v[0].cancelled()}
        if len(self._sleep_futures) > 64:
            self._sleep_futures = {k: v for k, v in self._sleep_futures.items() if not v[0].done()}

    def _tick_document(self, tick: _OpenTick, running_task_note: str | None) -> dict[str, Any]:
        heap = [h for h in self._scheduled if not h._cancelled]
        pending = len(heap)
        heapq.heapify(heap)  # the order asyncio takes them in, ties included
        timers = []
        while heap and len(timers) < MAX_TIMERS_LISTED:
            timer = heapq.heappop(heap)
            timers.append({"label": self._timer_label(timer), "due": timer._when})
        joined = []
        woken: set[asyncio.Task] = set()
        for handle in list(self._ready):
            joined.append(self._queued_label(handle))
            if not handle._cancelled:
                task = task_of_step(handle._callback)
                if task is not None:
                    woken.add(task)
        return {"number": tick.number, "time": tick.time, "ready": tick.ready, "timersPending": pending,
                "queue": tick.queue, "joined": joined, "timers": timers,
                "taskStates": self._task_states(tick, woken, running_task_note)}

    def _task_states(self, tick: _OpenTick, woken: set[asyncio.Task], running_note: str | None) -> list[dict]:
        states = []
        running = self._running_task if running_note is not None else None
        for info in list(self._infos.values()):
            task = info.task
            step = tick.stepped.get(task)
            where = None
            if task is running:
                phase, detail = "Running", running_note
                where = _where(task)
            elif step is not None:
                phase = "Running"
                if step["taskFinished"]:
                    detail = "finished"
                    info.finished = True
                else:
                    detail = "awaits " + step["awaits"]
            elif info.finished or (task.done() and info.steps > 0):
                phase, detail = "Done", None
                info.finished = True
            elif info.steps == 0:
                phase = "Created"
                detail = "its first step runs in the next tick" if task in woken else "its first step is queued"
            elif task in woken:
                phase, detail = "Ready", "woken: its next step runs in the next tick"
            else:
                phase, detail = "Waiting", "awaits " + (info.awaits or "something not recorded")
            if where is None and phase in ("Running", "Ready", "Waiting") and not task.done():
                if info.moved:
                    info.where = _where(task)
                    info.moved = False
                where = info.where
            state = {"name": task.get_name(), "phase": phase, "detail": detail,
                     "line": where[0] if where else None, "code": where[1] if where else None}
            if where:
                state["function"] = where[2]
            states.append(state)
        return states

    # --- labels and descriptions ----------------------------------------------------------------------------

    def _timer_label(self, timer: asyncio.TimerHandle) -> str:
        labelled = self._sleep_timers.get(id(timer))
        if labelled is not None and labelled[0] is timer:
            return _sleep_timer_label(labelled)
        return label_of(timer._callback, True)

    def _queued_label(self, handle: asyncio.Handle) -> str:
        if _is_bookkeeping(handle):
            return _bookkeeping_label(handle)
        return label_of(handle._callback, isinstance(handle, asyncio.TimerHandle))

    def _woken_by(self, handle: asyncio.Handle, task: asyncio.Task, info: _TaskInfo) -> str | None:
        """What woke ``task`` for the step ``handle`` is about to run: what it awaited (None for its first step)."""
        if info.steps == 0:
            return None
        args = handle._args
        if args and isinstance(args[0], asyncio.Future):  # task_wakeup(future): the awaited future is done
            future = args[0]
            known = self._sleep_futures.pop(id(future), None)
            text = info.awaits or self._describe(future, task)
            if known is not None and known[0] is future:
                text = known[1]
            return f"{text}, cancelled" if future.cancelled() else text
        if getattr(task, "_must_cancel", False):
            return "cancel()"
        return info.awaits

    def _awaits(self, task: asyncio.Task) -> str:
        """What ``task`` awaits now that its step has returned."""
        future = getattr(task, "_fut_waiter", None)
        if future is None:
            return "sleep(0), a bare yield"
        return self._describe(future, task)

    def _describe(self, future: asyncio.Future, task: asyncio.Task) -> str:
        known = self._sleep_futures.get(id(future))
        if known is not None and known[0] is future:
            return known[1]
        if isinstance(future, asyncio.Task):
            return f"task {future.get_name()}"
        children = getattr(future, "_children", None)
        if isinstance(children, list) and isinstance(future, _GATHERING):
            names = [c.get_name() if isinstance(c, asyncio.Task) else "a future" for c in children]
            return "gather of " + ", ".join(names) if names else "gather of nothing"
        frames = _frames(task)
        innermost = frames[-1].f_code if frames else None
        if any(future is f for f in self._executor_futures):
            if innermost is not None and innermost.co_name == "to_thread":
                return "to_thread: work on a worker thread"
            return "run_in_executor: work on a worker thread"
        if innermost is not None and _is_asyncio_file(innermost.co_filename):
            return f"a future ({_short_name(innermost)})"
        return "a future"

    def _note_line(self, text: str) -> None:
        with self._lock:
            entry = self._running_entry
            if self._recording and entry is not None:
                entry["printed"].append(text)

    # --- the end ------------------------------------------------------------------------------------------------

    def _end(self, reason: str, detail: str | None) -> None:
        with self._lock:
            if self._stop_reason is None or reason == RAISED:
                self._stop_reason, self._stop_detail = reason, detail
            elif self._stop_reason == TIMEOUT and reason == COMPLETED:
                self._stop_reason, self._stop_detail = reason, detail  # it finished before the stop took effect

    def _stop_recording(self) -> None:
        with self._lock:
            if not self._abandoned:
                self._finish_tick()
            self._recording = False
            self._program_over = True

    def _request_stop(self, reason: str, detail: str) -> None:
        """From the watching thread: end the recording at the next turn (the loop is woken if it waits)."""
        with self._lock:
            if self._stop_reason is None:
                self._stop_reason, self._stop_detail = reason, detail
        self._write_to_self()

    def _held_now(self) -> float | None:
        """From the watching thread: how long the callback running now has held the loop, or None."""
        handle, start = self._running_handle, self._running_start
        return None if handle is None else _time.perf_counter() - start

    def _abandon(self, held: float | None, timeout: float) -> bool:
        """From the watching thread: the loop's thread will not stop in time. The recording ends here, with the
        tick that is running as far as it got; the thread goes on alone and stops at its next turn."""
        with self._lock:
            if self._abandoned or self._program_over:
                return False  # it ended meanwhile
            if held is not None:
                entry = self._running_entry
                label = entry["label"] if entry is not None else label_of(self._running_handle._callback, False)
                self._held_seconds = held
                self._stop_reason, self._stop_detail = BLOCKED, (
                    f"{label} had held the loop {held:.1f} s without yielding when the recording stopped (timeout "
                    f"{timeout:g} s); it had not returned: its thread is left to finish it")
            note = f"still running: it has held the loop {held:.1f} s" if held is not None else "still running"
            if self._open is not None:
                self._finish_tick(running_task_note=note)
            self._abandoned = True
            self._recording = False
            return True

    def _clean_up(self) -> None:
        """What asyncio.run does after main (cancel what is left, close async generators, join the default
        executor's threads, close the loop), bounded: a task that ignores cancellation is left pending."""
        try:
            if self._abandoned:
                self.set_exception_handler(_quiet_about_pending_tasks)
            else:
                pending = asyncio.all_tasks(self)
                for task in pending:
                    task.cancel()
                if pending:
                    self.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                self.run_until_complete(self.shutdown_asyncgens())
        except (_Stop, StalledLoopError):
            self.set_exception_handler(_quiet_about_pending_tasks)
        finally:
            executor, self._default_executor = self._default_executor, None
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
                ends = _time.monotonic() + _GRACE
                for worker in list(getattr(executor, "_threads", ())):
                    worker.join(max(0.0, ends - _time.monotonic()))
            self.close()


class _RecordingSelector(_JumpingSelector):
    """Ends each tick where asyncio would wait, then waits as the loop's clock says: jumps on the virtual clock,
    really on the real one. A stop asked for while it waits ends the recording right after."""

    def select(self, timeout=None):
        loop = self._loop
        if loop._virtual:
            events = super().select(timeout)
        else:
            loop._end_tick()
            if timeout is None and not loop._threads_working() and not loop._has_sockets(self):
                raise StalledLoopError(
                    f"The loop stalled at {loop.time():.3f} s: nothing is ready, no timer is set, no thread works "
                    "for the loop and no socket is open, so what the program awaits can never happen (a future "
                    "nobody completes? an Event nobody sets?).")
            events = selectors.DefaultSelector.select(self, timeout)
        loop._check_stop()
        return events


class _RecordedReadyQueue(_WatchedReadyQueue):
    """The ready queue, also noting which callbacks came from another thread or from the selector (I/O)."""

    def append(self, handle):
        loop = self._loop
        if loop._recording:
            other = threading.get_ident() != loop._owner
            if other or loop._in_events:
                loop._origins[id(handle)] = (handle, not other)
        super().append(handle)


# --- where a task is suspended -----------------------------------------------------------------------------------

_GATHERING = getattr(asyncio.tasks, "_GatheringFuture", asyncio.Future)
_ASYNCIO_DIR = os.path.dirname(asyncio.__file__) + os.sep
_OWN_DIR = os.path.dirname(__file__) + os.sep
_LIBRARY_DIRS = tuple({_ASYNCIO_DIR, _OWN_DIR, os.path.join(sysconfig.get_paths()["stdlib"], "")})
_learner_files: dict[str, bool] = {}


def _is_asyncio_file(filename: str) -> bool:
    return filename.startswith(_ASYNCIO_DIR)


def _is_learners(filename: str) -> bool:
    """The program's own code, as opposed to asyncio's, the standard library's, installed packages' or ours."""
    known = _learner_files.get(filename)
    if known is None:
        known = _learner_files[filename] = not (
            filename.startswith(_LIBRARY_DIRS) or f"{os.sep}site-packages{os.sep}" in filename
            or f"{os.sep}dist-packages{os.sep}" in filename)
    return known


def _frames(task: asyncio.Task) -> list:
    """The frames of the coroutines ``task`` is suspended in, its own first, following each ``await``."""
    frames = []
    awaited = task.get_coro()
    for _ in range(100):
        frame = getattr(awaited, "cr_frame", None) or getattr(awaited, "gi_frame", None)
        if frame is None:
            break
        frames.append(frame)
        awaited = getattr(awaited, "cr_await", None) if hasattr(awaited, "cr_await") else \
            getattr(awaited, "gi_yieldfrom", None)
        if awaited is None:
            break
    return frames


def _where(task: asyncio.Task) -> tuple[int, str | None, str] | None:
    """The line a task is suspended at: in the innermost of its coroutines that is the program's own code (say_after's
    ``await asyncio.sleep(delay)`` rather than main's ``await say_after(1, "hello")``); the task's own coroutine
    when none is (a task made straight from ``asyncio.sleep(1)``)."""
    frames = _frames(task)
    if not frames:
        return None
    chosen = frames[0]
    for frame in reversed(frames):
        if _is_learners(frame.f_code.co_filename):
            chosen = frame
            break
    line = chosen.f_lineno
    if line is None:
        return None
    code = linecache.getline(chosen.f_code.co_filename, line, chosen.f_globals).strip() or None
    return line, code, _short_name(chosen.f_code)


def _short_name(code) -> str:
    qualname = getattr(code, "co_qualname", code.co_name)
    return qualname.rsplit(".<locals>.", 1)[-1]


def _sleep_timer_label(timer: tuple[asyncio.TimerHandle, str, asyncio.Task | None]) -> str:
    """The timer of ``asyncio.sleep``, named as C#'s EventLoop names it: "sleep 1 s timer (main)"."""
    _, delay, task = timer
    return f"sleep {delay} timer ({task.get_name()})" if task is not None else f"sleep {delay} timer"


def _io_label(callback: Any) -> str:
    """A callback the selector queued because a socket (or pipe) is ready: "I/O ready: <what it calls>"."""
    if callback is None:
        return "I/O ready (cancelled)"  # a cancelled handle has let go of its callback
    if isinstance(callback, functools.partial):
        callback = callback.func
    name = getattr(callback, "__qualname__", None) or type(callback).__name__
    return f"I/O ready: {name.rsplit('.<locals>.', 1)[-1]}"


def _bookkeeping_label(handle: asyncio.Handle) -> str:
    return _STOP_LABEL if handle._callback is _base_events._run_until_complete_cb else _SELF_PIPE_LABEL


def _quiet_about_pending_tasks(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """After a stopped recording, tasks that would not end are dropped on purpose: that is not worth a warning."""
    if str(context.get("message", "")).startswith("Task was destroyed but it is pending"):
        return
    loop.default_exception_handler(context)


# --- arguments ---------------------------------------------------------------------------------------------------


def _check_arguments(main: Any, title: Any, virtual: Any, max_ticks: Any, tick_limit: Any, timeout: Any,
                     blocked_after: Any) -> None:
    problem = None
    if title is not None and not isinstance(title, str):
        problem = f"title is a string (or None for 'CPython <version>: main()'), got {title!r}"
    elif not isinstance(virtual, bool):
        problem = f"virtual is True (a virtual clock) or False (real time), got {virtual!r}"
    else:
        for name, value in (("max_ticks", max_ticks), ("tick_limit", tick_limit)):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                problem = f"{name} is a positive whole number, got {value!r}"
                break
        for name, value in (("timeout", timeout), ("blocked_after", blocked_after)):
            if problem is None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                    or not value > 0 or value == float("inf")):
                problem = f"{name} is a positive number of real seconds, got {value!r}"
    if not asyncio.iscoroutine(main):
        hint = " (call it: record(main()), not record(main))" if callable(main) else ""
        raise TypeError(f"record needs a coroutine object{hint}; got {main!r}.")
    if problem is not None:
        main.close()  # it will never run: no "never awaited" warning
        raise ValueError(f"record: {problem}.")
