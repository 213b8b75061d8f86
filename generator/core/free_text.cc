#include "core/free_text.h"

#include <algorithm>
#include <iterator>

#include "core/text.h"

namespace bulletin {
namespace {

struct Range {
  uint32_t first;
  uint32_t last;
};

// Every code point of general category Cf, Zl or Zp in UnicodeData.txt 14.0, as closed
// ranges in ascending order (generated with Python's unicodedata.category; regenerate when
// moving to a newer Unicode version).
constexpr Range kFormatOrSeparator[] = {
    {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
    {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
    {0x200B, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},
    {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
    {0x13430, 0x13438}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F},
};

}  // namespace

bool IsFormatOrSeparator(uint32_t code_point) {
  const Range* end = std::end(kFormatOrSeparator);
  const Range* at =
      std::upper_bound(std::begin(kFormatOrSeparator), end, code_point,
                       [](uint32_t cp, const Range& range) { return cp < range.first; });
  return at != std::begin(kFormatOrSeparator) && code_point <= std::prev(at)->last;
}

bool IsCleanText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = 0;
    size_t length = Utf8SequenceLength(text, i, &cp);
    if (length == 0) return false;
    if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f)) return false;
    if (IsFormatOrSeparator(cp)) return false;
    i += length;
  }
  return true;
}

}  // namespace bulletin
