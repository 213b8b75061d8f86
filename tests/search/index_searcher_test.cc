#include "search/index_searcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "search/index_writer.h"
#include "search/stemmer.h"
#include "search/synonyms.h"

namespace bulletin {
namespace {

SearchDocument Doc(std::string url, std::string title, std::string type_label, std::string body) {
  SearchDocument d;
  d.url = std::move(url);
  d.title = std::move(title);
  d.type = type_label == "Quiz" ? "quiz" : "brief";
  d.type_label = std::move(type_label);
  d.summary = "About " + d.title + ".";
  d.body = std::move(body);
  return d;
}

// A searcher over an index built in memory from `docs`, with the built-in synonyms.
class IndexSearcherTest : public ::testing::Test {
 protected:
  void Index(const std::vector<SearchDocument>& docs) {
    Stemmer stemmer;
    SynonymTable synonyms(DefaultSynonymGroups(), &stemmer);
    files_.clear();
    SearchIndexBuilder builder(
        synonyms, SearchIndexOptions(), 1,
        [this](std::string path, std::string contents) { files_[path] = std::move(contents); });
    for (const SearchDocument& d : docs) builder.Add(d, 0);
    builder.Finish();
  }
  SearchAnswer Search(std::string_view q) {
    IndexSearcher searcher([this](const std::string& path, std::string* bytes) {
      auto it = files_.find(path);
      if (it == files_.end()) return false;
      *bytes = it->second;
      return true;
    });
    return searcher.Search(q, 10);
  }
  std::vector<std::string> Urls(const SearchAnswer& a) {
    std::vector<std::string> out;
    for (const SearchHit& h : a.hits) out.push_back(h.url);
    return out;
  }
  std::map<std::string, std::string> files_;
};

std::vector<SearchDocument> Sample() {
  return {Doc("/briefs/adult-p/", "Adult P: coercive control", "Learning brief",
              "Coercive control isolates. Coercive behaviour is abuse."),
          Doc("/briefs/dash/", "The DASH checklist", "Learning brief",
              "Domestic abuse, stalking and harassment risk. Controlling partners."),
          Doc("/quizzes/cc/", "Coercive control awareness", "Quiz",
              "Which of these could be signs of coercive control?"),
          Doc("/briefs/supervision/", "Supervision", "Learning brief",
              "Reflective supervision helps practitioners.")};
}

TEST_F(IndexSearcherTest, FindsPagesOfEveryTypeByTheirWords) {
  Index(Sample());
  SearchAnswer a = Search("coercive control");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.total, 2u);
  std::vector<std::string> urls = Urls(a);
  std::sort(urls.begin(), urls.end());
  EXPECT_EQ(urls, (std::vector<std::string>{"/briefs/adult-p/", "/quizzes/cc/"}));
  const SearchHit& quiz = a.hits[0].url == "/quizzes/cc/" ? a.hits[0] : a.hits[1];
  EXPECT_EQ(quiz.type, "Quiz");
  EXPECT_EQ(quiz.summary, "About Coercive control awareness.");
  EXPECT_EQ(a.suggestion, "") << "two results, but every word was found";
}

TEST_F(IndexSearcherTest, AcronymsFindTheirExpansion) {
  Index(Sample());
  EXPECT_EQ(Urls(Search("domestic abuse stalking harassment")),
            (std::vector<std::string>{"/briefs/dash/"}));
  EXPECT_EQ(Urls(Search("DASH")), (std::vector<std::string>{"/briefs/dash/"}));
}

TEST_F(IndexSearcherTest, AMisspeltWordIsMatchedAndCorrected) {
  Index(Sample());
  SearchAnswer a = Search("cohersive control");
  EXPECT_FALSE(a.hits.empty());
  EXPECT_EQ(a.suggestion, "coercive control");
  EXPECT_EQ(Search("supervison").suggestion, "supervision");
}

TEST_F(IndexSearcherTest, PhrasesInQuotesMustAppearInOrder) {
  Index(Sample());
  EXPECT_EQ(Urls(Search("\"coercive behaviour\"")), (std::vector<std::string>{"/briefs/adult-p/"}));
  EXPECT_EQ(Search("\u201cbehaviour coercive\u201d").total, 0u);
}

TEST_F(IndexSearcherTest, CommonWordsOnlyAndAMissingIndexAreSaidSo) {
  Index(Sample());
  EXPECT_TRUE(Search("the and of").no_terms);
  SearchAnswer none = Search("zzzzzz");
  EXPECT_TRUE(none.ok);
  EXPECT_EQ(none.total, 0u);
  files_.clear();
  EXPECT_FALSE(Search("coercive").ok);
  files_["manifest.json"] = "{not json";
  EXPECT_FALSE(Search("coercive").ok);
}

TEST_F(IndexSearcherTest, WithNoPageHoldingEveryWordSomeWillDo) {
  Index(Sample());
  SearchAnswer a = Search("supervision stalking");
  EXPECT_TRUE(a.partial);
  EXPECT_EQ(a.total, 2u);
}

TEST(BoundedEditDistanceTest, CountsEditsAndStopsPastTheBound) {
  EXPECT_EQ(BoundedEditDistance("supervison", "supervis", 2), 2);
  EXPECT_EQ(BoundedEditDistance("abc", "abc", 1), 0);
  EXPECT_EQ(BoundedEditDistance("abc", "xyz", 1), 2);
  EXPECT_EQ(BoundedEditDistance("a", "abcdef", 2), 3);
}

TEST(BoundedEditDistanceTest, AStemIsComparedWithTheStartOfTheWord) {
  EXPECT_EQ(StemDistance("cohersive", "coerciv", 2), 2);
  EXPECT_EQ(StemDistance("cohersive", "cours", 2), 2);
  EXPECT_EQ(StemDistance("cohersive", "core", 2), 3) << "too short to compare";
  EXPECT_EQ(StemDistance("safeguarding", "safeguard", 2), 0);
}

}  // namespace
}  // namespace bulletin
