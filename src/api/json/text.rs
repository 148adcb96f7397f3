//! JSON string and hex helpers shared by every encoder.

use std::fmt::Write;

/// A JSON string literal, escaped the way Python's `json.dumps` does by default: control
/// characters, quotes and backslashes escaped, and every non-ASCII character written as `\uXXXX`
/// (a surrogate pair above the Basic Multilingual Plane).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            ' '..='~' => out.push(character),
            _ => {
                let mut units = [0u16; 2];
                for unit in character.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

/// `0x` followed by the bytes in uppercase hexadecimal, as ExaBGP's `hexstring`; `0x` alone for
/// no bytes.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for byte in bytes {
        let _ = write!(out, "{byte:02X}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_python_json_dumps() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quote("\u{14}Admin"), "\"\\u0014Admin\"");
        assert_eq!(quote("é"), "\"\\u00e9\"");
        assert_eq!(quote("🙂"), "\"\\ud83d\\ude42\"");
        assert_eq!(quote("\u{fffd}"), "\"\\ufffd\"");
    }

    #[test]
    fn hex_is_uppercase_with_prefix() {
        assert_eq!(hex(&[]), "0x");
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "0x00ABFF");
    }
}
