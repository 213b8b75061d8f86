// Papers: what each attempt is asked. Draws are checked for uniformity with chi-square
// over 10,000 draws from a fixed seed (so the test is deterministic), and sealed papers
// for tampering.
#include "quiz/paper.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include "quiz/grader.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

constexpr int kDraws = 10000;

Quiz PoolQuiz(int questions, int options) {
  Quiz quiz;
  quiz.id = "pool";
  for (int i = 0; i < questions; ++i) {
    QuizQuestion q;
    q.id = "q" + std::to_string(i + 1);
    for (int j = 0; j < options; ++j) {
      QuizOption o;
      o.id = std::string(1, static_cast<char>('a' + j));
      o.text = "option " + o.id;
      o.correct = j == 0;
      q.options.push_back(o);
    }
    quiz.questions.push_back(q);
  }
  quiz.version = QuizVersion(quiz);
  return quiz;
}

// Pearson's chi-square statistic of `counts` against equal expected counts.
double ChiSquare(const std::map<std::string, int>& counts, int cells, int total) {
  const double expected = static_cast<double>(total) / cells;
  double chi = 0;
  for (const auto& [key, n] : counts) chi += (n - expected) * (n - expected) / expected;
  chi += (cells - static_cast<int>(counts.size())) * expected;  // cells never seen
  return chi;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += s + ",";
  return out;
}

TEST(PaperTest, OptionOrdersAreUniformAndAPinnedOptionStaysLast) {
  Quiz quiz = PoolQuiz(1, 5);
  quiz.questions[0].options[4].pinned = true;  // "All of the above"
  std::mt19937_64 rng(1);
  std::map<std::string, int> orders;
  for (int i = 0; i < kDraws; ++i) {
    Paper p = DrawPaper(quiz, rng, 0);
    ASSERT_EQ(p.questions.size(), 1u);
    ASSERT_EQ(p.questions[0].order.back(), "e");
    ++orders[Join(p.questions[0].order)];
  }
  // 4! = 24 orders of the free options; 23 degrees of freedom, p = 0.001: 49.73.
  EXPECT_EQ(orders.size(), 24u);
  EXPECT_LT(ChiSquare(orders, 24, kDraws), 49.73);
}

TEST(PaperTest, PoolDrawsAreUniformOverSubsets) {
  Quiz quiz = PoolQuiz(6, 2);
  quiz.ask = 3;
  std::mt19937_64 rng(16);
  std::map<std::string, int> subsets;
  for (int i = 0; i < kDraws; ++i) {
    Paper p = DrawPaper(quiz, rng, 0);
    ASSERT_EQ(p.questions.size(), 3u);
    std::vector<std::string> ids;
    for (const PaperQuestion& q : p.questions) ids.push_back(q.id);
    ASSERT_TRUE(std::is_sorted(ids.begin(), ids.end())) << "file order kept";
    ++subsets[Join(ids)];
  }
  // C(6,3) = 20 subsets; 19 degrees of freedom, p = 0.001: 43.82.
  EXPECT_EQ(subsets.size(), 20u);
  EXPECT_LT(ChiSquare(subsets, 20, kDraws), 43.82);
}

TEST(PaperTest, ShuffledQuestionsComeInEveryOrderEvenly) {
  Quiz quiz = PoolQuiz(4, 2);
  quiz.shuffle_questions = true;
  quiz.shuffle_options = false;
  std::mt19937_64 rng(4);
  std::map<std::string, int> orders;
  for (int i = 0; i < kDraws; ++i) {
    Paper p = DrawPaper(quiz, rng, 0);
    std::vector<std::string> ids;
    for (const PaperQuestion& q : p.questions) {
      ids.push_back(q.id);
      EXPECT_EQ(q.order, (std::vector<std::string>{"a", "b"})) << "options not shuffled";
    }
    ++orders[Join(ids)];
  }
  EXPECT_EQ(orders.size(), 24u);
  EXPECT_LT(ChiSquare(orders, 24, kDraws), 49.73);
}

