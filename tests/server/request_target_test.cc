#include "server/request_target.h"

#include <string>

#include "gtest/gtest.h"

namespace bulletin {
namespace {

TEST(RequestTargetTest, SplitsPathAndQueryAndDecodesThePath) {
  RequestTarget target;
  ASSERT_EQ(ParseRequestTarget("/a%20b/c+d/?x=1%202&y", &target), 0);
  EXPECT_EQ(target.path, "/a b/c+d/");
  EXPECT_EQ(target.query, "x=1%202&y");
}

TEST(RequestTargetTest, DecodesDotSegmentsWithoutResolvingThem) {
  RequestTarget target;
  ASSERT_EQ(ParseRequestTarget("/%2e%2E/x", &target), 0);
  EXPECT_EQ(target.path, "/../x");
  ASSERT_EQ(ParseRequestTarget("/%252e%252e/x", &target), 0);
  EXPECT_EQ(target.path, "/%2e%2e/x");  // decoded once only
}

TEST(RequestTargetTest, RejectsTargetsNotInOriginForm) {
  RequestTarget target;
  EXPECT_EQ(ParseRequestTarget("http://example.com/", &target), 400);
  EXPECT_EQ(ParseRequestTarget("*", &target), 400);
  EXPECT_EQ(ParseRequestTarget("", &target), 400);
  EXPECT_EQ(ParseRequestTarget("example.com:443", &target), 400);
}

TEST(RequestTargetTest, RejectsInvalidEscapesNulBackslashAndControls) {
  RequestTarget target;
  for (const char* bad :
       {"/%", "/%4", "/%zz", "/a%g1", "/a%00b", "/a%5cb", "/a\\b", "/a%0d%0ab", "/a%7f"}) {
    EXPECT_EQ(ParseRequestTarget(bad, &target), 400) << bad;
  }
}

TEST(RequestTargetTest, RejectsTargetsOver8KiBWith414) {
  RequestTarget target;
  std::string longest = "/" + std::string(kMaxTargetBytes - 1, 'a');
  EXPECT_EQ(ParseRequestTarget(longest, &target), 0);
  EXPECT_EQ(ParseRequestTarget(longest + "a", &target), 414);
}

TEST(RequestTargetTest, EncodePathKeepsSafeCharactersAndEscapesTheRest) {
  EXPECT_EQ(EncodePath("/briefs/a-b_c.~/"), "/briefs/a-b_c.~/");
  EXPECT_EQ(EncodePath("/a b/%?#\r\n\\"), "/a%20b/%25%3F%23%0D%0A%5C");
  EXPECT_EQ(EncodePath("/caf\xc3\xa9/"), "/caf%C3%A9/");
}

}  // namespace
}  // namespace bulletin
