// Scoping end to end: the real `bulletin serve` on a real SQLite file holding two
// organisations, managers created by `bulletin admin add-manager` and signed in over HTTP.
// A manager of the NHS trust asks for the police's staff ids, teams and organisation on
// every /manage/ route and the export: each answer is theirs or 403/404, and no police row
// appears in any body.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "server/http_test_support.h"
#include "store/database.h"
#include "store/store.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "kettle orbit marmalade";

class ScopingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(tmp_ / "site");
    testing::WriteFile(tmp_ / "roster.csv",
                       "name,email,organisation,team,role\n"
                       "Alice Police,alice@police.example.org,police,Response,Officer\n"
                       "Arthur Police,arthur@police.example.org,police,CID,Detective\n"
                       "Beth Nurse,beth@nhs.example.org,nhs-trust,Ward 1,Midwife\n");
    Admin("import-staff roster.csv", "");
    for (const char* org : {"police", "nhs-trust"}) {
      Admin(std::string("add-manager --email lead@") + org + ".example.org --organisation " + org +
                " --password-stdin",
            std::string(kPassword) + "\n");
    }
    std::string err;
    auto store = OpenSqliteStore(tmp_ / "data/bulletin.db", &err);
    ASSERT_TRUE(store) << err;
    for (const char* email : {"alice@police.example.org", "stranger@police.example.org"}) {
      NewAttempt a;
      a.learner = {"Someone", email, "police", "Response"};
      a.quiz_id = "coercive-control-awareness";
      a.quiz_version = "v";
      a.quiz_title = "Coercive control awareness";
      a.answers_json = "{}";
      a.passed = true;
      a.score = 100;
      a.created_at = 1780000000;
      a.certificate_code = std::string("CODE-") + email;
      a.valid_until = "2027-05-28";
      int64_t id;
      ASSERT_TRUE(store->RecordAttempt(a, &id, &err)) << err;
    }
    server_ = std::make_unique<testing::Child>(std::vector<std::string>{
        BULLETIN_BINARY, "serve", "--site", tmp_ / "site", "--port", "0", "--content",
        testing::SourceDir() + "/content", "--templates", testing::SourceDir() + "/templates",
        "--db", tmp_ / "data/bulletin.db"});
    std::optional<std::string> line = server_->ReadLine(std::chrono::seconds(30));
    ASSERT_TRUE(line) << "no Serving line";
    base_ = line->substr(line->find("http://"));
    base_.pop_back();  // the trailing '/'
  }

  void Admin(const std::string& args, const std::string& input) {
    testing::ShellResult r =
        testing::RunShell("cd '" + tmp_.path() + "' && printf '%s' '" + input + "' | '" +
                          std::string(BULLETIN_BINARY) + "' admin --content '" +
                          testing::SourceDir() + "/content' " + args + " 2>&1");
    ASSERT_EQ(r.status, 0) << args << ": " << r.output;
  }

  // Signs in; returns the Cookie header value.
  std::string SignIn(const std::string& email) {
    testing::FetchOptions options = testing::Method(
        "POST", "email=" + email.substr(0, email.find('@')) + "%40" +
                    email.substr(email.find('@') + 1) + "&password=kettle+orbit+marmalade");
    options.headers = {"Content-Type: application/x-www-form-urlencoded", "Origin: " + base_};
    testing::HttpResult r = testing::Fetch(base_ + "/manage/login", options);
    EXPECT_EQ(r.status, 303) << r.body;
    return r.headers["set-cookie"].substr(0, r.headers["set-cookie"].find(';'));
  }

  testing::HttpResult Get(const std::string& cookie, const std::string& path) {
    testing::FetchOptions options;
    options.headers = {"Cookie: " + cookie};
    return testing::Fetch(base_ + path, options);
  }

  int64_t StaffId(const std::string& email) {
    auto db = OpenDatabase(tmp_ / "data/bulletin.db", true);
    SQLite::Statement q(*db, "SELECT id FROM staff WHERE email = ?");
    q.bind(1, email);
    EXPECT_TRUE(q.executeStep());
    return q.getColumn(0).getInt64();
  }

  testing::TempDir tmp_;
  std::unique_ptr<testing::Child> server_;
  std::string base_;
};

TEST_F(ScopingTest, AManagerOfAnotherOrganisationSeesNoForeignRows) {
  const std::string nhs = SignIn("lead@nhs-trust.example.org");
  const std::string police = SignIn("lead@police.example.org");
  // The police manager does see these rows, so their absence below means something.
  EXPECT_NE(Get(police, "/manage/").body.find("Alice Police"), std::string::npos);
  EXPECT_NE(Get(police, "/manage/export.csv").body.find("alice@police.example.org"),
            std::string::npos);
  EXPECT_NE(Get(police, "/manage/unmatched").body.find("stranger@police.example.org"),
            std::string::npos);

  const std::string alice = std::to_string(StaffId("alice@police.example.org"));
  const std::string arthur = std::to_string(StaffId("arthur@police.example.org"));
  for (const std::string& path : std::vector<std::string>{
           "/manage/", "/manage/?organisation=police",
           "/manage/?organisation=police&team=Response&status=compliant",
           "/manage/?team=CID&quiz=coercive-control-awareness&page=1", "/manage/export.csv",
           "/manage/export.csv?organisation=police",
           "/manage/export.csv?organisation=police&team=CID", "/manage/staff/" + alice,
           "/manage/staff/" + arthur + "?organisation=police", "/manage/unmatched",
           "/manage/unmatched?organisation=police", "/manage/roster"}) {
    testing::HttpResult r = Get(nhs, path);
    EXPECT_TRUE(r.status == 200 || r.status == 403 || r.status == 404) << path << " " << r.status;
    for (const char* foreign :
         {"alice@police", "Alice Police", "arthur@police", "Arthur Police", "stranger@police"}) {
      EXPECT_EQ(r.body.find(foreign), std::string::npos) << path << " shows " << foreign;
    }
  }
  EXPECT_EQ(Get(nhs, "/manage/staff/" + alice).status, 404);
  EXPECT_NE(Get(nhs, "/manage/").body.find("Beth Nurse"), std::string::npos);
  // Without a session: the sign-in page, no data.
  testing::HttpResult anonymous = testing::Fetch(base_ + "/manage/export.csv");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.body.find("alice@police"), std::string::npos);
}

}  // namespace
}  // namespace bulletin
