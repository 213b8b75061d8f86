// The xAPI download for managers: scoped by the session's organisation, audited, never cached.
#include "manage/xapi_route.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "build/test_support.h"
#include "manage/test_attempts.h"
#include "manage/xapi.h"
#include "store/database.h"

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
  AuditLog audit(path);
  XapiExportRoute route(path, site, &audit);

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

}  // namespace
}  // namespace bulletin
