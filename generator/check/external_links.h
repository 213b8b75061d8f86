#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "check/finding.h"
#include "check/http_link_checker.h"
#include "check/internal_links.h"

namespace bulletin {

struct ExternalCheckOptions {
  HttpCheckOptions http;
  std::string cache_path;  ///< SQLite file; "" for no cache
  int64_t cache_ttl_seconds = 24 * 3600;
  bool offline = false;   ///< use only the cache
  HttpProgress progress;  ///< optional
  int64_t now = 0;        ///< Unix seconds; 0 = the current time
};

struct ExternalCheckStats {
  int urls = 0;        ///< distinct URLs
  int from_cache = 0;  ///< answered by the cache
  int requests = 0;    ///< HTTP transfers made
};

/// Checks the distinct URLs of `links` (cache first, unless stale), then
/// reports each broken one once per place it appears as a warning of kind
/// "external-link": `path:line:col: warning: https://... returned 404`.
/// Offline, an uncached URL is a note "not checked (offline)" at each place. A
/// cache that cannot be opened is a warning and the run goes on without it.
/// Never throws.
void CheckExternalLinks(const std::vector<ExternalLink>& links, const ExternalCheckOptions& options,
                        CheckReport* report, ExternalCheckStats* stats);

}  // namespace bulletin
