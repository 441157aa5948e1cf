#!/usr/bin/env python3
"""Scores every dev set (../shared/eval) and prints each one's figures.

    scripts/score_dev.py [--bin target/release/tradeseries] [--errors N] [--set book|news] [--json]

For each set: extracts its texts with the binary, runs ../shared/eval/score.py
(found, value and fact F1; attribute accuracy, scope and status included),
and computes series-F1: the cells that enter the tables (money, indicator not
`other`, a year, `actual`, `total`; FACTS.md "What goes into the tables"),
keyed by reporter, partner, indicator, year, months and currency, the two
sides of turnover and investment in either order; a cell is right when the
gold has it and the medians agree within 1%. --errors lists the attribute
errors with their sentences and the linkers' reasons.
"""
import argparse
import json
import math
import pathlib
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SETS = {
    "book": dict(texts=ROOT / "pipelines" / "corpus", gold=EVAL / "gold-dev.jsonl", scope=EVAL / "scope-dev.json"),
    "news": dict(texts=EVAL / "news-dev", gold=EVAL / "news-dev" / "gold.jsonl", scope=None),
}
SYMMETRIC = ("turnover", "investment")
TALLY = {}


def read_jsonl(p):
    return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]


def in_scope(rec, scope):
    if scope is None or rec["doc"] not in scope:
        return True
    return any(a <= rec["start"] < b for a, b in scope[rec["doc"]])


def cells(facts):
    out = {}
    for f in facts:
        if f["kind"] != "money" or f.get("indicator") in (None, "other") or f.get("year") is None:
            continue
        if f.get("status", "actual") != "actual" or f.get("scope", "total") != "total":
            continue
        rep, par = f.get("reporter"), f.get("partner")
        if f["indicator"] in SYMMETRIC:
            rep, par = sorted([str(rep), str(par)])
        key = (rep, par, f["indicator"], f["year"], f.get("month_from"), f.get("month_to"), f.get("currency"))
        out.setdefault(key, []).append(float(f["value"]))
    return {k: statistics.median(v) for k, v in out.items()}


def series_f1(gold, pred):
    g, p = cells(gold), cells(pred)
    right = sum(1 for k, v in p.items() if k in g and abs(v - g[k]) <= 0.01 * max(abs(v), abs(g[k]), 1e-9))
    prec = right / len(p) if p else 0.0
    rec = right / len(g) if g else 0.0
    return dict(gold_cells=len(g), pred_cells=len(p), right=right, p=round(prec, 4), r=round(rec, 4), f1=round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0)


def errors(gold, pred, n, only=None):
    by = {}
    for p in pred:
        by.setdefault((p["doc"], p["kind"]), []).append(p)
    shown = 0
    for g in gold:
        best = None
        for p in by.get((g["doc"], g["kind"]), []):
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0 and (best is None or ov > best[0]):
                best = (ov, p)
        if not best:
            continue
        p = best[1]
        diffs = []
        for k in ("indicator", "partner", "reporter", "year", "month_from", "month_to", "base_year", "scope", "status"):
            gv, pv = g.get(k), p.get(k)
            if isinstance(pv, float) and pv.is_integer():
                pv = int(pv)
            if k in ("partner", "reporter") and g.get("indicator") in SYMMETRIC and p.get("indicator") == g.get("indicator"):
                if {str(g.get("partner")), str(g.get("reporter"))} == {str(p.get("partner")), str(p.get("reporter"))}:
                    continue
            if gv != pv:
                diffs.append(f"{k}: {gv} -> {pv}")
        for d in diffs:
            TALLY[d.split(":")[0]] = TALLY.get(d.split(":")[0], 0) + 1
        if only and not any(d.startswith(only + ":") for d in diffs):
            continue
        if diffs and shown < n:
            shown += 1
            print(f"  {g['doc'][:14]}@{g['start']} {g['mention']!r}: " + "; ".join(diffs))
            print(f"      {p.get('sentence', '')[:400]}")
            print(f"      why: {p.get('why', '')}")
            if g.get("note"):
                print(f"      gold note: {g['note']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "tradeseries"))
    ap.add_argument("--set", choices=sorted(SETS), action="append")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", help="list only the errors of this attribute (year, partner, ...)")
    a = ap.parse_args()
    summary = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.set or sorted(SETS):
            s = SETS[name]
            out = pathlib.Path(tmp) / f"{name}.jsonl"
            r = subprocess.run([a.bin, "extract", str(s["texts"]), "-o", str(out)], capture_output=True, text=True)
            if r.returncode not in (0, 1):
                sys.exit(f"{name}: extract failed: {r.stderr}")
            cmd = [sys.executable, str(EVAL / "score.py"), "--gold", str(s["gold"]), "--pred", str(out), "--json"]
            if s["scope"]:
                cmd += ["--scope", str(s["scope"])]
            score = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
            gold = read_jsonl(s["gold"])
            scope = json.load(open(s["scope"])) if s["scope"] else None
            docs = {g["doc"] for g in gold}
            pred = [p for p in read_jsonl(out) if p["doc"] in docs and in_scope(p, scope)]
            score["series"] = series_f1(gold, pred)
            summary[name] = score
            if not a.json:
                al = score["all"]
                at = al["attributes"]
                print(f"== {name} dev: {al['gold']} gold, {al['pred']} pred")
                for kind in ("money", "growth", "all"):
                    k = score[kind]
                    print(f"  {kind:7} value-F1 {k['value']['f1']:.3f}  fact-F1 {k['fact']['f1']:.3f}")
                print("  " + "  ".join(f"{k}={v:.3f}" for k, v in at.items() if v is not None))
                se = score["series"]
                print(f"  series-F1 {se['f1']:.3f} ({se['right']} of {se['pred_cells']} cells right, gold {se['gold_cells']})")
                if a.errors:
                    TALLY.clear()
                    errors(gold, pred, a.errors, a.only)
                    print("  errors by attribute: " + ", ".join(f"{k} {v}" for k, v in sorted(TALLY.items(), key=lambda kv: -kv[1])))
    if a.json:
        print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
