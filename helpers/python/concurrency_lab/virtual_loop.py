"""CPython's own asyncio loop on a virtual clock, logging its ticks in the shape of the C# ``EventLoop``'s.

``VirtualTimeLoop`` is asyncio's ``SelectorEventLoop`` unchanged (its ``_run_once`` decides every ordering) with
two things added:

- **A virtual clock.** ``time()`` starts at 0 and moves only where asyncio would sleep: when nothing is ready,
  the selector is asked to wait until the next timer, and instead the clock jumps there. "3 seconds" take no real
  time and every run is identical. Work handed to threads (``asyncio.to_thread``, ``run_in_executor``) holds the
  clock still until it reports back, as in C#; sockets, if any, are waited for in real time.
- **A tick log.** Each turn of the loop that ran something is one ``Tick``: its number, the time, how many
  callbacks were ready (due timers and cancelled handles included), how many timers were still waiting after it,
  and what ran, named as C#'s ``EventLoop`` names them (``step main``, ``sleep 1 s timer (main)``, ...). Lines
  printed meanwhile are noted under their tick, and ``trace`` records every callback and task step as spans.

Two of asyncio's own callbacks are loop bookkeeping with no counterpart in C# and are left out of the log: the
done-callback of ``run_until_complete`` that stops the loop, and the self-pipe read that wakes it for a thread.
Ticks are logged until ``main`` is done (the tick in which asyncio stops included); the clean-up afterwards, where
tasks still pending are cancelled as ``asyncio.run`` does, is not.

Running it::

    loop = VirtualTimeLoop()
    loop.run(main())                 # like asyncio.run(main()), main's task is named "main"
    print(loop.tick_table())

In a notebook, ipykernel already runs a loop on the main thread (``asyncio.run`` fails there). ``loop.run(main())``
notices it and runs the virtual loop on a fresh thread, waiting for it (instant on a virtual clock);
``await loop.run_async(main())`` does the same without blocking the notebook's loop.
"""
from __future__ import annotations

import asyncio
import collections
import itertools
import selectors
import threading
import weakref
from asyncio import base_events as _base_events
from asyncio import futures as _futures
from asyncio import selector_events as _selector_events
from dataclasses import dataclass, field
from typing import Any, Coroutine, TypeVar

from .callback_labels import label_of, seconds_text, task_of_step
from .print_capture import LineRouter
from .ticks import PrintedLine, Tick, TickLog
from .timeline import SpanKind, Timeline

T = TypeVar("T")

LOOP_LANE = "event loop"
"""The lane of callbacks in ``trace``: the loop's one thread (the same name as C#'s ``EventLoop.LoopLane``)."""


