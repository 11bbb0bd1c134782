#!/usr/bin/env python3
"""sarif_selftest.py VALIDATOR LOG: LOG is a valid SARIF log with at least
one result; every mutation below must make VALIDATOR reject it. Prints
'selftest: N mutations rejected' or the mutations it accepted."""
import copy
import json
import subprocess
import sys
import tempfile

validator, log_path = sys.argv[1:3]
base = json.load(open(log_path))


def result(d):
    return d["runs"][0]["results"][0]


def related(d):
    return result(d)["relatedLocations"]


MUTATIONS = {
    "no $schema": lambda d: d.pop("$schema"),
    "version 2.0.0": lambda d: d.__setitem__("version", "2.0.0"),
    "no runs": lambda d: d.pop("runs"),
    "no driver name": lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
    "no rules": lambda d: d["runs"][0]["tool"]["driver"].pop("rules"),
    "rule without help": lambda d: d["runs"][0]["tool"]["driver"]["rules"][0].pop("help"),
    "no results": lambda d: d["runs"][0].pop("results"),
    "no message": lambda d: result(d).pop("message"),
    "message without text": lambda d: result(d)["message"].pop("text"),
    "ruleIndex past rules": lambda d: result(d).__setitem__("ruleIndex", 1),
    "ruleId not the rule's": lambda d: result(d).__setitem__("ruleId", "other"),
    "level bogus": lambda d: result(d).__setitem__("level", "fatal"),
    "no locations": lambda d: result(d).__setitem__("locations", []),
    "location without physicalLocation":
        lambda d: result(d)["locations"][0].pop("physicalLocation"),
    "startLine 0": lambda d: result(d)["locations"][0]["physicalLocation"]["region"]
        .__setitem__("startLine", 0),
    "uri with a space": lambda d: result(d)["locations"][0]["physicalLocation"]
        ["artifactLocation"].__setitem__("uri", "a b.c"),
    "duplicate related id": lambda d: related(d)[1].__setitem__("id", related(d)[0]["id"]),
    "negative related id": lambda d: related(d)[0].__setitem__("id", -1),
    "no partialFingerprints": lambda d: result(d).pop("partialFingerprints"),
    "unknown property": lambda d: result(d).__setitem__("threads", []),
    "lone surrogate": lambda d: result(d)["message"].__setitem__("text", "\ud800"),
}

accepted = []
with tempfile.NamedTemporaryFile("w", suffix=".sarif") as f:
    for name, mutate in MUTATIONS.items():
        d = copy.deepcopy(base)
        mutate(d)
        f.seek(0)
        f.truncate()
        f.write(json.dumps(d))
        f.flush()
        run = subprocess.run([sys.executable, validator, f.name],
                             capture_output=True, text=True)
        if run.returncode == 0:
            accepted.append(name)
for name in accepted:
    print("selftest: validator accepted:", name)
if not accepted:
    print(f"selftest: {len(MUTATIONS)} mutations rejected")
