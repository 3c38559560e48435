//! Guarded outbound HTTP(S) GET over ureq (rustls, Mozilla's roots from
//! `webpki-roots`). Every connection — the first and each redirect hop — is
//! made to an address vetted against a [`FetchPolicy`]: loopback, private,
//! link-local, unspecified, CGNAT, multicast and reserved addresses are
//! refused unless the policy allows private targets. The vetting sits in
//! ureq's resolver (`guard.rs`), and ureq's connector connects only to the
//! addresses the resolver returned, so there is no second lookup that DNS
//! rebinding could exploit; no proxy is ever used, as a proxy would resolve
//! the target itself.
//!
//! Why ureq rather than a hand-written client: HTTPS (most feeds), gzip,
//! chunked bodies and redirects are protocol work worth a maintained crate;
//! ureq is blocking (the callers are threads, not async tasks) and lets the
//! resolver be replaced. Its resolver hook lives in ureq's `unversioned`
//! module, which may change in minor releases: the workspace pins `~3.5`.
//!
//! The whole fetch (resolve, connect, redirects, body) is bounded by
//! [`FetchPolicy::timeout`] and the decoded body by [`FetchPolicy::max_bytes`]
//! (so a gzip bomb stops at the cap too). [`Fetcher::get_conditional`] sends
//! `If-None-Match` / `If-Modified-Since` and reports `304 Not Modified`.

mod addr;
mod guard;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use ureq::ResponseExt;
use ureq::tls::{RootCerts, TlsConfig};
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::DefaultConnector;

pub use addr::{AddressClass, classify};
use guard::{GuardedResolver, Stop};

/// Redirects followed (each hop vetted again) before giving up.
const MAX_REDIRECTS: u32 = 5;

/// What a fetch may reach and how long and large it may be.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Allow loopback, private, link-local and other internal addresses.
    pub allow_private: bool,
    /// Bound on the whole fetch: resolving, connecting, redirects and the body.
    pub timeout: Duration,
    /// Largest body accepted, in bytes, after decompression.
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

/// Why a fetch failed; every variant names the URL asked for.
/// Causes are part of the message (not a `source()` chain), so each error
/// prints once under `{:#}`.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a valid URL: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("{url}: unsupported scheme (only http:// and https:// are supported)")]
    UnsupportedScheme { url: String },
    #[error("{url}: resolving {host}: {error}")]
    Resolve {
        url: String,
        host: String,
        error: std::io::Error,
    },
    #[error("{url}: the host resolves to no address")]
    NoAddress { url: String },
    #[error(
        "{url}: refused to connect to {addr} ({target}), a {class} address \
         (private/loopback/internal targets need allow_private, SITREP_ALLOW_PRIVATE_FETCH=1)"
    )]
    Refused {
        url: String,
        /// The hop refused: the URL itself, or where it redirected to.
        target: String,
        addr: IpAddr,
        class: AddressClass,
    },
    #[error("{url}: {error}")]
    Io { url: String, error: std::io::Error },
    #[error("{url}: TLS: {reason}")]
    Tls { url: String, reason: String },
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

/// The validators of an earlier response, sent back for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A successful (2xx) response.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: String,
    pub body: Vec<u8>,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// What to send next time for a conditional GET.
    pub validators: Validators,
}

/// The answer to a conditional GET.
#[derive(Debug, Clone)]
pub enum Conditional {
    /// `304 Not Modified`: what the validators describe is still current.
    NotModified,
    Modified(Fetched),
}

/// A guarded HTTP client: one connection pool, one policy. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    policy: FetchPolicy,
}

impl Fetcher {
    /// A client trusting Mozilla's root certificates (compiled in).
    pub fn new(policy: FetchPolicy) -> Fetcher {
        Fetcher::with_roots(policy, RootCerts::WebPki)
    }

    /// A client trusting exactly the certificates in `pem` (a private CA;
    /// tests use their own).
    pub fn with_root_certificates(policy: FetchPolicy, pem: &[u8]) -> Result<Fetcher, FetchError> {
        let bad = |reason: String| FetchError::Tls {
            url: "(root certificates)".into(),
            reason,
        };
        let mut certs = Vec::new();
        for item in ureq::tls::parse_pem(pem) {
            match item.map_err(|e| bad(e.to_string()))? {
                ureq::tls::PemItem::Certificate(c) => certs.push(c),
                _ => continue,
            }
        }
        if certs.is_empty() {
            return Err(bad("no certificate in the PEM data".into()));
        }
        Ok(Fetcher::with_roots(
            policy,
            RootCerts::Specific(Arc::new(certs)),
        ))
    }

    fn with_roots(policy: FetchPolicy, roots: RootCerts) -> Fetcher {
        Fetcher::guarded(policy, roots, Vec::new())
    }

