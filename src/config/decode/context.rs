//! The decoder's bookkeeping and node-shape checks: collects every problem (never stops at
//! the first), checks that a node has the arguments, properties and block its kind allows,
//! and catches repeated settings. Knows nothing of what any particular node means.

use crate::config::diagnostic::Problem;
use crate::config::suggest;
use kdl::{KdlDocument, KdlEntry, KdlNode};
use miette::SourceSpan;
use std::collections::HashMap;

/// Collected problems.
#[derive(Debug, Default)]
pub struct Context {
    pub problems: Vec<Problem>,
}

/// How many positional arguments a node takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arguments {
    None,
    One,
    /// Zero or one (`passive` / `passive #false`).
    Optional,
    Two,
    AtLeastOne,
}

/// Whether a node takes a `{ … }` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Forbidden,
    Required,
}

/// The shape of one kind of node.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    pub arguments: Arguments,
    pub properties: &'a [&'a str],
    pub block: Block,
    /// How the node is written, for hints: `peer-as 65001`.
    pub example: &'a str,
}

impl<'a> Shape<'a> {
    /// `name VALUE`.
    pub const fn value(example: &'a str) -> Shape<'a> {
        Shape {
            arguments: Arguments::One,
            properties: &[],
            block: Block::Forbidden,
            example,
        }
    }

    /// `name { … }`.
    pub const fn block(example: &'a str) -> Shape<'a> {
        Shape {
            arguments: Arguments::None,
            properties: &[],
            block: Block::Required,
            example,
        }
    }

    /// `name` or `name #true` / `name #false`.
    pub const fn flag(example: &'a str) -> Shape<'a> {
        Shape {
            arguments: Arguments::Optional,
            properties: &[],
            block: Block::Forbidden,
            example,
        }
    }

    pub const fn with_properties(mut self, properties: &'a [&'a str]) -> Shape<'a> {
        self.properties = properties;
        self
    }

    pub const fn with_arguments(mut self, arguments: Arguments) -> Shape<'a> {
        self.arguments = arguments;
        self
    }
}

/// A node split into what its shape allows.
#[derive(Debug)]
pub struct Parts<'n> {
    pub arguments: Vec<&'n KdlEntry>,
    /// Allowed properties that are present, by name (each at most once).
    pub properties: HashMap<&'n str, &'n KdlEntry>,
    pub block: Option<&'n KdlDocument>,
}

impl<'n> Parts<'n> {
    pub fn first(&self) -> Option<&'n KdlEntry> {
        self.arguments.first().copied()
    }

    pub fn property(&self, name: &str) -> Option<&'n KdlEntry> {
        self.properties.get(name).copied()
    }
}

/// The name of a node as written.
pub fn name(node: &KdlNode) -> &str {
    node.name().value()
}

