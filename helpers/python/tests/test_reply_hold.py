"""The hold that keeps a Python reply behind .NET Interactive's subscription to it."""
import asyncio
import unittest
from unittest import mock

from concurrency_lab import reply_hold
from concurrency_lab.reply_hold import hold_replies, hold_replies_or_explain, unsupported_reason

TRIED = "6.17.0"  # the ipykernel these tests stand for (Debian's); the version check has its own tests below


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
        hold_replies(kernel, 0.05, version=TRIED)
        self.run_handler(kernel, "execute_request", log)
        self.run_handler(kernel, "comm_msg", log)
        self.assertEqual([("hold", 0.05), ("execute", "execute_request"), ("hold", 0.05), ("comm", "comm_msg")], log)

    def test_other_requests_are_not_held(self):
        log = []
        kernel = FakeKernel(log)
        hold_replies(kernel, 0.05, version=TRIED)
        self.run_handler(kernel, "kernel_info_request", log)
        self.assertEqual([("info", "kernel_info_request")], log)

    def test_the_requests_to_hold_can_be_named(self):
        log = []
        kernel = FakeKernel(log)
        hold_replies(kernel, 0.05, requests=("kernel_info_request", "comm_open"), version=TRIED)  # this kernel has no comm_open
        self.run_handler(kernel, "kernel_info_request", log)
        self.run_handler(kernel, "execute_request", log)
        self.assertEqual([("hold", 0.05), ("info", "kernel_info_request"), ("execute", "execute_request")], log)

    def test_holding_again_changes_the_length_instead_of_adding_a_second_hold(self):
        log = []
        kernel = FakeKernel(log)
        hold_replies(kernel, 0.05, version=TRIED)
        hold_replies(kernel, 0.2, version=TRIED)
        self.run_handler(kernel, "execute_request", log)
        self.assertEqual([("hold", 0.2), ("execute", "execute_request")], log)

    def test_a_negative_hold_is_refused(self):
        with self.assertRaisesRegex(ValueError, "must not be negative"):
            hold_replies(FakeKernel([]), -0.1, version=TRIED)

    def test_outside_an_ipython_kernel_it_says_so(self):
        with self.assertRaisesRegex(RuntimeError, "needs a running IPython kernel"):
            hold_replies(version=TRIED)


class VersionCheckTests(unittest.TestCase):
    """The hold patches ipykernel's private shell_handlers only on the versions whose dispatch it was written for."""

    def test_the_6_and_7_series_are_supported_pre_releases_included(self):
        for version in ("6.0.0", "6.17.0", "6.29.5", "7.0.0a1", "7.0.0", "7.3.0", "7.99"):
            with self.subTest(version=version):
                self.assertIsNone(unsupported_reason(version))

    def test_older_and_newer_series_are_refused_with_the_version_and_the_range(self):
        for version in ("5.5.6", "4.10.1", "8.0.0", "8.0.0a1", "10.1"):
            with self.subTest(version=version):
                reason = unsupported_reason(version)
                self.assertIn(f"ipykernel {version} is not a version reply_hold was written for", reason)
                self.assertIn("6.0 up to, not including, 8.0", reason)

    def test_an_unknown_or_unreadable_version_is_refused(self):
        self.assertIn("version is unknown", unsupported_reason(None))
        self.assertIn("cannot be read", unsupported_reason("dev"))

    def test_an_unsupported_version_leaves_every_handler_as_it_was(self):
        kernel = FakeKernel([])
        before = dict(kernel.shell_handlers)
        with self.assertRaisesRegex(reply_hold.UnsupportedKernelError, "ipykernel 8.1.0 is not a version"):
            hold_replies(kernel, 0.05, version="8.1.0")
        self.assertEqual(before, kernel.shell_handlers)

    def test_the_explaining_form_returns_one_line_instead_of_raising_and_nothing_when_it_held(self):
        kernel = FakeKernel([])
        note = hold_replies_or_explain(kernel, version="5.5.6")
        self.assertTrue(note.startswith("concurrency_lab.reply_hold: requests are not held: ipykernel 5.5.6"), note)
        self.assertNotIn("\n", note)
        self.assertFalse(hasattr(kernel.shell_handlers["execute_request"], "held_handler"))

        self.assertIsNone(hold_replies_or_explain(kernel, version=TRIED))
        self.assertEqual(0.05, kernel.shell_handlers["execute_request"].hold_seconds)

    def test_without_a_version_the_installed_ipykernel_is_asked(self):
        with mock.patch.object(reply_hold, "_installed_version", return_value="4.0.0"):
            self.assertIn("ipykernel 4.0.0", hold_replies_or_explain(FakeKernel([])))
        with mock.patch.object(reply_hold, "_installed_version", return_value=None):
            self.assertIn("version is unknown", hold_replies_or_explain(FakeKernel([])))


if __name__ == "__main__":
    unittest.main()
