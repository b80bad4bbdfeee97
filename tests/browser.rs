//! The public site in a real browser (headless Chromium over WebDriver), served over HTTP as a municipal
//! web host would: key content visible on every page in both languages, the language switch, print
//! styles, no console error or failed load, full-page screenshots in `target/screenshots/`, and markup
//! in the register's texts staying text. Skipped without Chromium unless `ALGOREG_BROWSER_TESTS=require`.

mod common;

use std::path::{Path, PathBuf};

use common::browser::serve::Site;
use common::browser::{Browser, available};
use common::copy_register;
use common::site::{demo, published};
use serde_json::json;

// ===================================================================================================
// WHAT MUST BE VISIBLE: one row per check. Extend this table when the pages gain parts. `on` names the
// pages by key: the Dutch page's file name without `.html` ("index", an entry id); the English page is
// `<key>.en.html`. A new kind of page joins by its key in EVERY_PAGE. Each page is checked in both
// languages. A row passes when at least one element matching `css` is displayed (WebDriver), has a
// non-zero size, and its rendered text satisfies `want`.
// ===================================================================================================

const INDEX: &str = "index";
const FOUNDATION: &str = "foundation-risk-zaandam";
const HOTSPOT: &str = "hotspot-tilburg";
const ENTRIES: &[&str] = &[FOUNDATION, HOTSPOT];
const EVERY_PAGE: &[&str] = &[INDEX, FOUNDATION, HOTSPOT];

/// The link to the same page in the other language; hidden when printed.
const LANGUAGE_SWITCH: &str = "header a.switch";

#[rustfmt::skip]
const VISIBLE: &[Visible] = &[
    Visible { on: EVERY_PAGE, css: "h1", want: Want::Text },
    Visible { on: EVERY_PAGE, css: LANGUAGE_SWITCH, want: Want::Text },
    // the table of entries, with every entry's name in the page's language
    Visible { on: &[INDEX], css: "main table", want: Want::AllNames },
    Visible { on: ENTRIES, css: "h1", want: Want::Name },
    // the register fields and their values
    Visible { on: ENTRIES, css: "#fields", want: Want::Text },
    Visible { on: ENTRIES, css: "section[aria-labelledby=fields] dd", want: Want::Text },
    // the subgroup audit and its tables
    Visible { on: ENTRIES, css: "#audit", want: Want::Text },
    Visible { on: ENTRIES, css: "section[aria-labelledby=audit] table", want: Want::Text },
    // a chart (every `svg[role=img]` on every page must also have a non-empty <title>, see
    // `svg_without_title`). Only the hotspot page has one so far (the feedback-loop chart); add
    // FOUNDATION here when its page gains a chart.
    Visible { on: &[HOTSPOT], css: "svg[role=img]", want: Want::Shown },
];

/// Console entries that are not the site's fault, matched by substring. Chromium asks every host for
/// `/favicon.ico` by itself and logs the 404 as SEVERE; the pages declare no icon. Remove this line
/// when they do (e.g. `<link rel="icon" href="data:,">` or a shipped icon).
const NOT_THE_SITES_FAULT: &[&str] = &["/favicon.ico - Failed to load resource"];

// ===================================================================================================

struct Visible {
    on: &'static [&'static str],
    css: &'static str,
    want: Want,
}

enum Want {
    /// Displayed with a non-zero size; text not needed (a chart).
    Shown,
    /// Some rendered text.
    Text,
    /// The page's entry name in the page's language.
    Name,
    /// Every entry's name in the page's language.
    AllNames,
}

/// One published page: its key (`index` or an entry id) in one language.
#[derive(Clone, Copy)]
struct Page<'a> {
    key: &'a str,
    lang: &'static str,
}

impl Page<'_> {
    fn file(&self) -> String {
        match self.lang {
            "nl" => format!("{}.html", self.key),
            _ => format!("{}.{}.html", self.key, self.lang),
        }
    }

    fn other(&self) -> Page<'_> {
        let lang = if self.lang == "nl" { "en" } else { "nl" };
        Page {
            key: self.key,
            lang,
        }
    }

    /// The screenshot's name: `index.nl.png`, `hotspot-tilburg.en.png`.
    fn shot(&self, prefix: &str) -> String {
        format!("{prefix}{}.{}.png", self.key, self.lang)
    }
}

