#include "search/stemmer.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(StemmerTest, ConflatesTheFormsPractitionersType) {
  Stemmer s;
  EXPECT_EQ(s.Stem("supervising"), s.Stem("supervision"));
  EXPECT_EQ(s.Stem("supervised"), s.Stem("supervision"));
  EXPECT_EQ(s.Stem("safeguarding"), s.Stem("safeguarded"));
  EXPECT_EQ(s.Stem("professionals"), "profession");
  EXPECT_EQ(s.Stem("controlling"), s.Stem("control"));
  EXPECT_EQ(s.Stem("children"), "children");
}

TEST(StemmerTest, LeavesShortWordsAndEmptyInputAlone) {
  Stemmer s;
  EXPECT_EQ(s.Stem(""), "");
  EXPECT_EQ(s.Stem("da"), "da");
  EXPECT_EQ(s.Stem("mash"), "mash");
}

TEST(StemmerTest, IndependentStemmersAgree) {
  Stemmer a, b;
  for (const char* w : {"generously", "communication", "dying", "hopping", "news"}) {
    EXPECT_EQ(a.Stem(w), b.Stem(w)) << w;
  }
}

}  // namespace
}  // namespace bulletin
