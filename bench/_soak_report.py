"""bench/relay_soak.py's printed report: one table per database (imported by path)."""

from __future__ import annotations

import os
from typing import Any

from _common import machine_info, print_table

MB = 1_000_000


def _ms(p: dict[str, float]) -> str:
    return " / ".join(f"{p[k] * 1000:.0f}" for k in ("p50", "p95", "p99")) + " ms"


def _memory_rows(m: dict[str, Any]) -> list[list[str]]:
    if m.get("flat") is None:
        return [["relay RSS", "too few samples", ""]]
    return [
        [f"relay RSS: first / last {m['window_s']:.0f} s mean",
         f"{m['rss_first_window_mean_mib']:.0f} / {m['rss_last_window_mean_mib']:.0f} MiB",
         f"drift {m['drift_mib']:+.1f} MiB (allowed {m['allowed_drift_mib']:.0f}): "
         f"{'flat' if m['flat'] else 'GREW'}"],
        ["relay RSS: start / end / sampled peak / VmHWM",
         f"{m['rss_start_mib']:.0f} / {m['rss_end_mib']:.0f} / "
         f"{m['rss_peak_sampled_mib']:.0f} / {m['vmhwm_end_mib']:.0f} MiB", ""],
        ["relay RSS mean, minute by minute",
         " ".join(f"{x:.0f}" for x in m["per_minute_mean_mib"]) + " MiB", ""],
        ["relay RSS slope: whole load / after the first window",
         f"{m['slope_mib_per_min']:+.2f} / {m['slope_after_first_window_mib_per_min']:+.2f} "
         "MiB/min", ""],
    ]


def _rows(r: dict[str, Any]) -> list[list[str]]:
    v, log = r["verdict"], r["relay_log"]
    errors = ", ".join(f"{k}: {n}" for k, n in r["client_errors"].items()) or "none"
    return [
        ["envelopes sent (chunked) / received",
         f"{r['envelopes_sent']} ({r['chunked_sent']}) / {r['envelopes_received']}",
         f"{v['pairs']} (envelope, recipient) pairs"],
        ["bytes sent / received", f"{r['bytes_sent'] / MB:.0f} / "
         f"{r['bytes_received'] / MB:.0f} MB", f"largest {r['largest'] / 2**20:.1f} MiB"],
        ["lost / duplicated / unexpected / corrupted / proofs missing",
         " / ".join(str(v[k]) for k in ("lost", "duplicated", "unexpected", "corrupted",
                                         "proofs_missing")), "OK" if r["ok"] else "FAILED"],
        ["sending: duration, envelopes/s, MB/s",
         f"{r['sending_seconds']:.0f} s, {r['send_rate']:.1f}/s, {r['send_mb_s']:.1f} MB/s", ""],
        ["receiving (until drained): duration, envelopes/s, MB/s",
         f"{r['receiving_seconds']:.0f} s, {r['receive_rate']:.1f}/s, "
         f"{r['receive_mb_s']:.1f} MB/s", ""],
        ["send latency p50/p95/p99: all", _ms(r["latency_send"]), ""],
        ["  one-request deposits / chunked uploads",
         f"{_ms(r['latency_send_single'])} / {_ms(r['latency_send_chunked'])}", ""],
        ["receive p50/p95/p99: download / with proofs + receipt",
         f"{_ms(r['latency_download'])} / {_ms(r['latency_receive'])}", ""],
        ["deposit-to-received delay p50/p95/p99", _ms(r["delivery_delay"]), ""],
        ["relay requests; 5xx; 4xx", f"{log['requests']}; {log['server_errors']}; "
         f"{log['client_errors']}", f"{log['error_codes'] or ''}"],
        ["relay exceptions / warnings", f"{log['exceptions'] or 0} / {log['warnings'] or 0}",
         ""],
        ["client errors", errors, ""],
        *_memory_rows(r["memory"]),
        ["relay open fds: idle before / idle after / max",
         f"{r['fds']['before']} / {r['fds']['after']} / {r['fds']['max']}", ""],
    ]


def print_report(r: dict[str, Any], passed: bool) -> None:
    o = r["options"]
    info = machine_info()
    load = ", ".join(f"{x:.2f}" for x in r["load_average_at_start"])
    print(f"\nRelay soak, {r['database']}: {o['senders']} senders, {o['receivers']} receivers, "
          f"{o['processes']} load processes, {o['seconds'] / 60:g} min, sizes 1 KiB-"
          f"{o['max_size'] / 2**20:g} MiB, seed {o['seed']}")
    print(f"machine: {info['cpu']}, {os.cpu_count()} cores; load average at start {load}")
    print_table(["measure", "result", "note"], _rows(r))
    flat = r["memory"].get("flat")
    print("verdict:", "PASS" if passed else "FAIL", "(exactly once, intact, proofs, no error);",
          "memory", "flat" if flat else "not measured" if flat is None else "GREW")
