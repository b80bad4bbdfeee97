//! The headless-browser harness of `tests/browser.rs`: the gate (skip or fail without Chromium), and a
//! minimal W3C WebDriver client driving chromedriver with Chromium, started on a free port and always
//! stopped (also on panic). The static file server is in `serve.rs`, the HTTP client in `http.rs`.

mod http;
pub mod serve;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use http::{base64, http};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Every HTTP call to chromedriver gives up after this long, so the test can never hang.
const TIMEOUT: Duration = Duration::from_secs(60);
/// The key of an element reference in WebDriver's JSON (the web element identifier).
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether the browser tests can run. Without Chromium or chromedriver they are skipped with a line on
/// stderr, unless `ALGOREG_BROWSER_TESTS=require` (as in CI), which makes that a failure.
pub fn available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).is_file())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "{} missing; scripts/browser/install-chromium.sh installs them",
        missing.join(" and ")
    );
    if std::env::var("ALGOREG_BROWSER_TESTS").as_deref() == Ok("require") {
        panic!("browser test required (ALGOREG_BROWSER_TESTS=require) but {why}");
    }
    // Straight to stderr, past the test harness's capture, so the skip shows in a plain `cargo test`.
    let line = format!(
        "SKIPPED browser test: {why} (set ALGOREG_BROWSER_TESTS=require to fail instead)\n"
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
    false
}

/// Chromium's command line: headless, quiet, a fixed window and a fresh profile.
fn chrome_args(profile: &Path) -> Vec<String> {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("--user-data-dir={}", profile.display()));
    args
}

/// A chromedriver process with one Chromium session. Dropping it ends the session and kills
/// chromedriver and any Chromium process still using this session's profile.
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: Option<String>,
    profile: PathBuf,
    /// Holds the profile and chromedriver's log; removed after the processes are gone.
    _dir: tempfile::TempDir,
}

