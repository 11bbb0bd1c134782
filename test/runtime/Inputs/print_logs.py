#!/usr/bin/env python3
"""print_logs.py PREFIX: prints every file named PREFIX.*, sorted by name, as
a line '==> .SUFFIX <==' followed by the file's contents, then
'logs: N files', so a test can check which files a run created and what
each holds."""
import glob
import sys

prefix = sys.argv[1]
paths = sorted(glob.glob(glob.escape(prefix) + ".*"))
for path in paths:
    print(f"==> {path[len(prefix):]} <==")
    with open(path, encoding="utf-8", errors="replace") as f:
        sys.stdout.write(f.read())
print(f"logs: {len(paths)} files")
