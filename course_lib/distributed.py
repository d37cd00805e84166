"""Start, watch and stop the worker processes of a multi-process training run, on this machine only.

A multi-worker TensorFlow job is several Python processes, each told by the ``TF_CONFIG``
environment variable who is in the cluster (``host:port`` of every worker) and which one it is.
On a real cluster a scheduler (Kubernetes, Slurm, Vertex AI) starts them on different machines;
here :func:`run_workers` starts them on the loopback address ``127.0.0.1``, so nothing leaves the
machine. It hides the plumbing that is not the lesson's subject: free ports, one ``TF_CONFIG``
per worker, logs, a time limit, and above all **cleanup**: whatever happens (a worker fails, the
time runs out, the learner presses stop), every worker is terminated and reaped, so no process is
left behind.

A worker script hands a result back with :func:`emit_result` (one JSON line on its standard
output); the parent reads it in :attr:`WorkerResult.result`.

Introduced in lesson 11.
"""

from __future__ import annotations

import atexit
import contextlib
import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULT_MARK = "@@course_lib.result "
LOOPBACK_NAMES = ("localhost",)

_LIVE: set[subprocess.Popen] = set()  # every worker started and not yet reaped, for the atexit cleanup


class WorkerError(RuntimeError):
    """A worker exited with an error, or did not finish in time; the message quotes its log."""


def check_loopback(host: str) -> str:
    """Return ``host`` if it is a loopback address (``127.x.x.x``, ``::1`` or ``localhost``), else
    raise ``ValueError``: these helpers start processes on this machine and listen on this machine only.

    Example:
        >>> check_loopback("127.0.0.1")
        '127.0.0.1'
        >>> check_loopback("10.0.0.5")
        Traceback (most recent call last):
        ...
        ValueError: only loopback addresses are allowed (127.0.0.1, ::1 or localhost), got '10.0.0.5': ...
    """
    if not isinstance(host, str) or not host:
        raise ValueError(f"expected a host name or address as a string, got {host!r}")
    if host.lower() in LOOPBACK_NAMES:
        return host
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(
            f"only loopback addresses are allowed (127.0.0.1, ::1 or localhost), got {host!r}: these helpers "
            "start workers on this machine; on a real cluster the scheduler writes TF_CONFIG for each machine"
        )
    return host