    fn guarded(policy: FetchPolicy, roots: RootCerts, exempt: Vec<SocketAddr>) -> Fetcher {
        let config = ureq::Agent::config_builder()
            // Statuses are the caller's business (304 above all).
            .http_status_as_error(false)
            // A proxy would resolve the target itself, past the guard.
            .proxy(None)
            .max_redirects(MAX_REDIRECTS)
            .max_redirects_will_error(true)
            .timeout_global(Some(policy.timeout))
            .user_agent(concat!("sitrep/", env!("CARGO_PKG_VERSION")))
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .build();
        let resolver = GuardedResolver {
            allow_private: policy.allow_private,
            exempt,
            inner: DefaultResolver::default(),
        };
        Fetcher {
            agent: ureq::Agent::with_parts(config, DefaultConnector::new(), resolver),
            policy,
        }
    }

    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// GETs `url` and returns the body of a 2xx response.
    pub fn get(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        match self.send(url, None)? {
            Conditional::Modified(fetched) => Ok(fetched.body),
            // Only a conditional request is answered 304; `send` refuses it otherwise.
            Conditional::NotModified => Err(FetchError::Status {
                url: url.to_owned(),
                status: 304,
            }),
        }
    }

    /// GETs `url` with `If-None-Match` / `If-Modified-Since` from `validators`
    /// (none when empty): [`Conditional::NotModified`] on 304, else the body
    /// and the new validators.
    pub fn get_conditional(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<Conditional, FetchError> {
        self.send(url, Some(validators))
    }

    fn send(&self, url: &str, validators: Option<&Validators>) -> Result<Conditional, FetchError> {
        check_url(url)?;
        let mut request = self.agent.get(url);
        let conditional = validators.is_some_and(|v| !v.is_empty());
        if let Some(v) = validators {
            // A validator that cannot be a header value is not sent.
            if let Some(etag) = v.etag.as_deref().filter(|s| header_safe(s)) {
                request = request.header("If-None-Match", etag);
            }
            if let Some(lm) = v.last_modified.as_deref().filter(|s| header_safe(s)) {
                request = request.header("If-Modified-Since", lm);
            }
        }
        let mut response = request.call().map_err(|e| self.error(url, e))?;
        let status = response.status().as_u16();
        if status == 304 && conditional {
            return Ok(Conditional::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status {
                url: url.to_owned(),
                status,
            });
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let too_large = || FetchError::TooLarge {
            url: url.to_owned(),
            max_bytes: self.policy.max_bytes,
        };
        // An uncompressed body announced larger than the cap is refused unread.
        if header("content-encoding").is_none()
            && header("content-length")
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|n| n > self.policy.max_bytes)
        {
            return Err(too_large());
        }
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let content_type = header("content-type");
        let final_url = response.get_uri().to_string();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.policy.max_bytes)
            .read_to_vec()
            .map_err(|e| self.error(url, e))?;
        Ok(Conditional::Modified(Fetched {
            url: final_url,
            body,
            content_type,
            validators,
        }))
    }

    /// The [`FetchError`] for a ureq error while fetching `url`.
    fn error(&self, url: &str, error: ureq::Error) -> FetchError {
        let url = url.to_owned();
        let timeout = || FetchError::Timeout {
            url: url.clone(),
            timeout: self.policy.timeout,
        };
        match error {
            ureq::Error::Other(inner) => match inner.downcast::<Stop>() {
                Ok(stop) => match *stop {
                    Stop::Refused {
                        target,
                        addr,
                        class,
                    } => FetchError::Refused {
                        url,
                        target,
                        addr,
                        class,
                    },
                    Stop::Resolve { host, error } => FetchError::Resolve { url, host, error },
                },
                Err(other) => FetchError::BadResponse {
                    url,
                    reason: other.to_string(),
                },
            },
            ureq::Error::Timeout(_) => timeout(),
            ureq::Error::Io(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                ) =>
            {
                timeout()
            }
            ureq::Error::Io(error) => match error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                // A certificate ureq's rustls refused surfaces as an I/O error.
                Some(tls) => FetchError::Tls {
                    url,
                    reason: tls.to_string(),
                },
                None => FetchError::Io { url, error },
            },
            ureq::Error::HostNotFound => FetchError::NoAddress { url },
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                url,
                max_bytes: self.policy.max_bytes,
            },
            ureq::Error::TooManyRedirects => FetchError::TooManyRedirects { url },
            ureq::Error::BadUri(reason) => FetchError::BadUrl { url, reason },
            ureq::Error::Http(e) => FetchError::BadUrl {
                url,
                reason: e.to_string(),
            },
            ureq::Error::StatusCode(status) => FetchError::Status { url, status },
            e @ (ureq::Error::Tls(_)
            | ureq::Error::Rustls(_)
            | ureq::Error::Pem(_)
            | ureq::Error::TlsRequired) => FetchError::Tls {
                url,
                reason: e.to_string(),
            },
            other => FetchError::BadResponse {
                url,
                reason: other.to_string(),
            },
        }
    }
}

