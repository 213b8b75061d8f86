#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "server/router.h"

namespace bulletin {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                      ///< 0 picks a free port (tests)
  std::string site_dir = "site";        ///< the built site to serve
  int threads = 2;                      ///< I/O threads; about one per core
  int worker_threads = 16;              ///< handler threads; handlers may wait on the database
  size_t max_header_bytes = 16 * 1024;  ///< each for request line and fields
  size_t max_body_bytes = 64 * 1024;    ///< declared or chunked; beyond: 413
  /// The body limit for POSTs under /manage/ but /manage/login instead (a roster upload).
  size_t max_upload_body_bytes = 8 * 1024 * 1024;
  int read_timeout_seconds = 10;   ///< whole request must arrive within this
  int idle_timeout_seconds = 30;   ///< keep-alive connections idle longer are closed
  int write_timeout_seconds = 60;  ///< a response must be taken within this
  size_t max_connections = 512;    ///< beyond: new connections get 503 and are closed
};

/// An HTTP/1.1 server: the Beast listener, connection limits and timeouts, the security
/// headers every response carries, and a Router whose fallback serves the static site.
///
/// What clients get before a handler runs: a request line over max_header_bytes or a target
/// over 8 KB gets 414, header fields over max_header_bytes 431, a body over max_body_bytes
/// (chunked or not; max_upload_body_bytes for a POST under /manage/) 413, a malformed request or a
/// target not in origin form 400; each then closes the connection. A request that does not arrive
/// whole within read_timeout_seconds (slow clients) is dropped without a reply. A handler that
/// throws yields a generic 500 and one line on stderr. A response to HEAD loses its body but keeps
/// its Content-Length.
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
