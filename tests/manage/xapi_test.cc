// xAPI statements: their JSON shape, stable ids, no email in them, and the export's scope.
#include "manage/xapi.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "manage/test_attempts.h"
#include "store/database.h"
#include "store/test_data.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using nlohmann::json;
using testing::TempDir;

XapiAttempt Attempt(bool passed) {
  XapiAttempt a;
  a.attempt_id = 42;
  a.learner_key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  a.quiz_id = "coercive-control-awareness";
  a.quiz_version = "0123456789abcdef";
  a.quiz_title = "Coercive control awareness";
  a.organisation = "police";
  a.correct = passed ? 9 : 3;
  a.total = 10;
  a.passed = passed;
  a.created_at = 1798761600;  // 2027-01-01T00:00:00Z
  return a;
}

TEST(XapiTest, APassIsAStatementWithAnAccountActorAndAScore) {
  SiteConfig site = testing::TestSite();
  json s = XapiStatement(site, Attempt(true));
  EXPECT_TRUE(std::regex_match(s["id"].get<std::string>(),
                               std::regex("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                          "[0-9a-f]{12}")))
      << s["id"];
  EXPECT_EQ(s["actor"], json::parse(R"({"objectType":"Agent","account":{
      "homePage":"https://safeguarding.example.org/","name":"0f1e2d3c4b5a69788796a5b4c3d2e1f0"}})"));
  EXPECT_EQ(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
  EXPECT_EQ(s["verb"]["display"]["en-GB"], "passed");
  EXPECT_EQ(s["object"], json::parse(R"({"objectType":"Activity",
      "id":"https://safeguarding.example.org/quizzes/coercive-control-awareness/",
      "definition":{"type":"http://adlnet.gov/expapi/activities/assessment",
                    "name":{"en-GB":"Coercive control awareness"}}})"));
  EXPECT_EQ(s["result"], json::parse(R"({"score":{"scaled":0.9,"raw":9,"min":0,"max":10},
      "success":true,"completion":true})"));
  EXPECT_EQ(s["timestamp"], "2027-01-01T00:00:00Z");
  EXPECT_FALSE(s.contains("version")) << "the LRS sets it";
  EXPECT_EQ(s["context"]["platform"], "Bulletin");
  EXPECT_EQ(s["context"]["language"], "en-GB");
  EXPECT_EQ(s["context"]["extensions"], json::parse(R"({
      "https://safeguarding.example.org/xapi/extensions/quiz-version":"0123456789abcdef",
      "https://safeguarding.example.org/xapi/extensions/organisation":
          {"id":"police","name":"Riverside Police"}})"));
}

TEST(XapiTest, AFailIsFailedButStillComplete) {
  json s = XapiStatement(testing::TestSite(), Attempt(false));
  EXPECT_EQ(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/failed");
  EXPECT_EQ(s["result"]["success"], false);
  EXPECT_EQ(s["result"]["completion"], true);
  EXPECT_EQ(s["result"]["score"]["raw"], 3);
}

TEST(XapiTest, StatementIdsAreStablePerAttemptAndDistinctBetweenAttemptsAndSites) {
  SiteConfig site = testing::TestSite();
  XapiAttempt a = Attempt(true);
  std::string id = XapiStatementId(site, a);
  EXPECT_EQ(XapiStatementId(site, a), id);
  EXPECT_EQ(XapiStatement(site, a)["id"], id);
  XapiAttempt b = a;
  b.attempt_id = 43;
  EXPECT_NE(XapiStatementId(site, b), id);
  SiteConfig other = site;
  other.base_url = "https://other.example.org/";
  EXPECT_NE(XapiStatementId(other, a), id);
}

TEST(XapiTest, TheExportHoldsOnlyTheManagersOwnRosterStaff) {
  TempDir tmp;
  std::string path = tmp / "bulletin.db";
  testing::RecordAttempts(path, {{"sam@police.example", "police", true},
                                 {"ann@health.example", "health", true},
                                 {"ann@health.example", "health", false},
                                 {"walk-in@example.org", "police", true}});
  auto db = OpenDatabase(path);
  testing::AddStaff(*db, "Sam@Police.Example", "police");  // the roster's case differs
  testing::AddStaff(*db, "ann@health.example", "health");
  SiteConfig site = testing::TestSite();
  std::unique_ptr<DataLayer> data = testing::OpenTestData(path);
  auto XapiExport = [&](const std::string& organisation) {
    json out;
    std::string err;
    EXPECT_TRUE(bulletin::XapiExport(data->reports(), site, organisation, &out, &err)) << err;
    return out;
  };

  json police = XapiExport("police");
  ASSERT_EQ(police.size(), 1u) << police.dump(2);
  json health = XapiExport("health");
  ASSERT_EQ(health.size(), 2u);
  for (const json& s : health) {
    EXPECT_EQ(s["context"]["extensions"][XapiExtension(site, "organisation")]["id"], "health");
    EXPECT_NE(s["actor"], police[0]["actor"]);
  }
  EXPECT_EQ(health[0]["actor"], health[1]["actor"]) << "one learner, one account";
  EXPECT_TRUE(XapiExport("fire").empty());
  EXPECT_EQ(XapiExport("").size(), 4u) << "a partnership admin sees every attempt";

  // No email, in any case, anywhere in the export.
  std::string text = XapiExport("").dump();
  for (const char* email : {"sam@police", "Sam@Police", "ann@health", "walk-in"}) {
    EXPECT_EQ(text.find(email), std::string::npos) << email;
  }
}

}  // namespace
}  // namespace bulletin