/// Each entry id with its name in Dutch and English, read from the register's manifests (the English
/// name falls back to the Dutch one, as the pages do).
fn names(reg: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for id in ENTRIES {
        let path = reg.join("models").join(id).join("model.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let manifest: toml::Table = toml::from_str(&text).unwrap();
        let name = |lang: &str| manifest["register"].get(lang)?.get("name")?.as_str();
        let nl = name("nl").expect("a Dutch name").to_string();
        let en = name("en").map_or(nl.clone(), str::to_string);
        out.push((id.to_string(), nl, en));
    }
    out
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every page of the shipped register (trained, audited, published), in both languages: what must be
/// visible is, the language switch leads to the other language, printing hides the switch, and the
/// browser logs no error.
#[test]
fn published_site_works_in_a_browser() {
    if !available() {
        return;
    }
    let reg = published();
    let site = Site::serve(&reg.path().join("site"));
    let browser = Browser::start();
    let names = names(reg.path());
    let shots = screenshot_dir();
    let mut problems = Vec::new();
    for &key in EVERY_PAGE {
        for lang in ["nl", "en"] {
            let page = Page { key, lang };
            browser.goto(&site.url(&page.file()));
            problems.extend(check_page(&browser, page, &names));
            let png = browser.screenshot();
            std::fs::write(shots.join(page.shot("")), png).unwrap();
            problems.extend(check_print(&browser, page));
            problems.extend(check_switch(&browser, &site, page));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the browser:\n  {}\nrequests served:\n  {}",
        problems.len(),
        problems.join("\n  "),
        site.requests.lock().unwrap().join("\n  ")
    );
}

/// The page now shown: its language, the VISIBLE rows for it, chart titles, and the console.
fn check_page(browser: &Browser, page: Page, names: &[(String, String, String)]) -> Vec<String> {
    let at = page.file();
    let mut problems = Vec::new();
    let lang = browser.run("return document.documentElement.lang", json!([]));
    if lang != page.lang {
        problems.push(format!("{at}: html[lang] is {lang}, not {}", page.lang));
    }
    let name_in = |(_, nl, en): &(String, String, String)| {
        if page.lang == "nl" {
            nl.clone()
        } else {
            en.clone()
        }
    };
    let own: Vec<String> = names
        .iter()
        .filter(|n| n.0 == page.key)
        .map(name_in)
        .collect();
    let all: Vec<String> = names.iter().map(name_in).collect();
    for row in VISIBLE.iter().filter(|r| r.on.contains(&page.key)) {
        let needed: &[String] = match row.want {
            Want::Shown | Want::Text => &[],
            Want::Name => &own,
            Want::AllNames => &all,
        };
        if let Err(e) = visible(browser, row, needed) {
            problems.push(format!("{at}: {}: {e}", row.css));
        }
    }
    for svg in svg_without_title(browser) {
        problems.push(format!(
            "{at}: svg[role=img] without a non-empty <title>: {svg}"
        ));
    }
    problems.extend(console_errors(browser, &at));
    problems
}

/// Whether some element matching the row's selector is displayed, has a size, and shows the text.
fn visible(browser: &Browser, row: &Visible, needed: &[String]) -> Result<(), String> {
    let found = browser.find_all(row.css);
    if found.is_empty() {
        return Err("no element matches".into());
    }
    let mut seen = Vec::new();
    for element in &found {
        if !browser.displayed(element) {
            seen.push("not displayed".to_string());
            continue;
        }
        let (w, h) = browser.size(element);
        if w <= 0.0 || h <= 0.0 {
            seen.push(format!("size {w}×{h}"));
            continue;
        }
        if matches!(row.want, Want::Shown) {
            return Ok(());
        }
        let text = browser.text(element);
        let missing: Vec<&String> = needed.iter().filter(|n| !text.contains(*n)).collect();
        if text.trim().is_empty() {
            seen.push("no visible text".to_string());
        } else if !missing.is_empty() {
            seen.push(format!("text {text:?} lacks {missing:?}"));
        } else {
            return Ok(());
        }
    }
    Err(format!(
        "{} match(es), none visible as wanted: {}",
        found.len(),
        seen.join("; ")
    ))
}

/// The start of every `svg[role=img]` whose own `<title>` is missing or empty.
fn svg_without_title(browser: &Browser) -> Vec<String> {
    let script = "return [...document.querySelectorAll('svg[role=img]')]
        .filter(s => !(s.querySelector(':scope > title')?.textContent || '').trim())
        .map(s => s.outerHTML.slice(0, 160));";
    let bad = browser.run(script, json!([]));
    let bad = bad.as_array().cloned().unwrap_or_default();
    bad.iter()
        .map(|s| s.as_str().unwrap_or("").to_string())
        .collect()
}

/// Every SEVERE entry the browser logged since the last look (console errors, uncaught exceptions,
/// failed loads); the other entries are printed for whoever reads the test's output.
fn console_errors(browser: &Browser, at: &str) -> Vec<String> {
    let mut severe = Vec::new();
    for (level, message) in browser.log() {
        let excused = NOT_THE_SITES_FAULT.iter().any(|e| message.contains(e));
        if level == "SEVERE" && !excused {
            severe.push(format!("{at}: console {level}: {message}"));
        } else {
            let note = if excused {
                " (not the site's fault)"
            } else {
                ""
            };
            eprintln!("{at}: console {level}{note}: {message}");
        }
    }
    severe
}

/// With print media emulated, the language switch is not displayed.
fn check_print(browser: &Browser, page: Page) -> Vec<String> {
    let at = page.file();
    let print = |media: &str| {
        browser
            .cdp("Emulation.setEmulatedMedia", json!({ "media": media }))
            .unwrap_or_else(|e| panic!("emulating {media:?} media: {e}"));
    };
    print("print");
    let switch = browser.find_all(LANGUAGE_SWITCH);
    let shown: Vec<&String> = switch.iter().filter(|s| browser.displayed(s)).collect();
    let mut problems = Vec::new();
    if switch.is_empty() {
        problems.push(format!("{at}: no {LANGUAGE_SWITCH} to check in print"));
    } else if !shown.is_empty() {
        problems.push(format!("{at}: {LANGUAGE_SWITCH} displayed in print"));
    }
    print("");
    problems.extend(console_errors(browser, &format!("{at} (print)")));
    problems
}

/// Following the language switch lands on the same page in the other language, without errors.
fn check_switch(browser: &Browser, site: &Site, page: Page) -> Vec<String> {
    let at = page.file();
    let other = page.other();
    let Some(switch) = browser.find_all(LANGUAGE_SWITCH).into_iter().next() else {
        return vec![format!("{at}: no {LANGUAGE_SWITCH}")];
    };
    let mut problems = Vec::new();
    let hreflang = browser.attribute(&switch, "hreflang");
    if hreflang.as_deref() != Some(other.lang) {
        problems.push(format!(
            "{at}: switch hreflang {hreflang:?}, not {}",
            other.lang
        ));
    }
    browser.click(&switch);
    let target = site.url(&other.file());
    if let Err(e) = browser.wait_for(&target) {
        problems.push(format!(
            "{at}: following the switch did not reach {target}: {e}"
        ));
        return problems;
    }
    let lang = browser.run("return document.documentElement.lang", json!([]));
    if lang != other.lang {
        problems.push(format!("{at} → {}: html[lang] is {lang}", other.file()));
    }
    problems.extend(console_errors(browser, &format!("{at} → {}", other.file())));
    problems
}

// ---------------------------------------------------------------------------------------------------
// Markup in the register's texts.

const SCRIPT: &str = "<script>window.__pwned=1</script>";
const IMG: &str = "\"><img src=x onerror=\"window.__pwned=2\">";
const ATTRIBUTE: &str = "' onmouseover='window.__pwned=3";

/// Puts the three payloads into the text fields of a manifest (in every language), as TOML strings.
fn inject(manifest: &Path) {
    let mut m: toml::Table = toml::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    let register = m["register"].as_table_mut().unwrap();
    let all = format!("{SCRIPT} {IMG} {ATTRIBUTE}");
    for (key, text) in [
        ("organization", IMG.to_string()),
        ("department", SCRIPT.to_string()),
    ] {
        register.insert(key.into(), text.into());
    }
    for lang in ["nl", "en"] {
        let texts = register[lang].as_table_mut().unwrap();
        texts.insert("name".into(), format!("{SCRIPT} {ATTRIBUTE}").into());
        for key in [
            "description_short",
            "goal",
            "risks",
            "objection_procedure",
            "impact",
        ] {
            texts.insert(key.into(), all.clone().into());
        }
    }
    std::fs::write(manifest, toml::to_string(&m).unwrap()).unwrap();
}

/// A register whose texts carry markup: on the entry page and the index, in both languages, no payload
/// runs (`window.__pwned` stays undefined), no element carries an injected handler, the payloads are
/// visible as text, and the browser logs no error.
#[test]
fn markup_in_register_texts_stays_text_in_a_browser() {
    if !available() {
        return;
    }
    let reg = copy_register();
    inject(
        &reg.path()
            .join("models")
            .join(FOUNDATION)
            .join("model.toml"),
    );
    demo(reg.path());
    let site = Site::serve(&reg.path().join("site"));
    let browser = Browser::start();
    let shots = screenshot_dir();
    let mut problems = Vec::new();
    for key in [FOUNDATION, INDEX] {
        for lang in ["nl", "en"] {
            let page = Page { key, lang };
            let at = page.file();
            browser.goto(&site.url(&at));
            let pwned = browser.run("return typeof window.__pwned", json!([]));
            if pwned != "undefined" {
                let value = browser.run("return String(window.__pwned)", json!([]));
                problems.push(format!("{at}: a payload ran: window.__pwned = {value}"));
            }
            let script = "return [...document.querySelectorAll('*')]
                .filter(e => e.hasAttribute('onerror') || e.hasAttribute('onmouseover')
                    || (e.tagName === 'SCRIPT' && e.textContent.includes('__pwned')))
                .map(e => e.outerHTML.slice(0, 160));";
            for element in browser.run(script, json!([])).as_array().unwrap() {
                problems.push(format!(
                    "{at}: injected markup became an element: {element}"
                ));
            }
            let main = browser
                .find_all("main")
                .into_iter()
                .next()
                .expect("a <main>");
            let text = browser.text(&main);
            for payload in [SCRIPT, IMG, ATTRIBUTE] {
                if !text.contains(payload) {
                    problems.push(format!("{at}: {payload:?} not visible as text"));
                }
            }
            problems.extend(console_errors(&browser, &at));
            let png = browser.screenshot();
            std::fs::write(shots.join(page.shot("injection.")), png).unwrap();
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// The test's web host: the right content type per file, `/` is `index.html`, and a missing file, an
/// unknown kind of file or a path out of the site folder is a 404. Runs without Chromium.
#[test]
fn the_test_host_serves_like_a_web_host() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("assets")).unwrap();
    for file in [
        "index.html",
        "assets/search.js",
        "assets/x.svg",
        "notes.txt",
    ] {
        std::fs::write(root.join(file), file).unwrap();
    }
    std::fs::write(dir.path().join("secret.html"), "outside").unwrap();
    let site = Site::serve(&root);
    let host = site.url("").replace("http://", "").replace('/', "");
    let get = |path: &str| {
        let mut s = std::net::TcpStream::connect(&host).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        answer
    };
    let html = "text/html; charset=utf-8";
    let served = [
        ("/", html, "index.html"),
        ("/index.html?q=1#top", html, "index.html"),
        (
            "/assets/search.js",
            "text/javascript; charset=utf-8",
            "assets/search.js",
        ),
        ("/assets/%78.svg", "image/svg+xml", "assets/x.svg"),
    ];
    let not_found = [
        "/notes.txt",
        "/missing.js",
        "/../secret.html",
        "/assets/../../secret.html",
        "/%2e%2e/secret.html",
    ];
    let cases = served
        .iter()
        .map(|&(path, kind, body)| (path, "200 OK", kind, body))
        .chain(not_found.map(|path| (path, "404 Not Found", "text/plain", "not found\n")));
    for (path, status, kind, body) in cases {
        let answer = get(path);
        let (head, got) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status}\r\n")),
            "{path}: {answer}"
        );
        assert!(
            head.contains(&format!("\r\nContent-Type: {kind}")),
            "{path}: {answer}"
        );
        assert_eq!(got, body, "{path}");
    }
}
