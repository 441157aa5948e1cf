"""The Spark job in local mode: its facts equal the CLI's on the bundled
corpus row for row, and its tables those of `tradeseries aggregate`."""

import subprocess
import sys

import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from conftest import REPO


def spark_job(*args):
    return subprocess.run([sys.executable, "-m", "tradeseries.spark", *map(str, args), "--master", "local[2]"], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_the_spark_job_writes_the_facts_and_tables_of_the_cli(spark_ready, run_cli, tmp_path):
    out = tmp_path / "spark"
    r = spark_job("pipelines/corpus", out)
    assert r.returncode == 0, r.stderr[-3000:]
    facts = tmp_path / "cli.parquet"
    run_cli("extract", "pipelines/corpus", "-o", facts)
    cli = pq.read_table(facts)
    # partitioned by year: the year comes back from the folder names (null ones too)
    assert any(p.name.startswith("year=") for p in (out / "facts").iterdir())
    got = ds.dataset(out / "facts", format="parquet", partitioning="hive").to_table()
    assert sorted(got.schema.names) == sorted(cli.schema.names)
    got = got.select(cli.schema.names).cast(cli.schema)
    key = [("fact_id", "ascending")]
    got, want = got.sort_by(key), cli.sort_by(key)
    assert got.num_rows == want.num_rows > 500
    for name in cli.schema.names:
        a, b = got.column(name), want.column(name)
        assert a.equals(b), f"column {name} differs: {pc.sum(pc.invert(pc.fill_null(pc.equal(a, b), False)))} rows"
    # the tables, from the partitioned folder by the code of `tradeseries aggregate`
    run_cli("aggregate", facts, "-o", tmp_path / "agg")
    for t in ["series.parquet", "growth.parquet", "year_partner/turnover.parquet"]:
        assert pq.read_table(out / "tables" / t).equals(pq.read_table(tmp_path / "agg" / t)), t


def test_the_spark_job_refuses_a_folder_that_is_no_output(spark_ready, tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "keep.csv").write_text("a,b\n")
    r = spark_job("pipelines/corpus", out)
    assert r.returncode != 0 and "is not a tradeseries output" in r.stderr
    assert (out / "keep.csv").read_text() == "a,b\n"
