// `bulletin serve --lrs-endpoint`: a quiz submitted through the real server while the LRS is
// down is delivered once it recovers.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "content/content_tree.h"
#include "manage/lrs_stand_in.h"
#include "manage/test_attempts.h"
#include "quiz/quiz_parser.h"
#include "server/quiz_form_support.h"
#include "store/database.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using namespace std::chrono_literals;
const std::string kSource = BULLETIN_SOURCE_DIR;

// A passing form for the sample coercive control quiz.
std::string PassingForm() {
  RealFileSystem fs;
  Diagnostics diags;
  ContentTree content;
  LoadContentTree(fs, kSource + "/content", LoadOptions(), &diags, &content);
  std::vector<Quiz> quizzes;
  LoadQuizzes(fs, kSource + "/content", content, &diags, &quizzes);
  for (const Quiz& quiz : quizzes) {
    if (quiz.id != "coercive-control-awareness") continue;
    std::string body = "quiz=" + quiz.id + "&version=" + quiz.version +
                       "&name=Sam+Patel&email=Sam.Patel%40Example.org.uk&organisation=police"
                       "&team=Public+protection";
    for (const QuizQuestion& q : quiz.questions) {
      for (const QuizOption& o : q.options) {
        if (o.correct) body += "&" + q.id + "=" + o.id;
      }
    }
    return body;
  }
  ADD_FAILURE() << "sample quiz missing";
  return "";
}

int Count(const std::string& db_path, const std::string& sql) {
  auto db = OpenDatabase(db_path, /*read_only=*/true);
  return db->execAndGet(sql).getInt();
}

TEST(LrsServeTest, AQuizSubmittedWhileTheLrsIsDownIsDeliveredWhenItRecovers) {
  testing::TempSite dir;
  dir.Add("index.html", "<!DOCTYPE html><title>home</title>");
  std::string db_path = (dir.root() / "data/bulletin.db").string();
  testing::LrsState state;
  state.mode = testing::LrsState::Mode::kAccept;
  testing::ReservedPort down;  // nothing listens there until the stand-in starts below
  int lrs_port = down.port();
  ASSERT_GT(lrs_port, 0);

  ::setenv("BULLETIN_LRS_USERNAME", "bulletin", 1);
  ::setenv("BULLETIN_LRS_PASSWORD", "correct horse", 1);
  testing::Child child(
      {BULLETIN_BINARY, "serve", "--site", dir.site().string(), "--content", kSource + "/content",
       "--templates", kSource + "/templates", "--db", db_path, "--port", "0", "--lrs-endpoint",
       "http://127.0.0.1:" + std::to_string(lrs_port) + "/xapi", "--lrs-retry-seconds", "1"});
  ::unsetenv("BULLETIN_LRS_USERNAME");
  ::unsetenv("BULLETIN_LRS_PASSWORD");
  std::optional<std::string> line = child.ReadLine(30s);
  ASSERT_TRUE(line) << "no Serving line";
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex("127\\.0\\.0\\.1:([0-9]+)/"))) << *line;
  std::string base = "http://127.0.0.1:" + match[1].str();

  // The form as served (#16): its sealed paper, then the right answers.
  testing::FetchOptions post = testing::Method(
      "POST", PassingForm() + "&paper=" +
                  testing::ServedPaper(base, Quiz{.id = "coercive-control-awareness"}).first);
  post.headers = {"Content-Type: application/x-www-form-urlencoded", "Origin: " + base,
                  "Sec-Fetch-Site: same-origin"};
  testing::HttpResult r = testing::Fetch(base + "/quizzes/coercive-control-awareness/submit", post);
  ASSERT_EQ(r.status, 200) << r.body;
  // Acknowledged means recorded with its outbox row; the LRS is down, so the row waits.
  EXPECT_EQ(Count(db_path, "SELECT count(*) FROM lrs_outbox"), 1);
  ASSERT_TRUE(
      testing::WaitFor([&] { return Count(db_path, "SELECT max(tries) FROM lrs_outbox") >= 1; }));
  EXPECT_EQ(Count(db_path, "SELECT count(*) FROM lrs_outbox WHERE sent_at IS NULL"), 1);

  testing::LrsStandIn lrs(&state, dir, lrs_port);
  ASSERT_TRUE(testing::WaitFor([&] {
    return Count(db_path, "SELECT count(*) FROM lrs_outbox WHERE sent_at IS NULL") == 0;
  }));

  std::lock_guard<std::mutex> lock(state.mu);
  ASSERT_EQ(state.stored.size(), 1u);
  const HttpRequest& put = state.last_request.begin()->second;
  nlohmann::json statement = nlohmann::json::parse(put.body);
  EXPECT_EQ(statement["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
  auto db = OpenDatabase(db_path, true);
  EXPECT_EQ(statement["actor"]["account"]["name"],
            db->execAndGet("SELECT public_id FROM learners").getString());
  EXPECT_EQ(put.body.find("Example.org.uk"), std::string::npos) << "no email leaves the server";
  EXPECT_EQ(put.body.find("Sam"), std::string::npos) << "nor the name";

  ASSERT_EQ(::kill(child.pid(), SIGTERM), 0);
  EXPECT_EQ(child.Wait(30s), std::optional<int>(0));
}

TEST(LrsServeTest, AnLrsOverPlainHttpOrWithoutALoginIsRefusedAtStart) {
  testing::TempSite dir;
  ::unsetenv("BULLETIN_LRS_USERNAME");
  ::unsetenv("BULLETIN_LRS_PASSWORD");
  for (const char* endpoint : {"http://lrs.example.org/xapi/", "https://lrs.example.org/xapi/"}) {
    testing::Child child({BULLETIN_BINARY, "serve", "--site", dir.site().string(), "--content",
                          kSource + "/content", "--templates", kSource + "/templates", "--db",
                          (dir.root() / "bulletin.db").string(), "--port", "0", "--lrs-endpoint",
                          endpoint});
    EXPECT_EQ(child.Wait(30s), std::optional<int>(1)) << endpoint;
  }
}

}  // namespace
}  // namespace bulletin
