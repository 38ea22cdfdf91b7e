//! `csp`: the command line of csp-billing. It reads files, converts arguments, calls one
//! csp-core function and prints the result as a table, CSV or JSON. Every decision is the
//! core's; errors are printed as `error[<code>]: <message>` on stderr.

mod access_cmd;
mod agreement_cmd;
mod args;
mod bill_cmd;
mod channel_cmd;
mod charges_cmd;
mod diff_cmd;
mod failure;
mod gdap_cmd;
mod input;
mod nce_charges;
mod nce_cmd;
mod nce_erp;
mod output;
mod price_list_cmd;
mod reconcile_cmd;
mod scenario_file;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{AccessCommand, Cli, Command, GdapCommand, PriceListCommand};
use crate::failure::CliResult;

/// The output buffer: a failed command whose output is shorter prints nothing on stdout.
const OUTPUT_BUFFER: usize = 1 << 16;

/// Runs the parsed command and writes its output to `out`: the commands whose output can be
/// large (charges, bills) write it as it is produced, the others build their text first.
fn run(cli: &Cli, out: &mut dyn Write) -> CliResult<()> {
    let text = match &cli.command {
        Command::Agreement(args) => agreement_cmd::run(args, cli.format),
        Command::PriceList(PriceListCommand::Show(args)) => price_list_cmd::show(args, cli.format),
        Command::PriceList(PriceListCommand::Price(args)) => {
            price_list_cmd::price(args, cli.format)
        }
        Command::PriceList(PriceListCommand::Diff(args)) => diff_cmd::run(args, cli.format),
        Command::Charges(args) => return charges_cmd::run(args, cli.format, out),
        Command::Access(AccessCommand::Matrix(args)) => access_cmd::matrix(args, cli.format),
        Command::Access(AccessCommand::Check(args)) => access_cmd::check(args, cli.format),
        Command::Bill(args) => return bill_cmd::run(args, cli.format, out),
        Command::Demo(args) => return bill_cmd::demo(args, cli.format, out),
        Command::Reconcile(args) => return reconcile_cmd::run(args, cli.format, out),
        Command::Gdap(GdapCommand::Timeline(args)) => gdap_cmd::timeline(args, cli.format),
        Command::Gdap(GdapCommand::Check(args)) => gdap_cmd::check(args, cli.format),
    }?;
    output::write_text(out, &text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout().lock());
    let result = run(&cli, &mut out).and_then(|()| out.flush().map_err(output::write_failure));
    if result.is_err() {
        // What is still buffered is dropped, not written: a failed command whose output fits
        // the buffer prints nothing; a longer one stops where it is.
        let _ = out.into_parts();
    }
    match result {
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
