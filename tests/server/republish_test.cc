// Publishing while `bulletin serve` runs, as an author does: the real binary serving, the
// real binary building, real HTTP. A new quiz and an edited quiz take submissions without
// a restart, and a paper served before the edit is graded against the version served.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "content/content_tree.h"
#include "quiz/quiz_parser.h"
#include "server/http_test_support.h"
#include "server/quiz_form_support.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kDetails =
    "name=Sam+Patel&email=sam%40example.org.uk&organisation=police&team=CID";

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

Quiz LoadQuiz(const std::string& content_dir, const std::string& id) {
  RealFileSystem rfs;
  Diagnostics diags;
  ContentTree content;
  std::vector<Quiz> quizzes;
  LoadContentTree(rfs, content_dir, LoadOptions(), &diags, &content);
  LoadQuizzes(rfs, content_dir, content, &diags, &quizzes);
  for (Quiz& q : quizzes) {
    if (q.id == id) return q;
  }
  ADD_FAILURE() << "no quiz " << id << ": " << diags.FormatAll();
  return {};
}

class RepublishTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(testing::SourceDir() + "/content", content_, fs::copy_options::recursive);
    Build();
  }

  void Build() {
    testing::ShellResult r = testing::RunShell(
        "'" + std::string(BULLETIN_BINARY) + "' build --content '" + content_ + "' --templates '" +
        testing::SourceDir() + "/templates' --out '" + site_ + "' 2>&1");
    ASSERT_EQ(r.status, 0) << r.output;
  }

  testing::HttpResult Submit(const Quiz& quiz, const std::string& paper,
                             const std::vector<std::string>& ids, bool right) {
    testing::FetchOptions options = testing::Method(
        "POST", "paper=" + paper + "&" + kDetails + testing::AnswerFields(quiz, ids, right));
    options.headers = {"Content-Type: application/x-www-form-urlencoded", "Origin: " + base_,
                       "Sec-Fetch-Site: same-origin"};
    return testing::Fetch(base_ + "/quizzes/" + quiz.id + "/submit", options);
  }

  testing::TempDir tmp_;
  std::string content_ = tmp_ / "content";
  std::string site_ = tmp_ / "site";
  std::string base_;
};

TEST_F(RepublishTest, NewAndEditedQuizzesTakeSubmissionsWithoutARestart) {
  testing::Child serve({BULLETIN_BINARY, "serve", "--site", site_, "--content", content_,
                        "--templates", testing::SourceDir() + "/templates", "--db",
                        tmp_ / "data/bulletin.db", "--port", "0"});
  std::optional<std::string> line = serve.ReadLine(60s);
  ASSERT_TRUE(line) << "no Serving line";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*line, m, std::regex(":([0-9]+)/$"))) << *line;
  base_ = "http://127.0.0.1:" + m[1].str();

  const std::string id = "coercive-control-awareness";
  const Quiz before = LoadQuiz(content_, id);
  auto [old_paper, old_ids] = testing::ServedPaper(base_, before);
  ASSERT_FALSE(old_paper.empty());
  EXPECT_EQ(testing::Fetch(base_ + "/quizzes/fresh-quiz/").status, 404);

  // Edit: question 1's right answer becomes another option. Add: a new quiz.
  const std::string path = content_ + "/quizzes/" + id + ".md";
  std::string text = testing::ReadAll(path);
  text = testing::ReplaceAll(
      text, "- [x] The Serious Crime Act 2015 (section 76)\n- [ ] The Children Act 1989",
      "- [ ] The Serious Crime Act 2015 (section 76)\n- [x] The Children Act 1989");
  ASSERT_TRUE(WriteText(path, text));
  std::string fresh = testing::ReplaceAll(testing::ReadAll(path), "id: " + id, "id: fresh-quiz");
  ASSERT_TRUE(WriteText(content_ + "/quizzes/fresh-quiz.md", fresh));
  Build();

  // The server notices the publish by itself; wait for it (no restart, no signal).
  const Quiz new_quiz = LoadQuiz(content_, "fresh-quiz");
  const Quiz after = LoadQuiz(content_, id);
  ASSERT_NE(after.version, before.version);
  std::pair<std::string, std::vector<std::string>> served;
  for (auto deadline = std::chrono::steady_clock::now() + 60s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(50ms)) {
    served = testing::ServedPaper(base_, new_quiz);
    if (!served.first.empty()) break;
  }
  ASSERT_FALSE(served.first.empty()) << "the new quiz was never served";

  testing::HttpResult fresh_result = Submit(new_quiz, served.first, served.second, true);
  EXPECT_EQ(fresh_result.status, 200) << fresh_result.body.substr(0, 500);
  EXPECT_NE(fresh_result.body.find("You passed"), std::string::npos);

  // The paper served before the edit is graded against the version served...
  testing::HttpResult old_result = Submit(before, old_paper, old_ids, true);
  EXPECT_EQ(old_result.status, 200) << old_result.body.substr(0, 500);
  EXPECT_NE(old_result.body.find("You passed"), std::string::npos);
  // ...and a paper served now against the edited one.
  auto [new_paper, new_ids] = testing::ServedPaper(base_, after);
  testing::HttpResult new_result = Submit(after, new_paper, new_ids, true);
  EXPECT_EQ(new_result.status, 200);
  EXPECT_NE(new_result.body.find("You passed"), std::string::npos);

  // A removed quiz answers with the site's own page.
  fs::remove(content_ + "/quizzes/fresh-quiz.md");
  Build();
  testing::HttpResult gone;
  for (auto deadline = std::chrono::steady_clock::now() + 60s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(50ms)) {
    gone = Submit(new_quiz, served.first, served.second, true);
    if (gone.status == 404) break;
  }
  EXPECT_EQ(gone.status, 404);
  EXPECT_NE(gone.body.find("no longer on the site"), std::string::npos);
  EXPECT_NE(gone.body.find("<link rel=\"stylesheet\""), std::string::npos) << "styled";
}

}  // namespace
}  // namespace bulletin
