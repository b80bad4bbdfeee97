//! A minimal HTTP/1.1 client for chromedriver's JSON (one request per connection, every call with a
//! deadline), and the base64 of its screenshots.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::Value as Json;

use super::serve::find;

/// One request with a JSON body; the status and the parsed JSON answer. Gives up after `limit`.
pub(super) fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Json>,
    limit: Duration,
) -> Result<(u16, Json), String> {
    let what = format!("{method} {path}");
    let deadline = Instant::now() + limit;
    let mut stream =
        TcpStream::connect_timeout(&addr, limit).map_err(|e| format!("{what}: connect: {e}"))?;
    let _ = stream.set_write_timeout(Some(limit));
    let body = body.map(Json::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("{what}: send: {e}"))?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        if let Some(done) = complete(&raw) {
            return done.map_err(|e| format!("{what}: {e}"));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!("{what}: no complete answer in {limit:?}"));
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buf) {
            Ok(0) => {
                return complete(&raw)
                    .unwrap_or_else(|| Err("connection closed mid-answer".into()))
                    .map_err(|e| format!("{what}: {e}"));
            }
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("{what}: {e}")),
        }
    }
}

/// The answer in `raw` once it is complete (by Content-Length or the last chunk), else `None`.
fn complete(raw: &[u8]) -> Option<Result<(u16, Json), String>> {
    let end = find(raw, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let rest = &raw[end + 4..];
    let status: u16 = head.split(' ').nth(1)?.parse().ok()?;
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
    };
    let body = if header("transfer-encoding") == Some("chunked") {
        dechunk(rest)?
    } else {
        let len: usize = header("content-length")?.parse().ok()?;
        rest.get(..len)?.to_vec()
    };
    if body.is_empty() {
        return Some(Ok((status, Json::Null)));
    }
    Some(
        serde_json::from_slice(&body)
            .map(|json| (status, json))
            .map_err(|e| format!("status {status}, not JSON ({e})")),
    )
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line = find(rest, b"\r\n")?;
        let size = std::str::from_utf8(&rest[..line]).ok()?.split(';').next()?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        rest = &rest[line + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}
/// Standard base64 (with padding) to bytes.
pub(super) fn base64(text: &str) -> Result<Vec<u8>, String> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for quad in clean.chunks(4) {
        let digits: Vec<u8> = quad.iter().take_while(|c| **c != b'=').copied().collect();
        let mut n = 0u32;
        for (i, c) in digits.iter().enumerate() {
            n |= u32::from(value(*c).ok_or("not base64")?) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..digits.len().max(1)]);
    }
    Ok(out)
}
