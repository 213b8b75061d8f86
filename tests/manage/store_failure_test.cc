// What a manager sees when the database fails under `bulletin serve`: the real server, the
// real sign-in gate, dashboard and roster routes over a real SQLite file that another
// connection locks or damages. Every failure must be the site's styled 503 page, with no
// driver message or stack trace, and the service must come back once the file is healthy.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "content/content_tree.h"
#include "manage/accounts.h"
#include "manage/auth_routes.h"
#include "manage/compliance.h"
#include "manage/dashboard_routes.h"
#include "manage/roster_routes.h"
#include "quiz/quiz_parser.h"
#include "server/http_test_support.h"
#include "server/page_renderer.h"
#include "server/server.h"
#include "store/database.h"
#include "store/test_data.h"
#include "support/test_support.h"
#include "templating/page_chrome.h"

namespace bulletin {
namespace {

const std::string kSource = BULLETIN_SOURCE_DIR;
constexpr char kUrlencoded[] = "Content-Type: application/x-www-form-urlencoded";
constexpr char kHeading[] = "Sorry, this service is unavailable just now";

class StoreFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RealFileSystem fs;
    Diagnostics diags;
    ASSERT_TRUE(LoadContentTree(fs, kSource + "/content", LoadOptions(), &diags, &content_))
        << diags.FormatAll();
    ASSERT_TRUE(LoadQuizzes(fs, kSource + "/content", content_, &diags, &quizzes_))
        << diags.FormatAll();
    ASSERT_TRUE(templates_.Load(fs, kSource + "/templates", &diags)) << diags.FormatAll();
    db_path_ = (tmp_.root() / "data/bulletin.db").string();
    DataLayerOptions options;
    options.busy_timeout_ms = 50;  // a locked file fails fast
    data_ = testing::OpenTestData(db_path_, options);
    ASSERT_TRUE(data_);
    AccountOptions account_options;
    account_options.cost = TestPasswordCost();
    accounts_ = std::make_unique<AccountStore>(&data_->accounts(), account_options);
    std::string err;
    ASSERT_TRUE(accounts_->AddManager("lead@police.example", "police", "kettle orbit marmalade",
                                      nullptr, &err))
        << err;
    pages_ = std::make_unique<PageRenderer>(content_.site, templates_,
                                            SiteChrome(content_.site, {}, 2027), true);
    engine_ = std::make_unique<ComplianceEngine>(&data_->reports(), content_.site, quizzes_);
    gate_ = std::make_unique<AuthRoutes>(pages_.get(), accounts_.get(), &data_->audit());
    dashboard_ = std::make_unique<DashboardRoutes>(
        content_.site, quizzes_, pages_.get(), &data_->reports(), engine_.get(), &data_->audit());
    roster_ = std::make_unique<RosterRoutes>(content_.site, dashboard_.get(), &data_->roster(),
                                             &data_->audit());
    gate_->AddTo(&server_.router());
    dashboard_->AddTo(&server_.router(), *gate_);
    roster_->AddTo(&server_.router(), *gate_);
    ASSERT_TRUE(server_.Start(testing::TestOptions(tmp_.site()), &err)) << err;
    base_ = "http://127.0.0.1:" + std::to_string(server_.port());
  }

  testing::HttpResult Post(const std::string& path, const std::string& body,
                           const std::string& cookie = "") {
    testing::FetchOptions options = testing::Method("POST", body);
    options.headers = {kUrlencoded, "Origin: " + base_};
    if (!cookie.empty()) options.headers.push_back("Cookie: " + cookie);
    return testing::Fetch(base_ + path, options);
  }

  testing::HttpResult Get(const std::string& path, const std::string& cookie) {
    testing::FetchOptions options;
    options.headers = {"Cookie: " + cookie};
    return testing::Fetch(base_ + path, options);
  }

  testing::HttpResult Login() {
    return Post("/manage/login", "email=lead%40police.example&password=kettle+orbit+marmalade");
  }

  std::string SignIn() {
    testing::HttpResult r = Login();
    EXPECT_EQ(r.status, 303) << r.body;
    const std::string& set = r.headers["set-cookie"];
    return set.substr(0, set.find(';'));
  }

