"""Export and import: the log (or one case) as a portable file, merged back by uuid.

The JSON export holds every column of every table, one row a line; the CSV export one row per
call, for a spreadsheet. Both are written as the rows are read, and an import reads its file a
row at a time, so that neither holds the log in memory (DESIGN.md: 64 MiB at any size).

- `spec`: the format, the tables in the order they are written and merged, their columns, and
  how each value is checked on import;
- `export`: the JSON and CSV exports;
- `reading`: the file turned into rows by an incremental JSON parser (ijson);
- `importing`: the rows staged and checked in SQL, then merged into the log;
- `progress`: how big work reports how far it has got (the caller draws it).
"""

from gripe.store.transfer.export import CSV_COLUMNS, PROMISE_SEPARATOR, export_csv, export_json
from gripe.store.transfer.importing import Counts, import_file
from gripe.store.transfer.progress import Progress, Quiet
from gripe.store.transfer.spec import (
    CENTS,
    DATE,
    FORMAT,
    MINUTES,
    RIGHTS_DATE_COLUMNS,
    SHA256,
    TABLES,
    TIME,
    VERSION,
)

__all__ = [
    "CENTS",
    "CSV_COLUMNS",
    "DATE",
    "FORMAT",
    "MINUTES",
    "PROMISE_SEPARATOR",
    "RIGHTS_DATE_COLUMNS",
    "SHA256",
    "TABLES",
    "TIME",
    "VERSION",
    "Counts",
    "Progress",
    "Quiet",
    "export_csv",
    "export_json",
    "import_file",
]
