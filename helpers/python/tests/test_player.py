"""The player's recording: exact ticks of the seed programs on the virtual clock, the limits, and the JSON shape."""
import asyncio
import importlib.util
import inspect
import io
import json
import platform
import sys
import threading
import time
import unittest
from contextlib import redirect_stdout

from concurrency_lab import Recording, VirtualTimeLoop, record, record_async, recorded

from .heartbeat import Heartbeat


def quietly(function, *args, **kwargs):
    """Calls ``function`` with what the program prints kept out of the test output."""
    with redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


def line_of(function, text):
    """The line number of the line of ``function`` whose stripped text is ``text``."""
    lines, start = inspect.getsourcelines(function)
    found = [start + i for i, line in enumerate(lines) if line.strip() == text]
    if len(found) != 1:
        raise AssertionError(f"{text!r} is on {len(found)} lines of {function.__name__}")
    return found[0]


def queue(tick):
    return [entry["label"] for entry in tick["queue"]]


def states(tick):
    return [(s["name"], s["phase"], s["detail"]) for s in tick["taskStates"]]


def recording_threads():
    return [t for t in threading.enumerate() if t.name == "concurrency_lab recording"]


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def sequential():
    await say_after(1, "hello")
    await say_after(2, "world")


async def with_tasks():
    task1 = asyncio.create_task(say_after(1, "hello"))
    task2 = asyncio.create_task(say_after(2, "world"))
    await task1
    await task2


async def gathered():
    await asyncio.gather(say_after(1, "hello"), say_after(2, "world"))


async def fail():
    await asyncio.sleep(1)
    raise ValueError("boom")


async def awaits_a_failing_task():
    task = asyncio.create_task(fail())
    await task


async def never_ends():
    while True:
        await asyncio.sleep(1)


async def blocks(seconds):
    print("before")
    time.sleep(seconds)
    print("after")
    await asyncio.sleep(1)


async def spins(turns):
    for _ in range(turns):
        await asyncio.sleep(0)


SLEEP_LINE = line_of(say_after, "await asyncio.sleep(delay)")
STOP = "stop the loop (run_until_complete)"


