#!/usr/bin/python3
"""Summarise bench/run's raw results: tables on stdout (and table.txt),
summary.csv, dynamic.csv and overhead.png in the results directory given as
argument.

Only the Python standard library, plus matplotlib (Debian package
python3-matplotlib) for the chart, which is skipped with a warning when it is
missing."""
import csv
import math
import os
import statistics
import sys

BUILDS = ["plain", "atomicguard", "tsan"]
SHORT = {"plain": "plain", "atomicguard": "ag", "tsan": "tsan"}
# The baseline of the instrumentation counts: run once, not timed.
BASELINE = "scope-all"
# The runtime's "AtomicGuard: checks:" line, as results.csv's checks_* columns.
KINDS = ["plain", "ranges", "loop_ranges", "atomics"]


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def checks(row):
    """The checks of one run by kind, plus their sum as "calls"; None
    when it printed no count (not an atomicguard build, it did not reach its
    exit, or results.csv predates the counts)."""
    if not row.get("checks_plain"):
        return None
    c = {k: int(row["checks_" + k]) for k in KINDS}
    c["calls"] = sum(c.values())
    return c


def median_checks(rows):
    """The counts of the successful run with the median (low) number of calls,
    and how many successful runs had counts."""
    counted = sorted((c for c in (checks(r) for r in rows if r["status"] == "ok") if c),
                     key=lambda c: c["calls"])
    return (counted[(len(counted) - 1) // 2] if counted else None), len(counted)


def count(x):
    """A call count for the table: exact below 10 000, else 3 digits and k/M/G."""
    for div, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= 10000 and x >= div:
            v = x / div
            return f"{v:.{2 if v < 10 else 1 if v < 100 else 0}f}{unit}"
    return str(x)


def layout(hdr, body, total):
    """An aligned table: header, rule, the body rows, rule, the total row."""
    widths = [max(len(x[i]) for x in [hdr] + body + [total]) for i in range(len(hdr))]
    def render(cols):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cols, widths)))
    rule = "  ".join("-" * w for w in widths)
    return [render(hdr), rule] + [render(x) for x in body] + [rule, render(total)]


def load(out):
    runs = {}
    order = []
    with open(os.path.join(out, "results.csv")) as f:
        for row in csv.DictReader(f):
            n, b = row["benchmark"], row["build"]
            if n not in order:
                order.append(n)
            runs.setdefault((n, b), []).append(row)
    static = {}
    path = os.path.join(out, "static.csv")
    if os.path.exists(path):
        with open(path) as f:
            for row in csv.DictReader(f):
                static[row["benchmark"]] = (row["sites_default"], row["sites_all"])
    return order, runs, static


