//! The declarative configuration (`ferrobgp.kdl`, KDL v2): decoding into a typed [`Config`]
//! (strict, every problem reported at once with its place in the file), rendering those
//! problems, and printing a `Config` back as normalised KDL. Pure: the caller reads the file;
//! nothing here starts peers or helpers or looks at the system.

pub mod blocks;
pub mod decode;
pub mod diagnostic;
pub mod diff;
pub mod model;
pub mod print;
mod redact;
mod suggest;

pub use blocks::ParsedBlocks;
pub use decode::{RouteParser, decode, decode_reusing, decode_with, default_families};
pub use diagnostic::{Diagnostics, Problem, Style};
pub use model::*;
pub use print::{Secrets, print};
