// The LRS outbox and its forwarder against a stand-in LRS: the project's own HTTP server on
// 127.0.0.1 that fails (500, connection refused, too slow) and then recovers.
#include "manage/lrs_forwarder.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "manage/lrs_stand_in.h"
#include "manage/test_attempts.h"
#include "manage/xapi.h"
#include "server/http_test_support.h"
#include "server/server.h"
#include "store/database.h"
#include "store/test_data.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using nlohmann::json;
using testing::LrsStandIn;
using testing::LrsState;

class LrsForwarderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = (dir_.root() / "data/bulletin.db").string();
    site_ = testing::TestSite();
    store_options_.outbox_statement = [this](const RecordedAttempt& r) {
      return XapiStatement(site_, XapiAttemptFrom(r)).dump();
    };
  }

  std::unique_ptr<LrsForwarder> Forwarder(int port, long timeout_seconds = 1) {
    LrsSettings settings;
    settings.endpoint = "http://127.0.0.1:" + std::to_string(port) + "/xapi/";
    settings.username = "bulletin";
    settings.password = "pa:ss word";
    settings.connect_timeout_seconds = 1;
    settings.timeout_seconds = timeout_seconds;
    LrsForwarderOptions options;
    options.base_delay_seconds = 10;
    options.max_delay_seconds = 80;
    options.poll_interval = std::chrono::milliseconds(10);
    options.now = [this] { return clock_.load(); };
    options.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_ += line + "\n";
    };
    if (!data_) data_ = testing::OpenTestData(db_path_);
    auto forwarder = std::make_unique<LrsForwarder>(&data_->lrs_outbox(), settings, options);
    std::string err;
    EXPECT_TRUE(forwarder->Start(&err)) << err;
    return forwarder;
  }

  struct OutboxRow {
    int64_t attempt_id;
    std::string statement;
    int tries;
    int64_t next_try_at;
    std::string last_error;
    bool sent;
  };
  std::vector<OutboxRow> Outbox() {
    auto db = OpenDatabase(db_path_, /*read_only=*/true);
    SQLite::Statement q(*db,
                        "SELECT attempt_id, statement, tries, next_try_at, last_error, "
                        "sent_at IS NOT NULL FROM lrs_outbox ORDER BY id");
    std::vector<OutboxRow> rows;
    while (q.executeStep()) {
      rows.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                      q.getColumn(2).getInt(), q.getColumn(3).getInt64(),
                      q.getColumn(4).getString(), q.getColumn(5).getInt() != 0});
    }
    return rows;
  }

  int TotalTries() {
    int n = 0;
    for (const OutboxRow& r : Outbox()) n += r.tries;
    return n;
  }

  // Moves the clock past any backoff and waits for one more failed try.
  void FailOnceMore(LrsForwarder* forwarder) {
    int before = TotalTries();
    clock_ += 81;
    forwarder->Wake();
    ASSERT_TRUE(testing::WaitFor([&] { return TotalTries() > before; }));
  }

  testing::TempSite dir_;
  std::string db_path_;
  std::unique_ptr<DataLayer> data_;  // the forwarders' outbox
  SiteConfig site_;
  StoreOptions store_options_;
  std::atomic<int64_t> clock_{1798761600};
  std::mutex log_mu_;
  std::string log_;
};