class Cell:
    """One benchmark x build: medians of its runs, and what went wrong.

    Wall time: the median over the successful runs and the runs stopped at
    the time limit, those counted as longer than any successful run; when
    the median lands on a stopped run it is a lower bound (wall_lower).
    Peak RSS: the median over the successful runs or, if none succeeded, the
    largest RSS a stopped run had reached (a lower bound, rss_lower)."""

    def __init__(self, rows):
        self.rows = rows or []
        ok = [r for r in self.rows if r["status"] == "ok"]
        self.n, self.ok = len(self.rows), len(ok)
        self.skipped = sum(r["status"].startswith("skipped") for r in self.rows)
        timed = sorted(float(r["wall_s"]) for r in self.rows if r["status"] == "timeout")
        walls = sorted(float(r["wall_s"]) for r in ok) + timed
        self.wall, self.wall_lower = None, False
        if walls:
            k = len(walls)
            mid = [walls[(k - 1) // 2], walls[k // 2]]
            self.wall = sum(mid) / 2
            self.wall_lower = (k - 1) // 2 >= len(ok) or k // 2 >= len(ok)
        self.rss = statistics.median(int(r["max_rss_kb"]) for r in ok) if ok else None
        self.checksums = {r["checksum"] for r in ok}
        bad = {}
        for r in self.rows:
            if r["status"] != "ok" and not r["status"].startswith("skipped"):
                bad[r["status"]] = bad.get(r["status"], 0) + 1
        self.bad = bad
        # A timed-out run still bounds the slowdown from below.
        t = [float(r["wall_s"]) for r in self.rows if r["status"] == "timeout"]
        self.timeout = max(t) if t else None
        m = [int(r["max_rss_kb"]) for r in self.rows
             if r["status"] == "timeout" and r["max_rss_kb"]]
        self.timeout_rss = max(m) if m else None  # RSS so far: a lower bound
        self.rss_lower = False
        if self.rss is None and self.timeout_rss:
            self.rss, self.rss_lower = self.timeout_rss, True
        # Anything but timeouts (race, exit, signal, build) voids the ratios.
        self.broken = any(s != "timeout" for s in self.bad)
        self.present = bool(self.rows)

    def failed(self):
        return bool(self.bad)

    def label(self):
        """Short failure tag for the table, '' when every run was fine."""
        if not self.bad:
            return ""
        tags = {"timeout": "TIMEOUT", "race": "RACE", "build-failed": "BUILD"}
        return "+".join(tags.get(s, s.upper()) for s in sorted(self.bad))


def num(x, spec):
    return "" if x is None else format(x, spec)


def main():
    out = sys.argv[1]
    order, runs, static = load(out)
    builds = [b for b in BUILDS if any((n, b) in runs for n in order)]
    cells = {(n, b): Cell(runs.get((n, b))) for n in order for b in builds + [BASELINE]}

    rows = []  # per benchmark, for summary.csv and the chart
    problems = []
    for n in order:
        p = cells[(n, "plain")]
        row = {"benchmark": n}
        plain_sums = p.checksums
        for b in builds + [BASELINE]:
            c = cells[(n, b)]
            row[b] = c
            # The baseline is slow by design: its timeout only costs its counts.
            bad = {s: k for s, k in c.bad.items() if b != BASELINE or s != "timeout"}
            if bad:
                detail = ", ".join(f"{s} in {k} of {c.n} runs" for s, k in sorted(bad.items()))
                if c.skipped:
                    detail += f" ({c.skipped} later runs skipped)"
                problems.append(f"{n} [{b}]: {detail}")
            if len(c.checksums) > 1 or (plain_sums and c.checksums and c.checksums != plain_sums):
                problems.append(f"{n} [{b}]: checksum differs: {sorted(c.checksums)} vs plain {sorted(plain_sums)}")
            if b in ("plain", BASELINE):
                continue
            # Ratios: only from clean cells; a timeout gives a lower bound.
            wr = rr = None
            lower = rlower = False
            if p.wall and not p.failed() and c.wall and not c.broken:
                wr, lower = c.wall / p.wall, c.wall_lower
                if c.rss:
                    rr, rlower = c.rss / p.rss, c.rss_lower
            row[b + "_wall_ratio"], row[b + "_rss_ratio"] = wr, rr
            row[b + "_lower"], row[b + "_rss_lower"] = lower, rlower
        sd, sa = static.get(n, ("-", "-"))
        row["sites_default"], row["sites_all"] = sd, sa
        # Dynamic counts: the median successful atomicguard run against the
        # one baseline run (if it succeeded).
        row["checks"], row["checks_runs"] = median_checks(runs.get((n, "atomicguard"), []))
        row["checks_all"], _ = median_checks(runs.get((n, BASELINE), []))
        row["calls_ratio"] = (row["checks"]["calls"] / row["checks_all"]["calls"]
                              if row["checks"] and row["checks_all"]
                              and row["checks_all"]["calls"] else None)
        rows.append(row)

    # Geometric means over the benchmarks where the ratio exists; timeouts
    # enter with their lower bound, which makes the mean a lower bound too.
    geo = {}
    for b in builds[1:]:
        w = [r[b + "_wall_ratio"] for r in rows if r[b + "_wall_ratio"]]
        m = [r[b + "_rss_ratio"] for r in rows if r[b + "_rss_ratio"]]
        geo[b] = (geomean(w), geomean(m), any(r[b + "_lower"] for r in rows),
                  len(w), len(m), any(r[b + "_rss_lower"] for r in rows))
    ratios = [r["calls_ratio"] for r in rows if r["calls_ratio"]]
    calls_geo = geomean(ratios)

    # ---- Table ----
    lines = []
    meta = os.path.join(out, "meta.txt")
    if os.path.exists(meta):
        lines += [l.rstrip("\n") for l in open(meta)]
        lines.append("")
    hdr = ["benchmark"]
    hdr += [f"{SHORT[b]} s" for b in builds]
    hdr += [f"{SHORT[b]}/plain" for b in builds[1:]]
    hdr += [f"{SHORT[b]} MB" for b in builds]
    hdr += [f"{SHORT[b]}/plain" for b in builds[1:]]
    table = []
    for r in rows:
        line = [r["benchmark"]]
        for b in builds:
            c = r[b]
            if c.wall is None:
                line.append(c.label() or "-")
            elif c.wall_lower:
                line.append(f">{c.wall:.1f} TIMEOUT")
            else:
                line.append(f"{c.wall:.2f}" + ("!" if c.failed() else ""))
        for b in builds[1:]:
            wr = r[b + "_wall_ratio"]
            line.append(("-" if wr is None else (">" if r[b + "_lower"] else "") + f"{wr:.2f}x"))
        for b in builds:
            c = r[b]
            if c.rss is None:
                line.append("-")
            else:
                line.append((">" if c.rss_lower else "") + f"{c.rss / 1024:.0f}"
                            + ("!" if c.failed() and not c.rss_lower else ""))
        for b in builds[1:]:
            rr = r[b + "_rss_ratio"]
            line.append("-" if rr is None else (">" if r[b + "_rss_lower"] else "") + f"{rr:.2f}x")
        table.append(line)
    g = ["geomean"] + [""] * len(builds)
    for b in builds[1:]:
        w, _, lower, k, _, _ = geo[b]
        g.append("-" if w is None else (">" if lower else "") + f"{w:.2f}x")
    g += [""] * len(builds)
    for b in builds[1:]:
        m = geo[b][1]
        g.append("-" if m is None else (">" if geo[b][5] else "") + f"{m:.2f}x")
    lines += layout(hdr, table, g)
    lines.append("")
    lines.append("s: median wall time of the runs, a run stopped at the time limit "
                 "counting as the slowest ('>': the median is such a run, so a lower "
                 "bound); MB: median peak RSS of the successful runs ('>': none "
                 "succeeded, the RSS a stopped run had reached); x/plain: ratio of "
                 "medians.")
    for b in builds[1:]:
        w, m, lower, k, km, mlower = geo[b]
        if w is not None and (k < len(rows) or km < len(rows) or lower or mlower):
            lines.append(f"geomean for {b}: time over {k} of {len(rows)} benchmarks"
                         f"{', a lower bound (includes timeouts)' if lower else ''}; "
                         f"RSS over {km}{', a lower bound' if mlower else ''}"
                         f"{' (benchmarks without a ratio are left out)' if min(k, km) < len(rows) else ''}.")
    lines += checks_table(rows, calls_geo, len(ratios))
    if problems:
        lines.append("FAILURES (a '!' marks a cell with failed runs; a TIMEOUT cell is a median that landed on a run stopped at the time limit):")
        lines += ["  " + p for p in problems]
    else:
        lines.append("No failures: every run exited 0, printed its ok line and no race report"
                     + (" (but for the baseline runs stopped at the time limit, above)."
                        if any(cells[(n, BASELINE)].timeout for n in order) else "."))
    text = "\n".join(lines)
    with open(os.path.join(out, "table.txt"), "w") as f:
        f.write(text + "\n")

    # ---- summary.csv ----
    with open(os.path.join(out, "summary.csv"), "w", newline="") as f:
        w = csv.writer(f)
        head = ["benchmark"]
        for b in builds:
            head += [f"{b}_status", f"{b}_ok_runs", f"{b}_runs", f"{b}_median_wall_s", f"{b}_median_rss_kb"]
        for b in builds[1:]:
            head += [f"{b}_wall_ratio", f"{b}_wall_ratio_is_lower_bound", f"{b}_rss_ratio",
                     f"{b}_rss_ratio_is_lower_bound"]
        head += ["sites_default", "sites_all", "calls", "calls_all", "calls_ratio",
                 "loop_ranges"]
        w.writerow(head)
        for r in rows:
            line = [r["benchmark"]]
            for b in builds:
                c = r[b]
                status = "ok" if not c.failed() else ";".join(f"{s}:{k}" for s, k in sorted(c.bad.items()))
                line += [status, c.ok, c.n, num(c.wall, ".3f"), num(c.rss, ".0f")]
            for b in builds[1:]:
                line += [num(r[b + "_wall_ratio"], ".3f"), int(r[b + "_lower"]),
                         num(r[b + "_rss_ratio"], ".3f"), int(r[b + "_rss_lower"])]
            line += [r["sites_default"], r["sites_all"]]
            line += [r["checks"]["calls"] if r["checks"] else "",
                     r["checks_all"]["calls"] if r["checks_all"] else "",
                     num(r["calls_ratio"], ".6g"),
                     r["checks"]["loop_ranges"] if r["checks"] else ""]
            w.writerow(line)
        line = ["geomean"]
        for b in builds:
            line += ["", "", "", "", ""]
        for b in builds[1:]:
            gw, gm, lower, _, _, mlower = geo[b]
            line += [num(gw, ".3f"), int(lower), num(gm, ".3f"), int(mlower)]
        line += ["", "", "", "", num(calls_geo, ".6g"), ""]
        w.writerow(line)

    # ---- dynamic.csv ----
    with open(os.path.join(out, "dynamic.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["benchmark", "atomicguard_runs_counted"]
                   + [f"atomicguard_{k}" for k in KINDS + ["calls"]]
                   + ["scope_all_status", "scope_all_wall_s", "scope_all_limit_s"]
                   + [f"scope_all_{k}" for k in KINDS + ["calls"]] + ["calls_ratio"])
        for r in rows:
            base = runs.get((r["benchmark"], BASELINE), [{}])[0]
            w.writerow([r["benchmark"], r["checks_runs"]]
                       + [r["checks"][k] if r["checks"] else "" for k in KINDS + ["calls"]]
                       + [base.get("status", ""), base.get("wall_s", ""),
                          base.get("limit_s", "")]
                       + [r["checks_all"][k] if r["checks_all"] else ""
                          for k in KINDS + ["calls"]]
                       + [num(r["calls_ratio"], ".6g")])
        w.writerow(["geomean"] + [""] * (2 * len(KINDS) + 6) + [num(calls_geo, ".6g")])

    # ---- overhead.png ----
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("warning: matplotlib is missing (apt-get install python3-matplotlib); "
              "no overhead.png", file=sys.stderr)
        return show(text, problems)
    names = [r["benchmark"] for r in rows] + ["geomean"]
    colours = {"atomicguard": "#d95f02", "tsan": "#1b9e77"}
    fig, axes = plt.subplots(2, 1, figsize=(11, 8), sharex=True)
    width = 0.38
    for ax, kind, title, target in [
            (axes[0], "wall", "wall time / plain", 1.5),
            (axes[1], "rss", "peak RSS / plain", 2.0)]:
        for k, b in enumerate(builds[1:]):
            xs, ys, hatch, notes = [], [], [], []
            for i, r in enumerate(rows):
                v = r[f"{b}_{kind}_ratio"]
                x = i + (k - 0.5) * width
                if v is None:
                    ax.text(x, 1.0, r[b].label() or "n/a", rotation=90, ha="center",
                            va="bottom", fontsize=7, color=colours.get(b, "grey"))
                    continue
                xs.append(x)
                ys.append(v)
                hatch.append(r[b + ("_lower" if kind == "wall" else "_rss_lower")])
            gw, gm, lower, _, _, mlower = geo[b]
            gv = gw if kind == "wall" else gm
            if gv:
                xs.append(len(rows) + (k - 0.5) * width)
                ys.append(gv)
                hatch.append(lower if kind == "wall" else mlower)
            bars = ax.bar(xs, ys, width, color=colours.get(b, "grey"))
            for bar, h, y in zip(bars, hatch, ys):
                if h:
                    bar.set_hatch("//")
                ax.text(bar.get_x() + bar.get_width() / 2, y,
                        (">" if h else "") + (f"{y:.0f}" if y >= 10 else f"{y:.1f}"),
                        ha="center", va="bottom", fontsize=7)
        ax.set_yscale("log")
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.axhline(target, color="grey", linestyle="--", linewidth=0.8)
        ax.set_ylabel(title + " (log)")
        ax.set_ylim(top=ax.get_ylim()[1] * 1.6)  # room for the labels
        from matplotlib.patches import Patch
        from matplotlib.lines import Line2D
        handles = [Patch(color=colours.get(b, "grey"), label=b) for b in builds[1:]]
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="//",
                             label="lower bound (hit the time limit)"))
        handles.append(Line2D([], [], color="grey", linestyle="--",
                              label=f"issue #4 target ({target}x)"))
        ax.legend(handles=handles, fontsize=8, loc="upper center", ncol=4,
                  framealpha=0.9)
        ax.grid(axis="y", which="both", alpha=0.3)
    axes[1].set_xticks(range(len(names)))
    axes[1].set_xticklabels(names, rotation=30, ha="right")
    sub = ""
    if os.path.exists(meta):
        m = dict(l.rstrip("\n").split(": ", 1) for l in open(meta) if ": " in l)
        sub = f"\n{m.get('date', '')}, {m.get('machine', '').split(',')[0]}, commit {m.get('commit', '')}"
    axes[0].set_title("Overhead over the uninstrumented build (median of runs; "
                      "hatched = lower bound, the run hit the time limit)" + sub, fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "overhead.png"), dpi=110)
    return show(text, problems)


