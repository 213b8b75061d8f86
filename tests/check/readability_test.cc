#include "check/readability.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(ReadabilityTest, SplitsSentencesButNotAbbreviations) {
  EXPECT_EQ(SplitSentences("Mr B was there. Dr Ahmed saw Child O. Was it safe? Yes!"),
            (std::vector<std::string>{"Mr B was there.", "Dr Ahmed saw Child O.", "Was it safe?",
                                      "Yes!"}));
  EXPECT_EQ(SplitSentences("It said \"stop.\" Then it ended"),
            (std::vector<std::string>{"It said \"stop.\"", "Then it ended"}));
  EXPECT_EQ(SplitSentences("Costs rose 2.5 times, e.g. in care. Next."),
            (std::vector<std::string>{"Costs rose 2.5 times, e.g. in care.", "Next."}));
  EXPECT_TRUE(SplitSentences("   ").empty());
}

TEST(ReadabilityTest, CountsWordsAndSyllables) {
  EXPECT_EQ(CountWords("Ms A's partner, Mr B, wasn't seen - twice."), 8);
  EXPECT_EQ(CountSyllables("cat"), 1);
  EXPECT_EQ(CountSyllables("make"), 1);
  EXPECT_EQ(CountSyllables("table"), 2);
  EXPECT_EQ(CountSyllables("guarding"), 2);
  EXPECT_EQ(CountSyllables("domestic"), 3);
  EXPECT_EQ(CountSyllables("professional"), 4);
  EXPECT_EQ(CountSyllables("homes"), 1);
  EXPECT_EQ(CountSyllables("the"), 1);
}

TEST(ReadabilityTest, FleschReadingEase) {
  EXPECT_EQ(FleschReadingEase(""), 0);
  // 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1.
  EXPECT_NEAR(FleschReadingEase("The cat sat on the mat."), 116.145, 0.001);
  double hard = FleschReadingEase(
      "Multi-agency safeguarding arrangements "
      "necessitate comprehensive interprofessional "
      "information sharing.");
  EXPECT_LT(hard, 0);
  EXPECT_STREQ(ReadingEaseBand(65), "plain English");
  EXPECT_STREQ(ReadingEaseBand(95), "very easy");
  EXPECT_STREQ(ReadingEaseBand(10), "very difficult");
}

}  // namespace
}  // namespace bulletin
