//! The `algoreg` binary: parses the command line (clap lives only here) and hands validated config to the library.

mod bars;
mod cli;
mod history_cli;

/// mimalloc (Leijen, Zorn & de Moura 2019, "Mimalloc: free list sharding in action", APLAS): the
/// audit's threads allocate and free many small values (sample rows, text cells, per-group vectors),
/// where glibc's allocator spent about 5% of a 10⁷-row audit consolidating its free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
