"""What code that reads a row by column name asks of it."""

from __future__ import annotations

from typing import Any, Protocol


class ColumnValues(Protocol):
    """A row read by column name: a SQLAlchemy `RowMapping` (not a `Mapping[str, ...]`: its keys may
    also be column objects), a `csv.DictReader` row or a plain dict."""

    def __getitem__(self, name: str, /) -> Any: ...

    def get(self, name: str, /) -> Any: ...
