#include "server/certificate_code.h"

namespace bulletin {

std::string NormaliseCertificateCode(std::string_view typed) {
  std::string out;
  out.reserve(typed.size());
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '0') c = 'O';
    if (c == '1') c = 'I';
    if (c == '8') c = 'B';
    out += c;
  }
  return out;
}

std::string GroupCertificateCode(std::string_view code) {
  constexpr size_t kGroup = 4;
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && i % kGroup == 0) out += '-';
    out += code[i];
  }
  return out;
}

}  // namespace bulletin