TEST(PaperTest, DrawsByGroupCoverEveryGroupAndAreUniformWithinEach) {
  Quiz quiz = PoolQuiz(7, 2);
  // Groups: signs (q1-q3), law (q4-q5), response (q6-q7).
  const char* groups[] = {"signs", "signs", "signs", "law", "law", "response", "response"};
  for (int i = 0; i < 7; ++i) quiz.questions[static_cast<size_t>(i)].group = groups[i];
  quiz.ask = 3;
  quiz.ask_by_group = true;
  std::mt19937_64 rng(3);
  std::map<std::string, int> picks;
  for (int i = 0; i < kDraws; ++i) {
    Paper p = DrawPaper(quiz, rng, 0);
    ASSERT_EQ(p.questions.size(), 3u);
    std::set<std::string> seen;
    for (const PaperQuestion& q : p.questions) {
      seen.insert(quiz.FindQuestion(q.id)->group);
      ++picks[q.id];
    }
    EXPECT_EQ(seen.size(), 3u) << "every group asked";
  }
  // Within a group each question is drawn as often: chi-square per group.
  std::map<std::string, int> signs = {
      {"q1", picks["q1"]}, {"q2", picks["q2"]}, {"q3", picks["q3"]}};
  EXPECT_LT(ChiSquare(signs, 3, kDraws), 13.82);  // 2 degrees of freedom, p = 0.001
  std::map<std::string, int> law = {{"q4", picks["q4"]}, {"q5", picks["q5"]}};
  EXPECT_LT(ChiSquare(law, 2, kDraws), 10.83);
}

TEST(PaperTest, ASealedPaperOpensOnlyUnalteredAndWithItsKey) {
  Quiz quiz = PoolQuiz(3, 4);
  std::mt19937_64 rng(1);
  Paper paper = DrawPaper(quiz, rng, 1798761600);
  PaperSealer sealer(std::string(32, 'k'));
  std::string token = sealer.Seal(paper);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << "safe in a form field";
  EXPECT_EQ(token.find("q1"), std::string::npos) << "the paper is not readable";
  std::optional<Paper> opened = sealer.Open(token);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->quiz_id, "pool");
  EXPECT_EQ(opened->version, quiz.version);
  EXPECT_EQ(opened->issued_at, 1798761600);
  ASSERT_EQ(opened->questions.size(), 3u);
  EXPECT_EQ(opened->questions[1].order, paper.questions[1].order);
  EXPECT_NE(sealer.Seal(paper), token) << "a fresh nonce each time";

  for (size_t i = 0; i < token.size(); i += 7) {
    std::string altered = token;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(sealer.Open(altered)) << i;
  }
  EXPECT_FALSE(PaperSealer(std::string(32, 'x')).Open(token));
  EXPECT_FALSE(sealer.Open(""));
  EXPECT_FALSE(sealer.Open("not a token"));
}

TEST(PaperTest, GradingCountsOnlyThePapersQuestions) {
  Quiz quiz = PoolQuiz(5, 3);
  quiz.pass_mark = 100;
  Paper paper;
  paper.questions = {{"q4", {"c", "a", "b"}}, {"q2", {"b", "a", "c"}}};
  GradeResult r = Grade(quiz, paper, {{"q4", {"a"}}, {"q2", {"a"}}});
  EXPECT_EQ(r.total, 2);
  EXPECT_EQ(r.correct, 2);
  EXPECT_TRUE(r.passed);
  EXPECT_EQ(r.questions[0].question->id, "q4") << "in the paper's order";
  EXPECT_EQ(ValidateAnswers(quiz, paper, {{"q1", {"a"}}}), "question 'q1' is not on this paper");
  EXPECT_EQ(ValidateAnswers(quiz, paper, {{"q2", {"z"}}}), "unknown option 'z' for question 'q2'");
}

TEST(PaperTest, TheKeyIsMadeOnceAndKeptPrivate) {
  testing::TempDir tmp;
  std::string path = tmp / "data/paper.key";
  std::string err;
  std::string key = LoadOrCreatePaperKey(path, &err);
  ASSERT_EQ(key.size(), 32u) << err;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(LoadOrCreatePaperKey(path, &err), key) << "the same key after a restart";
}

}  // namespace
}  // namespace bulletin
