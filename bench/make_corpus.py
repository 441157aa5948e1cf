#!/usr/bin/env python3
"""Builds a large corpus from the bundled texts: copies with varied names and
shuffled paragraphs, until SIZE megabytes.  make_corpus.py OUT_DIR SIZE_MB [DOC_KB]
With DOC_KB, documents are news-sized instead: paragraphs drawn from all the
texts until DOC_KB kilobytes (a corpus with a row per few kilobytes)."""
import os
import random
import sys

out, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
src = os.path.join(os.path.dirname(__file__), "..", "pipelines", "corpus")
docs = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src))]
# paragraphs: blocks that end a sentence before a blank line (PDF lines are not cut apart)
paras = []
for d in docs:
    blocks, cur = [], []
    for part in d.split("\n\n"):
        cur.append(part)
        if part.rstrip().endswith((".", "!", "?", "\"", "”")):
            blocks.append("\n\n".join(cur))
            cur = []
    if cur:
        blocks.append("\n\n".join(cur))
    paras.append(blocks)
rng = random.Random(20261123)
os.makedirs(out, exist_ok=True)
total, i = 0, 0
doc_bytes = int(sys.argv[3]) * 1000 if len(sys.argv) > 3 else 0
pool = [p for ps in paras for p in ps]
while total < size:
    k = i % len(docs)
    if doc_bytes:
        ps, n = [], 0
        while n < doc_bytes:
            ps.append(rng.choice(pool))
            n += len(ps[-1].encode("utf-8"))
    else:
        ps = paras[k][:]
        rng.shuffle(ps)
    text = "\n\n".join(ps) + f"\n\nCopy {i} of document {k}.\n"
    sub = os.path.join(out, f"part{i // 500:03d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"doc{i:06d}_{k}.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    total += len(text.encode("utf-8"))
    i += 1
print(f"{out}: {i} documents, {total / 1e6:.1f} MB")
