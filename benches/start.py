#!/usr/bin/env python3
"""Whole-process start times of posdoc, commands alternated in one run.

    python3 benches/start.py [BIN ...] [--runs N] [--cpu 0]

For each binary, every round runs `--version`, `check`, `search 51 --json`
and the interface up to its first frame (POSDOC_EXIT_AFTER_FIRST_FRAME=1,
on an 80x24 pseudo-terminal) one after the other, so a busy machine slows
all of them alike. Prints the median wall time and the median CPU time
(user + system, from wait4) of each, and the wall time over `--version`.
`--cpu 0` pins every run to that core (taskset), as on a one-core machine.
"""

import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import termios
import time

COMMANDS = [
    ("--version", ["--version"], False),
    ("check", ["check"], False),
    ("search 51 --json", ["search", "51", "--json"], False),
    ("tui first frame", ["--lang", "en"], True),
]


def run(argv, tty):
    """Runs argv to the end; returns (wall seconds, cpu seconds)."""
    env = dict(os.environ)
    if tty:
        env["POSDOC_EXIT_AFTER_FIRST_FRAME"] = "1"
        env["TERM"] = "xterm-256color"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        fds = (slave, slave, slave)
    else:
        devnull = os.open(os.devnull, os.O_RDWR)
        fds = (devnull, devnull, devnull)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        if tty:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.execve(argv[0], argv, env)
    if tty:
        os.close(slave)
        # Drain the screen so the child never blocks on a full pty.
        while True:
            ready, _, _ = select.select([master], [], [], 5)
            if not ready:
                break
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if tty:
        os.close(master)
    else:
        os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv} failed: {status}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    args = sys.argv[1:]
    runs, cpu, bins = 41, None, []
    while args:
        a = args.pop(0)
        if a == "--runs":
            runs = int(args.pop(0))
        elif a == "--cpu":
            cpu = args.pop(0)
        else:
            bins.append(os.path.abspath(a))
    bins = bins or [os.path.abspath("target/release/posdoc")]
    prefix = ["/usr/bin/taskset", "-c", cpu] if cpu is not None else []
    results = {(b, name): ([], []) for b in bins for name, _, _ in COMMANDS}
    for _ in range(runs):
        for b in bins:
            for name, cmd_args, tty in COMMANDS:
                wall, cpu_s = run(prefix + [b] + cmd_args, tty)
                results[(b, name)][0].append(wall)
                results[(b, name)][1].append(cpu_s)
    print(f"{runs} rounds, alternated{'' if cpu is None else f', pinned to CPU {cpu}'}; medians:")
    for b in bins:
        print(b)
        base = statistics.median(results[(b, "--version")][0])
        for name, _, _ in COMMANDS:
            walls, cpus = results[(b, name)]
            w = statistics.median(walls)
            print(
                f"  {name:18} wall {w * 1e3:7.2f} ms   cpu {statistics.median(cpus) * 1e3:7.2f} ms"
                f"   over --version {(w - base) * 1e3:+7.2f} ms"
            )


if __name__ == "__main__":
    main()
