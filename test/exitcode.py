#!/usr/bin/env python3
"""exitcode.py N CMD [ARGS...]: run CMD with stderr merged into stdout,
pass its output through, and exit 0 iff CMD exited with status N (so lit
tests can check an exact exit status, which `not` cannot)."""
import subprocess
import sys

want = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
sys.stdout.buffer.write(proc.stdout)
if proc.returncode != want:
    print(f"exitcode.py: expected exit status {want}, got {proc.returncode}")
    sys.exit(1)
