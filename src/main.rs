//! The `ferrobgp` command: argument parsing and start-up only.

fn main() {
    println!("ferrobgp {}", env!("CARGO_PKG_VERSION"));
}
