#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace SQLite {
class Database;
}

namespace bulletin {

/// Everything held about the person with `email` (case-insensitive), for a subject-access
/// request: their learner record, every attempt with its answers, their certificates, their
/// roster entry, their manager account (never the password hash; sessions only as a count),
/// failed logins against their address, audit entries by them or naming them, the LRS
/// outbox rows of their attempts, their practitioner record (sessions as a count) and the
/// messages sent to them (never the text). nullopt when nothing at all is held.
std::optional<nlohmann::json> ExportPerson(SQLite::Database& db, const std::string& email,
                                           int64_t now);

/// What a purge did, or would do.
struct PurgeReport {
  int64_t cutoff = 0;    ///< Unix seconds: attempts made before this are past retention
  int attempts = 0;      ///< deleted, or anonymised
  int certificates = 0;  ///< deleted with their attempts (both modes)
  int outbox_rows = 0;   ///< deleted with their attempts (both modes)
  int learners = 0;      ///< removed because no attempt of theirs is left
};

/// The Unix time `months` calendar months before `now` (UTC, clamped to the month's end).
int64_t RetentionCutoff(int64_t now, int months);

/// Applies the retention period in one IMMEDIATE transaction: attempts made before
/// `cutoff` are deleted with their certificates and outbox rows, or with `anonymise` kept
/// for totals (quiz, organisation, team, score and date) with the name and answers cleared
/// and the learner replaced by one shared anonymous learner; learners left with no attempt
/// are removed. With `dry_run` it counts and rolls back. Waits for a concurrent writer
/// (`bulletin serve`) through the busy timeout. Throws std::exception on failure, leaving
/// the database as it was.
PurgeReport Purge(SQLite::Database& db, int64_t cutoff, bool anonymise, bool dry_run);

/// Copies the live database at `db_path` to `out_path` with SQLite's online backup (safe
/// while `bulletin serve` writes): into a temporary file beside `out_path`, checked with
/// PRAGMA integrity_check and made a standalone (non-WAL) file, synced, then renamed into
/// place. Refuses an existing `out_path` unless `force`. Returns false and sets *err on
/// failure, leaving nothing behind.
bool BackupDatabase(const std::string& db_path, const std::string& out_path, bool force,
                    std::string* err);

}  // namespace bulletin
