"""tradeseries from Python: the same rows as the command line, errors as
exceptions naming the document, tables every notebook library takes."""

import threading
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import tradeseries
from conftest import CORPUS, REPO


def test_extract_of_the_corpus_gives_the_rows_of_the_cli(run_cli, tmp_path):
    out = tmp_path / "facts.parquet"
    run_cli("extract", "pipelines/corpus", "-o", out)
    cli = pq.read_table(out)
    py = tradeseries.extract(["pipelines/corpus"]) if Path("pipelines/corpus").exists() else None
    if py is None:  # run from another folder: the same corpus by absolute path, paths differ
        py = tradeseries.extract([CORPUS])
        cli = cli.drop(["path"])
        py = py.drop(["path"])
    assert py.num_rows == cli.num_rows > 500
    assert py.schema.names == cli.schema.names == tradeseries.fact_schema().names
    assert py.equals(cli.cast(py.schema)), "row for row, value for value"


def test_paths_and_texts_in_order(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("In 2023, exports to China reached $2 billion.\n")
    t = tradeseries.extract(["Imports from Turkey grew by 12% in 2024.", f, "Trade with Laos was $5 million in 2022."])
    docs = t.column("doc").to_pylist()
    assert docs == ["text-1", "a.txt", "text-2"], docs
    assert t.column("value").to_pylist() == [1.12, 2e9, 5e6]
    assert t.column("partner").to_pylist() == ["TUR", "CHN", "LAO"]


def test_a_string_that_names_no_file_but_looks_like_one_is_an_error():
    with pytest.raises(FileNotFoundError, match="pipelines/corpu: no such file or folder"):
        tradeseries.extract(["pipelines/corpu"])
    # a text with words is a text
    assert tradeseries.extract("Exports grew 5% in 2023.").num_rows == 1


def test_a_failed_document_raises_naming_it_and_the_position(tmp_path):
    (tmp_path / "good.txt").write_text("Exports to China reached $2 billion in 2023.\n")
    (tmp_path / "bad.txt").write_bytes(b"Exports grew\n by 5\xff% in 2023.\n")
    with pytest.raises(tradeseries.TradeseriesError, match=r"bad\.txt:2:\d+"):
        tradeseries.extract([tmp_path])
    statuses = []
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = tradeseries.extract([tmp_path], errors="warn", statuses=statuses)
    assert any("bad.txt" in str(x.message) for x in w)
    assert t.column("doc").to_pylist() == ["good.txt"], "the other documents' facts"
    assert {s["doc"]: s["status"] for s in statuses} == {"bad.txt": "error", "good.txt": "ok"}


def test_settings_are_checked():
    with pytest.raises(ValueError, match="reporter 'XYZ'"):
        tradeseries.extract("Exports grew 5% in 2023.", reporter="XYZ")
    with pytest.raises(ValueError, match=r"dates\['text-1'\] = '2023-13'"):
        tradeseries.extract("Exports grew 5% last year.", dates={"text-1": "2023-13"})
    with pytest.raises(ValueError, match="kinds: 'weather'"):
        tradeseries.extract("Exports grew 5% in 2023.", kinds=["weather"])


def test_dates_reporter_and_kinds_are_used():
    t = tradeseries.extract("Exports to China grew by 5% last year, to $3 billion.", reporter="KAZ", dates={"text-1": "2024"}, kinds=["money"])
    assert t.column("kind").to_pylist() == ["money"]
    assert t.column("reporter").to_pylist() == ["KAZ"] and t.column("year").to_pylist() == [2023]


def test_extract_batch_takes_strings_or_bytes():
    texts = ["Exports to China reached $5 billion in 2023.", "Imports from India fell by 3% in 2022."]
    as_str = pa.record_batch({"doc": ["a.txt", "b.txt"], "text": texts})
    as_bytes = pa.record_batch({"doc": ["a.txt", "b.txt"], "path": ["in/a.txt", "in/b.txt"], "text": [t.encode() for t in texts]})
    f1, f2 = tradeseries.extract_batch(as_str), tradeseries.extract_batch(as_bytes)
    assert isinstance(f1, pa.RecordBatch) and f1.schema == tradeseries.fact_schema()
    assert f1.column("value").to_pylist() == f2.column("value").to_pylist() == [5e9, 0.97]
    assert f2.column("path").to_pylist() == ["in/a.txt", "in/b.txt"]
    # the same facts as a file of that text
    assert f1.column("fact_id").to_pylist() == ["a.txt:25", "b.txt:27"]
    with pytest.raises(ValueError, match="no column 'text'"):
        tradeseries.extract_batch(pa.record_batch({"doc": ["a"]}))
    bad = pa.record_batch({"doc": ["x.txt"], "text": [b"Exports \xff grew"]})
    with pytest.raises(tradeseries.TradeseriesError, match=r"x\.txt:1:9"):
        tradeseries.extract_batch(bad)
    facts, errors = tradeseries.extract_batch_with_errors(bad)
    assert facts.num_rows == 0 and len(errors) == 1


def test_aggregate_gives_the_tables_of_the_cli(run_cli, tmp_path):
    facts = tmp_path / "facts.parquet"
    run_cli("extract", "pipelines/corpus", "-o", facts)
    run_cli("aggregate", facts, "-o", tmp_path / "agg")
    tables = tradeseries.aggregate(pq.read_table(facts))
    assert tables["series"].equals(pq.read_table(tmp_path / "agg" / "series.parquet"))
    assert tables["growth"].equals(pq.read_table(tmp_path / "agg" / "growth.parquet"))
    assert sorted(tables["year_partner"]) == sorted(p.stem for p in (tmp_path / "agg" / "year_partner").glob("*.parquet"))
    for ind, t in tables["year_partner"].items():
        assert t.equals(pq.read_table(tmp_path / "agg" / "year_partner" / f"{ind}.parquet")), ind


def test_notebook_libraries_take_the_tables():
    import duckdb
    import polars as pl

    facts = tradeseries.extract([CORPUS])
    df = pl.from_arrow(facts)
    assert df.height == facts.num_rows
    assert facts.to_pandas().shape[0] == facts.num_rows
    n = duckdb.sql("select count(*) from facts where kind = 'money'").fetchall()[0][0]
    assert n == df.filter(pl.col("kind") == "money").height
    # a polars frame goes back in through the same interface
    tables = tradeseries.aggregate(df)
    assert tables["series"].num_rows > 100


def test_the_gil_is_released_while_rust_works():
    done = threading.Event()
    result = {}

    def work():
        result["t"] = tradeseries.extract([CORPUS] * 3, threads=1)
        done.set()

    th = threading.Thread(target=work)
    th.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
    th.join()
    # with the GIL held for the whole extraction the loop could not run meanwhile
    assert ticks > 1000, ticks
    assert result["t"].num_rows > 500


def test_run_and_explain(tmp_path):
    cfg = tmp_path / "p.toml"
    cfg.write_text(f'name = "t"\n[input]\npaths = ["{CORPUS}"]\n[output]\ndir = "{tmp_path / "out"}"\n')
    out = tradeseries.run(cfg)
    assert (out / "facts.parquet").exists() and (out / "year_partner" / "turnover.parquet").exists()
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "t"\n[input]\npaths = ["nope"]\nencoding = 7\n')
    with pytest.raises(tradeseries.TradeseriesError, match="input.encoding"):
        tradeseries.run(bad)
    e = tradeseries.explain("In January-September 2024 exports to Uzbekistan grew 1.4 times.")
    assert "rule=growth.times" in e and "partner=UZB" in e and "months=1..9" in e
