#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "check/http_link_checker.h"

namespace SQLite {
class Database;
}

namespace bulletin {

/// External link results kept in a SQLite file between runs. A cache that
/// cannot be opened or written is reported once by Open and then simply misses;
/// it never throws.
class LinkCache {
 public:
  LinkCache();
  ~LinkCache();

  /// Opens or creates the cache at `path`, creating its folder. Returns false
  /// with *err set if it cannot; the cache then stays empty.
  bool Open(const std::string& path, std::string* err);
  /// The result for `url` if it was stored less than `ttl_seconds` before `now`
  /// (Unix s).
  std::optional<UrlResult> Get(const std::string& url, int64_t now, int64_t ttl_seconds) const;
  /// Stores (or replaces) the result for `url`, checked at `now`.
  void Put(const std::string& url, const UrlResult& result, int64_t now);
  /// Stores every result in one transaction.
  void PutAll(const std::map<std::string, UrlResult>& results, int64_t now);

 private:
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace bulletin
