#include "check/external_links.h"

#include <ctime>
#include <map>

#include "check/link_cache.h"

namespace bulletin {

void CheckExternalLinks(const std::vector<ExternalLink>& links, const ExternalCheckOptions& options,
                        CheckReport* report, ExternalCheckStats* stats) {
  int64_t now = options.now ? options.now : static_cast<int64_t>(std::time(nullptr));
  LinkCache cache;
  if (!options.cache_path.empty()) {
    std::string err;
    if (!cache.Open(options.cache_path, &err)) {
      report->Add(options.cache_path, 0, 0, FindingSeverity::kWarning, "external-link",
                  "link cache not usable (" + err + "); checking without it");
    }
  }
  std::map<std::string, UrlResult> results;
  std::vector<std::string> to_check;
  for (const ExternalLink& link : links) {
    if (results.count(link.url)) continue;
    if (auto cached = cache.Get(link.url, now, options.cache_ttl_seconds)) {
      results[link.url] = *cached;
      ++stats->from_cache;
    } else {
      results[link.url] = {};
      to_check.push_back(link.url);
    }
  }
  stats->urls = static_cast<int>(results.size());
  if (!options.offline && !to_check.empty()) {
    HttpCheckStats http;
    std::map<std::string, UrlResult> fresh =
        CheckUrls(to_check, options.http, options.progress, &http);
    stats->requests += http.requests;
    for (auto& [url, result] : fresh) results[url] = result;
    cache.PutAll(fresh, now);
  }
  std::map<std::string, bool> unchecked;
  for (const std::string& url : to_check) unchecked[url] = options.offline;
  for (const ExternalLink& link : links) {
    const UrlResult& r = results[link.url];
    if (unchecked[link.url]) {
      report->Add(link.path, link.line, link.column, FindingSeverity::kNote, "external-link",
                  link.url + " not checked (offline, and not in the link cache)");
    } else if (!r.ok) {
      report->Add(link.path, link.line, link.column, FindingSeverity::kWarning, "external-link",
                  link.url + " " + r.problem);
    }
  }
}

}  // namespace bulletin