TEST_F(LrsForwarderTest, EveryStatementArrivesExactlyOnceAfterTheLrsRecovers) {
  std::vector<int64_t> ids =
      testing::RecordAttempts(db_path_, {{"sam@police.example", "police", true}}, store_options_);
  LrsState state;
  auto lrs = std::make_unique<LrsStandIn>(&state, dir_);
  int port = lrs->port();
  auto forwarder = Forwarder(port);

  // 500s: the row stays, each try recorded, and the wait grows up to the cap. The row is
  // due at once, so the first try needs no push from the clock.
  std::vector<int64_t> delays;
  for (int i = 0; i < 5; ++i) {
    if (i == 0) {
      ASSERT_TRUE(testing::WaitFor([&] { return TotalTries() == 1; }));
    } else {
      FailOnceMore(forwarder.get());
    }
    OutboxRow row = Outbox()[0];
    EXPECT_EQ(row.tries, i + 1);
    EXPECT_EQ(row.last_error, "HTTP 500: database unavailable");
    EXPECT_FALSE(row.sent);
    delays.push_back(row.next_try_at - clock_.load());
  }
  // Each wait is drawn from [half, all] of a doubling step, so it never shrinks until the cap.
  for (size_t i = 1; i < 4; ++i) EXPECT_GE(delays[i], delays[i - 1]);
  EXPECT_GE(delays[0], 5);
  EXPECT_LE(delays[0], 10);
  EXPECT_GT(delays[2], delays[0]);
  EXPECT_GE(delays[4], 40);
  EXPECT_LE(delays[4], 80) << "capped";

  // The LRS goes away entirely (connection refused); two more attempts arrive meanwhile.
  lrs.reset();
  testing::RecordAttempts(
      db_path_, {{"ann@health.example", "health", false}, {"sam@police.example", "police", true}},
      store_options_);
  FailOnceMore(forwarder.get());
  bool refused = false;
  for (const OutboxRow& row : Outbox())
    refused |= row.last_error.find("onnect") != std::string::npos;
  EXPECT_TRUE(refused);

  // It comes back too slow to answer within the timeout.
  state.mode = LrsState::Mode::kSlow;
  lrs = std::make_unique<LrsStandIn>(&state, dir_, port);
  ASSERT_EQ(lrs->port(), port);
  FailOnceMore(forwarder.get());
  bool timed_out = false;
  for (const OutboxRow& row : Outbox())
    timed_out |= row.last_error.find("imed out") != std::string::npos;
  EXPECT_TRUE(timed_out);

  // The forwarder restarts (as bulletin serve would) while nothing has been delivered.
  forwarder->Stop();
  forwarder.reset();
  for (const OutboxRow& row : Outbox()) EXPECT_FALSE(row.sent);
  ASSERT_EQ(Outbox().size(), 3u);

  // The LRS recovers: everything goes, once each, with the right body and headers.
  state.mode = LrsState::Mode::kAccept;
  forwarder = Forwarder(port);
  clock_ += 81;
  forwarder->Wake();
  ASSERT_TRUE(testing::WaitFor([&] {
    for (const OutboxRow& row : Outbox()) {
      if (!row.sent) return false;
    }
    return true;
  }));
  forwarder->Stop();
  std::lock_guard<std::mutex> lock(state.mu);
  ASSERT_EQ(state.stored.size(), 3u);
  for (const OutboxRow& row : Outbox()) {
    json statement = json::parse(row.statement);
    std::string id = statement["id"];
    EXPECT_EQ(state.stored[id], 1) << id;
    const HttpRequest& r = state.last_request[id];
    EXPECT_EQ(r.method, "PUT");
    EXPECT_EQ(r.path, "/xapi/statements");
    EXPECT_EQ(json::parse(r.body), statement);
    EXPECT_EQ(*r.headers.Find("X-Experience-API-Version"), "1.0.3");
    EXPECT_EQ(*r.headers.Find("Content-Type"), "application/json");
    // base64("bulletin:pa:ss word")
    EXPECT_EQ(*r.headers.Find("Authorization"), "Basic YnVsbGV0aW46cGE6c3Mgd29yZA==");
  }
  EXPECT_EQ(Outbox()[0].attempt_id, ids[0]);
  std::lock_guard<std::mutex> log_lock(log_mu_);
  EXPECT_NE(log_.find("lrs: cannot deliver to http://127.0.0.1:" + std::to_string(port) +
                      "/xapi/: HTTP 500: database unavailable; keeping the statements"),
            std::string::npos)
      << log_;
  EXPECT_NE(log_.find("is taking statements again"), std::string::npos) << log_;
  EXPECT_NE(log_.find("lrs: stopped; 3 statements waiting"), std::string::npos) << log_;
  EXPECT_NE(log_.find("(3 waiting; the last try failed: "), std::string::npos) << log_;
}

TEST_F(LrsForwarderTest, StoppingMidRequestLeavesTheRowAsItWas) {
  testing::RecordAttempts(db_path_, {{"sam@police.example", "police", true}}, store_options_);
  LrsState state;
  state.mode = LrsState::Mode::kSlow;
  LrsStandIn lrs(&state, dir_);
  auto forwarder = Forwarder(lrs.port(), /*timeout_seconds=*/60);
  ASSERT_TRUE(testing::WaitFor([&] {
    std::lock_guard<std::mutex> lock(state.mu);
    return state.requests == 1;
  }));
  forwarder->Stop();  // the LRS has not answered yet
  OutboxRow row = Outbox()[0];
  EXPECT_EQ(row.tries, 0);
  EXPECT_EQ(row.last_error, "");
  EXPECT_FALSE(row.sent);
}

TEST_F(LrsForwarderTest, AnAttemptWhoseStatementCannotBeMadeIsNotRecorded) {
  // The outbox row is written in the attempt's own savepoint: both or neither.
  StoreOptions failing;
  failing.outbox_statement = [](const RecordedAttempt&) -> std::string {
    throw std::runtime_error("no statement");
  };
  std::string err;
  auto store = OpenSqliteStore(db_path_, &err, failing);
  ASSERT_TRUE(store) << err;
  int64_t id = 0;
  EXPECT_FALSE(
      store->RecordAttempt(testing::MakeAttempt({"sam@police.example", "police"}), &id, &err));
  store.reset();
  auto db = OpenDatabase(db_path_, true);
  EXPECT_EQ(db->execAndGet("SELECT count(*) FROM attempts").getInt(), 0);
  EXPECT_EQ(db->execAndGet("SELECT count(*) FROM lrs_outbox").getInt(), 0);
}

