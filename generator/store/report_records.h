#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/roster_records.h"

namespace bulletin {

/// Versions of the table groups a cached reader depends on (see data_layer.h, "Change
/// notification"). Each only grows; -1 means unknown (nothing read yet).
struct DataGeneration {
  int64_t roster = -1;              ///< staff and admin assignments
  int64_t attempts_rewritten = -1;  ///< attempts, certificates, learners' emails
  bool operator==(const DataGeneration&) const = default;
};

/// A pass: the certificate of one attempt.
struct PassRecord {
  std::string email;  ///< the learner's, as stored
  std::string quiz_id;
  std::string valid_until;  ///< YYYY-MM-DD
};

/// What the compliance engine reloads.
struct ComplianceData {
  DataGeneration generation;
  bool full = false;  ///< staff, assignments and every pass were read; else only new passes
  std::vector<StaffMember> staff;             ///< by organisation, team, name, id (when full)
  std::vector<AssignmentRecord> assignments;  ///< (when full)
  std::vector<PassRecord> passes;  ///< every pass (full) or those of attempts after the mark
  int64_t last_attempt_id = 0;     ///< the newest attempt seen: the next call's mark
};

/// One attempt as the dashboard lists it.
struct AttemptSummary {
  std::string quiz_id;
  std::string quiz_title;
  int score = 0;
  bool passed = false;
  int64_t created_at = 0;        ///< Unix seconds
  std::string valid_until;       ///< "" without a certificate
  std::string certificate_code;  ///< "" without a certificate
};

/// A staff member and every attempt made with their email, newest first.
struct StaffHistoryRecord {
  StaffMember member;
  std::vector<AttemptSummary> attempts;
};

/// Someone who took quizzes declaring an organisation but is not on any roster.
struct UnmatchedLearner {
  std::string email, name, organisation, team;
  int attempts = 0;
  int passes = 0;
  int64_t last_at = 0;  ///< Unix seconds of the latest attempt
};

/// What an xAPI statement needs of one attempt; the learner only by their opaque key.
struct AttemptFacts {
  int64_t attempt_id = 0;
  std::string learner_key;  ///< learners.public_id
  std::string quiz_id;
  std::string quiz_version;
  std::string quiz_title;
  std::string organisation;
  int correct = 0;
  int total = 0;
  bool passed = false;
  int64_t created_at = 0;
};

/// Read-only views across table groups, for the compliance engine, the dashboard's pages and
/// the xAPI export. Each call reads one consistent snapshot. Scoping by organisation is done
/// here, in the query: another organisation's rows are never read. Returns false with *err
/// when the database fails. Thread-safe.
class ReportRecords {
 public:
  virtual ~ReportRecords() = default;

  /// If the generation differs from `known`: everything (full). Otherwise only the passes
  /// of attempts newer than `after_attempt_id`. Either way out->generation and
  /// out->last_attempt_id are current.
  virtual bool ComplianceChanges(const DataGeneration& known, int64_t after_attempt_id,
                                 ComplianceData* out, std::string* err) = 0;

  /// Staff member `id` if they are in `organisation` ("" for any), with their attempts.
  virtual bool StaffHistory(int64_t id, const std::string& organisation,
                            std::optional<StaffHistoryRecord>* out, std::string* err) = 0;

  /// Up to `limit` people who made attempts for `organisation` ("" for any) and are on no
  /// roster, most recent first.
  virtual bool Unmatched(const std::string& organisation, int limit,
                         std::vector<UnmatchedLearner>* out, std::string* err) = 0;

  /// The attempts in `organisation`'s scope, oldest first: those whose learner's email is on
  /// its staff roster; for "" every attempt.
  virtual bool ExportAttempts(const std::string& organisation, std::vector<AttemptFacts>* out,
                              std::string* err) = 0;
};

}  // namespace bulletin
