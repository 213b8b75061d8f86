#include "core/free_text.h"

#include <gtest/gtest.h>

#include <string>

namespace bulletin {
namespace {

// UTF-8 for one code point.
std::string Utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

TEST(FreeTextTest, RefusesFormatAndSeparatorCharacters) {
  // The characters #18 found passing, and one of each kind the categories hold.
  for (uint32_t cp : {0x200Fu, 0x061Cu, 0x200Du,  0x2028u,  0x2029u,  0xFEFFu,  0x00ADu,
                      0x200Bu, 0x2060u, 0x202Au,  0x202Eu,  0x2066u,  0x2069u,  0x206Fu,
                      0x0600u, 0xFFF9u, 0x110BDu, 0x1D173u, 0xE0001u, 0xE0041u, 0xE007Fu}) {
    EXPECT_TRUE(IsFormatOrSeparator(cp)) << std::hex << cp;
    EXPECT_FALSE(IsCleanText("Sam" + Utf8(cp) + "Patel")) << std::hex << cp;
  }
}

TEST(FreeTextTest, KeepsTheLettersAroundThem) {
  // Neighbours of the refused ranges are letters, marks, symbols or ordinary spaces.
  for (uint32_t cp :
       {0x00ACu, 0x00AEu, 0x0606u, 0x061Bu, 0x061Du, 0x200Au, 0x2010u, 0x2027u, 0x202Fu, 0x205Fu,
        0x2070u, 0xFEFEu, 0xFF01u, 0xFFFCu, 0xE0000u, 0xE0080u, 0x1F600u}) {
    EXPECT_FALSE(IsFormatOrSeparator(cp)) << std::hex << cp;
  }
  for (const char* ok : {"Sam Patel", "Zo\xC3\xAB", "Siobh\xC3\xA1n O\xE2\x80\x99Neill",
                         "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", "Team \xF0\x9F\x98\x80", "tab\tinside",
                         "\xE2\x80\xAF narrow no-break space"}) {
    EXPECT_TRUE(IsCleanText(ok)) << ok;
  }
}

TEST(FreeTextTest, RefusesControlsAndMalformedUtf8) {
  const char* bad[] = {
      "\x01",              // C0 control
      "line\nbreak",       // C0 control
      "a\x7f",             // DEL
      "\xC2\x85",          // C1 control (NEL)
      "\xC3",              // truncated
      "\xC0\x80",          // overlong NUL
      "\xED\xA0\x80",      // unpaired high surrogate
      "\xED\xBF\xBF",      // unpaired low surrogate
      "\xF4\x90\x80\x80",  // beyond U+10FFFF
      "\xFF",
  };
  for (const char* b : bad) EXPECT_FALSE(IsCleanText(b)) << ::testing::PrintToString(b);
}

}  // namespace
}  // namespace bulletin
