//! Masks secrets in configuration text before any of it is shown (diagnostic snippets show
//! the lines around a mistake, which may hold a key). Works on the raw text, so it also works
//! when the file is not valid KDL. Masking keeps every byte offset and line break, so spans
//! found in the original text still point at the same places.

/// Node (or property) names whose value is a secret.
pub const SECRET_NAMES: [&str; 1] = ["md5-password"];

/// `text` with the value after every secret name replaced by `*`s.
pub fn mask_secrets(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for name in SECRET_NAMES {
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|rest| rest.find(name)) {
            let start = from.saturating_add(found);
            let end = start.saturating_add(name.len());
            from = end;
            if is_word_byte(start.checked_sub(1).and_then(|index| bytes.get(index)))
                || is_word_byte(bytes.get(end))
            {
                continue;
            }
            let value_start = skip_to_value(&bytes, end);
            let (content_start, content_end) = value_extent(&bytes, value_start);
            for byte in bytes.iter_mut().take(content_end).skip(content_start) {
                if *byte != b'\n' {
                    *byte = b'*';
                }
            }
        }
    }
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into())
}

/// Part of a KDL identifier like `md5-password-file` (so that name is not a match).
fn is_word_byte(byte: Option<&u8>) -> bool {
    byte.is_some_and(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
}

/// Skips blanks, `=` and a type annotation `(…)` after the name.
fn skip_to_value(bytes: &[u8], mut index: usize) -> usize {
    loop {
        match bytes.get(index) {
            Some(b' ' | b'\t' | b'=') => index = index.saturating_add(1),
            Some(b'(') => {
                while bytes
                    .get(index)
                    .is_some_and(|byte| *byte != b')' && *byte != b'\n')
                {
                    index = index.saturating_add(1);
                }
                index = index.saturating_add(1);
            }
            _ => return index,
        }
    }
}

/// The byte range of the string content starting at `start`: quoted, raw (`#"…"#`),
/// multi-line (`"""…"""`) or a bare word.
fn value_extent(bytes: &[u8], start: usize) -> (usize, usize) {
    let hashes = bytes.get(start..).map_or(0, |rest| {
        rest.iter().take_while(|byte| **byte == b'#').count()
    });
    let quote = start.saturating_add(hashes);
    if bytes.get(quote) != Some(&b'"') {
        if hashes > 0 {
            // `#true`, `#null`: not a string, nothing to hide.
            return (start, start);
        }
        let mut end = start;
        while bytes
            .get(end)
            .is_some_and(|byte| !byte.is_ascii_whitespace() && !b";{}()=/\"\\".contains(byte))
        {
            end = end.saturating_add(1);
        }
        return (start, end);
    }
    let triple = bytes.get(quote..quote.saturating_add(3)) == Some(b"\"\"\"");
    let content_start = quote.saturating_add(if triple { 3 } else { 1 });
    let mut closing = Vec::with_capacity(hashes.saturating_add(3));
    closing.extend(std::iter::repeat_n(b'"', if triple { 3 } else { 1 }));
    closing.extend(std::iter::repeat_n(b'#', hashes));
    let mut index = content_start;
    while index < bytes.len() {
        if hashes == 0 && bytes.get(index) == Some(&b'\\') {
            index = index.saturating_add(2);
            continue;
        }
        if bytes.get(index..index.saturating_add(closing.len())) == Some(closing.as_slice()) {
            return (content_start, index);
        }
        if !triple && bytes.get(index) == Some(&b'\n') {
            return (content_start, index);
        }
        index = index.saturating_add(1);
    }
    (content_start, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_form_of_string_and_keeps_offsets() {
        let cases = [
            ("md5-password \"k3y\"\n", "md5-password \"***\"\n"),
            ("md5-password #\"a\"b\"#;", "md5-password #\"***\"#;"),
            ("md5-password=\"a\\\"b\" x", "md5-password=\"****\" x"),
            ("md5-password (redacted)\"\"", "md5-password (redacted)\"\""),
            ("md5-password bare;x", "md5-password ****;x"),
            (
                "md5-password \"\"\"\nab\n\"\"\"",
                "md5-password \"\"\"\n**\n\"\"\"",
            ),
            ("md5-password \"é\"", "md5-password \"**\""),
            ("md5-password \"open\nnext", "md5-password \"****\nnext"),
            ("md5-password #true", "md5-password #true"),
            ("md5-password", "md5-password"),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_secrets(input), expected, "{input:?}");
            assert_eq!(mask_secrets(input).len(), input.len());
        }
    }

    #[test]
    fn leaves_other_names_alone() {
        let text = "md5-password-file \"/run/k\"\nx-md5-password \"a\"\n";
        assert_eq!(mask_secrets(text), text);
    }
}
