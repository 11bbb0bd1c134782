#!/usr/bin/env python3
"""Reads a program's merged output on stdin, parses every line starting with
'{' as an atomicguard JSON race report and checks it against the schema in
docs/reports.md. Prints 'json: N reports ok', or the problems found."""
import json
import sys

ACCESS = {"read", "write", "load", "store", "rmw", "cmpxchg"}
ORDERS = {None, "relaxed", "consume", "acquire", "release", "acq_rel", "seq_cst"}
KINDS = {"global", "static", "local", "heap", "unknown"}
problems = []


def need(obj, key, types, where):
    if key not in obj:
        problems.append(f"{where}: missing '{key}'")
        return None
    if not isinstance(obj[key], types) or isinstance(obj[key], bool) and bool not in types:
        problems.append(f"{where}: '{key}' has type {type(obj[key]).__name__}")
    return obj[key]


def check_access(a, where):
    if not isinstance(a, dict):
        problems.append(f"{where}: not an object")
        return
    if need(a, "access", (str,), where) not in ACCESS:
        problems.append(f"{where}: bad access {a.get('access')!r}")
    atomic = need(a, "atomic", (bool,), where)
    order = a.get("order", "missing")
    if order not in ORDERS:
        problems.append(f"{where}: bad order {order!r}")
    if atomic is False and order is not None:
        problems.append(f"{where}: plain access with an order")
    if atomic is True and order is None:
        problems.append(f"{where}: atomic access without an order")
    need(a, "volatile", (bool,), where)
    need(a, "size", (int,), where)
    addr = need(a, "address", (str,), where)
    if isinstance(addr, str) and not addr.startswith("0x"):
        problems.append(f"{where}: address {addr!r}")
    if a.get("thread", 0) is not None:
        need(a, "thread", (int,), where)
    need(a, "function", (str,), where)
    need(a, "file", (str,), where)
    need(a, "line", (int,), where)
    need(a, "column", (int,), where)


count = 0
for n, line in enumerate(sys.stdin, 1):
    if not line.startswith("{"):
        continue
    where = f"line {n}"
    try:
        r = json.loads(line)
    except ValueError as e:
        problems.append(f"{where}: invalid JSON: {e}")
        continue
    count += 1
    if r.get("type") != "data-race":
        problems.append(f"{where}: type {r.get('type')!r}")
    check_access(r.get("current"), where + " current")
    check_access(r.get("previous"), where + " previous")
    if r.get("current", {}).get("thread") is None:
        problems.append(f"{where}: current thread is null")
    loc = r.get("location")
    if not isinstance(loc, dict) or loc.get("kind") not in KINDS:
        problems.append(f"{where}: bad location {loc!r}")
    else:
        for key in ("name", "function", "size", "file", "line", "offset"):
            if key not in loc:
                problems.append(f"{where}: location lacks '{key}'")
    if r.get("intent", "missing") not in (None, "publish", "counter", "seq_cst"):
        problems.append(f"{where}: bad intent {r.get('intent', 'missing')!r}")
    threads = r.get("threads")
    if not isinstance(threads, list):
        problems.append(f"{where}: threads is not a list")
    else:
        for t in threads:
            for key in ("id", "parent", "function", "file", "line", "column"):
                if key not in t:
                    problems.append(f"{where}: thread lacks '{key}'")

for p in problems:
    print("json problem:", p)
if not problems:
    print(f"json: {count} reports ok")
