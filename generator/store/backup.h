#pragma once

#include <string>

namespace bulletin {

/// Copies the live SQLite database at `db_path` to `out_path` with SQLite's online backup (safe
/// while `bulletin serve` writes): into a temporary file beside `out_path`, checked with
/// PRAGMA integrity_check and made a standalone (non-WAL) file, synced, then renamed into
/// place. Refuses an existing `out_path` unless `force`. Returns false and sets *err on
/// failure, leaving nothing behind.
bool BackupDatabase(const std::string& db_path, const std::string& out_path, bool force,
                    std::string* err);

}  // namespace bulletin
