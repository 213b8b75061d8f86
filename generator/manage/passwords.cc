#include "manage/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/sodium.h"
#include "core/text.h"

namespace bulletin {
namespace {

// Passwords of 12 or more characters that turn up again and again in breach lists, in
// forms people reach for when told "at least 12 characters". Compared after lower-casing.
constexpr std::array kCommonPasswords = {
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123123123123",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "zaq12wsxcde3",
    "q1w2e3r4t5y6",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwerty123456",
    "qwertyqwerty",
    "asdfghjkl123",
    "password1234",
    "password12345",
    "password123!",
    "password123456",
    "passwordpassword",
    "mypassword123",
    "newpassword123",
    "password2024",
    "password2025",
    "password2026",
    "password2027",
    "iloveyou1234",
    "iloveyouforever",
    "letmein12345",
    "letmeinplease",
    "welcome12345",
    "welcome123456",
    "welcometowork",
    "changeme1234",
    "changemenow!",
    "administrator",
    "administrator1",
    "admin1234567",
    "adminadmin123",
    "superadmin123",
    "football1234",
    "footballfootball",
    "liverpool1234",
    "manchesterunited",
    "chelseafc1234",
    "arsenal12345",
    "trustno1trustno1",
    "monkey123456",
    "sunshine1234",
    "princess1234",
    "starwars1234",
    "superman1234",
    "batman123456",
    "dragon123456",
    "baseball1234",
    "michael12345",
    "jennifer1234",
    "charlie12345",
    "thomas123456",
    "abc123abc123",
    "abcdefghijkl",
    "abcdefgh1234",
    "correcthorsebatterystaple",
    "thequickbrownfox",
    "letmein123456",
    "whatever1234",
    "computer1234",
    "internet1234",
    "samsung12345",
    "secret123456",
    "secretpassword",
    "opensesame123",
    "hello1234567",
    "helloworld123",
    "goodmorning1",
    "summer123456",
    "winter123456",
    "spring123456",
    "autumn123456",
    "september123",
    "december1234",
    "safeguarding",
    "safeguarding1",
    "safeguarding123",
    "safeguarding2024",
    "partnership1",
    "partnership123",
    "childprotection",
    "socialworker1",
    "nhspassword1",
    "policepassword",
    "councilpassword",
    "teacher12345",
    "qazwsxedcrfv",
    "zxcvbnm12345",
    "1234qwerasdf",
    "qwerasdfzxcv",
    "0987654321qw",
    "iloveyou2024",
    "mustang12345",
    "shadow123456",
};

// Words that, with only digits and symbols around them, make a password easy to guess:
// "Password2024!!", "!!Welcome12345".
constexpr std::array kCommonWords = {
    "password", "passw0rd", "p@ssword", "p@ssw0rd", "welcome",      "letmein",     "qwerty",
    "iloveyou", "admin",    "changeme", "secret",   "monkey",       "dragon",      "football",
    "summer",   "winter",   "spring",   "autumn",   "sunshine",     "princess",    "master",
    "hello",    "login",    "default",  "manager",  "safeguarding", "partnership", "january",
    "february", "march",    "april",    "june",     "july",         "august",      "september",
    "october",  "november", "december",
};

// Runs people type without thinking: keyboard rows and columns, the alphabet, digits.
// Each is searched forwards and backwards, doubled so a run may wrap around.
constexpr std::array kSequences = {
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "!@#$%^&*()",
    "1234567890-=",
    "qwertzuiop",
    "azertyuiop",
};

// Decodes UTF-8 into code points; false if `text` is not valid UTF-8.
bool DecodeUtf8(std::string_view text, std::vector<char32_t>* out) {
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + static_cast<size_t>(extra) >= text.size()) return false;
    char32_t cp = extra == 0 ? c : c & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc >> 6) != 2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr char32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;  // overlong, out of range, or a surrogate
    }
    out->push_back(cp);
    i += static_cast<size_t>(extra) + 1;
  }
  return true;
}