class StalledLoopError(RuntimeError):
    """Nothing is ready, no timer is set, no thread works for the loop and no socket is open: nothing can happen."""


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """asyncio's selector event loop on a virtual clock, with a tick log (see the module's docstring)."""

    def __init__(self) -> None:
        self._now = 0.0  # before the base class: it may read the clock while it sets up
        super().__init__(self._make_selector())
        self._ready = _WatchedReadyQueue(self)  # asyncio's ready deque, told when _run_once takes a handle
        self.ticks = TickLog()
        self.printed: list[PrintedLine] = []
        self.trace = Timeline("event loop (virtual time)", clock=self.time)
        self.tasks_cancelled_at_stop = 0
        self._logging = True
        self._tick: _OpenTick | None = None
        self._running: _Running | None = None
        self._sleep_labels: dict[int, tuple[asyncio.TimerHandle, str]] = {}
        self._task_traces: weakref.WeakKeyDictionary[asyncio.Task, _TaskTrace] = weakref.WeakKeyDictionary()
        self._executor_futures: list[asyncio.Future] = []
        self._task_counter = 0
        self._native_thread = 0
        self._has_run = False

    def _make_selector(self) -> selectors.BaseSelector:
        """The selector that moves the clock where asyncio would wait (a subclass may add to it)."""
        return _JumpingSelector(self)

    # --- the clock --------------------------------------------------------------------------------------------

    def time(self) -> float:
        """Virtual seconds since the loop was created."""
        return self._now

    def _advance(self, timeout: float) -> None:
        """The jump: move the clock to the next timer (exactly onto it, so no rounding leaves it a hair short)."""
        target = self._now + timeout
        if self._scheduled:
            when = self._scheduled[0].when()
            if when <= target + self._clock_resolution:
                target = max(self._now, when)
        self._now = target

    def hold_thread(self, seconds: float) -> None:
        """Stands for work that keeps the loop's thread for ``seconds`` of virtual time without yielding: a
        CPU-bound computation, or a blocking call such as ``time.sleep(seconds)`` inside a coroutine. The clock
        moves on by ``seconds`` and nothing else on the loop runs meanwhile; timers that fell due run afterwards,
        late, as they do after real blocking. Call it from code the loop is running (a task or a callback)."""
        if not isinstance(seconds, (int, float)) or seconds < 0:
            raise ValueError(f"hold_thread needs seconds >= 0, got {seconds!r}.")
        if self._thread_id != threading.get_ident():
            raise RuntimeError("hold_thread stands for work on the loop's own thread: call it from a task or a "
                               "callback this loop is running (inside the program given to run or run_async).")
        self._now += seconds

    # --- running a program ------------------------------------------------------------------------------------

    def run(self, main: Coroutine[Any, Any, T], *, name: str = "main") -> T:
        """Like ``asyncio.run(main)``: runs ``main`` as a task named ``name`` until it is done, then cancels what is
        left and closes the loop. Inside a running loop (a notebook cell), runs on a fresh thread and waits."""
        _require_coroutine(main)
        if _loop_running_here():
            outcome: dict[str, Any] = {}

            def body() -> None:
                try:
                    outcome["value"] = self._run_here(main, name)
                except BaseException as error:  # handed to the caller's thread below
                    outcome["error"] = error

            thread = threading.Thread(target=body, name="virtual loop", daemon=True)
            thread.start()
            thread.join()
            if "error" in outcome:
                raise outcome["error"]
            return outcome["value"]
        return self._run_here(main, name)

    async def run_async(self, main: Coroutine[Any, Any, T], *, name: str = "main") -> T:
        """``await loop.run_async(main())`` from inside a running loop: runs on another thread, the caller's loop
        stays free meanwhile."""
        _require_coroutine(main)
        return await asyncio.to_thread(self._run_here, main, name)

    def _run_here(self, main: Coroutine[Any, Any, T], name: str) -> T:
        if self._has_run or self.is_closed():
            main.close()
            raise RuntimeError("This VirtualTimeLoop has already run a program: create a new one for the next, so its "
                               "ticks start at 1 and its clock at 0.")
        self._has_run = True
        self._native_thread = threading.get_native_id()
        LineRouter.register(self._note_line)
        try:
            task = self.create_task(main, name=name)
            try:
                return self.run_until_complete(task)
            finally:
                self._end_tick()
                self._logging = False
                LineRouter.finish_line()
                self._clean_up()
        finally:
            LineRouter.unregister()

    def _clean_up(self) -> None:
        """What asyncio.run does after main: cancel the tasks still pending, close async generators and the
        default executor, close the loop. A failure here never hides main's own outcome."""
        try:
            pending = asyncio.all_tasks(self)
            self.tasks_cancelled_at_stop = len(pending)
            for task in pending:
                task.cancel()
            if pending:
                self.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.run_until_complete(self.shutdown_asyncgens())
            self.run_until_complete(self.shutdown_default_executor())
        except StalledLoopError:
            pass  # a task that ignores cancellation and waits forever: leave it
        finally:
            self.close()

    def tick_table(self, max_rows: int = 200) -> str:
        """The tick table with printed lines under their ticks, as C#'s ``EventLoop.TickTable()`` prints it."""
        return self.ticks.to_text(max_rows, self.printed)

    def to_dict(self) -> dict[str, Any]:
        """Ticks and printed lines in the exchange shape (``format`` "concurrency-lab/ticks")."""
        return self.ticks.to_dict(self.printed)

    # --- asyncio's scheduling, noted for the log ----------------------------------------------------------------

    def create_task(self, coro, *, name=None, context=None):
        # Unnamed tasks are "task 1", "task 2"... in creation order, as in C#'s EventLoop, not asyncio's
        # process-wide "Task-N" (which would differ from run to run).
        if name is None:
            self._task_counter += 1
            name = f"task {self._task_counter}"
        return super().create_task(coro, name=name, context=context)

    def call_later(self, delay, callback, *args, context=None):
        handle = super().call_later(delay, callback, *args, context=context)
        if callback is _futures._set_result_unless_cancelled and self._logging:
            # asyncio.sleep's timer: named now, while the sleeping task is the current one.
            task = asyncio.current_task(self)
            owner = f" ({task.get_name()})" if task is not None else ""
            self._sleep_labels[id(handle)] = (handle, f"sleep {seconds_text(delay)} timer{owner}")
        return handle

    def run_in_executor(self, executor, func, *args):
        future = super().run_in_executor(executor, func, *args)
        self._executor_futures.append(future)  # holds the virtual clock until its result is back on the loop
        return future

    # --- the tick log -----------------------------------------------------------------------------------------

    def _on_pop(self, handle: asyncio.Handle, remaining: int) -> None:
        """asyncio's _run_once took ``handle`` off the ready queue and will run it unless it is cancelled."""
        if not self._logging:
            return
        self._close_running()
        if self._tick is None:
            # The first handle of a turn: the queue holds exactly the rest of this turn (nothing ran yet).
            this_turn = itertools.chain((handle,), itertools.islice(self._ready, remaining))
            ready = sum(1 for h in this_turn if not _is_bookkeeping(h))
            self._tick = _OpenTick(len(self.ticks) + 1, self._now, ready)
        labelled = self._sleep_labels.pop(id(handle), None)
        if handle.cancelled() or _is_bookkeeping(handle):
            return
        callback = handle._callback
        if labelled is not None and labelled[0] is handle:
            label = labelled[1]
        else:
            label = label_of(callback, isinstance(handle, asyncio.TimerHandle))
        self._tick.ran.append(label)
        task = task_of_step(callback)
        if task is not None:
            state = self._task_traces.setdefault(task, _TaskTrace())
            if state.suspended_at is not None:
                self.trace.add("await", task.get_name(), state.suspended_at, self._now, SpanKind.WAITING,
                               self._native_thread)
                state.suspended_at = None
        self._running = _Running(label, self._now, task)

    def _close_running(self) -> None:
        running, self._running = self._running, None
        if running is None:
            return
        task = running.task
        if task is not None:  # the step first, then the callback: the order C#'s EventLoop records them in
            state = self._task_traces.setdefault(task, _TaskTrace())
            state.steps += 1
            self.trace.add(f"step {state.steps}", task.get_name(), running.start, self._now, SpanKind.CPU,
                           self._native_thread)
            if not task.done():
                state.suspended_at = self._now
        self.trace.add(running.label, LOOP_LANE, running.start, self._now, SpanKind.CPU, self._native_thread)

    def _end_tick(self) -> None:
        """The turn has run everything it had: log it (unless only bookkeeping ran)."""
        self._close_running()
        tick, self._tick = self._tick, None
        if tick is None or tick.ready == 0:
            return
        timers = sum(1 for h in self._scheduled if not h.cancelled())
        self.ticks._add(Tick(tick.number, tick.time, tick.ready, timers, tuple(tick.ran)))
        if len(self._sleep_labels) > 64:  # timers cancelled before they fired are never popped: forget them
            self._sleep_labels = {k: v for k, v in self._sleep_labels.items() if not v[0].cancelled()}

    def _note_line(self, text: str) -> None:
        tick = self._tick.number if self._tick is not None else len(self.ticks)
        self.printed.append(PrintedLine(self._now, tick, text))

    # --- waiting, for the selector ----------------------------------------------------------------------------

    def _threads_working(self) -> bool:
        self._executor_futures = [f for f in self._executor_futures if not f.done()]
        return bool(self._executor_futures)

    def _has_sockets(self, selector: selectors.BaseSelector) -> bool:
        self_pipe = self._ssock.fileno() if self._ssock is not None else -1
        return any(key.fd != self_pipe for key in selector.get_map().values())


