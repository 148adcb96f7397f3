//! A `process "name" { … }` node: one helper program.
//!
//! ```kdl
//! process "healthcheck" {
//!     run "/usr/bin/ferrobgp" "healthcheck" "--ip" "192.0.2.10"
//!     encoder "json"            // or "text"; default json
//!     api-version 5             // ExaBGP 5.0 (default) or 4.x formats
//!     respawn #true             // default
//!     environment "LANG" "C.UTF-8"
//!     working-directory "/"     // default
//!     on-exit "keep"            // or "withdraw" its routes once it is gone; default keep
//! }
//! ```

use super::context::{Arguments, Context, Once, Shape, name};
use super::settings::Spanned;
use super::values;
use crate::api::json::JsonVersion;
use crate::config::diagnostic::Problem;
use crate::config::model::{Encoder, OnExit, Process};
use crate::config::suggest;
use kdl::KdlNode;
use std::collections::BTreeMap;
use std::path::PathBuf;

const SETTINGS: &[&str] = &[
    "run",
    "encoder",
    "api-version",
    "respawn",
    "environment",
    "working-directory",
    "on-exit",
];

/// What one `process` node gave: its name (even if the rest is invalid, so that bindings
/// naming it are not reported as dangling) and the helper if everything was valid.
#[derive(Debug, Default)]
pub struct Decoded {
    pub name: Option<Spanned<String>>,
    pub process: Option<Process>,
}

/// One helper.
pub fn decode(context: &mut Context, node: &KdlNode) -> Decoded {
    let mut decoded = Decoded::default();
    let Some(process) = decode_process(context, node, &mut decoded.name) else {
        return decoded;
    };
    decoded.process = Some(process);
    decoded
}

fn decode_process(
    context: &mut Context,
    node: &KdlNode,
    found_name: &mut Option<Spanned<String>>,
) -> Option<Process> {
    let parts = context.parts(
        node,
        Shape {
            arguments: Arguments::One,
            properties: &[],
            block: super::context::Block::Required,
            example: "process \"monitor\" { run \"/usr/local/bin/monitor\" }",
        },
    )?;
    let name_entry = parts.first()?;
    let process_name = values::name(context, "process", name_entry, "helper");
    *found_name = process_name.map(|text| Spanned::new(text.to_string(), name_entry.span()));
    let block = parts.block?;
    let mut run = None;
    let mut encoder = Some(Encoder::Json);
    let mut api_version = Some(JsonVersion::V5);
    let mut respawn = Some(true);
    let mut environment = BTreeMap::new();
    let mut working_directory = Some(PathBuf::from("/"));
    let mut on_exit = Some(OnExit::Keep);
    let mut once = Once::default();
    let mut environment_names = Once::default();
    let mut valid = true;
    for child in block.nodes() {
        let child_name = name(child);
        if !SETTINGS.contains(&child_name) {
            let before = context.problems.len();
            if child_name == "json-version" {
                context.push(
                    Problem::new(
                        "config::unknown-node",
                        "unknown setting `json-version` in `process`",
                        child.name().span(),
                        "not known here",
                    )
                    .with_help("the format version applies to text too: write `api-version 4` or `api-version 5`"),
                );
            } else {
                context.unknown_node(child, "process", SETTINGS);
            }
            valid &= context.problems.len() == before;
            continue;
        }
        if child_name != "environment" && !once.first(context, child) {
            valid = false;
            continue;
        }
        let before = context.problems.len();
        match child_name {
            "run" => run = decode_run(context, child),
            "encoder" => encoder = decode_encoder(context, child),
            "api-version" => {
                api_version = context
                    .single(child, "api-version 5")
                    .and_then(|entry| {
                        values::integer(context, "api-version", entry, 4..=5, "4 or 5")
                    })
                    .map(|version| {
                        if version == 4 {
                            JsonVersion::V4
                        } else {
                            JsonVersion::V5
                        }
                    });
            }
            "respawn" => respawn = context.flag(child),
            "on-exit" => on_exit = decode_on_exit(context, child),
            "environment" => {
                decode_environment(context, child, &mut environment_names, &mut environment)
            }
            _ => {
                working_directory = context
                    .single(child, "working-directory \"/var/lib/monitor\"")
                    .and_then(|entry| {
                        values::absolute_path(context, child_name, entry, "directory")
                    });
            }
        }
        valid &= context.problems.len() == before;
    }
    if run.is_none() && !once.seen("run") {
        context.push(
            Problem::new(
                "config::missing-setting",
                "this helper has no `run`",
                node.name().span(),
                "what should be started?",
            )
            .with_help(
                "add the program and its arguments: `run \"/usr/local/bin/monitor\" \"--verbose\"`",
            ),
        );
    }
    let process = Process {
        name: process_name?.to_string(),
        run: run?,
        encoder: encoder?,
        api_version: api_version?,
        respawn: respawn?,
        environment,
        working_directory: working_directory?,
        on_exit: on_exit?,
    };
    valid.then_some(process)
}

