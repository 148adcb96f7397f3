//! Problems found in a configuration file and how they are shown: miette's graphical report,
//! with colours on a terminal and without them otherwise (journald, CI logs, golden files),
//! always 80 columns wide and headed by `file:line:col`. Pure: returns strings, never prints.
//! The source shown is the file with its secrets masked (see `redact`), so a key can never
//! appear in a snippet.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use miette::{SourceCode, SourceSpan};
use std::fmt;

/// Width of rendered diagnostics, fixed so that output (and golden files) do not depend on the
/// terminal.
pub const WIDTH: usize = 80;

/// One mistake in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable identifier of the kind of mistake, e.g. `config::unknown-node`.
    pub code: &'static str,
    /// What is wrong, one line.
    pub message: String,
    /// Where (byte offset and length in the file).
    pub span: SourceSpan,
    /// Text under the primary span.
    pub label: String,
    /// Other places involved ("first defined here").
    pub related: Vec<(SourceSpan, String)>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Problem {
    pub fn new(
        code: &'static str,
        message: impl Into<String>,
        span: SourceSpan,
        label: impl Into<String>,
    ) -> Problem {
        Problem {
            code,
            message: message.into(),
            span,
            label: label.into(),
            related: Vec::new(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn with_optional_help(mut self, help: Option<String>) -> Problem {
        self.help = help;
        self
    }

    pub fn with_related(mut self, span: SourceSpan, label: impl Into<String>) -> Problem {
        self.related.push((span, label.into()));
        self
    }
}

/// How to draw diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Unicode drawing with ANSI colours, for a terminal.
    Colour,
    /// Unicode drawing without colours, for logs, pipes and golden files.
    Plain,
}

/// Every problem found in one file, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The name shown in headers (usually the path given on the command line).
    pub file_name: String,
    /// The file's text with secrets masked (byte offsets unchanged).
    source: String,
    /// In file order.
    pub problems: Vec<Problem>,
}

impl Diagnostics {
    /// Collects `problems` about `source` (masking its secrets) in file order.
    pub fn new(file_name: &str, source: &str, mut problems: Vec<Problem>) -> Diagnostics {
        problems.sort_by_key(|problem| (problem.span.offset(), problem.span.len()));
        problems.dedup();
        Diagnostics {
            file_name: file_name.to_string(),
            source: super::redact::mask_secrets(source),
            problems,
        }
    }

    /// `file:line:col` of a problem (1-based, column in characters).
    pub fn location(&self, problem: &Problem) -> String {
        let (line, column) = line_and_column(&self.source, problem.span.offset());
        format!("{}:{line}:{column}", self.file_name)
    }

    /// All problems, each as its own report, separated by blank lines.
    pub fn render(&self, style: Style) -> String {
        let theme = match style {
            Style::Colour => GraphicalTheme::unicode(),
            Style::Plain => GraphicalTheme::unicode_nocolor(),
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(WIDTH)
            .with_links(false);
        let source = NamedSource::new(&self.file_name, self.source.clone());
        let mut output = String::new();
        for problem in &self.problems {
            if !output.is_empty() {
                output.push('\n');
            }
            let report = Report {
                problem,
                source: &source,
            };
            let mut one = String::new();
            if handler.render_report(&mut one, &report).is_err() {
                // Rendering into a String only fails if a span is outside the text; fall back to
                // the plain facts rather than lose the problem.
                one = format!(
                    "{}: {}: {}\n",
                    self.location(problem),
                    problem.message,
                    problem.label
                );
            }
            output.push_str(&one);
            if !one.ends_with('\n') {
                output.push('\n');
            }
        }
        output
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count().saturating_add(1);
    let line_start = before
        .rfind('\n')
        .map_or(0, |index| index.saturating_add(1));
    let column = before
        .get(line_start..)
        .map_or(0, |rest| rest.chars().count())
        .saturating_add(1);
    (line, column)
}

/// A problem seen through miette.
struct Report<'a> {
    problem: &'a Problem,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.problem.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.problem.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.problem.code))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary =
            LabeledSpan::new_primary_with_span(Some(self.problem.label.clone()), self.problem.span);
        let others = self
            .problem
            .related
            .iter()
            .map(|(span, label)| LabeledSpan::new_with_span(Some(label.clone()), *span));
        Some(Box::new(std::iter::once(primary).chain(others)))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.problem
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a\nbé c\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 2), (2, 1));
        assert_eq!(line_and_column(text, 6), (2, 4));
        assert_eq!(line_and_column(text, 999), (3, 1));
    }

    #[test]
    fn plain_rendering_has_the_file_name_and_no_colour() {
        let problem = Problem::new(
            "config::unknown-node",
            "unknown setting `hold-tme`",
            SourceSpan::from((4, 8)),
            "not a neighbor setting",
        )
        .with_help("did you mean `hold-time`?");
        let diagnostics = Diagnostics::new("f.kdl", "n { hold-tme 9 }\n", vec![problem]);
        let text = diagnostics.render(Style::Plain);
        assert!(text.contains("[f.kdl:1:5]"), "{text}");
        assert!(text.contains("did you mean `hold-time`?"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(diagnostics.render(Style::Colour).contains('\u{1b}'));
    }

    #[test]
    fn secrets_are_masked_in_snippets() {
        let source = "md5-password \"hunter2\"\nbad 1\n";
        let problem = Problem::new("c", "m", SourceSpan::from((23, 3)), "l");
        let text = Diagnostics::new("f", source, vec![problem]).render(Style::Plain);
        assert!(!text.contains("hunter2"), "{text}");
    }
}
