#include "server/request_target.h"

#include <utility>

#include "core/text.h"

namespace bulletin {
namespace {

bool IsForbiddenInPath(unsigned char c) { return c < 0x20 || c == 0x7f || c == '\\'; }

bool KeepsInPath(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '/':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
      return true;
    default:
      return false;
  }
}

}  // namespace

int ParseRequestTarget(std::string_view target, RequestTarget* out) {
  if (target.size() > kMaxTargetBytes) return 414;
  if (target.empty() || target.front() != '/') return 400;
  size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  std::string path;
  path.reserve(raw_path.size());
  for (size_t i = 0; i < raw_path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw_path[i]);
    if (c == '%') {
      if (i + 2 >= raw_path.size()) return 400;
      int high = HexDigitValue(raw_path[i + 1]);
      int low = HexDigitValue(raw_path[i + 2]);
      if (high < 0 || low < 0) return 400;
      c = static_cast<unsigned char>(high * 16 + low);
      i += 2;
    }
    if (IsForbiddenInPath(c)) return 400;
    path.push_back(static_cast<char>(c));
  }
  out->path = std::move(path);
  out->query = question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
  return 0;
}

std::string EncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(path.size());
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (KeepsInPath(c)) {
      encoded.push_back(ch);
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 15]);
    }
  }
  return encoded;
}

}  // namespace bulletin
