#include "markdown/markdown.h"

#include <gtest/gtest.h>

#include "markdown_test_util.h"

namespace bulletin {
namespace {

TEST(MarkdownTest, RendersGfmExtensions) {
  RenderResult r = RenderForTest("~~old~~ and https://example.org\n\n- [x] done\n- [ ] to do\n");
  ASSERT_TRUE(r.ok) << r.Messages();
  EXPECT_EQ(r.out.html,
            "<p><del>old</del> and <a href=\"https://example.org\">https://example.org</a></p>\n"
            "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n"
            "<li><input type=\"checkbox\" disabled=\"\" /> to do</li>\n</ul>\n");
}

TEST(MarkdownTest, QuotesStayAsWritten) {
  EXPECT_EQ(RenderForTest("Clare's \"Law\" -- yes\n").out.html,
            "<p>Clare's &quot;Law&quot; -- yes</p>\n");
}

TEST(MarkdownTest, TablesAreWrappedInAFocusableRegion) {
  RenderResult r = RenderForTest("| a |\n|---|\n| 1 |\n");
  EXPECT_EQ(r.out.html.rfind("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
                             "aria-label=\"Table\">\n<table>",
                             0),
            0u);
  EXPECT_NE(r.out.html.find("</table>\n</div>\n"), std::string::npos);
}

TEST(MarkdownTest, HeadingsGetUniqueIdsAndAreRecorded) {
  RenderResult r =
      RenderForTest("# Clare's Law\n\nText.\n\n## Clare's Law\n\n## *Clare's* law\n", 4);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.out.html,
            "<h1 id=\"clares-law\">Clare's Law</h1>\n<p>Text.</p>\n"
            "<h2 id=\"clares-law-2\">Clare's Law</h2>\n"
            "<h2 id=\"clares-law-3\"><em>Clare's</em> law</h2>\n");
  ASSERT_EQ(r.out.headings.size(), 3u);
  EXPECT_EQ(r.out.headings[0].level, 1);
  EXPECT_EQ(r.out.headings[0].text, "Clare's Law");
  EXPECT_EQ(r.out.headings[0].line, 4);
  EXPECT_EQ(r.out.headings[2].id, "clares-law-3");
  EXPECT_EQ(r.out.headings[2].line, 10);
  EXPECT_EQ(r.out.anchors,
            (std::vector<std::string>{"clares-law", "clares-law-2", "clares-law-3"}));
}

TEST(MarkdownTest, HeadingIdsAvoidBlockAndFootnoteIds) {
  RenderResult r = RenderForTest(
      "## Note 1\n\n## Fn 1\n\n## Think 1 title\n\n## Note 1\n\n> [!NOTE]\n> Body[^1].\n\n"
      "[^1]: Foot.\n");
  ASSERT_TRUE(r.ok) << r.Messages();
  std::vector<std::string> ids;
  for (const Heading& h : r.out.headings) ids.push_back(h.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"note-1-2", "fn-1-2", "think-1-title", "note-1-3"}));
  EXPECT_EQ(r.out.anchors,
            (std::vector<std::string>{"note-1-2", "fn-1-2", "think-1-title", "note-1-3", "note-1",
                                      "note-1-title", "fnref-1", "fn-1"}));
}

TEST(MarkdownTest, HeadingWithoutLettersGetsSectionId) {
  EXPECT_EQ(RenderForTest("## !!!\n\n## ...\n").out.html,
            "<h2 id=\"section\">!!!</h2>\n<h2 id=\"section-2\">...</h2>\n");
}

TEST(MarkdownTest, HeadingInsideABlockKeepsItsIdInTheBlockHtml) {
  RenderResult r = RenderForTest("> [!KEY]\n> ## Summary\n> Text.\n");
  ASSERT_EQ(r.out.blocks.size(), 1u);
  EXPECT_EQ(r.out.blocks[0].html, "<h2 id=\"summary\">Summary</h2>\n<p>Text.</p>\n");
}

TEST(MarkdownTest, AnchorsAreInDocumentOrderWithHeadingsAmongBlocks) {
  RenderResult r = RenderForTest("## Intro\n\n> [!NOTE]\n> ## Inside\n> Text.\n\n## End\n");
  ASSERT_TRUE(r.ok) << r.Messages();
  EXPECT_EQ(r.out.anchors,
            (std::vector<std::string>{"intro", "note-1", "note-1-title", "inside", "end"}));
}

TEST(MarkdownTest, BlockAndHeadingTextsAreTheirOwnPlainText) {
  RenderResult r = RenderForTest(
      "# A  *b*\n\n>   [!THINK]\n>  ## Ask   `why`\n> line one\n> line  two\n\n>[!KEY]\n\n## \n");
  ASSERT_EQ(r.out.blocks.size(), 2u);
  EXPECT_EQ(r.out.blocks[0].text, "Ask why line one line two");
  EXPECT_EQ(r.out.blocks[1].text, "");
  ASSERT_EQ(r.out.headings.size(), 3u);
  EXPECT_EQ(r.out.headings[0].text, "A b");
  EXPECT_EQ(r.out.headings[1].text, "Ask why");
  EXPECT_EQ(r.out.headings[2].text, "");
  EXPECT_EQ(r.out.text, "A b Ask why line one line two");
}

TEST(MarkdownTest, TextIsWhitespaceCollapsedPlainText) {
  RenderResult r = RenderForTest(
      "# Title\n\nSome *emphasis*\nand `code`.\n\n- one\n- two\n\n```\nfenced   code\n```\n");
  EXPECT_EQ(r.out.text, "Title Some emphasis and code. one two fenced code");
}

TEST(MarkdownTest, EveryProblemIsReported) {
  RenderResult r = RenderForTest("> [!FOO]\n> x\n\n[a](javascript:x)\n\n> [!BAR]\n> y\n");
  EXPECT_EQ(r.diags.error_count(), 3) << r.Messages();
}

TEST(MarkdownTest, LimitsOverloadStillWorks) {
  Diagnostics diags;
  RenderedMarkdown out;
  EXPECT_TRUE(RenderMarkdown("Hi\n", "input", 1, MarkdownLimits{}, &diags, &out));
  EXPECT_EQ(out.html, "<p>Hi</p>\n");
}

TEST(MarkdownTest, OutputIsClearedBeforeRendering) {
  Diagnostics diags;
  RenderedMarkdown out;
  out.links.push_back({"stale", false, 1, 1});
  RenderMarkdown("Hi\n", "input", 1, RenderOptions{}, &diags, &out);
  EXPECT_TRUE(out.links.empty());
}

}  // namespace
}  // namespace bulletin
