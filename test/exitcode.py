#!/usr/bin/env python3
"""exitcode.py N CMD [ARGS...]: run CMD with stderr merged into stdout,
pass its output through, and exit 0 iff CMD exited with status N (so lit
tests can check an exact exit status, which `not` cannot). A CMD still
running after LIMIT seconds is killed and fails the test: lit itself has
no time limit here (it needs psutil for one), and a hung program must not
hold up the whole suite."""
import subprocess
import sys

LIMIT = 300

want = int(sys.argv[1])
try:
    proc = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=LIMIT)
except subprocess.TimeoutExpired as e:
    sys.stdout.buffer.write(e.output or b"")
    print(f"exitcode.py: killed after {LIMIT} s: {' '.join(sys.argv[2:])}")
    sys.exit(1)
sys.stdout.buffer.write(proc.stdout)
if proc.returncode != want:
    print(f"exitcode.py: expected exit status {want}, got {proc.returncode}")
    sys.exit(1)
