//! Helpers of the site tests: a published copy of the register, its pages and records, Dutch and
//! English number formatting as the pages show it, and finding parts of the entry page's HTML.

use std::path::Path;

use super::{algoreg, copy_register, f};

pub type Json = serde_json::Value;

pub fn append_line(path: &Path, line: &str) {
    let mut text = std::fs::read_to_string(path).unwrap();
    text.push_str(line);
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

/// Runs `algoreg demo --out site` in `reg` (audits every model, then publishes).
pub fn demo(reg: &Path) {
    algoreg()
        .current_dir(reg)
        .args(["demo", "--out", "site"])
        .assert()
        .code(0);
}

pub fn published() -> tempfile::TempDir {
    let reg = copy_register();
    demo(reg.path());
    reg
}

pub fn page(reg: &Path, name: &str) -> String {
    std::fs::read_to_string(reg.join("site").join(name)).unwrap()
}

pub fn record(reg: &Path, id: &str) -> Json {
    let text = std::fs::read_to_string(reg.join("audits").join(id).join("audit.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The Dutch and the English page of a model, each with "is Dutch".
pub fn pages(id: &str) -> [(String, bool); 2] {
    [
        (format!("{id}.html"), true),
        (format!("{id}.en.html"), false),
    ]
}

pub fn pick(nl: bool, dutch: &'static str, english: &'static str) -> &'static str {
    if nl { dutch } else { english }
}

/// `x` with `decimals` decimals, with a decimal comma in Dutch.
pub fn num(x: f64, decimals: usize, nl: bool) -> String {
    let s = format!("{x:.decimals$}");
    if nl { s.replace('.', ",") } else { s }
}

pub fn pct(x: f64, nl: bool) -> String {
    format!("{}%", num(x * 100.0, 1, nl))
}

/// A count with grouping: 12000 → "12.000" (nl) / "12,000" (en).
pub fn count(n: u64, nl: bool) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(if nl { '.' } else { ',' });
        }
        out.push(c);
    }
    out
}

/// "0,43–0,53": the interval `lo`–`hi` of an estimate, formatted by `fmt`.
pub fn range(e: &Json, lo: &str, hi: &str, fmt: impl Fn(f64) -> String) -> String {
    format!("{}–{}", fmt(f(&e[lo])), fmt(f(&e[hi])))
}

/// "0,43–0,53": an estimate's closed-form interval with `decimals` decimals.
pub fn ci(e: &Json, decimals: usize, nl: bool) -> String {
    range(e, "ci_low", "ci_high", |x| num(x, decimals, nl))
}

/// What tera's autoescape makes of a text from the data.
pub fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[track_caller]
pub fn has(hay: &str, needle: &str, what: &str) {
    assert!(hay.contains(needle), "{what}: {needle:?} not in {hay}");
}

/// The sampling section of a page, up to the next section.
pub fn section(html: &str) -> &str {
    let start = html
        .find("<section aria-labelledby=\"sampling\">")
        .expect("a sampling section");
    &html[start..start + html[start..].find("</section>").unwrap()]
}

/// One part of the sampling section: from its heading to the next `<h3`.
pub fn part<'a>(html: &'a str, id: &str) -> &'a str {
    let s = section(html);
    let start = s.find(&format!("<h3 id=\"{id}\"")).expect(id);
    let end = s[start + 3..]
        .find("<h3")
        .map_or(s.len(), |i| start + 3 + i);
    &s[start..end]
}

/// The first findings list (`<ul class="findings">`) of `html`, up to its `</ul>`.
pub fn findings_list(html: &str) -> &str {
    let start = html
        .find("<ul class=\"findings\">")
        .expect("a findings list");
    &html[start..start + html[start..].find("</ul>").unwrap()]
}

/// The `<table>` whose caption starts with `caption`, up to its `</table>`.
pub fn table<'a>(html: &'a str, caption: &str) -> &'a str {
    let start = html.find(&format!("<caption>{caption}")).expect(caption);
    &html[start..start + html[start..].find("</table>").unwrap()]
}

/// Every table row of `html` whose row header is exactly `label`.
pub fn rows<'a>(html: &'a str, label: &str) -> Vec<&'a str> {
    let header = format!("<th scope=\"row\">{label}</th>");
    html.match_indices(&header)
        .map(|(i, _)| {
            let start = html[..i].rfind("<tr").unwrap();
            &html[start..i + html[i..].find("</tr>").unwrap()]
        })
        .collect()
}

