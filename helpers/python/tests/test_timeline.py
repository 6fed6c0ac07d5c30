"""The span recorder: lanes, kinds, validation, the JSON shape, threads and processes."""
import asyncio
import concurrent.futures
import json
import os
import threading
import time
import unittest

from concurrency_lab import Span, SpanKind, Timeline


def square(x):
    return x * x


def fail(message):
    raise ValueError(message)


def busy_for(seconds):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass
    return os.getpid()


class SpanKindTests(unittest.TestCase):
    def test_values_are_the_csharp_names(self):
        self.assertEqual(["Cpu", "Blocked", "Waiting"], [k.value for k in SpanKind])

    def test_parse_accepts_the_exact_names_only(self):
        self.assertIs(SpanKind.BLOCKED, SpanKind.parse("Blocked"))
        self.assertIs(SpanKind.WAITING, SpanKind.parse(SpanKind.WAITING))
        with self.assertRaisesRegex(ValueError, "Unknown span kind 'cpu'.*'Cpu', 'Blocked', 'Waiting'"):
            SpanKind.parse("cpu")


class RecordingTests(unittest.TestCase):
    def test_span_records_its_block_on_the_thread_lane_by_default(self):
        timeline = Timeline("t")
        with timeline.span("work"):
            pass
        [span] = timeline.spans
        self.assertEqual(("work", threading.current_thread().name, SpanKind.CPU), (span.name, span.lane, span.kind))
        self.assertGreaterEqual(span.end, span.start)
        self.assertEqual(threading.get_native_id(), span.thread)

    def test_span_is_recorded_when_the_block_raises(self):
        timeline = Timeline()
        with self.assertRaises(KeyError):
            with timeline.span("fails"):
                raise KeyError("x")
        self.assertEqual(["fails"], [s.name for s in timeline.spans])

    def test_inside_a_task_the_lane_is_the_task_name(self):
        timeline = Timeline()

        async def child():
            await timeline.wait("sleep", 0.001)

        async def main():
            await asyncio.gather(asyncio.create_task(child(), name="fetch a"),
                                 asyncio.create_task(child(), name="fetch b"))
        asyncio.run(main())
        self.assertEqual({("sleep", "fetch a", SpanKind.WAITING), ("sleep", "fetch b", SpanKind.WAITING)},
                         {(s.name, s.lane, s.kind) for s in timeline.spans})

    def test_block_and_cpu_last_at_least_as_long_as_asked(self):
        timeline = Timeline()
        timeline.block("sleep", 0.02, lane="a")
        timeline.cpu("spin", 0.02, lane="b")
        blocked, spun = timeline.spans
        self.assertEqual((SpanKind.BLOCKED, SpanKind.CPU), (blocked.kind, spun.kind))
        self.assertGreaterEqual(blocked.duration, 0.02)
        self.assertGreaterEqual(spun.duration, 0.02)
        self.assertGreaterEqual(spun.start, blocked.end)

    def test_track_records_each_call_async_as_waiting_and_sync_as_cpu(self):
        timeline = Timeline()

        @timeline.track()
        async def download(n):
            await asyncio.sleep(0.001)
            return n

        @timeline.track("parse", lane="parser")
        def parse(n):
            return n + 1

        async def main():
            return parse(await download(1))
        self.assertEqual(2, asyncio.run(main()))
        self.assertEqual([("download", SpanKind.WAITING), ("parse", SpanKind.CPU)],
                         [(s.name, s.kind) for s in timeline.spans])
        self.assertEqual("parser", timeline.spans[1].lane)

    def test_spans_are_ordered_by_start_ties_in_recording_order(self):
        timeline = Timeline()
        timeline.add("late", "x", 2, 3)
        timeline.add("first", "x", 0, 1)
        timeline.add("second", "y", 0, 0)
        self.assertEqual(["first", "second", "late"], [s.name for s in timeline.spans])
        self.assertEqual(3, timeline.makespan)

    def test_recording_from_many_threads_loses_nothing(self):
        timeline = Timeline()

        def record(i):
            for j in range(200):
                timeline.add(f"s{i}-{j}", f"lane {i}", 0, 1)
        threads = [threading.Thread(target=record, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(1600, len(timeline.spans))


class ValidationTests(unittest.TestCase):
    def test_bad_spans_are_refused_with_a_reason(self):
        timeline = Timeline()
        cases = [
            (("", "lane", 0, 1), "needs a name"),
            (("n", " ", 0, 1), "needs a lane"),
            (("n", "lane", -1, 1), "negative start"),
            (("n", "lane", 2, 1), "negative duration"),
            (("n", "lane", float("nan"), 1), "finite number"),
            (("n", "lane", "0", 1), "finite number"),
        ]
        for args, message in cases:
            with self.subTest(args=args), self.assertRaisesRegex(ValueError, message):
                timeline.add(*args)
        with self.assertRaisesRegex(ValueError, "Unknown span kind"):
            timeline.add("n", "lane", 0, 1, "Sleeping")
        self.assertEqual([], timeline.spans)

    def test_durations_must_be_positive(self):
        timeline = Timeline()
        for seconds in (0, -1, float("inf"), float("nan")):
            with self.subTest(seconds=seconds), self.assertRaisesRegex(ValueError, "positive number of seconds"):
                timeline.block("b", seconds)

    def test_lane_cannot_be_empty_and_clock_must_be_callable(self):
        with self.assertRaisesRegex(ValueError, "lane name cannot be empty"):
            with Timeline().span("x", lane=""):
                pass
        with self.assertRaises(TypeError):
            Timeline(clock=3.0)


class JsonTests(unittest.TestCase):
    def test_to_json_has_the_documented_shape(self):
        timeline = Timeline("asyncio run")
        timeline.add("fetch", "task 1", 0.5, 1.25, SpanKind.WAITING, thread=42)
        document = json.loads(timeline.to_json())
        self.assertEqual({"format": "concurrency-lab/timeline", "version": 1, "title": "asyncio run",
                          "spans": [{"name": "fetch", "lane": "task 1", "start": 0.5, "end": 1.25,
                                     "kind": "Waiting", "thread": 42}]}, document)

    def test_non_ascii_names_survive(self):
        timeline = Timeline("甲")
        timeline.add("甲函数", "乙", 0, 1)
        self.assertEqual("甲函数", json.loads(timeline.to_json())["spans"][0]["name"])

    def test_a_virtual_clock_gives_exact_times(self):
        now = [10.0]
        timeline = Timeline(clock=lambda: now[0])
        with timeline.span("step", lane="main"):
            now[0] = 12.5
        self.assertEqual(Span("step", "main", 0.0, 2.5, SpanKind.CPU, threading.get_native_id()), timeline.spans[0])


class ExecutorTests(unittest.TestCase):
    def test_thread_pool_spans_land_on_the_worker_threads(self):
        timeline = Timeline()
        with concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="worker") as pool:
            results = [timeline.submit(pool, square, i, name=f"square {i}").result() for i in range(3)]
        self.assertEqual([0, 1, 4], results)
        self.assertTrue(all(s.lane.startswith("worker") for s in timeline.spans), timeline.spans)

    def test_process_spans_line_up_with_the_parents_clock(self):
        timeline = Timeline()
        with concurrent.futures.ProcessPoolExecutor(1) as pool:
            pool.submit(square, 1).result()  # the process exists before the measured call
            before = timeline.now
            future = timeline.submit(pool, busy_for, 0.05, name="busy", kind="Cpu")
            child = future.result()
            after = timeline.now
        [span] = timeline.spans
        self.assertNotEqual(os.getpid(), child)
        self.assertEqual(f"process {child}", span.lane)
        # Timed in the child, yet inside the parent's window: one clock for both processes.
        self.assertGreaterEqual(span.start, before)
        self.assertLessEqual(span.end, after)
        self.assertGreaterEqual(span.duration, 0.05)

    def test_a_failing_call_still_records_its_span_and_raises(self):
        timeline = Timeline()
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            future = timeline.submit(pool, fail, "boom", lane="io")
            with self.assertRaisesRegex(ValueError, "boom"):
                future.result()
        self.assertEqual([("fail", "io")], [(s.name, s.lane) for s in timeline.spans])

    def test_process_work_needs_the_default_clock(self):
        timeline = Timeline(clock=lambda: 0.0)
        with concurrent.futures.ProcessPoolExecutor(1) as pool:
            with self.assertRaisesRegex(ValueError, "time.perf_counter"):
                timeline.submit(pool, square, 2)

    def test_submit_is_awaitable_through_wrap_future(self):
        timeline = Timeline()

        async def main():
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                return await asyncio.wrap_future(timeline.submit(pool, square, 7, kind=SpanKind.BLOCKED))
        self.assertEqual(49, asyncio.run(main()))
        self.assertEqual(SpanKind.BLOCKED, timeline.spans[0].kind)


if __name__ == "__main__":
    unittest.main()
