//! `csp_billing._native`: the PyO3 module under the Python package `csp_billing`.
//!
//! Every function converts its arguments, calls one csp-core function and converts the
//! result back: small structured values cross as JSON text in the core's own serde form (the
//! Python package turns them into frozen dataclasses with `Decimal` and `date`); scenarios,
//! replays and bill runs stay native (`NativeScenario`, `NativeCharges`, `NativeBillRun`)
//! and cross as records built natively on access (the `records` module) or as Arrow
//! tables (the `tables` module); reconciliation reports cross as records and Arrow tables
//! (the `recon` and `recon_tables` modules); price files are read into native rows (the
//! `prices` module); volume crosses as Arrow. Core errors become the `csp_billing` exception
//! of their family, with `.code` and `.context` (see the `errors` module).

mod api;
mod batch;
mod channel;
mod errors;
mod files;
mod gdap;
mod inputs;
mod legacy_list;
mod nce;
mod nce_calendar;
mod parity;
mod prices;
mod recon;
mod recon_tables;
mod records;
mod scenario;
mod tables;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::api::{
        access_matrix, agreement_eval, authorize, error_codes, invalid_proration_message,
        parse_nce_csv, parse_price_list, price_format, prorate, scenario_bill, scenario_charges,
        scenario_check, scenario_projection, scenario_resolve, version, NativeBook,
    };
    #[pymodule_export]
    use super::batch::prorate_batch;
    #[pymodule_export]
    use super::channel::NativeChannelRun;
    #[pymodule_export]
    use super::files::{decode_bytes, read_text_file};
    #[pymodule_export]
    use super::gdap::{gdap_access_days, gdap_decide, gdap_timeline};
    #[pymodule_export]
    use super::inputs::{
        check_date, max_file_bytes, read_amount, read_count, read_date, read_id, read_seat_change,
        read_seats,
    };
    #[pymodule_export]
    use super::legacy_list::NativeLegacyList;
    #[pymodule_export]
    use super::nce::{nce_line_fields, NativeNceScenario};
    #[pymodule_export]
    use super::nce_calendar::{
        nce_calendar_aligned_end, nce_check_custom_end, nce_coterm_ends, nce_cycles_per_term,
        nce_natural_end, nce_price_line, NativeCyclePrice, NativeNceTerm,
    };
    #[pymodule_export]
    use super::parity::{instalments, order_eligibility, price_list_diff, NativeSchedule};
    #[pymodule_export]
    use super::prices::NceRows;
    #[pymodule_export]
    use super::recon::{recon_entry_columns, NativeReconQuery};
    #[pymodule_export]
    use super::scenario::{NativeBillRun, NativeCharges, NativeScenario};
}
