#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "manage/manager_gate.h"
#include "manage/passwords.h"
#include "store/account_records.h"

namespace bulletin {

/// Limits and the clock for AccountStore. The defaults are what `bulletin serve` uses and
/// docs/operating.md states.
struct AccountOptions {
  /// Failed logins allowed per account (email), and per client address, within the window.
  /// Past the address's limit, attempts from that address are refused without checking the
  /// password until the window has moved. Past the account's limit, so are attempts at that
  /// account from any address that has itself failed at it within the window; an address
  /// that has not (the manager at their own desk, while someone else guesses) still has its
  /// password checked, so a stranger cannot lock a manager out by knowing their email.
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
  /// kUnavailable: the database failed (`error` says how); nothing was decided.
  enum class Outcome { kSignedIn, kRefused, kThrottled, kUnavailable };
  Outcome outcome = Outcome::kRefused;
  /// kSignedIn: the account, the new session and the cookie value (the only copy of it).
  Manager manager;
  ManagerSession session;
  std::string token;
  /// kThrottled: when to try again, rounded up to whole minutes (at least 1).
  int retry_after_minutes = 0;
  /// kUnavailable: the database's error, for the log.
  std::string error;
};

/// Manager accounts, login throttling and server-side sessions: the policy, over the
/// stored records (store/account_records.h). Thread-safe. Every change is committed before
/// the call returns; a database failure is reported, never thrown.
class AccountStore {
 public:
  /// Keeps `records`, which must outlive this object. Throws std::exception only if
  /// libsodium cannot start.
  AccountStore(AccountRecords* records, AccountOptions options);
  ~AccountStore();
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  /// Adds a manager. Returns false with *err if the email is malformed or taken, the
  /// password breaks the policy (PasswordProblem's message) or the database fails.
  bool AddManager(const std::string& email, const std::string& organisation,
                  const std::string& password, Manager* added, std::string* err);

  /// Sets a new password (checked against the policy) and ends every session of that
  /// manager. Returns false with *err for an unknown email or a refused password.
  bool ResetPassword(const std::string& email, const std::string& password, std::string* err);

  /// The manager with `email` (case-insensitive), if any. Returns false with *err when the
  /// database fails.
  bool FindManager(const std::string& email, std::optional<Manager>* out, std::string* err);
  /// As above; nullopt also when the database fails.
  std::optional<Manager> FindManager(const std::string& email);

  /// Checks the password and, if it is right, starts a new session. An unknown email and
  /// a wrong password are both kRefused, after the same amount of hashing work. Failures
  /// count against the email, `address`, and the two together; the answer is kThrottled
  /// past the address's limit, or past the account's limit for an address that has failed at
  /// this account (see AccountOptions), until old failures leave the window. A success
  /// clears the account's failures. kUnavailable when the database fails.
  LoginResult Login(const std::string& email, const std::string& password,
                    const std::string& address);

  /// The session whose cookie value is `token`, if it is live: not idle longer than the
  /// idle timeout nor older than the absolute one. Expired sessions are deleted. nullopt
  /// with *err set (when err is given) if the database fails.
  std::optional<ManagerSession> Resume(const std::string& token, std::string* err = nullptr);

  /// Ends the session of `token`; returns its manager, if the session existed. nullopt with
  /// *err set (when err is given) if the database fails.
  std::optional<Manager> Logout(const std::string& token, std::string* err = nullptr);

  /// Unix seconds now, by the configured clock.
  int64_t Now() const { return options_.now(); }

  const AccountOptions& options() const { return options_; }

 private:
  struct Keys;
  /// Checks the limits and records a failure in advance; false with `result` filled when
  /// the attempt ends here (throttled, or the database failed).
  bool Reserve(const Keys& keys, int64_t now, FailureReservation* reservation, LoginResult* result);

  AccountRecords* records_;
  AccountOptions options_;
  std::string dummy_hash_;  ///< verified against for unknown emails, so timing matches
  std::mutex throttle_mu_;  ///< checking the limits and reserving a failure are one step
};

/// The SHA-256 of a session token, hex-encoded: what the sessions table stores.
std::string SessionTokenHash(const std::string& token);

}  // namespace bulletin
