//! `csp access matrix` and `csp access check`: who may do what (SPEC §7). Every decision is
//! the core's `authorize`; this module only converts arguments and prints.

use csp_core::access::{
    authorize, matrix as access_matrix, matrix_of, Action, Actor, ActorKind, Decision, Effect,
    MatrixCell, Relationship, DEFAULT_DENY, DEFAULT_DENY_SOURCE, DEFAULT_DENY_SUMMARY, RULES,
};
use csp_core::program::Program;
use serde::Serialize;

use crate::args::{AccessCheckArgs, AccessMatrixArgs, Format, ProgramArgs};
use crate::failure::CliResult;
use crate::input;
use crate::output::{key_values, to_json, Align, Table};

/// A rule as printed: the core's [`csp_core::access::Rule`] without its matcher.
#[derive(Debug, Clone, Copy, Serialize)]
struct RuleView {
    name: &'static str,
    effect: Effect,
    summary: &'static str,
    source: &'static str,
}

/// The fallback every decision names when no rule matched (it is not one of `RULES`).
const DEFAULT_DENY_VIEW: RuleView = RuleView {
    name: DEFAULT_DENY,
    effect: Effect::Deny,
    summary: DEFAULT_DENY_SUMMARY,
    source: DEFAULT_DENY_SOURCE,
};

/// Every rule, in evaluation order, then `default_deny`.
fn all_rules() -> Vec<RuleView> {
    RULES
        .iter()
        .map(|r| RuleView {
            name: r.name,
            effect: r.effect,
            summary: r.summary,
            source: r.source,
        })
        .chain(std::iter::once(DEFAULT_DENY_VIEW))
        .collect()
}

/// The JSON document of `csp access matrix`.
#[derive(Debug, Serialize)]
struct MatrixReport<'a> {
    program: &'a Program,
    cells: &'a [MatrixCell],
    rules: Vec<RuleView>,
}

/// The JSON document of `csp access check`.
#[derive(Debug, Serialize)]
struct CheckReport<'a> {
    program: &'a Program,
    actor: &'a Actor,
    relationship: Relationship,
    action: Action,
    decision: &'a Decision,
}

