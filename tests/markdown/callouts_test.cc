#include "markdown/callouts.h"

#include <gtest/gtest.h>

#include "markdown_test_util.h"

namespace bulletin {
namespace {

TEST(CalloutsTest, EachKindRendersAsAnAsideWithTitle) {
  struct Case {
    const char* marker;
    BlockKind kind;
    const char* name;
    const char* title;
  };
  for (const Case& c : {Case{"THINK", BlockKind::kThink, "think", "Think"},
                        Case{"KEY", BlockKind::kKey, "key", "Key message"},
                        Case{"NOTE", BlockKind::kNote, "note", "Note"},
                        Case{"WARNING", BlockKind::kWarning, "warning", "Warning"},
                        Case{"CONTACT", BlockKind::kContact, "contact", "Contact"}}) {
    SCOPED_TRACE(c.marker);
    RenderResult r = RenderForTest(std::string("> [!") + c.marker + "]\n> Body text.\n");
    ASSERT_TRUE(r.ok) << r.Messages();
    std::string id = std::string(c.name) + "-1";
    EXPECT_EQ(r.out.html, std::string("<aside class=\"callout callout-") + c.name +
                              "\" data-block=\"" + c.name + "\" id=\"" + id +
                              "\" aria-labelledby=\"" + id +
                              "-title\"><p class=\"callout-title\" id=\"" + id + "-title\">" +
                              c.title + "</p>\n<p>Body text.</p>\n</aside>\n");
    ASSERT_EQ(r.out.blocks.size(), 1u);
    EXPECT_EQ(r.out.blocks[0].kind, c.kind);
    EXPECT_EQ(r.out.blocks[0].id, id);
    EXPECT_EQ(r.out.blocks[0].html, "<p>Body text.</p>\n");
    EXPECT_EQ(r.out.blocks[0].text, "Body text.");
    EXPECT_EQ(BlockKindName(c.kind), std::string(c.name));
    EXPECT_EQ(BlockKindTitle(c.kind), std::string(c.title));
  }
}

TEST(CalloutsTest, NameIsCaseInsensitiveAndTextMayFollowTheMarker) {
  RenderResult r = RenderForTest("> [!think] Who else *knows* the family?\n> Ask them.\n");
  ASSERT_TRUE(r.ok) << r.Messages();
  ASSERT_EQ(r.out.blocks.size(), 1u);
  EXPECT_EQ(r.out.blocks[0].html, "<p>Who else <em>knows</em> the family?\nAsk them.</p>\n");
  EXPECT_EQ(r.out.blocks[0].text, "Who else knows the family? Ask them.");
}

TEST(CalloutsTest, ABlockMayDeclareItsOwnThemes) {
  RenderResult r = RenderForTest(
      "> [!THINK: risk-assessment, Domestic abuse ,]\n> Who can complete a DASH?\n\n"
      "> [!key]\n> Ask.\n");
  ASSERT_TRUE(r.ok) << r.Messages();
  ASSERT_EQ(r.out.blocks.size(), 2u);
  EXPECT_EQ(r.out.blocks[0].themes,
            (std::vector<std::string>{"risk-assessment", "Domestic abuse"}));
  EXPECT_EQ(r.out.blocks[0].html, "<p>Who can complete a DASH?</p>\n");
  EXPECT_TRUE(r.out.blocks[1].themes.empty());
  EXPECT_EQ(r.out.html.find("risk-assessment"), std::string::npos) << r.out.html;
}

TEST(CalloutsTest, ThemesNeedAThinkOrKeyBlockAndAName) {
  RenderResult r = RenderForTest("> [!THINK:]\n> a\n\n> [!NOTE: dash]\n> b\n");
  EXPECT_EQ(r.Messages(),
            "input:1:3: error: '[!THINK:]' names no theme after the colon; write the themes, "
            "as in [!THINK: coercive-control], or leave out the colon\n"
            "input:4:3: warning: block '[!NOTE]' ignores themes: only [!THINK] and [!KEY] "
            "blocks are collected by theme; write '[!NOTE]'\n");
}

TEST(CalloutsTest, IdsAreNumberedPerKindAndLinesAreFileLines) {
  RenderResult r = RenderForTest("> [!THINK]\n> a\n\n> [!KEY]\n> b\n\n> [!THINK]\n> c\n", 5);
  ASSERT_TRUE(r.ok) << r.Messages();
  ASSERT_EQ(r.out.blocks.size(), 3u);
  EXPECT_EQ(r.out.blocks[0].id, "think-1");
  EXPECT_EQ(r.out.blocks[1].id, "key-1");
  EXPECT_EQ(r.out.blocks[2].id, "think-2");
  EXPECT_EQ(r.out.blocks[0].line, 5);
  EXPECT_EQ(r.out.blocks[2].line, 11);
  EXPECT_EQ(r.out.anchors, (std::vector<std::string>{"think-1", "think-1-title", "key-1",
                                                     "key-1-title", "think-2", "think-2-title"}));
}

TEST(CalloutsTest, TitleIsNotPartOfTheText) {
  RenderResult r = RenderForTest("Intro.\n\n> [!WARNING]\n> Act now.\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.out.text, "Intro. Act now.");
}

TEST(CalloutsTest, OrdinaryBlockQuoteStaysABlockQuote) {
  RenderResult r = RenderForTest("> [link](/x) first\n\n> [!] not a marker\n");
  ASSERT_TRUE(r.ok) << r.Messages();
  EXPECT_TRUE(r.out.blocks.empty());
  EXPECT_EQ(r.out.html,
            "<blockquote>\n<p><a href=\"/x\">link</a> first</p>\n</blockquote>\n"
            "<blockquote>\n<p>[!] not a marker</p>\n</blockquote>\n");
}

TEST(CalloutsTest, UnknownNameIsAnErrorAtTheMarker) {
  RenderResult r = RenderForTest("Intro.\n\n> [!FOO]\n> text\n", 10);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.Messages(),
            "input:12:3: error: unknown block '[!FOO]'; use one of THINK, KEY, NOTE, WARNING, "
            "CONTACT\n");
  EXPECT_TRUE(r.out.blocks.empty());
}

TEST(CalloutsTest, UnknownNameCloseToAKnownOneSuggestsIt) {
  RenderResult r = RenderForTest("> [!THNK]\n> text\n\n> [!Warnin] x\n");
  EXPECT_EQ(r.Messages(),
            "input:1:3: error: unknown block '[!THNK]'; did you mean [!THINK]?\n"
            "input:4:3: error: unknown block '[!Warnin]'; did you mean [!WARNING]?\n");
}

TEST(CalloutsTest, QuizBlocksAreErrorsOutsideQuizFiles) {
  RenderResult r = RenderForTest("> [!EXPLAIN]\n> Because.\n\n> [!scenario]\n> Ayesha.\n");
  EXPECT_EQ(r.Messages(),
            "input:1:3: error: block '[!EXPLAIN]' is only allowed in quiz files\n"
            "input:4:3: error: block '[!scenario]' is only allowed in quiz files\n");
}

TEST(CalloutsTest, QuizBlocksRenderWhenAllowed) {
  RenderOptions options;
  options.allow_quiz_blocks = true;
  RenderResult r =
      RenderForTest("> [!SCENARIO]\n> Ayesha.\n\n> [!EXPLAIN]\n> Because.\n", 1, options);
  ASSERT_TRUE(r.ok) << r.Messages();
  ASSERT_EQ(r.out.blocks.size(), 2u);
  EXPECT_EQ(r.out.blocks[0].kind, BlockKind::kScenario);
  EXPECT_EQ(r.out.blocks[0].id, "scenario-1");
  EXPECT_EQ(r.out.blocks[1].kind, BlockKind::kExplain);
  EXPECT_NE(r.out.html.find("data-block=\"explain\" id=\"explain-1\""), std::string::npos);
}

TEST(CalloutsTest, BlockInsideABlockIsAnError) {
  RenderResult r = RenderForTest("> [!THINK]\n> Outer.\n>\n> > [!NOTE]\n> > Inner.\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.Messages(),
            "input:4:5: error: block '[!NOTE]' is inside the [!THINK] block that starts on line "
            "1; blocks cannot be nested: end the outer block first\n");
  ASSERT_EQ(r.out.blocks.size(), 1u);
}

TEST(CalloutsTest, BlockInAListItemOrPlainQuoteIsAllowed) {
  RenderResult r =
      RenderForTest("- item\n\n  > [!NOTE]\n  > In a list.\n\n> > [!KEY]\n> > Deep.\n");
  ASSERT_TRUE(r.ok) << r.Messages();
  EXPECT_EQ(r.out.blocks.size(), 2u);
}

TEST(CalloutsTest, EmptyBlockIsAWarning) {
  RenderResult r = RenderForTest("> [!NOTE]\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.Messages(), "input:1:1: warning: block '[!NOTE]' is empty\n");
  ASSERT_EQ(r.out.blocks.size(), 1u);
  EXPECT_EQ(r.out.blocks[0].html, "");
}

TEST(CalloutsTest, KindFromName) {
  EXPECT_EQ(BlockKindFromName("Contact"), BlockKind::kContact);
  EXPECT_EQ(BlockKindFromName("nope"), std::nullopt);
}

}  // namespace
}  // namespace bulletin
