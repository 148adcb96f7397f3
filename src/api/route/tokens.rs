//! Splitting route text into words with their byte ranges, and walking them.
//!
//! ExaBGP normalises a helper line before parsing (`formated`: brackets, parentheses and commas
//! become words of their own, tabs become spaces), then its tokeniser cuts at `;`, `{`, `}`.
//! Here every one of `[ ] ( ) { } , ;` is always a word of its own, so `[65001:1` and
//! `(65001:10.0.0.1)` read as ExaBGP reads them. A value may be quoted ("…" or '…') to hold
//! spaces or those characters; a quoted word is never a keyword. Must not interpret words:
//! that is the grammar's business.

use super::RouteSyntaxError;

/// The characters that are words of their own wherever they appear.
pub(crate) const DELIMITERS: [char; 8] = ['[', ']', '(', ')', '{', '}', ',', ';'];

/// One word of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The word, without its quotes when quoted.
    pub text: &'a str,
    /// Byte range in the parsed text (quotes included).
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

impl<'a> Token<'a> {
    /// Whether this is the delimiter or keyword `word` (ASCII case-insensitive, never quoted).
    pub fn is(&self, word: &str) -> bool {
        !self.quoted && self.text.eq_ignore_ascii_case(word)
    }

    /// The word in lower case, for keyword matching ("" when quoted, so it matches nothing).
    pub fn keyword(&self) -> String {
        if self.quoted {
            String::new()
        } else {
            self.text.to_ascii_lowercase()
        }
    }

    /// An error about this word.
    pub fn error(&self, message: impl Into<String>) -> RouteSyntaxError {
        RouteSyntaxError::new(self.start, self.end, message, None)
    }

    /// An error about this word, with a hint.
    pub fn error_with(
        &self,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> RouteSyntaxError {
        RouteSyntaxError::new(self.start, self.end, message, Some(hint.into()))
    }
}

/// Cuts `text` into words.
pub(crate) fn tokenise(text: &str) -> Result<Vec<Token<'_>>, RouteSyntaxError> {
    let mut tokens = Vec::new();
    let mut characters = text.char_indices().peekable();
    while let Some((start, character)) = characters.next() {
        if character.is_whitespace() {
            continue;
        }
        if DELIMITERS.contains(&character) {
            let end = start + character.len_utf8();
            tokens.push(Token {
                text: text.get(start..end).unwrap_or_default(),
                start,
                end,
                quoted: false,
            });
            continue;
        }
        if character == '"' || character == '\'' {
            let content_start = start + 1;
            let mut closed = None;
            for (position, inner) in characters.by_ref() {
                if inner == character {
                    closed = Some(position);
                    break;
                }
            }
            let Some(close) = closed else {
                return Err(RouteSyntaxError::new(
                    start,
                    text.len(),
                    format!("the quote {character} is never closed"),
                    Some(format!("end the quoted value with {character}")),
                ));
            };
            tokens.push(Token {
                text: text.get(content_start..close).unwrap_or_default(),
                start,
                end: close + 1,
                quoted: true,
            });
            continue;
        }
        let mut end = start + character.len_utf8();
        while let Some(&(position, next)) = characters.peek() {
            if next.is_whitespace() || DELIMITERS.contains(&next) {
                break;
            }
            if next == '"' || next == '\'' {
                return Err(RouteSyntaxError::new(
                    position,
                    position + 1,
                    "a quote in the middle of a word",
                    Some("quote the whole value, e.g. name \"my route\"".to_string()),
                ));
            }
            end = position + next.len_utf8();
            characters.next();
        }
        tokens.push(Token {
            text: text.get(start..end).unwrap_or_default(),
            start,
            end,
            quoted: false,
        });
    }
    Ok(tokens)
}

