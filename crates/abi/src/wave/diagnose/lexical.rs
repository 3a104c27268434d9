//! Why a token of WAVE text is malformed, in words: `wasm-wave`'s lexer
//! only says where it stopped, or splits a bad token into good ones (`007`
//! lexes as three numbers), so the token starting at a place is looked at
//! again here, by the rules of WAVE's grammar, to name what is wrong.

use super::Problem;
use crate::prelude::*;

/// The escapes, for messages.
const ESCAPES: &str = r#"the escapes are \\ \' \" \t \n \r and \u{hex} for a Unicode scalar value"#;

/// Checks the token that starts at byte `start` of `text` (after any
/// whitespace and comments): a problem if it is malformed.
pub(super) fn check(text: &str, start: usize) -> Result<(), Problem> {
    let rest = text.get(start..).unwrap_or("");
    let Some(c) = rest.chars().next() else { return Ok(()) };
    match c {
        '{' | '}' | '(' | ')' | '[' | ']' | ':' | ',' => Ok(()),
        '\'' => char_literal(text, start),
        '"' if rest.starts_with(r#"""""#) => multiline_string(text, start),
        '"' => string(text, start),
        '-' | '0'..='9' => number(text, start),
        '%' | 'a'..='z' | 'A'..='Z' => label(text, start),
        other => Err(Problem::new(start, format!("unexpected character `{}`", other.escape_debug()))),
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` or `-inf`, not run
/// into a letter or digit.
fn number(text: &str, start: usize) -> Result<(), Problem> {
    let bytes = text.as_bytes();
    let digits = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = start;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
        if text.get(i..).is_some_and(|s| s.starts_with("inf")) {
            return number_end(text, start, i + 3);
        }
    }
    let int_start = i;
    i = digits(i);
    if i == int_start {
        return Err(Problem::new(start, "invalid number: `-` must be followed by digits or `inf`"));
    }
    if bytes[int_start] == b'0' && i - int_start > 1 {
        return Err(Problem::new(start, "invalid number: leading zeros are not allowed"));
    }
    if bytes.get(i) == Some(&b'.') {
        let fraction = i + 1;
        i = digits(fraction);
        if i == fraction {
            return Err(Problem::new(start, "invalid number: a `.` must be followed by digits"));
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent = i;
        i = digits(exponent);
        if i == exponent {
            return Err(Problem::new(start, "invalid number: an exponent must have digits"));
        }
    }
    number_end(text, start, i)
}

/// A number ending at `end` must not run into a letter or digit.
fn number_end(text: &str, start: usize, end: usize) -> Result<(), Problem> {
    let next = text.get(end..).and_then(|s| s.chars().next());
    if next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%')) {
        let len = text[start..].find(|c: char| !c.is_alphanumeric() && !".-_%+".contains(c));
        let shown = &text[start..len.map_or(text.len(), |n| start + n)];
        return Err(Problem::new(start, format!("invalid number `{shown}`")));
    }
    Ok(())
}

/// `%?word(-word)*`: the first word starts with a letter; each word is all
/// lowercase or all uppercase (letters and digits).
fn label(text: &str, start: usize) -> Result<(), Problem> {
    let escaped = text[start..].starts_with('%');
    let rest = &text[start + usize::from(escaped)..];
    let len = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(rest.len());
    let label = &rest[..len];
    let why = if label.is_empty() {
        "a label is expected after `%`"
    } else {
        match label_problem(label) {
            Some(why) => why,
            None => return Ok(()),
        }
    };
    let shown = if escaped { format!("%{label}") } else { label.to_string() };
    Err(Problem::new(start, format!("invalid label `{shown}`: {why}")))
}

/// Why `label` (not empty) is not a valid label, if it is not.
fn label_problem(label: &str) -> Option<&'static str> {
    for (i, word) in label.split('-').enumerate() {
        let Some(first) = word.chars().next() else {
            return Some("words are separated by single hyphens and cannot be empty");
        };
        if i == 0 && !first.is_ascii_alphabetic() {
            return Some("a label starts with a letter");
        }
        if word.contains(|c: char| c.is_ascii_lowercase()) && word.contains(|c: char| c.is_ascii_uppercase()) {
            return Some("each word is all lowercase or all uppercase");
        }
    }
    None
}

/// `'c'`: one char or one escape between single quotes.
fn char_literal(text: &str, start: usize) -> Result<(), Problem> {
    let body = start + 1;
    let rest = &text[body..];
    let len = match rest.chars().next() {
        None | Some('\n') => return Err(Problem::new(start, "unterminated char literal")),
        Some('\'') => return Err(Problem::new(start, r"empty char literal; a quote is written '\''")),
        Some('\\') => escape_len(rest).ok_or_else(|| invalid_escape(rest, body))?,
        Some(c) => c.len_utf8(),
    };
    if !text[body + len..].starts_with('\'') {
        let message = "a char literal holds exactly one character (strings are written in double quotes)";
        return Err(Problem::new(start, message));
    }
    Ok(())
}

/// `"..."` on one line, with escapes.
fn string(text: &str, start: usize) -> Result<(), Problem> {
    let mut pos = start + 1;
    loop {
        let rest = &text[pos..];
        match rest.chars().next() {
            None | Some('\n') => return Err(Problem::new(start, "unterminated string")),
            Some('"') => return Ok(()),
            Some('\\') => pos += escape_len(rest).ok_or_else(|| invalid_escape(rest, pos))?,
            Some(c) => pos += c.len_utf8(),
        }
    }
}

/// `"""`, a line break, lines indented at least as much as the closing
/// `"""`, which stands on its own line after spaces; escapes as in strings.
fn multiline_string(text: &str, start: usize) -> Result<(), Problem> {
    let body = start + 3;
    let Some(len) = text[body..].find(r#"""""#) else {
        return Err(Problem::new(start, r#"unterminated multiline string (no closing """)"#));
    };
    let end = body + len;
    let content = &text[body..end];
    let (content, mut line_start) = match content.strip_prefix('\r') {
        Some(c) => (c, body + 1),
        None => (content, body),
    };
    let mut lines = content.split('\n');
    let indent = lines.next_back().unwrap_or("");
    if indent.contains(|c| c != ' ') {
        return Err(Problem::new(end, r#"the closing """ must be on a line preceded only by spaces"#));
    }
    if lines.next() != Some("") {
        return Err(Problem::new(start, r#"the opening """ must be followed immediately by a line break"#));
    }
    line_start += 1;
    for line in lines {
        let next_line = line_start + line.len() + 1;
        let Some(line_text) = line.strip_prefix(indent) else {
            let message = r#"lines must be indented at least as much as the closing """"#;
            return Err(Problem::new(line_start, message));
        };
        escapes_in_line(line_text, line_start + indent.len())?;
        line_start = next_line;
    }
    Ok(())
}

/// Checks the escapes of one line of a multiline string, at `pos`.
fn escapes_in_line(mut text: &str, mut pos: usize) -> Result<(), Problem> {
    while let Some(backslash) = text.find('\\') {
        let escape = &text[backslash..];
        let len = escape_len(escape).ok_or_else(|| invalid_escape(escape, pos + backslash))?;
        text = &escape[len..];
        pos += backslash + len;
    }
    Ok(())
}

/// The problem of the bad escape at the start of `escape`, at `pos`.
fn invalid_escape(escape: &str, pos: usize) -> Problem {
    let shown: String = escape.chars().take(2).collect();
    Problem::new(pos, format!("invalid escape `{shown}`; {ESCAPES}"))
}

/// The length in bytes of the valid escape at the start of `src` (which
/// starts with `\`), if it is one.
fn escape_len(src: &str) -> Option<usize> {
    let mut chars = src.strip_prefix('\\')?.chars();
    match chars.next()? {
        '\\' | '\'' | '"' | 't' | 'n' | 'r' => Some(2),
        'u' => {
            let hex = chars.as_str().strip_prefix('{')?;
            let digits = hex.find('}')?;
            if digits == 0 || digits > 6 || !hex[..digits].chars().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            char::from_u32(u32::from_str_radix(&hex[..digits], 16).ok()?)?;
            Some(digits + 4)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::prelude::*;

    /// The message of the problem with the token at the start of `text`.
    fn problem(text: &str) -> String {
        check(text, 0).unwrap_err().message
    }

    #[test]
    fn good_tokens_pass() {
        for text in
            ["1", "-0.5e+3", "-inf", "abc-DEF-1", "%ok", "'x'", r"'\u{1F600}'", r#""a\"b""#, "[", "\"\"\"\n\"\"\""]
        {
            assert_eq!(check(text, 0), Ok(()), "{text}");
        }
    }

    #[test]
    fn bad_tokens_are_named() {
        assert_eq!(problem("007"), "invalid number: leading zeros are not allowed");
        assert_eq!(problem("1e"), "invalid number: an exponent must have digits");
        assert_eq!(problem("12abc"), "invalid number `12abc`");
        assert_eq!(problem("a--b"), "invalid label `a--b`: words are separated by single hyphens and cannot be empty");
        assert_eq!(problem("''"), r"empty char literal; a quote is written '\''");
        assert_eq!(problem("\"abc"), "unterminated string");
        assert_eq!(problem("+"), "unexpected character `+`");
    }
}
