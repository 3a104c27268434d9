//! The text form of grants, as given to `--allow` and in policy files.
//!
//! The grammar is in the crate docs, under "Grant text".
//!
//! Spaces may appear between tokens. Errors carry the 1-based column (in characters).

use crate::constraint::Constraint;
use crate::error::{GrantError, GrantErrorKind};
use crate::grant::{DenyAction, Grant};
use crate::param::{ParamRef, Step, is_name, is_name_byte};
use crate::pattern::PatternKind;
use crate::prelude::*;
use crate::rule::Rule;
use core::str::FromStr;

/// Parses the text form of a grant (the grammar is in the crate docs, under
/// "Grant text").
///
/// ```
/// use airssys_wasm_caps::{Grant, GrantErrorKind};
/// let g: Grant = "my:net/http#get(host: glob host \"*.example.com\", port: 80..=443)".parse()?;
/// assert_eq!(g.constraints.len(), 2);
/// let e = "my:pkg/fs#open(path: prefx \"/data\")".parse::<Grant>().unwrap_err();
/// assert_eq!(e.column(), 22);
/// # Ok::<(), airssys_wasm_caps::GrantError>(())
/// ```
impl FromStr for Grant {
    type Err = GrantError;

    fn from_str(text: &str) -> Result<Self, GrantError> {
        Parser { text, pos: 0 }.grant()
    }
}

enum Item {
    Constraint(Constraint),
    Budget(u64),
    OnDeny(DenyAction),
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn grant(mut self) -> Result<Grant, GrantError> {
        self.skip_ws();
        let interface = self.take_while(is_interface_byte);
        if interface.is_empty() {
            return Err(self.expected("an interface name such as `my:pkg/iface`"));
        }
        let mut grant = Grant::new(interface);
        if self.eat('#') {
            self.skip_ws();
            let function = self.take_while(is_function_byte);
            if function.is_empty() {
                return Err(self.expected("a function name after `#`"));
            }
            grant.function = Some(function.into());
        }
        let parens = self.eat('(');
        if parens {
            self.items(&mut grant)?;
        }
        self.skip_ws();
        if self.pos < self.text.len() {
            return Err(self.expected(if parens { "end of input" } else { "`#`, `(` or end of input" }));
        }
        Ok(grant)
    }

    fn items(&mut self, grant: &mut Grant) -> Result<(), GrantError> {
        let mut on_deny = false;
        loop {
            if self.eat(')') {
                return Ok(());
            }
            self.skip_ws();
            let start = self.pos;
            match self.item()? {
                Item::Constraint(c) => grant.constraints.push(c),
                Item::Budget(_) if grant.budget.is_some() => {
                    return Err(self.error(start, GrantErrorKind::Repeated("budget")));
                }
                Item::Budget(n) => grant.budget = Some(n),
                Item::OnDeny(_) if on_deny => return Err(self.error(start, GrantErrorKind::Repeated("on-deny"))),
                Item::OnDeny(action) => (grant.on_deny, on_deny) = (action, true),
            }
            if !self.eat(',') && !self.peek_is(')') {
                return Err(self.expected("`,` or `)`"));
            }
        }
    }

    fn item(&mut self) -> Result<Item, GrantError> {
        let start = self.pos;
        let word = self.take_while(|b| is_name_byte(b) || b == b'.');
        if word.is_empty() {
            return Err(self.expected("a parameter name, `budget` or `on-deny`"));
        }
        if self.eat(':') {
            let param = self.param(word, start)?;
            return Ok(Item::Constraint(Constraint::new(param, self.rule()?)));
        }
        match word {
            "budget" => Ok(Item::Budget(self.budget()?)),
            "on-deny" => Ok(Item::OnDeny(self.deny_action()?)),
            _ => Err(self.expected("`:` after the parameter name")),
        }
    }

