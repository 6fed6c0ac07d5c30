"""Starts ipykernel so that it publishes nothing on iopub before a client has subscribed there.

Why: a ZeroMQ PUB socket drops every message published while no subscriber is connected. .NET
Interactive's ``#!connect jupyter`` starts Python and at once connects its shell socket and its iopub
SUB socket; each retries every 100-200 ms until Python has bound its ports, so the shell can join up to
a retry earlier than iopub. Python then answers ``kernel_info`` and runs the connect's first
``execute_request`` (the comm handler's definition) before iopub has a subscriber, and the
``status: idle`` that ends that request, which the connect waits for, is dropped: the connect waits
forever. Traced in 4 connects of 44 on a loaded 2-core machine: in each, iopub's first peer arrived
after that ``idle`` had been published.

How: ipykernel gets an XPUB socket where it asks for its iopub PUB socket (an XPUB publishes exactly as
a PUB does, and also hands the application each subscription it has registered). The IOPub thread,
which owns that socket, listens there for the first subscription while the kernel starts up; the kernel
begins to serve (and to publish its status) only once it has come, or after ``WAIT_SECONDS``, when it
carries on as before. From then on every iopub message reaches the client.

It also holds, from the start, every request the connect sends before it listens for the answer:
``kernel_info_request``, ``comm_open`` and the requests ``reply_hold`` holds (the first ``execute_request``
is the connect's own), as ``reply_hold`` holds cells.

Runs on any Python that runs ipykernel (no ``concurrency_lab`` import, no 3.11 syntax); when something
here does not fit the installed ipykernel, the kernel starts exactly as ``python -m ipykernel_launcher``.
"""

import os
import sys

# The first byte of a subscription message (0 would be an unsubscription).
SUBSCRIBE = b"\x01"

WAIT_SECONDS = 30.0

# Requests .NET Interactive's connect sends before it listens for their answers (besides reply_hold's).
CONNECT_REQUESTS = ("kernel_info_request", "comm_open")


class XPubContext:
    """A zmq context that makes an XPUB socket where a PUB socket is asked for."""

    def __init__(self, context):
        self._context = context

    def socket(self, socket_type, *args, **kwargs):
        import zmq

        return self._context.socket(zmq.XPUB if socket_type == zmq.PUB else socket_type, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._context, name)


def _load_reply_hold():
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reply_hold.py")
    spec = importlib.util.spec_from_file_location("concurrency_lab_reply_hold_at_launch", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def listen_for_subscriber(iopub_thread, subscribed):
    """Sets the ``subscribed`` event when the first subscription reaches the XPUB socket of ``iopub_thread``
    (ipykernel's IOPubThread): it listens on that thread's own loop, since a zmq socket is used by one
    thread only, and the thread keeps sending as before meanwhile."""
    from zmq.eventloop.zmqstream import ZMQStream

    def listen():
        stream = ZMQStream(iopub_thread.socket, iopub_thread.io_loop)

        def received(frames):
            if frames and frames[0][:1] == SUBSCRIBE:
                stream.stop_on_recv()
                subscribed.set()

        stream.on_recv(received)
        iopub_thread.lab_subscription_stream = stream  # kept alive as long as the thread

    iopub_thread.io_loop.add_callback(listen)


def app_class(wait_seconds=WAIT_SECONDS):
    """IPKernelApp, binding iopub as an XPUB and serving nothing before the first subscriber is there."""
    import threading

    from ipykernel.kernelapp import IPKernelApp

    class SubscribedKernelApp(IPKernelApp):
        waited_for_subscriber = None  # once started: whether a subscription came within wait_seconds

        def init_iopub(self, context):
            super().init_iopub(XPubContext(context))
            self.lab_subscribed = threading.Event()
            # The rest of the start-up (IPython, the kernel) runs meanwhile, as the client connects.
            listen_for_subscriber(self.iopub_thread, self.lab_subscribed)

        def init_kernel(self):
            super().init_kernel()
            try:
                reply_hold = _load_reply_hold()
                reply_hold.hold_replies(self.kernel, requests=CONNECT_REQUESTS + tuple(reply_hold.HELD_REQUESTS))
            except Exception as error:  # the kernel still runs; only the hold is missing
                self.log.warning("Requests not held: %s", error)

        def start(self):
            # kernel.start() (in super().start()) is where the kernel begins to serve and to publish its status.
            self.waited_for_subscriber = self.lab_subscribed.wait(wait_seconds)
            if not self.waited_for_subscriber:
                self.log.warning("No client subscribed to iopub within %s s; starting anyway.", wait_seconds)
            super().start()

    return SubscribedKernelApp


def main(argv=None):
    try:
        app = app_class()
    except Exception as error:
        print(f"concurrency_lab.kernel_launch: {error}; starting the plain ipykernel", file=sys.stderr)
        from ipykernel.kernelapp import IPKernelApp as app
    app.launch_instance(argv)


if __name__ == "__main__":
    main()
