"""The cluster path: ``python -m tradeseries.spark INPUT OUTPUT [--master URL]``.

Reads the texts under INPUT as whole files (Spark's ``binaryFile`` source),
extracts their facts on the executors with ``extract_batch`` (the Rust core,
in ``mapInArrow``: documents in parallel across executors, each a whole
file), writes them to ``OUTPUT/facts`` as Parquet partitioned by ``year``
(the columns and values of ``tradeseries extract``), then builds the series
tables in ``OUTPUT/tables`` from that folder with the code of ``tradeseries
aggregate``, on the driver. The fact table is about a thousandth of the text,
so the driver's share stays small; the README says when that stops holding.

Local mode (``local[*]``) by default; any Spark master works (the executors
need this package installed, e.g. with ``--py-files`` or in their image).
A local INPUT is listed as ``tradeseries extract`` lists it (the same files,
in the same order; content duplicates kept once, the first); a URI
(``hdfs://``, ``s3a://``) is listed by Spark, text endings only.

Exit status: 0 when all went well; 1 when some document failed (each error is
printed and written to ``OUTPUT/errors.txt``; the others' facts are written);
2 for a usage or output error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

MARKER = ".tradeseries-output"
TEXT_ENDINGS = ("txt", "md", "text", "markdown")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tradeseries.spark", description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a file or folder of texts (local path or URI)")
    p.add_argument("output", help="the output folder: facts/ (partitioned by year) and tables/")
    p.add_argument("--master", default="local[*]", help="the Spark master (default: local[*])")
    p.add_argument("--reporter", default="BLR", help="default reporter (ISO 3166 alpha-3 or a FACTS.md group)")
    p.add_argument("--encoding", default="utf-8", help="encoding of files that are not UTF-8: utf-8 (refuse them) or windows-1251")
    p.add_argument("--partitions", type=int, default=0, help="partitions of the documents (default: 4 per core of the cluster)")
    return p


def _check_output(out: Path) -> None:
    """Like ``tradeseries run``: an output folder may only be replaced when it
    is empty or holds a previous output."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SystemExit(f"tradeseries: {out}: exists and is not a tradeseries output (no {MARKER}): give an empty or new folder")


def _error_list():
    from pyspark.accumulators import AccumulatorParam

    class ListParam(AccumulatorParam):
        def zero(self, value):
            return []

        def addInPlace(self, a, b):
            a.extend(b)
            return a

    return ListParam()


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    import tradeseries
    from tradeseries import _core

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    out = Path(args.output)
    _check_output(out)
    remote = "://" in args.input
    if remote:
        files, skipped = None, []
    else:
        try:
            files, skipped = _core.list_inputs([args.input])
        except tradeseries.TradeseriesError as e:
            print(f"tradeseries: {e}", file=sys.stderr)
            return 2
        for path, why in skipped:
            print(f"tradeseries: note: {path}: {why}", file=sys.stderr)
        if not files:
            print(f"tradeseries: {args.input}: no text files", file=sys.stderr)
            return 2

    spark = (
        SparkSession.builder.master(args.master)
        .appName("tradeseries")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        reader = spark.read.format("binaryFile")
        if remote:
            docs = reader.option("recursiveFileLookup", "true").load(args.input)
            docs = docs.filter(F.lower(F.regexp_extract("path", r"\.([^./]+)$", 1)).isin(*TEXT_ENDINGS))
            docs = docs.withColumn("order", F.col("path")).withColumn("cli_path", F.col("path"))
        else:
            absolute = [Path(f).resolve().as_uri() for f in files]
            docs = reader.load([str(Path(f).resolve()) for f in files])
            # the path and the order `tradeseries extract` gives each file
            index = spark.createDataFrame([(u, i, f) for i, (u, f) in enumerate(zip(absolute, files))], "uri string, order int, cli_path string")
            docs = docs.withColumn("uri", F.regexp_replace("path", "^file:/+", "file:///")).join(index, "uri")
        # content duplicates: the first in order only, as `tradeseries extract` counts them
        first = Window.partitionBy("digest").orderBy("order")
        docs = docs.withColumn("digest", F.sha2("content", 256)).withColumn("k", F.row_number().over(first)).filter("k = 1")
        docs = docs.select(F.regexp_extract("cli_path", r"([^/]+)$", 1).alias("doc"), F.col("cli_path").alias("path"), F.col("content").alias("text"))
        parts = args.partitions or 4 * spark.sparkContext.defaultParallelism
        docs = docs.repartition(parts)

        schema = tradeseries.fact_schema()
        errors = spark.sparkContext.accumulator([], _error_list())
        reporter, encoding = args.reporter, args.encoding

        def extract(batches):
            import tradeseries as ts

            for b in batches:
                facts, errs = ts.extract_batch_with_errors(b, reporter=reporter, encoding=encoding)
                if errs:
                    errors.add(errs)
                yield facts

        facts = docs.mapInArrow(extract, from_arrow_schema(schema))
        facts.write.mode("overwrite").partitionBy("year").parquet(str(out / "facts"))
        (out / MARKER).write_text("written by python -m tradeseries.spark\n")
    finally:
        spark.stop()

    code = _core.aggregate_files([str(out / "facts")], str(out / "tables"), reporter=args.reporter)
    if code != 0:
        return code
    failed = sorted(errors.value)
    if failed:
        for e in failed:
            print(f"tradeseries: {e}", file=sys.stderr)
        (out / "errors.txt").write_text("\n".join(failed) + "\n")
        return 1
    print(f"tradeseries: facts -> {out / 'facts'} (partitioned by year), tables -> {out / 'tables'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
