#include "sitegen/collection_pages.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;

// The minimal fixture site: one key message (domestic-abuse, hidden-men), Think prompts on
// supervision and on domestic-abuse and hidden-men.
class CollectionPagesTest : public testing::MinimalSiteTest {
 protected:
  // Briefs [from, to) on supervision, brief n dated n days into 2025, each with one Think
  // prompt and one key message.
  void AddBriefs(int from, int to) {
    for (int n = from; n < to; ++n) {
      std::string i = std::to_string(n);
      Date date = Date::FromDaysSinceEpoch(Date::Parse("2025-01-01")->DaysSinceEpoch() + n);
      Write("briefs/many-" + i + ".md",
            "---\ntitle: Brief " + i + "\ndate: " + date.ToIso() +
                "\nreview_type: CSPR\nthemes: [supervision]\nsummary: One of many.\n---\n" +
                "## Learning\n\n> [!THINK]\n> Prompt number " + i +
                "?\n\n> [!KEY]\n> Message number " + i + ".\n");
    }
  }
};

TEST_F(CollectionPagesTest, SmallThemesShowEverything) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string key = Page("key-messages/index.html");
  EXPECT_NE(key.find("Always ask who lives in the home"), std::string::npos);
  EXPECT_EQ(key.find("The newest"), std::string::npos) << "nothing is left out";
  EXPECT_EQ(key.find("href=\"/key-messages/domestic-abuse/\""), std::string::npos)
      << "no link to a page that shows nothing more";
  std::string think = Page("think/index.html");
  EXPECT_NE(think.find("When did supervision last change your plan"), std::string::npos);
  EXPECT_NE(
      think.find("<a href=\"/think/supervision/\">Printable pack on Supervision (1 prompt)</a>"),
      std::string::npos);
  EXPECT_NE(think.find("<a href=\"#supervision\">Supervision</a> (1)"), std::string::npos);
}

TEST_F(CollectionPagesTest, IndexesShowTheNewestFewOfEachTheme) {
  AddBriefs(0, 10);
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string key = Page("key-messages/index.html");
  for (int n : {9, 8, 7}) {
    EXPECT_NE(key.find("Message number " + std::to_string(n) + "."), std::string::npos) << n;
  }
  EXPECT_LT(key.find("Message number 9."), key.find("Message number 7.")) << "newest first";
  EXPECT_EQ(key.find("Message number 6."), std::string::npos) << "only the newest three";
  EXPECT_NE(key.find("The newest 3 of 10 key messages:"), std::string::npos);
  EXPECT_NE(
      key.find("<a href=\"/key-messages/supervision/\">All 10 key messages on Supervision</a>"),
      std::string::npos);
  std::string think = Page("think/index.html");
  EXPECT_NE(think.find("Prompt number 9?"), std::string::npos);
  EXPECT_EQ(think.find("Prompt number 6?"), std::string::npos);
  EXPECT_NE(think.find("The newest 3 of 11 prompts:"), std::string::npos);
  EXPECT_NE(think.find("Printable pack on Supervision (11 prompts)"), std::string::npos);
}

TEST_F(CollectionPagesTest, ThemePagesHoldEveryBlock) {
  AddBriefs(0, 10);
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string key = Page("key-messages/supervision/index.html");
  EXPECT_NE(key.find("<h1 class=\"heading-xl\">Supervision</h1>"), std::string::npos);
  EXPECT_NE(key.find("10 key messages on Supervision"), std::string::npos);
  for (int n = 0; n < 10; ++n) {
    EXPECT_NE(key.find("Message number " + std::to_string(n) + "."), std::string::npos) << n;
  }
  EXPECT_LT(key.find("Message number 9."), key.find("Message number 0.")) << "newest first";
  EXPECT_NE(key.find("href=\"/briefs/many-4/#key-1\""), std::string::npos);
  EXPECT_NE(key.find("href=\"/key-messages/\""), std::string::npos) << "in the breadcrumbs";
  EXPECT_NE(key.find("href=\"/think/supervision/\""), std::string::npos);
  EXPECT_NE(key.find("href=\"/themes/supervision/\""), std::string::npos);
  std::string pack = Page("think/supervision/index.html");
  for (int n = 0; n < 10; ++n) {
    EXPECT_NE(pack.find("Prompt number " + std::to_string(n) + "?"), std::string::npos) << n;
  }
  EXPECT_NE(pack.find("When did supervision last change your plan"), std::string::npos);
}

