//! Parsing WAVE text into [`Val`]s, driven by the expected [`ValType`]: the
//! type says which labels exist and resolves `none`, `ok`, enum cases and
//! flat options.

use super::is_keyword;
use super::lex::{Lexer, Spanned, Token};
use airssys_wasm::{Val, ValType};
use std::fmt;

/// Values nest at most this deep; deeper input is rejected, not recursed into.
const MAX_DEPTH: usize = 100;

/// Why WAVE text could not be parsed as a value of the expected type, and
/// where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    message: String,
    offset: usize,
    line: usize,
    column: usize,
}

impl ParseError {
    /// An error at byte `offset`; [`ParseError::locate`] fills in the line
    /// and column once the source is at hand.
    pub(super) fn new(offset: usize, message: impl Into<String>) -> Self {
        ParseError { message: message.into(), offset, line: 1, column: offset + 1 }
    }

    /// Computes the 1-based line and column (in chars) of the offset in `src`.
    pub(super) fn locate(mut self, src: &str) -> Self {
        let before = src.get(..self.offset).unwrap_or(src);
        self.line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.column = before[line_start..].chars().count() + 1;
        self
    }
}

impl fmt::Display for ParseError {
    /// `message (at column C)`, or `(at line L, column C)` past the first line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 1 {
            write!(f, "{} (at column {})", self.message, self.column)
        } else {
            write!(f, "{} (at line {}, column {})", self.message, self.line, self.column)
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses `src`, all of it, as one value of type `ty`.
pub fn parse_value(src: &str, ty: &ValType) -> Result<Val, ParseError> {
    let parse = || {
        let mut parser = Parser::new(src, 0)?;
        let value = parser.value(ty)?;
        parser.expect_end()?;
        Ok(value)
    };
    parse().map_err(|e: ParseError| e.locate(src))
}

/// Whether a `some` or `ok` payload of type `ty` may be written flat, without
/// the `some(...)`/`ok(...)` around it (it is not an option or result itself).
fn flattenable(ty: &ValType) -> bool {
    !matches!(ty, ValType::Option(_) | ValType::Result(_))
}

/// A recursive-descent parser with one token of lookahead.
pub(super) struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    /// The token being looked at.
    pub(super) current: Spanned,
    depth: usize,
}

impl<'a> Parser<'a> {
    /// A parser of `src` from byte offset `start`.
    pub(super) fn new(src: &'a str, start: usize) -> Result<Self, ParseError> {
        let mut lexer = Lexer::new(src, start);
        let current = lexer.next_token()?;
        Ok(Parser { src, lexer, current, depth: 0 })
    }

    /// Moves to the next token, returning the current one.
    pub(super) fn advance(&mut self) -> Result<Spanned, ParseError> {
        let next = self.lexer.next_token()?;
        Ok(std::mem::replace(&mut self.current, next))
    }

