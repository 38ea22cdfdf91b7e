"""The Arrow batch API against the scalar paths, on random tables.

Each row is a seat change: ``quantity`` seats added (negative: removed) on ``change_date`` to
a subscription ordered on ``term_start``. Its amount is checked three ways:

1. an independent pure-Python computation (SPEC §5, §6.1, §6.2, §6.4): the list price in
   force on ``term_start`` (locked for the term), the term ``[S, add_months(S, 12) − 1]``, the
   charge period holding the change (the whole term when annual, the month from the anchor
   when monthly), ``Δq × P × days([d, last(C)]) / days(C)`` in exact fractions, rounded half
   away from zero to cents;
2. ``prorate(P, Δq, days, days(C))`` with the days computed in Python;
3. a scenario replaying an order on ``term_start`` and the seat change on ``change_date``.
"""

from __future__ import annotations

import calendar
import datetime
import random
from decimal import Decimal
from fractions import Fraction
from typing import Any, Dict, List, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import csp_billing as cb

from conftest import JANUARY_CSV, LIST_PRICES, MARCH_CSV

pa = pytest.importorskip("pyarrow")

OFFERS = ["E3", "BE", "EXO1"]
CUSTOMERS = ["fabrikam", "northwind", "contoso", "school", "cityhall"]


# --------------------------------------------------------------------------- reference


