#include "server/form.h"

#include <cctype>
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

std::string EncodeFormValue(std::string_view value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace bulletin
