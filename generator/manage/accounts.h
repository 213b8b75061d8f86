#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "manage/manager_gate.h"
#include "manage/passwords.h"

namespace SQLite {
class Database;
}

namespace bulletin {

/// Limits and the clock for AccountStore. The defaults are what `bulletin serve` uses and
/// docs/operating.md states.
struct AccountOptions {
  /// Failed logins allowed per account (email), and per client address, within the window;
  /// further attempts are refused without checking the password until the window has moved.
  int account_failure_limit = 5;
  int address_failure_limit = 20;
  int failure_window_seconds = 15 * 60;
  int idle_timeout_seconds = 30 * 60;
  int absolute_timeout_seconds = 12 * 60 * 60;
  /// last_seen is written at most this often, so browsing is not a write per request.
  int touch_interval_seconds = 60;
  PasswordCost cost = DefaultPasswordCost();
  /// Checked by PasswordProblem along with the email.
  std::string site_name;
  std::string site_short_name;
  /// Unix seconds now; tests replace it.
  std::function<int64_t()> now;
};

/// A manager's account (table managers), without the hash.
struct Manager {
  int64_t id = 0;
  std::string email;         ///< as entered when added; compared case-insensitively
  std::string organisation;  ///< "" for a partnership admin
};

struct LoginResult {
  enum class Outcome { kSignedIn, kRefused, kThrottled };
  Outcome outcome = Outcome::kRefused;
  /// kSignedIn: the account, the new session and the cookie value (the only copy of it).
  Manager manager;
  ManagerSession session;
  std::string token;
  /// kThrottled: when to try again, rounded up to whole minutes (at least 1).
  int retry_after_minutes = 0;
};

/// Manager accounts, login throttling and server-side sessions, in the one database file.
/// Thread-safe. Every change is committed before the call returns.
class AccountStore {
 public:
  /// Opens the database at `path` (see OpenDatabase). Throws std::exception on failure.
  AccountStore(const std::string& db_path, AccountOptions options);
  ~AccountStore();
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  /// Adds a manager. Returns false with *err if the email is malformed or taken, or the
  /// password breaks the policy (PasswordProblem's message).
  bool AddManager(const std::string& email, const std::string& organisation,
                  const std::string& password, Manager* added, std::string* err);

  /// Sets a new password (checked against the policy) and ends every session of that
  /// manager. Returns false with *err for an unknown email or a refused password.
  bool ResetPassword(const std::string& email, const std::string& password, std::string* err);

  /// The manager with `email` (case-insensitive), if any.
  std::optional<Manager> FindManager(const std::string& email);

  /// Checks the password and, if it is right, starts a new session. An unknown email and
  /// a wrong password are both kRefused, after the same amount of hashing work. Failures
  /// count against both the email and `address`; past either limit the answer is
  /// kThrottled until old failures leave the window. A success clears the email's failures.
  LoginResult Login(const std::string& email, const std::string& password,
                    const std::string& address);

  /// The session whose cookie value is `token`, if it is live: not idle longer than the
  /// idle timeout nor older than the absolute one. Expired sessions are deleted.
  std::optional<ManagerSession> Resume(const std::string& token);

  /// Ends the session of `token`; returns its manager, if the session existed.
  std::optional<Manager> Logout(const std::string& token);

  /// Unix seconds now, by the configured clock.
  int64_t Now() const { return options_.now(); }

  const AccountOptions& options() const { return options_; }

 private:
  int FailuresSince(const std::string& key, int64_t since);
  /// Records a failure for both keys; returns the rowid of the address's row.
  int64_t RecordFailure(const std::string& email_key, const std::string& address_key, int64_t now);
  int RetryAfterMinutes(const std::string& key, int limit, int64_t now);

  AccountOptions options_;
  std::string dummy_hash_;  ///< verified against for unknown emails, so timing matches
  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
};

/// The SHA-256 of a session token, hex-encoded: what the sessions table stores.
std::string SessionTokenHash(const std::string& token);

}  // namespace bulletin
