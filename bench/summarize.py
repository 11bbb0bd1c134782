#!/usr/bin/python3
"""Summarise bench/run's raw results: table on stdout (and table.txt),
summary.csv and overhead.png in the results directory given as argument.

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


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


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


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def main():
    out = sys.argv[1]
    order, runs, static = load(out)
    builds = [b for b in BUILDS if any((n, b) in runs for n in order)]
    cells = {(n, b): Cell(runs.get((n, b))) for n in order for b in builds}

    rows = []  # per benchmark, for summary.csv and the chart
    problems = []
    for n in order:
        p = cells[(n, "plain")]
        row = {"benchmark": n}
        plain_sums = p.checksums
        for b in builds:
            c = cells[(n, b)]
            row[b] = c
            if c.failed():
                detail = ", ".join(f"{s} in {k} of {c.n} runs" for s, k in sorted(c.bad.items()))
                if c.skipped:
                    detail += f" ({c.skipped} later runs skipped)"
                problems.append(f"{n} [{b}]: {detail}")
            if len(c.checksums) > 1 or (plain_sums and c.checksums and c.checksums != plain_sums):
                problems.append(f"{n} [{b}]: checksum differs: {sorted(c.checksums)} vs plain {sorted(plain_sums)}")
            if b == "plain":
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
        rows.append(row)

    # Geometric means over the benchmarks where the ratio exists; timeouts
    # enter with their lower bound, which makes the mean a lower bound too.
    geo = {}
    for b in builds[1:]:
        w = [r[b + "_wall_ratio"] for r in rows if r[b + "_wall_ratio"]]
        m = [r[b + "_rss_ratio"] for r in rows if r[b + "_rss_ratio"]]
        geo[b] = (geomean(w), geomean(m), any(r[b + "_lower"] for r in rows),
                  len(w), len(m), any(r[b + "_rss_lower"] for r in rows))

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
    hdr += ["sites", "sites all"]
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
        line += [str(r["sites_default"]), str(r["sites_all"])]
        table.append(line)
    g = ["geomean"] + [""] * len(builds)
    for b in builds[1:]:
        w, _, lower, k, _, _ = geo[b]
        g.append("-" if w is None else (">" if lower else "") + f"{w:.2f}x")
    g += [""] * len(builds)
    for b in builds[1:]:
        m = geo[b][1]
        g.append("-" if m is None else (">" if geo[b][5] else "") + f"{m:.2f}x")
    g += ["", ""]
    table.append(g)
    widths = [max(len(x[i]) for x in [hdr] + table) for i in range(len(hdr))]
    def render(cols):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cols, widths)))
    lines.append(render(hdr))
    lines.append("  ".join("-" * w for w in widths))
    lines += [render(x) for x in table[:-1]]
    lines.append("  ".join("-" * w for w in widths))
    lines.append(render(table[-1]))
    lines.append("")
    lines.append("s: median wall time of the runs, a run stopped at the time limit "
                 "counting as the slowest ('>': the median is such a run, so a lower "
                 "bound); MB: median peak RSS of the successful runs ('>': none "
                 "succeeded, the RSS a stopped run had reached); x/plain: ratio of "
                 "medians; sites: statically instrumented accesses (default options / "
                 "the scope-all baseline: -atomicguard-scope=all, no redundant-check "
                 "elision, no loop ranges).")
    for b in builds[1:]:
        w, m, lower, k, km, mlower = geo[b]
        if w is not None and (k < len(rows) or km < len(rows) or lower or mlower):
            lines.append(f"geomean for {b}: time over {k} of {len(rows)} benchmarks"
                         f"{', a lower bound (includes timeouts)' if lower else ''}; "
                         f"RSS over {km}{', a lower bound' if mlower else ''}"
                         f"{' (benchmarks without a ratio are left out)' if min(k, km) < len(rows) else ''}.")
    if problems:
        lines.append("FAILURES (a '!' marks a cell with failed runs; a TIMEOUT cell is a median that landed on a run stopped at the time limit):")
        lines += ["  " + p for p in problems]
    else:
        lines.append("No failures: every run exited 0, printed its ok line and no race report.")
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
        head += ["sites_default", "sites_all"]
        w.writerow(head)
        def num(x, spec):
            return "" if x is None else format(x, spec)
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
            w.writerow(line)
        line = ["geomean"]
        for b in builds:
            line += ["", "", "", "", ""]
        for b in builds[1:]:
            gw, gm, lower, _, _, mlower = geo[b]
            line += [num(gw, ".3f"), int(lower), num(gm, ".3f"), int(mlower)]
        line += ["", ""]
        w.writerow(line)

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