class SeedProgramTests(unittest.TestCase):
    def test_two_say_after_awaited_in_sequence(self):
        recording = quietly(record, sequential())
        ticks = recording.ticks
        self.assertEqual(("completed", None), (recording.ended, recording.detail))
        self.assertEqual(["main"], recording.tasks)
        self.assertEqual([(1, 0.0), (2, 1.0), (3, 1.0), (4, 3.0), (5, 3.0), (6, 3.0)],
                         [(t["number"], t["time"]) for t in ticks])
        self.assertEqual([["step main"], ["sleep 1 s timer (main)"], ["step main"], ["sleep 2 s timer (main)"],
                          ["step main"], [STOP]], [queue(t) for t in ticks])
        self.assertEqual(["Scheduled", "TimerDue", "Scheduled", "TimerDue", "Scheduled", "Scheduled"],
                         [t["queue"][0]["origin"] for t in ticks])
        first, third, fifth = ticks[0]["queue"][0], ticks[2]["queue"][0], ticks[4]["queue"][0]
        self.assertEqual(("main", None, "sleep 1 s, due at 1.000 s", False, []),
                         (first["task"], first["wokenBy"], first["awaits"], first["taskFinished"], first["printed"]))
        self.assertEqual(("sleep 1 s, due at 1.000 s", "sleep 2 s, due at 3.000 s", ["hello"]),
                         (third["wokenBy"], third["awaits"], third["printed"]))
        self.assertEqual((None, True, ["world"]), (fifth["awaits"], fifth["taskFinished"], fifth["printed"]))
        self.assertEqual([{"label": "sleep 1 s timer (main)", "due": 1.0}], ticks[0]["timers"])
        self.assertEqual([[], ["step main"], [], ["step main"], [STOP], []], [t["joined"] for t in ticks])
        self.assertEqual([("main", "Running", "awaits sleep 1 s, due at 1.000 s")], states(ticks[0]))
        self.assertEqual([("main", "Ready", "woken: its next step runs in the next tick")], states(ticks[1]))
        self.assertEqual([("main", "Running", "finished")], states(ticks[4]))
        self.assertEqual([("main", "Done", None)], states(ticks[5]))
        # suspended in say_after, the innermost coroutine of the program's own code
        where = ticks[0]["taskStates"][0]
        self.assertEqual((SLEEP_LINE, "await asyncio.sleep(delay)", "say_after"),
                         (where["line"], where["code"], where["function"]))
        self.assertEqual((None, None), (ticks[5]["taskStates"][0]["line"], ticks[5]["taskStates"][0]["code"]))
        self.assertTrue(ticks[5]["queue"][0]["bookkeeping"])
        self.assertNotIn("bookkeeping", ticks[0]["queue"][0])

    def test_two_say_after_as_tasks(self):
        recording = quietly(record, with_tasks())
        ticks = recording.ticks
        self.assertEqual(["main", "task 1", "task 2"], recording.tasks)
        self.assertEqual([
            (1, 0.0, ["step main"]),
            (2, 0.0, ["step task 1", "step task 2"]),
            (3, 1.0, ["sleep 1 s timer (task 1)"]),
            (4, 1.0, ["step task 1"]),
            (5, 1.0, ["step main"]),
            (6, 2.0, ["sleep 2 s timer (task 2)"]),
            (7, 2.0, ["step task 2"]),
            (8, 2.0, ["step main"]),
            (9, 2.0, [STOP]),
        ], [(t["number"], t["time"], queue(t)) for t in ticks])
        self.assertEqual(["step task 1", "step task 2"], ticks[0]["joined"])
        self.assertEqual([("main", "Running", "awaits task task 1"),
                          ("task 1", "Created", "its first step runs in the next tick"),
                          ("task 2", "Created", "its first step runs in the next tick")], states(ticks[0]))
        self.assertEqual([("sleep 1 s timer (task 1)", 1.0), ("sleep 2 s timer (task 2)", 2.0)],
                         [(timer["label"], timer["due"]) for timer in ticks[1]["timers"]])
        self.assertEqual(2, ticks[1]["timersPending"])
        self.assertEqual(("task task 1", "task task 2"),
                         (ticks[4]["queue"][0]["wokenBy"], ticks[4]["queue"][0]["awaits"]))
        self.assertEqual([("main", "Running", "awaits task task 2"), ("task 1", "Done", None),
                          ("task 2", "Waiting", "awaits sleep 2 s, due at 2.000 s")], states(ticks[4]))
        main_state, _, task2_state = ticks[4]["taskStates"]
        self.assertEqual((line_of(with_tasks, "await task2"), "await task2", "with_tasks"),
                         (main_state["line"], main_state["code"], main_state["function"]))
        self.assertEqual((SLEEP_LINE, "say_after"), (task2_state["line"], task2_state["function"]))
        self.assertEqual([(4, "hello"), (7, "world")],
                         [(t["number"], line) for t in ticks for e in t["queue"] for line in e["printed"]])

    def test_gather(self):
        ticks = quietly(record, gathered()).ticks
        self.assertEqual([
            ["step main"], ["step task 1", "step task 2"], ["sleep 1 s timer (task 1)"], ["step task 1"],
            ["gather done-callback"], ["sleep 2 s timer (task 2)"], ["step task 2"], ["gather done-callback"],
            ["step main"], [STOP],
        ], [queue(t) for t in ticks])
        self.assertEqual("gather of task 1, task 2", ticks[0]["queue"][0]["awaits"])
        self.assertEqual("gather of task 1, task 2", ticks[8]["queue"][0]["wokenBy"])
        self.assertEqual(line_of(gathered, 'await asyncio.gather(say_after(1, "hello"), say_after(2, "world"))'),
                         ticks[0]["taskStates"][0]["line"])

    def test_a_task_that_raises(self):
        recording = quietly(record, awaits_a_failing_task())
        self.assertEqual(("raised", "ValueError: boom"), (recording.ended, recording.detail))
        self.assertIsInstance(recording.exception, ValueError)
        ticks = recording.ticks
        self.assertEqual([["step main"], ["step task 1"], ["sleep 1 s timer (task 1)"], ["step task 1"],
                          ["step main"], [STOP]], [queue(t) for t in ticks])
        self.assertTrue(ticks[3]["queue"][0]["taskFinished"])
        self.assertEqual(("task task 1", True), (ticks[4]["queue"][0]["wokenBy"], ticks[4]["queue"][0]["taskFinished"]))
        self.assertEqual(line_of(fail, "await asyncio.sleep(1)"), ticks[2]["taskStates"][1]["line"])

    def test_main_that_raises_itself(self):
        async def main():
            await asyncio.sleep(0.5)
            raise KeyError("lost")
        recording = record(main())
        self.assertEqual(("raised", "KeyError: 'lost'", 4), (recording.ended, recording.detail, len(recording.ticks)))

    def test_a_program_that_never_ends_stops_at_the_tick_limit(self):
        recording = record(never_ends())
        self.assertEqual("tickLimit", recording.ended)
        self.assertIn("10,000 ticks", recording.detail)
        self.assertEqual((1000, True, 9000), (len(recording.ticks), recording.truncated, recording.ticks_left_out))
        last = recording.ticks[-1]
        self.assertEqual((1000, 500.0, ["sleep 1 s timer (main)"]), (last["number"], last["time"], queue(last)))
        state = last["taskStates"][0]
        self.assertEqual(("Ready", line_of(never_ends, "await asyncio.sleep(1)"), "await asyncio.sleep(1)"),
                         (state["phase"], state["line"], state["code"]))

        short = record(never_ends(), tick_limit=7)
        self.assertEqual(("tickLimit", 7, 0), (short.ended, len(short.ticks), short.ticks_left_out))
        self.assertEqual(["step main"], queue(short.ticks[-1]))

    def test_time_sleep_in_a_coroutine_is_reported_as_blocking(self):
        recording = quietly(record, blocks(0.3), blocked_after=0.1)
        self.assertEqual("blocked", recording.ended)
        self.assertRegex(recording.detail, r"^step main held the loop 0\.\d\d s without yielding")
        held = recording.to_dict()["ended"]["heldSeconds"]
        self.assertGreaterEqual(held, 0.3)
        self.assertEqual(1, len(recording.ticks))  # the tick ends; the next never starts
        entry = recording.ticks[0]["queue"][0]
        self.assertEqual((["before", "after"], "sleep 1 s, due at 1.000 s"), (entry["printed"], entry["awaits"]))
        self.assertEqual([], recording.left_running)

    def test_a_callback_still_blocking_at_the_timeout_is_left_to_its_thread(self):
        with redirect_stdout(io.StringIO()):
            recording = record(blocks(1.5), timeout=0.3, blocked_after=0.1)
            still_running = recording_threads()
            self.assertEqual(1, len(still_running))  # time.sleep cannot be interrupted
            still_running[0].join(10)  # once the sleep returns, the thread stops at its next turn, closing its loop
            self.assertFalse(still_running[0].is_alive())
        self.assertEqual("blocked", recording.ended)
        self.assertRegex(recording.detail, r"^step main had held the loop \d+\.\d s without yielding when the "
                                           r"recording stopped \(timeout 0\.3 s\); it had not returned")
        self.assertEqual(1, len(recording.left_running))
        entry = recording.ticks[0]["queue"][0]
        self.assertEqual(("main", None, False, ["before"]),
                         (entry["task"], entry["awaits"], entry["taskFinished"], entry["printed"]))
        state = recording.ticks[0]["taskStates"][0]
        self.assertEqual(("Running", "time.sleep(seconds)", line_of(blocks, "time.sleep(seconds)")),
                         (state["phase"], state["code"], state["line"]))
        self.assertTrue(state["detail"].startswith("still running: it has held the loop"))
        self.assertEqual(1, len(recording.ticks))  # nothing was added after the call returned

    def test_a_loop_with_nothing_to_do_and_nothing_pending_stalls(self):
        async def main():
            await asyncio.sleep(1)
            await asyncio.Event().wait()  # nobody sets it
        recording = record(main())
        self.assertEqual("stalled", recording.ended)
        self.assertIn("stalled at 1.000 s", recording.detail)
        self.assertEqual(3, len(recording.ticks))
        self.assertEqual(("Running", "awaits a future (Event.wait)"), states(recording.ticks[-1])[0][1:])

    def test_ten_thousand_ticks(self):
        recording = record(spins(9998), max_ticks=10_000)
        self.assertEqual(("completed", 10_000, False, 0),
                         (recording.ended, len(recording.ticks), recording.truncated, recording.ticks_left_out))
        self.assertEqual(list(range(1, 10_001)), [t["number"] for t in recording.ticks])
        self.assertEqual("sleep(0), a bare yield", recording.ticks[5000]["queue"][0]["wokenBy"])
        self.assertEqual(line_of(spins, "await asyncio.sleep(0)"), recording.ticks[5000]["taskStates"][0]["line"])


