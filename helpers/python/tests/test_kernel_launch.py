"""kernel_launch: ipykernel that publishes nothing on iopub before its client has subscribed there."""
import os
import subprocess
import sys
import tempfile
import threading
import unittest

try:
    import zmq
    from jupyter_client.connect import write_connection_file
    from jupyter_client.session import Session
    import ipykernel  # noqa: F401  (the launched kernel needs it)
except ImportError as missing:  # the helpers themselves need none of these
    zmq = None
    MISSING = f"needs pyzmq, jupyter_client and ipykernel ({missing})"
else:
    MISSING = ""

from concurrency_lab import kernel_launch

LAUNCHER = kernel_launch.__file__


@unittest.skipIf(zmq is None, MISSING)
class ListenForSubscriberTests(unittest.TestCase):
    def setUp(self):
        from ipykernel.iostream import IOPubThread

        self.context = zmq.Context()
        self.xpub = self.context.socket(zmq.XPUB)
        self.xpub.linger = 0
        self.port = self.xpub.bind_to_random_port("tcp://127.0.0.1")
        self.thread = IOPubThread(self.xpub)
        self.thread.start()

    def tearDown(self):
        self.thread.stop()
        self.context.destroy(linger=0)

    def test_the_event_is_set_once_a_subscriber_has_subscribed_and_what_follows_reaches_it(self):
        subscribed = threading.Event()
        kernel_launch.listen_for_subscriber(self.thread, subscribed)
        self.assertFalse(subscribed.wait(0.2), "set with no subscriber connected")

        sub = self.context.socket(zmq.SUB)
        sub.setsockopt(zmq.SUBSCRIBE, b"")
        sub.connect(f"tcp://127.0.0.1:{self.port}")

        self.assertTrue(subscribed.wait(60), "no subscription seen within 60 s")
        self.thread.send_multipart([b"first message"])
        self.assertTrue(sub.poll(60_000), "the first message after the subscription was dropped")
        self.assertEqual(b"first message", sub.recv())

    def test_the_context_makes_an_xpub_where_a_pub_is_asked_for_and_nothing_else_changes(self):
        context = kernel_launch.XPubContext(self.context)
        pub, dealer = context.socket(zmq.PUB), context.socket(zmq.DEALER)
        try:
            self.assertEqual((zmq.XPUB, zmq.DEALER), (pub.type, dealer.type))
            self.assertEqual(self.context.underlying, context.underlying)
        finally:
            pub.close(0)
            dealer.close(0)


@unittest.skipIf(zmq is None, MISSING)
class LaunchedKernelTests(unittest.TestCase):
    """A real kernel started as the notebook's connect starts it, with the client's sockets joining in the order
    that lost messages: the shell first, iopub only later."""

    QUIET_SECONDS = 3  # how long the shell is watched for an answer given before iopub has a subscriber

    def test_the_kernel_answers_nothing_before_iopub_has_a_subscriber_and_then_loses_no_status(self):
        with tempfile.TemporaryDirectory() as folder:
            connection_file, info = write_connection_file(os.path.join(folder, "kernel.json"), ip="127.0.0.1")
            kernel = subprocess.Popen([sys.executable, LAUNCHER, "-f", connection_file], cwd=folder,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            context = zmq.Context()
            try:
                self.check_order(context, info)
            finally:
                kernel.kill()
                kernel.wait(60)
                context.destroy(linger=0)

    def check_order(self, context, info):
        address = "tcp://127.0.0.1:{}"
        session = Session(key=info["key"].encode() if isinstance(info["key"], str) else info["key"],
                          signature_scheme=info["signature_scheme"])
        shell = context.socket(zmq.DEALER)
        joined = shell.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
        shell.connect(address.format(info["shell_port"]))
        request = session.send(shell, "kernel_info_request", {})
        # The shell's handshake means Python has bound its sockets (iopub right after the shell): from here on an
        # ipykernel that does not wait answers as soon as it has started.
        self.assertTrue(joined.poll(120_000), "the kernel did not start within 120 s")

        answered_early = shell.poll(self.QUIET_SECONDS * 1000)
        self.assertFalse(answered_early, "the kernel answered on the shell before anyone had subscribed to iopub")

        iopub = context.socket(zmq.SUB)
        iopub.setsockopt(zmq.SUBSCRIBE, b"")
        iopub.connect(address.format(info["iopub_port"]))
        self.assertTrue(shell.poll(120_000), "no kernel_info_reply within 120 s of subscribing")
        _, reply = session.feed_identities(shell.recv_multipart())
        self.assertEqual("kernel_info_reply", session.deserialize(reply)["header"]["msg_type"])

        states = []
        while "idle" not in states:
            self.assertTrue(iopub.poll(60_000), f"iopub stopped after {states} for the request")
            _, parts = session.feed_identities(iopub.recv_multipart())
            message = session.deserialize(parts)
            if message["msg_type"] == "status" and message["parent_header"].get("msg_id") == request["header"]["msg_id"]:
                states.append(message["content"]["execution_state"])
        self.assertEqual(["busy", "idle"], states)


if __name__ == "__main__":
    unittest.main()
