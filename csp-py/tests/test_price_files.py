"""Price files read without JSON text: the same rows as the core's JSON form gives them,
the NCE rows kept native (equality, pickling, Arrow)."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal

import pyarrow as pa
import pytest

import csp_billing as cb
from csp_billing import _native
from csp_billing._convert import decode

from conftest import TESTDATA

LEGACY = ["legacy-2016-02-USD.csv", "legacy-2016-03-USD.csv"]
NCE = "nce-2021-11-US.csv"


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_rows_equal_the_json_form(name: str) -> None:
    text = cb.read_text(TESTDATA / "price-lists" / name)
    via_json = tuple(decode(cb.PriceRow, r)
                     for r in json.loads(_native.parse_price_list(text, "2016-03", "USD")))
    got = cb.PriceList.from_csv(text, "2016-03", "USD").rows
    assert got == via_json and len(got) > 0
    # The same types, not only equal values (Decimal with its scale, date).
    assert [tuple(map(repr, r.to_dict().values())) for r in got] == \
        [tuple(map(repr, r.to_dict().values())) for r in via_json]


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_to_arrow_keeps_the_exact_prices(name: str) -> None:
    pl = cb.PriceList.read(TESTDATA / "price-lists" / name, "2016-03", "USD")
    table = pl.to_arrow()
    assert isinstance(table, pa.Table) and table.num_rows == len(pl.rows)
    assert table.schema.field("list_price").type == pa.string()
    assert [Decimal(x) for x in table.column("list_price").to_pylist()] == \
        [r.list_price for r in pl.rows]
    assert table.column("effective_start").to_pylist() == [r.effective_start for r in pl.rows]


def _sheet() -> str:
    return cb.read_text(TESTDATA / "price-lists" / NCE)


def test_nce_book_equals_one_given_the_json_rows() -> None:
    text = _sheet()
    rows = tuple(json.loads(_native.parse_nce_csv(text)))
    read = cb.PriceBook("USD").with_nce_csv(text)
    given = cb.PriceBook("USD", nce_rows=rows)
    assert read == given and repr(read) == repr(given)
    assert f"nce_rows={len(rows)}" in repr(read)
    assert read != cb.PriceBook("USD")
    twice = read.with_nce_csv(text)
    assert f"nce_rows={2 * len(rows)}" in repr(twice) and twice != read


def test_nce_book_pickles_by_its_rows() -> None:
    book = cb.PriceBook("USD").with_nce_csv(_sheet())
    back = pickle.loads(pickle.dumps(book))
    assert back == book
    assert back.__reduce__()[1][3] == tuple(json.loads(_native.parse_nce_csv(_sheet())))


def test_nce_table_has_the_rows_as_written() -> None:
    text = _sheet()
    rows = json.loads(_native.parse_nce_csv(text))
    table = cb.PriceBook("USD").with_nce_csv(text).nce_table()
    assert isinstance(table, pa.Table) and table.num_rows == len(rows)
    for money in ("unit_price", "erp_price"):
        assert pa.types.is_string(table.schema.field(money).type)  # exact text, not a float
    assert table.column("unit_price").to_pylist() == [r["unit_price"] for r in rows]
    assert table.column("erp_price").to_pylist() == [r["erp_price"] for r in rows]
    assert table.column("effective_end").to_pylist() == [r["effective_end"] for r in rows]
    assert table.column("offer").to_pylist() == [r["key"]["offer"] for r in rows]
    assert table.column("line").to_pylist() == [r["line"] for r in rows]
    assert cb.PriceBook("USD").nce_table().num_rows == 0


def test_nce_refusals_unchanged() -> None:
    bad = "ProductId,SkuId,UnitPrice\nA,1,-1\n"
    with pytest.raises(cb.PriceListError) as native:
        cb.PriceBook("USD").with_nce_csv(bad)
    with pytest.raises(cb.PriceListError) as via_json:
        _native.parse_nce_csv(bad)
    assert (native.value.code, native.value.context) == (via_json.value.code, via_json.value.context)


def test_nce_rows_given_as_dicts_are_checked_after_the_lists() -> None:
    eur = cb.PriceList.read(TESTDATA / "price-lists" / LEGACY[0], "2016-02", "EUR")
    with pytest.raises(cb.CspError) as info:
        cb.PriceBook("USD", [eur], nce_rows=({"not": "a row"},))
    assert info.value.code == "currency_mismatch"
    with pytest.raises(cb.CspError) as info:
        cb.PriceBook("USD", nce_rows=({"not": "a row"},))
    assert info.value.code == "invalid_input" and "NCE rows" in str(info.value)
