//! `csp`: the command line of csp-billing. It reads files, converts arguments, calls one
//! csp-core function and prints the result as a table, CSV or JSON. Every decision is the
//! core's; errors are printed as `error[<code>]: <message>` on stderr.

mod access_cmd;
mod agreement_cmd;
mod args;
mod bill_cmd;
mod charges_cmd;
mod diff_cmd;
mod failure;
mod input;
mod nce_cmd;
mod output;
mod price_list_cmd;
mod scenario_file;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{AccessCommand, Cli, Command, PriceListCommand};
use crate::failure::CliResult;

/// Runs the parsed command and returns its output.
fn run(cli: &Cli) -> CliResult<String> {
    match &cli.command {
        Command::Agreement(args) => agreement_cmd::run(args, cli.format),
        Command::PriceList(PriceListCommand::Show(args)) => price_list_cmd::show(args, cli.format),
        Command::PriceList(PriceListCommand::Price(args)) => {
            price_list_cmd::price(args, cli.format)
        }
        Command::PriceList(PriceListCommand::Diff(args)) => diff_cmd::run(args, cli.format),
        Command::Charges(args) => charges_cmd::run(args, cli.format),
        Command::Access(AccessCommand::Matrix(args)) => access_cmd::matrix(args, cli.format),
        Command::Access(AccessCommand::Check(args)) => access_cmd::check(args, cli.format),
        Command::Bill(args) => bill_cmd::run(args, cli.format),
        Command::Demo(args) => bill_cmd::demo(args, cli.format),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli).and_then(|text| output::print(&text)) {
        Ok(()) => ExitCode::SUCCESS,
        // As other filters do, stop quietly when the reader closes the pipe.
        Err(failure) if failure.is_broken_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            // Ignore a closed stderr: the exit status still tells the failure.
            let _ = writeln!(std::io::stderr(), "{failure}");
            failure.exit_code()
        }
    }
}
