"""The CPU-bound job lesson 01 runs on thread and process pools."""
import concurrent.futures
import multiprocessing
import sys
import time
import unittest

from concurrency_lab.cpu_bound import crunch, crunch_timed, iterations_for, waited_for_a_core


class CrunchTests(unittest.TestCase):
    def test_is_deterministic_and_depends_on_the_count(self):
        self.assertEqual(crunch(1000), crunch(1000))
        self.assertNotEqual(crunch(1000), crunch(1001))
        self.assertEqual(0, crunch(0))

    def test_refuses_what_is_not_a_whole_non_negative_count(self):
        for bad in (-1, 2.5, "10", True, None):
            with self.subTest(bad=bad), self.assertRaisesRegex(ValueError, "whole number of iterations"):
                crunch(bad)

    def test_every_start_method_can_import_it_in_a_worker_process(self):
        # The reason it lives in a module: spawn and forkserver workers import the function by name.
        for method in multiprocessing.get_all_start_methods():
            with self.subTest(method=method):
                context = multiprocessing.get_context(method)
                with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                    self.assertEqual(crunch(5000), pool.submit(crunch, 5000).result(timeout=60))


class CrunchTimedTests(unittest.TestCase):
    def test_reports_the_cpu_time_of_the_thread_that_ran_it(self):
        iterations = iterations_for(0.05)
        wall0 = time.perf_counter()
        cpu, waited = crunch_timed(iterations)
        wall = time.perf_counter() - wall0
        # Computing and waiting for a core both fit in the wall time (a few ms for the clocks' reads).
        self.assertGreater(cpu, 0)
        self.assertLessEqual(cpu + (waited or 0), wall + 0.005)

    @unittest.skipUnless(sys.platform.startswith("linux"), "the run-queue delay is read from Linux's /proc")
    def test_sleeping_is_not_waiting_for_a_core(self):
        waited0, wall0 = waited_for_a_core(), time.perf_counter()
        time.sleep(0.2)
        waited, wall = waited_for_a_core() - waited0, time.perf_counter() - wall0
        # Only the wake-up can wait for a core, and it comes after the 0.2 s: both fit in the wall time.
        self.assertLessEqual(0.2 + waited, wall + 0.005)


class IterationsForTests(unittest.TestCase):
    def test_more_time_means_more_iterations(self):
        # Each calibration keeps the fastest of 5 trials: to give less than 2× the iterations for 10× the time,
        # every trial of the second would have to run 5× slower than the best trial of the first.
        short, long = iterations_for(0.001), iterations_for(0.01)
        self.assertGreaterEqual(short, 1)
        self.assertGreater(long, 2 * short)

    def test_refuses_a_non_positive_time_or_no_trials(self):
        with self.assertRaisesRegex(ValueError, "seconds > 0"):
            iterations_for(0)
        with self.assertRaisesRegex(ValueError, "trials >= 1"):
            iterations_for(0.01, trials=0)


if __name__ == "__main__":
    unittest.main()
