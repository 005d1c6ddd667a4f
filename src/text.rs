//! Text compared the way people mean it: `Ｓｈｏｐｐｉｎｇ`, `SHOPPING` and
//! ` shopping ` are one word (group names, tags, member names, note labels).

use unicode_normalization::UnicodeNormalization;

/// Text compared case- and width-insensitively: NFKC, lower case, trimmed.
pub fn fold(s: &str) -> String {
    s.nfkc()
        .collect::<String>()
        .to_lowercase()
        .trim()
        .to_owned()
}

/// `s` followed by blanks up to `cells` terminal cells (a wide character
/// is two).
pub fn pad_to(s: &str, cells: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{s}{}", " ".repeat(cells.saturating_sub(s.width())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn width_case_and_blanks_fold_away() {
        assert_eq!(super::fold(" Ｓｈｏｐｐｉｎｇ "), "shopping");
        assert_eq!(super::fold("ショッピング"), "ショッピング");
        assert_eq!(super::fold("２ＦＡ"), "2fa");
    }
}
