"""The Markdown table of a load run, from locust's CSV statistics: ``report.py RESULTS_DIR``."""

import csv
import sys
from pathlib import Path


def all_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def rows(path):
    return [row for row in all_rows(path) if row["Name"] != "Aggregated"]


def stats_table(path):
    lines = [
        "| Requête | nombre | erreurs | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(all_rows(path), key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**total**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    return lines


def faults_report(results):
    """The run's table, its errors, and after each fault the seconds until the last error."""
    lines = stats_table(results / "faults_stats.csv")
    lines += ["", "| erreur | requête | nombre |", "|---|---|---:|"]
    for row in all_rows(results / "faults_failures.csv"):
        error = row["Error"].replace("|", "/")[:90]
        lines.append(f"| {error} | {row['Name']} | {row['Occurrences']} |")
    events = [line.split() for line in (results / "faults_events.txt").read_text().splitlines()]
    history = [
        r for r in all_rows(results / "faults_stats_history.csv") if r["Name"] == "Aggregated"
    ]
    start = int(history[0]["Timestamp"])
    failures = [(int(r["Timestamp"]), int(r["Total Failure Count"])) for r in history]
    lines += [
        "",
        "| panne | à t = | erreurs pendant | dernière erreur après |",
        "|---|---:|---:|---:|",
    ]
    bounds = [int(at) for _, at in events] + [failures[-1][0] + 1]
    for (name, at), end in zip(events, bounds[1:], strict=True):
        at = int(at)
        window = [(t, n) for t, n in failures if at <= t < end]
        before = max((n for t, n in failures if t < at), default=0)
        errors = (window[-1][1] if window else before) - before
        previous_counts = [before] + [n for _, n in window[:-1]]
        last = [t for (t, n), previous in zip(window, previous_counts, strict=True) if n > previous]
        after = f"{last[-1] - at} s" if last else "aucune"
        lines.append(f"| {name} | {at - start} s | {errors} | {after} |")
    return "\n".join(lines)


def table(results):
    lines = [
        "| Requête | nombre | erreurs | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows(results / "mix_stats.csv"), key=lambda r: r["Name"]):
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    total = [r for r in all_rows(results / "mix_stats.csv") if r["Name"] == "Aggregated"]
    if total:
        t = total[0]
        lines.append(
            f"| **total** | {t['Request Count']} | {t['Failure Count']} | "
            f"{float(t['Requests/s']):.1f} | {t['50%']} | {t['95%']} | {t['99%']} |"
        )
    bare = rows(results / "bare_stats.csv")[0]
    cached = rows(results / "cached_stats.csv")[0]
    ratio = float(cached["Requests/s"]) / float(bare["Requests/s"])
    lines += [
        "",
        "Saturation (10 utilisateurs sans attente, 20 s) : "
        f"vue nue {float(bare['Requests/s']):.0f} req/s (p95 {bare['95%']} ms), "
        f"catalogue anonyme en cache {float(cached['Requests/s']):.0f} req/s "
        f"(p95 {cached['95%']} ms), soit {ratio:.2f} × la vue nue.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if "--faults" in sys.argv:
        print(faults_report(Path(sys.argv[1])))
    else:
        print(table(Path(sys.argv[1])))
