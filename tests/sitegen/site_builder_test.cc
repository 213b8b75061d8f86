#include "sitegen/site_builder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;

std::set<std::string> ListTree(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir).string());
  }
  return out;
}

using SiteBuilderTest = testing::MinimalSiteTest;

// Pages, related briefs and the search index are made on several threads; the site
// must not depend on which thread finished first.
TEST_F(SiteBuilderTest, ParallelBuildsAreByteIdentical) {
  const char* themes[] = {"domestic-abuse", "hidden-men", "supervision"};
  for (int i = 0; i < 300; ++i) {
    Write("briefs/many-" + std::to_string(i) + ".md",
          "---\ntitle: Brief " + std::to_string(i) + "\ndate: 2024-01-" +
              std::to_string(10 + i % 18) + "\nreview_type: CSPR\nthemes: [" + themes[i % 3] +
              (i % 2 ? std::string(", ") + themes[(i + 1) % 3] : "") +
              "]\nsummary: One of many.\n---\n## Learning " + std::to_string(i) +
              "\n\n> [!THINK]\n> Question " + std::to_string(i) + "?\n");
  }
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::map<std::string, std::string> first;
  for (const std::string& rel : ListTree(tmp_ / "site")) first[rel] = Page(rel);
  ASSERT_GT(first.size(), 600u);
  for (int run = 0; run < 2; ++run) {
    ASSERT_TRUE(Build()) << diags_.FormatAll();
    std::set<std::string> files = ListTree(tmp_ / "site");
    ASSERT_EQ(files.size(), first.size());
    for (const auto& [rel, contents] : first) EXPECT_EQ(Page(rel), contents) << rel;
  }
}

TEST_F(SiteBuilderTest, WritesEveryPageType) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_EQ(diags_.FormatAll(), "");
  for (const char* page : {"index.html",
                           "briefs/index.html",
                           "briefs/child-o/index.html",
                           "briefs/adult-p/index.html",
                           "bulletins/index.html",
                           "bulletins/summer-2024/index.html",
                           "pages/about/index.html",
                           "themes/index.html",
                           "themes/domestic-abuse/index.html",
                           "themes/hidden-men/index.html",
                           "key-messages/index.html",
                           "key-messages/domestic-abuse/index.html",
                           "think/index.html",
                           "think/domestic-abuse/index.html",
                           "think/supervision/index.html",
                           "404.html",
                           "feed.xml",
                           "sitemap.xml",
                           "robots.txt",
                           "assets/css/site.css",
                           "assets/css/print.css",
                           "assets/theme.css",
                           "images/logo.svg"}) {
    EXPECT_TRUE(fs::exists(tmp_ / ("site/" + std::string(page)))) << page;
  }
  EXPECT_EQ(stats_.documents, 7);
}

TEST_F(SiteBuilderTest, PagesCarryTheirContent) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string brief = Page("briefs/child-o/index.html");
  EXPECT_NE(brief.find("<h1 class=\"heading-xl\">Child O &amp; the unseen partner</h1>"),
            std::string::npos);
  EXPECT_NE(brief.find("<time datetime=\"2024-05-01\">1 May 2024</time>"), std::string::npos);
  EXPECT_NE(brief.find("href=\"/themes/hidden-men/\""), std::string::npos);
  EXPECT_NE(brief.find("Social workers, Health visitors"), std::string::npos);
  // Related: the other briefs and bulletins sharing a theme.
  EXPECT_NE(brief.find("href=\"/bulletins/summer-2024/\""), std::string::npos);
  // Contacts from site.yaml in the footer.
  EXPECT_NE(brief.find("href=\"tel:01632960000\""), std::string::npos);
  EXPECT_NE(Page("assets/theme.css").find("--colour-primary: #00504a;"), std::string::npos);

  std::string old = Page("bulletins/spring-2024/index.html");
  EXPECT_NE(old.find("This has been replaced by <a href=\"/bulletins/summer-2024/\">Summer 2024 "
                     "bulletin</a>"),
            std::string::npos);

  std::string home = Page("index.html");
  EXPECT_LT(home.find("/briefs/child-o/"), home.find("/briefs/adult-p/")) << "newest first";
  EXPECT_NE(Page("pages/about/index.html").find("We are a fixture."), std::string::npos);
  EXPECT_NE(home.find("href=\"/pages/about/\""), std::string::npos) << "pages in the footer";
}

TEST_F(SiteBuilderTest, CollectsThinkAndKeyBlocksByTheme) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string key = Page("key-messages/index.html");
  EXPECT_NE(key.find("id=\"domestic-abuse\""), std::string::npos);
  EXPECT_NE(key.find("Always ask who lives in the home"), std::string::npos);
  EXPECT_NE(key.find("href=\"/briefs/child-o/#key-1\""), std::string::npos);
  std::string pack = Page("think/supervision/index.html");
  EXPECT_NE(pack.find("When did supervision last change your plan"), std::string::npos);
  EXPECT_EQ(pack.find("How do you find out about adults"), std::string::npos)
      << "a theme's pack holds only that theme's prompts";
}

