#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace bulletin {

/// Who took a quiz, as they gave it on the form. Email is the identity (case-insensitive).
struct Learner {
  std::string name;
  std::string email;
  std::string organisation;  ///< an organisation id from site.yaml
  std::string team;
};

/// A graded attempt to record.
struct NewAttempt {
  Learner learner;
  std::string quiz_id;
  std::string quiz_version;
  std::string quiz_title;
  std::string answers_json;  ///< {"q1":["a"],...}: what was chosen, for subject-access requests
  std::string questions;     ///< the question ids the paper asked, in its order: "q3 q1 q7"
  int correct = 0;
  int total = 0;
  int score = 0;  ///< percent
  bool passed = false;
  int64_t created_at = 0;        ///< Unix seconds
  std::string certificate_code;  ///< set when passed
  std::string valid_until;       ///< YYYY-MM-DD, set when passed
};

/// What /certificates/CODE and /verify/CODE show.
struct Certificate {
  std::string code;
  std::string name;
  std::string organisation;
  std::string quiz_id;
  std::string quiz_title;
  int score = 0;
  int64_t issued_at = 0;  ///< Unix seconds
  std::string valid_until;
};

/// All persistent data goes through this interface, so the embedded SQLite store can be
/// swapped for a server database. Implementations are thread-safe.
class Store {
 public:
  virtual ~Store() = default;

  /// Records the attempt (and learner, and certificate when passed). Returns only once the
  /// data is durable on disk: an acknowledged attempt survives a crash or power loss.
  /// Returns false and sets *err if it was not recorded.
  virtual bool RecordAttempt(const NewAttempt& attempt, int64_t* id, std::string* err) = 0;

  /// How many attempts `email` made at `quiz_id` at or after `since` (Unix seconds).
  virtual int CountAttemptsSince(const std::string& email, const std::string& quiz_id,
                                 int64_t since) = 0;

  /// When `email`'s latest attempt at `quiz_id` was made, if it was a fail (for the wait
  /// before trying again); nullopt if it passed or there is none.
  virtual std::optional<int64_t> LastFailedAttemptAt(const std::string& email,
                                                     const std::string& quiz_id) = 0;
  /// The certificate with this code, if any.
  virtual std::optional<Certificate> FindCertificate(const std::string& code) = 0;
};

/// An attempt as the store has just written it, inside its transaction.
struct RecordedAttempt {
  const NewAttempt& attempt;
  int64_t id = 0;           ///< attempts.id
  std::string learner_key;  ///< learners.public_id: opaque, random, stable for the learner
};

struct StoreOptions {
  /// When set (an LRS is configured), called for every attempt inside the transaction that
  /// records it; what it returns (the xAPI statement) goes into lrs_outbox in that same
  /// transaction, due at once, so an acknowledged attempt always has its outbox row. It
  /// runs on the writer thread: it must be quick and must not touch the database.
  std::function<std::string(const RecordedAttempt&)> outbox_statement;
};

/// Opens (creating if needed) the SQLite database at `path`, in WAL mode with
/// synchronous=FULL, creating its folder and schema, as a data layer of its own
/// (store/data_layer.h) of which it returns the attempts. For tools and tests that need only
/// attempts; `bulletin serve` opens one DataLayer and shares it. Returns nullptr and sets
/// *err on failure.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path, std::string* err,
                                       StoreOptions options = {});

}  // namespace bulletin
