#include "core/text.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(TextTest, EscapesHtml) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(TextTest, SlugifiesTitles) {
  EXPECT_EQ(Slugify("Clare's Law"), "clares-law");
  EXPECT_EQ(Slugify("Clare\xE2\x80\x99s Law"), "clares-law");
  EXPECT_EQ(Slugify("  Hidden men: who is in the house?  "), "hidden-men-who-is-in-the-house");
  EXPECT_EQ(Slugify("CSPR -- Child O (2024)"), "cspr-child-o-2024");
  EXPECT_EQ(Slugify("!!!"), "");
}

TEST(TextTest, ValidatesSlugs) {
  EXPECT_TRUE(IsValidSlug("child-o-p-q"));
  EXPECT_FALSE(IsValidSlug("Child-O"));
  EXPECT_FALSE(IsValidSlug("a--b"));
  EXPECT_FALSE(IsValidSlug("-a"));
  EXPECT_FALSE(IsValidSlug(""));
}

TEST(TextTest, SuggestsClosestMatch) {
  EXPECT_EQ(ClosestMatch("sumary", {"summary", "title", "date"}), "summary");
  EXPECT_EQ(ClosestMatch("colour", {"summary", "title", "date"}), "");
}

}  // namespace
}  // namespace bulletin
