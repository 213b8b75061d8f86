#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bulletin {

/// A manager's account as stored (table managers).
struct ManagerRecord {
  int64_t id = 0;
  std::string email;
  std::string organisation;   ///< "" for a partnership admin
  std::string password_hash;  ///< argon2id string; empty when not asked for
};

/// A server-side session and its manager.
struct SessionRecord {
  ManagerRecord manager;  ///< without the hash
  std::string csrf_token;
  int64_t created_at = 0;    ///< Unix seconds
  int64_t last_seen_at = 0;  ///< Unix seconds
};

/// Failed sign-ins recorded before a password is checked, to withdraw if it was right.
/// Opaque to callers.
struct FailureReservation {
  std::vector<int64_t> ids;
};

/// Manager accounts, sessions and failed sign-ins (tables managers, sessions,
/// login_failures). The policy (password rules, limits, timeouts) is the caller's
/// (manage/accounts.h); this only stores. Every method is one transaction and returns false
/// with *err when the database fails. Thread-safe.
class AccountRecords {
 public:
  virtual ~AccountRecords() = default;

  /// Adds a manager; *id is 0 (and true is returned) when the email is already taken.
  virtual bool AddManager(const std::string& email, const std::string& organisation,
                          const std::string& password_hash, int64_t now, int64_t* id,
                          std::string* err) = 0;

  /// The manager with `email` (case-insensitive), with the password hash, if any.
  virtual bool FindManager(const std::string& email, std::optional<ManagerRecord>* out,
                           std::string* err) = 0;

  /// Sets the password hash and, in the same transaction, ends every session of the manager
  /// and forgets the failures recorded under `clear_failure_keys`.
  virtual bool ResetPassword(int64_t manager_id, const std::string& password_hash, int64_t now,
                             const std::vector<std::string>& clear_failure_keys,
                             std::string* err) = 0;

  /// The times (Unix seconds, newest first) of the failures recorded under each of `keys`
  /// after `since`: (*times)[i] for keys[i].
  virtual bool Failures(const std::vector<std::string>& keys, int64_t since,
                        std::vector<std::vector<int64_t>>* times, std::string* err) = 0;

  /// Records one failure at `now` under each of `keys`, and forgets failures at or before
  /// `forget_before` (they no longer count).
  virtual bool RecordFailures(const std::vector<std::string>& keys, int64_t now,
                              int64_t forget_before, FailureReservation* reservation,
                              std::string* err) = 0;

  /// What StartSession writes.
  struct NewSession {
    std::string token_hash;
    int64_t manager_id = 0;
    std::string csrf_token;
    int64_t now = 0;
    int64_t expire_idle_before = 0;     ///< sessions last seen at or before this end
    int64_t expire_created_before = 0;  ///< sessions created at or before this end
    std::string new_password_hash;      ///< not empty: replaces the manager's (a rehash)
  };
  /// Starts a session after a right password: withdraws `reservation`, forgets every
  /// failure under `clear_failure_keys`, ends expired sessions, inserts the new one.
  virtual bool StartSession(const NewSession& session, const FailureReservation& reservation,
                            const std::vector<std::string>& clear_failure_keys,
                            std::string* err) = 0;

  /// The session whose token hashes to `token_hash`, if any (expired or not).
  virtual bool FindSession(const std::string& token_hash, std::optional<SessionRecord>* out,
                           std::string* err) = 0;

  /// Sets the session's last_seen_at.
  virtual bool TouchSession(const std::string& token_hash, int64_t now, std::string* err) = 0;

  /// Ends the session; *ended is its manager (without the hash) when it existed.
  virtual bool EndSession(const std::string& token_hash, std::optional<ManagerRecord>* ended,
                          std::string* err) = 0;
};

}  // namespace bulletin
