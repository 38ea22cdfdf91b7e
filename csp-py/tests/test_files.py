"""Files read natively: a size cap, UTF-8 (BOM or not) and UTF-16 with a BOM decoded, any
other encoding refused with a CspError (never UnicodeDecodeError), and a scenario's
``csv_file`` resolved relative to the scenario file (issue 15)."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any, Dict

import pytest

import csp_billing as cb

from conftest import JANUARY_CSV, TESTDATA

#: The code of an encoding refusal: the core's `invalid_encoding` once its `decode_text`
#: replaces the binding's stand-in, `invalid_input` until then.
ENCODING = "invalid_encoding" if "invalid_encoding" in cb.ERROR_CODES else "invalid_input"

NAMED_CSV = JANUARY_CSV.replace("Office 365 Enterprise E3", "Office 365 Entreprise É3 — café")


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff")], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"])
def test_utf8_and_utf16_with_bom_are_decoded(tmp_path: Path, encoding: str,
                                             prefix: bytes) -> None:
    path = _write(tmp_path / "p.csv", prefix + NAMED_CSV.encode(encoding))
    assert cb.read_text(path) == NAMED_CSV
    got = cb.PriceList.read(path, "2016-01", "USD")
    assert got == cb.PriceList.from_csv(NAMED_CSV, "2016-01", "USD")
    assert any("café" in r.offer_name for r in got.rows)


@pytest.mark.parametrize("data,line", [
    (NAMED_CSV.encode("latin-1", errors="replace"), None),
    (NAMED_CSV.encode("cp1252", errors="replace"), None),
    (NAMED_CSV.encode("utf-16-le"), 1),             # UTF-16 without its byte order mark
    (b"\xff\xfe\x00\x00" + "a".encode("utf-32-le"), 1),  # UTF-32
    (b"\xff\xfeA", 1),                               # UTF-16 of odd length
    (b"\xff\xfe\x00\xd8", 1),                        # an unpaired surrogate
], ids=["latin1", "cp1252", "utf16-no-bom", "utf32", "utf16-odd", "surrogate"])
def test_other_encodings_are_refused_with_a_csp_error(tmp_path: Path, data: bytes,
                                                      line: Any) -> None:
    path = _write(tmp_path / "p.csv", data)
    for call in (lambda: cb.read_text(path),
                 lambda: cb.PriceList.read(path, "2016-01", "USD")):
        with pytest.raises(cb.CspError) as info:
            call()
        e = info.value
        assert e.code == ENCODING and not isinstance(e, UnicodeDecodeError), e
        assert e.context["file"] == path
        assert "UTF-8" in str(e) and "save the file as UTF-8" in str(e)
        # Latin-1: the first non-UTF-8 byte is the é of line 2 (the first row).
        assert e.context["line"] == str(line or 2), e.context


def test_the_size_cap_refuses_before_reading_everything(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.csv", JANUARY_CSV.encode())
    size = len(JANUARY_CSV.encode())
    assert cb.read_text(path, max_bytes=size) == JANUARY_CSV
    with pytest.raises(cb.CspError) as info:
        cb.read_text(path, max_bytes=size - 1)
    e = info.value
    assert e.code == "invalid_input" and e.context["file"] == path
    assert f"more than {size - 1} bytes" in str(e) and "max_bytes" in str(e)
    assert cb.MAX_FILE_BYTES == 1 << 30  # the core's cap, the CLI's too


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_not_read_forever() -> None:
    with pytest.raises(cb.CspError) as info:
        cb.read_text("/dev/zero", max_bytes=1 << 16)
    assert info.value.code == "invalid_input" and "more than 65536 bytes" in str(info.value)


def test_the_file_readers_keep_the_cap_and_the_os_error(tmp_path: Path) -> None:
    # PriceList.read and PriceBook.with_nce_file read natively, as read_text reads.
    path = _write(tmp_path / "p.csv", JANUARY_CSV.encode())
    size = len(JANUARY_CSV.encode())
    assert cb.PriceList.read(path, "2016-01", "USD", max_bytes=size).rows
    for call in (lambda: cb.PriceList.read(path, "2016-01", "USD", max_bytes=size - 1),
                 lambda: cb.PriceBook("USD").with_nce_file(path, max_bytes=size - 1)):
        with pytest.raises(cb.CspError) as info:
            call()
        assert info.value.code == "invalid_input" and info.value.context["file"] == path
    with pytest.raises(FileNotFoundError):
        cb.PriceList.read(tmp_path / "nope.csv", "2016-01", "USD")
    with pytest.raises(FileNotFoundError):
        cb.PriceBook("USD").with_nce_file(tmp_path / "nope.csv")


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-16-le", b"\xff\xfe")], ids=["utf8", "utf16le-bom"])
def test_an_nce_sheet_file_gives_the_rows_of_its_text(tmp_path: Path, encoding: str,
                                                      prefix: bytes) -> None:
    text = (TESTDATA / "price-lists" / "nce-2021-11-US.csv").read_text(encoding="utf-8-sig")
    path = _write(tmp_path / "nce.csv", prefix + text.encode(encoding))
    by_file = cb.PriceBook("USD").with_nce_file(Path(path))
    by_text = cb.PriceBook("USD").with_nce_csv(text)
    assert by_file.nce_table().equals(by_text.nce_table()) and by_file.nce_table().num_rows > 0
    # Added to a book that has rows already: both sheets' rows, in order.
    twice = by_file.with_nce_file(path).nce_table()
    assert twice.num_rows == 2 * by_text.nce_table().num_rows


def test_a_missing_file_is_the_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        cb.read_text(tmp_path / "nope.csv")
    with pytest.raises(FileNotFoundError):
        cb.Scenario.load(tmp_path / "nope.json")


# --------------------------------------------------------------------------- scenarios


def _scenario_with_file(csv_file: str) -> Dict[str, Any]:
    return {
        "version": 1, "currency": "USD", "as_of": "2016-01-31",
        "customers": [{"id": "c1", "name": "C", "segment": "commercial",
                       "origin": "created_by_partner"}],
        "price_lists": [{"month": "2016-01", "csv_file": csv_file}],
        "events": [{"date": "2016-01-01", "subscription": "s1", "type": "order",
                    "customer": "c1", "offer": "E3", "quantity": 2, "frequency": "monthly"}],
    }


def test_csv_file_is_resolved_relative_to_the_scenario_file(tmp_path: Path,
                                                            monkeypatch: Any) -> None:
    (tmp_path / "lists").mkdir()
    _write(tmp_path / "lists" / "jan.csv", b"\xff\xfe" + JANUARY_CSV.encode("utf-16-le"))
    doc = _scenario_with_file("lists/jan.csv")
    (tmp_path / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the working directory plays no part
    s = cb.Scenario.load(tmp_path / "s.json")
    inline = dict(doc, price_lists=[{"month": "2016-01", "csv": JANUARY_CSV}])
    assert list(s.charges()) == list(cb.Scenario.from_dict(inline).charges())
    # E3 at 17.60 (JANUARY_CSV), 2 seats, the whole period of January: 35.20.
    assert [l.amount for l in s.charges()] == [cb.input.amount("35.20", "exact")]


def test_the_scenario_file_itself_may_be_utf16(tmp_path: Path) -> None:
    _write(tmp_path / "jan.csv", JANUARY_CSV.encode())
    _write(tmp_path / "s.json", b"\xfe\xff" + json.dumps(_scenario_with_file("jan.csv"))
           .encode("utf-16-be"))
    assert len(cb.Scenario.load(tmp_path / "s.json").charges()) == 1


def test_a_csv_file_in_latin1_is_refused_naming_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "jan.csv", NAMED_CSV.encode("latin-1", errors="replace"))
    (tmp_path / "s.json").write_text(json.dumps(_scenario_with_file("jan.csv")))
    with pytest.raises(cb.CspError) as info:
        cb.Scenario.load(tmp_path / "s.json")
    assert info.value.code == ENCODING
    assert info.value.context["file"] == str(tmp_path / "jan.csv")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_csv_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text(json.dumps(_scenario_with_file("/dev/zero")))
    with pytest.raises(cb.CspError) as info:
        cb.Scenario.load(tmp_path / "s.json", max_bytes=1 << 16)
    assert info.value.code == "invalid_input" and info.value.context["file"] == "/dev/zero"


def test_the_example_scenario_loads_from_any_directory(monkeypatch: Any,
                                                       tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    s = cb.Scenario.load(TESTDATA / "scenarios" / "example.json")
    # Its February and March lists are csv_file entries (../price-lists/...).
    months = [pl["month"] for pl in s.to_dict()["price_lists"]]
    assert months == ["2016-01", "2016-02", "2016-03", "2016-04"]
    assert len(s.charges()) > 0
    assert s == cb.Scenario.load(str(TESTDATA / "scenarios" / "example.json"))


# --------------------------------------------------------------------------- batch dates


def _batch(term_start: Any, change_date: Any, date_type: Any) -> Any:
    pa = pytest.importorskip("pyarrow")
    return pa.table({"customer": ["c"], "offer": ["E3"], "quantity": pa.array([1], pa.int64()),
                     "term_start": pa.array([term_start], date_type),
                     "change_date": pa.array([change_date], date_type)})


def test_batch_dates_are_read_by_the_core_date_reader(small_book: cb.PriceBook) -> None:
    pa = pytest.importorskip("pyarrow")
    ok = cb.prorate_batch(_batch("2016-01-05", "2016-01-05", pa.string()), small_book)
    assert ok.totals.num_rows == 1
    for start, change, ty in [("2016-1-5", "2016-01-05", pa.string()),
                              ("1999-12-31", "2016-01-05", pa.string()),
                              (datetime.date(1999, 12, 31), datetime.date(2016, 1, 5),
                               pa.date32()),
                              (datetime.date(1, 1, 1), datetime.date(2016, 1, 5), pa.date32())]:
        with pytest.raises(cb.CspError) as info:
            cb.prorate_batch(_batch(start, change, ty), small_book)
        assert info.value.code == "invalid_input", (start, info.value)
        assert "2000-01-01" in str(info.value) and info.value.context.get("row") == "0"
