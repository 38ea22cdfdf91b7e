//! Writes the synthetic distributor's book of `CUSTOMERS` customers (see
//! `csp_benches::book`) as a scenario document, to `OUT` or stdout.
//!
//!     cargo run --release -p csp-benches --bin synth_book -- CUSTOMERS [OUT] [SEED]

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(customers) = args.first().and_then(|a| a.parse::<usize>().ok()) else {
        eprintln!("usage: synth_book CUSTOMERS [OUT|-] [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2016);
    let result = match args.get(1).map(String::as_str) {
        None | Some("-") => {
            let mut out = BufWriter::new(io::stdout().lock());
            csp_benches::book::write_book(&mut out, customers, seed).and_then(|()| out.flush())
        }
        Some(path) => std::fs::File::create(path).and_then(|f| {
            let mut out = BufWriter::new(f);
            csp_benches::book::write_book(&mut out, customers, seed)?;
            out.flush()
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth_book: {e}");
            ExitCode::FAILURE
        }
    }
}