TEST_F(CollectionPagesTest, ABlockGoesToTheThemesItDeclares) {
  Write("briefs/mixed.md",
        "---\ntitle: Mixed\ndate: 2025-06-01\nreview_type: CSPR\n"
        "themes: [domestic-abuse, hidden-men]\nsummary: Blocks on their own themes.\n---\n"
        "> [!THINK: Supervision]\n> Only for supervision?\n\n"
        "> [!THINK]\n> For both of the page's themes?\n\n"
        "> [!KEY: hidden-men]\n> Only for hidden men.\n");
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string supervision = Page("think/supervision/index.html");
  EXPECT_NE(supervision.find("Only for supervision?"), std::string::npos);
  EXPECT_EQ(supervision.find("For both of the page"), std::string::npos);
  std::string abuse = Page("think/domestic-abuse/index.html");
  EXPECT_EQ(abuse.find("Only for supervision?"), std::string::npos) << "not the page's themes";
  EXPECT_NE(abuse.find("For both of the page"), std::string::npos);
  EXPECT_NE(Page("think/hidden-men/index.html").find("For both of the page"), std::string::npos);
  EXPECT_NE(Page("key-messages/hidden-men/index.html").find("Only for hidden men."),
            std::string::npos);
  EXPECT_EQ(Page("key-messages/domestic-abuse/index.html").find("Only for hidden men."),
            std::string::npos);
  EXPECT_NE(Page("themes/supervision/index.html").find("href=\"/think/supervision/\""),
            std::string::npos);
}

TEST_F(CollectionPagesTest, AnUnknownBlockThemeIsAnError) {
  Write("briefs/mixed.md",
        "---\ntitle: Mixed\ndate: 2025-06-01\nreview_type: CSPR\n"
        "themes: [domestic-abuse]\nsummary: A block on a theme that is not there.\n---\n"
        "Text.\n\n> [!THINK: supervison]\n> Which theme?\n");
  EXPECT_FALSE(Build());
  EXPECT_NE(diags_.FormatAll().find(
                "briefs/mixed.md:10:1: error: block unknown theme 'supervison'; did you mean "
                "'supervision'?\n"),
            std::string::npos)
      << diags_.FormatAll();
}

TEST_F(CollectionPagesTest, ThemesWithoutBlocksHaveNoPage) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_TRUE(fs::exists(tmp_ / "site/key-messages/domestic-abuse/index.html"));
  EXPECT_FALSE(fs::exists(tmp_ / "site/key-messages/supervision")) << "no key message on it";
  std::string theme = Page("themes/domestic-abuse/index.html");
  EXPECT_NE(theme.find("href=\"/key-messages/domestic-abuse/\""), std::string::npos);
  EXPECT_EQ(Page("themes/supervision/index.html").find("/key-messages/supervision/"),
            std::string::npos);
  std::string sitemap = Page("sitemap.xml");
  EXPECT_NE(sitemap.find("/key-messages/domestic-abuse/</loc>"), std::string::npos);
  EXPECT_EQ(sitemap.find("/key-messages/supervision/"), std::string::npos);
}

// A partnership with ten times the briefs gets /think/ and /key-messages/ of the same size.
TEST_F(CollectionPagesTest, IndexesStayTheSameSizeAsBriefsAreAdded) {
  AddBriefs(0, 20);
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  size_t think = Page("think/index.html").size(), key = Page("key-messages/index.html").size();
  AddBriefs(20, 200);
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  // Only the counts' digits and the newest briefs' numbers differ.
  EXPECT_LE(Page("think/index.html").size(), think + 20);
  EXPECT_LE(Page("key-messages/index.html").size(), key + 20);
  EXPECT_GT(Page("think/supervision/index.html").size(), 2 * think)
      << "the pack keeps every prompt";
}

}  // namespace
}  // namespace bulletin