def add_months(d: datetime.date, n: int) -> datetime.date:
    """SPEC §1.3: from the anchor, the day clamped to the target month's length."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return datetime.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def list_price(offer: str, on: datetime.date) -> Decimal:
    """The small book: the January list until 2016-02-29, the March list from 2016-03-01."""
    month = "2016-03" if on >= datetime.date(2016, 3, 1) else "2016-01"
    return Decimal(LIST_PRICES[(month, offer.upper())])


def reference(row: Dict[str, Any]) -> Tuple[Decimal, datetime.date, datetime.date, int, int, Decimal]:
    """(amount, service start, service end, days, period days, period price) by hand."""
    s, d, q = row["term_start"], row["change_date"], row["quantity"]
    monthly = row.get("frequency", "annual") == "monthly"
    term_end = add_months(s, 12) - datetime.timedelta(days=1)
    assert s <= d <= term_end
    if monthly:
        k = max(k for k in range(12) if add_months(s, k) <= d)
        first, last = add_months(s, k), add_months(s, k + 1) - datetime.timedelta(days=1)
        price = list_price(row["offer"], s)
    else:
        first, last = s, term_end
        price = 12 * list_price(row["offer"], s)
    days, period_days = (last - d).days + 1, (last - first).days + 1
    exact = Fraction(q) * Fraction(price) * days / period_days
    # Half up = half away from zero (SPEC §6.4), to cents.
    cents = abs(exact) * 100
    whole = int(cents)
    if cents - whole >= Fraction(1, 2):
        whole += 1
    amount = Decimal(whole * (1 if exact >= 0 else -1)).scaleb(-2)
    return amount, d, last, days, period_days, price


def test_reference_on_microsofts_example() -> None:
    # SPEC §6.1/§6.2 and the batch docs: 2 seats of 17.60 (211.20 a year) added on 5 December
    # to a subscription ordered 6 January 2016: 32 of the term's 366 days,
    # 211.20 × 2 × 32 / 366 = 36.9311… → 36.93.
    row = {"offer": "E3", "quantity": 2, "term_start": datetime.date(2016, 1, 6),
           "change_date": datetime.date(2016, 12, 5)}
    assert reference(row)[:5] == (Decimal("36.93"), datetime.date(2016, 12, 5),
                                  datetime.date(2017, 1, 5), 32, 366)
    # A monthly credit: period 2016-01-06..2016-02-05 (31 days), 5 days left on 2/1:
    # −1 × 4.00 × 5/31 = −0.6451… → −0.65.
    assert reference({"offer": "BE", "quantity": -1, "frequency": "monthly",
                      "term_start": datetime.date(2016, 1, 6),
                      "change_date": datetime.date(2016, 2, 1)})[0] == Decimal("-0.65")


# --------------------------------------------------------------------------- tables


def random_rows(n: int, seed: int) -> List[Dict[str, Any]]:
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        start = datetime.date(2016, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 500))
        term_days = (add_months(start, 12) - start).days
        offset = rnd.choice([0, term_days - 1, rnd.randrange(term_days)])
        q = rnd.choice([rnd.randint(1, 40), -rnd.randint(1, 9)])
        rows.append({
            "customer": rnd.choice(CUSTOMERS),
            "offer": rnd.choice(OFFERS + ["e3", "exo1"]),
            "quantity": q,
            "term_start": start,
            "change_date": start + datetime.timedelta(days=offset),
            "frequency": rnd.choice(["annual", "monthly", "Annual"]),
        })
    return rows


def table(rows: List[Dict[str, Any]]) -> Any:
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("customer", pa.string()), ("offer", pa.string()), ("quantity", pa.int64()),
        ("term_start", pa.date32()), ("change_date", pa.date32()), ("frequency", pa.string())]))


def _norm(row: Dict[str, Any]) -> Dict[str, Any]:
    return dict(row, frequency=row.get("frequency", "annual").lower())


ROWS = random_rows(300, seed=20160301)


@pytest.fixture(scope="module")
def result(small_book: cb.PriceBook) -> cb.BatchResult:
    return cb.prorate_batch(table(ROWS), small_book)


def test_batch_equals_the_reference(result: cb.BatchResult) -> None:
    lines = result.lines.to_pylist()
    assert len(lines) == len(ROWS)
    for i, (row, line) in enumerate(zip(ROWS, lines)):
        amount, start, end, days, period_days, _ = reference(_norm(row))
        assert (line["amount"], line["service_start"], line["service_end"], line["days"],
                line["period_days"]) == (amount, start, end, days, period_days), (i, row)
        assert (line["customer"], line["offer"], line["quantity"]) == (
            row["customer"], row["offer"], row["quantity"])


def test_batch_equals_scalar_prorate(result: cb.BatchResult) -> None:
    for row, line in zip(ROWS, result.lines.to_pylist()):
        _, _, _, days, period_days, price = reference(_norm(row))
        assert line["amount"] == cb.prorate(price, row["quantity"], days, period_days).amount


def test_batch_equals_the_replayed_scenario(result: cb.BatchResult) -> None:
    # One scenario with a subscription per row: an order of |Δq| + 5 seats on term_start,
    # then the change on change_date (add_seats, or remove_seats leaving 5 seats).
    price_lists = []
    for month, csv in (("2016-01", JANUARY_CSV), ("2016-03", MARCH_CSV)):
        rows = cb.PriceList.from_csv(csv, month, "USD").to_dicts()
        price_lists.append({"month": month, "rows": [
            {"offer_id": r["offer_id"], "offer_name": r["offer_name"],
             "agreement_type": "corporate", "secondary_type": "base",
             "list_price": r["list_price"], "erp_price": r["erp_price"]} for r in rows]})
    events = []
    for i, row in enumerate(ROWS):
        q, sub = row["quantity"], f"s{i}"
        # Upper case, as the price lists store them (see
        # test_scenario_offer_ids_compare_case_insensitively below).
        events.append({"date": row["term_start"], "subscription": sub, "type": "order",
                       "customer": row["customer"], "offer": row["offer"].upper(),
                       "quantity": abs(q) + 5 if q < 0 else 5,
                       "frequency": row["frequency"].lower()})
        events.append({"date": row["change_date"], "subscription": sub,
                       "type": "add_seats" if q > 0 else "remove_seats", "quantity": abs(q)})
    as_of = max(r["change_date"] for r in ROWS)
    scenario = cb.Scenario.from_dict({
        "version": 1, "currency": "USD", "as_of": as_of,
        "customers": [{"id": c, "name": c, "segment": "commercial",
                       "origin": "created_by_partner"} for c in CUSTOMERS],
        "price_lists": price_lists, "events": events})
    changes = {l.subscription: l for l in scenario.charges()
               if l.kind in ("seats_added", "seats_removed")}
    assert len(changes) == len(ROWS)
    for i, (row, line) in enumerate(zip(ROWS, result.lines.to_pylist())):
        replayed = changes[f"s{i}"]
        assert replayed.date == row["change_date"]
        assert replayed.amount == line["amount"], (i, row, replayed)
        assert (replayed.service_period.first, replayed.service_period.last) == (
            line["service_start"], line["service_end"])


def test_scenario_offer_ids_compare_case_insensitively(demo: cb.Scenario) -> None:
    data = demo.to_dict()
    data["events"][0]["offer"] = "o365-e3"  # fab-e3, ordered as O365-E3 in the demo
    assert cb.Scenario.from_dict(data).bill("2016-03").totals == demo.bill("2016-03").totals


def test_totals_per_customer(result: cb.BatchResult) -> None:
    lines = result.lines.to_pylist()
    want: Dict[str, List[Any]] = {}
    for line in lines:  # in order of first appearance
        entry = want.setdefault(line["customer"], [0, Decimal(0)])
        entry[0] += 1
        entry[1] += line["amount"]
    assert result.totals.to_pylist() == [
        {"customer": c, "lines": n, "total": t} for c, (n, t) in want.items()]
    assert result.totals.column_names == ["customer", "lines", "total"]


def test_output_types(result: cb.BatchResult) -> None:
    assert result.lines.schema.field("amount").type == pa.decimal128(38, 2)
    assert result.totals.schema.field("total").type == pa.decimal128(38, 2)
    assert result.lines.column_names == ["customer", "offer", "quantity", "amount",
                                         "service_start", "service_end", "days", "period_days"]
    assert result.lines.schema.field("service_start").type == pa.date32()
    assert all(type(a) is Decimal for a in result.lines.column("amount").to_pylist())


def test_frequency_column_is_optional(small_book: cb.PriceBook) -> None:
    rows = [r for r in ROWS if r["frequency"].lower() == "annual"][:50]
    t = table(rows).drop(["frequency"])
    got = cb.prorate_batch(t, small_book).lines.column("amount").to_pylist()
    assert got == [reference(_norm(r))[0] for r in rows]


def test_minor_units_of_the_book_decide_the_scale() -> None:
    csv = ("Offer ID,Offer Display Name,License Agreement Type,Secondary License Type,"
           "List Price,ERP Price\nE3,E3,Corporate,Non-specific,1000,1250\n")
    book = cb.PriceBook("JPY", [cb.PriceList.from_csv(csv, "2016-01", "JPY")])
    t = table([{"customer": "a", "offer": "E3", "quantity": 1, "frequency": "monthly",
                "term_start": datetime.date(2016, 1, 1),
                "change_date": datetime.date(2016, 1, 30)}])
    r = cb.prorate_batch(t, book)
    assert r.lines.schema.field("amount").type == pa.decimal128(38, 0)
    # 1000 × 2 / 31 = 64.516… → 65 yen.
    assert r.lines.column("amount").to_pylist() == [Decimal(65)]


# --------------------------------------------------------------------------- hypothesis


@st.composite
def seat_changes(draw: Any) -> Dict[str, Any]:
    start = draw(st.dates(datetime.date(2016, 1, 1), datetime.date(2017, 12, 31)))
    term_days = (add_months(start, 12) - start).days
    return {
        "customer": draw(st.sampled_from(CUSTOMERS)),
        "offer": draw(st.sampled_from(OFFERS)),
        "quantity": draw(st.integers(1, 500) | st.integers(-500, -1)),
        "term_start": start,
        "change_date": start + datetime.timedelta(days=draw(st.integers(0, term_days - 1))),
        "frequency": draw(st.sampled_from(["annual", "monthly"])),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(seat_changes(), min_size=1, max_size=25))
def test_batch_equals_reference_property(small_book: cb.PriceBook, rows: List[Dict[str, Any]]) -> None:
    got = cb.prorate_batch(table(rows), small_book)
    assert got.lines.column("amount").to_pylist() == [reference(r)[0] for r in rows]


# --------------------------------------------------------------------------- inputs


def test_streaming_reader_without_lines(small_book: cb.PriceBook, result: cb.BatchResult) -> None:
    t = table(ROWS)
    reader = pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=37))
    streamed = cb.prorate_batch(reader, small_book, lines=False)
    assert streamed.lines is None
    assert streamed.totals.equals(result.totals)


def test_streaming_reader_with_lines(small_book: cb.PriceBook, result: cb.BatchResult) -> None:
    t = table(ROWS)
    reader = pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=64))
    got = cb.prorate_batch(reader, small_book)
    assert got.lines.combine_chunks().equals(result.lines.combine_chunks())


def test_a_generator_stream_is_read_lazily(small_book: cb.PriceBook, result: cb.BatchResult) -> None:
    t = table(ROWS)
    pulled = []

    def batches() -> Any:
        for i, b in enumerate(t.to_batches(max_chunksize=50)):
            pulled.append(i)
            yield b

    reader = pa.RecordBatchReader.from_batches(t.schema, batches())
    assert pulled == []
    got = cb.prorate_batch(reader, small_book, lines=False)
    assert pulled == list(range(6)) and got.totals.equals(result.totals)


def test_record_batch_input(small_book: cb.PriceBook, result: cb.BatchResult) -> None:
    batch = table(ROWS).combine_chunks().to_batches()[0]
    assert cb.prorate_batch(batch, small_book).totals.equals(result.totals)


def test_polars_input(small_book: cb.PriceBook, result: cb.BatchResult) -> None:
    pl = pytest.importorskip("polars")
    df = pl.from_arrow(table(ROWS))
    assert isinstance(df, pl.DataFrame)
    got = cb.prorate_batch(df, small_book)
    assert got.lines.column("amount").equals(result.lines.column("amount"))
    assert got.totals.equals(result.totals)


def test_pandas_input(small_book: cb.PriceBook, result: cb.BatchResult) -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(ROWS)  # dates as datetime.date objects, strings as pandas strings
    if not hasattr(df, "__arrow_c_stream__"):
        pytest.skip("pandas < 2.2 has no __arrow_c_stream__")
    got = cb.prorate_batch(df, small_book)
    assert got.lines.column("amount").to_pylist() == result.lines.column("amount").to_pylist()
    assert got.totals.equals(result.totals)


def test_pandas_datetime64_and_categorical_columns(small_book: cb.PriceBook,
                                                   result: cb.BatchResult) -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(ROWS)
    df["term_start"] = pd.to_datetime(df["term_start"])      # datetime64 at midnight
    df["change_date"] = pd.to_datetime(df["change_date"])
    df["customer"] = df["customer"].astype("category")       # dictionary-encoded
    got = cb.prorate_batch(df, small_book)
    assert got.totals.equals(result.totals)


def test_narrow_integer_and_large_string_columns(small_book: cb.PriceBook,
                                                 result: cb.BatchResult) -> None:
    t = table(ROWS)
    t = t.set_column(2, "quantity", t.column("quantity").cast(pa.int16()))
    t = t.set_column(0, "customer", t.column("customer").cast(pa.large_string()))
    assert cb.prorate_batch(t, small_book).totals.equals(result.totals)


def test_not_arrow_is_a_type_error(small_book: cb.PriceBook) -> None:
    with pytest.raises(TypeError):
        cb.prorate_batch(ROWS, small_book)


# --------------------------------------------------------------------------- refusals


def _refused(rows: List[Dict[str, Any]], book: cb.PriceBook, chunk: int = 0) -> cb.CspError:
    t = table(rows)
    data: Any = t
    if chunk:
        data = pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=chunk))
    with pytest.raises(cb.CspError) as info:
        cb.prorate_batch(data, book)
    return info.value


@pytest.mark.parametrize("at", [0, 137, 299])
@pytest.mark.parametrize("chunk", [0, 50])
def test_a_bad_row_names_its_index(small_book: cb.PriceBook, at: int, chunk: int) -> None:
    bad = {
        "zero": (dict(ROWS[at], quantity=0), "invalid_quantity", cb.SubscriptionError),
        "before": (dict(ROWS[at], change_date=ROWS[at]["term_start"] - datetime.timedelta(days=1)),
                   "date_outside_term", cb.SubscriptionError),
        "after": (dict(ROWS[at], change_date=add_months(ROWS[at]["term_start"], 12)),
                  "date_outside_term", cb.SubscriptionError),
        "offer": (dict(ROWS[at], offer="NOPE"), "offer_not_in_price_list", cb.PriceListError),
        "no list": (dict(ROWS[at], term_start=datetime.date(2015, 12, 31),
                         change_date=datetime.date(2016, 1, 5)),
                    "no_price_list_in_force", cb.PriceListError),
        "frequency": (dict(ROWS[at], frequency="weekly"), "invalid_input", cb.InputError),
    }
    for name in ["customer", "offer", "quantity", "term_start", "change_date"]:
        bad[f"null {name}"] = (dict(ROWS[at], **{name: None}), "invalid_input", cb.InputError)
    for what, (row, code, cls) in bad.items():
        rows = ROWS[:at] + [row] + ROWS[at + 1:]
        e = _refused(rows, small_book, chunk)
        assert (e.code, type(e), e.context.get("row")) == (code, cls, str(at)), (what, e)


def test_a_missing_column_is_invalid_column(small_book: cb.PriceBook) -> None:
    for name in ["customer", "offer", "quantity", "term_start", "change_date"]:
        with pytest.raises(cb.InputError) as info:
            cb.prorate_batch(table(ROWS[:5]).drop([name]), small_book)
        assert info.value.code == "invalid_column"
        assert (info.value.context["column"], info.value.context["detail"]) == (name, "missing")


def test_a_wrongly_typed_column_is_invalid_column(small_book: cb.PriceBook) -> None:
    t = table(ROWS[:5])
    for i, name, col in [(2, "quantity", pa.array(["1"] * 5)),
                         (3, "term_start", pa.array([1.5] * 5)),
                         (0, "customer", pa.array([1] * 5))]:
        with pytest.raises(cb.InputError) as info:
            cb.prorate_batch(t.set_column(i, name, col), small_book)
        assert info.value.code == "invalid_column"
        assert info.value.context["column"] == name


def test_dates_as_iso_text(small_book: cb.PriceBook, result: cb.BatchResult) -> None:
    # CSV exports and dask string columns: YYYY-MM-DD text reads as the same civil dates.
    t = table(ROWS)
    for i, name in [(3, "term_start"), (4, "change_date")]:
        t = t.set_column(i, name, pa.array([d.isoformat() for d in t.column(name).to_pylist()]))
    assert cb.prorate_batch(t, small_book).lines.equals(result.lines)


def test_a_bad_text_date_names_its_row(small_book: cb.PriceBook) -> None:
    t = table(ROWS[:5])
    # The rows' own start dates as text, with row 2's made impossible.
    text = [d.isoformat() for d in t.column("term_start").to_pylist()]
    text[2] = "2016-02-30"
    col = pa.array(text)
    with pytest.raises(cb.InputError) as info:
        cb.prorate_batch(t.set_column(3, "term_start", col), small_book)
    assert info.value.context["text"] == "2016-02-30"
    assert info.value.context["row"] == "2"


def test_float_quantity_is_refused(small_book: cb.PriceBook) -> None:
    t = table(ROWS[:5])
    t = t.set_column(2, "quantity", t.column("quantity").cast(pa.float64()))
    with pytest.raises(cb.InputError):
        cb.prorate_batch(t, small_book)


def test_a_time_of_day_is_not_a_date(small_book: cb.PriceBook) -> None:
    # A timestamp at midnight is a civil day; 12:00 is not (refused, not truncated).
    t = table(ROWS[:3])
    noon = pa.array([datetime.datetime.combine(d, datetime.time(12))
                     for d in t.column("change_date").to_pylist()], type=pa.timestamp("s"))
    with pytest.raises(cb.InputError) as info:
        cb.prorate_batch(t.set_column(4, "change_date", noon), small_book)
    assert info.value.context["row"] == "0"
    midnight = pa.array([datetime.datetime.combine(d, datetime.time(0))
                         for d in t.column("change_date").to_pylist()], type=pa.timestamp("ms"))
    ok = cb.prorate_batch(t.set_column(4, "change_date", midnight), small_book)
    assert ok.lines.column("amount").to_pylist() == [reference(_norm(r))[0] for r in ROWS[:3]]


def test_policy_is_applied(small_book: cb.PriceBook) -> None:
    rows = ROWS[:40]
    down = cb.ProrationPolicy(line="down")
    got = cb.prorate_batch(table(rows), small_book, down).lines.column("amount").to_pylist()
    for row, amount in zip(rows, got):
        _, _, _, days, period_days, price = reference(_norm(row))
        assert amount == cb.prorate(price, row["quantity"], days, period_days, policy=down).amount
        # Toward zero: never further from zero than the exact amount.
        exact = Fraction(row["quantity"]) * Fraction(price) * days / period_days
        assert abs(Fraction(amount)) <= abs(exact)


def test_unknown_program_is_refused(small_book: cb.PriceBook) -> None:
    with pytest.raises(cb.InputError):
        cb.prorate_batch(table(ROWS[:2]), small_book, program="nce_2022")


# --------------------------------------------------------------------------- categoricals


def _dictionary(t: Any, name: str, key: Any) -> Any:
    """Column ``name`` of ``t`` dictionary-encoded with ``key`` indices."""
    encoded = t.column(name).combine_chunks().dictionary_encode()
    column = pa.DictionaryArray.from_arrays(encoded.indices.cast(key), encoded.dictionary)
    return t.set_column(t.schema.get_field_index(name), name, column)


@pytest.mark.parametrize("key", ["int8", "int16", "int32", "int64", "uint8", "uint32"])
def test_dictionary_ids_of_any_key_type(small_book: cb.PriceBook, result: cb.BatchResult,
                                        key: str) -> None:
    # pandas categoricals have int8–int32 codes, polars uint32: the same lines and totals
    # (customers still in order of first appearance) as with plain strings.
    t = table(ROWS)
    for name in ["customer", "offer"]:
        t = _dictionary(t, name, getattr(pa, key)())
    got = cb.prorate_batch(t, small_book)
    assert got.lines.equals(result.lines)
    assert got.totals.equals(result.totals)


def _stream_with_dictionaries(t: Any, size: int, dictionary: Any) -> Any:
    """``t`` (string customer and offer columns) as a stream of batches of ``size`` rows,
    each encoding both columns with the dictionary ``dictionary(i, values)`` gives batch
    ``i`` (``values``: the batch's distinct values, in order of first appearance)."""
    batches = []
    for i, b in enumerate(t.to_batches(max_chunksize=size)):
        columns = dict(zip(b.schema.names, b.columns))
        for name in ["customer", "offer"]:
            values = columns[name].to_pylist()
            words = dictionary(i, list(dict.fromkeys(values)))
            index = {w: k for k, w in enumerate(words)}
            columns[name] = pa.DictionaryArray.from_arrays(
                pa.array([index[v] for v in values], pa.int32()), pa.array(words, pa.string()))
        batches.append(pa.record_batch(list(columns.values()), names=list(columns)))
    return pa.RecordBatchReader.from_batches(batches[0].schema, batches)


@pytest.mark.parametrize("lines", [True, False])
def test_a_stream_sharing_one_dictionary(small_book: cb.PriceBook, result: cb.BatchResult,
                                         lines: bool) -> None:
    # The batches of one dictionary-encoded table share its dictionary (the same buffers):
    # the same lines and totals as the whole table at once.
    t = table(ROWS)
    for name in ["customer", "offer"]:
        t = _dictionary(t, name, pa.int32())
    batches = t.to_batches(max_chunksize=41)
    dictionaries = {b.column(0).dictionary.buffers()[1].address for b in batches}
    assert len(batches) > 5 and len(dictionaries) == 1
    reader = pa.RecordBatchReader.from_batches(t.schema, batches)
    got = cb.prorate_batch(reader, small_book, lines=lines)
    if lines:
        assert got.lines.combine_chunks().equals(result.lines.combine_chunks())
    assert got.totals.equals(result.totals)


@pytest.mark.parametrize("how", ["reversed", "shuffled", "growing", "same values"])
def test_a_stream_whose_batches_have_different_dictionaries(
        small_book: cb.PriceBook, result: cb.BatchResult, how: str) -> None:
    # Each batch brings its own dictionary: the values in another order, with values no
    # row uses, or one that extends the previous (a delta dictionary) — each key still
    # names its own batch's value.
    everything = sorted(set(CUSTOMERS + [x.upper() for x in OFFERS] + OFFERS))
    every_value = list(dict.fromkeys(everything + [r["customer"] for r in ROWS]
                                     + [r["offer"] for r in ROWS]))
    rng = random.Random(7)

    def dictionary(i: int, values: List[str]) -> List[str]:
        if how == "reversed":
            return values[::-1] + ["unused"] if i % 2 else values
        if how == "shuffled":
            shuffled = values + ["x", "y"]
            rng.shuffle(shuffled)
            return shuffled
        if how == "growing":  # a shared prefix, then what this batch adds
            return everything + [v for v in values if v not in everything]
        return every_value  # equal dictionaries in separate buffers

    reader = _stream_with_dictionaries(table(ROWS), 23, dictionary)
    got = cb.prorate_batch(reader, small_book)
    assert got.lines.combine_chunks().equals(result.lines.combine_chunks())
    assert got.totals.equals(result.totals)


def test_a_null_dictionary_key_names_its_row(small_book: cb.PriceBook) -> None:
    t = _dictionary(table(ROWS), "offer", pa.int32())
    offers = t.column("offer").combine_chunks()
    indices = offers.indices.to_pylist()
    indices[42] = None
    column = pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), offers.dictionary)
    t = t.set_column(t.schema.get_field_index("offer"), "offer", column)
    with pytest.raises(cb.InputError) as info:
        cb.prorate_batch(t, small_book)
    assert (info.value.code, info.value.context.get("row")) == ("invalid_input", "42")


@pytest.mark.parametrize("first,second", [("zero", "null"), ("null", "zero")])
def test_the_earliest_refusal_wins_whichever_stage_finds_it(small_book: cb.PriceBook,
                                                            first: str, second: str) -> None:
    # A null is found while reading the columns, 0 seats while pricing: either way the
    # batch names the earlier row.
    change = {"zero": {"quantity": 0}, "null": {"customer": None}}
    rows = list(ROWS)
    rows[10] = dict(rows[10], **change[first])
    rows[20] = dict(rows[20], **change[second])
    e = _refused(rows, small_book)
    assert (e.code, e.context.get("row")) == (
        "invalid_quantity" if first == "zero" else "invalid_input", "10")
