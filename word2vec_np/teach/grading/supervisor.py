"""The process that watches one submission: ``python -I -S supervisor.py SETTINGS_JSON`` (started by submission.py).

Standard library only. It starts worker.py (the submission's process) in a
session of its own with resource limits, and when the worker ends, for any
reason, it kills everything the worker started before it exits itself:

* On Linux it is a child subreaper (``prctl(PR_SET_CHILD_SUBREAPER)``): a
  process that escapes the worker's session with ``setsid`` and a double
  fork is re-parented here, not to init, so walking /proc for this
  process's descendants finds it. Every descendant is killed with SIGKILL,
  round after round, until none is left.
* It counts those descendants every few milliseconds and stops the
  submission when there are more than ``max_processes`` (RLIMIT_NPROC counts
  every process of the user, and root ignores it, so it cannot bound one
  submission on its own).
* It stops the submission at its wall-clock limit, and when its own parent,
  the grader, dies (``PR_SET_PDEATHSIG``: SIGTERM here, SIGKILL in the
  worker), or sends SIGTERM or SIGHUP. Then it also removes the submission's
  private directory. On Linux it takes those signals with their sender
  (``sigtimedwait``) and ignores the ones the submission itself sends.

On macOS there is no subreaper and no /proc: the worker's process group is
killed, which misses a process that called setsid (best effort).

Its one line of output, on stdout, is a JSON object: the worker's exit code,
and "timeout", "processes" or "signal" when it was stopped.
"""

import ctypes
import ctypes.util
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
POLL_SECONDS = 0.02


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def descendants(root: int) -> list[int]:
    """The processes below ``root`` (Linux: from /proc; elsewhere an empty list)."""
    children: dict[int, list[int]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()  # the command name may hold spaces and parentheses
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = [], [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            found.append(pid)
            todo.append(pid)
    return found


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_all(worker: int | None) -> None:
    """Kill the worker's process group and every descendant of this process, until none is left."""
    for _ in range(200):
        if worker is not None:
            try:
                os.killpg(worker, signal.SIGKILL)
            except OSError:
                pass
        pids = descendants(os.getpid())
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        _reap()
        if not pids:
            return
        time.sleep(0.005)


def main(settings: dict) -> None:
    subreaper = _prctl(PR_SET_CHILD_SUBREAPER, 1)
    stop_signals = (signal.SIGTERM, signal.SIGHUP)
    waits = hasattr(signal, "sigtimedwait")  # Linux: a stop signal is taken with its sender's pid
    stopped = []
    if waits:
        signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    else:
        def _stop(signum, frame):
            stopped.append("signal")
            raise SystemExit

        for signum in stop_signals:
            signal.signal(signum, _stop)
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != settings["grader"]:  # the grader died before the line above
        shutil.rmtree(settings["workdir"], ignore_errors=True)
        return

    def limits():  # in the worker, before it runs Python
        if waits:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        for name, value in settings["limits"].items():
            limit = getattr(resource, name, None)
            if limit is not None and value is not None:
                try:
                    resource.setrlimit(limit, (value, value))
                except (ValueError, OSError):
                    pass  # above the hard limit: the supervisor's own watch still applies

    process = None
    result = {"exit": None, "ignored_signals": 0}
    try:
        process = subprocess.Popen(
            settings["argv"], cwd=settings["workdir"], env=settings["env"], stdin=subprocess.DEVNULL,
            stdout=settings["output_fd"], stderr=settings["output_fd"], pass_fds=[settings["result_fd"]],
            start_new_session=True, preexec_fn=limits,
        )
        os.close(settings["output_fd"])
        os.close(settings["result_fd"])
        deadline = time.monotonic() + settings["seconds"]
        while process.poll() is None:
            if time.monotonic() > deadline:
                stopped.append("timeout")
                break
            if subreaper and len(descendants(os.getpid())) > settings["max_processes"]:
                stopped.append("processes")
                break
            if not waits:
                time.sleep(POLL_SECONDS)
                continue
            info = signal.sigtimedwait(stop_signals, POLL_SECONDS)
            if info is None:
                continue
            if info.si_pid == process.pid or info.si_pid in descendants(os.getpid()):
                result["ignored_signals"] += 1  # the submission signals its supervisor: it cannot stop it so
            else:
                stopped.append("signal")  # the grader stops, or died (PR_SET_PDEATHSIG)
                break
    except SystemExit:
        pass
    finally:
        for signum in stop_signals:  # cleaning up now: nothing stops it
            signal.signal(signum, lambda *a: stopped.append("signal"))
        kill_all(process.pid if process is not None else None)
        if process is not None:
            process.wait()
            result["exit"] = process.returncode
        if "signal" in stopped:
            shutil.rmtree(settings["workdir"], ignore_errors=True)
    if stopped:
        result["stopped"] = stopped[0]
    try:
        print(json.dumps(result), flush=True)
    except OSError:
        pass  # the grader is gone


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
