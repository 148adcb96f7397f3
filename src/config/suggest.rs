//! "Did you mean …?" for misspelt names: the closest known name by edit distance (with
//! transpositions), if it is close enough to be a plausible typo. Pure string work.

/// The known name closest to `word`, if at most about a third of it differs.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    known
        .iter()
        .map(|candidate| (distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `did you mean `x`?`, or the list of expected names when nothing is close.
pub fn hint(word: &str, known: &[&str]) -> String {
    match closest(word, known) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None => format!("expected one of: {}", known.join(", ")),
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost 1.
pub fn distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let width = right.len().saturating_add(1);
    // rows[i][j] = distance between left[..i] and right[..j], stored row-major.
    let mut rows = vec![0usize; left.len().saturating_add(1).saturating_mul(width)];
    let at = |i: usize, j: usize| i.saturating_mul(width).saturating_add(j);
    for i in 0..=left.len() {
        if let Some(cell) = rows.get_mut(at(i, 0)) {
            *cell = i;
        }
    }
    for j in 0..=right.len() {
        if let Some(cell) = rows.get_mut(at(0, j)) {
            *cell = j;
        }
    }
    for (i, left_char) in left.iter().enumerate() {
        for (j, right_char) in right.iter().enumerate() {
            let get = |row: usize, column: usize| rows.get(at(row, column)).copied().unwrap_or(0);
            let cost = usize::from(left_char != right_char);
            let mut best = (get(i, j + 1) + 1)
                .min(get(i + 1, j) + 1)
                .min(get(i, j) + cost);
            if i > 0 && j > 0 && left.get(i) == right.get(j - 1) && left.get(i - 1) == right.get(j)
            {
                best = best.min(get(i - 1, j - 1) + 1);
            }
            if let Some(cell) = rows.get_mut(at(i + 1, j + 1)) {
                *cell = best;
            }
        }
    }
    rows.get(at(left.len(), right.len()))
        .copied()
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        for (left, right, expected) in [
            ("", "", 0),
            ("abc", "abc", 0),
            ("nieghbor", "neighbor", 1),
            ("hold-tme", "hold-time", 1),
            ("kitten", "sitting", 3),
            ("", "abc", 3),
            ("é", "e", 1),
        ] {
            assert_eq!(distance(left, right), expected, "{left} {right}");
        }
    }

    #[test]
    fn suggestions() {
        let known = ["neighbor", "process", "template", "router-id"];
        assert_eq!(closest("nieghbor", &known), Some("neighbor"));
        assert_eq!(closest("proces", &known), Some("process"));
        assert_eq!(closest("zzz", &known), None);
        assert_eq!(hint("xyz", &["a", "b"]), "expected one of: a, b");
    }
}
