"""The Markdown table of a load run, from locust's CSV statistics: ``report.py RESULTS_DIR``."""

import csv
import sys
from pathlib import Path


def all_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def rows(path):
    return [row for row in all_rows(path) if row["Name"] != "Aggregated"]


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
    print(table(Path(sys.argv[1])))
