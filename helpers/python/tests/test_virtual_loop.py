"""The virtual-clock loop: asyncio's ordering, the clock's jumps, the tick log, and running inside a loop."""
import asyncio
import io
import json
import threading
import time
import unittest
from contextlib import redirect_stdout

from concurrency_lab import LOOP_LANE, SpanKind, StalledLoopError, VirtualTimeLoop, named

from .heartbeat import Heartbeat


def run(program, *args):
    """Runs a program on a fresh virtual loop, its prints kept out of the test output."""
    loop = VirtualTimeLoop()
    with redirect_stdout(io.StringIO()):
        value = loop.run(program(*args))
    return loop, value


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


class ClockTests(unittest.TestCase):
    def test_an_hour_of_sleep_takes_no_real_time(self):
        async def main():
            await asyncio.sleep(3600)
            return asyncio.get_running_loop().time()
        started = time.perf_counter()
        loop, value = run(main)
        self.assertEqual(3600.0, value)
        self.assertLess(time.perf_counter() - started, 60)  # a guard against really sleeping, not a timing claim

    def test_sequential_awaits_add_up_and_tasks_overlap(self):
        async def sequential():
            await say_after(1, "hello")
            await say_after(2, "world")
            return asyncio.get_running_loop().time()

        async def with_tasks():
            t1 = asyncio.create_task(say_after(1, "hello"))
            t2 = asyncio.create_task(say_after(2, "world"))
            await t1
            await t2
            return asyncio.get_running_loop().time()
        self.assertEqual(3.0, run(sequential)[1])
        self.assertEqual(2.0, run(with_tasks)[1])

    def test_repeated_fractional_sleeps_land_exactly_on_their_timers(self):
        async def main():
            loop = asyncio.get_running_loop()
            for _ in range(10):
                await asyncio.sleep(0.1)
            return loop.time()
        loop, value = run(main)
        self.assertAlmostEqual(1.0, value, places=9)
        self.assertEqual(21, len(loop.ticks))  # each sleep: its timer's tick, then the task's

    def test_thread_work_holds_the_virtual_clock_still(self):
        order = []

        def blocking():
            time.sleep(0.05)  # real time; the 1 s virtual timer must not overtake it
            order.append("thread")

        async def timer():
            await asyncio.sleep(1)
            order.append("timer")

        async def main():
            await asyncio.gather(asyncio.to_thread(blocking), timer())
            return asyncio.get_running_loop().time()
        loop, value = run(main)
        self.assertEqual(["thread", "timer"], order)
        self.assertEqual(1.0, value)
        self.assertIn("to_thread done", [r for t in loop.ticks for r in t.ran])

    def test_sockets_are_waited_for_in_real_time(self):
        async def main():
            async def echo(reader, writer):
                writer.write(await reader.readline())
                await writer.drain()
                writer.close()
            server = await asyncio.start_server(echo, "127.0.0.1", 0)
            port = server.sockets[0].getsockname()[1]
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"ping\n")
            line = await asyncio.wait_for(reader.readline(), 30)
            writer.close()
            server.close()
            await server.wait_closed()
            return line
        self.assertEqual(b"ping\n", run(main)[1])

    def test_a_program_that_can_never_finish_is_reported(self):
        async def main():
            await asyncio.get_running_loop().create_future()  # nobody completes it
        with self.assertRaisesRegex(StalledLoopError, "stalled at 0.000 s.*can never happen"):
            run(main)


