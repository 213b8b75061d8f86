#pragma once

// The data layer: every table of bulletin is reached through one interface per table group,
// declared in store/ and implemented here for SQLite. store/ is the only place that writes
// SQL; routes and commands call these interfaces.
//
// Shape (follow it when adding a table group):
//   - store/<group>_records.h: plain structs for the rows, and an abstract class
//     <Group>Records whose methods return bool and set `std::string* err` on a failure of
//     the database (never throw; no SQLite type, PRAGMA, rowid or SQLite::Exception in the
//     header). Each method is one transaction: it has happened, durably, when it returns
//     true, and not at all when it returns false.
//   - store/sqlite_<group>_records.cc: the SQLite implementation, using SqliteConnections
//     (sqlite_connections.h) for every statement, made by NewSqlite<Group>Records in
//     sqlite_tables.h, and an accessor on DataLayer below.
//   - the tables themselves: a new migration at the end of store/database.cc.
// A second back end (PostgreSQL) is a new set of implementations behind the same classes.
//
// Errors: a driver error (disk full, database locked beyond the busy timeout, a corrupt or
// read-only file) comes back as false with *err = "<what was being done>: <driver message>".
// Callers show people a styled "service unavailable" page (503) or a one-line message, and
// log *err; never a stack trace.
//
// Change notification: a reader holding derived data in memory (the compliance engine)
// asks ReportRecords for a DataGeneration: a version per table group that only grows when
// that group's rows are changed or deleted (roster: staff and admin assignments;
// attempts-rewritten: attempts, certificates or learners' emails changed or deleted by a
// purge or anonymisation), plus the highest attempt id (new attempts need no version: their
// ids only grow). Equal generations mean nothing the reader depends on has changed. The
// SQLite back end keeps them in the change_counters table, bumped by triggers; another back
// end may use its own means, as long as the values only grow.
//
// Connections: one writer (writes serialised; quiz attempts go through its group-commit
// thread, acknowledged only once on disk: synchronous=FULL) and a small pool of readers,
// opened once per process (`bulletin serve`, or one `bulletin admin` command) and shared
// by every table group.

#include <memory>
#include <string>

#include "store/store.h"

namespace bulletin {

class AccountRecords;
class AuditLog;
class LrsOutbox;
class MailOutbox;
class PersonalData;
class RosterRecords;
class ReportRecords;
class SignInStore;

struct DataLayerOptions {
  /// Read connections in the pool.
  int readers = 4;
  /// How long a statement waits for another process's write lock before it fails.
  int busy_timeout_ms = 5000;
  /// For the attempts store (the LRS outbox hook).
  StoreOptions attempts;
};

/// Every table group of one database. Thread-safe; the references live as long as it does.
class DataLayer {
 public:
  virtual ~DataLayer() = default;
  /// Quiz attempts, learners and certificates.
  virtual Store& attempts() = 0;
  /// Managers, sessions and failed sign-ins.
  virtual AccountRecords& accounts() = 0;
  /// The audit log.
  virtual AuditLog& audit() = 0;
  /// Staff rosters and admin assignments.
  virtual RosterRecords& roster() = 0;
  /// xAPI statements waiting for the Learning Record Store.
  virtual LrsOutbox& lrs_outbox() = 0;
  /// Read-only views across groups: compliance, the dashboard's pages, the xAPI export.
  virtual ReportRecords& reports() = 0;
  /// Subject-access export and retention purge, across every group.
  virtual PersonalData& personal_data() = 0;
  /// Every message bulletin sends, and each try at sending it (#15). Its methods throw
  /// std::exception on a database failure (mail/ and practitioner/ were written that way).
  virtual MailOutbox& mail_outbox() = 0;
  /// Practitioners' sign-in links, sessions and throttling (#15); throws like mail_outbox().
  virtual SignInStore& sign_in() = 0;
  /// Where the data lives, for messages ("data/bulletin.db").
  virtual const std::string& location() const = 0;
};

/// Opens (creating if needed, migrating to the current schema) the SQLite database at
/// `path`. Returns nullptr and sets *err ("<path>: <reason>") on failure, including a file
/// made by a newer bulletin.
std::unique_ptr<DataLayer> OpenSqliteDataLayer(const std::string& path, std::string* err,
                                               DataLayerOptions options = {});

}  // namespace bulletin
