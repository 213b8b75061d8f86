#include <gtest/gtest.h>

#include <filesystem>

#include "content/content_tree.h"
#include "quiz/quiz_parser.h"
#include "sitegen/site_builder.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::SourceDir;
using testing::TempDir;

// Builds the sample content and checks that server-graded quizzes give nothing away.
TEST(QuizPagesTest, ServerGradedAnswersNeverReachTheSite) {
  TempDir tmp;
  BuildOptions options;
  options.content_dir = SourceDir() + "/content";
  options.templates_dir = SourceDir() + "/templates";
  options.out_dir = tmp / "site";
  RealFileSystem rfs;
  Diagnostics diags;
  BuildStats stats;
  ASSERT_TRUE(BuildSite(rfs, options, &diags, &stats)) << diags.FormatAll();

  ContentTree content;
  std::vector<Quiz> quizzes;
  ASSERT_TRUE(LoadContentTree(rfs, options.content_dir, LoadOptions(), &diags, &content));
  ASSERT_TRUE(LoadQuizzes(rfs, options.content_dir, content, &diags, &quizzes));
  int server_quizzes = 0;
  for (const Quiz& quiz : quizzes) {
    if (quiz.grading != Grading::kServer) continue;
    ++server_quizzes;
    std::string page = ReadAll(tmp / ("site/quizzes/" + quiz.id + "/index.html"));
    ASSERT_FALSE(page.empty()) << quiz.id;
    EXPECT_NE(page.find("name=\"version\" value=\"" + quiz.version + "\""), std::string::npos);
    EXPECT_EQ(page.find(" checked"), std::string::npos);
    EXPECT_EQ(page.find("Check your answer"), std::string::npos);
    for (const QuizQuestion& q : quiz.questions) {
      // Every option label is on the page, so look for the feedback text instead.
      ASSERT_FALSE(q.explain_html.empty());
      std::string explain = q.explain_html.substr(3, 60);  // after "<p>"
      for (const auto& e : fs::recursive_directory_iterator(tmp / "site")) {
        if (!e.is_regular_file()) continue;
        EXPECT_EQ(ReadAll(e.path().string()).find(explain), std::string::npos)
            << "feedback of " << quiz.id << " " << q.id << " found in " << e.path();
      }
    }
  }
  EXPECT_GE(server_quizzes, 2);
  // No form of the answer key or a paper in any built file (#16): the build seals no
  // papers and writes no correct flags, and nothing of the pools' groups or review levels.
  for (const auto& e : fs::recursive_directory_iterator(tmp / "site")) {
    if (!e.is_regular_file()) continue;
    std::string file = ReadAll(e.path().string());
    // As a flag: the search index's postings are keyed by words, "correct" among them.
    for (const char* flag : {"\"correct\":true", "\"correct\":false", "\"correct\": true",
                             "\"correct\": false", "data-correct"}) {
      EXPECT_EQ(file.find(flag), std::string::npos) << flag << " in " << e.path();
    }
    EXPECT_EQ(file.find("name=\"paper\""), std::string::npos) << e.path();
  }
  std::string list = ReadAll(tmp / "site/quizzes/index.html");
  EXPECT_NE(list.find("href=\"/quizzes/coercive-control-awareness/\""), std::string::npos);
  EXPECT_NE(ReadAll(tmp / "site/index.html").find("href=\"/quizzes/\""), std::string::npos);
}

}  // namespace
}  // namespace bulletin
