#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bulletin {

/// The outcome of checking one URL.
struct UrlResult {
  bool ok = false;
  int status = 0;       ///< the final HTTP status, 0 if there was none
  std::string problem;  ///< "returned 404", "timed out after 15 s", ... ("" when ok)
};

/// Politeness and safety limits for checking links over HTTP.
struct HttpCheckOptions {
  int max_per_host = 4;    ///< requests in flight to one scheme://host:port
  int max_in_flight = 64;  ///< requests in flight in all
  int host_delay_ms = 50;  ///< least gap between starting two requests to one host
  int connect_timeout_ms = 5000;
  int timeout_ms = 15000;  ///< for a whole request, redirects included
  int max_redirects = 5;
  int max_retry_after_s = 10;  ///< 429/503 Retry-After up to this is waited for, once
  int max_retries = 2;         ///< per URL, for 429/503
  long max_bytes = 64 * 1024;  ///< a GET is cut off after this much body
  std::string user_agent = "bulletin-link-checker/0.1";
};

struct HttpCheckStats {
  int requests = 0;  ///< HTTP transfers started (a HEAD then a GET counts two)
};

/// Called as URLs finish: (finished, total).
using HttpProgress = std::function<void(size_t done, size_t total)>;

/// Checks every URL (http and https only) with libcurl's multi interface: HEAD
/// first, GET (cut off after max_bytes) when HEAD is refused or fails;
/// redirects followed up to max_redirects, to http(s) only; at most
/// max_per_host requests in flight per host with host_delay_ms between starts;
/// a 429 or 503 whose Retry-After is at most max_retry_after_s is retried after
/// it. 2xx and 3xx are ok. Never throws.
std::map<std::string, UrlResult> CheckUrls(const std::vector<std::string>& urls,
                                           const HttpCheckOptions& options,
                                           const HttpProgress& progress, HttpCheckStats* stats);

}  // namespace bulletin