    fn param(&self, word: &str, start: usize) -> Result<ParamRef, GrantError> {
        let mut steps = Vec::new();
        let mut offset = start;
        for part in word.split('.') {
            let step = if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
                Step::Index(part.parse().map_err(|_| self.error(offset, GrantErrorKind::IntegerTooLarge))?)
            } else if is_name(part) {
                Step::Name(part.into())
            } else {
                return Err(self.error(offset, GrantErrorKind::BadName(part.into())));
            };
            steps.push(step);
            offset += part.len() + 1;
        }
        ParamRef::from_steps(steps).ok_or_else(|| self.error(start, GrantErrorKind::BadName(word.into())))
    }

    fn rule(&mut self) -> Result<Rule, GrantError> {
        self.skip_ws();
        let start = self.pos;
        if self.peek_is('-') || self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return self.range();
        }
        match self.take_while(is_name_byte) {
            word @ ("prefix" | "glob") => {
                self.skip_ws();
                let kind_at = self.pos;
                let kind = match self.take_while(is_name_byte) {
                    "" => PatternKind::Path,
                    k => PatternKind::from_keyword(k).ok_or_else(|| {
                        self.pos = kind_at;
                        self.expected("`path`, `host`, `exact` or a quoted pattern")
                    })?,
                };
                self.skip_ws();
                let pattern_at = self.pos;
                let pattern = self.string()?;
                let rule = if word == "prefix" { Rule::prefix(kind, &pattern) } else { Rule::glob(kind, &pattern) };
                rule.map_err(|e| self.error(pattern_at, e.kind().clone()))
            }
            "case" => {
                let mut cases = Vec::new();
                loop {
                    self.skip_ws();
                    let name = self.take_while(is_name_byte);
                    if name.is_empty() {
                        return Err(self.expected("a case name"));
                    }
                    cases.push(String::from(name));
                    if !self.eat('|') {
                        return Ok(Rule::Cases(cases));
                    }
                }
            }
            _ => {
                self.pos = start;
                Err(self.expected("a rule: `prefix`, `glob`, `case`, or an integer range `MIN..=MAX`"))
            }
        }
    }

    fn range(&mut self) -> Result<Rule, GrantError> {
        let start = self.pos;
        let min = self.integer()?;
        self.skip_ws();
        let rest = &self.text[self.pos..];
        if rest.starts_with("..=") {
            self.pos += 3;
            let max = self.integer()?;
            return Rule::range(min, max).map_err(|e| self.error(start, e.kind().clone()));
        }
        if rest.starts_with("..") {
            return Err(self.expected("`..=` (ranges include their upper bound)"));
        }
        Ok(Rule::IntRange { min, max: min })
    }

    fn integer(&mut self) -> Result<i128, GrantError> {
        self.skip_ws();
        let start = self.pos;
        self.eat_here('-');
        let digits = self.take_while(|b| b.is_ascii_digit());
        if digits.is_empty() {
            return Err(self.expected("an integer"));
        }
        self.text[start..self.pos].parse().map_err(|_| self.error(start, GrantErrorKind::IntegerTooLarge))
    }

    fn budget(&mut self) -> Result<u64, GrantError> {
        self.skip_ws();
        let start = self.pos;
        let digits = self.take_while(|b| b.is_ascii_digit());
        if digits.is_empty() {
            return Err(self.expected("a number of calls"));
        }
        digits.parse().map_err(|_| self.error(start, GrantErrorKind::IntegerTooLarge))
    }

    fn deny_action(&mut self) -> Result<DenyAction, GrantError> {
        self.skip_ws();
        let start = self.pos;
        match self.take_while(is_name_byte) {
            "trap" => Ok(DenyAction::Trap),
            "error" => {
                self.skip_ws();
                let case = self.take_while(is_name_byte);
                Ok(DenyAction::ReturnError { case: (!case.is_empty()).then(|| case.into()) })
            }
            _ => {
                self.pos = start;
                Err(self.expected("`trap` or `error`"))
            }
        }
    }

    fn string(&mut self) -> Result<String, GrantError> {
        if !self.eat_here('"') {
            return Err(self.expected("a quoted string"));
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.expected("a closing `\"`"));
            };
            let at = self.pos;
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape(at)?),
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, at: usize) -> Result<char, GrantError> {
        let bad = |p: &Self| p.error(at, expected_kind("an escape: \\\" \\\\ \\n \\t or \\u{hex}", "`\\`"));
        let Some(c) = self.peek() else { return Err(bad(self)) };
        self.pos += c.len_utf8();
        match c {
            '"' => Ok('"'),
            '\\' => Ok('\\'),
            'n' => Ok('\n'),
            't' => Ok('\t'),
            'u' if self.eat_here('{') => {
                let hex = self.take_while(|b| b.is_ascii_hexdigit());
                let c = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() <= 6).and_then(char::from_u32);
                match c {
                    Some(c) if self.eat_here('}') => Ok(c),
                    _ => Err(bad(self)),
                }
            }
            _ => Err(bad(self)),
        }
    }

    // --- the cursor ---

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn peek_is(&mut self, c: char) -> bool {
        self.skip_ws();
        self.peek() == Some(c)
    }

    /// Skips spaces, then consumes `c` if it is next.
    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        self.eat_here(c)
    }

    /// Consumes `c` if it is next, without skipping spaces.
    fn eat_here(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        self.take_while(|b| b == b' ' || b == b'\t');
    }

    /// Consumes ASCII bytes while `f` holds (so `pos` stays on a char boundary).
    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a str {
        let start = self.pos;
        let len = self.text.as_bytes()[start..].iter().take_while(|b| b.is_ascii() && f(**b)).count();
        self.pos += len;
        &self.text[start..self.pos]
    }

    fn error(&self, pos: usize, kind: GrantErrorKind) -> GrantError {
        let column = self.text.get(..pos).map_or(pos, |s| s.chars().count()) + 1;
        GrantError::new(column, kind)
    }

    /// An error at the next token, saying what was expected there.
    fn expected(&mut self, expected: &'static str) -> GrantError {
        self.skip_ws();
        let rest = &self.text[self.pos..];
        let word_len = rest.bytes().take_while(|b| is_name_byte(*b)).count();
        let found = match rest.chars().next() {
            None => "end of input".into(),
            Some(_) if word_len > 0 => format!("`{}`", &rest[..word_len]),
            Some(c) => format!("{c:?}"),
        };
        self.error(self.pos, GrantErrorKind::Expected { expected, found })
    }
}

fn expected_kind(expected: &'static str, found: &str) -> GrantErrorKind {
    GrantErrorKind::Expected { expected, found: found.into() }
}

fn is_interface_byte(b: u8) -> bool {
    is_name_byte(b) || matches!(b, b':' | b'/' | b'@' | b'.' | b'+')
}

fn is_function_byte(b: u8) -> bool {
    is_name_byte(b) || matches!(b, b'.' | b'[' | b']')
}

#[cfg(test)]
mod tests;
