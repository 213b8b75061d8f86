// Runs the real `bulletin admin add-manager` and `reset-password` against a real database.
#include <gtest/gtest.h>

#include <filesystem>

#include "manage/accounts.h"
#include "server/http_test_support.h"
#include "store/audit_log.h"
#include "store/test_data.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;

using Result = testing::ShellResult;

class AdminAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(tmp_ / "content");
    fs::copy_file(testing::SourceDir() + "/content/site.yaml", tmp_ / "content/site.yaml");
  }

  // Runs `bulletin admin ARGS` in the temp folder with `input` on stdin.
  Result Admin(const std::string& args, const std::string& input = "") {
    return testing::RunShell("cd '" + tmp_.path() + "' && printf '%s' '" + input + "' | '" +
                             std::string(BULLETIN_BINARY) + "' admin " + args + " 2>&1");
  }

  // The accounts of the database the commands wrote, over a data layer of their own.
  std::shared_ptr<AccountStore> Store() {
    AccountOptions options;
    options.cost = TestPasswordCost();
    std::shared_ptr<DataLayer> data = testing::OpenTestData(tmp_ / "data/bulletin.db");
    auto store = std::make_shared<AccountStore>(&data->accounts(), options);
    return std::shared_ptr<AccountStore>(store.get(), [data, store](AccountStore*) {});
  }

  testing::TempDir tmp_;
};

TEST_F(AdminAccountsTest, AddsAManagerWithAPasswordFromStdin) {
  Result r = Admin(
      "add-manager --email sam@hallowford.example --organisation police "
      "--password-stdin",
      "kettle orbit marmalade\n");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "added manager sam@hallowford.example for Northmoor Police (police)\n");
  std::optional<Manager> added = Store()->FindManager("sam@hallowford.example");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->organisation, "police");
  EXPECT_EQ(Store()->Login("sam@hallowford.example", "kettle orbit marmalade", "x").outcome,
            LoginResult::Outcome::kSignedIn);
  std::vector<AuditEntry> log = testing::RecentAudit(tmp_ / "data/bulletin.db", 5);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back().action, "add-manager");
  EXPECT_TRUE(log.back().actor.starts_with("cli:")) << log.back().actor;
  EXPECT_EQ(log.back().detail, "sam@hallowford.example for Northmoor Police (police)");
}

TEST_F(AdminAccountsTest, APartnershipAdminWithAGeneratedPassword) {
  Result r = Admin("add-manager --email lead@hallowford.example --partnership --generate-password");
  ASSERT_EQ(r.status, 0) << r.output;
  size_t at = r.output.find("password: ");
  ASSERT_NE(at, std::string::npos) << r.output;
  std::string password = r.output.substr(at + 10, 23);
  EXPECT_EQ(Store()->Login("lead@hallowford.example", password, "x").outcome,
            LoginResult::Outcome::kSignedIn);
  EXPECT_EQ(Store()->FindManager("lead@hallowford.example")->organisation, "");
}

TEST_F(AdminAccountsTest, AMistypedOrganisationSuggestsTheClosestId) {
  Result r = Admin(
      "add-manager --email sam@hallowford.example --organisation polise "
      "--password-stdin",
      "kettle orbit marmalade\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output,
            "error: no organisation 'polise' in content/site.yaml; did you mean "
            "'police'?\n");
  EXPECT_FALSE(fs::exists(tmp_ / "data/bulletin.db"));
}

TEST_F(AdminAccountsTest, WeakPasswordsAreRefusedWithAdvice) {
  Result r = Admin(
      "add-manager --email sam@hallowford.example --organisation police "
      "--password-stdin",
      "Password2027!\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("error: This password is one of the most common"), std::string::npos)
      << r.output;
  r = Admin("add-manager --email sam@hallowford.example --organisation police --password-stdin",
            "hallowford sp rocks\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("does not contain the name of this site"), std::string::npos) << r.output;
  EXPECT_FALSE(Store()->FindManager("sam@hallowford.example"));
}

TEST_F(AdminAccountsTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Admin("add-manager --email sam@hallowford.example --password-stdin", "x").status, 2);
  EXPECT_EQ(Admin("add-manager --email a@b.example --organisation police --partnership").status, 2);
  EXPECT_EQ(Admin("add-manager --organisation police --generate-password").status, 2);
  Result r = Admin("add-manager --email sam@hallowford.example --organisation police");
  EXPECT_EQ(r.status, 2);  // stdin is not a terminal and no password source was given
  EXPECT_NE(r.output.find("--password-stdin or --generate-password"), std::string::npos);
}

TEST_F(AdminAccountsTest, ResetPasswordReplacesItAndEndsSessions) {
  ASSERT_EQ(Admin("add-manager --email sam@hallowford.example --organisation police "
                  "--password-stdin",
                  "kettle orbit marmalade\n")
                .status,
            0);
  LoginResult session = Store()->Login("sam@hallowford.example", "kettle orbit marmalade", "x");
  ASSERT_EQ(session.outcome, LoginResult::Outcome::kSignedIn);
  Result r = Admin("reset-password --email SAM@hallowford.example --password-stdin",
                   "lantern quiet harbour\n");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "new password set for SAM@hallowford.example; their sessions were ended\n");
  EXPECT_FALSE(Store()->Resume(session.token));
  EXPECT_EQ(Store()->Login("sam@hallowford.example", "lantern quiet harbour", "x").outcome,
            LoginResult::Outcome::kSignedIn);
  r = Admin("reset-password --email nobody@hallowford.example --password-stdin",
            "lantern quiet harbour\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("no manager with the email nobody@hallowford.example"),
            std::string::npos);
}

TEST_F(AdminAccountsTest, TheServerSignsInAManagerTheCommandAdded) {
  ASSERT_EQ(Admin("add-manager --email sam@hallowford.example --organisation police "
                  "--password-stdin",
                  "kettle orbit marmalade\n")
                .status,
            0);
  fs::create_directories(tmp_ / "site");
  bulletin::testing::Child server({BULLETIN_BINARY, "serve", "--site", tmp_ / "site", "--port", "0",
                                   "--content", testing::SourceDir() + "/content", "--templates",
                                   testing::SourceDir() + "/templates", "--db",
                                   tmp_ / "data/bulletin.db"});
  std::optional<std::string> line = server.ReadLine(std::chrono::seconds(30));
  ASSERT_TRUE(line) << "no Serving line";
  const std::string base = line->substr(line->find("http://"));
  ASSERT_EQ(base.back(), '/');
  auto post = [&](const std::string& path, const std::string& body, const std::string& cookie) {
    bulletin::testing::FetchOptions options = bulletin::testing::Method("POST", body);
    options.headers = {"Content-Type: application/x-www-form-urlencoded", "Cookie: " + cookie,
                       "Origin: " + base.substr(0, base.size() - 1)};
    return bulletin::testing::Fetch(base + path, options);
  };
  EXPECT_EQ(bulletin::testing::Fetch(base + "manage/login").status, 200);
  bulletin::testing::HttpResult login =
      post("manage/login", "email=sam%40hallowford.example&password=kettle+orbit+marmalade", "");
  ASSERT_EQ(login.status, 303) << login.body;
  const std::string cookie =
      login.headers["set-cookie"].substr(0, login.headers["set-cookie"].find(';'));
  EXPECT_TRUE(cookie.starts_with("__Host-bulletin_session=")) << cookie;
  EXPECT_EQ(post("manage/logout", "csrf=wrong", cookie).status, 403);
  EXPECT_EQ(testing::RecentAudit(tmp_ / "data/bulletin.db", 1)[0].action, "login");
}

}  // namespace
}  // namespace bulletin