// Lower-case ASCII letters and digits only: "Riverside Safeguarding" -> "riversidesafeguarding".
std::string Alphanumerics(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool IsCommon(const std::string& lower) {
  for (const char* p : kCommonPasswords) {
    if (lower == p) return true;
  }
  // A common word with only digits and symbols around it.
  size_t first = lower.find_first_not_of("0123456789!@#$%^&*()-_=+.,?~ ");
  size_t last = lower.find_last_not_of("0123456789!@#$%^&*()-_=+.,?~ ");
  if (first == std::string::npos) return false;
  std::string core = lower.substr(first, last - first + 1);
  for (const char* w : kCommonWords) {
    if (core == w) return true;
  }
  return false;
}

// The whole password is made of one unit of up to four code points, repeated.
bool IsShortPatternRepeated(const std::vector<char32_t>& cps) {
  for (size_t unit = 1; unit <= 4 && unit * 2 <= cps.size(); ++unit) {
    bool repeated = true;
    for (size_t i = unit; i < cps.size() && repeated; ++i) repeated = cps[i] == cps[i - unit];
    if (repeated) return true;
  }
  return false;
}

bool IsSequence(const std::string& lower) {
  for (const char* seq : kSequences) {
    std::string forward = std::string(seq) + seq + seq;
    std::string backward(forward.rbegin(), forward.rend());
    if (forward.find(lower) != std::string::npos || backward.find(lower) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool Contains(const std::string& haystack, const std::string& needle, size_t min_size) {
  return needle.size() >= min_size && haystack.find(needle) != std::string::npos;
}

// Argon2id needs `memory_bytes` for each hash in progress. A burst of logins on the worker
// pool must not run the server out of memory or starve quiz submissions of both cores.
class HashSlots {
 public:
  void Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return in_use_ < kSlots; });
    ++in_use_;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      --in_use_;
    }
    cv_.notify_one();
  }

 private:
  static constexpr int kSlots = 2;
  std::mutex mu_;
  std::condition_variable cv_;
  int in_use_ = 0;
};

HashSlots& Slots() {
  static HashSlots slots;
  return slots;
}

class SlotGuard {
 public:
  SlotGuard() { Slots().Acquire(); }
  ~SlotGuard() { Slots().Release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;
};

}  // namespace

// Three passes over 64 MiB take roughly 0.1-0.2 s on one core of a small server: slow
// enough that an offline guesser gets only a few thousand guesses a second per core from a
// stolen database, cheap enough for a few logins a minute on a 2-core machine. With at most
// two hashes at once (HashSlots) the worst case is 128 MiB and both cores for a moment.
PasswordCost DefaultPasswordCost() { return PasswordCost{3, 64u << 20}; }

PasswordCost TestPasswordCost() {
  return PasswordCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::string PasswordProblem(std::string_view password, const PasswordContext& context) {
  std::vector<char32_t> cps;
  if (!DecodeUtf8(password, &cps)) {
    return "The password could not be read as text; type it again";
  }
  for (char32_t cp : cps) {
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      return "Enter a password without tabs, line breaks or other control characters";
    }
  }
  if (cps.size() < kMinPasswordChars) {
    return "Enter a password of at least 12 characters: three or four unrelated words make a "
           "long password that is easy to remember";
  }
  if (cps.size() > kMaxPasswordChars) return "Enter a password of 128 characters or fewer";
  const std::string lower = AsciiLower(password);
  if (IsShortPatternRepeated(cps)) {
    return "Choose a password that is not one character or a short pattern repeated";
  }
  if (IsSequence(lower)) {
    return "Choose a password that is not a keyboard, letter or number run like qwerty or "
           "123456";
  }
  if (IsCommon(lower)) {
    return "This password is one of the most common and would be guessed quickly: choose "
           "another, for example three or four unrelated words";
  }
  const std::string letters = Alphanumerics(password);
  const std::string local = Alphanumerics(context.email.substr(0, context.email.find('@')));
  if (Contains(letters, local, 3)) {
    return "Choose a password that does not contain your email address";
  }
  if (Contains(letters, Alphanumerics(context.site_name), 4) ||
      Contains(letters, Alphanumerics(context.site_short_name), 4)) {
    return "Choose a password that does not contain the name of this site";
  }
  return "";
}

std::string HashPassword(std::string_view password, const PasswordCost& cost) {
  RequireSodium();
  char out[crypto_pwhash_STRBYTES];
  SlotGuard slot;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("not enough memory to hash a password");
  }
  return out;
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  RequireSodium();
  SlotGuard slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(const std::string& hash, const PasswordCost& cost) {
  RequireSodium();
  // crypto_pwhash_str_needs_rehash checks the algorithm of the default build; ask for
  // argon2id explicitly so a hash of another variant is replaced too.
  return crypto_pwhash_argon2id_str_needs_rehash(hash.c_str(), cost.ops, cost.memory_bytes) != 0;
}

std::string GeneratePassword() {
  RequireSodium();
  // No 0/o, 1/l/i: easy to read aloud and copy by hand.
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  constexpr uint32_t kSize = sizeof(kAlphabet) - 1;
  for (;;) {
    std::string out;
    for (int i = 0; i < 20; ++i) {
      if (i > 0 && i % 5 == 0) out += '-';
      out += kAlphabet[randombytes_uniform(kSize)];
    }
    if (PasswordProblem(out, {}).empty()) return out;
  }
}

}  // namespace bulletin