/// The program named by `--program`, with `--customer-may-remove-csp-delegated-admin`.
fn program(args: &ProgramArgs) -> CliResult<Program> {
    let mut program = input::parse::<Program>(&args.program)?;
    if args.customer_may_remove_csp_delegated_admin {
        program.customer_may_remove_csp_delegated_admin = true;
    }
    Ok(program)
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

/// Runs `csp access matrix` (every profile, or those of the `--kind`s).
///
/// # Errors
/// `invalid_input` for an unknown program or kind.
pub fn matrix(args: &AccessMatrixArgs, format: Format) -> CliResult<String> {
    let program = program(&args.program)?;
    let kinds = args
        .kinds
        .iter()
        .map(|k| input::parse::<ActorKind>(k))
        .collect::<CliResult<Vec<_>>>()?;
    let cells = if kinds.is_empty() {
        access_matrix(&program)
    } else {
        matrix_of(&program, &kinds)
    };
    match format {
        Format::Json => to_json(&MatrixReport {
            program: &program,
            cells: &cells,
            rules: all_rules(),
        }),
        Format::Csv => cells_table(&cells).to_csv(),
        Format::Table => Ok(format!(
            "{}\n{}\nprofiles (columns)\n{}\nrules\n{}",
            program_line(&program),
            grid(&cells).to_text(),
            profile_key(&cells).to_text(),
            legend(&cells)
        )),
    }
}

/// Runs `csp access check`: the decision, allowed or not (exit status 0 either way).
///
/// # Errors
/// `invalid_input` for a bad actor, action or program.
pub fn check(args: &AccessCheckArgs, format: Format) -> CliResult<String> {
    let actor = input::parse::<Actor>(&args.actor)?;
    let action = input::parse::<Action>(&args.action)?;
    let program = program(&args.program)?;
    let relationship = Relationship {
        delegated_admin: !args.no_delegated_admin,
        csp_partner: !args.not_csp_partner,
    };
    let decision = authorize(&actor, action, relationship, &program);
    match format {
        Format::Json => to_json(&CheckReport {
            program: &program,
            actor: &actor,
            relationship,
            action,
            decision: &decision,
        }),
        Format::Csv => {
            let mut table = Table::new(&[
                ("actor", Align::Left),
                ("delegated_admin", Align::Left),
                ("csp_partner", Align::Left),
                ("action", Align::Left),
                ("allowed", Align::Left),
                ("rule", Align::Left),
                ("reason", Align::Left),
            ]);
            table.push(vec![
                actor.to_string(),
                yes_no(relationship.delegated_admin),
                yes_no(relationship.csp_partner),
                action.to_string(),
                yes_no(decision.allowed),
                decision.rule.to_string(),
                decision.reason.clone(),
            ]);
            table.to_csv()
        }
        Format::Table => Ok(key_values(&[
            ("actor", actor.to_string()),
            ("action", action.to_string()),
            ("delegated admin", yes_no(relationship.delegated_admin)),
            ("csp partner", yes_no(relationship.csp_partner)),
            ("program", program_text(&program)),
            ("allowed", yes_no(decision.allowed)),
            ("rule", decision.rule.to_string()),
            ("reason", decision.reason.clone()),
        ])),
    }
}

/// `legacy_2015 (customer may remove its CSP partner's delegated admin: no)`.
fn program_text(program: &Program) -> String {
    format!(
        "{program} (customer may remove its CSP partner's delegated admin: {})",
        yes_no(program.customer_may_remove_csp_delegated_admin)
    )
}

/// The first line of the matrix table.
fn program_line(program: &Program) -> String {
    format!("program: {}\n", program_text(program))
}

/// The profiles in the matrix's order (the core lists the cells profile by profile).
fn profiles_of(cells: &[MatrixCell]) -> Vec<&MatrixCell> {
    let mut seen: Vec<&MatrixCell> = Vec::new();
    for cell in cells {
        if !seen.iter().any(|s| s.profile == cell.profile) {
            seen.push(cell);
        }
    }
    seen
}

/// The actions in the matrix's order.
fn actions_of(cells: &[MatrixCell]) -> Vec<Action> {
    let mut seen: Vec<Action> = Vec::new();
    for cell in cells {
        if !seen.contains(&cell.action) {
            seen.push(cell.action);
        }
    }
    seen
}

/// One row per action, one column per profile (numbered; see [`profile_key`]), `yes`/`no`.
fn grid(cells: &[MatrixCell]) -> Table {
    let profiles = profiles_of(cells);
    let mut columns = vec![("action".to_string(), Align::Left)];
    columns.extend((1..=profiles.len()).map(|n| (n.to_string(), Align::Left)));
    let mut table = Table::with_columns(columns);
    for action in actions_of(cells) {
        let mut row = vec![action.to_string()];
        row.extend(profiles.iter().map(|p| {
            cells
                .iter()
                .find(|c| c.profile == p.profile && c.action == action)
                .map(|c| yes_no(c.decision.allowed))
                .unwrap_or_default()
        }));
        table.push(row);
    }
    table
}

/// What each numbered column of [`grid`] is.
fn profile_key(cells: &[MatrixCell]) -> Table {
    let mut table = Table::new(&[
        ("column", Align::Right),
        ("profile", Align::Left),
        ("actor", Align::Left),
        ("delegated_admin", Align::Left),
        ("csp_partner", Align::Left),
    ]);
    for (n, p) in profiles_of(cells).into_iter().enumerate() {
        table.push(vec![
            (n + 1).to_string(),
            p.profile.to_string(),
            p.actor.to_string(),
            yes_no(p.relationship.delegated_admin),
            yes_no(p.relationship.csp_partner),
        ]);
    }
    table
}

/// Every rule that decided a cell, in evaluation order (`default_deny` last): name, effect,
/// summary and source.
fn legend(cells: &[MatrixCell]) -> String {
    all_rules()
        .into_iter()
        .filter(|r| cells.iter().any(|c| c.decision.rule == r.name))
        .map(|r| {
            let effect = match r.effect {
                Effect::Allow => "allow",
                Effect::Deny => "deny",
            };
            format!(
                "  {} ({effect})\n    {}\n    source: {}\n",
                r.name, r.summary, r.source
            )
        })
        .collect()
}

/// The long form: one row per cell.
fn cells_table(cells: &[MatrixCell]) -> Table {
    let mut table = Table::new(&[
        ("profile", Align::Left),
        ("actor", Align::Left),
        ("delegated_admin", Align::Left),
        ("csp_partner", Align::Left),
        ("action", Align::Left),
        ("allowed", Align::Left),
        ("rule", Align::Left),
        ("reason", Align::Left),
    ]);
    for c in cells {
        table.push(vec![
            c.profile.to_string(),
            c.actor.to_string(),
            yes_no(c.relationship.delegated_admin),
            yes_no(c.relationship.csp_partner),
            c.action.to_string(),
            yes_no(c.decision.allowed),
            c.decision.rule.to_string(),
            c.decision.reason.clone(),
        ]);
    }
    table
}