class TickLogTests(unittest.TestCase):
    def test_say_after_sequential_ticks(self):
        async def main():
            await say_after(1, "hello")
            await say_after(2, "world")
        loop, _ = run(main)
        self.assertEqual(
            [(1, 0.0, 1, 1, ("step main",)),
             (2, 1.0, 1, 0, ("sleep 1 s timer (main)",)),
             (3, 1.0, 1, 1, ("step main",)),
             (4, 3.0, 1, 0, ("sleep 2 s timer (main)",)),
             (5, 3.0, 1, 0, ("step main",))],
            [(t.number, t.time, t.ready, t.timers_pending, t.ran) for t in loop.ticks])
        self.assertEqual([(3, "hello"), (5, "world")], [(p.tick, p.text) for p in loop.printed])

    def test_due_timers_join_behind_the_ready_callbacks_and_cancelled_ones_count_as_ready(self):
        async def main():
            loop = asyncio.get_running_loop()
            loop.call_soon(named("A", print), "A")
            loop.call_later(0, named("B", print), "B")
            loop.call_soon(print, "C")
            loop.call_soon(print, "F").cancel()
            await asyncio.sleep(0)
            print("main")
        loop, _ = run(main)
        second = loop.ticks[1]
        self.assertEqual(5, second.ready)  # A, C, the cancelled F, main's wake-up, then the due timer B
        self.assertEqual(("A", "call_soon callback", "step main", "B"), second.ran)
        self.assertEqual(["A", "C", "main", "B"], [p.text for p in loop.printed])

    def test_timers_waiting_do_not_count_cancelled_ones(self):
        async def main():
            loop = asyncio.get_running_loop()
            loop.call_later(5, print, "never").cancel()
            loop.call_later(5, print, "later")
            await asyncio.sleep(0)
        loop, _ = run(main)
        self.assertEqual(1, loop.ticks[0].timers_pending)

    def test_the_stop_callback_is_bookkeeping_not_a_tick(self):
        async def main():
            print("only")
        loop, _ = run(main)
        self.assertEqual([("step main",)], [t.ran for t in loop.ticks])

    def test_what_is_ready_when_main_finishes_still_runs_in_the_last_tick(self):
        async def child():
            print("child starts")
            await asyncio.sleep(1)
            print("child never prints")

        async def main():
            asyncio.create_task(child())
        loop, _ = run(main)
        self.assertEqual([("step main",), ("step task 1",)], [t.ran for t in loop.ticks])
        self.assertEqual(1, loop.ticks[1].ready)  # run_until_complete's stop callback is not counted
        self.assertEqual(["child starts"], [p.text for p in loop.printed])
        self.assertEqual(1, loop.tasks_cancelled_at_stop)

    def test_unnamed_tasks_are_numbered_per_loop(self):
        async def main():
            tasks = [asyncio.create_task(asyncio.sleep(0)) for _ in range(2)]
            named_task = asyncio.create_task(asyncio.sleep(0), name="mine")
            await asyncio.gather(*tasks, named_task)
            return [t.get_name() for t in (*tasks, named_task)]
        self.assertEqual(["task 1", "task 2", "mine"], run(main)[1])
        self.assertEqual(["task 1", "task 2", "mine"], run(main)[1])  # the same on every loop

    def test_gather_wakes_main_through_its_done_callback(self):
        async def fetch(seconds):
            await asyncio.sleep(seconds)

        async def main():
            await asyncio.gather(fetch(2), fetch(1))
        loop, _ = run(main)
        ran = [t.ran for t in loop.ticks]
        self.assertEqual(("gather done-callback",), ran[-2])
        self.assertEqual(("step main",), ran[-1])

    def test_the_table_has_the_csharp_layout(self):
        async def main():
            await say_after(1, "hello")
        loop, _ = run(main)
        self.assertEqual(
            "tick     time  ready  timers  ran\n"
            "   1    0.000s     1       1  step main\n"
            "   2    1.000s     1       0  sleep 1 s timer (main)\n"
            "   3    1.000s     1       0  step main\n"
            "                            prints \"hello\"\n",
            loop.tick_table())
        self.assertIn("… 2 more ticks", loop.ticks.to_text(max_rows=1))
        with self.assertRaisesRegex(ValueError, "positive max_rows"):
            loop.ticks.to_text(0)

    def test_to_dict_has_ticks_and_printed_lines(self):
        async def main():
            await say_after(0.5, "hi")
        loop, _ = run(main)
        document = json.loads(json.dumps(loop.to_dict()))
        self.assertEqual("concurrency-lab/ticks", document["format"])
        self.assertEqual({"number": 2, "time": 0.5, "ready": 1, "timersPending": 0, "ran": ["sleep 0.5 s timer (main)"]},
                         document["ticks"][1])
        self.assertEqual([{"time": 0.5, "tick": 3, "text": "hi"}], document["printed"])

    def test_trace_has_steps_and_awaits_on_task_lanes_and_callbacks_on_the_loop_lane(self):
        async def main():
            await asyncio.sleep(2)
        loop, _ = run(main)
        spans = [(s.name, s.lane, s.start, s.end, s.kind) for s in loop.trace.spans]
        self.assertEqual([
            ("step 1", "main", 0.0, 0.0, SpanKind.CPU),
            ("step main", LOOP_LANE, 0.0, 0.0, SpanKind.CPU),
            ("await", "main", 0.0, 2.0, SpanKind.WAITING),
            ("sleep 2 s timer (main)", LOOP_LANE, 2.0, 2.0, SpanKind.CPU),
            ("step 2", "main", 2.0, 2.0, SpanKind.CPU),
            ("step main", LOOP_LANE, 2.0, 2.0, SpanKind.CPU),
        ], spans)


