#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace bulletin {

/// One stored value: NULL, an integer, or text.
using FieldValue = std::variant<std::monostate, int64_t, std::string>;

/// One row as name/value pairs, in the order the columns are documented below.
struct Field {
  std::string name;
  FieldValue value;
};
using PersonalRow = std::vector<Field>;

/// Everything held about one person (see ExportPerson in manage/data_protection.h). Times
/// are Unix seconds in fields named `at` or ending in `_at`.
struct PersonalRecords {
  std::vector<PersonalRow> learner;        ///< 0 or 1: id, email, name, organisation, ...
  std::vector<PersonalRow> attempts;       ///< with their answers (JSON text)
  std::vector<PersonalRow> certificates;   ///< code, attempt_id, quiz_id, valid_until
  std::vector<PersonalRow> staff;          ///< 0 or 1 roster entry
  std::vector<PersonalRow> manager;        ///< 0 or 1: never the hash; open_sessions count
  std::vector<PersonalRow> failed_logins;  ///< at
  std::vector<PersonalRow> audit_log;      ///< by them, or naming them in the detail
  std::vector<PersonalRow> lrs_outbox;     ///< their attempts' statements (JSON text)
  std::vector<PersonalRow> practitioner;   ///< 0 or 1 sign-in record; open_sessions count
  std::vector<PersonalRow> mail;           ///< messages sent to them, never their text
};

/// What a purge did, or would do.
struct PurgeReport {
  int64_t cutoff = 0;    ///< Unix seconds: attempts made before this are past retention
  int attempts = 0;      ///< deleted, or anonymised
  int certificates = 0;  ///< deleted with their attempts (both modes)
  int outbox_rows = 0;   ///< deleted with their attempts (both modes)
  int learners = 0;      ///< removed because no attempt of theirs is left
};

/// Data protection across every table group: subject access and retention. Each method is
/// one transaction and returns false with *err when the database fails. Thread-safe.
class PersonalData {
 public:
  virtual ~PersonalData() = default;

  /// Every row held about `email` (case-insensitive).
  virtual bool FindPerson(const std::string& email, PersonalRecords* out, std::string* err) = 0;

  /// Attempts made before `cutoff` are deleted with their certificates and outbox rows, or
  /// with `anonymise` kept for totals (quiz, organisation, team, score and date) with the name
  /// and answers cleared and the learner replaced by one shared anonymous learner; learners
  /// left with no attempt are removed. With `dry_run` it counts and changes nothing.
  virtual bool Purge(int64_t cutoff, bool anonymise, bool dry_run, PurgeReport* out,
                     std::string* err) = 0;
};

}  // namespace bulletin