/// GETs `url` under `policy` and returns the body of a 2xx response.
/// Redirects are followed, each hop resolved and vetted anew.
pub fn get(url: &str, policy: &FetchPolicy) -> Result<Vec<u8>, FetchError> {
    Fetcher::new(policy.clone()).get(url)
}

/// [`Fetcher::get_conditional`] with a one-off client.
pub fn get_conditional(
    url: &str,
    policy: &FetchPolicy,
    validators: &Validators,
) -> Result<Conditional, FetchError> {
    Fetcher::new(policy.clone()).get_conditional(url, validators)
}

/// Visible ASCII and spaces only: what a header value may carry.
fn header_safe(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

/// Refuses what this client will not fetch before ureq sees it: schemes other
/// than http(s), credentials in the URL, and spaces or control characters.
fn check_url(url: &str) -> Result<(), FetchError> {
    let bad = |reason: &str| FetchError::BadUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(bad("missing scheme"));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(FetchError::UnsupportedScheme {
            url: url.to_owned(),
        });
    }
    if url.chars().any(|c| c.is_control() || c == ' ') {
        return Err(bad("control characters or spaces"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(bad("credentials in URLs are not accepted"));
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']').ok_or_else(|| bad("unclosed '['"))?;
            match after {
                "" => (host, None),
                p => (
                    host,
                    Some(p.strip_prefix(':').ok_or_else(|| bad("junk after ']'"))?),
                ),
            }
        }
        None => match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Err(bad("empty host"));
    }
    // The URI parser would quietly fall back to the default port.
    if let Some(p) = port.filter(|p| !p.is_empty())
        && p.parse::<u16>().is_err()
    {
        return Err(bad("invalid port"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use super::*;

    /// Answers each of `n` connections on 127.0.0.1 with `response`.
    fn serve(response: String, n: usize) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        std::thread::spawn(move || {
            for stream in listener.incoming().take(n) {
                let Ok(mut stream) = stream else { continue };
                let mut reader =
                    BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}")));
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let _ = stream.write_all(response.as_bytes());
            }
        });
        addr
    }

    /// A "public" server (exempted from the guard, as a test cannot reach a
    /// real one) that redirects to an internal address: the hop is refused.
    #[test]
    fn a_redirect_to_an_internal_address_is_refused() {
        let inner = serve(
            "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret".into(),
            1,
        );
        let outer = serve(
            format!(
                "HTTP/1.1 302 Found\r\nLocation: http://{inner}/admin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
            2,
        );
        let policy = FetchPolicy {
            timeout: Duration::from_secs(5),
            ..FetchPolicy::default()
        };
        let url = format!("http://{outer}/feed.xml");
        let fetcher = Fetcher::guarded(policy.clone(), RootCerts::WebPki, vec![outer]);
        let err = fetcher
            .get(&url)
            .err()
            .unwrap_or_else(|| panic!("the redirect was followed"));
        match &err {
            FetchError::Refused {
                url: asked,
                target,
                class,
                ..
            } => {
                assert_eq!(asked, &url);
                assert!(target.contains(&inner.to_string()), "{target}");
                assert_eq!(*class, AddressClass::Loopback);
            }
            other => panic!("{other:?}"),
        }
        // Exempting the inner server too lets the redirect through.
        let fetcher = Fetcher::guarded(policy, RootCerts::WebPki, vec![outer, inner]);
        assert_eq!(
            fetcher.get(&url).unwrap_or_else(|e| panic!("{e}")),
            b"secret"
        );
    }

    #[test]
    fn urls_are_checked() {
        for ok in [
            "http://data.gdeltproject.org/gdeltv2/lastupdate.txt",
            "https://www.gdacs.org/xml/rss.xml",
            "http://127.0.0.1:8080?x=1#frag",
            "http://[::1]:81/a",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            check_url("ftp://example.org/"),
            Err(FetchError::UnsupportedScheme { .. })
        ));
        assert!(check_url("http://user:pw@example.org/").is_err());
        assert!(check_url("http://exa mple.org/").is_err());
        assert!(check_url("http:///path").is_err());
        assert!(check_url("example.org").is_err());
        assert!(check_url("http://example.org:99999/").is_err());
        assert!(check_url("http://example.org:8o/").is_err());
        assert!(check_url("http://[::1]x/").is_err());
    }

    #[test]
    fn only_header_safe_validators_are_sent() {
        assert!(header_safe("\"abc-123\""));
        assert!(header_safe("W/\"x\""));
        assert!(header_safe("Wed, 08 Jul 2026 10:25:01 GMT"));
        assert!(!header_safe(""));
        assert!(!header_safe("a\r\nX-Injected: 1"));
        assert!(!header_safe("é"));
    }
}
