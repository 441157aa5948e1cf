"""tradeseries: narrative texts about foreign trade to facts and series.

The same Rust core as the ``tradeseries`` command line, in a notebook::

    import tradeseries, polars as pl
    facts = tradeseries.extract(["pipelines/corpus"])          # a pyarrow.Table
    df = pl.from_arrow(facts)                                   # no copy
    tables = tradeseries.aggregate(facts)                       # series, growth, year_partner

Every table is a ``pyarrow.Table`` handed over through the Arrow PyCapsule
interface: polars (``pl.from_arrow``), pandas (``.to_pandas()``) and DuckDB
(``duckdb.sql("select * from facts")``) take it directly. The fact columns
are those of FACTS.md (``fact_schema()`` lists them). Rust works with the GIL
released: threads of a notebook or of Ray keep running.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence, Union

from . import _core
from ._core import TradeseriesError

__all__ = [
    "extract",
    "extract_batch",
    "extract_batch_with_errors",
    "aggregate",
    "aggregate_files",
    "run",
    "explain",
    "fact_schema",
    "TradeseriesError",
    "__version__",
]

__version__ = _core.__version__

Input = Union[str, "os.PathLike[str]"]


def _is_path(item: Input) -> bool:
    """A path (file or folder) or a text? ``os.PathLike`` is always a path; a
    string is a path when it names an existing file or folder, else a text.
    A string that looks like a path (one word with a slash or a text file's
    ending) but names nothing is an error, not a text to extract."""
    if isinstance(item, os.PathLike):
        return True
    if not isinstance(item, str):
        raise TypeError(f"expected a text (str) or a path (str or os.PathLike), got {type(item).__name__}")
    if "\n" in item or len(item) > 4096:
        return False
    if os.path.exists(item):
        return True
    one_word = item.strip() and not any(c.isspace() for c in item.strip())
    looks_like = "/" in item or os.sep in item or item.lower().endswith((".txt", ".md", ".text", ".markdown"))
    if one_word and looks_like:
        raise FileNotFoundError(f"{item}: no such file or folder (give a text with words, or an existing path)")
    return False


def _raise_failed(statuses, errors: str) -> None:
    failed = [s for s in statuses if s["status"] == "error"]
    if not failed:
        return
    message = "; ".join(s["error"] or s["path"] for s in failed)
    if errors == "raise":
        raise TradeseriesError(f"{len(failed)} document(s) failed: {message}")
    if errors == "warn":
        warnings.warn(f"tradeseries: {len(failed)} document(s) failed: {message}", stacklevel=3)


def extract(
    paths_or_texts: Union[Input, Iterable[Input]],
    *,
    reporter: str = "BLR",
    dates: Optional[Mapping[str, str]] = None,
    kinds: Optional[Sequence[str]] = None,
    threads: int = 0,
    encoding: str = "utf-8",
    errors: str = "raise",
    statuses: Optional[list] = None,
):
    """The facts of files, folders or texts, as a ``pyarrow.Table``.

    ``paths_or_texts``: one item or a list of them, in order. An
    ``os.PathLike``, or a string naming an existing file or folder, is read
    as ``tradeseries extract`` reads it (folders recursively, ``.txt``,
    ``.md``, ...; documents in parallel on ``threads`` workers, 0 = one per
    core); any other string is a text, with doc id ``text-1``, ``text-2``...

    ``reporter``: whose figures they are where a text names no one (ISO 3166
    alpha-3 or a FACTS.md group). ``dates``: doc id -> ``"YYYY"`` or
    ``"YYYY-MM"`` for texts without a dateline ("last year" is counted from
    it). ``kinds``: ``["money", "growth"]`` by default. ``encoding``: of
    files that are not UTF-8 (``"windows-1251"``).

    A document that cannot be read or extracted raises ``TradeseriesError``
    naming it and the position (``errors="warn"`` warns and returns the other
    documents' facts, ``errors="ignore"`` only returns them). Pass a list as
    ``statuses`` to receive each document's status (doc, path, status,
    facts, error, note), as documents.parquet has them.

    >>> t = extract("Exports to Uzbekistan grew 1.4 times in January-September 2024.")
    >>> t.column("value").to_pylist(), t.column("partner").to_pylist()
    ([1.4], ['UZB'])
    """
    if errors not in ("raise", "warn", "ignore"):
        raise ValueError(f"errors='{errors}': expected raise, warn or ignore")
    items = [paths_or_texts] if isinstance(paths_or_texts, (str, os.PathLike)) else list(paths_or_texts)
    pairs = [(True, os.fspath(i)) if _is_path(i) else (False, i) for i in items]
    table, status = _core.extract(pairs, reporter=reporter, dates=dict(dates) if dates else None, kinds=list(kinds) if kinds else None, threads=threads, encoding=encoding)
    if statuses is not None:
        statuses.extend(status)
    _raise_failed(status, errors)
    return table


def extract_batch(
    batch,
    *,
    reporter: str = "BLR",
    dates: Optional[Mapping[str, str]] = None,
    kinds: Optional[Sequence[str]] = None,
    encoding: str = "utf-8",
    errors: str = "raise",
):
    """The facts of a ``pyarrow.RecordBatch`` of documents, as a record batch.

    Columns: ``doc`` (the document id: as ``tradeseries extract`` names a
    file, its name), ``text`` (string, or the file's bytes as binary, decoded
    as ``tradeseries extract`` decodes files) and optionally ``path``. What a
    Spark (``mapInArrow``) or Ray worker calls; the batch is taken and the
    facts returned without copying. A document that fails raises
    ``TradeseriesError`` naming it (``errors="warn"`` / ``"ignore"`` go on);
    ``extract_batch_with_errors`` returns the errors instead.
    """
    facts, errs = extract_batch_with_errors(batch, reporter=reporter, dates=dates, kinds=kinds, encoding=encoding)
    if errs and errors == "raise":
        raise TradeseriesError(f"{len(errs)} document(s) failed: " + "; ".join(errs))
    if errs and errors == "warn":
        warnings.warn("tradeseries: " + "; ".join(errs), stacklevel=2)
    return facts


def extract_batch_with_errors(batch, *, reporter: str = "BLR", dates=None, kinds=None, encoding: str = "utf-8"):
    """As ``extract_batch``, returning ``(facts, errors)``: the errors of the
    documents that failed, each naming the document and position."""
    import pyarrow as pa

    if isinstance(batch, pa.Table):
        batches = batch.combine_chunks().to_batches()
        batch = batches[0] if batches else pa.RecordBatch.from_pylist([], schema=batch.schema)
    return _core.extract_batch(batch, reporter=reporter, dates=dict(dates) if dates else None, kinds=list(kinds) if kinds else None, encoding=encoding)


def aggregate(facts, *, reporter: str = "BLR", tolerance: float = 0.05, index_base: Optional[int] = None) -> dict:
    """The series tables of a fact table, as ``tradeseries aggregate`` makes them.

    ``facts``: a ``pyarrow.Table`` (or any Arrow table or stream: a polars
    DataFrame, a DuckDB relation's ``.arrow()``) with the FACTS.md columns.
    Returns ``{"series": Table, "growth": Table, "year_partner": {indicator:
    Table}}``: the long series with every fact's cell (scope and status
    among the keys), growth.parquet's computed and stated growth, and the
    wide year-by-partner tables of total, actual, full-year facts in US
    dollars. ``reporter``: the pipeline's reporter (another country's
    turnover with it lands in its row); ``tolerance``: sources of a cell
    conflict beyond it; ``index_base``: the index's base year.
    """
    if hasattr(facts, "to_arrow") and not hasattr(facts, "__arrow_c_stream__"):
        facts = facts.to_arrow()
    return _core.aggregate(facts, reporter=reporter, tolerance=tolerance, index_base=index_base)


def aggregate_files(facts: Union[Input, Sequence[Input]], output: Input, *, reporter: str = "BLR") -> Path:
    """``tradeseries aggregate FACTS... -o OUTPUT``: fact Parquet files or
    folders (Hive-partitioned ones, as Spark writes them, too) to
    series.parquet, growth.parquet and year_partner/ in ``output``."""
    paths = [facts] if isinstance(facts, (str, os.PathLike)) else list(facts)
    code = _core.aggregate_files([os.fspath(p) for p in paths], os.fspath(output), reporter=reporter)
    if code != 0:
        raise TradeseriesError(f"aggregate into {os.fspath(output)} failed (exit status {code})")
    return Path(output)


def run(pipeline_toml: Input, *, full: bool = False) -> Path:
    """``tradeseries run PIPELINE``: extract, aggregate and report into the
    pipeline's output folder, which is returned. A rerun extracts only new
    and changed documents (``full=True`` redoes all). A config with errors
    raises them all; documents that fail are warned about (their statuses
    are in documents.parquet) and the others' outputs written."""
    code, out = _core.run(os.fspath(pipeline_toml), full=full)
    if code == 1:
        warnings.warn(f"tradeseries: some documents failed; see {out}/documents.parquet", stacklevel=2)
    elif code != 0:
        raise TradeseriesError(f"run of {os.fspath(pipeline_toml)} failed (exit status {code})")
    return Path(out)


def explain(text: str, *, reporter: str = "BLR", date: Optional[str] = None) -> str:
    """What ``tradeseries explain`` prints for ``text``: its tokens, every
    figure with the rule that read it, each attribute with its reason, and
    the numbers not read with why."""
    return _core.explain(text, reporter=reporter, date=date)


def fact_schema():
    """The fact table's ``pyarrow.Schema``: the columns of FACTS.md, in order."""
    import pyarrow as pa

    return pa.schema(_core.fact_schema())
