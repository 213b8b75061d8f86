#include "search/json_text.h"

#include <nlohmann/json.hpp>

namespace bulletin {

namespace {

// The length of the well-formed UTF-8 sequence starting at s[i] (a byte >= 0x80), or 0 if it is
// not one: overlong forms, surrogates and values past U+10FFFF are not, as in nlohmann's decoder.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 2) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

void AppendEscaped(unsigned char c, std::string* out) {
  switch (c) {
    case '"':
      *out += "\\\"";
      return;
    case '\\':
      *out += "\\\\";
      return;
    case '\b':
      *out += "\\b";
      return;
    case '\t':
      *out += "\\t";
      return;
    case '\n':
      *out += "\\n";
      return;
    case '\f':
      *out += "\\f";
      return;
    case '\r':
      *out += "\\r";
      return;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      *out += "\\u00";
      *out += kHex[c >> 4];
      *out += kHex[c & 15];
    }
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  const size_t start = out->size();
  *out += '"';
  size_t copied = 0;  // s[copied, i) is plain text still to append
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t len = Utf8SequenceAt(s, i);
      if (len == 0) {
        // nlohmann's replacement of invalid bytes has subtle rules (a byte that breaks a sequence
        // is read again as the start of the next); rare enough to hand the whole string to it.
        out->resize(start);
        *out += nlohmann::json(std::string(s))
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += len;
    } else if (c < 0x20 || c == '"' || c == '\\') {
      out->append(s.data() + copied, i - copied);
      AppendEscaped(c, out);
      copied = ++i;
    } else {
      ++i;
    }
  }
  out->append(s.data() + copied, s.size() - copied);
  *out += '"';
}

void AppendJsonStringArray(const std::vector<std::string>& items, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) *out += ',';
    AppendJsonString(items[i], out);
  }
  *out += ']';
}

}  // namespace bulletin
