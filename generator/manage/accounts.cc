#include "manage/accounts.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

#include "core/sodium.h"
#include "server/quiz_routes.h"
#include "store/database.h"

namespace bulletin {
namespace {

constexpr size_t kTokenBytes = 32;  // 256 bits
constexpr size_t kMaxEmailBytes = 254;

int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string RandomToken() {
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

// Only what RandomToken makes is worth a database lookup.
bool LooksLikeToken(const std::string& token) {
  if (token.size() != 43) return false;
  for (char c : token) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string EmailKey(const std::string& email) {
  std::string key = "email:" + email.substr(0, kMaxEmailBytes);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

Manager ManagerFrom(SQLite::Statement& q) {
  return Manager{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
}

}  // namespace

std::string SessionTokenHash(const std::string& token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

AccountStore::AccountStore(const std::string& db_path, AccountOptions options)
    : options_(std::move(options)), db_(OpenDatabase(db_path)) {
  RequireSodium();
  if (!options_.now) options_.now = SystemNow;
  // A hash of a password nobody knows, at the same cost as real ones.
  dummy_hash_ = HashPassword(RandomToken(), options_.cost);
}

AccountStore::~AccountStore() = default;

bool AccountStore::AddManager(const std::string& email, const std::string& organisation,
                              const std::string& password, Manager* added, std::string* err) {
  if (!IsWellFormedEmail(email)) {
    *err = "'" + email + "' is not an email address; give one like name@example.org.uk";
    return false;
  }
  std::string problem =
      PasswordProblem(password, {email, options_.site_name, options_.site_short_name});
  if (!problem.empty()) {
    *err = problem;
    return false;
  }
  if (FindManager(email)) {
    *err = "there is already a manager with the email " + email +
           "; use `bulletin admin reset-password` to give them a new password";
    return false;
  }
  std::string hash = HashPassword(password, options_.cost);
  const int64_t now = Now();
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Statement q(*db_,
                      "INSERT INTO managers(email, organisation, password_hash, created_at, "
                      "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING");
  q.bind(1, email);
  q.bind(2, organisation);
  q.bind(3, hash);
  q.bind(4, now);
  q.bind(5, now);
  if (q.exec() == 0) {
    *err = "there is already a manager with the email " + email;
    return false;
  }
  if (added) *added = Manager{db_->getLastInsertRowid(), email, organisation};
  return true;
}

bool AccountStore::ResetPassword(const std::string& email, const std::string& password,
                                 std::string* err) {
  std::optional<Manager> manager = FindManager(email);
  if (!manager) {
    *err = "there is no manager with the email " + email +
           "; add one with `bulletin admin add-manager`";
    return false;
  }
  std::string problem =
      PasswordProblem(password, {manager->email, options_.site_name, options_.site_short_name});
  if (!problem.empty()) {
    *err = problem;
    return false;
  }
  std::string hash = HashPassword(password, options_.cost);
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement update(*db_,
                           "UPDATE managers SET password_hash = ?, updated_at = ? WHERE id = ?");
  update.bind(1, hash);
  update.bind(2, Now());
  update.bind(3, manager->id);
  update.exec();
  SQLite::Statement kill(*db_, "DELETE FROM sessions WHERE manager_id = ?");
  kill.bind(1, manager->id);
  kill.exec();
  SQLite::Statement clear(*db_, "DELETE FROM login_failures WHERE key = ?");
  clear.bind(1, EmailKey(manager->email));
  clear.exec();
  tx.commit();
  return true;
}

std::optional<Manager> AccountStore::FindManager(const std::string& email) {
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Statement q(*db_, "SELECT id, email, organisation FROM managers WHERE email = ?");
  q.bind(1, email);
  if (!q.executeStep()) return std::nullopt;
  return ManagerFrom(q);
}

LoginResult AccountStore::Login(const std::string& email, const std::string& password,
                                const std::string& address) {
  LoginResult result;
  const int64_t now = Now();
  const std::string email_key = EmailKey(email);
  const std::string address_key = "address:" + address;
  std::string hash;
  Manager manager;
  int64_t reservation = 0;
  {
    // A failure is recorded before the password is checked, and withdrawn if it was right:
    // simultaneous guesses cannot all slip under the limit while the hashes run.
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t since = now - options_.failure_window_seconds;
    int by_account = FailuresSince(email_key, since);
    int by_address = FailuresSince(address_key, since);
    if (by_account >= options_.account_failure_limit ||
        by_address >= options_.address_failure_limit) {
      int minutes = 0;
      if (by_account >= options_.account_failure_limit) {
        minutes = RetryAfterMinutes(email_key, options_.account_failure_limit, now);
      }
      if (by_address >= options_.address_failure_limit) {
        minutes =
            std::max(minutes, RetryAfterMinutes(address_key, options_.address_failure_limit, now));
      }
      result.outcome = LoginResult::Outcome::kThrottled;
      result.retry_after_minutes = std::max(minutes, 1);
      return result;
    }
    reservation = RecordFailure(email_key, address_key, now);
    SQLite::Statement q(*db_,
                        "SELECT id, email, organisation, password_hash FROM managers "
                        "WHERE email = ?");
    q.bind(1, email.substr(0, kMaxEmailBytes));
    if (q.executeStep()) {
      manager = ManagerFrom(q);
      hash = q.getColumn(3).getString();
    }
  }
  // The same work for an unknown email as for a known one.
  bool right = VerifyPassword(hash.empty() ? dummy_hash_ : hash, password);
  if (!right || hash.empty()) return result;  // kRefused; the failure stays recorded

  std::string new_hash;
  if (PasswordNeedsRehash(hash, options_.cost)) new_hash = HashPassword(password, options_.cost);
  result.token = RandomToken();
  result.session =
      ManagerSession{manager.id, manager.email, manager.organisation, RandomToken(), address};
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement withdraw(*db_, "DELETE FROM login_failures WHERE key = ? OR rowid = ?");
  withdraw.bind(1, email_key);
  withdraw.bind(2, reservation);
  withdraw.exec();
  SQLite::Statement expire(*db_, "DELETE FROM sessions WHERE last_seen_at <= ? OR created_at <= ?");
  expire.bind(1, now - options_.idle_timeout_seconds);
  expire.bind(2, now - options_.absolute_timeout_seconds);
  expire.exec();
  SQLite::Statement insert(*db_,
                           "INSERT INTO sessions(token_hash, manager_id, csrf_token, created_at, "
                           "last_seen_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, SessionTokenHash(result.token));
  insert.bind(2, manager.id);
  insert.bind(3, result.session.csrf_token);
  insert.bind(4, now);
  insert.bind(5, now);
  insert.exec();
  if (!new_hash.empty()) {
    SQLite::Statement update(*db_, "UPDATE managers SET password_hash = ? WHERE id = ?");
    update.bind(1, new_hash);
    update.bind(2, manager.id);
    update.exec();
  }
  tx.commit();
  result.outcome = LoginResult::Outcome::kSignedIn;
  result.manager = manager;
  return result;
}

std::optional<ManagerSession> AccountStore::Resume(const std::string& token) {
  if (!LooksLikeToken(token)) return std::nullopt;
  const std::string token_hash = SessionTokenHash(token);
  const int64_t now = Now();
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Statement q(*db_,
                      "SELECT m.id, m.email, m.organisation, s.csrf_token, s.created_at, "
                      "s.last_seen_at FROM sessions s JOIN managers m ON m.id = s.manager_id "
                      "WHERE s.token_hash = ?");
  q.bind(1, token_hash);
  if (!q.executeStep()) return std::nullopt;
  Manager manager = ManagerFrom(q);
  ManagerSession session{manager.id, manager.email, manager.organisation,
                         q.getColumn(3).getString(), ""};
  const int64_t created = q.getColumn(4).getInt64();
  const int64_t last_seen = q.getColumn(5).getInt64();
  q.reset();
  if (now - last_seen >= options_.idle_timeout_seconds ||
      now - created >= options_.absolute_timeout_seconds) {
    SQLite::Statement kill(*db_, "DELETE FROM sessions WHERE token_hash = ?");
    kill.bind(1, token_hash);
    kill.exec();
    return std::nullopt;
  }
  if (now - last_seen >= options_.touch_interval_seconds) {
    SQLite::Statement touch(*db_, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
    touch.bind(1, now);
    touch.bind(2, token_hash);
    touch.exec();
  }
  return session;
}

std::optional<Manager> AccountStore::Logout(const std::string& token) {
  if (!LooksLikeToken(token)) return std::nullopt;
  const std::string token_hash = SessionTokenHash(token);
  std::lock_guard<std::mutex> lock(mu_);
  SQLite::Statement q(*db_,
                      "SELECT m.id, m.email, m.organisation FROM sessions s JOIN managers m "
                      "ON m.id = s.manager_id WHERE s.token_hash = ?");
  q.bind(1, token_hash);
  if (!q.executeStep()) return std::nullopt;
  Manager manager = ManagerFrom(q);
  q.reset();
  SQLite::Statement kill(*db_, "DELETE FROM sessions WHERE token_hash = ?");
  kill.bind(1, token_hash);
  kill.exec();
  return manager;
}

int AccountStore::FailuresSince(const std::string& key, int64_t since) {
  SQLite::Statement q(*db_, "SELECT count(*) FROM login_failures WHERE key = ? AND at > ?");
  q.bind(1, key);
  q.bind(2, since);
  q.executeStep();
  return q.getColumn(0).getInt();
}

int64_t AccountStore::RecordFailure(const std::string& email_key, const std::string& address_key,
                                    int64_t now) {
  SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  // Old failures no longer count; keep the table small.
  SQLite::Statement prune(*db_, "DELETE FROM login_failures WHERE at <= ?");
  prune.bind(1, now - options_.failure_window_seconds);
  prune.exec();
  for (const std::string* key : {&email_key, &address_key}) {
    SQLite::Statement insert(*db_, "INSERT INTO login_failures(key, at) VALUES (?, ?)");
    insert.bind(1, *key);
    insert.bind(2, now);
    insert.exec();
  }
  tx.commit();
  return db_->getLastInsertRowid();  // the address's row
}

// Attempts are allowed again once fewer than `limit` failures are in the window: when the
// limit-th newest one leaves it.
int AccountStore::RetryAfterMinutes(const std::string& key, int limit, int64_t now) {
  SQLite::Statement q(*db_,
                      "SELECT at FROM login_failures WHERE key = ? AND at > ? "
                      "ORDER BY at DESC LIMIT 1 OFFSET ?");
  q.bind(1, key);
  q.bind(2, now - options_.failure_window_seconds);
  q.bind(3, limit - 1);
  if (!q.executeStep()) return 1;
  int64_t seconds = q.getColumn(0).getInt64() + options_.failure_window_seconds - now;
  return static_cast<int>((seconds + 59) / 60);
}

}  // namespace bulletin