class _JumpingSelector(selectors.DefaultSelector):
    """Where asyncio would sleep until the next timer, the loop's clock jumps there instead."""

    def __init__(self, loop: VirtualTimeLoop):
        super().__init__()
        self._loop = loop

    def select(self, timeout=None):
        loop = self._loop
        loop._end_tick()  # asyncio asks the selector once per turn, before the next turn's timers are due
        if timeout is not None and timeout <= 0:
            return super().select(0)
        if loop._threads_working():
            return super().select(None)  # thread work holds virtual time still until it reports back
        events = super().select(0)
        if events:
            return events
        if timeout is not None:
            loop._advance(timeout)
            return []
        if loop._has_sockets(self):
            return super().select(None)  # only a socket can wake us: wait for it in real time
        raise StalledLoopError(
            f"The virtual loop stalled at {loop.time():.3f} s: nothing is ready, no timer is set, no thread works for "
            "the loop and no socket is open, so what the program awaits can never happen (a future nobody "
            "completes? an Event nobody sets?).")


class _WatchedReadyQueue(collections.deque):
    """asyncio's ``_ready`` deque, telling the loop each time ``_run_once`` takes a handle off it."""

    def __init__(self, loop: VirtualTimeLoop):
        super().__init__()
        self._loop = loop

    def popleft(self):
        handle = super().popleft()
        self._loop._on_pop(handle, len(self))
        return handle


@dataclass
class _OpenTick:
    number: int
    time: float
    ready: int
    ran: list[str] = field(default_factory=list)


@dataclass
class _Running:
    label: str
    start: float
    task: asyncio.Task | None


@dataclass
class _TaskTrace:
    steps: int = 0
    suspended_at: float | None = None


def _is_bookkeeping(handle: asyncio.Handle) -> bool:
    """The loop's own callbacks, which C#'s EventLoop does not have: stopping after main, reading the self-pipe."""
    callback = handle._callback
    return (callback is _base_events._run_until_complete_cb
            or getattr(callback, "__func__", None) is _selector_events.BaseSelectorEventLoop._read_from_self)


def _loop_running_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _require_coroutine(main: Any) -> None:
    if not asyncio.iscoroutine(main):
        hint = " (call it: loop.run(main()), not loop.run(main))" if callable(main) else ""
        raise TypeError(f"run needs a coroutine object{hint}; got {main!r}.")
