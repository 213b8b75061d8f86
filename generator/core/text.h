#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

/// Escapes for XML (Atom, sitemap): & < > " '.
inline std::string XmlEscape(std::string_view text) { return HtmlEscape(text); }

/// Lower-case ASCII letters and digits joined by single '-': "Clare's Law" -> "clares-law".
/// Non-ASCII bytes are dropped. Never empty for input with a letter or digit.
std::string Slugify(std::string_view text);

/// True if `slug` is a valid slug: [a-z0-9]+ separated by single '-'.
bool IsValidSlug(std::string_view slug);

/// Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate closest to `word` within a small distance, or "" if none is close.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

/// The value of a hexadecimal digit (0-15), or -1 if `c` is not one.
int HexDigitValue(char c);

/// Trims ASCII whitespace at both ends.
std::string_view Trim(std::string_view text);

/// Joins with a separator.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace bulletin
