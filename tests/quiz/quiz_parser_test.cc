#include "quiz/quiz_parser.h"

#include <gtest/gtest.h>

#include "quiz/grader.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

SiteConfig TestSite() {
  SiteConfig site;
  site.name = "Riverside";
  site.themes = {{"coercive-control", "Coercive control", ""}};
  return site;
}

std::string Parse(const std::string& text, Quiz* quiz) {
  Diagnostics diags;
  ParseQuiz(text, "input", "cc", TestSite(), &diags, quiz);
  return diags.FormatAll();
}

const char kFront[] =
    "---\nid: cc\ntitle: Coercive control\npass_mark: 80\nrefresh_months: 12\n"
    "grading: server\nthemes: [coercive-control]\nminutes: 5\n---\n";  // body starts line 10

const char kQuiz[] =
    "> [!SCENARIO]\n"
    "> Ms J comes to an appointment with her partner.\n"
    "\n"
    "## Which law created the offence?\n"
    "\n"
    "- [x] The Serious Crime Act 2015\n"
    "- [ ] The Children Act 1989\n"
    "\n"
    "> [!EXPLAIN]\n"
    "> Section **76**.\n"
    "\n"
    "## Which are signs of control? Select all that apply.\n"
    "\n"
    "- [x] Isolation from friends\n"
    "- [x] Control of money\n"
    "- [ ] A routine appointment\n"
    "\n"
    "## Coercive control needs violence.\n"
    "\n"
    "- [ ] True\n"
    "- [x] False\n";

TEST(QuizParserTest, ReadsQuestionsOptionsAndFeedback) {
  Quiz quiz;
  ASSERT_EQ(Parse(std::string(kFront) + kQuiz, &quiz), "");
  EXPECT_EQ(quiz.id, "cc");
  EXPECT_EQ(quiz.pass_mark, 80);
  EXPECT_EQ(quiz.minutes, 5);
  EXPECT_EQ(quiz.scenario_html, "<p>Ms J comes to an appointment with her partner.</p>\n");
  ASSERT_EQ(quiz.questions.size(), 3u);
  const QuizQuestion& q1 = quiz.questions[0];
  EXPECT_EQ(q1.id, "q1");
  EXPECT_EQ(q1.text, "Which law created the offence?");
  EXPECT_EQ(q1.line, 13);
  EXPECT_FALSE(q1.multiple);
  ASSERT_EQ(q1.options.size(), 2u);
  EXPECT_EQ(q1.options[0].id, "a");
  EXPECT_EQ(q1.options[0].html, "The Serious Crime Act 2015");
  EXPECT_TRUE(q1.options[0].correct);
  EXPECT_FALSE(q1.options[1].correct);
  EXPECT_EQ(q1.explain_html, "<p>Section <strong>76</strong>.</p>\n");
  EXPECT_TRUE(quiz.questions[1].multiple);
  EXPECT_EQ(quiz.questions[2].options[1].text, "False");
  EXPECT_EQ(quiz.version.size(), 16u);
}

TEST(QuizParserTest, VersionChangesWithQuestionsButNotPresentation) {
  Quiz a, b, c;
  Parse(std::string(kFront) + kQuiz, &a);
  std::string retitled = std::string(kFront) + kQuiz;
  retitled.replace(retitled.find("minutes: 5"), 10, "minutes: 9");
  Parse(retitled, &b);
  EXPECT_EQ(a.version, b.version) << "minutes do not affect grading";
  std::string changed = std::string(kFront) + kQuiz;
  changed.replace(changed.find("- [ ] True"), 10, "- [x] True");
  changed.replace(changed.find("- [x] False"), 11, "- [ ] False");
  Parse(changed, &c);
  EXPECT_NE(a.version, c.version) << "a changed answer is a new version";
}

