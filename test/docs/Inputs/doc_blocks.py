#!/usr/bin/env python3
"""doc_blocks.py DOC WHAT: prints a piece of docs/ci.md, so that ci.test runs
what the page shows. WHAT is 'presets' (the page's only ```json block) or
'merge' (the run: script of the workflow step 'Merge the SARIF logs' in the
page's only ```yaml block, dedented). Standard library only: the YAML is
read as text."""
import sys
import textwrap


def blocks(lines, lang):
    found, cur = [], None
    for line in lines:
        if line.startswith("```"):
            if cur is None:
                cur = (line[3:].strip(), [])
            else:
                if cur[0] == lang:
                    found.append(cur[1])
                cur = None
        elif cur is not None:
            cur[1].append(line)
    if len(found) != 1:
        sys.exit(f"expected one ```{lang} block, found {len(found)}")
    return found[0]


def step_script(yaml_lines, name):
    start = yaml_lines.index(f"      - name: {name}")
    for i in range(start + 1, len(yaml_lines)):
        if yaml_lines[i].strip().startswith("- name:"):
            break
        if yaml_lines[i].strip() == "run: |":
            indent = len(yaml_lines[i]) - len(yaml_lines[i].lstrip())
            body = []
            for line in yaml_lines[i + 1:]:
                if line.strip() and len(line) - len(line.lstrip()) <= indent:
                    break
                body.append(line)
            return textwrap.dedent("\n".join(body)).strip("\n") + "\n"
    sys.exit(f"no 'run: |' in step '{name}'")


doc, what = sys.argv[1], sys.argv[2]
lines = open(doc, encoding="utf-8").read().split("\n")
if what == "presets":
    print("\n".join(blocks(lines, "json")))
elif what == "merge":
    sys.stdout.write(step_script(blocks(lines, "yaml"), "Merge the SARIF logs"))
else:
    sys.exit(f"unknown WHAT '{what}'")
