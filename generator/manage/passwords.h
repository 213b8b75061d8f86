#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bulletin {

/// How hard argon2id works per hash (libsodium's opslimit and memlimit).
struct PasswordCost {
  uint64_t ops = 3;
  size_t memory_bytes = 64u << 20;
};

/// The cost managers' passwords are hashed with (see passwords.cc for why).
PasswordCost DefaultPasswordCost();

/// The cheapest cost libsodium allows: for tests only.
PasswordCost TestPasswordCost();

constexpr size_t kMinPasswordChars = 12;
constexpr size_t kMaxPasswordChars = 128;

/// What a new password is checked against: the account's email (its local part must not be
/// in the password) and the site's names (nor may they).
struct PasswordContext {
  std::string email;
  std::string site_name;
  std::string site_short_name;
};

/// "" if `password` may be used; otherwise one sentence saying what to do instead. Length is
/// counted in Unicode code points (12 to 128); there are no composition rules. Refused:
/// well-known passwords, one character repeated, a short pattern repeated, keyboard, letter
/// and number runs, the email's local part and the site's name.
std::string PasswordProblem(std::string_view password, const PasswordContext& context);

/// An argon2id hash in libsodium's self-describing string format. Throws std::runtime_error
/// if libsodium cannot allocate the memory. At most two hashes (or verifications) run at
/// once, whatever the number of threads asking, to bound memory and CPU.
std::string HashPassword(std::string_view password, const PasswordCost& cost);

/// True if `password` matches `hash` (a string from HashPassword). False for a malformed hash.
bool VerifyPassword(const std::string& hash, std::string_view password);

/// True if `hash` was made with a different algorithm or cost than `cost`.
bool PasswordNeedsRehash(const std::string& hash, const PasswordCost& cost);

/// A random password that meets the policy: four dash-separated groups of five lower-case
/// letters and digits without look-alikes, 23 characters (about 99 bits).
std::string GeneratePassword();

}  // namespace bulletin
