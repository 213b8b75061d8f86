#include "check/internal_links.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(InternalLinksTest, ResolvesAgainstThePageUrl) {
  EXPECT_EQ(ResolveSitePath("/briefs/a/", "../b/"), "/briefs/b/");
  EXPECT_EQ(ResolveSitePath("/briefs/a/", "../../pages/x/"), "/pages/x/");
  EXPECT_EQ(ResolveSitePath("/briefs/a/", "img.png"), "/briefs/a/img.png");
  EXPECT_EQ(ResolveSitePath("/briefs/a/", "/images/a.png"), "/images/a.png");
  EXPECT_EQ(ResolveSitePath("/briefs/a/", "./"), "/briefs/a/");
  EXPECT_EQ(ResolveSitePath("/briefs/a/", ".."), "/briefs/");
  EXPECT_EQ(ResolveSitePath("/briefs/a/", "../../../x/"), "");
  EXPECT_EQ(ResolveSitePath("/briefs/a/", "/"), "/");
}

}  // namespace
}  // namespace bulletin
