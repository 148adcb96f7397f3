//! A secret (a TCP-MD5 key) that never shows itself: `Debug` and `Display` print a placeholder,
//! so it cannot leak into logs, diagnostics or `ferrobgp check --print`. The only way to the
//! bytes is [`Secret::reveal`], which the socket code (and the round-trip test) call on purpose.

use std::fmt;

/// A secret string; compares by content so that a changed key is seen as a change.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// What `Debug` and `Display` print instead of the content.
    pub const REDACTED: &'static str = "<redacted>";

    pub fn new(content: String) -> Secret {
        Secret(content)
    }

    /// The secret itself. Call only to hand it to the kernel (or in tests).
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Secret({})", Secret::REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(Secret::REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_content() {
        let secret = Secret::new("hunter2".into());
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(Secret(<redacted>))");
        assert_eq!(secret.reveal(), "hunter2");
    }

    #[test]
    fn equality_compares_the_content() {
        assert_eq!(Secret::new("a".into()), Secret::new("a".into()));
        assert_ne!(Secret::new("a".into()), Secret::new("b".into()));
    }
}