TEST(QuizParserTest, ReportsEveryBrokenQuestion) {
  Quiz quiz;
  std::string body =
      "## No correct option\n"  // line 10
      "\n"
      "- [ ] One\n"  // 12
      "- [ ] Two\n"
      "\n"
      "## Two correct but single choice\n"  // 15
      "\n"
      "- [x] One\n"  // 17
      "- [x] Two\n"
      "\n"
      "## No options at all\n"  // 20
      "\n"
      "Just text.\n"
      "\n"
      "## Plain list\n"  // 24
      "\n"
      "- One\n"  // 26
      "- [x] Two\n"
      "\n"
      "> [!EXPLAIN]\n"  // 29
      "> Fine.\n"
      "\n"
      "> [!SCENARIO]\n"  // 32
      "> Too late.\n";
  EXPECT_EQ(Parse(std::string(kFront) + body, &quiz),
            "input:12:1: error: quiz question has no correct option; mark the right answer "
            "with [x]\n"
            "input:17:1: error: single-choice question has 2 correct options; mark one with [x], "
            "or say 'Select all that apply' in the question\n"
            "input:20:1: error: question has no options: add a task list after it, such as "
            "'- [x] the right answer' and '- [ ] a wrong answer'\n"
            "input:26:1: error: options are task-list items: write '- [ ] option', and '- [x] "
            "option' for a correct one\n"
            "input:26:1: error: question has only one option; give at least two\n"
            "input:32:1: error: put [!SCENARIO] before the first question; it sets the case the "
            "questions are about\n");
}

TEST(QuizParserTest, ChecksFrontMatter) {
  Quiz quiz;
  EXPECT_EQ(Parse("---\nid: other\ntitle: T\npass_mark: 0\ngrading: browser\ncolour: red\n---\n"
                  "## Q\n\n- [x] A\n- [ ] B\n",
                  &quiz),
            "input:2:1: error: missing 'refresh_months' in quiz front matter; add a line such as "
            "'refresh_months: 12'\n"
            "input:2:5: error: quiz id 'other' must match the file name: use 'id: cc' or rename "
            "the file to other.md\n"
            "input:4:12: error: 'pass_mark' must be between 1 and 100 (a percentage)\n"
            "input:5:10: error: 'grading' must be 'server' (marked and recorded, with a "
            "certificate) or 'self-check' (answers shown on the page, nothing recorded)\n"
            "input:6:1: error: unknown field 'colour' in quiz front matter; the fields are: id, "
            "title, summary, pass_mark, refresh_months, grading, themes, related, minutes, "
            "draft, ask, ask_by, shuffle_options, shuffle_questions, review\n");
}

TEST(QuizParserTest, SampleQuizzesAreValid) {
  RealFileSystem fs;
  Diagnostics diags;
  ContentTree content;
  const std::string dir = testing::SourceDir() + "/content";
  ASSERT_TRUE(LoadContentTree(fs, dir, LoadOptions(), &diags, &content)) << diags.FormatAll();
  std::vector<Quiz> quizzes;
  EXPECT_TRUE(LoadQuizzes(fs, dir, content, &diags, &quizzes)) << diags.FormatAll();
  ASSERT_GE(quizzes.size(), 2u);
  for (const Quiz& q : quizzes) {
    EXPECT_GE(q.questions.size(), 5u) << q.id;
    for (const QuizQuestion& question : q.questions) {
      EXPECT_FALSE(question.explain_html.empty()) << q.id << " " << question.id;
    }
  }
}