TEST_F(SiteBuilderTest, LeavesOutDraftsUnlessAsked) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_FALSE(fs::exists(tmp_ / "site/briefs/old-draft"));
  EXPECT_EQ(Page("sitemap.xml").find("old-draft"), std::string::npos);
  options_.drafts = true;
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_TRUE(fs::exists(tmp_ / "site/briefs/old-draft/index.html"));
}

TEST_F(SiteBuilderTest, LeavesWithdrawnContentOutOfEverything) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  for (const std::string& rel : ListTree(tmp_ / "site")) {
    std::string text = Page(rel);
    EXPECT_EQ(text.find("withdrawn-brief"), std::string::npos) << rel;
    EXPECT_EQ(text.find("zebra-crossing-marker"), std::string::npos) << rel;
  }
}

TEST_F(SiteBuilderTest, WritesFeedAndSitemapWithAbsoluteUrls) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::string feed = Page("feed.xml");
  EXPECT_NE(feed.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
  EXPECT_NE(feed.find("<title>Child O &amp; the unseen partner</title>"), std::string::npos);
  EXPECT_NE(feed.find("<id>https://minimal.example.org.uk/briefs/child-o/</id>"),
            std::string::npos);
  EXPECT_NE(feed.find("<updated>2024-07-01T00:00:00Z</updated>"), std::string::npos);
  std::string sitemap = Page("sitemap.xml");
  EXPECT_NE(sitemap.find("<loc>https://minimal.example.org.uk/</loc>"), std::string::npos);
  EXPECT_NE(sitemap.find("<loc>https://minimal.example.org.uk/think/supervision/</loc>"),
            std::string::npos);
  EXPECT_EQ(sitemap.find("404"), std::string::npos);
  EXPECT_EQ(Page("robots.txt"),
            "User-agent: *\nAllow: /\n\nSitemap: https://minimal.example.org.uk/sitemap.xml\n");
}

TEST_F(SiteBuilderTest, DeletedContentDoesNotLinger) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  ASSERT_TRUE(fs::exists(tmp_ / "site/briefs/adult-p/index.html"));
  fs::remove(tmp_ / "content/briefs/adult-p.md");
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_FALSE(fs::exists(tmp_ / "site/briefs/adult-p"));
  EXPECT_FALSE(fs::exists(tmp_ / "site/think/supervision")) << "its only Think prompt went too";
}

TEST_F(SiteBuilderTest, FailedBuildLeavesPreviousSiteUntouched) {
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  std::set<std::string> before = ListTree(tmp_ / "site");
  std::string brief_before = Page("briefs/child-o/index.html");
  Write("briefs/child-o.md", "---\ntitle: Broken\n---\n");
  Write("briefs/new-one.md", "---\ntitle: New\ndate: 2024-01-01\n---\n");
  EXPECT_FALSE(Build());
  EXPECT_EQ(diags_.error_count(), 7) << diags_.FormatAll();  // every error, both files
  EXPECT_EQ(ListTree(tmp_ / "site"), before);
  EXPECT_EQ(Page("briefs/child-o/index.html"), brief_before);
  for (const auto& e : fs::directory_iterator(tmp_.path())) {
    if (e.path().filename() == ".site.lock") continue;  // the lock between builds stays
    EXPECT_EQ(e.path().filename().string().rfind(".site.", 0), std::string::npos)
        << "no temporary folder left behind: " << e.path();
  }
}

TEST_F(SiteBuilderTest, CheckWritesNothing) {
  options_.write = false;
  ASSERT_TRUE(Build()) << diags_.FormatAll();
  EXPECT_FALSE(fs::exists(tmp_ / "site"));
}

TEST_F(SiteBuilderTest, ReportsMissingTemplatesAndLogo) {
  options_.templates_dir = tmp_ / "no-templates";
  Write("site.yaml", ReadAll(tmp_ / "content/site.yaml") + "\n");
  fs::remove(tmp_ / "content/static/images/logo.svg");
  EXPECT_FALSE(Build());
  std::string out = testing::ReplaceAll(diags_.FormatAll(), tmp_.path() + "/", "");
  EXPECT_NE(out.find("no-templates: error: templates folder not found; run from the folder that "
                     "holds templates/, or pass --templates DIR\n"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find("content/site.yaml:4:7: error: logo 'images/logo.svg' not found; put the image "
               "in content/static/ and give its path relative to that folder\n"),
      std::string::npos)
      << out;
}

}  // namespace
}  // namespace bulletin
