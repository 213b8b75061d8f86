// The xAPI download for managers: scoped by the session's organisation, audited, never cached.
#include "manage/xapi_route.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "content/content_tree.h"
#include "manage/accounts.h"
#include "manage/auth_routes.h"
#include "manage/passwords.h"
#include "manage/test_attempts.h"
#include "manage/xapi.h"
#include "server/http_test_support.h"
#include "server/page_renderer.h"
#include "server/server.h"
#include "store/database.h"
#include "store/test_data.h"
#include "support/test_support.h"
#include "templating/page_chrome.h"

namespace bulletin {
namespace {

TEST(XapiExportRouteTest, AManagerOfAnotherOrganisationGetsNoneOfTheFirstsStatements) {
  testing::TempDir tmp;
  std::string path = tmp / "bulletin.db";
  testing::RecordAttempts(
      path, {{"sam@police.example", "police", true}, {"ann@health.example", "health", true}});
  {
    auto db = OpenDatabase(path);
    testing::AddStaff(*db, "sam@police.example", "police");
    testing::AddStaff(*db, "ann@health.example", "health");
  }
  SiteConfig site = testing::TestSite();
  std::unique_ptr<DataLayer> data = testing::OpenTestData(path);
  AuditLog& audit = data->audit();
  XapiExportRoute route(&data->reports(), site, &audit);

  ManagerSession health{2, "lead@health.example", "health", "csrf", "10.0.0.2"};
  HttpResponse r = route.Export(health);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.headers.Find("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(*r.headers.Find("Content-Disposition"), "attachment; filename=\"xapi-health.json\"");
  EXPECT_EQ(*r.headers.Find("Cache-Control"), "no-store");
  nlohmann::json statements = nlohmann::json::parse(r.body);
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0]["context"]["extensions"][XapiExtension(site, "organisation")]["id"],
            "health");

  ManagerSession police{1, "lead@police.example", "police", "csrf", "10.0.0.1"};
  nlohmann::json theirs = nlohmann::json::parse(route.Export(police).body);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_NE(theirs[0]["id"], statements[0]["id"]);
  EXPECT_NE(theirs[0]["actor"], statements[0]["actor"]);

  ManagerSession admin{3, "admin@partnership.example", "", "csrf", ""};
  EXPECT_EQ(nlohmann::json::parse(route.Export(admin).body).size(), 2u);

  std::vector<AuditEntry> log = audit.Recent(10);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2].actor, "lead@health.example");
  EXPECT_EQ(log[2].action, "export-xapi");
  EXPECT_EQ(log[2].organisation, "health");
  EXPECT_EQ(log[2].detail, "1 statements (health)");
  EXPECT_EQ(log[2].address, "10.0.0.2");
}

// Through the real server and the real sign-in gate, as a browser would download it.
TEST(XapiExportRouteTest, OverHttpEachManagerDownloadsOnlyTheirOwnOrganisationsStatements) {
  const std::string source = BULLETIN_SOURCE_DIR;
  testing::TempSite dir;
  std::string path = (dir.root() / "data/bulletin.db").string();
  testing::RecordAttempts(path, {{"sam@police.example", "police", true},
                                 {"ann@health.example", "health", true},
                                 {"ann@health.example", "health", false}});
  {
    auto db = OpenDatabase(path);
    testing::AddStaff(*db, "sam@police.example", "police");
    testing::AddStaff(*db, "ann@health.example", "health");
  }
  RealFileSystem fs;
  Diagnostics diags;
  ContentTree content;
  ASSERT_TRUE(LoadContentTree(fs, source + "/content", LoadOptions(), &diags, &content));
  TemplateSet templates;
  ASSERT_TRUE(templates.Load(fs, source + "/templates", &diags)) << diags.FormatAll();
  AccountOptions options;
  options.cost = TestPasswordCost();
  std::unique_ptr<DataLayer> data = testing::OpenTestData(path);
  AccountStore accounts(&data->accounts(), options);
  std::string err;
  ASSERT_TRUE(
      accounts.AddManager("lead@police.example", "police", "kettle orbit marmalade", nullptr, &err))
      << err;
  ASSERT_TRUE(
      accounts.AddManager("lead@health.example", "health", "kettle orbit marmalade", nullptr, &err))
      << err;
  AuditLog& audit = data->audit();
  PageRenderer pages(content.site, templates, SiteChrome(content.site, {}, 2027), false);
  AuthRoutes gate(&pages, &accounts, &audit);
  XapiExportRoute route(&data->reports(), content.site, &audit, &pages);
  Server server;
  gate.AddTo(&server.router());
  route.AddTo(&server.router(), gate);
  ASSERT_TRUE(server.Start(testing::TestOptions(dir.site()), &err)) << err;
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());

  auto download = [&](const std::string& email) {
    testing::FetchOptions login =
        testing::Method("POST", "email=" + email + "&password=kettle+orbit+marmalade");
    login.headers = {"Content-Type: application/x-www-form-urlencoded", "Origin: " + base};
    testing::HttpResult signed_in = testing::Fetch(base + "/manage/login", login);
    EXPECT_EQ(signed_in.status, 303) << signed_in.body;
    std::string cookie = signed_in.headers["set-cookie"];
    testing::FetchOptions get;
    get.headers = {"Cookie: " + cookie.substr(0, cookie.find(';'))};
    return testing::Fetch(base + "/manage/export.xapi.json", get);
  };

  testing::HttpResult anonymous = testing::Fetch(base + "/manage/export.xapi.json");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.body.find("statement"), std::string::npos);

  testing::HttpResult health = download("lead%40health.example");
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.headers["content-disposition"], "attachment; filename=\"xapi-health.json\"");
  EXPECT_EQ(health.headers["cache-control"], "no-store");
  nlohmann::json theirs = nlohmann::json::parse(health.body);
  ASSERT_EQ(theirs.size(), 2u);
  testing::HttpResult police = download("lead%40police.example");
  ASSERT_EQ(police.status, 200) << police.body;
  nlohmann::json ours = nlohmann::json::parse(police.body);
  ASSERT_EQ(ours.size(), 1u);
  for (const nlohmann::json& s : theirs) {
    EXPECT_NE(s["id"], ours[0]["id"]);
    EXPECT_NE(s["actor"], ours[0]["actor"]);
    EXPECT_EQ(s["context"]["extensions"][XapiExtension(content.site, "organisation")]["id"],
              "health");
  }
}

}  // namespace
}  // namespace bulletin