def free_ports(n: int, host: str = "127.0.0.1") -> list[int]:
    """``n`` distinct TCP ports that are free on ``host`` right now (the system picks them).

    Example:
        >>> ports = free_ports(2)
        >>> len(set(ports)) == 2 and all(1024 <= p < 65536 for p in ports)
        True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"expected a positive number of ports, got {n!r}")
    check_loopback(host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets = []
    try:
        for _ in range(n):  # all open at once, so the system cannot hand out the same port twice
            s = socket.socket(family, socket.SOCK_STREAM)
            s.bind((host, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def tf_config(ports: Sequence[int], index: int, host: str = "127.0.0.1") -> dict[str, Any]:
    """The ``TF_CONFIG`` of worker ``index`` in a cluster of workers listening on ``host:port``.

    Every worker gets the same ``cluster``; only ``task.index`` differs. Worker 0 is the chief by
    convention (it writes the checkpoints and the logs).

    Example:
        >>> tf_config([20001, 20002], 1)
        {'cluster': {'worker': ['127.0.0.1:20001', '127.0.0.1:20002']}, 'task': {'type': 'worker', 'index': 1}}
    """
    check_loopback(host)
    ports = list(ports)
    if not ports or not all(isinstance(p, int) and not isinstance(p, bool) and 0 < p < 65536 for p in ports):
        raise ValueError(f"expected a non-empty list of TCP ports (1-65535), got {ports!r}")
    if len(set(ports)) != len(ports):
        raise ValueError(f"two workers cannot share a port, got {ports!r}")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(ports):
        raise ValueError(f"expected a worker index in [0, {len(ports)}), got {index!r}")
    address = f"[{host}]" if ":" in host else host
    return {"cluster": {"worker": [f"{address}:{p}" for p in ports]}, "task": {"type": "worker", "index": index}}


def emit_result(result: Any) -> None:
    """In a worker script: hand ``result`` (anything JSON can hold) back to the parent.

    It prints one marked line; :func:`run_workers` finds the last such line of each worker.

    Example:
        >>> emit_result({"accuracy": 0.97})
        @@course_lib.result {"accuracy": 0.97}
    """
    print(RESULT_MARK + json.dumps(result), flush=True)


@dataclass
class WorkerResult:
    """One finished worker: its index, exit code (negative: killed by that signal), seconds from
    start to exit, the result it emitted (None if it emitted none) and the tails of its logs."""

    index: int
    returncode: int
    seconds: float
    result: Any = None
    stdout: str = ""
    stderr: str = ""
    log_dir: Path | None = field(default=None, repr=False)


def _parse_result(stdout: str) -> Any:
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_MARK)]
    return json.loads(lines[-1][len(RESULT_MARK) :]) if lines else None


def _preexec() -> None:  # pragma: no cover - runs in the child
    """In the child, before it runs: its own process group, and (Linux) die if the parent dies."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def _stop(process: subprocess.Popen, grace: float = 3.0) -> None:
    """Terminate a worker and its children (SIGTERM to its process group, then SIGKILL), and reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    else:  # the worker is gone; make sure anything it started is too
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    _LIVE.discard(process)


@atexit.register
def stop_all() -> int:
    """Stop every worker these helpers started that is still running; return how many were stopped.

    Runs by itself when the Python process (a notebook's kernel) exits.

    Example:
        >>> stop_all()
        0
    """
    live = [p for p in _LIVE if p.poll() is None]
    for process in list(_LIVE):
        _stop(process)
    return len(live)


def live_workers() -> list[int]:
    """Process ids of the workers started here that are still running (empty when all is clean).

    Example:
        >>> live_workers()
        []
    """
    return sorted(p.pid for p in _LIVE if p.poll() is None)


def _tail(path: Path, chars: int = 3000) -> str:
    text = path.read_text(errors="replace") if path.is_file() else ""
    return text[-chars:]


class WorkerGroup:
    """Worker processes started together; use :func:`start_workers`, then :meth:`wait` (or ``with``)."""

    def __init__(self, processes: list[subprocess.Popen], log_dir: Path, started: float) -> None:
        self.processes = processes
        self.log_dir = log_dir
        self.started = started
        self.ended: dict[int, float] = {}

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers."""
        return [p.pid for p in self.processes]

    def stop(self) -> None:
        """Terminate and reap every worker of the group that is still running."""
        for process in self.processes:
            _stop(process)

    def wait(self, timeout: float = 120.0, check: bool = True) -> list[WorkerResult]:
        """Wait until every worker exits, at most ``timeout`` seconds, and return their results.

        With ``check`` (the default), the first worker that fails stops the others (in a
        multi-worker job they would wait for it forever) and raises :class:`WorkerError` with the
        end of its log; so does a timeout. Every worker is stopped and reaped whatever happens,
        ``KeyboardInterrupt`` (the notebook's stop button) included.
        """
        deadline = time.monotonic() + timeout
        try:
            while True:
                codes = [p.poll() for p in self.processes]
                for i, code in enumerate(codes):
                    if code is not None and i not in self.ended:
                        self.ended[i] = time.monotonic() - self.started
                failed = [i for i, code in enumerate(codes) if code not in (None, 0)]
                if check and failed:
                    raise WorkerError(self._describe(failed[0], f"exited with code {codes[failed[0]]}"))
                if all(code is not None for code in codes):
                    break
                if time.monotonic() > deadline:
                    waiting = [i for i, code in enumerate(codes) if code is None]
                    raise WorkerError(self._describe(waiting[0], f"did not finish within {timeout:g} s"))
                time.sleep(0.05)
        finally:
            self.stop()
        return [self._result(i) for i in range(len(self.processes))]

    def _result(self, index: int) -> WorkerResult:
        stdout = (self.log_dir / f"worker{index}.out").read_text(errors="replace")
        return WorkerResult(
            index=index,
            returncode=self.processes[index].returncode,
            seconds=self.ended.get(index, time.monotonic() - self.started),
            result=_parse_result(stdout),
            stdout="\n".join(line for line in stdout.splitlines() if not line.startswith(RESULT_MARK))[-3000:],
            stderr=_tail(self.log_dir / f"worker{index}.err"),
            log_dir=self.log_dir,
        )

    def _describe(self, index: int, what: str) -> str:
        log = _tail(self.log_dir / f"worker{index}.err", 1500).strip() or "(empty)"
        return f"worker {index} {what}; all workers were stopped. End of its error log:\n{log}"

    def __enter__(self) -> WorkerGroup:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_workers(
    script: str | Path,
    n_workers: int = 2,
    args: Sequence[str] | Sequence[Sequence[str]] = (),
    *,
    log_dir: str | Path,
    host: str = "127.0.0.1",
    cluster: bool = True,
    env: Mapping[str, str] | None = None,
) -> WorkerGroup:
    """Start ``n_workers`` Python processes running ``script`` and return at once (a :class:`WorkerGroup`).

    With ``cluster`` each gets a ``TF_CONFIG`` for a cluster of ``n_workers`` on free ports of
    ``host`` (loopback only); without it, no ``TF_CONFIG`` (independent processes). ``args`` are
    the command-line arguments, the same for every worker, or one list per worker. Each worker's
    standard output and error go to ``log_dir/worker<i>.out`` and ``.err``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     script = Path(folder) / "hello.py"
        ...     _ = script.write_text("import sys; print('hello from', sys.argv[1])")
        ...     group = start_workers(script, 2, args=[["a"], ["b"]], log_dir=folder, cluster=False)
        ...     print([r.stdout for r in group.wait(timeout=30)])
        ['hello from a', 'hello from b']
    """
    script = Path(script)
    if not script.is_file():
        raise FileNotFoundError(f"no worker script at {script}")
    if isinstance(n_workers, bool) or not isinstance(n_workers, int) or n_workers < 1:
        raise ValueError(f"expected a positive number of workers, got {n_workers!r}")
    check_loopback(host)
    args = list(args)
    if args and all(isinstance(a, (list, tuple)) for a in args):
        if len(args) != n_workers:
            raise ValueError(f"expected one argument list per worker ({n_workers}), got {len(args)}")
        per_worker = [[str(a) for a in worker_args] for worker_args in args]
    elif all(isinstance(a, (str, int, float, Path)) for a in args):
        per_worker = [[str(a) for a in args]] * n_workers
    else:
        raise ValueError(f"args must be a list of strings, or one such list per worker, got {args!r}")
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    ports = free_ports(n_workers, host) if cluster else []
    processes: list[subprocess.Popen] = []
    started = time.monotonic()
    try:
        for i in range(n_workers):
            worker_env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
            worker_env.pop("TF_CONFIG", None)
            if cluster:
                worker_env["TF_CONFIG"] = json.dumps(tf_config(ports, i, host))
            with open(log_dir / f"worker{i}.out", "w") as out, open(log_dir / f"worker{i}.err", "w") as err:
                process = subprocess.Popen(
                    [sys.executable, str(script), *per_worker[i]],
                    stdout=out,
                    stderr=err,
                    stdin=subprocess.DEVNULL,
                    env=worker_env,
                    start_new_session=True,  # its own process group: stopping it stops its children too
                    preexec_fn=_preexec,
                )
            processes.append(process)
            _LIVE.add(process)
    except BaseException:
        for process in processes:
            _stop(process)
        raise
    return WorkerGroup(processes, log_dir, started)


def run_workers(
    script: str | Path,
    n_workers: int = 2,
    args: Sequence[str] | Sequence[Sequence[str]] = (),
    *,
    log_dir: str | Path,
    timeout: float = 120.0,
    check: bool = True,
    host: str = "127.0.0.1",
    cluster: bool = True,
    env: Mapping[str, str] | None = None,
) -> list[WorkerResult]:
    """Start ``n_workers`` workers of ``script`` (see :func:`start_workers`), wait for all of them
    (:meth:`WorkerGroup.wait`) and return their :class:`WorkerResult` list, in worker order.

    Every worker is stopped and reaped before this returns or raises: on success, on a failed
    worker or a timeout (:class:`WorkerError`), and on ``KeyboardInterrupt``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     script = Path(folder) / "index.py"
        ...     code = "import json, os; from course_lib.distributed import emit_result; "
        ...     code += "emit_result(json.loads(os.environ['TF_CONFIG'])['task']['index'])"
        ...     _ = script.write_text(code)
        ...     print([r.result for r in run_workers(script, 2, log_dir=folder, timeout=30)])
        [0, 1]
    """
    group = start_workers(script, n_workers, args, log_dir=log_dir, host=host, cluster=cluster, env=env)
    return group.wait(timeout=timeout, check=check)


@contextlib.contextmanager
def workers(*a: Any, **k: Any) -> Iterator[WorkerGroup]:
    """``with workers(script, 2, log_dir=...) as group:``: the group is stopped when the block ends.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     script = Path(folder) / "sleep.py"
        ...     _ = script.write_text("import time; time.sleep(60)")
        ...     with workers(script, 1, log_dir=folder, cluster=False) as group:
        ...         pids = group.pids
        ...     print(live_workers())
        []
    """
    group = start_workers(*a, **k)
    try:
        yield group
    finally:
        group.stop()
