#include "sitegen/pages.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace bulletin {
namespace {

// Theme and document pages on the minimal fixture site (tests/fixtures/valid/minimal):
// the theme list's counts, a theme's quizzes, a quiz's related briefs, "On this page".
class PagesTest : public testing::MinimalSiteTest {
 protected:
  void AddQuiz() {
    std::filesystem::create_directories(tmp_ / "content/quizzes");
    Write("quizzes/hidden-men-check.md",
          "---\nid: hidden-men-check\ntitle: Hidden men check\ngrading: self-check\npass_mark: 80\n"
          "refresh_months: 12\n"
          "themes: [hidden-men]\nrelated: [child-o, adult-p]\nminutes: 3\n---\n\n"
          "## Who else lives in the home?\n\n- [x] Ask\n- [ ] Assume\n");
  }
};

TEST_F(PagesTest, ThemeCountsAreProperPlurals) {
  Write("briefs/one-more.md",
        "---\ntitle: One more\ndate: 2024-05-01\nreview_type: CSPR\nthemes: [hidden-men]\n"
        "summary: A second brief on hidden men.\n---\nText.\n");
  std::string site = testing::ReadAll(tmp_ / "content/site.yaml");
  size_t at = site.find("  - name: Supervision\n");
  ASSERT_NE(at, std::string::npos);
  site.insert(at, "  - name: Neglect\n");
  std::ofstream(tmp_ / "content/site.yaml") << site;
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string themes = Page("themes/index.html");
  EXPECT_EQ(themes.find("item(s)"), std::string::npos);
  EXPECT_NE(themes.find("<p class=\"card__meta\">3 items</p>"), std::string::npos) << themes;
  EXPECT_NE(themes.find("<p class=\"card__meta\">2 items</p>"), std::string::npos);
  EXPECT_NE(themes.find("<p class=\"card__meta\">No items yet</p>"), std::string::npos);
}

TEST_F(PagesTest, AThemePageListsItsQuizzesAndAQuizPageItsRelatedBriefs) {
  AddQuiz();
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string theme = Page("themes/hidden-men/index.html");
  EXPECT_NE(theme.find("<li><a href=\"/quizzes/hidden-men-check/\">Hidden men check</a> (about 3 "
                       "minutes)</li>"),
            std::string::npos)
      << theme;
  EXPECT_EQ(Page("themes/supervision/index.html").find("/quizzes/hidden-men-check/"),
            std::string::npos);
  std::string quiz = Page("quizzes/hidden-men-check/index.html");
  EXPECT_NE(quiz.find("Read before you start"), std::string::npos);
  EXPECT_NE(quiz.find("<li><a href=\"/briefs/child-o/\">"), std::string::npos) << quiz;
  EXPECT_NE(quiz.find("<li><a href=\"/briefs/adult-p/\">"), std::string::npos);
}

TEST_F(PagesTest, LongBriefsOpenWithOnThisPage) {
  Write("briefs/long.md",
        "---\ntitle: Long\ndate: 2024-05-01\nreview_type: CSPR\nthemes: [hidden-men]\n"
        "summary: Four sections.\n---\n## Background\n\nA.\n\n## What happened\n\nB.\n\n"
        "### A detail\n\nC.\n\n## What we learned\n\nD.\n\n## Contacts\n\nE.\n");
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string page = Page("briefs/long/index.html");
  EXPECT_NE(page.find("<h2 class=\"heading-s\" id=\"contents-title\">On this page</h2>\n"
                      "<ol class=\"contents__list\"><li><a href=\"#background\">Background</a>"
                      "</li><li><a href=\"#what-happened\">What happened</a></li><li><a "
                      "href=\"#what-we-learned\">What we learned</a></li><li><a "
                      "href=\"#contacts\">Contacts</a></li></ol>"),
            std::string::npos)
      << page;
  EXPECT_EQ(Page("briefs/child-o/index.html").find("On this page"), std::string::npos)
      << "a short brief has none";
}

TEST_F(PagesTest, EveryPageCarriesAPrintHeaderAndTheSiteScript) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string page = Page("briefs/child-o/index.html");
  EXPECT_NE(page.find("<div class=\"print-header print-only\">\n<p "
                      "class=\"print-header__name\">Minimal Partnership</p>\n<p "
                      "class=\"print-header__url\">https://minimal.example.org.uk/briefs/child-o/"
                      "</p>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<script src=\"/assets/js/site.js\" defer></script>"), std::string::npos);
}

TEST_F(PagesTest, BaseUrlOptionOverridesSiteYaml) {
  options_.base_url = "http://127.0.0.1:8080";
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_NE(Page("briefs/child-o/index.html")
                .find("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/briefs/child-o/\">"),
            std::string::npos);
  EXPECT_NE(Page("sitemap.xml").find("<loc>http://127.0.0.1:8080/briefs/child-o/</loc>"),
            std::string::npos);
  EXPECT_EQ(Page("feed.xml").find("minimal.example.org.uk"), std::string::npos);
}

}  // namespace
}  // namespace bulletin
