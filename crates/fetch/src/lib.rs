//! Guarded outbound HTTP GET. The host is resolved once, every address is
//! vetted against a [`FetchPolicy`] (loopback, private, link-local,
//! unspecified, CGNAT, multicast and reserved addresses are refused unless the
//! policy allows private targets), and the connection goes to a vetted address
//! only — there is no second lookup that DNS rebinding could exploit. Connect,
//! read and write are bounded by a timeout, and the body by a size cap.
//!
//! Only plain `http://` is spoken (this build carries no TLS stack); an
//! `https://` URL is refused with [`FetchError::UnsupportedScheme`].

mod addr;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

pub use addr::{AddressClass, classify};

/// Redirects followed (each hop vetted again) before giving up.
const MAX_REDIRECTS: usize = 5;
/// Cap on the status line plus headers.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// What a fetch may reach and how long and large it may be.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Allow loopback, private, link-local and other internal addresses.
    pub allow_private: bool,
    /// Bound on connecting, on each read and write, and on the whole fetch.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            allow_private: false,
            timeout: Duration::from_secs(30),
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// Why a fetch failed; every variant names the URL.
/// I/O causes are part of the message (not a `source()` chain), so each
/// error prints once under `{:#}`.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a valid URL: {reason}")]
    BadUrl { url: String, reason: &'static str },
    #[error("{url}: unsupported scheme (only http:// is supported)")]
    UnsupportedScheme { url: String },
    #[error("{url}: resolving {host}: {error}")]
    Resolve {
        url: String,
        host: String,
        error: std::io::Error,
    },
    #[error("{url}: {host} resolves to no address")]
    NoAddress { url: String, host: String },
    #[error(
        "{url}: refused to fetch from {addr}, a {class} address \
         (private/loopback/internal targets need allow_private, SITREP_ALLOW_PRIVATE_FETCH=1)"
    )]
    Refused {
        url: String,
        addr: IpAddr,
        class: AddressClass,
    },
    #[error("{url}: connecting to {addr}: {error}")]
    Connect {
        url: String,
        addr: SocketAddr,
        error: std::io::Error,
    },
    #[error("{url}: {error}")]
    Io { url: String, error: std::io::Error },
    #[error("{url}: timed out after {timeout:?}")]
    Timeout { url: String, timeout: Duration },
    #[error("{url}: malformed HTTP response: {reason}")]
    BadResponse { url: String, reason: String },
    #[error("{url}: HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: response body larger than the {max_bytes}-byte cap")]
    TooLarge { url: String, max_bytes: u64 },
    #[error("{url}: more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects { url: String },
}

/// The parts of an `http://` URL a GET needs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    /// Path and query, starting with `/`.
    path: String,
}