impl Context {
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Checks `node` against `shape`, reporting every mismatch. Returns the parts when the
    /// node is usable (right number of arguments and a block if one is required); unknown
    /// properties and type annotations are reported but do not make it unusable.
    pub fn parts<'n>(&mut self, node: &'n KdlNode, shape: Shape<'_>) -> Option<Parts<'n>> {
        let node_name = name(node);
        let mut usable = true;
        if let Some(annotation) = node.ty() {
            self.push(annotation_problem(annotation.value(), annotation.span()));
        }
        let mut arguments = Vec::new();
        let mut properties: HashMap<&'n str, &'n KdlEntry> = HashMap::new();
        for entry in node.entries() {
            if let Some(annotation) = entry.ty()
                && annotation.value() != "redacted"
            {
                self.push(annotation_problem(annotation.value(), entry.span()));
            }
            let Some(property) = entry.name() else {
                arguments.push(entry);
                continue;
            };
            let property_name = property.value();
            if !shape.properties.contains(&property_name) {
                let help = if shape.properties.is_empty() {
                    format!(
                        "`{node_name}` takes no properties; write it like `{}`",
                        shape.example
                    )
                } else {
                    suggest::hint(property_name, shape.properties)
                };
                self.push(
                    Problem::new(
                        "config::unknown-property",
                        format!("`{node_name}` has no property `{property_name}`"),
                        property.span(),
                        "unknown property",
                    )
                    .with_help(help),
                );
            } else if let Some(first) = properties.insert(property_name, entry) {
                self.push(
                    Problem::new(
                        "config::duplicate-property",
                        format!("property `{property_name}` is given twice"),
                        entry.span(),
                        "given again here",
                    )
                    .with_related(first.span(), "first given here")
                    .with_help("keep one of them"),
                );
            }
        }
        match (shape.arguments, arguments.len()) {
            (Arguments::None, 0)
            | (Arguments::One, 1)
            | (Arguments::Optional, 0 | 1)
            | (Arguments::Two, 2)
            | (Arguments::AtLeastOne, 1..) => {}
            (Arguments::One | Arguments::Two | Arguments::AtLeastOne, 0) | (Arguments::Two, 1) => {
                usable = false;
                self.push(
                    Problem::new(
                        "config::missing-value",
                        format!("`{node_name}` needs a value"),
                        node.name().span(),
                        "no value given",
                    )
                    .with_help(format!("write it like `{}`", shape.example)),
                );
            }
            (_, _) => {
                usable = false;
                let (allowed, extra) = match shape.arguments {
                    Arguments::None => ("no value", 0),
                    Arguments::Two => ("two values", 2),
                    _ => ("one value", 1),
                };
                let span = join(arguments.iter().skip(extra).map(|entry| entry.span()));
                self.push(
                    Problem::new(
                        "config::extra-value",
                        format!("`{node_name}` takes {allowed}"),
                        span.unwrap_or(node.name().span()),
                        "unexpected",
                    )
                    .with_help(format!("write it like `{}`", shape.example)),
                );
            }
        }
        let block = node.children();
        match (shape.block, block) {
            (Block::Forbidden, Some(children)) => {
                usable = false;
                self.push(
                    Problem::new(
                        "config::unexpected-block",
                        format!("`{node_name}` takes no block"),
                        children.span(),
                        "unexpected block",
                    )
                    .with_help(format!("write it like `{}`", shape.example)),
                );
            }
            (Block::Required, None) => {
                usable = false;
                self.push(
                    Problem::new(
                        "config::missing-block",
                        format!("`{node_name}` needs a block"),
                        node.span(),
                        "no `{ … }` block",
                    )
                    .with_help(format!("write it like `{}`", shape.example)),
                );
            }
            _ => {}
        }
        usable.then_some(Parts {
            arguments,
            properties,
            block,
        })
    }

    /// The single value of `name VALUE`.
    pub fn single<'n>(&mut self, node: &'n KdlNode, example: &str) -> Option<&'n KdlEntry> {
        self.parts(node, Shape::value(example))?.first()
    }

    /// A flag: bare `name` is true, or `name #true` / `name #false`.
    pub fn flag(&mut self, node: &KdlNode) -> Option<bool> {
        let example = format!("{0}` or `{0} #false", name(node));
        let parts = self.parts(node, Shape::flag(&example))?;
        match parts.first() {
            None => Some(true),
            Some(entry) => super::values::boolean(self, name(node), entry),
        }
    }

    /// Reports an unknown node in a block whose known nodes are `known`; `elsewhere` says
    /// where a misplaced but valid name belongs.
    pub fn unknown_node(&mut self, node: &KdlNode, block: &str, known: &[&str]) {
        let node_name = name(node);
        let help = misplaced(node_name, block).unwrap_or_else(|| suggest::hint(node_name, known));
        self.push(
            Problem::new(
                "config::unknown-node",
                format!("unknown setting `{node_name}` {}", place(block)),
                node.name().span(),
                "not known here",
            )
            .with_help(help),
        );
    }
}

/// Remembers the first place of each single-valued setting in one block.
#[derive(Debug, Default)]
pub struct Once {
    seen: HashMap<String, SourceSpan>,
}

impl Once {
    /// True the first time `node`'s name is seen; reports a duplicate afterwards.
    pub fn first(&mut self, context: &mut Context, node: &KdlNode) -> bool {
        self.first_key(context, name(node), node.name().span(), node.span())
    }

