"""A legacy list read from CSV keeps its rows native (``PriceRows``): the same records as
rows built by hand, and a book built from it prices as one built from those records."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal

import pytest

import csp_billing as cb

HEADER = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
          "List Price,ERP Price,Effective Start Date\n")
CSV = HEADER + ("E3,Office 365 E3,Corporate,Non-specific,20.00,25.00,10/1/2015\n"
                "e1,Office 365 E1,Corporate,Non-specific,8.0,10.00,10/1/2015\n")

# The rows of CSV written out by hand: ids upper case (SPEC §3), the list in offer order,
# prices with the scale they have in the file, the date read as M/D/YYYY.
BY_HAND = (
    cb.PriceRow("E1", "Office 365 E1", "corporate", "base", Decimal("8.0"), Decimal("10.00"),
                effective_start=datetime.date(2015, 10, 1)),
    cb.PriceRow("E3", "Office 365 E3", "corporate", "base", Decimal("20.00"),
                Decimal("25.00"), effective_start=datetime.date(2015, 10, 1)),
)


def read() -> cb.PriceList:
    return cb.PriceList.from_csv(CSV, "2016-03", "USD")


def test_rows_are_the_records_written_by_hand() -> None:
    rows = read().rows
    assert isinstance(rows, cb.PriceRows)
    assert len(rows) == 2
    assert rows == BY_HAND and BY_HAND == rows and list(rows) == list(BY_HAND)
    assert rows[1].list_price == Decimal("20.00") and str(rows[0].list_price) == "8.0"
    assert rows[-1] == BY_HAND[-1] and rows[0:1] == BY_HAND[0:1]
    with pytest.raises(IndexError):
        rows[2]


def test_len_builds_no_record() -> None:
    rows = read().rows
    assert len(rows) == 2
    assert rows._rows is None  # built on the first read, not before
    rows[0]
    assert rows._rows is not None


def test_a_read_list_equals_hashes_and_pickles_as_the_list_of_its_records() -> None:
    pl = read()
    by_hand = cb.PriceList("2016-03", "USD", BY_HAND)
    assert pl == by_hand and by_hand == pl and hash(pl) == hash(by_hand)
    assert repr(pl) == repr(by_hand)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(pl, protocol))
        assert back == pl and back.rows == BY_HAND and isinstance(back.rows, tuple)
    assert read().rows == pl.rows
    other = cb.PriceList.from_csv(CSV.replace("20.00", "20.01"), "2016-03", "USD").rows
    assert other != pl.rows


def test_a_book_prices_a_read_list_as_one_of_the_same_records() -> None:
    on, as_of = datetime.date(2016, 3, 15), datetime.date(2016, 2, 1)
    native = cb.PriceBook("USD", [read()])
    by_hand = cb.PriceBook("USD", [cb.PriceList("2016-03", "USD", BY_HAND)])
    for offer, list_price, erp in (("E3", "20.00", "25.00"), ("E1", "8.0", "10.00")):
        a, b = native.price(offer, on, as_of), by_hand.price(offer, on, as_of)
        assert a == b
        assert (a.list, a.erp) == (Decimal(list_price), Decimal(erp))


def test_the_python_lists_month_and_currency_govern_its_native_rows() -> None:
    # The rows of a March list given to an April PriceList: the book holds them for April.
    april = cb.PriceList("2016-04", "USD", read().rows)
    book = cb.PriceBook("USD", [april])
    assert book.price("E3", datetime.date(2016, 4, 2), datetime.date(2016, 4, 1)).list == \
        Decimal("20.00")
    with pytest.raises(cb.CspError) as e:
        book.price("E3", datetime.date(2016, 3, 31), datetime.date(2016, 3, 1))
    assert e.value.code == "no_price_list_in_force"  # no list before April's
    # In another currency, the book refuses the list as it refuses any (SPEC §1.4).
    with pytest.raises(cb.CspError) as e:
        cb.PriceBook("USD", [cb.PriceList("2016-03", "EUR", read().rows)])
    assert e.value.code == "currency_mismatch"


@pytest.mark.parametrize("name", ["legacy-2016-02-USD.csv", "legacy-2016-03-USD.csv"])
def test_the_native_table_is_the_table_of_the_records(name: str) -> None:
    # A list read from CSV builds its Arrow table natively; one of the same records built by
    # hand builds it from them: the same table, schema included.
    from conftest import TESTDATA
    read = cb.PriceList.read(TESTDATA / "price-lists" / name, "2016-03", "USD")
    by_hand = cb.PriceList(read.month, read.currency, tuple(read.rows))
    assert isinstance(read.rows, cb.PriceRows) and isinstance(by_hand.rows, tuple)
    native, python = read.to_arrow(), by_hand.to_arrow()
    assert native.schema == python.schema and native.equals(python)
    assert native.num_rows == len(read.rows) > 0
    assert native.column("list_price").to_pylist() == [str(r.list_price) for r in read.rows]