/// A cursor over the words of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor<'a> {
    tokens: Vec<Token<'a>>,
    position: usize,
    /// Length of the text, for errors about what is missing at its end.
    length: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Result<Cursor<'a>, RouteSyntaxError> {
        Ok(Cursor {
            tokens: tokenise(text)?,
            position: 0,
            length: text.len(),
        })
    }

    pub fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.position).copied()
    }

    /// Whether the next word is the delimiter or keyword `word`.
    pub fn peek_is(&self, word: &str) -> bool {
        self.peek().is_some_and(|token| token.is(word))
    }

    pub fn next_token(&mut self) -> Option<Token<'a>> {
        let token = self.peek()?;
        self.position += 1;
        Some(token)
    }

    /// Consumes the next word if it is `word`.
    pub fn eat(&mut self, word: &str) -> bool {
        if self.peek_is(word) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    /// The value that must follow `after` (a keyword): an error pointing just past `after`
    /// when the text ends, or at the word found when it is a delimiter.
    pub fn value(&mut self, after: &Token<'_>, what: &str) -> Result<Token<'a>, RouteSyntaxError> {
        match self.peek() {
            Some(token) if token.quoted || !is_delimiter(token.text) => {
                self.position += 1;
                Ok(token)
            }
            Some(token) => Err(token.error(format!(
                "`{}` needs {what}, found `{}`",
                after.text, token.text
            ))),
            None => Err(self.missing(after, format!("`{}` needs {what}", after.text))),
        }
    }

    /// The next word whatever it is, or an error "`after` needs `what`".
    pub fn any(&mut self, after: &Token<'_>, what: &str) -> Result<Token<'a>, RouteSyntaxError> {
        match self.next_token() {
            Some(token) => Ok(token),
            None => Err(self.missing(after, format!("`{}` needs {what}", after.text))),
        }
    }

    /// Consumes the delimiter `word` or reports what was found instead.
    pub fn expect(
        &mut self,
        word: &str,
        context: &Token<'_>,
    ) -> Result<Token<'a>, RouteSyntaxError> {
        match self.peek() {
            Some(token) if token.is(word) => {
                self.position += 1;
                Ok(token)
            }
            Some(token) => Err(token.error(format!(
                "expected `{word}` in `{}`, found `{}`",
                context.text, token.text
            ))),
            None => Err(self.missing(
                context,
                format!("`{}` is not finished: `{word}` is missing", context.text),
            )),
        }
    }

    /// An error placed at the end of the text (something is missing there).
    pub fn missing(&self, after: &Token<'_>, message: String) -> RouteSyntaxError {
        let _ = after;
        RouteSyntaxError::new(self.length, self.length, message, None)
    }

    /// An error for the whole text (the range of every word).
    pub fn whole(&self) -> (usize, usize) {
        let start = self.tokens.first().map_or(0, |token| token.start);
        let end = self.tokens.last().map_or(self.length, |token| token.end);
        (start, end)
    }

    /// The position, to come back to it (see [`Cursor::rewind`]).
    pub fn mark(&self) -> usize {
        self.position
    }

    pub fn rewind(&mut self, mark: usize) {
        self.position = mark.min(self.tokens.len());
    }

    pub fn text_length(&self) -> usize {
        self.length
    }
}

/// Whether `text` is one of the delimiter words.
pub(crate) fn is_delimiter(text: &str) -> bool {
    let mut characters = text.chars();
    matches!((characters.next(), characters.next()), (Some(first), None) if DELIMITERS.contains(&first))
}

/// "did you mean `x`?" for a near miss of one of `words`, else the list of accepted words.
pub(crate) fn suggestion(word: &str, words: &[&str]) -> String {
    let lower = word.to_ascii_lowercase();
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

/// Levenshtein distance, counted in characters (bounded work: words are short, and each
/// string is cut at 64 characters).
fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().take(64).collect();
    let right: Vec<char> = right.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (index, left_character) in left.iter().enumerate() {
        let mut current = vec![index + 1];
        for (column, right_character) in right.iter().enumerate() {
            let substitution = previous[column] + usize::from(left_character != right_character);
            let deletion = previous[column + 1] + 1;
            let insertion = current[column] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, usize, usize, bool)> {
        tokenise(text)
            .expect("tokenises")
            .into_iter()
            .map(|token| (token.text, token.start, token.end, token.quoted))
            .collect()
    }

    #[test]
    fn words_and_ranges() {
        assert_eq!(
            words("community [65001:1,no-export]"),
            vec![
                ("community", 0, 9, false),
                ("[", 10, 11, false),
                ("65001:1", 11, 18, false),
                (",", 18, 19, false),
                ("no-export", 19, 28, false),
                ("]", 28, 29, false),
            ]
        );
        assert_eq!(
            words("aggregator\t(65001:10.0.0.1)"),
            vec![
                ("aggregator", 0, 10, false),
                ("(", 11, 12, false),
                ("65001:10.0.0.1", 12, 26, false),
                (")", 26, 27, false),
            ]
        );
        assert_eq!(
            words("name \"my [route]\" x"),
            vec![
                ("name", 0, 4, false),
                ("my [route]", 5, 17, true),
                ("x", 18, 19, false)
            ]
        );
        assert_eq!(words("  "), vec![]);
        assert_eq!(words("é;"), vec![("é", 0, 2, false), (";", 2, 3, false)]);
    }

    #[test]
    fn bad_quotes() {
        assert_eq!(
            tokenise("name \"abc"),
            Err(RouteSyntaxError::new(
                5,
                9,
                "the quote \" is never closed",
                Some("end the quoted value with \"".into())
            ))
        );
        assert_eq!(
            tokenise("name a'b'").map_err(|error| (error.start, error.end, error.message)),
            Err((6, 7, "a quote in the middle of a word".to_string()))
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggestion("meed", &["med", "origin"]),
            "did you mean `med`?"
        );
        assert_eq!(
            suggestion("zzzzzz", &["med", "origin"]),
            "expected one of: med, origin"
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
