//! Wildcard matching without recursion, shared by path segments, path
//! segment lists and exact strings.

/// Whether `items` match `pattern`, where a star token matches any run of
/// items (possibly empty) and every other token matches exactly one item.
///
/// The greedy algorithm with one backtrack point: on a mismatch, the last
/// star swallows one more item. It is exact because non-star tokens consume
/// exactly one item each, and it runs in O(items × pattern) time, so hostile
/// patterns or inputs cannot blow up.
pub(crate) fn wildcard<T, P>(
    items: &[T],
    pattern: &[P],
    is_star: impl Fn(&P) -> bool,
    one: impl Fn(&P, &T) -> bool,
) -> bool {
    let (mut i, mut p) = (0, 0);
    // (pattern index after the last star, item index that star has reached)
    let mut star: Option<(usize, usize)> = None;
    while i < items.len() {
        match pattern.get(p) {
            Some(tok) if is_star(tok) => {
                star = Some((p + 1, i));
                p += 1;
            }
            Some(tok) if one(tok, &items[i]) => {
                i += 1;
                p += 1;
            }
            _ => match star {
                Some((after, reached)) => {
                    p = after;
                    i = reached + 1;
                    star = Some((after, reached + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(is_star)
}

/// `*` in `pattern` matches any run of bytes of `text`; everything else is literal.
///
/// Byte-wise matching equals char-wise matching on UTF-8: a literal in the
/// pattern starts with a lead byte, which never equals a continuation byte.
pub(crate) fn bytes(text: &str, pattern: &str) -> bool {
    wildcard(text.as_bytes(), pattern.as_bytes(), |b| *b == b'*', |a, b| a == b)
}
