#include "check/link_cache.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>

namespace bulletin {

LinkCache::LinkCache() = default;
LinkCache::~LinkCache() = default;

bool LinkCache::Open(const std::string& path, std::string* err) {
  try {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    db_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(2000);
    db_->exec(
        "CREATE TABLE IF NOT EXISTS link_results ("
        " url TEXT PRIMARY KEY, ok INTEGER NOT NULL, status INTEGER NOT NULL,"
        " problem TEXT NOT NULL, checked_at INTEGER NOT NULL)");
    return true;
  } catch (const std::exception& e) {
    db_.reset();
    *err = e.what();
    return false;
  }
}

std::optional<UrlResult> LinkCache::Get(const std::string& url, int64_t now,
                                        int64_t ttl_seconds) const {
  if (!db_) return std::nullopt;
  try {
    SQLite::Statement q(*db_,
                        "SELECT ok, status, problem FROM link_results"
                        " WHERE url = ? AND checked_at > ?");
    q.bind(1, url);
    q.bind(2, static_cast<int64_t>(now - ttl_seconds));
    if (!q.executeStep()) return std::nullopt;
    UrlResult r;
    r.ok = q.getColumn(0).getInt() != 0;
    r.status = q.getColumn(1).getInt();
    r.problem = q.getColumn(2).getString();
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void LinkCache::Put(const std::string& url, const UrlResult& result, int64_t now) {
  if (!db_) return;
  try {
    SQLite::Statement q(*db_,
                        "INSERT OR REPLACE INTO link_results (url, ok, status, problem,"
                        " checked_at) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, url);
    q.bind(2, result.ok ? 1 : 0);
    q.bind(3, result.status);
    q.bind(4, result.problem);
    q.bind(5, static_cast<int64_t>(now));
    q.exec();
  } catch (const std::exception&) {
  }
}

void LinkCache::PutAll(const std::map<std::string, UrlResult>& results, int64_t now) {
  if (!db_) return;
  try {
    SQLite::Transaction tx(*db_);
    for (const auto& [url, result] : results) Put(url, result, now);
    tx.commit();
  } catch (const std::exception&) {
  }
}

}  // namespace bulletin