/// The one table row of `html` whose row header is exactly `label`.
pub fn row<'a>(html: &'a str, label: &str) -> &'a str {
    let found = rows(html, label);
    assert_eq!(found.len(), 1, "one row {label:?}");
    found[0]
}

/// The paragraph right after a table (its test line).
pub fn after<'a>(html: &'a str, table: &str) -> &'a str {
    let start = html.find(table).unwrap() + table.len();
    let p = start + html[start..].find("<p class=\"small\">").unwrap();
    &html[p..p + html[p..].find("</p>").unwrap()]
}

/// A row that shows only the suppression text: no number cells, no percentages.
#[track_caller]
pub fn assert_suppressed(row: &str, what: &str) {
    assert!(
        row.contains("minder dan 10 rijen") || row.contains("fewer than 10 rows"),
        "{what}: suppression text in {row}"
    );
    assert!(!row.contains("class=\"num\""), "{what}: numbers in {row}");
    assert!(!row.contains('%'), "{what}: percentages in {row}");
}

pub fn list(v: &Json) -> &Vec<Json> {
    v.as_array().unwrap_or_else(|| panic!("not a list: {v}"))
}

pub fn by<'a>(items: &'a Json, key: &str, value: &str) -> &'a Json {
    list(items)
        .iter()
        .find(|x| x[key] == value)
        .unwrap_or_else(|| panic!("{key} = {value}"))
}

/// "χ² = 224,36 (df 11), p &lt; 0,0001", as escaped on the page.
pub fn test_text(symbol: &str, t: &Json, nl: bool) -> String {
    let p = f(&t["p_value"]);
    let p = if p < 1e-4 {
        format!("< {}", num(1e-4, 4, nl))
    } else {
        format!("= {}", num(p, 4, nl))
    };
    let (stat, df) = (num(f(&t["statistic"]), 2, nl), &t["df"]);
    escaped(&format!("{symbol} = {stat} (df {df}), p {p}"))
}

pub fn verdict_words(verdict: &Json, nl: bool) -> &'static str {
    match verdict.as_str().unwrap() {
        "flagged" => pick(nl, "⚑ afwijking", "⚑ finding"),
        "within_band" => pick(nl, "binnen de band", "within the band"),
        "uncertain" => pick(
            nl,
            "onzeker: het interval ligt deels in, deels buiten de band",
            "uncertain: the interval lies partly inside, partly outside the band",
        ),
        "too_few_rows" => pick(
            nl,
            "te weinig rijen om te oordelen",
            "too few rows to judge",
        ),
        other => panic!("verdict {other} not expected here"),
    }
}

/// Renames the `column` value of the first `k` data rows of a CSV that `choose` accepts.
pub fn rename_rows(
    csv: &Path,
    column: &str,
    k: usize,
    to: &str,
    choose: impl Fn(&[&str], &str) -> bool,
) {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let names: Vec<&str> = header.split(',').collect();
    let col = names.iter().position(|c| *c == column).unwrap();
    let (mut out, mut renamed) = (vec![header.to_string()], 0);
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if renamed < k && choose(&names, line) {
            cells[col] = to.to_string();
            renamed += 1;
        }
        out.push(cells.join(","));
    }
    std::fs::write(csv, out.join("\n") + "\n").unwrap();
}

/// Removes the `[model]` tables from the shipped manifests in `reg`: the audit then reads the data files
/// with the scores they bring, so a test that renames rows of a data file sees all of them audited (a
/// trained model audits only its held-out half).
pub fn with_external_scores(reg: &Path) {
    for id in ["foundation-risk-zaandam", "hotspot-tilburg"] {
        let path = reg.join("models").join(id).join("model.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, super::without_model_table(&text)).unwrap();
    }
}

/// The only script on a page is the site's own file (`assets/register.js`), loaded once in the head.
pub fn only_the_sites_script(html: &str) -> bool {
    html.matches("<script").count() == 1
        && html.contains(r#"<script src="assets/register.js" defer></script>"#)
}

/// The number of HTML files under `dir` (recursively): what `publish` should report as pages.
pub fn html_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                html_files(&p)
            } else {
                usize::from(p.extension().is_some_and(|x| x == "html"))
            }
        })
        .sum()
}
