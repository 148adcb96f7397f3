//! ExaBGP's helper-facing surface, pure: JSON and text event encoders (and, later, the text
//! command parser). Nothing here does I/O or knows about tasks; the daemon hands in values and
//! gets strings back.

pub mod json;
pub mod route;
pub mod text;
