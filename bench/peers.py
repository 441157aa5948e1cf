#!/usr/bin/env python3
"""Runs established extractors over the bundled corpus, in one run, and writes
their money figures as fact tables (JSONL) that ../shared/eval/score.py reads.

    peers.py CORPUS_DIR OUT_DIR

quantulum3 and Recognizers-Text (recognizers-text-suite, which needs
emoji<1.0) read paragraph chunks; their character offsets are mapped back to
byte offsets of the document. Prints each peer's throughput.
"""
import json
import os
import sys
import time


def chunks(text):
    """Paragraph chunks with their character offsets."""
    pos = 0
    for part in text.split("\n\n"):
        if part.strip():
            yield pos, part
        pos += len(part) + 2


def byte_offsets(text):
    out, b = [], 0
    for ch in text:
        out.append(b)
        b += len(ch.encode("utf-8"))
    out.append(b)
    return out


def collect(docs, read_part):
    """Facts from `read_part(chunk)`, which yields (start, end, value, currency)
    in characters of the chunk (end exclusive), as byte spans of the document."""
    facts = []
    for name, text in docs:
        bo = byte_offsets(text)
        for off, part in chunks(text):
            for start, end, value, currency in read_part(part):
                s, e = off + start, off + end
                facts.append({"doc": name, "start": bo[s], "end": bo[e], "mention": text[s:e], "kind": "money", "value": value, "currency": currency})
    return facts


def run_quantulum(docs):
    from quantulum3 import parser

    def read(part):
        for q in parser.parse(part):
            if q.unit.entity.name == "currency":
                yield q.span[0], q.span[1], q.value, getattr(q.unit, "currency_code", None)

    return collect(docs, read)


def run_recognizers(docs):
    from recognizers_number_with_unit import recognize_currency
    from recognizers_text import Culture

    def read(part):
        for r in recognize_currency(part, Culture.English):
            res = r.resolution or {}
            try:
                value = float(res.get("value"))
            except (TypeError, ValueError):
                continue
            unit = res.get("unit")
            iso = res.get("isoCurrency") or ({"Dollar": "USD", "Euro": "EUR", "Chinese yuan": "CNY"}.get(unit))
            yield r.start, r.end + 1, value, iso  # End is inclusive

    return collect(docs, read)


def main(corpus, out):
    docs = [(f, open(os.path.join(corpus, f), encoding="utf-8").read()) for f in sorted(os.listdir(corpus))]
    mb = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
    os.makedirs(out, exist_ok=True)
    for name, fn in [("quantulum3", run_quantulum), ("recognizers-text", run_recognizers)]:
        t0 = time.time()
        facts = fn(docs)
        dt = time.time() - t0
        with open(os.path.join(out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for x in facts:
                f.write(json.dumps(x, ensure_ascii=False) + "\n")
        print(f"{name}: {len(facts)} money figures, {mb:.2f} MB in {dt:.1f}s = {mb / dt:.3f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
