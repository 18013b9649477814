"""Runs a program on a pseudo-terminal and types two passwords at its prompts.

Usage: terminal_password.py PROGRAM FIRST SECOND ARGUMENTS...

Waits for "Password for" and types FIRST, waits for "Again: " and types SECOND, reads the
screen to the end and prints JSON: the exit status, everything the terminal showed, and
whether the terminal echoes again at the end. Reads block until the text arrives; the
60-second limit only stops a program that hangs.
"""
import json
import os
import pty
import select
import sys
import termios

program, first, second, *arguments = sys.argv[1:]
pid, terminal = pty.fork()
if pid == 0:
    os.execv(program, [program, *arguments])

screen = b""


def read_some():
    global screen
    ready, _, _ = select.select([terminal], [], [], 60)
    if not ready:
        raise SystemExit("no output within 60 s; the screen so far: %r" % screen)
    try:
        chunk = os.read(terminal, 1024)
    except OSError:  # the program ended and closed its side
        chunk = b""
    screen += chunk
    return chunk


def wait_for(text):
    while text not in screen:
        if not read_some():
            raise SystemExit("ended before %r; the screen: %r" % (text, screen))


wait_for(b"Password for")
os.write(terminal, first.encode() + b"\n")
wait_for(b"Again: ")
os.write(terminal, second.encode() + b"\n")
while read_some():
    pass
echo_after = bool(termios.tcgetattr(terminal)[3] & termios.ECHO)
_, status = os.waitpid(pid, 0)
print(json.dumps({
    "status": os.waitstatus_to_exitcode(status),
    "screen": screen.decode("utf-8", "replace"),
    "echo_after": echo_after,
}))
