# Lesson 05's programs (and the seeds' other asyncio programs) on CPython's asyncio, run by the helpers'
# VirtualTimeLoop: asyncio's own _run_once on a virtual clock, logging its ticks in the shape of C#'s EventLoop.
# TickParityTests runs the same programs, written in C# (TickParityPrograms.cs), on EventLoop.Virtual() and
# compares the two tick tables.
#
# Usage: python3 tick_parity_programs.py [NAME...]
#   -> one JSON object: {name: {"table": ..., "ticks": ..., "printed": ..., "trace": {timeline}}}
import asyncio
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "helpers" / "python"))
from concurrency_lab import VirtualTimeLoop, named  # noqa: E402


def now():
    return asyncio.get_running_loop().time()


# --- lesson 05, sections 2 and 3: say_after ---------------------------------------------------------------------
async def say_after(delay, what):
    await asyncio.sleep(delay)  # p3
    print(what)


async def say_after_sequential():
    t = now()
    await say_after(1, "hello")  # p1
    await say_after(2, "world")  # p2
    print(f"time: {now() - t:.2f}")


async def say_after_tasks():
    t = now()
    task1 = asyncio.create_task(say_after(1, "hello"), name="say_after(1, hello)")
    task2 = asyncio.create_task(say_after(2, "world"), name="say_after(2, world)")
    await task1
    await task2
    print(f"time: {now() - t:.2f}")


async def tasks_and_sleep3():
    asyncio.create_task(say_after(1, "hello"))
    asyncio.create_task(say_after(2, "world"))
    await asyncio.sleep(3)
    print(f"time: {now():.0f}")


# --- lesson 05, section 4: gather and as_completed -------------------------------------------------------------
async def fetch(name, seconds):
    await asyncio.sleep(seconds)
    print(f"{name} finished at {now():g} s")
    return name


async def gather():
    results = await asyncio.gather(fetch("slow", 3), fetch("fast", 1), fetch("middle", 2))
    print("gather returned: " + ", ".join(results))


async def as_completed():
    tasks = [asyncio.create_task(fetch("slow", 3)), asyncio.create_task(fetch("fast", 1)),
             asyncio.create_task(fetch("middle", 2))]
    for done in asyncio.as_completed(tasks):
        print(f"as_completed gave {await done}")


# --- lesson 05, section 5: call_soon against call_later(0), and a callback that schedules another -------------
async def puzzle_soon_later():
    loop = asyncio.get_running_loop()
    loop.call_soon(named("print A", print), "A")
    loop.call_later(0, named("print B (timer)", print), "B")
    loop.call_soon(named("print C", print), "C")
    loop.call_soon(print, "F (cancelled)").cancel()
    await asyncio.sleep(0)
    print("main")


async def puzzle_nested():
    loop = asyncio.get_running_loop()

    def first():
        print("1")
        loop.call_soon(print, "1b")
    loop.call_soon(first)
    loop.call_soon(print, "2")
    await asyncio.sleep(0)
    print("main")


# --- lesson 05, section 6: a future set by a timer -------------------------------------------------------------
async def future_by_timer():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_later(1, named("timer: set_result(42)", future.set_result), 42)
    print(f"main got {await future}")


# --- lesson 05, exercise 2 ---------------------------------------------------------------------------------------
async def exercise_order():
    loop = asyncio.get_running_loop()
    loop.call_later(0, named("timer W", print), "W")

    def x():
        print("X")
        loop.call_soon(named("Y", print), "Y")
    loop.call_soon(named("X", x))

    async def child():
        print("Z")
    await asyncio.create_task(child(), name="child")
    print("main")


# --- the seeds' other programs -----------------------------------------------------------------------------------
async def foo():
    print("甲函数开始")
    await asyncio.sleep(2)
    print("甲函数结束")


async def bar():
    print("乙函数开始")
    await asyncio.sleep(1)
    print("乙函数结束")


async def foo_bar_tasks():
    task1 = asyncio.create_task(foo())
    task2 = asyncio.create_task(bar())
    await task1
    await task2


async def foo_bar_gather():
    await asyncio.gather(foo(), bar())


async def future_call_soon():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_soon(future.set_result, "Hello, Future!")
    print(await future)


async def callbacks_seed002():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "Callback executed immediately")
    loop.call_later(2, print, "Callback executed after 2 seconds")
    await asyncio.sleep(3)
    print("main done")


async def worker(name, n):
    for i in range(n):
        print(f"{name}{i}")
        await asyncio.sleep(0)


async def puzzle_ping_pong():
    loop = asyncio.get_running_loop()
    t1 = asyncio.create_task(worker("a", 3))
    t2 = asyncio.create_task(worker("b", 3))
    loop.call_soon(print, "callback")
    print("main created both")
    await t1
    print("t1 done")
    await t2
    print("t2 done")


async def quick():
    print("quick runs")
    return 7


async def done_task_no_wait():
    t = asyncio.create_task(quick())
    await asyncio.sleep(0)
    print(f"done: {t.done()}")
    print(f"value: {await t}")


async def main_returns_first():
    async def child():
        print("child starts")
        await asyncio.sleep(1)
        print("child never prints")
    asyncio.create_task(child())
    print("main returns")


PROGRAMS = {
    "say_after_sequential": say_after_sequential,
    "say_after_tasks": say_after_tasks,
    "tasks_and_sleep3": tasks_and_sleep3,
    "gather": gather,
    "as_completed": as_completed,
    "puzzle_soon_later": puzzle_soon_later,
    "puzzle_nested": puzzle_nested,
    "future_by_timer": future_by_timer,
    "exercise_order": exercise_order,
    "foo_bar_tasks": foo_bar_tasks,
    "foo_bar_gather": foo_bar_gather,
    "future_call_soon": future_call_soon,
    "callbacks_seed002": callbacks_seed002,
    "puzzle_ping_pong": puzzle_ping_pong,
    "done_task_no_wait": done_task_no_wait,
    "main_returns_first": main_returns_first,
}


def run(name):
    loop = VirtualTimeLoop()
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # the programs' prints are noted by the loop; stdout carries only the JSON
    try:
        loop.run(PROGRAMS[name]())
    finally:
        sys.stdout = real_stdout
    return {"table": loop.tick_table(), **loop.to_dict(), "trace": loop.trace.to_dict()}


if __name__ == "__main__":
    names = sys.argv[1:] or list(PROGRAMS)
    unknown = [n for n in names if n not in PROGRAMS]
    if unknown:
        sys.exit(f"No program named {', '.join(unknown)}; known: {', '.join(PROGRAMS)}")
    json.dump({name: run(name) for name in names}, sys.stdout, ensure_ascii=False)