def checks_table(rows, calls_geo, k):
    """The second table: instrumented accesses, static and dynamic, of the
    atomicguard build against the scope-all baseline."""
    hdr = ["benchmark", "sites", "sites all", "calls", "calls all", "calls/all",
           "loop ranges", "all s"]
    body = []
    stopped, skipped = [], []
    for r in rows:
        c, a, base = r["checks"], r["checks_all"], r[BASELINE]
        # n/a: the build ran but no run of it counted; -: it did not run.
        na = "n/a" if "atomicguard" in r else "-"
        na_all = "n/a" if base.present else "-"
        if base.skipped:
            wall = "skipped"
            skipped.append(r["benchmark"])
        elif base.wall is None:
            wall = base.label() or "-"
        elif base.wall_lower:
            wall = f">{base.wall:.1f} TIMEOUT"
            stopped.append(f"{r['benchmark']} ({base.wall:.1f} s)")
        else:
            wall = f"{base.wall:.2f}" + ("!" if base.failed() else "")
        body.append([r["benchmark"], str(r["sites_default"]), str(r["sites_all"]),
                     count(c["calls"]) if c else na, count(a["calls"]) if a else na_all,
                     "-" if r["calls_ratio"] is None else f"{100 * r['calls_ratio']:.3g}%",
                     count(c["loop_ranges"]) if c else na, wall])
    total = ["geomean", "", "", "", "",
             "-" if calls_geo is None else f"{100 * calls_geo:.3g}%", "", ""]
    lines = ["", "Instrumented accesses: atomicguard vs the scope-all baseline"]
    lines += layout(hdr, body, total)
    lines.append("")
    lines.append("sites: statically instrumented accesses of the atomicguard build (sum of "
                 "its -Rpass=atomicguard 'instrumented N memory accesses' remarks); sites "
                 "all: the same for the scope-all baseline (-atomicguard-scope=all "
                 "-atomicguard-elide-redundant=false -atomicguard-coalesce-loops=false: "
                 "every access, one runtime call each).")
    lines.append("calls: checks made (plain accesses, counting those the inline "
                 "checks found recorded, + ranges + loop ranges + atomic "
                 "operations: the runtime's verbosity=1 'checks' line) of the successful "
                 "atomicguard run with the median count; calls all: the same for the one "
                 "run of the baseline; calls/all: their ratio; n/a: no successful run, so "
                 "no count (the runtime prints it at exit).")
    lines.append("loop ranges: the calls (part of calls) that check every iteration of a "
                 "loop's access at once, before the loop (or on the way out of a loop that "
                 "leaves when its data says so); all s: wall time of the baseline "
                 "run (one run, after the timed ones); k/M/G: 10^3/10^6/10^9 (exact counts "
                 "in dynamic.csv).")
    if calls_geo is not None and k < len(rows):
        lines.append(f"geomean of calls/all over the {k} of {len(rows)} benchmarks that "
                     "have both counts.")
    if stopped:
        lines.append("scope-all baseline stopped at the time limit (no counts, not a "
                     "failure): " + ", ".join(stopped) + ".")
    if skipped:
        lines.append("scope-all baseline skipped, as atomicguard hit the time limit (the "
                     "baseline checks more, it would too): " + ", ".join(skipped) + ".")
    return lines


def show(text, problems):
    """Print the table last, once every file is written."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
