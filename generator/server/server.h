#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

namespace bulletin {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                 ///< 0 picks a free port (tests)
  std::string site_dir = "site";   ///< the built site to serve
  int threads = 2;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 64 * 1024;
  int read_timeout_seconds = 10;   ///< whole request must arrive within this
  int idle_timeout_seconds = 30;   ///< keep-alive connections idle longer are closed
  size_t max_connections = 512;
};

/// Serves until SIGINT or SIGTERM. Logs the address it listens on to `log` once ready.
/// Returns the process exit status (0 after a clean shutdown, 1 if it cannot listen).
int RunServer(const ServerOptions& options, std::ostream& log);

}  // namespace bulletin
