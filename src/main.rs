//! The `algoreg` binary: parses the command line (clap lives only here) and hands validated config to the library.

mod cli;
mod history_cli;
mod progress;

fn main() {
    std::process::exit(cli::run());
}
