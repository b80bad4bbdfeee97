//! Whether a column of numbers is a quantity or a code: a postcode, a municipality or neighbourhood
//! code, a case number. Codes are categories; taking their deciles or a Pearson r is meaningless.
//! The manifest or command line may declare either ([`crate::manifest::ColumnKinds`]); otherwise a
//! conservative rule ([`code_like`]) decides, and every audit that reads columns (spurious, drift)
//! uses it.

use crate::manifest::ColumnKinds;
use crate::record::sampling::Warning;

/// Words that name a code, not a quantity, as whole parts of a column name (split at anything that
/// is not a letter or digit): `postcode`, `pc4`, `buurt_code`, `case_id`, `volgnummer`.
const CODE_WORDS: [&str; 9] = [
    "postcode", "postal", "zip", "zipcode", "pc4", "pc6", "code", "id", "nr",
];

/// Whether a column whose cells all parse as numbers is really a code, and why (conservative: a
/// quantity is never turned into categories on a guess):
/// - a cell with a leading zero before a digit (`0123`): nobody writes a quantity that way, but
///   postcodes, municipality and neighbourhood codes are;
/// - every value a whole number and the column's name says it is a code: a part of the name (split
///   at anything not a letter or digit) is one of `postcode, postal, zip, zipcode, pc4, pc6, code, id,
///   nr`, or ends in `code` or `nummer` (`buurtcode`, `huisnummer`).
pub fn code_like(name: &str, cells: &[String]) -> Option<&'static str> {
    let present = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let leading_zero = present.clone().any(|c| {
        let digits = c.strip_prefix(['-', '+']).unwrap_or(c).as_bytes();
        digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit()
    });
    if leading_zero {
        return Some(
            "a value starts with 0 followed by a digit, as codes do and quantities do not",
        );
    }
    let whole = present
        .clone()
        .all(|c| c.parse::<f64>().is_ok_and(|x| x.fract() == 0.0));
    let lower = name.to_lowercase();
    let named = lower
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| CODE_WORDS.contains(&w) || w.ends_with("code") || w.ends_with("nummer"));
    (whole && named).then_some("whole numbers in a column whose name says it holds a code")
}

/// Whether the column `name` is read as categories although `numbers` says its cells are all
/// numbers: `Some(None)` when declared categorical, `Some(Some(why))` when it looks like a code and is
/// not declared numeric, `None` when it is read as it parses.
pub fn read_as_code(
    name: &str,
    cells: &[String],
    numbers: bool,
    kinds: &ColumnKinds,
) -> Option<Option<&'static str>> {
    if kinds.categorical.iter().any(|c| c == name) {
        return Some(None);
    }
    if !numbers || kinds.numeric.iter().any(|c| c == name) {
        return None;
    }
    code_like(name, cells).map(Some)
}

/// The warning that a column of numbers is read as a code.
pub fn code_warning(name: &str, why: &str) -> Warning {
    Warning {
        text_nl: format!(
            "De kolom {name} bevat getallen, maar lijkt een code ({}). Ze wordt als categorieën behandeld, niet als hoeveelheid. \
             Is het toch een hoeveelheid? Zet haar dan onder numeric in de [data]-tabel van het manifest (of geef --numeric {name}).",
            match why {
                w if w.starts_with("a value starts with 0") =>
                    "een waarde begint met 0 gevolgd door een cijfer",
                _ => "hele getallen, en de naam zegt dat het een code is",
            }
        ),
        text_en: format!(
            "The column {name} holds numbers but looks like a code ({why}). It is treated as categories, not as a quantity. \
             If it is a quantity after all, list it under numeric in the manifest's [data] table (or give --numeric {name})."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn codes_are_recognised_conservatively() {
        // Leading zeros: a code whatever the name.
        assert!(code_like("area", &cells(&["1011", "0123", "2500"])).is_some());
        // A postcode by name, whole numbers.
        assert!(code_like("pc4", &cells(&["1011", "5038", "2500"])).is_some());
        assert!(code_like("buurtcode", &cells(&["101", "102"])).is_some());
        assert!(code_like("case_id", &cells(&["1", "2", "3"])).is_some());
        // Quantities stay quantities: build years, counts, a zero, decimals in a "code" column.
        assert!(code_like("build_year", &cells(&["1923", "2001", "1978"])).is_none());
        assert!(code_like("incidents", &cells(&["0", "3", "10"])).is_none());
        assert!(code_like("postcode", &cells(&["1.5", "2.25"])).is_none());
        assert!(code_like("x", &cells(&["0.5", "-0.25", "0"])).is_none());
        assert!(code_like("decoded_value", &cells(&["1", "2"])).is_none());
        // Declarations win either way.
        let kinds = ColumnKinds {
            categorical: vec!["year".into()],
            numeric: vec!["pc4".into()],
        };
        assert_eq!(
            read_as_code("year", &cells(&["2020"]), true, &kinds),
            Some(None)
        );
        assert_eq!(read_as_code("pc4", &cells(&["0123"]), true, &kinds), None);
        assert!(read_as_code("pc4x", &cells(&["0123"]), true, &kinds).is_some());
        assert_eq!(read_as_code("name", &cells(&["a"]), false, &kinds), None);
    }
}
