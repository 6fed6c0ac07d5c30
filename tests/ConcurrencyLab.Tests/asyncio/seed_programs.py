# The reference for EventLoopSeedTests: the seeds' asyncio programs (and a few ordering puzzles), run on
# CPython's own asyncio. Every printed line is written as "tick|time|text":
#   tick = how many loop iterations that ran something have happened (asyncio's _run_once, empty ones skipped),
#   time = seconds since the program started, in the programs' own units.
# The C# side prints the same lines from EventLoop (virtual time) and the test compares them.
#
# Usage: python3 seed_programs.py [virtual | SCALE]
#   virtual (the default): asyncio's own loop, unchanged, except that its clock is virtual: when select() would
#     sleep, the clock jumps instead. Deterministic and instant, whatever the machine's load.
#   SCALE (e.g. 0.1): the stock loop on the real clock, one unit = SCALE seconds (to check the virtual clock
#     changes nothing: the output is the same on an idle machine).
import asyncio, selectors, sys, time
import asyncio.base_events as base_events
import asyncio.events as events

VIRTUAL = len(sys.argv) < 2 or sys.argv[1] == "virtual"
SCALE = 1.0 if VIRTUAL else float(sys.argv[1])   # one "second" of the programs, in clock seconds

class _JumpingSelector(selectors.DefaultSelector):
    """select(timeout) never sleeps: it polls, then moves the loop's virtual clock forward by timeout."""
    def __init__(self):
        super().__init__()
        self.loop = None
    def select(self, timeout=None):
        events_ready = super().select(0)
        if not events_ready and timeout is not None and timeout > 0:
            self.loop.virtual_now += timeout
        return events_ready

class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        selector = _JumpingSelector()
        super().__init__(selector)
        selector.loop = self
        self.virtual_now = 0.0
    def time(self):
        return self.virtual_now

_iteration = 0
_last_seen = -1
_tick = 0
_origin = 0.0

_run_once = base_events.BaseEventLoop._run_once
def _counting_run_once(self):
    global _iteration
    _iteration += 1
    _run_once(self)
base_events.BaseEventLoop._run_once = _counting_run_once

_handle_run = events.Handle._run
def _counting_handle_run(self):
    global _last_seen, _tick
    if _iteration != _last_seen:
        _last_seen = _iteration
        _tick += 1
    _handle_run(self)
events.Handle._run = _counting_handle_run

def _now():
    return asyncio.get_running_loop().time()

def out(text):
    print(f"{_tick}|{round((_now() - _origin) / SCALE)}|{text}", flush=True)

async def sleep(units):
    await asyncio.sleep(units * SCALE)

def run(name, program):
    global _tick, _last_seen, _iteration, _origin
    _tick, _last_seen, _iteration = 0, -1, 0
    print(f"## {name}", flush=True)
    async def timed():
        global _origin
        _origin = _now()
        await program()
    if VIRTUAL:
        with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
            runner.run(timed())
    else:
        asyncio.run(timed())

# --- seed 003: say_after -------------------------------------------------------------------------------------
async def say_after(delay, what):
    await sleep(delay)   # p3
    out(what)

def elapsed():
    return (_now() - _origin) / SCALE

async def sequential():
    await say_after(1, "hello")   # p1
    await say_after(2, "world")   # p2
    out(f"time: {elapsed():.0f}")

async def with_tasks():
    task1 = asyncio.create_task(say_after(1, "hello"))
    task2 = asyncio.create_task(say_after(2, "world"))
    await task1
    await task2
    out(f"time: {elapsed():.0f}")

async def tasks_and_sleep3():
    task1 = asyncio.create_task(say_after(1, "hello"))
    task2 = asyncio.create_task(say_after(2, "world"))
    await sleep(3)
    out(f"time: {elapsed():.0f}")

async def gather_tasks():
    task1 = asyncio.create_task(say_after(1, "hello"))
    task2 = asyncio.create_task(say_after(2, "world"))
    await asyncio.gather(task1, task2)
    out(f"time: {elapsed():.0f}")

# --- seed 004: foo / bar -------------------------------------------------------------------------------------
async def foo():
    out("甲函数开始")
    await sleep(2)
    out("甲函数结束")

async def bar():
    out("乙函数开始")
    await sleep(1)
    out("乙函数结束")

async def foo_bar_tasks():
    task1 = asyncio.create_task(foo())
    task2 = asyncio.create_task(bar())
    await task1
    await task2

async def foo_bar_gather():
    await asyncio.gather(foo(), bar())

# --- seed 002: a future set by call_soon, callbacks --------------------------------------------------------
async def future_call_soon():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_soon(future.set_result, "Hello, Future!")
    result = await future
    out(result)

async def future_by_timer():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_later(1 * SCALE, future.set_result, 42)
    out("waiting for the future")
    out(f"got {await future}")

async def callbacks_seed002():
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: out("Callback executed immediately"))
    loop.call_later(2 * SCALE, lambda: out("Callback executed after 2 seconds"))
    await sleep(3)
    out("main done")

# --- ordering puzzles --------------------------------------------------------------------------------------
async def puzzle_soon_later():
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: out("A call_soon"))
    loop.call_later(0, lambda: out("B call_later(0)"))
    loop.call_soon(lambda: out("C call_soon"))
    loop.call_later(1 * SCALE, lambda: out("D call_later(1)"))
    loop.call_later(1 * SCALE, lambda: out("E call_later(1)"))
    loop.call_soon(lambda: out("F cancelled")).cancel()
    out("main before sleep(0)")
    await asyncio.sleep(0)
    out("main after sleep(0)")
    await sleep(2)
    out("main done")

async def worker(name, n):
    for i in range(n):
        out(f"{name}{i}")
        await asyncio.sleep(0)

async def puzzle_ping_pong():
    loop = asyncio.get_running_loop()
    t1 = asyncio.create_task(worker("a", 3))
    t2 = asyncio.create_task(worker("b", 3))
    loop.call_soon(lambda: out("callback"))
    out("main created both")
    await t1
    out("t1 done")
    await t2
    out("t2 done")

async def nested_soon():
    loop = asyncio.get_running_loop()
    def first():
        out("first")
        loop.call_soon(lambda: out("scheduled by first"))
    loop.call_soon(first)
    loop.call_soon(lambda: out("second"))
    await asyncio.sleep(0)
    out("main after one tick")
    await asyncio.sleep(0)
    out("main after two ticks")

async def quick():
    out("quick runs")
    return 7

async def done_task_no_wait():
    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    out(f"done: {t.done()}")
    out(f"value: {await t}")

async def main_returns_first():
    async def child():
        out("child starts")
        await sleep(1)
        out("child never prints")
    asyncio.create_task(child())
    out("main returns")

PROGRAMS = {
    "sequential": sequential,
    "with_tasks": with_tasks,
    "tasks_and_sleep3": tasks_and_sleep3,
    "gather_tasks": gather_tasks,
    "foo_bar_tasks": foo_bar_tasks,
    "foo_bar_gather": foo_bar_gather,
    "future_call_soon": future_call_soon,
    "future_by_timer": future_by_timer,
    "callbacks_seed002": callbacks_seed002,
    "puzzle_soon_later": puzzle_soon_later,
    "puzzle_ping_pong": puzzle_ping_pong,
    "nested_soon": nested_soon,
    "done_task_no_wait": done_task_no_wait,
    "main_returns_first": main_returns_first,
}

if __name__ == "__main__":
    for name, program in PROGRAMS.items():
        run(name, program)
