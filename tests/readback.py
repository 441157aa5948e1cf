"""Reads a tradeseries output folder with pyarrow, polars and DuckDB and checks
that all three see the same tables. Usage: readback.py OUTPUT_DIR COLUMNS
(COLUMNS: the fact table's column names, comma-separated, from the schema list)."""
import pathlib
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

out = pathlib.Path(sys.argv[1])
columns = sys.argv[2].split(",")
files = sorted(out.rglob("*.parquet"))
names = {f.relative_to(out).as_posix() for f in files}
for need in ["facts.parquet", "documents.parquet", "series.parquet", "growth.parquet", "year_partner/turnover.parquet"]:
    assert need in names, f"{need} missing: {sorted(names)}"

counts = {}
for f in files:
    t = pq.read_table(f)
    counts[f] = t.num_rows
    assert t.num_rows > 0, f"{f}: empty"
    meta = pq.read_metadata(f).metadata or {}
    assert any(k.startswith(b"description:") for k in meta), f"{f}: no column descriptions"
print("pyarrow ok", len(files), "files")

for f in files:
    df = pl.read_parquet(f)
    assert df.height == counts[f], f"{f}: polars {df.height} != pyarrow {counts[f]}"
facts = pl.read_parquet(out / "facts.parquet")
assert facts.columns == columns, f"facts.parquet columns {facts.columns} != the schema's {columns}"
assert pq.read_schema(out / "facts.parquet").names == columns
assert set(facts["kind"].unique()) == {"money", "growth"}
assert set(facts["scope"].unique()) <= {"total", "product", "region", "company"}
assert set(facts["status"].unique()) <= {"actual", "target"}
assert facts["value"].null_count() == 0
print("polars ok")

for f in files:
    df = pd.read_parquet(f)
    assert len(df) == counts[f], f"{f}: pandas {len(df)} != pyarrow {counts[f]}"
print("pandas ok")

con = duckdb.connect()
for f in files:
    n = con.execute(f"select count(*) from read_parquet('{f}')").fetchone()[0]
    assert n == counts[f], f"{f}: duckdb {n} != {counts[f]}"
top = con.execute(
    f"select partner, sum(n_facts) from read_parquet('{out / 'series.parquet'}') "
    "where partner is not null group by partner order by 2 desc limit 1"
).fetchone()
assert top[0] is not None
refs = con.execute(f"select facts from read_parquet('{out / 'series.parquet'}') limit 1").fetchone()[0]
assert ".txt:" in refs, refs
# every column decoded (delta-encoded offsets and fact ids included), not only counted
rows = con.execute(f"select * from read_parquet('{out / 'facts.parquet'}')").fetchall()
cols = [d[0] for d in con.description]
assert cols == facts.columns, cols
assert rows == [tuple(r) for r in facts.iter_rows()], "duckdb and polars read different facts"
assert pd.read_parquet(out / "facts.parquet")["fact_id"].tolist() == facts["fact_id"].to_list()
print("duckdb ok, top partner", top)
