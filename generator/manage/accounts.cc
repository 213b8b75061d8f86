#include "manage/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

#include "core/sodium.h"
#include "server/quiz_routes.h"

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

Manager ManagerFrom(const ManagerRecord& r) { return Manager{r.id, r.email, r.organisation}; }

// When `key` drops below `limit` failures in the window: when its limit-th newest failure
// (times newest first) leaves it. Whole minutes, at least 1.
int RetryAfterMinutes(const std::vector<int64_t>& times, int limit, int window, int64_t now) {
  if (limit <= 0 || times.size() < static_cast<size_t>(limit)) return 1;
  int64_t seconds = times[limit - 1] + window - now;
  return std::max(1, static_cast<int>((seconds + 59) / 60));
}

}  // namespace

std::string SessionTokenHash(const std::string& token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

/// The login_failures keys of one attempt.
struct AccountStore::Keys {
  std::string account;  ///< "email:<lower-case email>"
  std::string address;  ///< "address:<ip>"
  std::string pair;     ///< "email-address:<lower-case email> <ip>": this address at this account
  Keys(const std::string& email, const std::string& client)
      : account(EmailKey(email)),
        address("address:" + client),
        pair("email-address:" + account.substr(6) + " " + client) {}
};

AccountStore::AccountStore(AccountRecords* records, AccountOptions options)
    : records_(records), options_(std::move(options)) {
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
  std::optional<Manager> existing;
  if (!FindManager(email, &existing, err)) return false;
  if (existing) {
    *err = "there is already a manager with the email " + email +
           "; use `bulletin admin reset-password` to give them a new password";
    return false;
  }
  int64_t id = 0;
  if (!records_->AddManager(email, organisation, HashPassword(password, options_.cost), Now(), &id,
                            err)) {
    return false;
  }
  if (id == 0) {
    *err = "there is already a manager with the email " + email;
    return false;
  }
  if (added) *added = Manager{id, email, organisation};
  return true;
}

bool AccountStore::ResetPassword(const std::string& email, const std::string& password,
                                 std::string* err) {
  std::optional<Manager> manager;
  if (!FindManager(email, &manager, err)) return false;
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
  return records_->ResetPassword(manager->id, HashPassword(password, options_.cost), Now(),
                                 {EmailKey(manager->email)}, err);
}

bool AccountStore::FindManager(const std::string& email, std::optional<Manager>* out,
                               std::string* err) {
  std::optional<ManagerRecord> record;
  if (!records_->FindManager(email, &record, err)) return false;
  if (record) {
    *out = ManagerFrom(*record);
  } else {
    out->reset();
  }
  return true;
}

std::optional<Manager> AccountStore::FindManager(const std::string& email) {
  std::optional<Manager> out;
  std::string err;
  FindManager(email, &out, &err);
  return out;
}

bool AccountStore::Reserve(const Keys& keys, int64_t now, FailureReservation* reservation,
                           LoginResult* result) {
  // A failure is recorded before the password is checked, and withdrawn if it was right:
  // simultaneous guesses cannot all slip under the limit while the hashes run.
  std::lock_guard<std::mutex> lock(throttle_mu_);
  const int window = options_.failure_window_seconds;
  std::vector<std::vector<int64_t>> times;
  if (!records_->Failures({keys.account, keys.address, keys.pair}, now - window, &times,
                          &result->error)) {
    result->outcome = LoginResult::Outcome::kUnavailable;
    return false;
  }
  const std::vector<int64_t>& by_account = times[0];
  const std::vector<int64_t>& by_address = times[1];
  const bool address_limited =
      by_address.size() >= static_cast<size_t>(options_.address_failure_limit);
  // The account's limit holds back only addresses that have failed at it themselves.
  const bool account_limited =
      by_account.size() >= static_cast<size_t>(options_.account_failure_limit) && !times[2].empty();
  if (address_limited || account_limited) {
    int minutes = 1;
    if (account_limited) {
      minutes = RetryAfterMinutes(by_account, options_.account_failure_limit, window, now);
    }
    if (address_limited) {
      minutes = std::max(
          minutes, RetryAfterMinutes(by_address, options_.address_failure_limit, window, now));
    }
    result->outcome = LoginResult::Outcome::kThrottled;
    result->retry_after_minutes = minutes;
    return false;
  }
  if (!records_->RecordFailures({keys.account, keys.address, keys.pair}, now, now - window,
                                reservation, &result->error)) {
    result->outcome = LoginResult::Outcome::kUnavailable;
    return false;
  }
  return true;
}

LoginResult AccountStore::Login(const std::string& email, const std::string& password,
                                const std::string& address) {
  LoginResult result;
  const int64_t now = Now();
  const Keys keys(email, address);
  FailureReservation reservation;
  if (!Reserve(keys, now, &reservation, &result)) return result;
  std::optional<ManagerRecord> record;
  if (!records_->FindManager(email.substr(0, kMaxEmailBytes), &record, &result.error)) {
    result.outcome = LoginResult::Outcome::kUnavailable;
    return result;
  }
  const std::string hash = record ? record->password_hash : "";
  // The same work for an unknown email as for a known one.
  bool right = VerifyPassword(hash.empty() ? dummy_hash_ : hash, password);
  if (!right || hash.empty()) return result;  // kRefused; the failure stays recorded

  const Manager manager = ManagerFrom(*record);
  AccountRecords::NewSession session;
  if (PasswordNeedsRehash(hash, options_.cost)) {
    session.new_password_hash = HashPassword(password, options_.cost);
  }
  result.token = RandomToken();
  result.session =
      ManagerSession{manager.id, manager.email, manager.organisation, RandomToken(), address};
  session.token_hash = SessionTokenHash(result.token);
  session.manager_id = manager.id;
  session.csrf_token = result.session.csrf_token;
  session.now = now;
  session.expire_idle_before = now - options_.idle_timeout_seconds;
  session.expire_created_before = now - options_.absolute_timeout_seconds;
  if (!records_->StartSession(session, reservation, {keys.account, keys.pair}, &result.error)) {
    result.outcome = LoginResult::Outcome::kUnavailable;
    result.token.clear();
    return result;
  }
  result.outcome = LoginResult::Outcome::kSignedIn;
  result.manager = manager;
  return result;
}

std::optional<ManagerSession> AccountStore::Resume(const std::string& token, std::string* err) {
  if (!LooksLikeToken(token)) return std::nullopt;
  const std::string token_hash = SessionTokenHash(token);
  const int64_t now = Now();
  std::string error;
  std::optional<SessionRecord> record;
  bool ok = records_->FindSession(token_hash, &record, &error);
  std::optional<ManagerSession> session;
  if (ok && record) {
    const ManagerRecord& m = record->manager;
    if (now - record->last_seen_at >= options_.idle_timeout_seconds ||
        now - record->created_at >= options_.absolute_timeout_seconds) {
      std::optional<ManagerRecord> ended;
      ok = records_->EndSession(token_hash, &ended, &error);
    } else {
      session = ManagerSession{m.id, m.email, m.organisation, record->csrf_token, ""};
      if (now - record->last_seen_at >= options_.touch_interval_seconds) {
        ok = records_->TouchSession(token_hash, now, &error);
      }
    }
  }
  if (!ok) {
    if (err) *err = error;
    return std::nullopt;
  }
  return session;
}

std::optional<Manager> AccountStore::Logout(const std::string& token, std::string* err) {
  if (!LooksLikeToken(token)) return std::nullopt;
  std::optional<ManagerRecord> ended;
  std::string error;
  if (!records_->EndSession(SessionTokenHash(token), &ended, &error)) {
    if (err) *err = error;
    return std::nullopt;
  }
  if (!ended) return std::nullopt;
  return ManagerFrom(*ended);
}

}  // namespace bulletin
