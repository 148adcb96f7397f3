//! ExaBGP's helper-facing surface, pure: JSON and text event encoders and the text
//! command parser. Nothing here does I/O or knows about tasks; the daemon hands in values and
//! gets strings back.

pub mod command;
pub mod json;
pub mod route;
pub mod text;