fn parse_url(url: &str) -> Result<Target, FetchError> {
    let bad = |reason| FetchError::BadUrl {
        url: url.to_owned(),
        reason,
    };
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(bad("missing scheme"));
    };
    if !scheme.eq_ignore_ascii_case("http") {
        return Err(FetchError::UnsupportedScheme {
            url: url.to_owned(),
        });
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_owned()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_owned()),
    };
    if authority.contains('@') {
        return Err(bad("credentials in URLs are not accepted"));
    }
    if path.chars().any(|c| c.is_ascii_control() || c == ' ') {
        return Err(bad("control characters or spaces in the path"));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or_else(|| bad("unclosed '['"))?;
        match after {
            "" => (host, None),
            p => (
                host,
                Some(p.strip_prefix(':').ok_or_else(|| bad("junk after ']'"))?),
            ),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(bad("empty host"));
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
    {
        return Err(bad("invalid characters in the host"));
    }
    let port = match port {
        None | Some("") => 80,
        Some(p) => p.parse().map_err(|_| bad("invalid port"))?,
    };
    Ok(Target {
        host: host.to_owned(),
        port,
        path,
    })
}

/// GETs `url` under `policy` and returns the body of a 2xx response.
/// Redirects are followed, each hop resolved and vetted anew.
pub fn get(url: &str, policy: &FetchPolicy) -> Result<Vec<u8>, FetchError> {
    let deadline = Instant::now() + policy.timeout;
    let mut current = url.to_owned();
    for _ in 0..=MAX_REDIRECTS {
        match get_once(&current, policy, deadline)? {
            Outcome::Body(body) => return Ok(body),
            Outcome::Redirect(location) => {
                current = if location.starts_with('/') {
                    let t = parse_url(&current)?;
                    let host = if t.host.contains(':') {
                        format!("[{}]", t.host)
                    } else {
                        t.host
                    };
                    format!("http://{host}:{}{location}", t.port)
                } else {
                    location
                };
            }
        }
    }
    Err(FetchError::TooManyRedirects {
        url: url.to_owned(),
    })
}

enum Outcome {
    Body(Vec<u8>),
    Redirect(String),
}

/// Resolves `target`'s host once and returns the addresses the policy allows,
/// or the refusal for the first address when none is allowed.
fn vetted_addrs(
    url: &str,
    target: &Target,
    policy: &FetchPolicy,
    deadline: Instant,
) -> Result<Vec<SocketAddr>, FetchError> {
    // The system resolver has no timeout of its own: wait for it in a thread.
    let (tx, rx) = std::sync::mpsc::channel();
    let query = (target.host.clone(), target.port);
    std::thread::spawn(move || {
        let answer = (query.0.as_str(), query.1)
            .to_socket_addrs()
            .map(|addrs| addrs.collect::<Vec<_>>());
        let _ = tx.send(answer);
    });
    let wait = deadline.saturating_duration_since(Instant::now());
    let resolved = match rx.recv_timeout(wait) {
        Ok(answer) => answer.map_err(|source| FetchError::Resolve {
            url: url.to_owned(),
            host: target.host.clone(),
            error: source,
        })?,
        Err(_) => {
            return Err(FetchError::Timeout {
                url: url.to_owned(),
                timeout: policy.timeout,
            });
        }
    };
    let Some(first) = resolved.first().copied() else {
        return Err(FetchError::NoAddress {
            url: url.to_owned(),
            host: target.host.clone(),
        });
    };
    let allowed: Vec<SocketAddr> = resolved
        .into_iter()
        .filter(|a| policy.allow_private || classify(a.ip()).is_public())
        .collect();
    if allowed.is_empty() {
        return Err(FetchError::Refused {
            url: url.to_owned(),
            addr: first.ip(),
            class: classify(first.ip()),
        });
    }
    Ok(allowed)
}

fn get_once(url: &str, policy: &FetchPolicy, deadline: Instant) -> Result<Outcome, FetchError> {
    let target = parse_url(url)?;
    let addrs = vetted_addrs(url, &target, policy, deadline)?;
    let timeout_err = || FetchError::Timeout {
        url: url.to_owned(),
        timeout: policy.timeout,
    };
    let io_err = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => FetchError::Timeout {
            url: url.to_owned(),
            timeout: policy.timeout,
        },
        _ => FetchError::Io {
            url: url.to_owned(),
            error: source,
        },
    };
    let remaining = || {
        deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    };

    let mut last_error = None;
    let mut stream = None;
    for addr in &addrs {
        let Some(left) = remaining() else {
            return Err(timeout_err());
        };
        match TcpStream::connect_timeout(addr, left) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(source) => {
                last_error = Some(FetchError::Connect {
                    url: url.to_owned(),
                    addr: *addr,
                    error: source,
                })
            }
        }
    }
    let Some(mut stream) = stream else {
        return Err(last_error.unwrap_or_else(timeout_err));
    };
    let left = remaining().ok_or_else(timeout_err)?;
    stream.set_read_timeout(Some(left)).map_err(io_err)?;
    stream.set_write_timeout(Some(left)).map_err(io_err)?;

    let host_header = match (target.host.contains(':'), target.port) {
        (true, 80) => format!("[{}]", target.host),
        (true, p) => format!("[{}]:{p}", target.host),
        (false, 80) => target.host.clone(),
        (false, p) => format!("{}:{p}", target.host),
    };
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: sitrep/{}\r\n\
         Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n",
        target.path,
        env!("CARGO_PKG_VERSION")
    );
    stream.write_all(request.as_bytes()).map_err(io_err)?;

    let mut reader = BufReader::new(Deadline {
        inner: stream,
        deadline,
    });
    let head = read_head(url, &mut reader).map_err(|e| match e {
        HeadError::Io(source) => io_err(source),
        HeadError::Bad(reason) => FetchError::BadResponse {
            url: url.to_owned(),
            reason,
        },
    })?;
    if (300..400).contains(&head.status)
        && let Some(location) = head.header("location")
    {
        return Ok(Outcome::Redirect(location.to_owned()));
    }
    if !(200..300).contains(&head.status) {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status: head.status,
        });
    }
    let too_large = || FetchError::TooLarge {
        url: url.to_owned(),
        max_bytes: policy.max_bytes,
    };
    let chunked = head
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        read_chunked(url, &mut reader, policy.max_bytes).map_err(|e| match e {
            BodyError::Io(source) => io_err(source),
            BodyError::Bad(reason) => FetchError::BadResponse {
                url: url.to_owned(),
                reason,
            },
            BodyError::TooLarge => too_large(),
        })?
    } else {
        let length = match head.header("content-length") {
            Some(v) => Some(
                v.trim()
                    .parse::<u64>()
                    .map_err(|_| FetchError::BadResponse {
                        url: url.to_owned(),
                        reason: format!("invalid Content-Length {v:?}"),
                    })?,
            ),
            None => None,
        };
        if length.is_some_and(|n| n > policy.max_bytes) {
            return Err(too_large());
        }
        let limit = length.unwrap_or(policy.max_bytes.saturating_add(1));
        let mut body = Vec::new();
        reader
            .by_ref()
            .take(limit)
            .read_to_end(&mut body)
            .map_err(io_err)?;
        if body.len() as u64 > policy.max_bytes {
            return Err(too_large());
        }
        if let Some(n) = length
            && (body.len() as u64) < n
        {
            return Err(FetchError::BadResponse {
                url: url.to_owned(),
                reason: format!("body ended after {} of {n} bytes", body.len()),
            });
        }
        body
    };
    Ok(Outcome::Body(body))
}

