//! Reading the words of a command line one at a time, with their byte ranges, and writing
//! words back (quoted when needed).
//!
//! Only the command part of a line (selectors, command words, names, numbers) is read here;
//! route text is handed whole to the route grammar, which has its own tokeniser. Words are
//! separated by whitespace (ExaBGP turns tabs into spaces and collapses runs); `,` is a word
//! of its own (ExaBGP's `formated` pads it with spaces), so `neighbor 10.0.0.1,neighbor
//! 10.0.0.2` reads as two selectors. A word may be quoted ("…" or '…') to hold spaces, as an
//! operational advisory or a teardown message needs. Must not interpret words.

use super::CommandError;

/// One word of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word<'a> {
    /// The word, without its quotes when quoted.
    pub text: &'a str,
    /// Byte range in the line (quotes included).
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

impl Word<'_> {
    /// Whether this is the keyword `word` (exact: ExaBGP's command words are case-sensitive).
    pub fn is(&self, word: &str) -> bool {
        !self.quoted && self.text == word
    }

    pub fn error(&self, message: impl Into<String>, hint: Option<String>) -> CommandError {
        CommandError::new(self.start, self.end, message, hint)
    }
}

/// A cursor over the words of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Words<'a> {
    line: &'a str,
    position: usize,
}

impl<'a> Words<'a> {
    pub fn new(line: &'a str) -> Words<'a> {
        Words { line, position: 0 }
    }

    /// The next word, or `None` at the end of the line.
    pub fn next_word(&mut self) -> Result<Option<Word<'a>>, CommandError> {
        let remaining = self.line.get(self.position..).unwrap_or_default();
        let Some(skipped) = remaining.find(|character: char| !character.is_whitespace()) else {
            self.position = self.line.len();
            return Ok(None);
        };
        let start = self.position.saturating_add(skipped);
        let text = self.line.get(start..).unwrap_or_default();
        let mut characters = text.char_indices();
        let Some((_, first)) = characters.next() else {
            self.position = self.line.len();
            return Ok(None);
        };
        if first == ',' {
            return Ok(Some(self.take(start, start + 1, start + 1, false)));
        }
        if first == '"' || first == '\'' {
            let Some(close) = characters.find(|(_, character)| *character == first) else {
                return Err(CommandError::new(
                    start,
                    self.line.len(),
                    format!("the quote {first} is never closed"),
                    Some(format!("end the quoted value with {first}")),
                ));
            };
            let close = start + close.0;
            let word = Word {
                text: self.line.get(start + 1..close).unwrap_or_default(),
                start,
                end: close + 1,
                quoted: true,
            };
            self.position = close + 1;
            return Ok(Some(word));
        }
        let mut end = start + first.len_utf8();
        for (offset, character) in characters {
            if character.is_whitespace() || character == ',' {
                break;
            }
            if character == '"' || character == '\'' {
                let position = start + offset;
                return Err(CommandError::new(
                    position,
                    position + 1,
                    "a quote in the middle of a word",
                    Some("quote the whole value, e.g. \"going down\"".to_string()),
                ));
            }
            end = start + offset + character.len_utf8();
        }
        Ok(Some(self.take(start, end, end, false)))
    }

    fn take(&mut self, start: usize, end: usize, next: usize, quoted: bool) -> Word<'a> {
        self.position = next;
        Word {
            text: self.line.get(start..end).unwrap_or_default(),
            start,
            end,
            quoted,
        }
    }

    /// The next word without consuming it.
    pub fn peek_word(&self) -> Result<Option<Word<'a>>, CommandError> {
        self.clone().next_word()
    }

    /// An error unless the line ends here (`command` names what came before, for the message).
    pub fn finish(&mut self, command: &str) -> Result<(), CommandError> {
        match self.next_word()? {
            None => Ok(()),
            Some(extra) => Err(extra.error(
                format!("unexpected `{}` after `{command}`", extra.text),
                None,
            )),
        }
    }

    /// An error for something missing at the end of the line.
    pub fn missing(&self, message: impl Into<String>, hint: Option<String>) -> CommandError {
        let end = self.line.trim_end().len();
        CommandError::new(end, end, message, hint)
    }

    /// The line from `start` to its end, without trailing whitespace.
    pub fn rest_from(&self, start: usize) -> &'a str {
        self.line.get(start..).unwrap_or_default().trim_end()
    }
}