impl Browser {
    pub fn start() -> Browser {
        let mut last = String::new();
        for _ in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let profile = dir.path().join("profile");
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let driver = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .arg(format!(
                    "--log-path={}",
                    dir.path().join("chromedriver.log").display()
                ))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver");
            let mut browser = Browser {
                driver,
                addr: SocketAddr::from(([127, 0, 0, 1], port)),
                session: None,
                profile,
                _dir: dir,
            };
            match browser.open_session() {
                Ok(()) => return browser,
                Err(e) => last = e, // dropped: chromedriver killed, next port
            }
        }
        panic!("could not start chromedriver with Chromium: {last}");
    }

    fn open_session(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(format!("chromedriver exited: {status}"));
            }
            let short = Duration::from_secs(2);
            match http(self.addr, "GET", "/status", None, short) {
                Ok((200, s)) if s["value"]["ready"] == true => break,
                _ if Instant::now() > deadline => return Err("chromedriver not ready".into()),
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": chrome_args(&self.profile)},
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"pageLoad": 30_000, "script": 30_000, "implicit": 0},
        }}});
        let value = self.try_call("POST", "/session", Some(&caps), TIMEOUT)?;
        let id = value["sessionId"].as_str().ok_or("no sessionId")?;
        self.session = Some(id.to_string());
        Ok(())
    }

    fn try_call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Json>,
        limit: Duration,
    ) -> Result<Json, String> {
        let (status, json) = http(self.addr, method, path, body, limit)?;
        let value = json.get("value").cloned().unwrap_or(Json::Null);
        if status == 200 {
            return Ok(value);
        }
        Err(format!(
            "{method} {path}: status {status}: {} {}",
            value["error"].as_str().unwrap_or("?"),
            value["message"].as_str().unwrap_or("")
        ))
    }

    /// A command of this session (`rest` after `/session/{id}`).
    fn session_call(&self, method: &str, rest: &str, body: Option<&Json>) -> Result<Json, String> {
        let id = self.session.as_deref().ok_or("no session")?;
        self.try_call(method, &format!("/session/{id}{rest}"), body, TIMEOUT)
    }

    #[track_caller]
    fn call(&self, method: &str, rest: &str, body: Option<Json>) -> Json {
        self.session_call(method, rest, body.as_ref())
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    /// Loads `url` and waits until it has loaded.
    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn current_url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Waits (up to 30 s) until the browser shows `url` and has loaded it.
    pub fn wait_for(&self, url: &str) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let state = self.run("return document.readyState", json!([]));
            if self.current_url() == url && state == "complete" {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("still at {} ({state})", self.current_url()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every element matching a CSS selector, in document order.
    pub fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        let list = found.as_array().cloned().unwrap_or_default();
        list.iter()
            .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
            .collect()
    }

    /// WebDriver's "is displayed" (CSS visibility, display, opacity, size).
    pub fn displayed(&self, element: &str) -> bool {
        self.call("GET", &format!("/element/{element}/displayed"), None) == true
    }

    /// Width and height in CSS pixels.
    pub fn size(&self, element: &str) -> (f64, f64) {
        let r = self.call("GET", &format!("/element/{element}/rect"), None);
        (
            r["width"].as_f64().unwrap_or(0.0),
            r["height"].as_f64().unwrap_or(0.0),
        )
    }

    /// The element's rendered text (what a reader sees, not hidden text).
    pub fn text(&self, element: &str) -> String {
        let t = self.call("GET", &format!("/element/{element}/text"), None);
        t.as_str().unwrap_or("").to_string()
    }

    pub fn attribute(&self, element: &str, name: &str) -> Option<String> {
        let a = self.call("GET", &format!("/element/{element}/attribute/{name}"), None);
        a.as_str().map(str::to_string)
    }

    pub fn click(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Runs `script` (a function body) in the page with `args`; its return value.
    pub fn run(&self, script: &str, args: Json) -> Json {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    /// The browser's console and network log since the last call: (level, message) pairs.
    pub fn log(&self) -> Vec<(String, String)> {
        let entries = self.call("POST", "/se/log", Some(json!({"type": "browser"})));
        let entries = entries.as_array().cloned().unwrap_or_default();
        entries
            .iter()
            .map(|e| {
                let level = e["level"].as_str().unwrap_or("?").to_string();
                (level, e["message"].as_str().unwrap_or("").to_string())
            })
            .collect()
    }

    /// A Chrome DevTools Protocol command through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Json) -> Result<Json, String> {
        let body = json!({"cmd": cmd, "params": params});
        self.session_call("POST", "/goog/cdp/execute", Some(&body))
    }

    /// A PNG of the whole page (beyond the window), or of the window when the browser cannot.
    pub fn screenshot(&self) -> Vec<u8> {
        let png = self.full_page().or_else(|e| {
            eprintln!("full-page screenshot failed ({e}); taking the window only");
            let shot = self.session_call("GET", "/screenshot", None)?;
            base64(shot.as_str().unwrap_or(""))
        });
        let png = png.unwrap_or_else(|e| panic!("screenshot: {e}"));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "screenshot is a PNG");
        png
    }

    fn full_page(&self) -> Result<Vec<u8>, String> {
        let metrics = self.cdp("Page.getLayoutMetrics", json!({}))?;
        let size = &metrics["cssContentSize"];
        let (w, h) = (size["width"].as_f64(), size["height"].as_f64());
        let (Some(w), Some(h)) = (w, h) else {
            return Err(format!("no content size in {metrics}"));
        };
        let clip = json!({"x": 0, "y": 0, "width": w.ceil(), "height": h.ceil(), "scale": 1});
        let params = json!({"format": "png", "captureBeyondViewport": true, "clip": clip});
        let shot = self.cdp("Page.captureScreenshot", params)?;
        base64(shot["data"].as_str().ok_or("no data")?)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(id) = self.session.take() {
            let path = format!("/session/{id}");
            let _ = http(self.addr, "DELETE", &path, None, Duration::from_secs(10));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        kill_profile_users(&self.profile);
    }
}

/// Kills every process whose command line names `profile` as its `--user-data-dir` (a Chromium
/// orphaned by a chromedriver that died): only this session's browser, found by its own temp dir.
fn kill_profile_users(profile: &Path) {
    let flag = format!("--user-data-dir={}", profile.display());
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for p in procs.flatten() {
        let name = p.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(p.path().join("cmdline")) else {
            continue;
        };
        if cmdline.split(|b| *b == 0).any(|arg| arg == flag.as_bytes()) {
            let _ = Command::new("kill").args(["-9", pid]).status();
        }
    }
}
