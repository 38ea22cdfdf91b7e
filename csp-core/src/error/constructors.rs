//! The refusals bindings and the CLI build, by name: each constructor writes its message's
//! words here, so no binding writes message text (SPEC §9).

use std::fmt;

use super::Error;
use crate::ids::OfferId;

/// What the seat-change batch holds, for [`Error::invalid_batch_column`].
const SEAT_BATCH_COLUMNS: &str = "columns customer, offer (strings), quantity (integer), term_start, change_date (dates or YYYY-MM-DD text), optional frequency (monthly|annual)";

/// What is wrong with a field of an input object, for [`Error::bad_field`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    /// The field is missing or `null`.
    Missing,
    /// The field holds a value of this type instead of a string.
    NotText(&'static str),
    /// The field holds something other than a whole number.
    NotWholeNumber,
    /// The field holds a value of this type instead of an array.
    NotArray(&'static str),
    /// The field is not a number of decimal places.
    NotDecimalPlaces,
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldProblem::Missing => f.write_str("missing (or null)"),
            FieldProblem::NotText(ty) => write!(f, "a {ty}, not a string"),
            FieldProblem::NotWholeNumber => f.write_str("not a whole number"),
            FieldProblem::NotArray(ty) => write!(f, "a {ty}, not an array"),
            FieldProblem::NotDecimalPlaces => f.write_str("not a number of decimal places"),
        }
    }
}

/// The message of an `invalid_proration` refusal for day counts of any size (the variant
/// holds `u32` counts; a binding may refuse larger ones before reaching the core).
///
/// ```
/// use csp_core::error::invalid_proration_message;
/// assert_eq!(
///     invalid_proration_message(&0, &31),
///     csp_core::Error::InvalidProration { days_billed: 0, days_in_period: 31 }.message()
/// );
/// ```
pub fn invalid_proration_message(
    days_billed: &dyn fmt::Display,
    days_in_period: &dyn fmt::Display,
) -> String {
    format!("invalid proration: {days_billed} days billed of a {days_in_period}-day period (need 1 <= days billed <= days in period)")
}

impl Error {
    /// `invalid_input`: a value of `what` in a JSON (serde) form that could not be read or
    /// written; `detail` is the reader's report.
    pub fn invalid_json(
        what: &'static str,
        detail: impl fmt::Display,
        expected: &'static str,
    ) -> Error {
        Error::InvalidInput {
            what,
            text: detail.to_string(),
            expected,
        }
    }

    /// `invalid_input`: a text given for `what` that is not JSON at all.
    pub fn not_json(what: &'static str, expected: &'static str) -> Error {
        Error::invalid_json(what, "text that is not JSON", expected)
    }

    /// `invalid_input`: an input of `what` that is a value of type `type_name`, not an object.
    pub fn not_an_object(what: &'static str, type_name: &str, expected: &'static str) -> Error {
        Error::invalid_json(what, format_args!("a {type_name}"), expected)
    }

    /// `invalid_input`: an input object of `what` with a field it does not have.
    pub fn unknown_field(what: &'static str, field: &str, expected: &'static str) -> Error {
        Error::invalid_json(what, format_args!("unknown field `{field}`"), expected)
    }

    /// `invalid_input`: a field of an input object of `what` that cannot be read.
    ///
    /// ```
    /// use csp_core::error::FieldProblem;
    /// let e = csp_core::Error::bad_field("quote input", "seats", FieldProblem::NotWholeNumber, "…");
    /// assert_eq!(e.context()[1], ("text", "field `seats`: not a whole number".to_string()));
    /// ```
    pub fn bad_field(
        what: &'static str,
        field: &str,
        problem: FieldProblem,
        expected: &'static str,
    ) -> Error {
        Error::invalid_json(what, format_args!("field `{field}`: {problem}"), expected)
    }

    /// `invalid_input`: a name given for `what` that is none of the `expected` ones.
    pub fn unknown_choice(what: &'static str, text: &str, expected: &'static str) -> Error {
        Error::invalid_json(what, text, expected)
    }

    /// `invalid_input`: arguments of `what` given together (`given`, e.g. `price and
    /// offer`) that exclude each other.
    pub fn conflicting_arguments(what: &'static str, given: &str, expected: &'static str) -> Error {
        Error::invalid_json(what, given, expected)
    }

    /// `invalid_input`: a required argument of `what` that was not given.
    pub fn missing_argument(what: &'static str, expected: &'static str) -> Error {
        Error::invalid_json(what, "", expected)
    }

    /// `invalid_input`: a number given for `what` outside the `expected` range.
    pub fn out_of_range(
        what: &'static str,
        value: impl fmt::Display,
        expected: &'static str,
    ) -> Error {
        Error::invalid_json(what, value, expected)
    }

    /// `invalid_column`: a column of a seat-change batch (customer, offer, quantity,
    /// term_start, change_date, frequency) that cannot be read.
    pub fn invalid_batch_column(column: &str, detail: impl fmt::Display) -> Error {
        Error::InvalidColumn {
            column: column.to_string(),
            detail: detail.to_string(),
            expected: SEAT_BATCH_COLUMNS,
        }
    }

    /// `invalid_input`: a value of a seat-change batch's `column` (at a row the caller
    /// names) that cannot be read, e.g. `a null value`.
    pub fn invalid_batch_value(column: &str, detail: &str) -> Error {
        Error::invalid_json(
            "batch column",
            format_args!("{column}: {detail}"),
            SEAT_BATCH_COLUMNS,
        )
    }

    /// `invalid_column`: a column of `len` values in a batch of `rows` rows.
    ///
    /// ```
    /// let e = csp_core::Error::column_length("quantities", 1, 2);
    /// assert_eq!(e.code(), "invalid_column");
    /// assert_eq!(
    ///     e.message(),
    ///     "invalid batch column \"quantities\": 1 values for 2 rows (expected columns of the same length)"
    /// );
    /// ```
    pub fn column_length(column: &str, len: usize, rows: usize) -> Error {
        Error::InvalidColumn {
            column: column.to_string(),
            detail: format!("{len} values for {rows} rows"),
            expected: "columns of the same length",
        }
    }

    /// `internal_error`: a broken invariant of `part` (csp-core's own tables or output),
    /// reported instead of panicking.
    pub fn internal(part: &'static str, detail: impl fmt::Display) -> Error {
        Error::InternalError {
            part,
            detail: detail.to_string(),
        }
    }
}

/// `invalid quantity for subscription s1: …`, or without a subscription (a seat count read
/// before any subscription is named) `invalid quantity: …`.
pub(super) fn invalid_quantity_message(subscription: &str, detail: &str) -> String {
    if subscription.is_empty() {
        format!("invalid quantity: {detail}")
    } else {
        format!("invalid quantity for subscription {subscription}: {detail}")
    }
}

/// The message of `prerequisite_not_met`: a legacy add-on names the base it was attached to;
/// an NCE add-on (empty `base_offer`) names none, since the tenant holds no prerequisite.
pub(super) fn prerequisite_message(offer: &OfferId, base_offer: &str) -> String {
    if base_offer.is_empty() {
        format!("add-on offer {offer} needs the tenant to hold one of its prerequisite SKUs, and it holds none")
    } else {
        format!("add-on offer {offer} cannot be attached to base offer {base_offer}: not one of its prerequisites")
    }
}
