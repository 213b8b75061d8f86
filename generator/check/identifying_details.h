#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// What an identifying-details scan may ignore.
struct DetailRules {
  std::vector<std::string> contact_phones;  ///< site.yaml contacts, any format
  std::vector<std::string> contact_emails;  ///< site.yaml contacts
  std::vector<std::string> pseudonyms;      ///< front matter `pseudonyms`: "Child O", "Jay"
  std::vector<std::string> reviewed;        ///< front matter `reviewed`: exact text to skip
  std::vector<std::string> listed_names;    ///< site.yaml `identifying_names`
};

/// What a detail is: a definite one (a publish stops for it) or a guessed first name.
enum class DetailKind { kDefinite, kGuessedName };

/// One likely identifying detail in a text.
struct Detail {
  int line = 1;    ///< 1-based line within the scanned text
  int column = 1;  ///< 1-based byte column
  DetailKind kind = DetailKind::kDefinite;
  std::string message;
};

/// Scans Markdown source `text` line by line for NHS numbers (10 digits, or
/// 3-3-4, that pass modulus 11), dates of birth (DOB, date of birth, born [on]
/// near a date), full UK postcodes, UK phone numbers that are not site
/// contacts, email addresses of individuals (see IsRoleEmail), and capitalised
/// first names beside "aged", "child", "mother", "father", "partner",
/// "brother", "sister", "son", "daughter" and similar words (kGuessedName), and
/// the names in `listed_names` as whole words in any case. A detail is
/// skipped if a `reviewed` text overlaps it, if its line carries the comment
/// `<!-- reviewed -->`, or (names) if the name is a word of a pseudonym.
std::vector<Detail> FindIdentifyingDetails(std::string_view text, const DetailRules& rules);

}  // namespace bulletin
