//! Tokens of WAVE text: punctuation, numbers, labels and keywords, chars and
//! strings (single-line and multiline). Whitespace and `//` comments between
//! tokens are skipped.

use super::parse::ParseError;

/// A WAVE token. Numbers and labels keep their text in the source, through
/// the token's span.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    /// `{`
    BraceOpen,
    /// `}`
    BraceClose,
    /// `(`
    ParenOpen,
    /// `)`
    ParenClose,
    /// `[`
    BracketOpen,
    /// `]`
    BracketClose,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// A number in JSON syntax, or `-inf`.
    Number,
    /// A label or keyword; `escaped` when written with a `%` prefix, which
    /// makes a keyword an ordinary label.
    Label {
        /// Whether the label was written `%label`.
        escaped: bool,
    },
    /// A char literal, decoded.
    Char(char),
    /// A string literal (single-line or multiline), decoded.
    String(String),
    /// The end of the input.
    End,
}

/// A token with its byte span in the source.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spanned {
    /// The token.
    pub(super) token: Token,
    /// The offset of its first byte.
    pub(super) start: usize,
    /// The offset just past its last byte.
    pub(super) end: usize,
}

/// Splits WAVE text into tokens, one at a time.
pub(super) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer over `src` starting at byte offset `pos` (a char boundary).
    pub(super) fn new(src: &'a str, pos: usize) -> Self {
        Lexer { src, pos }
    }

    /// The next token; [`Token::End`] at the end of the input, and again
    /// on every later call.
    pub(super) fn next_token(&mut self) -> Result<Spanned, ParseError> {
        self.skip_trivia();
        let start = self.pos;
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return Ok(Spanned { token: Token::End, start, end: start });
        };
        let punctuation = match c {
            '{' => Some(Token::BraceOpen),
            '}' => Some(Token::BraceClose),
            '(' => Some(Token::ParenOpen),
            ')' => Some(Token::ParenClose),
            '[' => Some(Token::BracketOpen),
            ']' => Some(Token::BracketClose),
            ':' => Some(Token::Colon),
            ',' => Some(Token::Comma),
            _ => None,
        };
        if let Some(token) = punctuation {
            return Ok(self.finish(token, start, start + 1));
        }
        match c {
            '\'' => self.char_literal(start),
            '"' if rest.starts_with(r#"""""#) => self.multiline_string(start),
            '"' => self.string(start),
            '-' | '0'..='9' => self.number(start),
            '%' | 'a'..='z' | 'A'..='Z' => self.label(start),
            other => Err(ParseError::new(start, format!("unexpected character `{}`", other.escape_debug()))),
        }
    }

    /// The input not lexed yet.
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    /// Ends a token spanning `start..end` and moves past it.
    fn finish(&mut self, token: Token, start: usize, end: usize) -> Spanned {
        self.pos = end;
        Spanned { token, start, end }
    }

    /// Skips whitespace (space, tab, CR, LF) and `//` comments.
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r']);
            self.pos += rest.len() - trimmed.len();
            if !trimmed.starts_with("//") {
                return;
            }
            self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` or `-inf`.
    fn number(&mut self, start: usize) -> Result<Spanned, ParseError> {
        let bytes = self.src.as_bytes();
        let digits = |mut i: usize| {
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            i
        };
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
            if self.src.get(i..).is_some_and(|s| s.starts_with("inf")) {
                return self.end_number(start, i + 3);
            }
        }
        let int_start = i;
        i = digits(i);
        if i == int_start {
            return Err(ParseError::new(start, "invalid number: `-` must be followed by digits or `inf`"));
        }
        if bytes[int_start] == b'0' && i - int_start > 1 {
            return Err(ParseError::new(start, "invalid number: leading zeros are not allowed"));
        }
        if bytes.get(i) == Some(&b'.') {
            let fraction = i + 1;
            i = digits(fraction);
            if i == fraction {
                return Err(ParseError::new(start, "invalid number: a `.` must be followed by digits"));
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
                return Err(ParseError::new(start, "invalid number: an exponent must have digits"));
            }
        }
        self.end_number(start, i)
    }

    /// Ends a number at `end`, which must not run into a letter or digit.
    fn end_number(&mut self, start: usize, end: usize) -> Result<Spanned, ParseError> {
        let next = self.src.get(end..).and_then(|s| s.chars().next());
        if next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%')) {
            let len = self.src[start..].find(|c: char| !c.is_alphanumeric() && !".-_%+".contains(c));
            let text = &self.src[start..len.map_or(self.src.len(), |n| start + n)];
            return Err(ParseError::new(start, format!("invalid number `{text}`")));
        }
        Ok(self.finish(Token::Number, start, end))
    }

    /// `%?word(-word)*`: the first word starts with a letter; each word is
    /// all lowercase or all uppercase (letters and digits).
    fn label(&mut self, start: usize) -> Result<Spanned, ParseError> {
        let escaped = self.src[start..].starts_with('%');
        let body = start + usize::from(escaped);
        let rest = &self.src[body..];
        let len = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(rest.len());
        let label = &rest[..len];
        if let Err(why) = check_label(label) {
            let shown = if escaped { format!("%{label}") } else { label.to_string() };
            return Err(ParseError::new(start, format!("invalid label `{shown}`: {why}")));
        }
        Ok(self.finish(Token::Label { escaped }, start, body + len))
    }

    /// `'c'`: one char or one escape between single quotes.
    fn char_literal(&mut self, start: usize) -> Result<Spanned, ParseError> {
        let body = start + 1;
        let rest = &self.src[body..];
        let (c, len) = match rest.chars().next() {
            None | Some('\n') => return Err(ParseError::new(start, "unterminated char literal")),
            Some('\'') => return Err(ParseError::new(start, r"empty char literal; a quote is written '\''")),
            Some('\\') => unescape(rest).ok_or_else(|| invalid_escape(rest, body))?,
            Some(c) => (c, c.len_utf8()),
        };
        let close = body + len;
        if !self.src[close..].starts_with('\'') {
            return Err(ParseError::new(
                start,
                "a char literal holds exactly one character (strings are written in double quotes)",
            ));
        }
        Ok(self.finish(Token::Char(c), start, close + 1))
    }

    /// `"..."` on one line, with escapes.
    fn string(&mut self, start: usize) -> Result<Spanned, ParseError> {
        let mut out = String::new();
        let mut pos = start + 1;
        loop {
            let rest = &self.src[pos..];
            match rest.chars().next() {
                None | Some('\n') => return Err(ParseError::new(start, "unterminated string")),
                Some('"') => return Ok(self.finish(Token::String(out), start, pos + 1)),
                Some('\\') => {
                    let (c, len) = unescape(rest).ok_or_else(|| invalid_escape(rest, pos))?;
                    out.push(c);
                    pos += len;
                }
                Some(c) => {
                    out.push(c);
                    pos += c.len_utf8();
                }
            }
        }
    }

    /// `"""`, a line break, lines indented at least as much as the closing
    /// `"""`, which stands on its own line after spaces. That indent is
    /// removed from every line; the first and last line breaks are not part
    /// of the value.
    fn multiline_string(&mut self, start: usize) -> Result<Spanned, ParseError> {
        let body = start + 3;
        let Some(len) = self.src[body..].find(r#"""""#) else {
            return Err(ParseError::new(start, r#"unterminated multiline string (no closing """)"#));
        };
        let end = body + len;
        let content = &self.src[body..end];
        let (content, mut line_start) = match content.strip_prefix('\r') {
            Some(c) => (c, body + 1),
            None => (content, body),
        };
        let mut lines = content.split('\n');
        let indent = lines.next_back().unwrap_or("");
        if indent.contains(|c| c != ' ') {
            return Err(ParseError::new(end, r#"the closing """ must be on a line preceded only by spaces"#));
        }
        if lines.next() != Some("") {
            return Err(ParseError::new(start, r#"the opening """ must be followed immediately by a line break"#));
        }
        line_start += 1;
        let mut out = String::new();
        for (i, line) in lines.enumerate() {
            let next_line = line_start + line.len() + 1;
            let Some(text) = line.strip_prefix(indent) else {
                return Err(ParseError::new(
                    line_start,
                    r#"lines must be indented at least as much as the closing """"#,
                ));
            };
            if i > 0 {
                out.push('\n');
            }
            unescape_line(text.strip_suffix('\r').unwrap_or(text), line_start + indent.len(), &mut out)?;
            line_start = next_line;
        }
        Ok(self.finish(Token::String(out), start, end + 3))
    }
}

/// Why `label` is not a valid WAVE label, if it is not.
fn check_label(label: &str) -> Result<(), &'static str> {
    if label.is_empty() {
        return Err("a label is expected after `%`");
    }
    for (i, word) in label.split('-').enumerate() {
        let Some(first) = word.chars().next() else {
            return Err("words are separated by single hyphens and cannot be empty");
        };
        if i == 0 && !first.is_ascii_alphabetic() {
            return Err("a label starts with a letter");
        }
        if word.contains(|c: char| c.is_ascii_lowercase()) && word.contains(|c: char| c.is_ascii_uppercase()) {
            return Err("each word is all lowercase or all uppercase");
        }
    }
    Ok(())
}

/// Decodes the escapes of one line of a multiline string into `out`.
fn unescape_line(mut text: &str, mut pos: usize, out: &mut String) -> Result<(), ParseError> {
    while let Some(backslash) = text.find('\\') {
        out.push_str(&text[..backslash]);
        let escape = &text[backslash..];
        let (c, len) = unescape(escape).ok_or_else(|| invalid_escape(escape, pos + backslash))?;
        out.push(c);
        text = &escape[len..];
        pos += backslash + len;
    }
    out.push_str(text);
    Ok(())
}

/// The error for the bad escape at the start of `escape`, at `pos`.
fn invalid_escape(escape: &str, pos: usize) -> ParseError {
    let shown: String = escape.chars().take(2).collect();
    ParseError::new(
        pos,
        format!(
            r#"invalid escape `{shown}`; the escapes are \\ \' \" \t \n \r and \u{{hex}} for a Unicode scalar value"#
        ),
    )
}

/// Decodes the escape at the start of `src` (which starts with `\`): the
/// char and the escape's length in bytes.
pub(super) fn unescape(src: &str) -> Option<(char, usize)> {
    let mut chars = src.chars();
    if chars.next() != Some('\\') {
        return None;
    }
    let simple = match chars.next()? {
        '\\' => '\\',
        '\'' => '\'',
        '"' => '"',
        't' => '\t',
        'n' => '\n',
        'r' => '\r',
        'u' => return unescape_unicode(chars.as_str()),
        _ => return None,
    };
    Some((simple, 2))
}

/// `{h..h}` after `\u`: one to six hex digits naming a Unicode scalar value.
fn unescape_unicode(src: &str) -> Option<(char, usize)> {
    let hex = src.strip_prefix('{')?;
    let digits = hex.find('}')?;
    if digits == 0 || digits > 6 || !hex[..digits].chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let value = u32::from_str_radix(&hex[..digits], 16).ok()?;
    Some((char::from_u32(value)?, digits + 4))
}
