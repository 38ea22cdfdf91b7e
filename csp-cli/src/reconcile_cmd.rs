//! `csp reconcile`: Microsoft's recon file of a month against the scenario's lines (SPEC-NCE
//! §15). The core reads, matches and totals; this module reads the files and prints.

use std::collections::BTreeMap;
use std::io::Write;

use csp_core::calendar::YearMonth;
use csp_core::input::AmountKind;
use csp_core::recon::{
    money_scaled, money_text, Entry, InvoiceFigures, ReconClass, ReconOptions, ReconReport,
    ReconScope, ReconStatus, ENTRY_CSV_COLUMNS,
};
use csp_core::scenario::nce::NCE_SCENARIO_VERSION;
use rust_decimal::Decimal;

use crate::args::{Format, ReconcileArgs};
use crate::failure::{CliResult, Failure};
use crate::output::{grouped, key_values, write_text, Align, CsvRows, Table};
use crate::{input, nce_charges, scenario_file};

/// Runs `csp reconcile`: prints the report, then fails with the status (exit 3) unless it
/// is clean. The report is flushed first, so it is printed whole.
///
/// # Errors
/// `io`; the scenario's and the recon file's parse errors (with line and column);
/// `invalid_input` for a bad `--month`, id or amount; a replay refusal; the report's status
/// when not clean.
pub fn run(args: &ReconcileArgs, format: Format, out: &mut dyn Write) -> CliResult<()> {
    let month = input::parse::<YearMonth>(&args.month)?;
    let scope = scope(args)?;
    let options = ReconOptions {
        include_matched: args.include_matched,
        include_out_of_scope: args.include_out_of_scope,
        invoice: invoice(args)?,
    };
    let scenario_text = input::read_text(&args.scenario)?;
    // The recon file is read as it is matched, never held whole (a distributor's is a
    // million lines).
    let recon = || {
        std::fs::File::open(&args.recon).map_err(|error| Failure::Io {
            what: format!("cannot read {}", args.recon.display()),
            error,
        })
    };
    let path = &args.scenario;
    let in_recon = |error| Failure::in_file(&args.recon, error);
    let report = if csp_core::scenario::version_of(&scenario_text) == Ok(NCE_SCENARIO_VERSION) {
        let scenario = nce_charges::load(path, &scenario_text)?;
        let expected = scenario
            .expected_lines(month)
            .map_err(|r| nce_charges::refused(path, r))?;
        scenario
            .reconcile_lines(recon()?, month, &expected, &scope, options)
            .map_err(in_recon)?
    } else {
        let scenario = scenario_file::load_text(path, &scenario_text)?;
        let expected = scenario
            .expected_lines(month)
            .map_err(|refusal| Failure::Replay {
                file: path.clone(),
                refusal: Box::new(refusal),
            })?;
        scenario
            .reconcile_lines(recon()?, month, &expected, &scope, options)
            .map_err(in_recon)?
    };
    if let Some(html) = &args.html {
        std::fs::write(html, report.to_html()).map_err(|error| Failure::Io {
            what: format!("cannot write {}", html.display()),
            error,
        })?;
    }
    match format {
        Format::Json => write_text(out, &report.to_json())?,
        Format::Csv => {
            let mut rows = CsvRows::new(out, &ENTRY_CSV_COLUMNS)?;
            for row in report.entry_rows() {
                rows.write(&row)?;
            }
            rows.finish()?;
        }
        Format::Table => write_text(out, &table(&report))?,
    }
    match report.status {
        ReconStatus::Clean => Ok(()),
        status => {
            out.flush().map_err(crate::output::write_failure)?;
            Err(Failure::NotClean {
                status: status.as_str(),
                entries: report.entries.len(),
            })
        }
    }
}

fn scope(args: &ReconcileArgs) -> CliResult<ReconScope> {
    let ids = |values: &[String], what| -> CliResult<_> {
        values
            .iter()
            .map(|v| Ok(csp_core::input::id(v, what)?.to_string()))
            .collect()
    };
    Ok(ReconScope {
        customers: ids(&args.customers, "customer id")?,
        excluded_products: ids(&args.excluded_products, "product id")?,
    })
}

fn invoice(args: &ReconcileArgs) -> CliResult<Option<InvoiceFigures>> {
    let Some(total) = &args.invoice_total else {
        return Ok(None);
    };
    let read = |text: &str| csp_core::input::amount(text, AmountKind::Exact);
    Ok(Some(InvoiceFigures {
        invoice_total: read(total)?,
        credit_notes: args
            .credit_notes
            .as_deref()
            .map(read)
            .transpose()?
            .unwrap_or_default(),
    }))
}

