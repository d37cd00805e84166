"""course_lib.distributed: start, wait, time out and clean up worker processes (tiny Python workers, no TensorFlow)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from course_lib import distributed


def _script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it is not running
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(autouse=True)
def _nothing_left_behind():
    yield
    assert distributed.live_workers() == [], "a test left a worker running"


# ---------------------------------------------------------------- addresses, ports, TF_CONFIG


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_addresses_are_accepted(host: str) -> None:
    assert distributed.check_loopback(host) == host


@pytest.mark.parametrize("host", ["10.0.0.5", "0.0.0.0", "192.168.1.20", "example.com", "8.8.8.8", "::"])
def test_other_addresses_are_refused_with_a_clear_error(host: str) -> None:
    with pytest.raises(ValueError, match="only loopback addresses are allowed"):
        distributed.check_loopback(host)


@pytest.mark.parametrize("host", [None, "", 127])
def test_check_loopback_refuses_non_strings(host) -> None:
    with pytest.raises(ValueError, match="expected a host name or address"):
        distributed.check_loopback(host)


def test_free_ports_are_distinct_and_bindable() -> None:
    import socket

    ports = distributed.free_ports(4)
    assert len(set(ports)) == 4
    for port in ports:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))
    with pytest.raises(ValueError, match="positive number of ports"):
        distributed.free_ports(0)
    with pytest.raises(ValueError, match="only loopback"):
        distributed.free_ports(1, host="0.0.0.0")


def test_tf_config_names_every_worker_and_this_one() -> None:
    config = distributed.tf_config([20001, 20002, 20003], 2)
    assert config["cluster"]["worker"] == ["127.0.0.1:20001", "127.0.0.1:20002", "127.0.0.1:20003"]
    assert config["task"] == {"type": "worker", "index": 2}
    assert distributed.tf_config([20001], 0, host="::1")["cluster"]["worker"] == ["[::1]:20001"]


@pytest.mark.parametrize(
    ("ports", "index", "message"),
    [
        ([], 0, "non-empty list of TCP ports"),
        ([20001, 70000], 0, "non-empty list of TCP ports"),
        ([20001, 20001], 0, "cannot share a port"),
        ([20001, 20002], 2, "worker index in \\[0, 2\\)"),
        ([20001, 20002], -1, "worker index"),
        ([20001, 20002], True, "worker index"),
    ],
)
def test_tf_config_refuses_bad_input(ports, index, message) -> None:
    with pytest.raises(ValueError, match=message):
        distributed.tf_config(ports, index)


def test_tf_config_refuses_a_real_address() -> None:
    with pytest.raises(ValueError, match="only loopback"):
        distributed.tf_config([20001], 0, host="10.1.2.3")


# ---------------------------------------------------------------- running workers


def test_workers_get_their_tf_config_and_results_come_back_in_order(tmp_path: Path) -> None:
    script = _script(
        tmp_path,
        "worker.py",
        """
        import json, os, sys
        from course_lib.distributed import emit_result
        config = json.loads(os.environ["TF_CONFIG"])
        print("some log line")
        emit_result({"index": config["task"]["index"], "cluster": config["cluster"]["worker"], "arg": sys.argv[1]})
        """,
    )
    results = distributed.run_workers(script, 3, ["hello"], log_dir=tmp_path / "logs", timeout=60)
    assert [r.index for r in results] == [0, 1, 2]
    assert [r.result["index"] for r in results] == [0, 1, 2]
    clusters = {tuple(r.result["cluster"]) for r in results}
    assert len(clusters) == 1 and all(a.startswith("127.0.0.1:") for a in next(iter(clusters)))
    assert all(r.returncode == 0 and r.result["arg"] == "hello" and r.stdout == "some log line" for r in results)
    assert (tmp_path / "logs" / "worker2.out").is_file()


def test_without_cluster_no_tf_config_and_one_argument_list_per_worker(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TF_CONFIG", "left over from the parent")
    script = _script(
        tmp_path,
        "plain.py",
        """
        import os, sys
        from course_lib.distributed import emit_result
        emit_result([os.environ.get("TF_CONFIG"), sys.argv[1:], os.environ.get("EXTRA")])
        """,
    )
    results = distributed.run_workers(
        script, 2, [["a", "1"], ["b", "2"]], log_dir=tmp_path, cluster=False, env={"EXTRA": "x"}, timeout=60
    )
    assert [r.result for r in results] == [[None, ["a", "1"], "x"], [None, ["b", "2"], "x"]]


def test_a_failing_worker_stops_the_others_and_raises_with_its_log(tmp_path: Path) -> None:
    script = _script(
        tmp_path,
        "fail.py",
        """
        import json, os, sys, time
        index = json.loads(os.environ["TF_CONFIG"])["task"]["index"]
        if index == 1:
            raise SystemExit("worker one gives up")
        time.sleep(60)  # worker 0 would wait for its peer forever
        """,
    )
    start = time.monotonic()
    with pytest.raises(distributed.WorkerError, match="worker 1 exited with code 1(.|\n)*worker one gives up"):
        distributed.run_workers(script, 2, log_dir=tmp_path, timeout=60)
    assert time.monotonic() - start < 30, "the healthy worker should have been stopped, not waited for"


def test_check_false_returns_the_failure_instead(tmp_path: Path) -> None:
    script = _script(tmp_path, "kill.py", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    (result,) = distributed.run_workers(script, 1, log_dir=tmp_path, cluster=False, check=False, timeout=60)
    assert result.returncode == -signal.SIGKILL and result.result is None


def test_timeout_stops_and_reaps_every_worker(tmp_path: Path) -> None:
    script = _script(tmp_path, "sleep.py", "import time\ntime.sleep(120)\n")
    group = distributed.start_workers(script, 2, log_dir=tmp_path)
    pids = group.pids
    with pytest.raises(distributed.WorkerError, match="did not finish within 1 s"):
        group.wait(timeout=1)
    assert not any(_alive(pid) for pid in pids)
    assert all(p.returncode is not None for p in group.processes)


def test_a_worker_that_ignores_sigterm_is_killed(tmp_path: Path) -> None:
    script = _script(
        tmp_path,
        "stubborn.py",
        """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("ready", flush=True)
        time.sleep(120)
        """,
    )
    group = distributed.start_workers(script, 1, log_dir=tmp_path, cluster=False)
    deadline = time.monotonic() + 30
    while "ready" not in (tmp_path / "worker0.out").read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    start = time.monotonic()
    group.stop()
    assert group.processes[0].returncode == -signal.SIGKILL
    assert time.monotonic() - start < 15


def test_children_of_a_worker_are_stopped_too(tmp_path: Path) -> None:
    script = _script(
        tmp_path,
        "parent.py",
        """
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        print(child.pid, flush=True)
        time.sleep(120)
        """,
    )
    group = distributed.start_workers(script, 1, log_dir=tmp_path, cluster=False)
    deadline = time.monotonic() + 30
    while not (tmp_path / "worker0.out").read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int((tmp_path / "worker0.out").read_text().split()[0])
    assert _alive(child)
    group.stop()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_keyboard_interrupt_while_waiting_stops_the_workers(tmp_path: Path) -> None:
    script = _script(tmp_path, "sleep.py", "import time\ntime.sleep(120)\n")
    group = distributed.start_workers(script, 2, log_dir=tmp_path)
    pids = group.pids
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))  # the notebook's stop button
    # A shell starts background jobs (`make test &`) with SIGINT ignored; Jupyter's stop button needs Python's handler.
    handler = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            group.wait(timeout=60)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, handler)
    assert not any(_alive(pid) for pid in pids)


def test_context_manager_and_stop_all(tmp_path: Path) -> None:
    script = _script(tmp_path, "sleep.py", "import time\ntime.sleep(120)\n")
    with distributed.workers(script, 2, log_dir=tmp_path, cluster=False) as group:
        pids = group.pids
        assert sorted(pids) == distributed.live_workers()
    assert not any(_alive(pid) for pid in pids)
    group = distributed.start_workers(script, 1, log_dir=tmp_path, cluster=False)
    assert distributed.stop_all() == 1
    assert not _alive(group.pids[0])


def test_workers_die_with_a_parent_that_is_killed(tmp_path: Path) -> None:
    """A kernel killed with SIGKILL runs no clean-up; the workers must not outlive it (Linux)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("parent-death signal is Linux-only")
    worker = _script(tmp_path, "sleep.py", "import time\ntime.sleep(120)\n")
    parent = _script(
        tmp_path,
        "kernel.py",
        f"""
        import time
        from course_lib import distributed
        group = distributed.start_workers({str(worker)!r}, 1, log_dir={str(tmp_path / "logs")!r}, cluster=False)
        print(group.pids[0], flush=True)
        time.sleep(120)
        """,
    )
    process = subprocess.Popen([sys.executable, str(parent)], stdout=subprocess.PIPE, text=True)
    try:
        worker_pid = int(process.stdout.readline())
        assert _alive(worker_pid)
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    deadline = time.monotonic() + 10
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker_pid)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_workers": 0}, ValueError, "positive number of workers"),
        ({"n_workers": 2, "args": [["a"]]}, ValueError, "one argument list per worker"),
        ({"n_workers": 1, "args": [{"a": 1}]}, ValueError, "args must be a list of strings"),
        ({"n_workers": 1, "host": "10.0.0.1"}, ValueError, "only loopback"),
    ],
)
def test_start_workers_refuses_bad_input(tmp_path: Path, kwargs, error, message) -> None:
    script = _script(tmp_path, "ok.py", "print('ok')\n")
    with pytest.raises(error, match=message):
        distributed.start_workers(script, log_dir=tmp_path, **kwargs)


def test_start_workers_needs_an_existing_script(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no worker script"):
        distributed.start_workers(tmp_path / "missing.py", 1, log_dir=tmp_path)


def test_emit_result_is_one_json_line(capsys) -> None:
    distributed.emit_result({"a": [1, 2.5]})
    out = capsys.readouterr().out
    assert out.startswith(distributed.RESULT_MARK) and json.loads(out[len(distributed.RESULT_MARK) :]) == {
        "a": [1, 2.5]
    }
