#include "sitegen/site_model.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

namespace bulletin {
namespace {

// Briefs newest first, each with its themes; Related reads by_date and the theme index.
class RelatedTest : public ::testing::Test {
 protected:
  void Add(const std::string& slug, std::vector<std::string> themes) {
    Document& d = docs_.emplace_back();
    d.slug = slug;
    d.themes = std::move(themes);
  }
  void Index() {
    for (const Document& d : docs_) model_.published.push_back({&d, {}});
    for (const PublishedDocument& p : model_.published) model_.by_date.push_back(&p);
    model_.IndexThemes();
  }
  std::vector<std::string> Related(size_t i, size_t n) {
    std::vector<std::string> slugs;
    for (const PublishedDocument* p : model_.Related(model_.published[i], n)) {
      slugs.push_back(p->doc->slug);
    }
    return slugs;
  }

  std::deque<Document> docs_;  // stable addresses: published points into it
  SiteModel model_;
};

TEST_F(RelatedTest, MostSharedThemesFirstThenNewest) {
  Add("a", {"neglect", "housing"});
  Add("b", {"neglect"});
  Add("c", {"housing", "neglect", "mental-health"});
  Add("d", {"neglect", "housing"});
  Add("e", {"mental-health"});
  Add("f", {"housing"});
  Index();
  // c and d share both of a's themes (c is newer); then b and f share one.
  EXPECT_EQ(Related(0, 3), (std::vector<std::string>{"c", "d", "b"}));
  EXPECT_EQ(Related(0, 10), (std::vector<std::string>{"c", "d", "b", "f"}));
  EXPECT_EQ(Related(0, 0), std::vector<std::string>());
  // Never itself; documents sharing no theme never appear.
  EXPECT_EQ(Related(4, 5), (std::vector<std::string>{"c"}));
  EXPECT_EQ(Related(1, 2), (std::vector<std::string>{"a", "c"}));
}

TEST_F(RelatedTest, OlderDocumentsSharingMoreThemesStillWin) {
  Add("new-1", {"neglect"});
  Add("new-2", {"neglect"});
  Add("me", {"neglect", "housing"});
  Add("new-3", {"neglect"});
  Add("old-both", {"housing", "neglect"});
  Index();
  EXPECT_EQ(Related(2, 2), (std::vector<std::string>{"old-both", "new-1"}));
}

TEST_F(RelatedTest, AThemeWithoutOtherDocumentsGivesNothing) {
  Add("alone", {"exploitation"});
  Add("other", {"neglect"});
  Index();
  EXPECT_TRUE(Related(0, 3).empty());
}

}  // namespace
}  // namespace bulletin
