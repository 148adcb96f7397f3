//! The strict decoder: KDL text -> [`Config`], or every problem in the file at once.
//!
//! Unknown nodes and properties, repeated settings, wrong types, out-of-range values,
//! settings that exclude each other and references to undefined helpers or templates are all
//! problems, each labelled at its place in the file. KDL syntax errors become problems of the
//! same form. Pure: the caller reads the file; nothing here looks at the system.

mod api;
mod capability;
mod context;
mod global;
mod neighbor;
mod process;
mod resolve;
mod routes;
mod settings;
mod syntax;
mod values;

pub use neighbor::MAXIMUM_MD5_KEY_LENGTH;
pub use resolve::default_families;

use crate::api::route::{RouteSyntaxError, WrittenRoute};
use crate::config::blocks::ParsedBlocks;
use crate::config::diagnostic::{Diagnostics, Problem};
use crate::config::model::Config;

/// The route grammar used for `announce` entries (a value, so tests can supply their own).
pub type RouteParser<'a> = &'a dyn Fn(&str) -> Result<Vec<WrittenRoute>, RouteSyntaxError>;

/// Decodes `source` (the text of the file called `file_name`) with the shared route grammar.
pub fn decode(file_name: &str, source: &str) -> Result<Config, Diagnostics> {
    decode_with(
        file_name,
        source,
        &crate::api::route::parse_written_announcement,
    )
}

/// Decodes `source` with the given route parser.
pub fn decode_with(
    file_name: &str,
    source: &str,
    parse_route: RouteParser<'_>,
) -> Result<Config, Diagnostics> {
    let document = match source.parse::<kdl::KdlDocument>() {
        Ok(document) => document,
        Err(error) => return Err(syntax_diagnostics(file_name, source, &error)),
    };
    let mut context = context::Context::default();
    let top = global::decode(&mut context, document.nodes(), parse_route);
    // The parsed document (every node, span and format of the file) is no longer needed.
    drop(document);
    finish(file_name, source, context, top)
}

/// Decodes `source` as [`decode`] does, parsing only the top-level blocks that `blocks` (the
/// file as last decoded) does not have, and keeping the new file's blocks in it.
pub fn decode_reusing(
    file_name: &str,
    source: &str,
    blocks: &mut ParsedBlocks,
) -> Result<Config, Diagnostics> {
    if !blocks.update(source) {
        // Too large to keep, or not valid KDL: parsed whole (for the syntax diagnostics).
        return decode(file_name, source);
    }
    let mut context = context::Context::default();
    let top = global::decode(
        &mut context,
        blocks.nodes(),
        &crate::api::route::parse_written_announcement,
    );
    finish(file_name, source, context, top)
}

fn syntax_diagnostics(file_name: &str, source: &str, error: &kdl::KdlError) -> Diagnostics {
    let mut problems = syntax::problems(error, source);
    if problems.is_empty() {
        problems.push(Problem::new(
            "config::kdl-syntax",
            "the file is not valid KDL",
            miette::SourceSpan::from((0, 0)),
            "here",
        ));
    }
    Diagnostics::new(file_name, source, problems)
}

/// Applies templates to the neighbors; any problem found on the way fails the file.
fn finish(
    file_name: &str,
    source: &str,
    mut context: context::Context,
    mut top: global::TopLevel,
) -> Result<Config, Diagnostics> {
    let neighbors = resolve::neighbors(&mut context, &mut top);
    if !context.problems.is_empty() {
        return Err(Diagnostics::new(file_name, source, context.problems));
    }
    Ok(Config {
        global: top.global,
        processes: top.processes,
        neighbors,
    })
}