class LimitTests(unittest.TestCase):
    def test_recording_costs_a_small_multiple_of_the_tick_log_alone(self):
        """Benchmark: 10,000 ticks, every one kept, against the same program on VirtualTimeLoop (its own tick log
        and trace) in the same run; CPU time of the process, which other programs' load does not add to."""
        async def program():
            await asyncio.gather(spins(9995), spins(9995), spins(9995))
        control, recorded_cpu = [], []
        for _ in range(3):
            started = time.process_time()
            loop = VirtualTimeLoop()
            loop.run(program())
            control.append(time.process_time() - started)
            started, wall = time.process_time(), time.perf_counter()
            recording = record(program(), max_ticks=10_000, timeout=60)
            recorded_cpu.append(time.process_time() - started)
            wall = time.perf_counter() - wall
            self.assertEqual(("completed", 10_000), (recording.ended, len(recording.ticks)))
        started = time.process_time()
        text = recording.to_json()
        json_cpu = time.process_time() - started
        ratio = min(recorded_cpu) / min(control)
        print(f"\n  player benchmark: 10,000 ticks of 3 tasks (30,000 steps) recorded in {min(recorded_cpu):.3f} s "
              f"CPU ({wall:.3f} s wall, last run); VirtualTimeLoop alone {min(control):.3f} s; ratio {ratio:.2f}; "
              f"JSON {len(text) / 1e6:.2f} MB "
              f"in {json_cpu:.3f} s", file=sys.stderr)
        self.assertLess(ratio, 4.0)

    def test_only_max_ticks_are_kept(self):
        recording = record(spins(98), max_ticks=10)
        self.assertEqual(("completed", 10, True, 90), (recording.ended, len(recording.ticks), recording.truncated,
                                                      recording.ticks_left_out))
        document = json.loads(recording.to_json())
        self.assertEqual((True, 90, 10), (document["truncated"], document["ticksLeftOut"], len(document["ticks"])))

    def test_real_time_stops_at_the_timeout(self):
        started = time.perf_counter()
        recording = record(spins_forever(0.02), virtual=False, timeout=0.3)
        self.assertEqual("timeout", recording.ended)
        self.assertIn("0.3 s of real time", recording.detail)
        self.assertFalse(recording.virtual)
        times = [t["time"] for t in recording.ticks]
        self.assertGreaterEqual(len(times), 2)
        self.assertEqual(sorted(times), times)
        self.assertLess(time.perf_counter() - started, 30)  # a guard against hanging, not a timing claim
        self.assertEqual([], recording_threads())

    def test_no_thread_or_loop_is_left_behind(self):
        def work():
            return 7

        async def main():
            asyncio.create_task(never_ends())                # cancelled afterwards, as asyncio.run does
            return await asyncio.to_thread(work)
        before = set(threading.enumerate())
        recording = record(main())
        self.assertEqual(("completed", 7), (recording.ended, recording.result))
        self.assertEqual(set(), set(threading.enumerate()) - before)
        self.assertEqual([], recording.left_running)

    def test_arguments_are_checked(self):
        async def main():
            pass
        with self.assertRaisesRegex(TypeError, r"record\(main\(\)\), not record\(main\)"):
            record(main)
        for options, message in (({"max_ticks": 0}, "max_ticks"), ({"tick_limit": 1.5}, "tick_limit"),
                                 ({"timeout": -1}, "timeout"), ({"virtual": "yes"}, "virtual"),
                                 ({"blocked_after": 0}, "blocked_after"), ({"title": 3}, "title")):
            with self.assertRaisesRegex(ValueError, message):
                record(main(), **options)