TEST(QuizParserTest, ReadsPoolsPinnedOptionsGroupsAndReviewOptions) {
  Quiz quiz;
  std::string front =
      "---\nid: cc\ntitle: Coercive control\npass_mark: 80\nrefresh_months: 12\n"
      "grading: server\nthemes: [coercive-control]\nask: 2\nask_by: group\n"
      "shuffle_questions: true\nreview:\n  after_fail: score\n  after_pass: feedback\n---\n";
  std::string body =
      "## Which law created the offence? {group=law see=adult-p#the-law}\n\n"
      "- [x] The Serious Crime Act 2015\n- [ ] The Children Act 1989\n"
      "- [ ] None of these {last}\n\n"
      "## Which is a sign? {group=signs}\n\n- [x] Isolation\n- [ ] A routine visit\n\n"
      "## Which is another sign? {group=signs}\n\n- [x] Control of money\n- [ ] Rain\n";
  EXPECT_EQ(Parse(front + body, &quiz), "");
  EXPECT_EQ(quiz.ask, 2);
  EXPECT_EQ(quiz.AskCount(), 2);
  EXPECT_TRUE(quiz.ask_by_group);
  EXPECT_TRUE(quiz.shuffle_questions);
  EXPECT_TRUE(quiz.shuffle_options) << "the default";
  EXPECT_EQ(quiz.review_after_fail, ReviewLevel::kScore);
  EXPECT_EQ(quiz.review_after_pass, ReviewLevel::kFeedback);
  ASSERT_EQ(quiz.questions.size(), 3u);
  EXPECT_EQ(quiz.questions[0].text, "Which law created the offence?");
  EXPECT_EQ(quiz.questions[0].html, "Which law created the offence?");
  EXPECT_EQ(quiz.questions[0].group, "law");
  EXPECT_EQ(quiz.questions[0].see, "adult-p#the-law");
  EXPECT_EQ(quiz.questions[0].options[2].text, "None of these");
  EXPECT_TRUE(quiz.questions[0].options[2].pinned);
  EXPECT_FALSE(quiz.questions[0].options[1].pinned);
  EXPECT_EQ(quiz.questions[2].group, "signs");

  Quiz bad;
  std::string errors = Parse(
      "---\nid: cc\ntitle: T\npass_mark: 80\nrefresh_months: 12\ngrading: server\n"
      "themes: [coercive-control]\nask: 5\nask_by: topic\nreview: {after_fail: everything}\n"
      "---\n## Q? {colour=red}\n\n- [x] A {first}\n- [ ] B\n",
      &bad);
  EXPECT_NE(errors.find("input:8:1: error: 'ask: 5' draws more questions"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("'ask_by' may only be 'group'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("'after_fail' must be 'score', 'which'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("unknown '{colour=red}' after a question"), std::string::npos) << errors;
  EXPECT_NE(errors.find("unknown '{first}' after an option"), std::string::npos) << errors;
}

TEST(GraderTest, AllOrNothingPerQuestion) {
  Quiz quiz;
  ASSERT_EQ(Parse(std::string(kFront) + kQuiz, &quiz), "");
  GradeResult all = Grade(quiz, {{"q1", {"a"}}, {"q2", {"a", "b"}}, {"q3", {"b"}}});
  EXPECT_EQ(all.correct, 3);
  EXPECT_EQ(all.score, 100);
  EXPECT_TRUE(all.passed);
  GradeResult partial = Grade(quiz, {{"q1", {"a"}}, {"q2", {"a"}}, {"q3", {"b"}}});
  EXPECT_EQ(partial.correct, 2);
  EXPECT_EQ(partial.score, 66);
  EXPECT_FALSE(partial.passed) << "66% is under the pass mark of 80";
  EXPECT_FALSE(partial.questions[1].correct) << "select all needs every correct option";
  GradeResult none = Grade(quiz, {});
  EXPECT_EQ(none.score, 0);
}

TEST(GraderTest, ValidatesAnswerIds) {
  Quiz quiz;
  ASSERT_EQ(Parse(std::string(kFront) + kQuiz, &quiz), "");
  EXPECT_EQ(ValidateAnswers(quiz, {{"q1", {"a"}}}), "");
  EXPECT_EQ(ValidateAnswers(quiz, {{"q9", {"a"}}}), "unknown question 'q9'");
  EXPECT_EQ(ValidateAnswers(quiz, {{"q1", {"z"}}}), "unknown option 'z' for question 'q1'");
  EXPECT_EQ(ValidateAnswers(quiz, {{"q1", {"a", "b"}}}), "question 'q1' takes one answer");
}

}  // namespace
}  // namespace bulletin
