#include "check/patterns.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.h"

namespace bulletin {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

bool PassesNhsModulus11(std::string_view digits) {
  if (digits.size() != 10 || !std::all_of(digits.begin(), digits.end(), IsDigit)) return false;
  if (std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits[0]; })) {
    return false;
  }
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;
  return digits[9] - '0' == check;
}

bool IsUkPostcode(std::string_view text) {
  if (text == "GIR 0AA" || text == "GIR0AA") return true;
  // Inward code: digit + two letters, never C I K M O V.
  if (text.size() < 5) return false;
  std::string_view in = text.substr(text.size() - 3);
  auto inward_letter = [](char c) {
    return IsUpper(c) && std::string_view("CIKMOV").find(c) == std::string_view::npos;
  };
  if (!IsDigit(in[0]) || !inward_letter(in[1]) || !inward_letter(in[2])) return false;
  std::string_view out = text.substr(0, text.size() - 3);
  if (!out.empty() && out.back() == ' ') out.remove_suffix(1);
  // Outward code: A9, A99, AA9, AA99, A9A, AA9A; first letter not Q V X, second
  // not I J Z.
  if (out.size() < 2 || out.size() > 4) return false;
  if (!IsUpper(out[0]) || std::string_view("QVX").find(out[0]) != std::string_view::npos) {
    return false;
  }
  size_t i = 1;
  if (IsUpper(out[1])) {
    if (std::string_view("IJZ").find(out[1]) != std::string_view::npos) return false;
    i = 2;
  }
  if (i >= out.size() || !IsDigit(out[i])) return false;
  ++i;
  if (i < out.size()) {
    if (!IsDigit(out[i]) && !IsUpper(out[i])) return false;
    ++i;
  }
  return i == out.size();
}

std::string NormaliseUkPhone(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (IsDigit(c)) {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return "";
    }
  }
  std::string nsn;
  if (plus || digits.rfind("0044", 0) == 0) {
    std::string rest = plus ? digits : digits.substr(2);
    if (rest.rfind("44", 0) != 0) return "";
    nsn = rest.substr(2);
    if (!nsn.empty() && nsn[0] == '0') nsn.erase(0, 1);  // +44 (0)1632 ...
  } else {
    if (digits.empty() || digits[0] != '0') return "";
    nsn = digits.substr(1);
  }
  if (nsn.size() < 9 || nsn.size() > 10 || nsn[0] == '0') return "";
  return "0" + nsn;
}

bool IsWellFormedPhone(std::string_view text) {
  if (!NormaliseUkPhone(text).empty()) return true;
  std::string digits;
  for (char c : text) {
    if (IsDigit(c)) {
      digits += c;
    } else if (c != ' ' && c != '-' && c != '+') {
      return false;
    }
  }
  if (text.find('+') == std::string_view::npos) {
    bool six = digits.size() == 6 && (digits.rfind("116", 0) == 0 || digits.rfind("118", 0) == 0);
    return (digits.size() == 3 && digits[0] != '0') || six;
  }
  return text.substr(0, 1) == "+" && text.rfind('+') == 0 && digits.rfind("44", 0) != 0 &&
         digits.size() >= 8 && digits.size() <= 15;
}

bool IsWellFormedEmail(std::string_view address) {
  size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || address.find('@', at + 1) != address.npos) {
    return false;
  }
  for (char c : address) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == ';') {
      return false;
    }
  }
  std::string_view domain = address.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  if (domain.find("..") != std::string_view::npos || domain.front() == '-') return false;
  return std::all_of(domain.begin() + dot + 1, domain.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

bool IsRoleEmail(std::string_view address) {
  static const std::array<std::string_view, 64> kRoleWords = {
      "admin",          "adults",      "adult",     "board",      "business",
      "care",           "children",    "childrens", "complaints", "contact",
      "contactus",      "data",        "dpo",       "duty",       "edt",
      "enquiries",      "enquiry",     "feedback",  "foi",        "governance",
      "hello",          "help",        "helpdesk",  "hr",         "hub",
      "info",           "information", "lado",      "learning",   "mail",
      "marac",          "mash",        "media",     "noreply",    "no-reply",
      "office",         "partnership", "police",    "post",       "press",
      "privacy",        "protection",  "reception", "referral",   "referrals",
      "safeguarding",   "school",      "schools",   "service",    "services",
      "social",         "support",     "team",      "training",   "unit",
      "webmaster",      "health",      "housing",   "triage",     "advice",
      "communications", "secure",      "intake",    "front-door"};
  std::string local = AsciiLower(address.substr(0, address.find('@')));
  std::string word;
  auto is_role = [&](const std::string& w) {
    return std::find(kRoleWords.begin(), kRoleWords.end(), w) != kRoleWords.end();
  };
  for (char c : local + ".") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      if (is_role(word)) return true;
      word.clear();
    }
  }
  return is_role(local);
}

}  // namespace bulletin