/// `run "/absolute/program" "argument" …`.
fn decode_run(context: &mut Context, node: &KdlNode) -> Option<Vec<String>> {
    let shape = Shape::value("run \"/usr/local/bin/monitor\" \"--verbose\"")
        .with_arguments(Arguments::AtLeastOne);
    let parts = context.parts(node, shape)?;
    let program = parts.first()?;
    values::absolute_path(context, "run", program, "program path")?;
    let mut argv = Vec::new();
    for entry in &parts.arguments {
        argv.push(values::string(context, "run", entry, "quoted arguments")?.to_string());
    }
    Some(argv)
}

fn decode_encoder(context: &mut Context, node: &KdlNode) -> Option<Encoder> {
    let entry = context.single(node, "encoder \"json\"")?;
    let word = values::string(context, "encoder", entry, "\"json\" or \"text\"")?;
    if let Some(encoder) = Encoder::parse(word) {
        return Some(encoder);
    }
    context.push(
        Problem::new(
            "config::invalid-choice",
            format!("`{word}` is not an encoder"),
            entry.span(),
            "expected \"json\" or \"text\"",
        )
        .with_help(suggest::hint(word, &["json", "text"])),
    );
    None
}

/// `on-exit "keep"` or `on-exit "withdraw"`.
fn decode_on_exit(context: &mut Context, node: &KdlNode) -> Option<OnExit> {
    let entry = context.single(node, "on-exit \"withdraw\"")?;
    let word = values::string(context, "on-exit", entry, "\"keep\" or \"withdraw\"")?;
    if let Some(choice) = OnExit::parse(word) {
        return Some(choice);
    }
    context.push(
        Problem::new(
            "config::invalid-choice",
            format!("`{word}` is not an on-exit choice"),
            entry.span(),
            "expected \"keep\" or \"withdraw\"",
        )
        .with_help(suggest::hint(word, &["keep", "withdraw"])),
    );
    None
}

/// `environment "NAME" "value"`, repeatable, each name once.
fn decode_environment(
    context: &mut Context,
    node: &KdlNode,
    names: &mut Once,
    environment: &mut BTreeMap<String, String>,
) {
    let shape = Shape::value("environment \"LANG\" \"C.UTF-8\"").with_arguments(Arguments::Two);
    let Some(parts) = context.parts(node, shape) else {
        return;
    };
    let [name_entry, value_entry] = parts.arguments.as_slice() else {
        return;
    };
    let variable = values::string(context, "environment", name_entry, "a variable name");
    let value = values::string(context, "environment", value_entry, "a quoted value");
    let (Some(variable), Some(value)) = (variable, value) else {
        return;
    };
    let valid = variable
        .bytes()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
        && variable
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
    if !valid {
        context.push(
            Problem::new(
                "config::invalid-name",
                format!("`{variable}` is not a valid environment variable name"),
                name_entry.span(),
                "invalid name",
            )
            .with_help("use letters, digits and `_`, not starting with a digit"),
        );
        return;
    }
    if names.first_key(context, variable, name_entry.span(), node.span()) {
        environment.insert(variable.to_string(), value.to_string());
    }
}
