#!/usr/bin/env python3
"""check_option_lists.py HELP ERROR VERBOSE: the outputs of help=1, of an
unknown option and of verbosity=1 (no other option) must name the same
options in the same order, and help's defaults must be the values
verbosity=1 prints (verbosity itself aside). Prints 'option lists agree: N
options' or the differences."""
import re
import sys

help_text, error_text, verbose_text = (open(p).read() for p in sys.argv[1:4])
helped = re.findall(r"^  ([a-z_]+)=(\S*)\s", help_text, re.M)
valid = re.search(r"^AtomicGuard: valid options: (.*)$", error_text, re.M)
in_force = re.search(r"^AtomicGuard: options: (.*)$", verbose_text, re.M)
problems = []
if not helped:
    problems.append("help=1 lists no option")
if not valid:
    problems.append("no 'valid options' line")
if not in_force:
    problems.append("no 'options:' line")
if not problems:
    help_names = [name for name, _ in helped]
    valid_names = valid.group(1).split()
    pairs = [kv.split("=", 1) for kv in in_force.group(1).split(" ")]
    force_names = [k for k, _ in pairs]
    if help_names != valid_names:
        problems.append(f"help {help_names} != valid options {valid_names}")
    if help_names != force_names:
        problems.append(f"help {help_names} != options in force {force_names}")
    for (name, default), (_, value) in zip(helped, pairs):
        if name != "verbosity" and default != value:
            problems.append(f"{name}: help default {default!r}, in force {value!r}")
for p in problems:
    print("option lists differ:", p)
if not problems:
    print(f"option lists agree: {len(helped)} options")
