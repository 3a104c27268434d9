//! Tests for the lexical pass.

use super::*;

#[test]
fn splits_top_level_directives_with_lines_and_kinds() {
    let text = concat!(
        ";; a comment with (parens\n",
        "(component $c (core module $m))\n",
        "(; block (; nested ;) comment ( ;)\n",
        "(assert_return (invoke \"f\" (str.const \"a ) string\")) (u32.const 1))\n",
        "(component definition $D)\n",
        "(component instance $i $D)\n",
        "(assert_invalid\n  (component) \"msg\")\n",
    );
    let got = directives(text).unwrap();
    let kinds: Vec<(usize, &str)> = got.iter().map(|d| (d.line, d.kind.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (2, "component"),
            (4, "assert_return"),
            (5, "component definition"),
            (6, "component instance"),
            (7, "assert_invalid"),
        ]
    );
    assert_eq!(&text[got[0].offset..got[0].offset + 10], "(component");
}

#[test]
fn counts_newlines_inside_strings_and_block_comments() {
    let text = "(module \"a\nb\")\n(; x\ny ;)\n(invoke \"g\")";
    let got = directives(text).unwrap();
    assert_eq!(got.iter().map(|d| d.line).collect::<Vec<_>>(), [1, 5]);
}

#[test]
fn reports_unbalanced_text() {
    assert_eq!(directives("(a (b)").unwrap_err(), "a `(` is never closed");
    assert_eq!(directives("(a))").unwrap_err(), "an unmatched `)` on line 1");
    assert_eq!(directives("(a \"open").unwrap_err(), "a string literal is not closed");
}

#[test]
fn words_skip_strings_and_comments() {
    let text = "(core module (func (throw $t)) ;; try_table\n (export \"shared\") (; struct.new ;))";
    assert_eq!(words(text), ["core", "module", "func", "throw", "$t", "export"]);
}
