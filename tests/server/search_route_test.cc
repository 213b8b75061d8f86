// Search without JavaScript: GET /search/?q= answered from the sample site's own index,
// built for the test, through the site's templates.
#include "server/search_route.h"

#include <gtest/gtest.h>

#include "content/content_tree.h"
#include "sitegen/site_builder.h"
#include "support/test_support.h"
#include "templating/page_chrome.h"

namespace bulletin {
namespace {

using testing::SourceDir;

class SearchRouteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new testing::TempDir();
    BuildOptions options;
    options.content_dir = SourceDir() + "/content";
    options.templates_dir = SourceDir() + "/templates";
    options.out_dir = *tmp_ / "site";
    RealFileSystem fs;
    Diagnostics diags;
    BuildStats stats;
    ASSERT_TRUE(BuildSite(fs, options, &diags, &stats)) << diags.FormatAll();
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }

  void SetUp() override {
    RealFileSystem fs;
    Diagnostics diags;
    ASSERT_TRUE(LoadContentTree(fs, SourceDir() + "/content", LoadOptions(), &diags, &content_));
    ASSERT_TRUE(templates_.Load(fs, SourceDir() + "/templates", &diags)) << diags.FormatAll();
    pages_ = std::make_unique<PageRenderer>(content_.site, templates_,
                                            SiteChrome(content_.site, {}, 2027), true);
    route_ = std::make_unique<SearchRoute>(pages_.get(), *tmp_ / "site");
    router_.SetFallback([](const HttpRequest&) {
      HttpResponse r;
      r.body = "the static page";
      return r;
    });
    route_->AddTo(&router_);
  }

  HttpResponse Get(const std::string& query) {
    HttpRequest request;
    request.method = "GET";
    request.path = "/search/";
    request.query = query;
    request.target = "/search/" + (query.empty() ? "" : "?" + query);
    return router_.Route(request);
  }

  static testing::TempDir* tmp_;
  ContentTree content_;
  TemplateSet templates_;
  std::unique_ptr<PageRenderer> pages_;
  std::unique_ptr<SearchRoute> route_;
  Router router_;
};

testing::TempDir* SearchRouteTest::tmp_ = nullptr;

TEST_F(SearchRouteTest, AnswersAQueryWithResultsOfEveryType) {
  HttpResponse r = Get("q=coercive+control");
  EXPECT_EQ(r.status, 200);
  ASSERT_NE(r.headers.Find("Cache-Control"), nullptr);
  EXPECT_EQ(*r.headers.Find("Cache-Control"), "no-store");
  EXPECT_NE(r.body.find("results for \u201ccoercive control\u201d."), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("href=\"/briefs/adult-p-coercive-control/\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/quizzes/coercive-control-awareness/\""), std::string::npos);
  EXPECT_NE(r.body.find("<p class=\"search-result__meta\">Quiz</p>"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/themes/coercive-control/\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/think/coercive-control/\""), std::string::npos);
  EXPECT_EQ(r.body.find("Search needs JavaScript"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"coercive control\""), std::string::npos) << "the box keeps it";
}

TEST_F(SearchRouteTest, OffersTheWordTheIndexHolds) {
  HttpResponse r = Get("q=cohersive%20control");
  EXPECT_NE(r.body.find("Did you mean <a href=\"/search/?q=coercive%20control\">coercive "
                        "control</a>?"),
            std::string::npos)
      << r.body;
}

TEST_F(SearchRouteTest, NoResultsLinksToThemesAndEscapesTheQuery) {
  HttpResponse r = Get("q=%3Cscript%3Ezzzzqqq");
  EXPECT_EQ(r.body.find("<script>zzzz"), std::string::npos);
  EXPECT_NE(r.body.find("0 results for \u201c&lt;script&gt;zzzzqqq\u201d. Check the spelling, "
                        "try fewer words, or <a href=\"/themes/\">browse by theme</a>."),
            std::string::npos)
      << r.body;
}

TEST_F(SearchRouteTest, WithoutAQueryServesTheBuiltPage) {
  EXPECT_EQ(Get("").body, "the static page");
  EXPECT_EQ(Get("q=+++").body, "the static page");
}

}  // namespace
}  // namespace bulletin