async def spins_forever(seconds):
    while True:
        await asyncio.sleep(seconds)


class QueueTests(unittest.TestCase):
    def test_cancelled_handles_are_listed_and_timers_join_behind(self):
        async def main():
            loop = asyncio.get_running_loop()
            loop.call_soon(print, "A")
            loop.call_later(0, print, "B")
            loop.call_soon(print, "F").cancel()
            loop.call_later(5, print, "never").cancel()
            loop.call_later(3, print, "later")
            await asyncio.sleep(0)
        tick = quietly(record, main()).ticks[1]
        self.assertEqual(4, tick["ready"])  # A, F (cancelled), main's step, then the due timer B
        self.assertEqual([("call_soon callback", "Scheduled", False), ("call_soon callback", "Scheduled", True),
                          ("step main", "Scheduled", False), ("call_later callback", "TimerDue", False)],
                         [(e["label"], e["origin"], e["cancelled"]) for e in tick["queue"]])
        self.assertEqual(["A"], tick["queue"][0]["printed"])
        self.assertEqual([], tick["queue"][1]["printed"])
        self.assertEqual((1, [{"label": "call_later callback", "due": 3.0}]), (tick["timersPending"], tick["timers"]))

    def test_work_from_another_thread_and_the_self_pipe(self):
        def work():
            time.sleep(0.01)

        async def main():
            await asyncio.to_thread(work)
        ticks = record(main()).ticks
        self.assertEqual("to_thread: work on a worker thread", ticks[0]["queue"][0]["awaits"])
        second = ticks[1]["queue"]
        self.assertEqual([("to_thread done", "OtherThread", None, None),
                          ("read the self-pipe (woken from another thread)", "OtherThread", True, True)],
                         [(e["label"], e["origin"], e.get("io"), e.get("bookkeeping")) for e in second])
        self.assertEqual("to_thread: work on a worker thread", ticks[2]["queue"][-1]["wokenBy"])

    def test_prints_from_other_threads_are_not_noted(self):
        def work():
            print("from a worker")

        async def main():
            await asyncio.to_thread(work)
            print("from the loop")
        out = io.StringIO()
        with redirect_stdout(out):
            recording = record(main())
        printed = [line for t in recording.ticks for e in t["queue"] for line in e["printed"]]
        self.assertEqual(["from the loop"], printed)
        self.assertEqual("from a worker\nfrom the loop\n", out.getvalue())  # both still reach the real output

    def test_a_cancelled_sleep_wakes_its_task(self):
        async def main():
            sleeper = asyncio.create_task(asyncio.sleep(5))
            await asyncio.sleep(1)
            sleeper.cancel()
            await asyncio.gather(sleeper, return_exceptions=True)
        ticks = record(main()).ticks
        steps = [e for t in ticks for e in t["queue"] if e["task"] == "task 1"]
        self.assertEqual([None, "sleep 5 s, due at 5.000 s, cancelled"], [e["wokenBy"] for e in steps])
        self.assertTrue(steps[-1]["taskFinished"])


