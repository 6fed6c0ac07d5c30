"""An IPython startup file for the connect measurement: logs, per kernel process, when each shell request
arrives, each message the kernel sends (and on which socket), and when peers join or leave its iopub and
shell sockets. This is how a hanging connect was traced to an iopub "idle" published before iopub's first
peer had joined.

    mkdir -p /tmp/ipy/profile_default/startup /tmp/trace
    cp trace_messages.py /tmp/ipy/profile_default/startup/
    IPYTHONDIR=/tmp/ipy LAB_TRACE_DIR=/tmp/trace LAB_CONNECT_RUNS=40 dotnet test tests/ConcurrencyLab.Kernel.Tests \
        --filter "FullyQualifiedName~PythonConnectMeasurement"

Then /tmp/trace/PID.log for each kernel. A peer that joined before the file ran (while the kernel started)
is not logged.
"""
import os
import threading
import time

import zmq
from IPython import get_ipython
from ipykernel.kernelapp import IPKernelApp

_kernel = get_ipython().kernel
_log = open(os.path.join(os.environ["LAB_TRACE_DIR"], f"{os.getpid()}.log"), "a", buffering=1)


def _write(*words):
    _log.write(f"{time.time():.4f} {threading.current_thread().name} " + " ".join(map(str, words)) + "\n")


_app = IPKernelApp.instance()
_write("startup", type(_app).__name__, "waited_for_subscriber", getattr(_app, "waited_for_subscriber", None))


def _socket_name(stream):
    if stream is _kernel.iopub_socket or stream is getattr(_kernel.iopub_thread, "background_socket", None):
        return "iopub"
    return {id(_kernel.shell_stream): "shell", id(_kernel.control_stream): "control"}.get(id(stream), type(stream).__name__)


_send = _kernel.session.send


def _logged_send(stream, msg_or_type, content=None, parent=None, ident=None, *args, **kwargs):
    kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type["header"]["msg_type"]
    parent_kind = parent.get("header", {}).get("msg_type", "") if isinstance(parent, dict) else ""
    state = content.get("execution_state", "") if isinstance(content, dict) else ""
    _write("send", _socket_name(stream), kind, state, "parent=" + parent_kind)
    return _send(stream, msg_or_type, content, parent, ident, *args, **kwargs)


_kernel.session.send = _logged_send


def _logged(handler, name):
    def arrived(*args, **kwargs):
        _write("recv", name)
        return handler(*args, **kwargs)
    return arrived


for _name, _handler in list(_kernel.shell_handlers.items()):
    _kernel.shell_handlers[_name] = _logged(_handler, _name)


def _watch_peers(socket, label):
    from zmq.utils.monitor import recv_monitor_message
    monitor = socket.get_monitor_socket()
    names = {event.value: event.name for event in zmq.Event}

    def run():
        while True:
            try:
                event = recv_monitor_message(monitor)
            except zmq.ZMQError:
                return
            _write("peer", label, names.get(event["event"], event["event"]))

    threading.Thread(target=run, daemon=True, name="peers-" + label).start()


_watch_peers(_kernel.iopub_thread.socket, "iopub")
_watch_peers(_kernel.shell_stream.socket, "shell")
