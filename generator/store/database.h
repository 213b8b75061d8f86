#pragma once

#include <memory>
#include <string>

namespace SQLite {
class Database;
}

namespace bulletin {

/// How long a connection waits for another process's write lock before failing.
inline constexpr int kDefaultBusyTimeoutMs = 5000;

/// The schema version this build of bulletin writes (PRAGMA user_version).
int CurrentSchemaVersion();

/// Opens the SQLite file at `path` the way every part of bulletin must: WAL journal,
/// synchronous=FULL (a commit is on disk before it is acknowledged), foreign keys on, a
/// busy timeout so writers from other processes (`bulletin admin ...` while `bulletin serve`
/// runs) wait rather than fail. A read-write open creates the file and its folder if needed
/// and brings the schema up to date (every table of every module lives in one file, so one
/// backup holds everything). Throws std::exception with a readable message on failure,
/// including a file made by a newer bulletin.
///
/// This is the SQLite back end's opener: only store/ (and tests setting up fixtures) use it.
/// Everything else reaches the data through the interfaces of store/data_layer.h.
std::unique_ptr<SQLite::Database> OpenDatabase(const std::string& path, bool read_only = false,
                                               int busy_timeout_ms = kDefaultBusyTimeoutMs);

/// For migration tests: brings the file at `path` (created if needed) from its version up
/// to `version` only, as an older bulletin would have left it (0: an empty file). Throws on
/// failure.
void MigrateDatabaseTo(const std::string& path, int version);

}  // namespace bulletin
