//! `ferrobgp check FILE [--print]`: decodes a configuration and says whether it is valid.
//! Pure: takes the file's text and returns what to print and the exit status; `main` reads
//! the file and decides whether stderr gets colours.

use crate::config::{self, RouteParser, Secrets, Style};

/// What `check` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Print the normalised effective configuration instead of "ok".
    pub print: bool,
    /// How to draw diagnostics.
    pub style: Style,
}

/// What to print, and whether the file is valid (exit 0) or not (exit 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub valid: bool,
}

/// Checks `source`, the text of `file_name`, with the shared route grammar.
pub fn check(file_name: &str, source: &str, options: CheckOptions) -> Outcome {
    check_with(
        file_name,
        source,
        options,
        &crate::api::route::parse_written_announcement,
    )
}

/// Checks `source` with the given route parser.
pub fn check_with(
    file_name: &str,
    source: &str,
    options: CheckOptions,
    parse_route: RouteParser<'_>,
) -> Outcome {
    match config::decode_with(file_name, source, parse_route) {
        Ok(configuration) => {
            let stdout = if options.print {
                format!(
                    "// Effective configuration of {file_name}: templates applied, defaults \
                     written out.\n{}",
                    config::print(&configuration, Secrets::Redact)
                )
            } else {
                format!(
                    "{file_name}: ok ({} {}, {} {})\n",
                    configuration.neighbors.len(),
                    plural(configuration.neighbors.len(), "neighbor", "neighbors"),
                    configuration.processes.len(),
                    plural(configuration.processes.len(), "helper", "helpers"),
                )
            };
            Outcome {
                stdout,
                stderr: String::new(),
                valid: true,
            }
        }
        Err(diagnostics) => {
            let count = diagnostics.problems.len();
            let mut stderr = diagnostics.render(options.style);
            stderr.push_str(&format!(
                "\n{file_name}: {count} {}\n",
                plural(count, "error", "errors")
            ));
            Outcome {
                stdout: String::new(),
                stderr,
                valid: false,
            }
        }
    }
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: CheckOptions = CheckOptions {
        print: false,
        style: Style::Plain,
    };

    #[test]
    fn a_valid_file_is_ok() {
        let source =
            "router-id \"192.0.2.1\"\nlocal-as 65000\nneighbor \"192.0.2.2\" { peer-as 65001 }\n";
        let outcome = check("f.kdl", source, PLAIN);
        assert!(outcome.valid);
        assert_eq!(outcome.stdout, "f.kdl: ok (1 neighbor, 0 helpers)\n");
        assert_eq!(outcome.stderr, "");
    }

    #[test]
    fn an_invalid_file_reports_every_error() {
        let source = "router-id 192.0.2.1\nlocal-as 10.0.0.1\n";
        let outcome = check("f.kdl", source, PLAIN);
        assert!(!outcome.valid);
        assert!(
            outcome.stderr.ends_with("\nf.kdl: 2 errors\n"),
            "{}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains("[f.kdl:1:11]"),
            "{}",
            outcome.stderr
        );
        assert!(
            outcome.stderr.contains("[f.kdl:2:10]"),
            "{}",
            outcome.stderr
        );
    }
}
