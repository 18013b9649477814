#!/usr/bin/env python3
"""No crash is an answer: the solving modules hold no force unwrap (`x!`, `dict[key]!`, `try!`,
`as!`), no `fatalError`, `precondition` or `preconditionFailure`, except the named exceptions
below, each with the reason no input can reach it.

    python3 scripts/check-no-crash.py        # from the repository; exit 1 with each finding

A scenario, a plan or a limit a user gives must end in an answer or an error message
(docs/solving.md "No crash is an answer"), never in a trap that takes the process down with
a backtrace. Comments and the text of string literals are not code; the code inside a string's
interpolation `\\( … )` is.
"""
from __future__ import annotations

import os
import re
import sys

MODULES = ["RotaplanHeuristic", "RotaplanPlanner", "RotaplanFormulation", "GLPKBackend", "LinearModel"]

# (file, code on the line, reason): a finding on that line of that file is allowed.
EXCEPTIONS = [
    ("Sources/RotaplanPlanner/Parallel.swift", "lock.withLock { values.map { $0! } }",
     "DispatchQueue.concurrentPerform returns only after every job has stored its result, whatever the input"),
]

TRAP = re.compile(
    r"(?:[\w\)\]\}>]!(?!=))"            # a postfix force unwrap: x!, f()!, a[i]!
    r"|\btry!|\bas!"                     # forced try and cast
    r"|\bfatalError\s*\(|\bpreconditionFailure\s*\(|\bprecondition\s*\("
    r"|\bunsafelyUnwrapped\b"
)


def code_only(text: str) -> str:
    """The file with comments and string literal text blanked out (interpolations kept), same
    line breaks, so that line numbers stay right."""
    out: list[str] = []
    i, n = 0, len(text)
    # A stack of contexts: "code" or ("string", multiline) with the parenthesis depth of the
    # interpolation we are in.
    stack: list[tuple[str, bool, int]] = [("code", False, 0)]
    while i < n:
        kind, multiline, depth = stack[-1]
        c = text[i]
        if kind == "code":
            if text.startswith("//", i):
                j = text.find("\n", i)
                j = n if j < 0 else j
                out.append(" " * (j - i))
                i = j
                continue
            if text.startswith("/*", i):
                j = text.find("*/", i + 2)
                j = n if j < 0 else j + 2
                out.append("".join("\n" if ch == "\n" else " " for ch in text[i:j]))
                i = j
                continue
            if text.startswith('"""', i):
                stack.append(("string", True, 0))
                out.append('"""')
                i += 3
                continue
            if c == '"':
                stack.append(("string", False, 0))
                out.append('"')
                i += 1
                continue
            if c == "(" and len(stack) > 1:
                stack[-1] = (kind, multiline, depth + 1)
            elif c == ")" and len(stack) > 1:
                if depth == 0:
                    stack.pop()  # end of an interpolation: back in the string
                    out.append(")")
                    i += 1
                    continue
                stack[-1] = (kind, multiline, depth - 1)
            out.append(c)
            i += 1
            continue
        # In a string literal.
        if text.startswith("\\(", i):
            stack.append(("code", False, 0))
            out.append("\\(")
            i += 2
            continue
        if c == "\\":
            out.append("  ")
            i += 2
            continue
        if multiline and text.startswith('"""', i):
            stack.pop()
            out.append('"""')
            i += 3
            continue
        if not multiline and c == '"':
            stack.pop()
            out.append('"')
            i += 1
            continue
        out.append("\n" if c == "\n" else " ")
        i += 1
    return "".join(out)


def findings(root: str) -> list[str]:
    found: list[str] = []
    used: set[int] = set()
    for module in MODULES:
        for folder, _, files in os.walk(os.path.join(root, "Sources", module)):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, root)
                original = open(path, encoding="utf-8").read()
                lines = original.split("\n")
                for number, line in enumerate(code_only(original).split("\n"), 1):
                    if not TRAP.search(line):
                        continue
                    source = lines[number - 1].strip()
                    allowed = [k for k, (file, code, _) in enumerate(EXCEPTIONS) if file == relative and code in source]
                    if allowed:
                        used.update(allowed)
                        continue
                    found.append(f"{relative}:{number}: {source}")
    for k, (file, code, _) in enumerate(EXCEPTIONS):
        if k not in used:
            found.append(f"{file}: the named exception `{code}` matches nothing any more: remove it from scripts/check-no-crash.py")
    return found


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = findings(root)
    for line in found:
        print(line)
    if found:
        print(f"check-no-crash: {len(found)} finding(s): a force unwrap, forced try or cast, fatalError or precondition in a "
              "solving module. Handle the nil or the error (an input can reach it), or, if no input can, name the "
              "exception with its reason in scripts/check-no-crash.py.")
        return 1
    print(f"check-no-crash: no force unwrap, fatalError or precondition in {', '.join(MODULES)} "
          f"({len(EXCEPTIONS)} named exception{'s' if len(EXCEPTIONS) != 1 else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
