"""Type stubs of the Rust extension module (see tradeseries/__init__.py for the public API)."""

from typing import Optional, Sequence

import pyarrow

__version__: str

class TradeseriesError(Exception):
    """A document, pipeline or table tradeseries could not process; the message names it and the position."""

def extract(
    items: Sequence[tuple[bool, str]],
    reporter: str = "BLR",
    dates: Optional[dict[str, str]] = None,
    kinds: Optional[Sequence[str]] = None,
    threads: int = 0,
    encoding: str = "utf-8",
) -> tuple[pyarrow.Table, list[dict]]: ...
def extract_batch(
    batch: pyarrow.RecordBatch,
    reporter: str = "BLR",
    dates: Optional[dict[str, str]] = None,
    kinds: Optional[Sequence[str]] = None,
    encoding: str = "utf-8",
) -> tuple[pyarrow.RecordBatch, list[str]]: ...
def fact_schema() -> pyarrow.Schema: ...
def aggregate(facts: object, reporter: str = "BLR", tolerance: float = 0.05, index_base: Optional[int] = None) -> dict: ...
def aggregate_files(facts: Sequence[str], output: str, reporter: str = "BLR") -> int: ...
def run(pipeline: str, full: bool = False) -> tuple[int, str]: ...
def explain(text: str, reporter: str = "BLR", date: Optional[str] = None) -> str: ...
def list_inputs(paths: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]: ...