  // The styled page: the site's own chrome and a plain message, nothing from the driver.
  static void ExpectStyled503(const testing::HttpResult& r) {
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_NE(r.body.find(kHeading), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("nothing was shown or changed"), std::string::npos);
    EXPECT_NE(r.body.find("<nav"), std::string::npos) << "the site's chrome";
    for (const char* leak : {"SQLite", "sqlite", "locked", "no such table", "what()"}) {
      EXPECT_EQ(r.body.find(leak), std::string::npos) << leak;
    }
    auto retry = r.headers.find("retry-after");
    ASSERT_NE(retry, r.headers.end());
    EXPECT_EQ(retry->second, "60");
  }

  testing::TempSite tmp_;
  ContentTree content_;
  std::vector<Quiz> quizzes_;
  TemplateSet templates_;
  std::string db_path_;
  std::unique_ptr<DataLayer> data_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<PageRenderer> pages_;
  std::unique_ptr<ComplianceEngine> engine_;
  std::unique_ptr<AuthRoutes> gate_;
  std::unique_ptr<DashboardRoutes> dashboard_;
  std::unique_ptr<RosterRoutes> roster_;
  Server server_;
  std::string base_;
};

TEST_F(StoreFailureTest, SigningInWhileAnotherProcessHoldsTheWriteLockIsA503ThenWorks) {
  {
    // Another process (a long `bulletin admin` import, say) holds the write lock.
    SQLite::Database other(db_path_, SQLite::OPEN_READWRITE);
    SQLite::Transaction lock(other, SQLite::TransactionBehavior::IMMEDIATE);
    testing::HttpResult r = Login();
    ExpectStyled503(r);
    EXPECT_EQ(r.headers.count("set-cookie"), 0u) << "no session was started";
  }
  EXPECT_EQ(Login().status, 303) << "works again once the lock is gone";
}

TEST_F(StoreFailureTest, ARosterImportThatCannotBeWrittenIsA503AndImportsNothing) {
  const std::string cookie = SignIn();
  std::string body = Get("/manage/", cookie).body;
  const std::string marker = "name=\"csrf\" value=\"";
  size_t at = body.find(marker);
  ASSERT_NE(at, std::string::npos) << body;
  const std::string csrf = body.substr(at + marker.size(), 43);
  const std::string form = "csrf=" + csrf +
                           "&confirm=1&csv=name%2Cemail%2Corganisation%2Cteam%2Crole%0A"
                           "Jo%2Cjo%40police.example%2Cpolice%2CCID%2COfficer%0A";
  {
    SQLite::Database other(db_path_, SQLite::OPEN_READWRITE);
    SQLite::Transaction lock(other, SQLite::TransactionBehavior::IMMEDIATE);
    // The session is read from a reader; the import needs the writer, which waits and fails.
    ExpectStyled503(Post("/manage/roster", form, cookie));
  }
  std::vector<StaffMember> staff;
  std::string err;
  ASSERT_TRUE(data_->roster().LoadStaff("", &staff, &err)) << err;
  EXPECT_TRUE(staff.empty());
  EXPECT_EQ(Post("/manage/roster", form, cookie).status, 200) << "works once the lock is gone";
}

TEST_F(StoreFailureTest, ADamagedDatabaseGivesEveryDashboardPageA503) {
  const std::string cookie = SignIn();
  {
    // Damage by hand: the staff table is gone.
    SQLite::Database other(db_path_, SQLite::OPEN_READWRITE);
    other.exec("ALTER TABLE staff RENAME TO staff_damaged");
  }
  for (const char* path :
       {"/manage/", "/manage/export.csv", "/manage/unmatched", "/manage/staff/1"}) {
    SCOPED_TRACE(path);
    ExpectStyled503(Get(path, cookie));
  }
  {
    SQLite::Database other(db_path_, SQLite::OPEN_READWRITE);
    other.exec("ALTER TABLE staff_damaged RENAME TO staff");
  }
  EXPECT_EQ(Get("/manage/", cookie).status, 200) << "works once the file is repaired";
}

}  // namespace
}  // namespace bulletin
