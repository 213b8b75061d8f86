#pragma once

#include <cstdint>
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

/// The length (1-4) of the well-formed UTF-8 sequence starting at text[i], storing its code
/// point in *code_point; 0 if the bytes there are not well-formed UTF-8 (Unicode table 3-7:
/// no overlong forms, surrogates or values past U+10FFFF) or run past the end.
size_t Utf8SequenceLength(std::string_view text, size_t i, uint32_t* code_point);

/// ASCII letters lower-cased; other bytes unchanged.
std::string AsciiLower(std::string_view text);

/// Percent-encodes a URL query value: every byte but ASCII letters, digits, "-._~" and the
/// characters in `also_kept` becomes %XX (upper-case hex).
std::string EncodeQueryValue(std::string_view value, std::string_view also_kept = {});

/// Trims ASCII whitespace at both ends.
std::string_view Trim(std::string_view text);

/// True if `email` looks like a deliverable address: one '@', a non-empty local part,
/// a dotted domain of letters, digits and hyphens, no spaces; at most 254 bytes.
bool IsWellFormedEmail(const std::string& email);

/// Joins with a separator.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace bulletin