class RunningTests(unittest.TestCase):
    def test_main_gets_its_name_and_its_result_is_returned(self):
        async def main():
            return asyncio.current_task().get_name()
        self.assertEqual("main", run(main)[1])

    def test_exceptions_from_main_reach_the_caller(self):
        async def main():
            raise KeyError("lost")
        with self.assertRaisesRegex(KeyError, "lost"):
            run(main)

    def test_a_loop_runs_one_program(self):
        loop, _ = run(asyncio.sleep, 0)
        with self.assertRaisesRegex(RuntimeError, "already run a program"):
            loop.run(asyncio.sleep(0))

    def test_run_needs_a_coroutine_object(self):
        async def main():
            pass
        with self.assertRaisesRegex(TypeError, r"loop.run\(main\(\)\), not loop.run\(main\)"):
            VirtualTimeLoop().run(main)

    def test_inside_a_running_loop_run_uses_a_fresh_thread(self):
        async def program():
            await asyncio.sleep(10)
            return threading.current_thread().name

        async def notebook_cell():  # as in ipykernel, where a loop is already running
            loop = VirtualTimeLoop()
            thread = loop.run(program())
            return thread, loop.time(), len(loop.ticks)
        with redirect_stdout(io.StringIO()):
            thread, now, ticks = asyncio.run(notebook_cell())
        self.assertEqual(("virtual loop", 10.0, 3), (thread, now, ticks))

    def test_run_async_leaves_the_callers_loop_free(self):
        async def program():
            await asyncio.sleep(5)
            print("virtual done")
            return "ok"

        async def notebook_cell():
            loop = VirtualTimeLoop()
            heartbeat = Heartbeat()
            result = await loop.run_async(program())
            return result, heartbeat.stop(), loop.printed
        out = io.StringIO()
        with redirect_stdout(out):
            result, beats, printed = asyncio.run(notebook_cell())
        self.assertEqual("ok", result)
        self.assertGreater(beats, 0)
        self.assertEqual(["virtual done"], [p.text for p in printed])
        self.assertIn("virtual done", out.getvalue())  # printed lines still reach the real output

    def test_prints_from_other_threads_are_passed_on_but_not_noted(self):
        def from_thread():
            print("from a worker")

        async def main():
            await asyncio.to_thread(from_thread)
            print("from the loop")
        out = io.StringIO()
        loop = VirtualTimeLoop()
        with redirect_stdout(out):
            loop.run(main())
        self.assertEqual(["from the loop"], [p.text for p in loop.printed])
        self.assertIn("from a worker", out.getvalue())


class HoldThreadTests(unittest.TestCase):
    def test_holding_the_thread_moves_the_clock_and_due_timers_run_late(self):
        woke = []

        async def sleeper():
            await asyncio.sleep(1)
            woke.append(asyncio.get_running_loop().time())

        async def main():
            loop = asyncio.get_running_loop()
            task = asyncio.create_task(sleeper())
            await asyncio.sleep(0)        # the sleeper starts its 1 s timer at 0
            loop.hold_thread(3)           # the thread is busy for 3 s: nothing else runs
            held_until = loop.time()
            await task
            return held_until

        loop, held_until = run(main)
        self.assertEqual(3.0, held_until)
        self.assertEqual([3.0], woke)     # due at 1, run at 3: the loop was held

    def test_held_time_adds_up_without_any_sleep(self):
        async def main():
            loop = asyncio.get_running_loop()
            for _ in range(3):
                loop.hold_thread(60)
            return loop.time()

        self.assertEqual(180.0, run(main)[1])

    def test_bad_input_and_calls_from_outside_the_loop_are_refused(self):
        loop = VirtualTimeLoop()
        with self.assertRaisesRegex(RuntimeError, "loop's own thread"):
            loop.hold_thread(1)
        loop.close()

        async def negative():
            asyncio.get_running_loop().hold_thread(-1)

        with self.assertRaisesRegex(ValueError, "seconds >= 0"):
            run(negative)


class NamedTests(unittest.TestCase):
    def test_named_needs_a_label_and_a_callable(self):
        with self.assertRaisesRegex(ValueError, "non-empty string"):
            named("", print)
        with self.assertRaisesRegex(TypeError, "needs a callable"):
            named("x", 3)


if __name__ == "__main__":
    unittest.main()
