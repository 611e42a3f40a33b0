"""Run a command with a pseudo-terminal as its controlling terminal, answering its prompts.

The age command reads passphrases from the terminal only, never from a pipe.
"""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import termios
import time


def run_with_tty(args: list[str], answers: list[bytes], prompt: bytes = b"passphrase") -> bytes:
    """Run `args`, typing each answer after each prompt; return stdout, raise if it fails."""
    master, slave = os.openpty()

    def make_controlling_terminal() -> None:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        args,
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=slave,
        preexec_fn=make_controlling_terminal,
        pass_fds=(slave,),
    )
    os.close(slave)
    pending = list(answers)
    seen = b""
    deadline = time.monotonic() + 60  # a safety net against a hung child, not an assertion
    try:
        while process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if not ready:
                continue
            try:
                seen += os.read(master, 1024)
            except OSError:
                break
            if pending and prompt in seen.lower():
                os.write(master, pending.pop(0) + b"\n")
                seen = b""
        assert process.stdout is not None
        output = process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, args, output)
    return output