    /// The source text of `token`.
    fn text(&self, token: &Spanned) -> &'a str {
        &self.src[token.start..token.end]
    }

    /// The current token as an unescaped label or keyword, if it is one.
    fn keyword(&self) -> Option<&'a str> {
        match self.current.token {
            Token::Label { escaped: false } => Some(self.text(&self.current)),
            _ => None,
        }
    }

    /// How the current token reads in an error message.
    fn found(&self) -> String {
        if self.current.token == Token::End {
            return "the end of the input".into();
        }
        let text = self.text(&self.current);
        if text.chars().count() > 24 {
            let head: String = text.chars().take(20).collect();
            return format!("`{head}...`");
        }
        format!("`{text}`")
    }

    /// "expected `expected`, found" and the current token.
    fn unexpected(&self, expected: &str) -> ParseError {
        ParseError::new(self.current.start, format!("expected {expected}, found {}", self.found()))
    }

    /// Consumes `token`, or fails saying what was `expected`.
    pub(super) fn expect(&mut self, token: Token, expected: &str) -> Result<Spanned, ParseError> {
        if self.current.token != token {
            return Err(self.unexpected(expected));
        }
        self.advance()
    }

    /// Fails unless all the input has been read.
    pub(super) fn expect_end(&self) -> Result<(), ParseError> {
        if self.current.token != Token::End {
            return Err(self.unexpected("the end of the input"));
        }
        Ok(())
    }

    /// After an element of a sequence closed by `close`: a comma (then
    /// maybe the close, as trailing commas are allowed) or the close.
    /// Returns where the close was, once the sequence is finished.
    pub(super) fn separator(&mut self, close: Token, closing: &str) -> Result<Option<usize>, ParseError> {
        if self.current.token == Token::Comma {
            self.advance()?;
            if self.current.token != close {
                return Ok(None);
            }
        }
        if self.current.token == close {
            return Ok(Some(self.advance()?.start));
        }
        Err(self.unexpected(&format!("`,` or `{closing}`")))
    }

    /// One value of type `ty`.
    pub(super) fn value(&mut self, ty: &ValType) -> Result<Val, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(ParseError::new(self.current.start, format!("values nest more than {MAX_DEPTH} deep")));
        }
        self.depth += 1;
        let value = self.value_of_kind(ty);
        self.depth -= 1;
        value
    }

    /// One value of type `ty`, by the type's kind.
    fn value_of_kind(&mut self, ty: &ValType) -> Result<Val, ParseError> {
        Ok(match ty {
            ValType::Bool => Val::Bool(self.bool()?),
            ValType::S8 => Val::S8(self.integer("s8")?),
            ValType::U8 => Val::U8(self.integer("u8")?),
            ValType::S16 => Val::S16(self.integer("s16")?),
            ValType::U16 => Val::U16(self.integer("u16")?),
            ValType::S32 => Val::S32(self.integer("s32")?),
            ValType::U32 => Val::U32(self.integer("u32")?),
            ValType::S64 => Val::S64(self.integer("s64")?),
            ValType::U64 => Val::U64(self.integer("u64")?),
            ValType::F32 => Val::F32(self.float("an f32", f32::INFINITY, f32::NAN)?),
            ValType::F64 => Val::F64(self.float("an f64", f64::INFINITY, f64::NAN)?),
            ValType::Char => match self.current.token {
                Token::Char(c) => {
                    self.advance()?;
                    Val::Char(c)
                }
                _ => return Err(self.unexpected("a char like 'x'")),
            },
            ValType::String => match &mut self.current.token {
                Token::String(s) => {
                    let s = std::mem::take(s);
                    self.advance()?;
                    Val::String(s)
                }
                _ => return Err(self.unexpected(r#"a string like "text""#)),
            },
            ValType::List(t) => Val::List(self.list(t.element())?),
            ValType::FixedList(t) => self.fixed_list(t.element(), t.len())?,
            ValType::Tuple(t) => Val::Tuple(self.tuple(t.types())?),
            ValType::Record(t) => {
                let fields: Vec<(&str, &ValType)> = t.fields().iter().map(|f| (f.name.as_str(), &f.ty)).collect();
                Val::Record(self.record(ty, &fields)?)
            }
            ValType::Variant(t) => {
                let cases: Vec<(&str, Option<&ValType>)> =
                    t.cases().iter().map(|c| (c.name.as_str(), c.ty.as_ref())).collect();
                self.variant(ty, &cases)?
            }
            ValType::Enum(t) => Val::Enum(self.enum_case(ty, t.labels())?),
            ValType::Option(t) => Val::Option(self.option(t.some())?),
            ValType::Result(t) => Val::Result(self.result(t.ok(), t.err())?),
            ValType::Flags(t) => Val::Flags(self.flags(ty, t.labels())?),
            ValType::Own(_) | ValType::Borrow(_) => {
                return Err(ParseError::new(
                    self.current.start,
                    format!("`{ty}` is a resource handle, which WAVE cannot write"),
                ));
            }
        })
    }

    /// `true` or `false`.
    fn bool(&mut self) -> Result<bool, ParseError> {
        let value = match self.keyword() {
            Some("true") => true,
            Some("false") => false,
            _ => return Err(self.unexpected("`true` or `false`")),
        };
        self.advance()?;
        Ok(value)
    }

    /// A decimal integer within the range of `T` (named `name`).
    fn integer<T: TryFrom<i128>>(&mut self, name: &str) -> Result<T, ParseError> {
        if self.current.token != Token::Number {
            return Err(self.unexpected(&format!("an integer ({name})")));
        }
        let text = self.text(&self.current);
        if text.contains(['.', 'e', 'E', 'i']) {
            return Err(self.unexpected(&format!("an integer ({name})")));
        }
        let out_of_range = || ParseError::new(self.current.start, format!("`{text}` is out of range for {name}"));
        let wide: i128 = text.parse().map_err(|_| out_of_range())?;
        let value = T::try_from(wide).map_err(|_| out_of_range())?;
        self.advance()?;
        Ok(value)
    }

    /// A number, `nan`, `inf` or `-inf`; `T`'s own parser rounds the
    /// decimal text exactly once.
    fn float<T: std::str::FromStr>(&mut self, name: &str, inf: T, nan: T) -> Result<T, ParseError> {
        let value = match (&self.current.token, self.keyword()) {
            (_, Some("inf")) => inf,
            (_, Some("nan")) => nan,
            (Token::Number, _) => {
                let text = self.text(&self.current);
                text.parse().map_err(|_| ParseError::new(self.current.start, format!("`{text}` is not {name}")))?
            }
            _ => return Err(self.unexpected(&format!("{name} (a number, `nan`, `inf` or `-inf`)"))),
        };
        self.advance()?;
        Ok(value)
    }

    /// `[v, ...]`.
    fn list(&mut self, element: &ValType) -> Result<Vec<Val>, ParseError> {
        self.expect(Token::BracketOpen, "a list `[...]`")?;
        let mut items = Vec::new();
        if self.current.token == Token::BracketClose {
            self.advance()?;
            return Ok(items);
        }
        loop {
            items.push(self.value(element)?);
            if self.separator(Token::BracketClose, "]")?.is_some() {
                return Ok(items);
            }
        }
    }

    /// `[v, ...]` with exactly `len` elements.
    fn fixed_list(&mut self, element: &ValType, len: u32) -> Result<Val, ParseError> {
        let start = self.current.start;
        let items = self.list(element)?;
        if usize::try_from(len).ok() != Some(items.len()) {
            let message = format!("expected a list of {}, found {}", count(len as usize, "element"), items.len());
            return Err(ParseError::new(start, message));
        }
        Ok(Val::List(items))
    }

    /// `(v, ...)` with one element per type.
    fn tuple(&mut self, types: &[ValType]) -> Result<Vec<Val>, ParseError> {
        let start = self.current.start;
        self.expect(Token::ParenOpen, "a tuple `(...)`")?;
        let mut items = Vec::new();
        let mut done = false;
        while !done {
            let Some(ty) = types.get(items.len()) else {
                return Err(self.unexpected(&format!("`)` after {}", count(types.len(), "tuple element"))));
            };
            items.push(self.value(ty)?);
            done = self.separator(Token::ParenClose, ")")?.is_some();
        }
        if items.len() != types.len() {
            let message = format!("expected a tuple of {}, found {}", count(types.len(), "element"), items.len());
            return Err(ParseError::new(start, message));
        }
        Ok(items)
    }

    /// `{field: value, ...}` in any order; `option` fields may be left out
    /// (they are `none`); `{:}` when every field is left out.
    fn record(&mut self, ty: &ValType, fields: &[(&str, &ValType)]) -> Result<Vec<Val>, ParseError> {
        let start = self.current.start;
        self.expect(Token::BraceOpen, "a record `{field: value, ...}`")?;
        let mut values: Vec<Option<Val>> = vec![None; fields.len()];
        if self.current.token == Token::Colon {
            self.advance()?;
            self.expect(Token::BraceClose, "`}` after `{:}`")?;
        } else {
            self.record_fields(ty, fields, &mut values)?;
        }
        let mut out = Vec::with_capacity(fields.len());
        for ((name, field_ty), value) in fields.iter().zip(values) {
            match (value, field_ty) {
                (Some(v), _) => out.push(v),
                (None, ValType::Option(_)) => out.push(Val::Option(None)),
                (None, field_ty) => {
                    let message = format!("missing field `{name}: {field_ty}`");
                    return Err(ParseError::new(start, message));
                }
            }
        }
        Ok(out)
    }

    /// The `field: value` entries of a record up to its `}`, into `values`
    /// by field index.
    fn record_fields(
        &mut self,
        ty: &ValType,
        fields: &[(&str, &ValType)],
        values: &mut [Option<Val>],
    ) -> Result<(), ParseError> {
        if self.current.token == Token::BraceClose {
            return Err(self.unexpected("a field (a record whose fields are all left out is written `{:}`)"));
        }
        loop {
            let Token::Label { escaped } = self.current.token else {
                return Err(self.unexpected("a field label"));
            };
            let label_token = self.advance()?;
            let label = &self.text(&label_token)[usize::from(escaped)..];
            let Some(index) = fields.iter().position(|(name, _)| *name == label) else {
                let known = fields.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
                let message = format!("unknown field `{label}` of `{ty}`; the fields are {known}");
                return Err(ParseError::new(label_token.start, message));
            };
            if values[index].is_some() {
                return Err(ParseError::new(label_token.start, format!("field `{label}` is given twice")));
            }
            self.expect(Token::Colon, &format!("`:` after field `{label}`"))?;
            values[index] = Some(self.value(fields[index].1)?);
            if self.separator(Token::BraceClose, "}")?.is_some() {
                return Ok(());
            }
        }
    }

    /// A case label, as the index of the case named by it. A keyword is an
    /// ordinary label only when written with `%`.
    fn case_label<'n>(
        &mut self,
        ty: &ValType,
        names: impl Iterator<Item = &'n str> + Clone,
    ) -> Result<(usize, Spanned), ParseError> {
        let list = || names.clone().collect::<Vec<_>>().join(", ");
        let Token::Label { escaped } = self.current.token else {
            return Err(self.unexpected(&format!("a case of `{ty}`")));
        };
        let label = &self.text(&self.current)[usize::from(escaped)..];
        if !escaped && is_keyword(label) {
            let message = format!(
                "expected a case of `{ty}`, found the keyword `{label}` (a case named `{label}` is written `%{label}`)"
            );
            return Err(ParseError::new(self.current.start, message));
        }
        let Some(index) = names.clone().position(|n| n == label) else {
            let message = format!("unknown case `{label}` of `{ty}`; the cases are {}", list());
            return Err(ParseError::new(self.current.start, message));
        };
        Ok((index, self.advance()?))
    }

    /// `case` or `case(payload)`.
    fn variant(&mut self, ty: &ValType, cases: &[(&str, Option<&ValType>)]) -> Result<Val, ParseError> {
        let (index, label) = self.case_label(ty, cases.iter().map(|(name, _)| *name))?;
        let (name, payload_ty) = cases[index];
        let payload = self.payload(name, payload_ty, &label)?;
        let index = u32::try_from(index).map_err(|_| ParseError::new(label.start, "too many cases"))?;
        Ok(Val::Variant(index, payload.map(Box::new)))
    }

    /// `case`, as its index.
    fn enum_case(&mut self, ty: &ValType, labels: &[String]) -> Result<u32, ParseError> {
        let (index, label) = self.case_label(ty, labels.iter().map(String::as_str))?;
        if self.current.token == Token::ParenOpen {
            let name = &labels[index];
            return Err(ParseError::new(self.current.start, format!("enum case `{name}` takes no payload")));
        }
        u32::try_from(index).map_err(|_| ParseError::new(label.start, "too many cases"))
    }

    /// The `(payload)` after a case label, present exactly when the case
    /// has a payload type.
    fn payload(&mut self, case: &str, ty: Option<&ValType>, label: &Spanned) -> Result<Option<Val>, ParseError> {
        match ty {
            Some(ty) => {
                if self.current.token != Token::ParenOpen {
                    let message = format!("case `{case}` needs a payload of type `{ty}`: write `{case}(...)`");
                    return Err(ParseError::new(label.start, message));
                }
                self.advance()?;
                let value = self.value(ty)?;
                self.expect(Token::ParenClose, "`)` after the payload")?;
                Ok(Some(value))
            }
            None if self.current.token == Token::ParenOpen => {
                Err(ParseError::new(self.current.start, format!("case `{case}` takes no payload")))
            }
            None => Ok(None),
        }
    }

    /// `some(v)`, `none`, or `v` itself when `v` is not an option or result.
    fn option(&mut self, some: &ValType) -> Result<Option<Box<Val>>, ParseError> {
        match self.keyword() {
            Some("none") => {
                let label = self.advance()?;
                self.payload("none", None, &label)?;
                Ok(None)
            }
            Some("some") => {
                let label = self.advance()?;
                Ok(self.payload("some", Some(some), &label)?.map(Box::new))
            }
            _ if flattenable(some) => Ok(Some(Box::new(self.value(some)?))),
            _ => Err(self.unexpected("`some(...)` or `none`")),
        }
    }

    /// `ok`, `ok(v)`, `err`, `err(e)`, or `v` itself for `ok(v)` when `v` is
    /// not an option or result.
    #[allow(clippy::type_complexity)]
    fn result(
        &mut self,
        ok: Option<&ValType>,
        err: Option<&ValType>,
    ) -> Result<Result<Option<Box<Val>>, Option<Box<Val>>>, ParseError> {
        match self.keyword() {
            Some("ok") => {
                let label = self.advance()?;
                Ok(Ok(self.payload("ok", ok, &label)?.map(Box::new)))
            }
            Some("err") => {
                let label = self.advance()?;
                Ok(Err(self.payload("err", err, &label)?.map(Box::new)))
            }
            _ => match ok {
                Some(ok) if flattenable(ok) => Ok(Ok(Some(Box::new(self.value(ok)?)))),
                _ => Err(self.unexpected("`ok` or `err`")),
            },
        }
    }

    /// `{label, ...}` in any order, `{}` for none set.
    fn flags(&mut self, ty: &ValType, labels: &[String]) -> Result<u32, ParseError> {
        self.expect(Token::BraceOpen, "flags `{flag, ...}`")?;
        let mut bits = 0u32;
        if self.current.token == Token::BraceClose {
            self.advance()?;
            return Ok(bits);
        }
        loop {
            let Token::Label { escaped } = self.current.token else {
                return Err(self.unexpected("a flag label"));
            };
            let label = &self.text(&self.current)[usize::from(escaped)..];
            let Some(index) = labels.iter().position(|l| l == label).filter(|i| *i < 32) else {
                let message = format!("unknown flag `{label}` of `{ty}`; the flags are {}", labels.join(", "));
                return Err(ParseError::new(self.current.start, message));
            };
            let bit = 1u32 << index;
            if bits & bit != 0 {
                return Err(ParseError::new(self.current.start, format!("flag `{label}` is given twice")));
            }
            bits |= bit;
            self.advance()?;
            if self.separator(Token::BraceClose, "}")?.is_some() {
                return Ok(bits);
            }
        }
    }
}

/// `n thing` or `n things`.
pub(super) fn count(n: usize, thing: &str) -> String {
    if n == 1 { format!("1 {thing}") } else { format!("{n} {thing}s") }
}