/// A word as it must be written for [`Words`] to read it back: bare when it can be, else
/// quoted with `"` (or `'` when it holds a `"`).
pub(super) fn quoted(text: &str) -> String {
    let bare = !text.is_empty()
        && !text
            .chars()
            .any(|character| character.is_whitespace() || matches!(character, ',' | '"' | '\''));
    if bare {
        text.to_string()
    } else if text.contains('"') {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}

#[cfg(test)]
/// Whether [`quoted`] can write `text` so that it reads back (not both quote characters).
pub(super) fn writable(text: &str) -> bool {
    !(text.contains('"') && text.contains('\''))
}

/// "did you mean `x`?" for a near miss of one of `words`, else the list of accepted words.
pub(super) fn suggestion(word: &str, words: &[&str]) -> String {
    let lower = word.to_ascii_lowercase();
    if words.contains(&lower.as_str()) && lower != word {
        return format!("commands are lower case: did you mean `{lower}`?");
    }
    let best = words
        .iter()
        .map(|candidate| (edit_distance(&lower, candidate), *candidate))
        .min_by_key(|(distance, _)| *distance);
    match best {
        Some((distance, candidate)) if distance <= 2 && distance < candidate.len() => {
            format!("did you mean `{candidate}`?")
        }
        _ => format!("expected one of: {}", words.join(", ")),
    }
}

/// Levenshtein distance in characters (bounded work: each string is cut at 64 characters).
fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().take(64).collect();
    let right: Vec<char> = right.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (index, left_character) in left.iter().enumerate() {
        let mut current = Vec::with_capacity(right.len() + 1);
        current.push(index + 1);
        for (column, right_character) in right.iter().enumerate() {
            let above = previous.get(column + 1).copied().unwrap_or(usize::MAX / 2);
            let diagonal = previous.get(column).copied().unwrap_or(usize::MAX / 2);
            let left_cell = current.last().copied().unwrap_or(usize::MAX / 2);
            let substitution = diagonal + usize::from(left_character != right_character);
            current.push(substitution.min(above + 1).min(left_cell + 1));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// `text` with every run of whitespace outside quotes made one space (quoted values are kept
/// as they are: they are values, not layout).
pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut in_space = false;
    for character in text.trim().chars() {
        match quote {
            Some(open) => {
                out.push(character);
                if character == open {
                    quote = None;
                }
            }
            None if character.is_whitespace() => in_space = true,
            None => {
                if in_space {
                    out.push(' ');
                    in_space = false;
                }
                if character == '"' || character == '\'' {
                    quote = Some(character);
                }
                out.push(character);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(line: &str) -> Result<Vec<(&str, usize, usize, bool)>, CommandError> {
        let mut words = Words::new(line);
        let mut out = Vec::new();
        while let Some(word) = words.next_word()? {
            out.push((word.text, word.start, word.end, word.quoted));
        }
        Ok(out)
    }

    #[test]
    fn words_and_ranges() {
        assert_eq!(
            all(" neighbor 10.0.0.1,neighbor\t* x").expect("reads"),
            vec![
                ("neighbor", 1, 9, false),
                ("10.0.0.1", 10, 18, false),
                (",", 18, 19, false),
                ("neighbor", 19, 27, false),
                ("*", 28, 29, false),
                ("x", 30, 31, false),
            ]
        );
        assert_eq!(
            all("advisory \"hello  world\" 'a\"b'").expect("reads"),
            vec![
                ("advisory", 0, 8, false),
                ("hello  world", 9, 23, true),
                ("a\"b", 24, 29, true),
            ]
        );
        assert_eq!(all("").expect("reads"), vec![]);
        assert_eq!(
            all("é,").expect("reads"),
            vec![("é", 0, 2, false), (",", 2, 3, false)]
        );
    }

    #[test]
    fn bad_quotes() {
        assert_eq!(
            all("teardown 2 \"bye"),
            Err(CommandError::new(
                11,
                15,
                "the quote \" is never closed",
                Some("end the quoted value with \"".into())
            ))
        );
        assert_eq!(
            all("teardown 2 don't").map_err(|error| (error.start, error.end)),
            Err((14, 15))
        );
    }

    #[test]
    fn quoting_reads_back() {
        for text in ["plain", "two words", "", "a,b", "it's", "say \"hi\"", "é"] {
            let written = quoted(text);
            let mut words = Words::new(&written);
            let word = words.next_word().expect("reads").expect("a word");
            assert_eq!(word.text, text, "{written}");
            assert_eq!(words.next_word().expect("reads"), None, "{written}");
        }
        assert!(!writable("a\"b'c"));
    }

    #[test]
    fn suggestions_and_whitespace() {
        assert_eq!(
            suggestion("anounce", &["announce", "withdraw"]),
            "did you mean `announce`?"
        );
        assert_eq!(
            suggestion("ANNOUNCE", &["announce", "withdraw"]),
            "commands are lower case: did you mean `announce`?"
        );
        assert_eq!(
            suggestion("zzzzzzz", &["announce", "withdraw"]),
            "expected one of: announce, withdraw"
        );
        assert_eq!(
            collapse_whitespace("  a \t b  name \"x  y\"  c "),
            "a b name \"x  y\" c"
        );
    }
}
