//! Outside text fit for a message: one line, bounded, marked when cut. Every quote of a server's
//! answer, a pasted value or a name Keymint does not know goes through [`clip`].

/// `text` as one line (runs of white space and control characters become one space, ends trimmed),
/// at most `max` characters, with `…` appended when something was cut.
pub fn clip(text: &str, max: usize) -> String {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty());
    let mut out = String::new();
    let mut count = 0;
    let mut cut = false;
    'words: for (i, word) in words.by_ref().enumerate() {
        for c in (i > 0).then_some(' ').into_iter().chain(word.chars()) {
            if count == max {
                cut = true;
                break 'words;
            }
            out.push(c);
            count += 1;
        }
    }
    if cut {
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}
