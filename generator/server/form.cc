#include "server/form.h"

#include <cstdint>

#include "core/text.h"

namespace bulletin {

namespace {

bool Decode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      *out += ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexDigitValue(in[i + 1]), lo = HexDigitValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      *out += c;
    }
  }
  return true;
}

}  // namespace

bool ParseForm(std::string_view body, size_t max_fields, FormFields* out) {
  out->clear();
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(pos, amp - pos);
    if (!pair.empty()) {
      if (out->size() >= max_fields) return false;
      size_t eq = pair.find('=');
      std::string name, value;
      if (!Decode(pair.substr(0, eq), &name)) return false;
      if (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), &value)) return false;
      out->emplace_back(std::move(name), std::move(value));
    }
    pos = amp + 1;
  }
  return true;
}

std::string FormValue(const FormFields& fields, std::string_view name) {
  for (const auto& [n, v] : fields) {
    if (n == name) return v;
  }
  return "";
}

bool IsCleanText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
      ++i;
      continue;
    }
    // Well-formed UTF-8 only (Unicode table 3-7): no overlong forms, surrogates or values
    // past U+10FFFF, which a lenient decoder downstream could read as something else.
    int extra = 0;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      extra = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    unsigned char second = static_cast<unsigned char>(text[i + 1]);
    if (second < lo || second > hi) return false;
    for (int k = 2; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    uint32_t cp = extra == 1 ? ((c & 0x1f) << 6) | (second & 0x3f)
                             : extra == 2 ? ((c & 0x0f) << 12) | ((second & 0x3f) << 6) |
                                                (static_cast<unsigned char>(text[i + 2]) & 0x3f)
                                          : 0x10000;
    // C1 controls, and the bidirectional overrides that can make a name on a certificate
    // read differently from what was stored.
    if (cp >= 0x80 && cp <= 0x9f) return false;
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace bulletin
