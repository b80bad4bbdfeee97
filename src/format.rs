//! Number formatting for people, in Dutch (decimal comma) and English: used by findings and view-models.

/// A language of the public pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    /// Both languages, Dutch first.
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Picks the Dutch or English text.
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// `x` with `decimals` decimals, with a decimal comma in Dutch.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{x:.decimals$}");
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A proportion as a percentage with one decimal: 0.1234 → "12.3%" / "12,3%".
pub fn percent(p: f64, lang: Lang) -> String {
    format!("{}%", number(p * 100.0, 1, lang))
}

/// A p-value: four decimals, or "< 0.0001".
pub fn p_value(p: f64, lang: Lang) -> String {
    if p < 1e-4 {
        format!("< {}", number(1e-4, 4, lang))
    } else {
        number(p, 4, lang)
    }
}

/// A whole count with a thin grouping: 12345 → "12.345" (nl) / "12,345" (en).
pub fn count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english() {
        assert_eq!(number(2.954, 2, Lang::Nl), "2,95");
        assert_eq!(percent(0.1234, Lang::En), "12.3%");
        assert_eq!(p_value(0.00001, Lang::Nl), "< 0,0001");
        assert_eq!(count(1234567, Lang::Nl), "1.234.567");
        assert_eq!(count(999, Lang::En), "999");
    }
}
