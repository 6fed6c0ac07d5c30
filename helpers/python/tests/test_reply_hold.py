"""The hold that keeps a Python reply behind .NET Interactive's subscription to it."""
import asyncio
import unittest
from unittest import mock

from concurrency_lab import reply_hold
from concurrency_lab.reply_hold import hold_replies


class FakeKernel:
    def __init__(self, log):
        async def execute_request(stream, idents, msg):
            log.append(("execute", msg))

        def comm_msg(stream, idents, msg):
            log.append(("comm", msg))

        def kernel_info_request(stream, idents, msg):
            log.append(("info", msg))

        self.shell_handlers = {
            "execute_request": execute_request,
            "comm_msg": comm_msg,
            "kernel_info_request": kernel_info_request,
        }


class HoldRepliesTests(unittest.TestCase):
    def run_handler(self, kernel, name, log):
        async def fake_sleep(seconds):
            log.append(("hold", seconds))

        with mock.patch.object(reply_hold.asyncio, "sleep", fake_sleep):
            result = kernel.shell_handlers[name]("stream", [], name)
            if asyncio.iscoroutine(result):
                asyncio.run(result)

    def test_a_cell_and_a_value_request_are_handled_after_the_hold(self):
        log = []
        kernel = FakeKernel(log)
        hold_replies(kernel, 0.05)
        self.run_handler(kernel, "execute_request", log)
        self.run_handler(kernel, "comm_msg", log)
        self.assertEqual([("hold", 0.05), ("execute", "execute_request"), ("hold", 0.05), ("comm", "comm_msg")], log)

    def test_other_requests_are_not_held(self):
        log = []
        kernel = FakeKernel(log)
        hold_replies(kernel, 0.05)
        self.run_handler(kernel, "kernel_info_request", log)
        self.assertEqual([("info", "kernel_info_request")], log)

    def test_the_requests_to_hold_can_be_named(self):
        log = []
        kernel = FakeKernel(log)
        hold_replies(kernel, 0.05, requests=("kernel_info_request", "comm_open"))  # this kernel has no comm_open
        self.run_handler(kernel, "kernel_info_request", log)
        self.run_handler(kernel, "execute_request", log)
        self.assertEqual([("hold", 0.05), ("info", "kernel_info_request"), ("execute", "execute_request")], log)

    def test_holding_again_changes_the_length_instead_of_adding_a_second_hold(self):
        log = []
        kernel = FakeKernel(log)
        hold_replies(kernel, 0.05)
        hold_replies(kernel, 0.2)
        self.run_handler(kernel, "execute_request", log)
        self.assertEqual([("hold", 0.2), ("execute", "execute_request")], log)

    def test_a_negative_hold_is_refused(self):
        with self.assertRaisesRegex(ValueError, "must not be negative"):
            hold_replies(FakeKernel([]), -0.1)

    def test_outside_an_ipython_kernel_it_says_so(self):
        with self.assertRaisesRegex(RuntimeError, "needs a running IPython kernel"):
            hold_replies()


if __name__ == "__main__":
    unittest.main()
