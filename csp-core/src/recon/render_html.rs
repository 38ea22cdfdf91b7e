//! A reconciliation report as one self-contained HTML page (no script, no external file):
//! status, totals, coverage, two bar charts of the differences (by class, by customer) drawn
//! as inline SVG, the listed entries and the row flags.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::entry::ReconClass;
use super::report::{ReconReport, ReconStatus};
use super::text::money_text;

/// The most customers the customer chart shows (the largest differences first).
pub const HTML_CHART_CUSTOMERS: usize = 20;

/// Escapes text for HTML element content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}\
table{border-collapse:collapse}td,th{white-space:nowrap;padding:2px 10px;border-bottom:1px solid #ddd;text-align:left}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
.status{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff}\
.clean{background:#2a7d2e}.differences{background:#b3261e}.nothing_audited{background:#8a6d00}\
svg text{font:12px system-ui,sans-serif}";

/// One bar of a chart: a label and a signed amount.
struct Bar {
    label: String,
    amount: Decimal,
}

/// A horizontal bar chart of signed amounts around a zero axis, as inline SVG. Bar lengths
/// are proportional to `|amount|` (scaled in whole pixels; the figures are printed exactly).
fn chart(id: &str, title: &str, bars: &[Bar], m: u32) -> String {
    const LABEL: i64 = 200;
    const HALF: i64 = 220;
    const ROW: i64 = 22;
    let largest = bars
        .iter()
        .map(|b| b.amount.abs())
        .max()
        .unwrap_or_default();
    let width = LABEL + 2 * HALF + 120;
    let height = ROW * bars.len().max(1) as i64 + 10;
    let mut svg = format!(
        "<svg id=\"{id}\" role=\"img\" aria-label=\"{}\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(title)
    );
    let axis = LABEL + HALF;
    let _ = write!(
        svg,
        "<line x1=\"{axis}\" y1=\"0\" x2=\"{axis}\" y2=\"{height}\" stroke=\"#999\"/>"
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = ROW * i as i64 + 4;
        let len = if largest.is_zero() {
            0
        } else {
            (bar.amount.abs() * Decimal::from(HALF) / largest)
                .round()
                .try_into()
                .unwrap_or(0i64)
        };
        let negative = bar.amount.is_sign_negative() && !bar.amount.is_zero();
        let (x, colour) = if negative {
            (axis - len, "#b3261e")
        } else {
            (axis, "#1f5fa8")
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect class=\"bar\" data-amount=\"{}\" x=\"{x}\" y=\"{y}\" width=\"{len}\" \
             height=\"{}\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            LABEL - 8,
            y + 13,
            esc(&bar.label),
            money_text(bar.amount, m),
            ROW - 6,
            axis + HALF + 8,
            y + 13,
            money_text(bar.amount, m),
        );
    }
    svg.push_str("</svg>");
    svg
}

impl ReconReport {
    /// The report as one self-contained HTML page: no script and no external resource, the
    /// charts inline SVG, every id escaped. The same inputs give the same bytes.
    pub fn to_html(&self) -> String {
        let m = self.currency.minor_units();
        let money = |v: Decimal| money_text(v, m);
        let pct = |v: Option<Decimal>| match v {
            Some(p) => format!("{} %", money_text(p, 2)),
            None => "n/a".to_string(),
        };
        let t = &self.totals;
        let c = &self.coverage;
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Reconciliation {period}</title><style>{STYLE}</style></head><body>\
             <h1>Reconciliation of {period} ({kind} recon file, {cur}, {policy})</h1>\
             <p>Status: <span id=\"status\" class=\"status {status}\">{status}</span></p>",
            period = esc(&self.period),
            kind = self.file_kind.as_str(),
            cur = self.currency.code(),
            policy = esc(&self.policy),
            status = self.status.as_str(),
        );
        h.push_str("<h2>Totals</h2><table id=\"totals\">");
        let mut row = |name: &str, value: String| {
            let _ = write!(
                h,
                "<tr><th>{name}</th><td class=\"n\">{}</td></tr>",
                esc(&value)
            );
        };
        row("Microsoft total", money(t.microsoft_total));
        row("Expected total", money(t.expected_total));
        row("Difference (audited)", money(t.difference));
        row("Out of scope", money(t.out_of_scope_total));
        row("Not modelled", money(t.not_modelled_total));
        if let Some(d) = t.discounts_total {
            row("Discounts (TotalOtherDiscount)", money(d));
        }
        row("Rows read", c.file_rows.to_string());
        row(
            "Rows examined",
            format!("{} ({})", c.rows_examined, pct(c.examined_pct)),
        );
        row(
            "Rows matched",
            format!("{} ({})", c.rows_matched, pct(c.matched_pct)),
        );
        row("Amount examined", pct(c.examined_amount_pct));
        row(
            "Expected lines",
            format!("{} ({} missing)", c.expected_lines, c.expected_missing),
        );
        h.push_str("</table>");
        if self.status == ReconStatus::NothingAudited {
            h.push_str("<p><strong>Nothing was audited: no row was examined and no line expected. This is not a clean result.</strong></p>");
        }
        let classes: Vec<Bar> = ReconClass::ALL
            .iter()
            .filter_map(|class| {
                let total = t.by_class.get(class).copied().unwrap_or_default();
                (total.count > 0 && *class != ReconClass::Matched).then(|| Bar {
                    label: format!("{} ({})", class.as_str(), total.count),
                    amount: total.amount,
                })
            })
            .collect();
        h.push_str("<h2>Differences by class</h2>");
        h.push_str(&chart("by-class", "Differences by class", &classes, m));
        let mut customers: Vec<Bar> = self
            .customers
            .iter()
            .filter(|k| k.differences > 0)
            .map(|k| Bar {
                label: k.customer_id.clone(),
                amount: k.difference,
            })
            .collect();
        customers.sort_by(|a, b| {
            b.amount
                .abs()
                .cmp(&a.amount.abs())
                .then(a.label.cmp(&b.label))
        });
        let shown = customers.len().min(HTML_CHART_CUSTOMERS);
        let _ = write!(
            h,
            "<h2>Differences by customer (largest {shown} of {})</h2>",
            customers.len()
        );
        h.push_str(&chart(
            "by-customer",
            "Differences by customer",
            &customers[..shown],
            m,
        ));
        if !self.flags.is_empty() {
            h.push_str("<h2>Rows Microsoft's file contradicts itself on</h2><table id=\"flags\"><tr><th class=\"n\">Row</th><th>Check</th><th>Detail</th></tr>");
            for f in &self.flags {
                let _ = write!(
                    h,
                    "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                    f.row,
                    f.check,
                    esc(&f.detail)
                );
            }
            h.push_str("</table>");
        }
        h.push_str("<h2>Entries</h2><table id=\"entries\"><tr>");
        for name in [
            "Class",
            "Customer",
            "Subscription",
            "Charge type",
            "Charged",
            "Expected qty",
            "File qty",
            "Expected",
            "Microsoft",
            "Δ",
            "Row",
            "From",
        ] {
            let _ = write!(h, "<th>{name}</th>");
        }
        h.push_str("</tr>");
        for e in &self.entries {
            let (x, f) = (e.expected.as_ref(), e.file.as_ref());
            let cells = [
                e.class.as_str().to_string(),
                e.customer_id.clone(),
                e.subscription_id.clone(),
                e.charge_type.clone(),
                format!("{} – {}", e.charge_start, e.charge_end),
                x.map(|x| x.quantity.to_string()).unwrap_or_default(),
                f.map(|f| f.quantity.to_string()).unwrap_or_default(),
                x.map(|x| money(x.amount)).unwrap_or_default(),
                f.map(|f| money(f.amount)).unwrap_or_default(),
                money(e.delta),
                f.map(|f| f.row.to_string()).unwrap_or_default(),
                x.map(|x| x.reference_id.clone()).unwrap_or_default(),
            ];
            h.push_str("<tr>");
            for (i, cell) in cells.iter().enumerate() {
                let class = if (5..=10).contains(&i) {
                    " class=\"n\""
                } else {
                    ""
                };
                let _ = write!(h, "<td{class}>{}</td>", esc(cell));
            }
            h.push_str("</tr>");
        }
        h.push_str("</table></body></html>\n");
        h
    }
}
