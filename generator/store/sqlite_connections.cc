#include "store/sqlite_connections.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/database.h"

namespace bulletin {

SqliteConnections::SqliteConnections(const std::string& path, int readers, int busy_timeout_ms)
    : path_(path), writer_(OpenDatabase(path, /*read_only=*/false, busy_timeout_ms)) {
  for (int i = 0; i < std::max(readers, 1); ++i) {
    readers_.push_back(OpenDatabase(path, /*read_only=*/true, busy_timeout_ms));
    free_.push_back(readers_.back().get());
  }
}

SqliteConnections::~SqliteConnections() = default;

bool SqliteConnections::Write(const char* what, const Work& work, std::string* err) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    work(*writer_);
    tx.commit();
    return true;
  } catch (const std::exception& e) {
    *err = std::string(what) + ": " + e.what();
    return false;
  }
}

bool SqliteConnections::Read(const char* what, const Work& work, std::string* err) {
  SQLite::Database* db = nullptr;
  {
    std::unique_lock<std::mutex> lock(readers_mu_);
    reader_free_.wait(lock, [this] { return !free_.empty(); });
    db = free_.back();
    free_.pop_back();
  }
  bool ok = true;
  try {
    SQLite::Transaction tx(*db);  // deferred: a read snapshot from the first SELECT
    work(*db);
    tx.commit();
  } catch (const std::exception& e) {
    *err = std::string(what) + ": " + e.what();
    ok = false;
  }
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    free_.push_back(db);
  }
  reader_free_.notify_one();
  return ok;
}

}  // namespace bulletin
