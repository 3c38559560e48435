//! The address guard as a ureq resolver. ureq asks its resolver for the
//! addresses of every connection it opens — the first request and each
//! redirect hop alike — and its connector connects only to what the resolver
//! returned. So vetting here means the address connected to is always a
//! vetted one, and there is no second lookup that DNS rebinding could use.
//! (The agent has no proxy configured: with a proxy, ureq would not resolve
//! the target itself.)

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

use crate::addr::{AddressClass, classify};

/// Why the guard stopped a connection; carried out of ureq inside
/// `ureq::Error::Other` and turned into a [`crate::FetchError`].
#[derive(Debug)]
pub(crate) enum Stop {
    Refused {
        /// The URL of the hop (differs from the requested URL after a redirect).
        target: String,
        addr: IpAddr,
        class: AddressClass,
    },
    Resolve {
        host: String,
        error: std::io::Error,
    },
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Refused {
                target,
                addr,
                class,
            } => write!(f, "{target} resolves to {addr}, a {class} address"),
            Stop::Resolve { host, error } => write!(f, "resolving {host}: {error}"),
        }
    }
}

impl std::error::Error for Stop {}

/// Resolves with the system resolver (bounded by ureq's resolve timeout) and
/// keeps only the addresses the policy allows.
#[derive(Debug)]
pub(crate) struct GuardedResolver {
    pub(crate) allow_private: bool,
    /// Internal addresses let through anyway: only the unit tests set any, to
    /// stand in for a public server that redirects inward.
    pub(crate) exempt: Vec<SocketAddr>,
    pub(crate) inner: DefaultResolver,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let resolved = match self.inner.resolve(uri, config, timeout) {
            Ok(addrs) => addrs,
            Err(ureq::Error::Io(error)) => {
                return Err(ureq::Error::Other(Box::new(Stop::Resolve {
                    host: uri.host().unwrap_or_default().to_owned(),
                    error,
                })));
            }
            Err(e) => return Err(e),
        };
        if self.allow_private {
            return Ok(resolved);
        }
        let mut allowed = self.empty();
        for addr in resolved.iter() {
            if classify(addr.ip()).is_public() || self.exempt.contains(addr) {
                allowed.push(*addr);
            }
        }
        match resolved.first() {
            Some(first) if allowed.is_empty() => Err(ureq::Error::Other(Box::new(Stop::Refused {
                target: uri.to_string(),
                addr: first.ip(),
                class: classify(first.ip()),
            }))),
            // The default resolver never answers an empty list without an error.
            None => Err(ureq::Error::HostNotFound),
            Some(_) => Ok(allowed),
        }
    }
}
