#pragma once

// The SQLite back end's connection policy. Internal to store/: nothing above store/ includes
// this header (it names SQLite types).

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
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

/// For table groups whose interface reports a failure by throwing (the mail outbox and
/// sign-in, #15): runs `work` with SqliteConnections::Write (`write`) or Read and returns
/// its result; a driver error becomes std::runtime_error("<what>: <reason>").
template <typename T>
T RunOrThrow(SqliteConnections& db, bool write, const char* what,
             const std::function<T(SQLite::Database&)>& work) {
  std::optional<std::conditional_t<std::is_void_v<T>, int, T>> result;
  std::string err;
  auto run = [&](SQLite::Database& connection) {
    if constexpr (std::is_void_v<T>) {
      work(connection);
    } else {
      result.emplace(work(connection));
    }
  };
  bool ok = write ? db.Write(what, run, &err) : db.Read(what, run, &err);
  if (!ok) throw std::runtime_error(err);
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

}  // namespace bulletin