/// A stream whose reads fail once the fetch's overall deadline has passed.
struct Deadline {
    inner: TcpStream,
    deadline: Instant,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(std::io::ErrorKind::TimedOut)?;
        self.inner.set_read_timeout(Some(left))?;
        self.inner.read(buf)
    }
}

struct Head {
    status: u16,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

enum HeadError {
    Io(std::io::Error),
    Bad(String),
}

/// Reads one CRLF- (or LF-) terminated line of at most `budget` bytes.
fn read_line<R: BufRead>(reader: &mut R, budget: &mut usize) -> Result<String, HeadError> {
    let mut line = Vec::new();
    let n = reader
        .take(*budget as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(HeadError::Io)?;
    if n > *budget {
        return Err(HeadError::Bad("response head too long".into()));
    }
    *budget -= n;
    if !line.ends_with(b"\n") {
        return Err(HeadError::Bad("connection closed inside the head".into()));
    }
    let text = String::from_utf8(line).map_err(|_| HeadError::Bad("non-UTF-8 head".into()))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_owned())
}

fn read_head<R: BufRead>(_url: &str, reader: &mut R) -> Result<Head, HeadError> {
    let mut budget = MAX_HEAD_BYTES;
    let status_line = read_line(reader, &mut budget)?;
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(HeadError::Bad(format!("bad status line {status_line:?}")));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| HeadError::Bad(format!("bad status line {status_line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, &mut budget)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| HeadError::Bad(format!("bad header line {line:?}")))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(Head { status, headers })
}

enum BodyError {
    Io(std::io::Error),
    Bad(String),
    TooLarge,
}

fn read_chunked<R: BufRead>(
    url: &str,
    reader: &mut R,
    max_bytes: u64,
) -> Result<Vec<u8>, BodyError> {
    let line = |reader: &mut R| {
        let mut budget = 4096;
        read_line(reader, &mut budget).map_err(|e| match e {
            HeadError::Io(io) => BodyError::Io(io),
            HeadError::Bad(reason) => BodyError::Bad(format!("{reason} (chunk header of {url})")),
        })
    };
    let mut body = Vec::new();
    loop {
        let size_line = line(reader)?;
        let size_hex = size_line.split(';').next().unwrap_or_default().trim();
        let size = u64::from_str_radix(size_hex, 16)
            .map_err(|_| BodyError::Bad(format!("bad chunk size {size_line:?}")))?;
        if size == 0 {
            // Trailers, up to the blank line.
            while !line(reader)?.is_empty() {}
            return Ok(body);
        }
        if body.len() as u64 + size > max_bytes {
            return Err(BodyError::TooLarge);
        }
        let before = body.len();
        reader
            .take(size)
            .read_to_end(&mut body)
            .map_err(BodyError::Io)?;
        if ((body.len() - before) as u64) < size {
            return Err(BodyError::Bad("connection closed inside a chunk".into()));
        }
        if !line(reader)?.is_empty() {
            return Err(BodyError::Bad("missing CRLF after a chunk".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_parsed() {
        let t = parse_url("http://data.gdeltproject.org/gdeltv2/lastupdate.txt").unwrap();
        assert_eq!(t.host, "data.gdeltproject.org");
        assert_eq!(t.port, 80);
        assert_eq!(t.path, "/gdeltv2/lastupdate.txt");
        let t = parse_url("http://127.0.0.1:8080?x=1#frag").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("127.0.0.1", 8080, "/?x=1")
        );
        let t = parse_url("http://[::1]:81/a").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 81));
        assert!(matches!(
            parse_url("https://example.org/"),
            Err(FetchError::UnsupportedScheme { .. })
        ));
        assert!(parse_url("http://user:pw@example.org/").is_err());
        assert!(parse_url("http://exa mple.org/").is_err());
        assert!(parse_url("http://example.org:99999/").is_err());
        assert!(parse_url("example.org").is_err());
    }

    #[test]
    fn chunked_bodies_are_decoded_and_capped() {
        let raw = b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n";
        let mut r = &raw[..];
        match read_chunked("u", &mut r, 100) {
            Ok(body) => assert_eq!(body, b"Wikipedia"),
            Err(_) => panic!("decoding failed"),
        }
        let mut r = &raw[..];
        assert!(matches!(
            read_chunked("u", &mut r, 8),
            Err(BodyError::TooLarge)
        ));
    }
}
