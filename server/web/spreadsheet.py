"""CSV and XLSX files whose cells never run as formulas (CSV/formula injection, OWASP).

Every file the product hands out as a spreadsheet is written here, and every cell passes
`safe_cell` first:

- Numbers stay numbers. What is a number is decided by the Python type, never by the text:
  an int, float or Decimal from the database (a negative one too: -5 is a number to any
  spreadsheet, not a formula) is written as a number; a str is always text, even "-5".
  None, booleans and dates are typed values and pass as they are.
- Text that starts with = + - @, a tab or a carriage return gets a leading single quote, so
  a spreadsheet shows it as the text it is ("'=HYPERLINK(...)"), and so does any other value
  once made text. Control characters that XML cannot carry (all below U+0020 except tab, LF
  and CR) are dropped first, so that "\\x01=1+1" cannot turn into "=1+1" on the way.
- In XLSX every text cell is written as a string cell (data_type "s"): openpyxl would make a
  text starting with "=" a formula cell and "#N/A" an error cell on its own.

One rule for both formats: the CSV and the XLSX of the same rows carry the same text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TYPED = (int, float, Decimal, date, datetime, time)  # bool is an int
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(text: str) -> str:
    """The text as a spreadsheet shows it and never evaluates it."""
    text = _NOT_IN_XML.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Any) -> Any:
    """A typed value (number, date, boolean, None) as it is; anything else as safe text."""
    if value is None or isinstance(value, TYPED):
        return value
    return safe_text(value if isinstance(value, str) else str(value))


def csv_file(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A UTF-8 CSV with a byte-order mark (so Excel reads the Chinese text as UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([safe_cell(c) for c in columns])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_file(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "data") -> bytes:
    """One sheet: a header row, then the rows; text only ever in string cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)

    def cells(values: Sequence[Any]) -> list[Any]:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, safe_cell(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never "f" (formula) or "e" (error)
            out.append(cell)
        return out

    sheet.append(cells(columns))
    for row in rows:
        sheet.append(cells(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
