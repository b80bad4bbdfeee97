//! The page frame every template gets: language, page names, the language switch, and the lookup of
//! the site's fixed UI words (`words.rs`; also for view code: `word`, and `fill` for texts with
//! placeholders).

use std::collections::BTreeMap;

use tera::Value;

use super::cell::Obj;
use crate::format::Lang;

/// Page file name of an index or entry in a language: `index.html` / `index.en.html`.
pub fn page_name(stem: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("{stem}.html"),
        Lang::En => format!("{stem}.en.html"),
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    }
}

/// The page frame every template gets: language, switch link, UI words.
pub fn frame(lang: Lang, stem: &str, title: &str) -> Obj {
    let o = other(lang);
    Obj::new()
        .set("lang", lang.code())
        .set("title", title)
        .set("switch_href", page_name(stem, o))
        .set("switch_label", lang.pick("English", "Nederlands"))
        .set("switch_lang", o.code())
        .set("index_href", page_name("index", lang))
        .set("t", ui(lang))
}

use super::words;

/// A fixed text of the site with its `{name}` placeholders filled in, in one pass: a filled-in
/// value (which may come from the data) is never read for placeholders again.
pub fn fill(key: &'static str, lang: Lang, args: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = word(key, lang);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open + 1..];
        let hit = tail.find('}').and_then(|close| {
            let value = args.iter().find(|(name, _)| *name == &tail[..close])?.1;
            Some((close, value))
        });
        match hit {
            Some((close, value)) => {
                out.push_str(value);
                rest = &tail[close + 1..];
            }
            None => {
                out.push('{');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One fixed word of the site in a language; an unknown key (a bug) shows as itself.
pub fn word(key: &'static str, lang: Lang) -> &'static str {
    let found = words::all().find(|(k, _, _)| *k == key);
    debug_assert!(found.is_some(), "no UI word {key}");
    found.map_or(key, |(_, nl, en)| lang.pick(nl, en))
}

fn ui(lang: Lang) -> Value {
    let map: BTreeMap<&str, Value> = words::all()
        .map(|(k, nl, en)| (*k, Value::from(lang.pick(nl, en))))
        .collect();
    Value::from(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once() {
        let text = fill(
            "s_labels_caption",
            Lang::En,
            &[("attribute", "{reference}"), ("reference", "Oost")],
        );
        assert_eq!(text, "Outcome known — {reference}; reference group Oost");
        assert_eq!(fill("s_population_named", Lang::Nl, &[]), ", daar {name}");
    }

    #[test]
    fn every_word_has_one_key() {
        let mut keys: Vec<&str> = words::all().map(|(k, _, _)| *k).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a UI word key is defined twice");
        assert_eq!(
            word("fb_heading", Lang::Nl),
            "Wat gebeurt er als handhavers het model volgen"
        );
        assert_eq!(word("m_heading", Lang::En), "How the model was made");
    }
}
