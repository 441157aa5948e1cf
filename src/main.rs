use std::process::ExitCode;

use clap::Parser;
use tradeseries::cli::{run, Cli};

// jemalloc (Cargo.toml says why). Two arenas, freed pages handed back after
// half a second, by jemalloc's own thread rather than whenever the program
// happens to allocate: the resident memory is then the working set plus half
// a second of frees, the same from the first seconds of a run to its end, so
// the 100 MB and the 1 GB benchmark peak alike (README, Performance). With
// the defaults (4 arenas a core, 10 s) the 1 GB run peaked 15% higher.
// `_RJEM_MALLOC_CONF` in the environment overrides these.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8] = b"narenas:2,dirty_decay_ms:500,muzzy_decay_ms:0,background_thread:true\0";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A closed pipe (`extract -o - | head`) is not an error.
            if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tradeseries: {e:#}");
            ExitCode::from(2)
        }
    }
}