    /// Whether `key` has been seen.
    pub fn seen(&self, key: &str) -> bool {
        self.seen.contains_key(key)
    }

    /// The same for any key (a family, a property value); `span` is labelled.
    pub fn first_key(
        &mut self,
        context: &mut Context,
        key: &str,
        label_span: SourceSpan,
        whole_span: SourceSpan,
    ) -> bool {
        match self.seen.get(key) {
            None => {
                self.seen.insert(key.to_string(), whole_span);
                true
            }
            Some(first) => {
                context.push(
                    Problem::new(
                        "config::duplicate",
                        format!("`{key}` is given twice"),
                        label_span,
                        "given again here",
                    )
                    .with_related(*first, "first given here")
                    .with_help("keep one of them"),
                );
                false
            }
        }
    }
}

/// The smallest span covering all of `spans`.
pub fn join(spans: impl Iterator<Item = SourceSpan>) -> Option<SourceSpan> {
    spans.fold(None, |joined: Option<SourceSpan>, span| {
        let start = span.offset();
        let end = start.saturating_add(span.len());
        Some(match joined {
            None => span,
            Some(joined) => {
                let joined_end = joined.offset().saturating_add(joined.len());
                let start = start.min(joined.offset());
                SourceSpan::from((start, end.max(joined_end).saturating_sub(start)))
            }
        })
    })
}

/// "at the top level" or "in `neighbor`".
pub fn place(block: &str) -> String {
    if block == "the top level" {
        "at the top level".into()
    } else {
        format!("in `{block}`")
    }
}

fn annotation_problem(annotation: &str, span: SourceSpan) -> Problem {
    Problem::new(
        "config::type-annotation",
        format!("type annotation `({annotation})` is not used here"),
        span,
        "remove the annotation",
    )
    .with_help("ferrobgp knows each setting's type; write the plain value")
}

/// Settings of the top level, and of neighbors/templates.
pub const TOP_LEVEL: &[&str] = &[
    "router-id",
    "local-as",
    "listen",
    "control-fifo",
    "log-level",
    "watch-config",
    "process",
    "template",
    "neighbor",
];

pub const NEIGHBOR: &[&str] = &[
    "inherit",
    "peer-as",
    "local-as",
    "router-id",
    "local-address",
    "description",
    "hold-time",
    "passive",
    "connect-port",
    "md5-password",
    "md5-password-file",
    "ttl-security",
    "outgoing-ttl",
    "family",
    "capability",
    "group-updates",
    "manual-eor",
    "adj-rib-in",
    "adj-rib-out",
    "api",
    "announce",
];

/// Where a name that is valid somewhere else belongs, or what a name from another BGP daemon
/// is called here.
fn misplaced(word: &str, block: &str) -> Option<String> {
    let renamed = match word {
        "multihop" | "ebgp-multihop" | "ttl" => Some("outgoing-ttl"),
        "md5" | "password" | "md5-key" => Some("md5-password"),
        "static" | "routes" => Some("announce"),
        "peer-address" | "remote-address" => {
            Some("the neighbor's argument: `neighbor \"192.0.2.2\" { … }`")
        }
        "remote-as" | "peer-asn" => Some("peer-as"),
        "families" | "address-family" => Some("family"),
        "capabilities" => Some("capability"),
        "hold-timer" | "holdtime" => Some("hold-time"),
        "group" | "peer-group" => Some("template"),
        "processes" if block != "api" => Some("api { processes \"name\" }"),
        "bind" => Some("listen"),
        _ => None,
    };
    if let Some(renamed) = renamed {
        return Some(format!("ferrobgp calls this `{renamed}`"));
    }
    if block == "the top level" && NEIGHBOR.contains(&word) {
        return Some(format!(
            "`{word}` is a neighbor setting: put it inside a `neighbor` or `template` block"
        ));
    }
    if block != "the top level" && TOP_LEVEL.contains(&word) && !NEIGHBOR.contains(&word) {
        return Some(format!("`{word}` belongs at the top level of the file"));
    }
    None
}