class EagerTaskTests(unittest.TestCase):
    @unittest.skipIf(sys.version_info < (3, 12), "eager tasks came with Python 3.12")
    def test_an_eager_task_takes_its_first_step_inside_the_callback_that_creates_it(self):
        async def main():
            asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
            task1 = asyncio.create_task(say_after(1, "hello"))
            await task1
        ticks = quietly(record, main()).ticks
        self.assertEqual([["step main"], ["sleep 1 s timer (task 1)"], ["step task 1"], ["step main"], [STOP]],
                         [queue(t) for t in ticks])  # no queue entry for task 1's first step: it ran in main's
        self.assertEqual(("task 1", "Waiting", "awaits sleep 1 s, due at 1.000 s"), states(ticks[0])[1])
        self.assertEqual("sleep 1 s, due at 1.000 s", ticks[2]["queue"][0]["wokenBy"])


class RunningTests(unittest.TestCase):
    def test_inside_a_running_loop_record_runs_on_its_own_thread(self):
        async def notebook_cell():  # as in ipykernel, where a loop is already running on this thread
            return record(with_tasks())
        recording = quietly(asyncio.run, notebook_cell())
        self.assertEqual(("completed", 9), (recording.ended, len(recording.ticks)))

    def test_record_async_leaves_the_callers_loop_free(self):
        async def notebook_cell():
            heartbeat = Heartbeat()
            recording = await record_async(blocks(0.2), blocked_after=0.1)
            return recording, heartbeat.stop()
        recording, beats = quietly(asyncio.run, notebook_cell())
        self.assertEqual("blocked", recording.ended)
        self.assertGreater(beats, 1)  # the notebook's loop turned while the program held its own loop

    def test_record_async_refuses_unknown_options(self):
        async def cell():
            await record_async(sequential(), ticks=3)
        with self.assertRaisesRegex(TypeError, "not ticks"):
            asyncio.run(cell())

    def test_the_decorator_records_each_call(self):
        @recorded
        async def main(delay):
            await asyncio.sleep(delay)
            return delay

        @recorded(title="with a title", max_ticks=1)
        async def titled():
            await asyncio.sleep(1)

        first = main(2)
        self.assertIsInstance(first, Recording)
        self.assertEqual((2, 2.0), (first.result, first.ticks[1]["time"]))
        self.assertEqual("main", main.__name__)
        self.assertEqual(1, asyncio.run(main.__wrapped__(1)))  # the program as written still runs as before
        other = titled()
        self.assertEqual(("with a title", 1, True), (other.title, len(other.ticks), other.truncated))
        with self.assertRaisesRegex(TypeError, "above an async def"):
            recorded(print)