TEST_F(LrsForwarderTest, WithoutAnLrsNoOutboxRowsAreWritten) {
  testing::RecordAttempts(db_path_, {{"sam@police.example", "police", true}});
  EXPECT_TRUE(Outbox().empty());
}

TEST(LrsSettingsTest, EndpointsMustBeHttpsExceptOnLoopback) {
  std::string err;
  std::string url = "https://lrs.example.org/xapi";
  EXPECT_TRUE(NormaliseLrsEndpoint(&url, &err)) << err;
  EXPECT_EQ(url, "https://lrs.example.org/xapi/");
  for (std::string ok :
       {"http://127.0.0.1:8080/xapi/", "http://localhost/xapi/", "http://[::1]:9/xapi/"}) {
    EXPECT_TRUE(NormaliseLrsEndpoint(&ok, &err)) << ok << ": " << err;
  }
  std::string plain = "http://lrs.example.org/xapi/";
  EXPECT_FALSE(NormaliseLrsEndpoint(&plain, &err));
  EXPECT_NE(err.find("must use https://"), std::string::npos) << err;
  for (std::string bad :
       {"ftp://lrs.example.org/", "https://user:pw@lrs.example.org/xapi/",
        "https://lrs.example.org/xapi/?a=1", "lrs.example.org", "http://127.0.0.1.evil.example/"}) {
    EXPECT_FALSE(NormaliseLrsEndpoint(&bad, &err)) << bad;
  }
}

TEST(LrsSettingsTest, CredentialsComeFromAFileOutsideContentOrTheEnvironment) {
  testing::TempDir tmp;
  std::filesystem::create_directories(tmp / "content");
  testing::WriteFile(tmp / "lrs.env",
                     "# the partnership's LRS\nBULLETIN_LRS_USERNAME=bulletin\n"
                     "BULLETIN_LRS_PASSWORD = s3cret=with=equals \n");
  LrsSettings settings;
  std::string err;
  ASSERT_TRUE(LoadLrsCredentials(tmp / "lrs.env", tmp / "content", &settings, &err)) << err;
  EXPECT_EQ(settings.username, "bulletin");
  EXPECT_EQ(settings.password, "s3cret=with=equals");

  testing::WriteFile(tmp / "content/lrs.env", "BULLETIN_LRS_USERNAME=a\nBULLETIN_LRS_PASSWORD=b\n");
  EXPECT_FALSE(LoadLrsCredentials(tmp / "content/lrs.env", tmp / "content", &settings, &err));
  EXPECT_NE(err.find("must not be inside"), std::string::npos) << err;

  testing::WriteFile(tmp / "typo.env", "BULLETIN_LRS_USER=a\n");
  EXPECT_FALSE(LoadLrsCredentials(tmp / "typo.env", tmp / "content", &settings, &err));
  EXPECT_EQ(err, tmp / "typo.env" +
                     ":1: expected BULLETIN_LRS_USERNAME=... or "
                     "BULLETIN_LRS_PASSWORD=...");

  ::setenv("BULLETIN_LRS_USERNAME", "env-user", 1);
  ::unsetenv("BULLETIN_LRS_PASSWORD");
  EXPECT_FALSE(LoadLrsCredentials("", tmp / "content", &settings, &err));
  EXPECT_NE(err.find("the LRS login is incomplete"), std::string::npos);
  ::setenv("BULLETIN_LRS_PASSWORD", "env-password", 1);
  EXPECT_TRUE(LoadLrsCredentials("", tmp / "content", &settings, &err)) << err;
  EXPECT_EQ(settings.username, "env-user");
  EXPECT_EQ(settings.password, "env-password");
  ::unsetenv("BULLETIN_LRS_USERNAME");
  ::unsetenv("BULLETIN_LRS_PASSWORD");
}

TEST(LrsBackoffTest, DoublesWithJitterUpToTheCap) {
  EXPECT_EQ(LrsBackoffSeconds(1, 30, 3600, 0.0), 15);
  EXPECT_EQ(LrsBackoffSeconds(1, 30, 3600, 1.0), 30);
  EXPECT_EQ(LrsBackoffSeconds(2, 30, 3600, 1.0), 60);
  EXPECT_EQ(LrsBackoffSeconds(3, 30, 3600, 0.5), 90);
  EXPECT_EQ(LrsBackoffSeconds(8, 30, 3600, 1.0), 3600);
  EXPECT_EQ(LrsBackoffSeconds(1000, 30, 3600, 1.0), 3600);
  EXPECT_EQ(LrsBackoffSeconds(1000, 30, 3600, 0.0), 1800);
}

}  // namespace
}  // namespace bulletin
