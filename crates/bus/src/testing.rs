//! What the queue's tests (this crate's and the CLI's) share: the NATS
//! server to run against, failing — never skipping — when none answers.

/// The NATS URL (`SITREP_TEST_NATS`, default `nats://127.0.0.1:4222`);
/// panics with how to start one when nothing answers there.
pub fn nats_url() -> String {
    let url = std::env::var("SITREP_TEST_NATS").unwrap_or_else(|_| "nats://127.0.0.1:4222".into());
    let addr = url.trim_start_matches("nats://");
    if std::net::TcpStream::connect(addr).is_err() {
        panic!(
            "NATS is not reachable at {url}: start it with JetStream, e.g. \
             `start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
             -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log` \
             (Debian package nats-server), or set SITREP_TEST_NATS"
        );
    }
    url
}