/// The report for people: status, totals, coverage, flags, then the differences grouped by
/// class and customer, largest first.
fn table(r: &ReconReport) -> String {
    let m = r.currency.minor_units();
    let money = |v: Decimal| grouped(money_scaled(v, m));
    let pct = |v: Option<Decimal>| {
        v.map(|p| format!("{} %", money_text(p, 2)))
            .unwrap_or_default()
    };
    let t = &r.totals;
    let c = &r.coverage;
    let mut pairs = vec![
        (
            "reconciliation",
            format!(
                "{} {} recon file, {}",
                r.period,
                r.file_kind.as_str(),
                r.currency
            ),
        ),
        ("policy", r.policy.clone()),
        ("status", r.status.as_str().to_string()),
        ("microsoft total", money(t.microsoft_total)),
        ("expected total", money(t.expected_total)),
        ("difference", money(t.difference)),
        ("out of scope total", money(t.out_of_scope_total)),
        ("not modelled total", money(t.not_modelled_total)),
    ];
    if let Some(d) = t.discounts_total {
        pairs.push(("discounts total", money(d)));
    }
    pairs.extend([
        (
            "rows",
            format!(
                "{} read: {} examined ({}), {} matched ({}), {} differing, {} unexpected, {} out of scope, {} not modelled",
                c.file_rows,
                c.rows_examined,
                pct(c.examined_pct),
                c.rows_matched,
                pct(c.matched_pct),
                c.rows_differing,
                c.rows_unexpected,
                c.rows_out_of_scope,
                c.rows_not_modelled
            ),
        ),
        (
            "expected lines",
            format!("{}: {} missing", c.expected_lines, c.expected_missing),
        ),
        ("amount examined", pct(c.examined_amount_pct)),
    ]);
    if let Some(i) = r.invoice_check {
        pairs.push((
            "invoice check",
            format!(
                "rows total {} − credit notes {} = {} against invoice total {}: {}",
                money(i.rows_total),
                money(i.credit_notes),
                i.rows_total
                    .checked_sub(i.credit_notes)
                    .map(money)
                    .unwrap_or_default(),
                money(i.invoice_total),
                if i.agrees { "agrees" } else { "DISAGREES" }
            ),
        ));
    }
    let mut out = key_values(&pairs);
    out.push_str("\nby class\n");
    let mut classes = Table::new(&[
        ("class", Align::Left),
        ("count", Align::Right),
        ("amount", Align::Right),
    ]);
    for class in ReconClass::ALL {
        let total = t.by_class.get(&class).copied().unwrap_or_default();
        if total.count > 0 {
            classes.push(vec![
                class.as_str().to_string(),
                total.count.to_string(),
                money(total.amount),
            ]);
        }
    }
    out.push_str(&classes.to_text());
    if !r.flags.is_empty() {
        out.push_str("\nrows Microsoft's file contradicts itself on (file_inconsistent)\n");
        let mut flags = Table::new(&[
            ("row", Align::Right),
            ("check", Align::Left),
            ("detail", Align::Left),
        ]);
        for f in &r.flags {
            flags.push(vec![
                f.row.to_string(),
                f.check.to_string(),
                f.detail.clone(),
            ]);
        }
        out.push_str(&flags.to_text());
    }
    if !r.entries.is_empty() {
        out.push_str("\nentries by class and customer, largest first\n");
        out.push_str(&entries_table(r, &money).to_text());
    }
    out
}

fn entries_table(r: &ReconReport, money: &dyn Fn(Decimal) -> String) -> Table {
    // |Σ Δ| by class and by (class, customer) order the groups; |Δ| orders the entries.
    let mut by_class: BTreeMap<ReconClass, Decimal> = BTreeMap::new();
    let mut by_customer: BTreeMap<(ReconClass, &str), Decimal> = BTreeMap::new();
    for e in &r.entries {
        let class = by_class.entry(e.class).or_default();
        *class = class.checked_add(e.delta).unwrap_or(Decimal::MAX);
        let customer = by_customer.entry((e.class, &e.customer_id)).or_default();
        *customer = customer.checked_add(e.delta).unwrap_or(Decimal::MAX);
    }
    let mut entries: Vec<&Entry> = r.entries.iter().collect();
    entries.sort_by(|a, b| {
        let class = |e: &Entry| by_class[&e.class].abs();
        let customer = |e: &Entry| by_customer[&(e.class, e.customer_id.as_str())].abs();
        class(b)
            .cmp(&class(a))
            .then(a.class.cmp(&b.class))
            .then(customer(b).cmp(&customer(a)))
            .then(a.customer_id.cmp(&b.customer_id))
            .then(b.delta.abs().cmp(&a.delta.abs()))
    });
    let mut table = Table::new(&[
        ("class", Align::Left),
        ("customer", Align::Left),
        ("subscription", Align::Left),
        ("charge_type", Align::Left),
        ("charged", Align::Left),
        ("expected_qty", Align::Right),
        ("file_qty", Align::Right),
        ("expected_unit", Align::Right),
        ("file_unit", Align::Right),
        ("expected", Align::Right),
        ("microsoft", Align::Right),
        ("delta", Align::Right),
        ("row", Align::Right),
        ("from", Align::Left),
    ]);
    for e in entries {
        let (x, f) = (e.expected.as_ref(), e.file.as_ref());
        table.push(vec![
            e.class.as_str().to_string(),
            e.customer_id.clone(),
            e.subscription_id.clone(),
            e.charge_type.clone(),
            format!("{}..{}", e.charge_start, e.charge_end),
            x.map(|x| x.quantity.to_string()).unwrap_or_default(),
            f.map(|f| f.quantity.to_string()).unwrap_or_default(),
            x.map(|x| money(x.unit_price)).unwrap_or_default(),
            f.map(|f| money(f.unit_price)).unwrap_or_default(),
            x.map(|x| money(x.amount)).unwrap_or_default(),
            f.map(|f| money(f.amount)).unwrap_or_default(),
            money(e.delta),
            f.map(|f| f.row.to_string()).unwrap_or_default(),
            x.map(|x| x.reference_id.clone()).unwrap_or_default(),
        ]);
    }
    table
}
