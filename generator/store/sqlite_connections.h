#pragma once

// The SQLite back end's connection policy. Internal to store/: nothing above store/ includes
// this header (it names SQLite types).

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace bulletin {

/// One writer connection and a small pool of read-only connections to one database file,
/// opened once (in `bulletin serve`, or per `bulletin admin` command) and shared by every
/// table group. Writes are serialised on the writer; reads run on whichever reader is free
/// (waiting when all are busy), so a slow dashboard never holds up a quiz submission.
/// Every connection is opened by OpenDatabase (WAL, synchronous=FULL, busy timeout); the
/// writer brings the schema up to date before the readers open. Thread-safe.
class SqliteConnections {
 public:
  /// Throws std::exception with a readable message if the file cannot be opened.
  SqliteConnections(const std::string& path, int readers, int busy_timeout_ms);
  ~SqliteConnections();

  using Work = std::function<void(SQLite::Database&)>;

  /// Runs `work` on the writer inside one IMMEDIATE transaction and commits it: all of it
  /// is durable on disk when this returns true. A driver error (an exception from `work` or
  /// the commit) rolls everything back and returns false with *err = "<what>: <reason>".
  bool Write(const char* what, const Work& work, std::string* err);

  /// Runs `work` on a free reader inside one read transaction (one consistent view of every
  /// table). Returns false with *err on a driver error.
  bool Read(const char* what, const Work& work, std::string* err);

  /// For the attempts store's group-commit thread, which manages its own transactions:
  /// the writer connection, to use only while holding writer_mutex().
  SQLite::Database& writer() { return *writer_; }
  std::mutex& writer_mutex() { return writer_mu_; }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::mutex writer_mu_;
  std::unique_ptr<SQLite::Database> writer_;
  std::mutex readers_mu_;
  std::condition_variable reader_free_;
  std::vector<std::unique_ptr<SQLite::Database>> readers_;
  std::vector<SQLite::Database*> free_;
};

}  // namespace bulletin
