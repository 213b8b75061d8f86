#include "markdown/input_limits.h"

#include <gtest/gtest.h>

#include "markdown_test_util.h"

namespace bulletin {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// DEPENDENCIES.md: n header columns then n one-cell rows; > 60 s at 24 KB on gfm.6.
std::string WideTable(int n) {
  return "|" + Repeat("a|", n) + "\n|" + Repeat("-|", n) + "\n" + Repeat("a\n", n);
}

TEST(InputLimitsTest, FileOverTheSizeLimitIsRefused) {
  RenderResult r = RenderForTest(std::string(600 * 1024, 'a'), 5);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.Messages(),
            "input:5:1: error: file is 600 KB; the limit is 512 KB: split it into several "
            "briefs\n");
  EXPECT_EQ(r.out.html, "");
}

TEST(InputLimitsTest, WideTableFromDependenciesIsRefused) {
  std::string text = WideTable(2400);  // about 24 KB
  ASSERT_GT(text.size(), 14000u);
  RenderResult r = RenderForTest(text);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.Messages(),
            "input:1:1: error: table has 2400 columns; the limit is 64: split it into narrower "
            "tables\n");
}

TEST(InputLimitsTest, TableAtTheColumnLimitRenders) {
  RenderResult r = RenderForTest(WideTable(64));
  EXPECT_TRUE(r.ok) << r.Messages();
  EXPECT_NE(r.out.html.find("<table>"), std::string::npos);
}

TEST(InputLimitsTest, WidthIsCountedInTheHeaderAndInQuotes) {
  std::string header = "|" + Repeat("a|", 80) + "\n|-|-|\n";
  EXPECT_EQ(RenderForTest("Intro.\n\n" + header, 10).Messages(),
            "input:12:1: error: table has 80 columns; the limit is 64: split it into narrower "
            "tables\n");
  EXPECT_EQ(RenderForTest("> " + Repeat("a|", 70) + "a\n> " + Repeat("-|", 70) + "-\n").Messages(),
            "input:1:3: error: table has 71 columns; the limit is 64: split it into narrower "
            "tables\n");
}

TEST(InputLimitsTest, TableRowWithTooManyCellsIsRefused) {
  RenderResult r = RenderForTest("|a|b|\n|-|-|\n|1|2|\n" + Repeat("<|", 3000) + "\n");
  EXPECT_EQ(r.Messages(),
            "input:4:1: error: table row has 3000 cells; the limit is 64: split it into narrower "
            "tables\n");
}

TEST(InputLimitsTest, TableWithTooManyCellsIsRefused) {
  RenderResult r = RenderForTest("Intro.\n\n|a|b|\n|-|-|\n" + Repeat("|1|2|\n", 30000));
  EXPECT_EQ(r.Messages(),
            "input:3:1: error: table has 60002 cells (30001 rows of 2 columns); the limit is "
            "50000: split it into several tables\n");
}

TEST(InputLimitsTest, EscapedPipesAndCodeFencesDoNotCount) {
  EXPECT_TRUE(RenderForTest("|a|\n|-|\n|" + Repeat("\\|", 100) + "|\n").ok);
  EXPECT_TRUE(RenderForTest("```\n" + Repeat("a|", 100) + "\n" + Repeat("-|", 100) + "\n```\n").ok);
}

TEST(InputLimitsTest, BracketRunFromDependenciesIsRefused) {
  RenderResult r = RenderForTest(Repeat("![[]()", 40000));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.Messages(),
            "input:1:189: error: more than 32 '[' are open here; the limit is 32: close them "
            "with ']' or write a literal bracket as \\[\n");
}

TEST(InputLimitsTest, BracketsInSeparateParagraphsAndEscapedBracketsAreFine) {
  EXPECT_TRUE(RenderForTest(Repeat("![[]() x\n\n", 5000)).ok);
  EXPECT_TRUE(RenderForTest(Repeat("\\[", 1000)).ok);
  EXPECT_TRUE(RenderForTest(Repeat("[a](/b) ", 1000)).ok);
}

TEST(InputLimitsTest, DeepBlockQuotesAreRefused) {
  EXPECT_EQ(RenderForTest("Intro.\n" + Repeat(">", 40) + " deep\n").Messages(),
            "input:2:1: error: block quotes nest 40 deep; the limit is 32\n");
}

TEST(InputLimitsTest, EveryBrokenLimitIsReported) {
  std::string text = WideTable(100) + "\n" + Repeat("[", 40) + "\n";
  Diagnostics diags;
  EXPECT_FALSE(CheckInputLimits(text, "input", 1, MarkdownLimits{}, &diags));
  EXPECT_EQ(diags.error_count(), 2) << diags.FormatAll();
}

TEST(InputLimitsTest, LimitsAreConfigurable) {
  MarkdownLimits limits;
  limits.max_table_columns = 2;
  Diagnostics diags;
  EXPECT_FALSE(CheckInputLimits("|a|b|c|\n|-|-|-|\n", "input", 1, limits, &diags));
  EXPECT_EQ(diags.FormatAll(),
            "input:1:1: error: table has 3 columns; the limit is 2: split it into narrower "
            "tables\n");
}

}  // namespace
}  // namespace bulletin
