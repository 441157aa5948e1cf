#!/usr/bin/env bash
# The benchmark: throughput, stage throughput, peak memory and thread speed-up
# of tradeseries on corpora built from the bundled texts (100 MB and 1 GB), and
# a comparison with established extractors on the bundled 1.3 MB corpus.
# Usage: bash bench/run.sh [WORKDIR]   (default /tmp/tradeseries-bench; needs ~1.7 GB of disk)
# SKIP_PEERS=1 leaves out the peers (Recognizers-Text alone takes about five minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/tradeseries-bench}"
mkdir -p "$work"
cargo build --release --locked
bin="$PWD/target/release/tradeseries"
timer() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/{print $2}') GiB"
echo "(MB = 10^6 bytes; the 1 GB corpus is 1049 MB = 1001 MiB)"
rate() { echo "$1 / $2" | bc -l | xargs printf '%.1f'; }
# pipeline NAME KEY CORPUS: writes $work/pKEY.toml, output into $work/outKEY; mb CORPUS: its size in MB
pipeline() { printf 'name = "%s"\n[input]\npaths = ["%s"]\n[output]\ndir = "%s"\n' "$1" "$3" "$work/out$2" > "$work/p$2.toml"; }
mb() { echo "$(du -sb --apparent-size "$1" | cut -f1) / 1000000" | bc -l; }
for size in 100 1000; do
    corpus="$work/c$size"
    [ -d "$corpus" ] || python3 bench/make_corpus.py "$corpus" "$size"
    pipeline "bench$size" "$size" "$corpus"
    mb=$(mb "$corpus")
    # One core (every thread of the process on CPU 0), then both cores.
    read -r secs kb < <(timer taskset -c 0 "$bin" run "$work/p$size.toml" --full --threads 1)
    echo "run ${size}MB one core, threads=1: ${secs}s, $(rate "$mb" "$secs") MB/s, peak RSS $((kb / 1024)) MB"
    for threads in 1 2; do
        read -r secs kb < <(timer "$bin" run "$work/p$size.toml" --full --threads "$threads")
        echo "run ${size}MB two cores, threads=$threads: ${secs}s, $(rate "$mb" "$secs") MB/s, peak RSS $((kb / 1024)) MB"
    done
    read -r secs kb < <(timer "$bin" extract "$corpus" -o "$work/f$size.parquet" --threads 2)
    echo "extract ${size}MB threads=2: ${secs}s, $(rate "$mb" "$secs") MB/s, peak RSS $((kb / 1024)) MB"
done
# Peak memory varies from run to run by a few MB: five runs of each corpus.
for size in 100 1000; do
    peaks=""
    for _ in 1 2 3 4 5; do
        read -r secs kb < <(timer "$bin" run "$work/p$size.toml" --full)
        peaks="$peaks $((kb / 1024))"
    done
    echo "peak RSS MB, run ${size}MB, five runs:$peaks"
done
# News-sized documents (4 kB): what a row per document costs.
corpus="$work/news500"
[ -d "$corpus" ] || python3 bench/make_corpus.py "$corpus" 500 4
pipeline news500 news500 "$corpus"
mb=$(mb "$corpus")
read -r secs kb < <(timer "$bin" run "$work/pnews500.toml" --full)
echo "run 500MB of $(find "$corpus" -type f | wc -l) news-sized documents: ${secs}s, $(rate "$mb" "$secs") MB/s, peak RSS $((kb / 1024)) MB"
echo "stages, one thread, 100 MB:"
"$bin" profile "$work/c100"

if [ "${SKIP_PEERS:-0}" = 1 ]; then
    exit 0
fi
echo "peers on the bundled corpus:"
if [ ! -x "$work/peers/bin/python" ]; then
    python3 -m venv "$work/peers"
    "$work/peers/bin/pip" install --quiet quantulum3 recognizers-text-suite "emoji<1.0" pyarrow
fi
"$work/peers/bin/python" bench/peers.py pipelines/corpus "$work/peers-out"
t0=$(date +%s.%N); "$bin" extract pipelines/corpus -o "$work/ours.parquet" 2>/dev/null; t1=$(date +%s.%N)
echo "tradeseries: $(echo "1.3 / ($t1 - $t0)" | bc -l | xargs printf '%.1f') MB/s on the same corpus (process start included)"
if [ -f ../shared/eval/score.py ]; then
    for p in "$work/peers-out/quantulum3.jsonl" "$work/peers-out/recognizers-text.jsonl" "$work/ours.parquet"; do
        echo "== $(basename "$p")"
        "$work/peers/bin/python" ../shared/eval/score.py --gold ../shared/eval/gold-dev.jsonl --scope ../shared/eval/scope-dev.json --pred "$p" | head -4
    done
fi