class JsonTests(unittest.TestCase):
    def test_the_document_has_every_key_of_the_format(self):
        document = json.loads(quietly(record, with_tasks()).to_json())
        self.assertEqual({"format": "concurrency-lab/player", "version": 1, "loop": "cpython", "virtual": True,
                          "ended": {"reason": "completed", "detail": None}, "truncated": False, "ticksLeftOut": 0,
                          "tasks": ["main", "task 1", "task 2"]},
                         {k: v for k, v in document.items() if k not in ("title", "python", "ticks")})
        self.assertRegex(document["title"], r"^CPython 3\.\d+\.\d+\S*: with_tasks\(\)$")
        self.assertEqual(platform.python_version(), document["python"])
        for tick in document["ticks"]:
            self.assertEqual({"number", "time", "ready", "timersPending", "queue", "joined", "timers", "taskStates"},
                             set(tick))
            self.assertEqual(tick["ready"], len(tick["queue"]))
            for entry in tick["queue"]:
                self.assertLessEqual({"label", "origin", "cancelled", "task", "wokenBy", "awaits", "taskFinished",
                                      "printed"}, set(entry))
                self.assertIn(entry["origin"], ("Scheduled", "OtherThread", "TimerDue"))
            for timer in tick["timers"]:
                self.assertEqual({"label", "due"}, set(timer))
            for state in tick["taskStates"]:
                self.assertLessEqual({"name", "phase", "detail", "line", "code"}, set(state))
                self.assertIn(state["phase"], ("Created", "Running", "Ready", "Waiting", "Done"))

    def test_the_text_form_lists_each_tick(self):
        text = quietly(record, sequential()).to_text(max_ticks=2)
        self.assertIn("tick 1 at 0.000 s\n  step main  [Scheduled]\n    main then awaits sleep 1 s, due at 1.000 s",
                      text)
        self.assertIn("… 4 more ticks", text)


if __name__ == "__main__":
    unittest.main()



NO_KERNEL = "" if all(importlib.util.find_spec(name) for name in ("jupyter_client", "ipykernel")) else \
    "needs jupyter_client and ipykernel"  # looked for, not imported: see CLIENT

HELPERS = str(__import__("pathlib").Path(__file__).resolve().parents[1])

NOTEBOOK_CELL = '''import sys
sys.path.insert(0, {helpers!r})
import asyncio, json
from concurrency_lab import record, record_async

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)

async def main():
    await say_after(1, "hello")
    await say_after(2, "world")

blocking = record(main())
awaited = await record_async(main())
print("RESULT " + json.dumps([[r.ended, len(r.ticks), r.ticks[0]["taskStates"][0]["code"],
                               r.ticks[0]["taskStates"][0]["line"]] for r in (blocking, awaited)]))
'''

# Run in a process of its own: jupyter_client's blocking client applies nest_asyncio, which replaces asyncio's
# Task, Future and run_until_complete for the whole process, and would change every later recording.
CLIENT = '''
import sys
from jupyter_client.manager import start_new_kernel
manager, client = start_new_kernel(kernel_name="python3", startup_timeout=120)
try:
    msg_id = client.execute(sys.stdin.read())
    while True:
        message = client.get_iopub_msg(timeout=120)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind == "stream":
            sys.stdout.write(message["content"]["text"])
        elif kind == "error":
            sys.stdout.write("ERROR " + message["content"]["ename"] + ": " + message["content"]["evalue"] + "\\n")
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            break
finally:
    client.stop_channels()
    manager.shutdown_kernel(now=True)
'''


@unittest.skipIf(NO_KERNEL, NO_KERNEL)
class IpykernelTests(unittest.TestCase):
    def test_a_notebook_cell_records_with_and_without_await(self):
        """In ipykernel a loop already runs on the main thread: record runs on its own thread, record_async too."""
        import subprocess
        done = subprocess.run([sys.executable, "-c", CLIENT], input=NOTEBOOK_CELL.format(helpers=HELPERS),
                              capture_output=True, text=True, timeout=300)
        lines = done.stdout.splitlines()
        self.assertEqual([], [line for line in lines if line.startswith("ERROR ")], done.stderr[-2000:])
        result = [line for line in lines if line.startswith("RESULT ")]
        self.assertEqual(1, len(result), done.stdout + done.stderr[-2000:])
        line = NOTEBOOK_CELL.splitlines().index("    await asyncio.sleep(delay)") + 1  # a cell's lines are found too
        self.assertEqual([["completed", 6, "await asyncio.sleep(delay)", line]] * 2, json.loads(result[0][7:]))
