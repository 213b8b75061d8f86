#include "search/tokenizer.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text)) out.push_back(t.word);
  return out;
}

using V = std::vector<std::string>;

TEST(TokenizerTest, SplitsOnSpacesPunctuationAndHyphens) {
  EXPECT_EQ(Words("Multi-Agency Safeguarding Hub (MASH): call 01632 960100."),
            (V{"multi", "agency", "safeguarding", "hub", "mash", "call", "01632", "960100"}));
  EXPECT_EQ(Words(""), V{});
  EXPECT_EQ(Words(" -- … ** "), V{});
}

TEST(TokenizerTest, DropsPossessiveSWithStraightAndCurlyApostrophes) {
  EXPECT_EQ(Words("Clare's Law"), (V{"clare", "law"}));
  EXPECT_EQ(Words("Clare\u2019s Law"), (V{"clare", "law"}));
  EXPECT_EQ(Words("children\u2019s social care"), (V{"children", "social", "care"}));
}

TEST(TokenizerTest, JoinsOtherApostrophesAndDropsTrailingOnes) {
  EXPECT_EQ(Words("O'Neill didn\u2019t"), (V{"oneill", "didnt"}));
  EXPECT_EQ(Words("partners' views"), (V{"partners", "views"}));
  EXPECT_EQ(Words("'quoted'"), (V{"quoted"}));
}

TEST(TokenizerTest, FoldsCaseAndLatinAccents) {
  EXPECT_EQ(Words("ÉMILE Zoë naïve CAFÉ Straße"), (V{"emile", "zoe", "naive", "cafe", "strasse"}));
  EXPECT_EQ(Words("Łódź Ærø Œuvre Đakovo Þór"), (V{"lodz", "aero", "oeuvre", "dakovo", "thor"}));
  // A combining accent (decomposed form) stays inside its word and is dropped.
  EXPECT_EQ(Words("re\u0301sume\u0301"), (V{"resume"}));
  // × and ÷ are not letters.
  EXPECT_EQ(Words("2×3÷4"), (V{"2", "3", "4"}));
}

TEST(TokenizerTest, FoldTableCoversLatin1AndExtendedA) {
  for (char32_t cp = 0xC0; cp < 0x180; ++cp) {
    std::string folded = FoldCodePoint(cp);
    if (cp == 0xD7 || cp == 0xF7) {
      EXPECT_EQ(folded, "") << std::hex << static_cast<uint32_t>(cp);
      continue;
    }
    ASSERT_FALSE(folded.empty()) << std::hex << static_cast<uint32_t>(cp);
    for (char c : folded)
      EXPECT_TRUE(c >= 'a' && c <= 'z') << std::hex << static_cast<uint32_t>(cp);
  }
  EXPECT_EQ(FoldCodePoint(0x166), "t");
  EXPECT_EQ(FoldCodePoint(0x17F), "s");
}

TEST(TokenizerTest, KeepsOtherScriptsAndSplitsOnTheirPunctuation) {
  EXPECT_EQ(Words("Ελληνικά, 日本語。"), (V{"Ελληνικά", "日本語"}));
  EXPECT_EQ(Words("one\u2014two \u201cthree\u201d"), (V{"one", "two", "three"}));
}

TEST(TokenizerTest, InvalidUtf8SeparatesWords) {
  EXPECT_EQ(Words("abc\xff"
                  "def\xc3"),
            (V{"abc", "def"}));
  EXPECT_EQ(Words("\xe2\x82"), V{});
  EXPECT_EQ(Words("over\xc0\xaflong"), (V{"over", "long"}));
}

TEST(TokenizerTest, OffsetsPointAtTheOriginalBytes) {
  std::string text = "See Clare\u2019s Law.";
  std::vector<Token> tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "Clare");
  EXPECT_EQ(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin), "Law");
}

TEST(TokenizerTest, SkipsOverlongWords) {
  EXPECT_EQ(Words(std::string(65, 'a') + " ok " + std::string(64, 'b')),
            (V{"ok", std::string(64, 'b')}));
}

TEST(TokenizerTest, StopWordsAreSortedAndKeepSectorWords) {
  EXPECT_TRUE(std::is_sorted(StopWords().begin(), StopWords().end()));
  EXPECT_TRUE(IsStopWord("the"));
  EXPECT_TRUE(IsStopWord("of"));
  for (const char* kept : {"who", "not", "men", "can", "da", "cp", "child"}) {
    EXPECT_FALSE(IsStopWord(kept)) << kept;
  }
}

}  // namespace
}  // namespace bulletin
