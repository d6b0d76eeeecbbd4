//! Size and nesting limits for expressions from outside (Go templates, JSONPath), checked before
//! any recursive parser sees them: a deeply nested expression must be an error, never a stack
//! overflow that kills the page.

/// Largest template or JSONPath expression accepted, in bytes.
pub const EXPRESSION_MAX_BYTES: usize = 4 * 1024;
/// Deepest nesting of `{{ }}`, `{ }`, `[ ]` and `( )` accepted.
pub const EXPRESSION_MAX_NESTING: usize = 32;

/// Why an expression is not parsed at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundsError {
    /// Longer than [`EXPRESSION_MAX_BYTES`].
    TooLarge { bytes: usize },
    /// Nested deeper than [`EXPRESSION_MAX_NESTING`].
    TooDeep,
}

impl BoundsError {
    /// What is wrong, as a clause ("it is …").
    pub fn why(&self) -> String {
        match self {
            BoundsError::TooLarge { bytes } => format!(
                "it is {bytes} bytes long; at most {} KiB is accepted",
                EXPRESSION_MAX_BYTES / 1024
            ),
            BoundsError::TooDeep => format!(
                "it nests brackets or actions more than {EXPRESSION_MAX_NESTING} levels deep"
            ),
        }
    }
}

/// Checks the size and the bracket nesting of `text` (`{{` and `}}` count as one level).
pub fn check_expression(text: &str) -> Result<(), BoundsError> {
    if text.len() > EXPRESSION_MAX_BYTES {
        return Err(BoundsError::TooLarge { bytes: text.len() });
    }
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // A `for` over the bytes (the second brace of a pair skipped): the scan always ends.
    let mut second_of_pair = false;
    for (i, &b) in bytes.iter().enumerate() {
        if second_of_pair {
            second_of_pair = false;
            continue;
        }
        second_of_pair = matches!(bytes.get(i..i + 2), Some(b"{{" | b"}}"));
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > EXPRESSION_MAX_NESTING {
                    return Err(BoundsError::TooDeep);
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}
