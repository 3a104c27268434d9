//! A lexical pass over `.wast` text that needs no parser: it splits a file into
//! its top-level directives and lists the keyword tokens of a piece of text.
//!
//! The harness uses it where the `wast` crate cannot or need not go: files that
//! are out of scope or that `wast` fails to parse still have every directive
//! counted (never dropped), and directives are checked for core features that
//! wasmi lacks by their tokens, with strings and comments skipped.

/// A top-level directive found by the lexical pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopLevel {
    /// The byte offset of its opening parenthesis.
    pub offset: usize,
    /// The 1-based line it starts on.
    pub line: usize,
    /// Its keyword: `assert_return`, `component`, `component definition`, ...
    pub kind: String,
}

/// Where a lexical element ends, and how many newlines it spans.
struct Skip {
    end: usize,
    newlines: usize,
}

/// Skips a string literal starting at `start` (a `"`), honouring `\` escapes.
fn skip_string(b: &[u8], start: usize) -> Result<Skip, String> {
    let mut i = start + 1;
    let mut newlines = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => return Ok(Skip { end: i + 1, newlines }),
            b'\\' => i += 2,
            b'\n' => {
                newlines += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    Err("a string literal is not closed".to_string())
}

/// Skips a block comment `(; ... ;)` starting at `start`; they nest.
fn skip_block_comment(b: &[u8], start: usize) -> Result<Skip, String> {
    let mut i = start + 2;
    let mut depth = 1usize;
    let mut newlines = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            (b'(', Some(b';')) => {
                depth += 1;
                i += 2;
            }
            (b';', Some(b')')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Ok(Skip { end: i, newlines });
                }
            }
            (b'\n', _) => {
                newlines += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    Err("a block comment is not closed".to_string())
}

/// Skips a line comment `;; ...` up to (not including) the newline.
fn skip_line_comment(b: &[u8], start: usize) -> Skip {
    let end = b[start..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| start + p);
    Skip { end, newlines: 0 }
}

/// One lexical element of wast text.
enum Lexeme {
    Open,
    Close,
    Newline,
    /// Whitespace, a comment or a string literal; `newlines` inside it.
    Trivia(usize),
    /// A keyword, number or identifier.
    Word,
}

/// Walks `text`, calling `visit(offset, lexeme, word)` for each element.
fn lex<'t>(text: &'t str, mut visit: impl FnMut(usize, Lexeme, &'t str)) -> Result<(), String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        let skip = match (b[i], next) {
            (b'(', Some(b';')) => skip_block_comment(b, i)?,
            (b';', Some(b';')) => skip_line_comment(b, i),
            (b'"', _) => skip_string(b, i)?,
            (b'(', _) => {
                visit(i, Lexeme::Open, "");
                i += 1;
                continue;
            }
            (b')', _) => {
                visit(i, Lexeme::Close, "");
                i += 1;
                continue;
            }
            (b'\n', _) => {
                visit(i, Lexeme::Newline, "");
                i += 1;
                continue;
            }
            (c, _) if c.is_ascii_whitespace() => Skip { end: i + 1, newlines: 0 },
            _ => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c.is_ascii_whitespace() || matches!(c, b'(' | b')' | b'"' | b';'))
                    .map_or(b.len(), |p| i + p);
                // Word boundaries are ASCII bytes, so the slice is on char boundaries.
                visit(i, Lexeme::Word, text.get(i..end).unwrap_or(""));
                i = end;
                continue;
            }
        };
        visit(i, Lexeme::Trivia(skip.newlines), "");
        i = skip.end.min(b.len());
    }
    Ok(())
}

/// Splits a `.wast` file into its top-level directives.
pub fn directives(text: &str) -> Result<Vec<TopLevel>, String> {
    let mut out: Vec<TopLevel> = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let mut unbalanced = None;
    // Words right after a top-level `(`: the keyword and, for components, `definition`/`instance`.
    let mut head_words = 0;
    lex(text, |offset, lexeme, word| match lexeme {
        Lexeme::Newline => line += 1,
        Lexeme::Trivia(n) => line += n,
        Lexeme::Open => {
            head_words = 0;
            if depth == 0 {
                out.push(TopLevel { offset, line, kind: String::new() });
                head_words = 2;
            }
            depth += 1;
        }
        Lexeme::Close => {
            head_words = 0;
            match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => unbalanced = unbalanced.or(Some(line)),
            }
        }
        Lexeme::Word => {
            if head_words == 0 {
                return;
            }
            head_words -= 1;
            let Some(top) = out.last_mut() else { return };
            if top.kind.is_empty() {
                top.kind = word.to_string();
            } else if matches!(word, "definition" | "instance") && matches!(top.kind.as_str(), "component" | "module") {
                top.kind = format!("{} {word}", top.kind);
            }
        }
    })?;
    if let Some(line) = unbalanced {
        return Err(format!("an unmatched `)` on line {line}"));
    }
    if depth != 0 {
        return Err("a `(` is never closed".to_string());
    }
    Ok(out)
}

/// The words of `text` (keywords, numbers, identifiers), without strings and comments.
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    // Unterminated strings or comments end the word list early; that is all a
    // feature check needs.
    let _ = lex(text, |_, lexeme, word| {
        if let Lexeme::Word = lexeme {
            out.push(word);
        }
    });
    out
}

#[cfg(test)]
mod tests;
