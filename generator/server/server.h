#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "server/router.h"

namespace bulletin {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                      ///< 0 picks a free port (tests)
  std::string site_dir = "site";        ///< the built site to serve
  int threads = 2;                      ///< I/O threads; about one per core
  int worker_threads = 16;              ///< handler threads; handlers may wait on the database
  int slow_threads = 1;                 ///< threads for HandlerPool::kSlow (password hashing)
  size_t slow_queue = 8;                ///< kSlow requests that may wait; beyond: 503 at once
  size_t max_header_bytes = 16 * 1024;  ///< each for request line and fields
  size_t max_body_bytes = 64 * 1024;    ///< declared or chunked; beyond: 413
  /// The body limit for a POST that `may_upload` allows (a manager's roster upload).
  size_t max_upload_body_bytes = 8 * 1024 * 1024;
  /// Asked, on the I/O thread, once a POST's body grows past max_body_bytes: the request's
  /// method, target, path, peer and headers, and `body` holding the first bytes received
  /// (at least max_body_bytes of them). True lets the body grow to max_upload_body_bytes;
  /// false (or no function) answers 413. So the larger limit is decided after
  /// authentication: anonymous requests never get it.
  std::function<bool(const HttpRequest&)> may_upload;
  int header_timeout_seconds = 10;  ///< from connecting, or a request's first byte, to its header
  int body_timeout_seconds = 60;    ///< after the header, for the whole body
  int idle_timeout_seconds = 15;    ///< keep-alive connections idle longer are closed
  int write_timeout_seconds = 60;   ///< a response must be taken within this
  size_t max_connections = 512;     ///< beyond: new connections get 503 and are closed
  /// Connections one client address may hold open (0: no limit); beyond: 429 at once and
  /// closed. Behind a trusted proxy (see IsTrustedProxy), requests in progress per
  /// forwarded address instead.
  size_t max_connections_per_client = 32;
  /// New connections one client address may open per second (with a burst of as many);
  /// beyond: 429 at once and closed. 0: no limit. Not applied to a trusted proxy.
  double new_connections_per_client_per_second = 32;
  /// When not empty, the Host header (without its port, case-insensitive) must be one of
  /// these; otherwise 400. Every request must carry exactly one Host in any case.
  std::vector<std::string> allowed_hosts;
};

/// An HTTP/1.1 server: the Beast listener, connection limits and timeouts, the security
/// headers every response carries, and a Router whose fallback serves the static site.
///
/// What clients get before a handler runs: a client address over its connection limits gets
/// 429 at once (and the connection closed, nothing read), any client past the global cap 503;
/// a request line over max_header_bytes or a target over 8 KB gets 414, header fields over
/// max_header_bytes 431, a body over max_body_bytes (chunked or not; max_upload_body_bytes when
/// `may_upload` allows) 413, a malformed request, a target not in origin form, no Host, two
/// Host fields or a Host not allowed 400; each then closes the connection. A header that does
/// not arrive within header_timeout_seconds, or a body within body_timeout_seconds (slow
/// clients), is dropped without a reply. A handler that throws yields a generic 500 and one
/// line on stderr. A response to HEAD loses its body but keeps its Content-Length.
class Server {
 public:
  Server();
  ~Server();  ///< Stops the server if it runs.
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Routes to add before Start. Requests no route matches go to the static files of
  /// options.site_dir (see StaticFiles) unless a fallback was set here.
  Router& router();

  /// Listens on options.host:options.port and starts options.threads I/O threads.
  /// Returns false and sets *err if it cannot listen (or already runs).
  bool Start(const ServerOptions& options, std::string* err);

  /// The port it listens on (the chosen one when options.port is 0); 0 when not running.
  int port() const;

  /// Stops accepting, drops open connections and joins the threads. Safe to call twice.
  void Stop();

  /// A graceful stop: closes the listening socket at once, lets every request already
  /// received be answered (each with `Connection: close`) for up to `grace`, then Stop.
  /// An idle keep-alive connection is closed. `bulletin serve` does this on SIGTERM and
  /// SIGINT, so a form post being committed still gets its result page.
  void Drain(std::chrono::milliseconds grace);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// Serves until SIGINT or SIGTERM. Once listening, writes exactly
/// "Serving <site_dir>/ at http://<host>:<port>/\n" to `log` and flushes it.
/// Returns the process exit status (0 after a clean shutdown, 1 if the site folder is
/// missing or it cannot listen, with the reason on stderr).
/// `add_routes`, if given, adds the dynamic routes before the server starts.
int RunServer(const ServerOptions& options, std::ostream& log,
              const std::function<void(Router&)>& add_routes = {});

}  // namespace bulletin
