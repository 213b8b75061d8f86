// Kills `bulletin serve` with SIGKILL while clients submit quizzes, then checks that
// every submission the server acknowledged is in the database.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <set>

#include "content/content_tree.h"
#include "quiz/quiz_parser.h"
#include "server/http_test_support.h"
#include "server/quiz_form_support.h"
#include "sitegen/site_builder.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using namespace std::chrono_literals;

const std::string kSource = BULLETIN_SOURCE_DIR;

TEST(CrashTest, EveryAcknowledgedAttemptSurvivesSigkill) {
  testing::TempSite tmp;
  BuildOptions build;
  build.content_dir = kSource + "/content";
  build.templates_dir = kSource + "/templates";
  build.out_dir = tmp.site().string();
  RealFileSystem fs;
  Diagnostics diags;
  BuildStats stats;
  ASSERT_TRUE(BuildSite(fs, build, &diags, &stats)) << diags.FormatAll();
  ContentTree content;
  std::vector<Quiz> quizzes;
  ASSERT_TRUE(LoadContentTree(fs, build.content_dir, LoadOptions(), &diags, &content));
  ASSERT_TRUE(LoadQuizzes(fs, build.content_dir, content, &diags, &quizzes));
  const Quiz& quiz = quizzes.front();

  const std::string db = (tmp.root() / "data/bulletin.db").string();
  testing::Child server({BULLETIN_BINARY, "serve", "--site", tmp.site().string(), "--port", "0",
                         "--content", build.content_dir, "--templates", build.templates_dir, "--db",
                         db, "--attempts-per-day", "0"});
  std::optional<std::string> line = server.ReadLine(30s);
  ASSERT_TRUE(line) << "no Serving line";
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex(":([0-9]+)/$")));
  const std::string url = "http://127.0.0.1:" + match[1].str() + "/quizzes/" + quiz.id + "/submit";
  // One served paper (#16) for every submission: it may be answered many times.
  std::string answers =
      "&paper=" + testing::ServedPaper("http://127.0.0.1:" + match[1].str(), quiz).first;
  for (const QuizQuestion& q : quiz.questions) answers += "&" + q.id + "=" + q.options[0].id;

  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; !stop; ++i) {
        std::string email = "p" + std::to_string(c) + "-" + std::to_string(i) + "@example.org.uk";
        std::string body =
            "quiz=" + quiz.id + "&version=" + quiz.version + "&name=P&email=" + email +
            "&organisation=" + content.site.organisations[0].id + "&team=T" + answers;
        testing::FetchOptions options = testing::Method("POST", body);
        options.headers = {"Content-Type: application/x-www-form-urlencoded",
                           "Origin: " + url.substr(0, url.find("/quizzes/"))};
        ++sent;
        testing::HttpResult r = testing::Fetch(url, options);
        if (!r.ok) return;  // the server is gone
        if (r.status == 200) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.insert(email);
        }
      }
    });
  }
  // Let submissions flow, then kill the server mid-stream.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (acknowledged.size() >= 150) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  ::kill(server.pid(), SIGKILL);
  EXPECT_FALSE(server.Wait(10s)) << "killed by a signal, so no exit status";
  stop = true;
  for (std::thread& t : clients) t.join();

  ASSERT_GE(acknowledged.size(), 20u) << "too few submissions got through to test anything";
  SQLite::Database database(db);
  std::set<std::string> stored;
  SQLite::Statement q(database,
                      "SELECT l.email FROM attempts a JOIN learners l ON l.id = a.learner_id");
  while (q.executeStep()) stored.insert(q.getColumn(0).getString());
  for (const std::string& email : acknowledged) {
    EXPECT_TRUE(stored.count(email)) << "acknowledged but lost: " << email;
  }
  EXPECT_EQ(database.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

}  // namespace
}  // namespace bulletin
