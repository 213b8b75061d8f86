#include "check/identifying_details.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "check/patterns.h"
#include "core/text.h"

namespace bulletin {
namespace {

// How to fix a definite detail `value`: quoted as YAML would need it in `reviewed`.
std::string Advice(const std::string& value) {
  std::string quoted;
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return "; remove or anonymise it, or if it identifies no one, list it exactly in the front "
         "matter: reviewed: [\"" +
         quoted + "\"]";
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Span {
  size_t begin = 0;
  size_t end = 0;
  std::string message;
  DetailKind kind = DetailKind::kDefinite;
};

class LineScanner {
 public:
  LineScanner(std::string_view line, const DetailRules& rules) : line_(line), rules_(rules) {}

  std::vector<Span> Scan() {
    ListedNames();
    NhsNumbers();
    Phones();
    Postcodes();
    DatesOfBirth();
    Emails();
    Names();
    return std::move(spans_);
  }

 private:
  bool Taken(size_t begin, size_t end) const {
    return std::any_of(spans_.begin(), spans_.end(),
                       [&](const Span& s) { return begin < s.end && s.begin < end; });
  }
  void Add(size_t begin, size_t end, std::string message, DetailKind kind = DetailKind::kDefinite) {
    if (!Taken(begin, end)) spans_.push_back({begin, end, std::move(message), kind});
  }

  void ListedNames() {
    std::string lower = AsciiLower(line_);
    for (const std::string& name : rules_.listed_names) {
      std::string wanted = AsciiLower(name);
      if (wanted.empty()) continue;
      for (size_t p = lower.find(wanted); p != std::string::npos; p = lower.find(wanted, p + 1)) {
        size_t e = p + wanted.size();
        if (!BoundaryBefore(p) || !BoundaryAfter(e)) continue;
        std::string m(line_.substr(p, e - p));
        Add(p, e, "'" + m + "' is one of the names in site.yaml's identifying_names" + Advice(m));
      }
    }
  }
  bool BoundaryBefore(size_t i) const { return i == 0 || !IsWordChar(line_[i - 1]); }
  bool BoundaryAfter(size_t i) const { return i >= line_.size() || !IsWordChar(line_[i]); }

  void NhsNumbers() {
    static const std::regex kNhs(R"(\d{3}[ -]?\d{3}[ -]?\d{4})");
    ForEachMatch(kNhs, [&](size_t b, size_t e, const std::string& m) {
      if (!BoundaryBefore(b) || !BoundaryAfter(e)) return;
      std::string digits;
      for (char c : m) {
        if (IsDigit(c)) digits += c;
      }
      if (PassesNhsModulus11(digits)) {
        Add(b, e,
            "'" + m + "' looks like an NHS number (it passes the modulus 11 check)" + Advice(m));
      }
    });
  }

  void Phones() {
    static const std::regex kPhone(R"((\+44\s?(\(0\)\s?)?|\(?0)\d[\d \-\)]{7,13}\d)");
    std::vector<std::string> contacts;
    for (const std::string& p : rules_.contact_phones) contacts.push_back(NormaliseUkPhone(p));
    ForEachMatch(kPhone, [&](size_t b, size_t e, const std::string& m) {
      if (!BoundaryBefore(b) && line_[b] != '+' && line_[b] != '(') return;
      if (!BoundaryAfter(e)) return;
      std::string number = NormaliseUkPhone(m);
      if (number.empty()) return;
      if (std::find(contacts.begin(), contacts.end(), number) != contacts.end()) return;
      Add(b, e,
          "'" + m +
              "' looks like a phone number that is not one of the contacts in "
              "site.yaml" +
              Advice(m));
    });
  }

  void Postcodes() {
    static const std::regex kPostcode(R"([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})");
    ForEachMatch(kPostcode, [&](size_t b, size_t e, const std::string& m) {
      if (BoundaryBefore(b) && BoundaryAfter(e) && IsUkPostcode(m)) {
        Add(b, e, "'" + m + "' looks like a UK postcode" + Advice(m));
      }
    });
  }

  void DatesOfBirth() {
    static const std::regex kDob(
        R"(\b(d\.?o\.?b\.?|date of birth|born( on)?)(?![a-z])\W{0,3}[^.\n]{0,15}?)"
        R"((\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|)"
        R"(\d{1,2}(st|nd|rd|th)? (of )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}|)"
        R"((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(st|nd|rd|th)?,? \d{4}))",
        std::regex::icase);
    ForEachMatch(kDob, [&](size_t b, size_t e, const std::string& m) {
      Add(b, e, "'" + m + "' looks like a date of birth" + Advice(m));
    });
  }

  void Emails() {
    for (size_t at = line_.find('@'); at != std::string_view::npos; at = line_.find('@', at + 1)) {
      auto local_char = [](char c) {
        return IsWordChar(c) || c == '.' || c == '%' || c == '+' || c == '-';
      };
      size_t b = at;
      while (b > 0 && local_char(line_[b - 1])) --b;
      size_t e = at + 1;
      while (e < line_.size() && (IsWordChar(line_[e]) || line_[e] == '.' || line_[e] == '-')) ++e;
      while (e > at + 1 && line_[e - 1] == '.') --e;
      while (b < at && line_[b] == '.') ++b;
      std::string address(line_.substr(b, e - b));
      if (b == at || !IsWellFormedEmail(address) || IsRoleEmail(address)) continue;
      bool contact = std::any_of(
          rules_.contact_emails.begin(), rules_.contact_emails.end(), [&](const std::string& c) {
            return std::equal(c.begin(), c.end(), address.begin(), address.end(),
                              [](char x, char y) { return std::tolower(x) == std::tolower(y); });
          });
      if (!contact)
        Add(b, e, "'" + address + "' looks like a person's email address" + Advice(address));
    }
  }

  void Names() {
    static const std::string kRelation =
        "(aged|child|mother|father|partner|brother|sister|son|daughter|"
        "stepfather|stepmother|"
        "stepson|stepdaughter|grandmother|grandfather|grandson|granddaughter|"
        "baby|sibling|"
        "uncle|aunt|cousin|husband|wife|boyfriend|girlfriend|niece|nephew|"
        "carer)";
    static const std::regex kAfter("\\b" + kRelation + ",? ([A-Z][a-z]+)\\b");
    static const std::regex kBefore("\\b([A-Z][a-z]+)('s)?,? \\(?" + kRelation + "\\b");
    ForEachMatch(kAfter, [&](size_t b, size_t, const std::string& m) {
      size_t name_at = m.find_last_of(' ') + 1;
      NameAt(b + name_at, m.substr(name_at), m);
    });
    ForEachMatch(kBefore, [&](size_t b, size_t, const std::string& m) {
      size_t len = 0;
      while (len < m.size() && std::isalpha(static_cast<unsigned char>(m[len]))) ++len;
      NameAt(b, m.substr(0, len), m);
    });
  }

  void NameAt(size_t at, const std::string& name, const std::string& context) {
    static const std::vector<std::string> kNotNames = {
        "Mr",        "Mrs",       "Ms",      "Miss",         "Mx",       "Dr",       "Child",
        "Adult",     "Baby",      "Family",  "The",          "This",     "That",     "These",
        "Those",     "There",     "Their",   "They",         "She",      "He",       "His",
        "Her",       "It",        "Its",     "In",           "On",       "At",       "And",
        "But",       "Or",        "If",      "When",         "While",    "Where",    "What",
        "Who",       "Why",       "How",     "An",           "As",       "For",      "From",
        "With",      "By",        "To",      "Of",           "Our",      "Your",     "We",
        "You",       "Police",    "Social",  "Health",       "School",   "Children", "Adults",
        "People",    "Young",     "Women",   "Men",          "Girls",    "Boys",     "Babies",
        "Mothers",   "Fathers",   "Parents", "Carers",       "Mum",      "Dad",      "Protection",
        "Services",  "Service",   "Care",    "Court",        "Team",     "Agency",   "Agencies",
        "Plan",      "Practice",  "Review",  "Safeguarding", "Each",     "Every",    "All",
        "Some",      "Any",       "No",      "Not",          "One",      "Two",      "Both",
        "January",   "February",  "March",   "April",        "May",      "June",     "July",
        "August",    "September", "October", "November",     "December", "Monday",   "Tuesday",
        "Wednesday", "Thursday",  "Friday",  "Saturday",     "Sunday",   "Think",    "Key",
        "Note",      "Victim",    "Victims", "Partner",      "Partners", "Mother",   "Father",
        "Sister",    "Brother",   "Son",     "Daughter",     "Domestic", "Early",    "Help"};
    if (std::find(kNotNames.begin(), kNotNames.end(), name) != kNotNames.end()) return;
    for (const std::string& p : rules_.pseudonyms) {
      size_t pos = p.find(name);
      if (pos != std::string::npos && (pos == 0 || !IsWordChar(p[pos - 1])) &&
          (pos + name.size() == p.size() || !IsWordChar(p[pos + name.size()]))) {
        return;
      }
    }
    Add(at, at + name.size(),
        "'" + name + "' (in '" + context +
            "') may be a real first name; use the review's pseudonym, or add "
            "it to 'pseudonyms' "
            "in the front matter",
        DetailKind::kGuessedName);
  }

  template <typename F>
  void ForEachMatch(const std::regex& re, F f) {
    std::string line(line_);
    for (auto it = std::sregex_iterator(line.begin(), line.end(), re); it != std::sregex_iterator();
         ++it) {
      size_t b = static_cast<size_t>(it->position(0));
      f(b, b + static_cast<size_t>(it->length(0)), it->str(0));
    }
  }

  std::string_view line_;
  const DetailRules& rules_;
  std::vector<Span> spans_;
};

bool Reviewed(std::string_view line, const Span& span, const DetailRules& rules) {
  if (line.find("<!-- reviewed -->") != std::string_view::npos) return true;
  for (const std::string& r : rules.reviewed) {
    if (r.empty()) continue;
    for (size_t p = line.find(r); p != std::string_view::npos; p = line.find(r, p + 1)) {
      if (p < span.end && span.begin < p + r.size()) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<Detail> FindIdentifyingDetails(std::string_view text, const DetailRules& rules) {
  std::vector<Detail> out;
  int line_no = 1;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    // libstdc++'s std::regex recurses per character: very long lines are not
    // scanned.
    if (line.size() <= 4000) {
      std::vector<Span> spans = LineScanner(line, rules).Scan();
      std::sort(spans.begin(), spans.end(),
                [](const Span& a, const Span& b) { return a.begin < b.begin; });
      for (const Span& s : spans) {
        if (!Reviewed(line, s, rules)) {
          out.push_back({line_no, static_cast<int>(s.begin) + 1, s.kind, s.message});
        }
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line_no;
  }
  return out;
}

}  // namespace bulletin
