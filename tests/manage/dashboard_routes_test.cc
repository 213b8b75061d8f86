// The /manage/ dashboard over real HTTP (libcurl) against a real server, the sample content,
// the real templates and a real SQLite file holding two organisations' staff and attempts.
// Sessions come from a stand-in gate keyed by a test header, so these tests are about what
// each handler shows to whom; signing in is tested with the accounts code.
#include "manage/dashboard_routes.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "content/content_tree.h"
#include "manage/csv.h"
#include "manage/roster.h"
#include "manage/roster_routes.h"
#include "quiz/quiz_parser.h"
#include "server/http_test_support.h"
#include "server/page_renderer.h"
#include "server/server.h"
#include "store/audit_log.h"
#include "store/database.h"
#include "store/store.h"
#include "store/test_data.h"
#include "support/test_support.h"
#include "templating/page_chrome.h"

namespace bulletin {
namespace {

const std::string kSource = BULLETIN_SOURCE_DIR;

// Picks the session named by the X-Test-Manager header; none: 403.
class HeaderGate : public ManagerGate {
 public:
  HttpHandler Page(ManagerHandler handler) const override {
    return [handler](const HttpRequest& request) {
      const std::string* who = request.headers.Find("X-Test-Manager");
      if (!who) return ErrorResponse(403);
      ManagerSession session;
      session.email = *who + "@example.org";
      session.organisation = *who == "admin" ? "" : *who;
      session.csrf_token = "token";
      return handler(request, session);
    };
  }
  HttpHandler Action(ManagerHandler handler) const override { return Page(handler); }
};

class DashboardRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RealFileSystem fs;
    Diagnostics diags;
    ASSERT_TRUE(LoadContentTree(fs, kSource + "/content", LoadOptions(), &diags, &content_))
        << diags.FormatAll();
    std::vector<Quiz> all;
    ASSERT_TRUE(LoadQuizzes(fs, kSource + "/content", content_, &diags, &all));
    for (Quiz& q : all) {
      if (!q.draft) quizzes_.push_back(std::move(q));
    }
    ASSERT_TRUE(templates_.Load(fs, kSource + "/templates", &diags)) << diags.FormatAll();
    db_path_ = (tmp_.root() / "data/bulletin.db").string();
    data_ = testing::OpenTestData(db_path_);
    ASSERT_TRUE(data_);
    Import(
        "name,email,organisation,team,role\n"
        "Alice Police,alice@police.example.org,police,Response,Officer\n"
        "Arthur Police,arthur@police.example.org,police,CID,\"=HYPERLINK(\"\"x\"\")\"\n"
        "Beth Nurse,beth@nhs.example.org,nhs-trust,Ward 1,Midwife\n"
        "Bill Porter,bill@nhs.example.org,nhs-trust,Ward 2,Porter\n");
    std::string err;
    store_ = &data_->attempts();
    Attempt("alice@police.example.org", "police", true);
    Attempt("beth@nhs.example.org", "nhs-trust", true);
    Attempt("stranger@police.example.org", "police", true);
    Attempt("visitor@nhs.example.org", "nhs-trust", false);
    audit_ = &data_->audit();
    engine_ = std::make_unique<ComplianceEngine>(&data_->reports(), content_.site, quizzes_, [] {
      return Date{2026, 6, 1};
    });
    pages_ = std::make_unique<PageRenderer>(content_.site, templates_,
                                            SiteChrome(content_.site, {}, 2026), true);
    routes_ = std::make_unique<DashboardRoutes>(content_.site, quizzes_, pages_.get(),
                                                &data_->reports(), engine_.get(), audit_);
    server_ = std::make_unique<Server>();
    routes_->AddTo(&server_->router(), gate_);
    roster_ =
        std::make_unique<RosterRoutes>(content_.site, routes_.get(), &data_->roster(), audit_);
    roster_->AddTo(&server_->router(), gate_);
    ServerOptions options = testing::TestOptions(tmp_.site());
    options.max_body_bytes = 64 * 1024;
    ASSERT_TRUE(server_->Start(options, &err)) << err;
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  void Import(const std::string& csv) {
    Diagnostics diags;
    Roster roster;
    ASSERT_TRUE(ParseRoster(csv, "roster.csv", content_.site, "", &diags, &roster))
        << diags.FormatAll();
    RosterPlan plan;
    std::string err;
    ASSERT_EQ(
        ImportRoster(data_->roster(), roster, "roster.csv", "", 0, false, &diags, &plan, &err),
        RosterOutcome::kDone)
        << err;
  }

  void Attempt(const std::string& email, const std::string& org, bool passed) {
    NewAttempt a;
    a.learner = {"Name of " + email, email, org, "Team"};
    a.quiz_id = "coercive-control-awareness";
    a.quiz_version = "v";
    a.quiz_title = "Coercive control awareness";
    a.answers_json = "{}";
    a.score = passed ? 100 : 20;
    a.passed = passed;
    a.created_at = 1780000000;  // 2026-05-28
    if (passed) {
      a.certificate_code = "CODE" + email;
      a.valid_until = "2027-05-28";
    }
    int64_t id;
    std::string err;
    ASSERT_TRUE(store_->RecordAttempt(a, &id, &err)) << err;
  }

  testing::HttpResult Get(const std::string& who, const std::string& path) {
    testing::FetchOptions options;
    options.headers = {"X-Test-Manager: " + who};
    return testing::Fetch(base_ + path, options);
  }

  testing::HttpResult Upload(const std::string& who, const std::string& csv) {
    const std::string boundary = "----bulletin-test-boundary";
    testing::FetchOptions options = testing::Method(
        "POST", "--" + boundary +
                    "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken\r\n--" +
                    boundary +
                    "\r\nContent-Disposition: form-data; name=\"roster\"; "
                    "filename=\"staff.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
                    csv + "\r\n--" + boundary + "--\r\n");
    options.headers = {"X-Test-Manager: " + who,
                       "Content-Type: multipart/form-data; boundary=" + boundary};
    return testing::Fetch(base_ + "/manage/roster", options);
  }

  testing::HttpResult Confirm(const std::string& who, const std::string& csv) {
    std::string body = "csrf=token&confirm=1&csv=";
    for (unsigned char c : csv) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      body += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : std::string(hex);
    }
    testing::FetchOptions options = testing::Method("POST", body);
    options.headers = {"X-Test-Manager: " + who, "Content-Type: application/x-www-form-urlencoded"};
    return testing::Fetch(base_ + "/manage/roster", options);
  }

  std::vector<std::string> Emails(const std::string& organisation) {
    std::vector<StaffMember> staff;
    std::string err;
    EXPECT_TRUE(data_->roster().LoadStaff(organisation, &staff, &err)) << err;
    std::vector<std::string> out;
    for (const StaffMember& m : staff) out.push_back(m.email);
    return out;
  }

  int64_t StaffId(const std::string& email) {
    auto db = OpenDatabase(db_path_, true);
    SQLite::Statement q(*db, "SELECT id FROM staff WHERE email = ?");
    q.bind(1, email);
    EXPECT_TRUE(q.executeStep());
    return q.getColumn(0).getInt64();
  }

  testing::TempSite tmp_;
  ContentTree content_;
  std::vector<Quiz> quizzes_;
  TemplateSet templates_;
  std::string db_path_;
  std::unique_ptr<DataLayer> data_;
  Store* store_ = nullptr;
  AuditLog* audit_ = nullptr;
  std::unique_ptr<ComplianceEngine> engine_;
  std::unique_ptr<PageRenderer> pages_;
  std::unique_ptr<DashboardRoutes> routes_;
  std::unique_ptr<RosterRoutes> roster_;
  HeaderGate gate_;
  std::unique_ptr<Server> server_;
  std::string base_;
};

TEST_F(DashboardRoutesTest, AManagerSeesTheirOrganisationsCompliance) {
  auto r = Get("nhs-trust", "/manage/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Hallowford and Dene NHS Foundation Trust"), std::string::npos);
  EXPECT_NE(r.body.find("<svg class=\"chart\" role=\"img\""), std::string::npos);
  EXPECT_NE(r.body.find("Ward 1: 1 compliant, 0 due soon, 0 overdue, 0 never completed."),
            std::string::npos);
  EXPECT_NE(r.body.find("Beth Nurse"), std::string::npos);
  EXPECT_NE(r.body.find("Bill Porter"), std::string::npos);
  EXPECT_EQ(r.body.find(" style="), std::string::npos);  // the CSP forbids inline styles
  EXPECT_EQ(r.headers["cache-control"], "no-store");
}

TEST_F(DashboardRoutesTest, FiltersTheStaffListByTeamAndStatus) {
  auto r = Get("nhs-trust", "/manage/?team=Ward+2&status=never");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Bill Porter"), std::string::npos);
  EXPECT_EQ(r.body.find(">Beth Nurse<"), std::string::npos);
  EXPECT_NE(r.body.find("<option value=\"Ward 2\" selected>"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/manage/export.csv?team=Ward%202&amp;status=never\""),
            std::string::npos);
}

TEST_F(DashboardRoutesTest, ExportsTheFilteredListAsCsvAndAuditsIt) {
  auto r = Get("police", "/manage/export.csv?status=never");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  EXPECT_EQ(r.headers["content-disposition"].rfind("attachment; filename=\"compliance-police-", 0),
            0u);
  EXPECT_EQ(r.body.rfind("\xEF\xBB\xBFname,email,", 0), 0u) << "a UTF-8 BOM, for Excel";
  Diagnostics diags;
  std::vector<CsvRecord> records;
  ASSERT_TRUE(ReadCsv(r.body, "export", &diags, &records)) << diags.FormatAll();
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[0].fields[0], "name");
  for (size_t i = 1; i < records.size(); ++i) {
    EXPECT_EQ(records[i].fields[2], "police");
    EXPECT_EQ(records[i].fields[7], "never");
  }
  EXPECT_NE(r.body.find("'=HYPERLINK"), std::string::npos);  // neutralised
  auto entries = audit_->Recent(5);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].action, "export-csv");
  EXPECT_EQ(entries[0].actor, "police@example.org");
  EXPECT_EQ(entries[0].organisation, "police");
}

TEST_F(DashboardRoutesTest, StaffHistoryListsAttempts) {
  auto r = Get("police", "/manage/staff/" + std::to_string(StaffId("alice@police.example.org")));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Alice Police"), std::string::npos);
  EXPECT_NE(r.body.find("Passed"), std::string::npos);
  EXPECT_NE(r.body.find("28 May 2027"), std::string::npos);
  EXPECT_NE(r.body.find("<th scope=\"row\">28 May 2026 at 20:26 UTC</th>"), std::string::npos)
      << "each attempt's time";
  EXPECT_NE(r.body.find("(<a href=\"/certificates/CODEalice@police.example.org\">certificate</a>)"),
            std::string::npos);
}

TEST_F(DashboardRoutesTest, AnExpiredPassSaysWhenItExpired) {
  NewAttempt a;
  a.learner = {"Arthur Police", "arthur@police.example.org", "police", "CID"};
  a.quiz_id = "coercive-control-awareness";
  a.quiz_version = "v";
  a.quiz_title = "Coercive control awareness";
  a.answers_json = "{}";
  a.score = 100;
  a.passed = true;
  a.created_at = 1740000000;  // 2025-02-19
  a.certificate_code = "CODEARTHUR";
  a.valid_until = "2026-03-03";
  int64_t id;
  std::string err;
  ASSERT_TRUE(store_->RecordAttempt(a, &id, &err)) << err;
  auto r = Get("police", "/manage/?status=overdue");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<td>Expired on 3 March 2026</td>"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("<td>3 March 2026</td>"), std::string::npos);
}

TEST_F(DashboardRoutesTest, UnmatchedListsPeopleNotOnTheRoster) {
  auto r = Get("police", "/manage/unmatched");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("stranger@police.example.org"), std::string::npos);
  EXPECT_EQ(r.body.find("alice@police.example.org"), std::string::npos);
  EXPECT_EQ(r.body.find("visitor@nhs.example.org"), std::string::npos);
}

TEST_F(DashboardRoutesTest, APartnershipAdminSeesTotalsPerOrganisationAndCanPickOne) {
  auto r = Get("admin", "/manage/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Totals per organisation"), std::string::npos);
  EXPECT_NE(r.body.find("Northmoor Police"), std::string::npos);
  EXPECT_NE(r.body.find("Alice Police"), std::string::npos);
  EXPECT_NE(r.body.find("Beth Nurse"), std::string::npos);
  r = Get("admin", "/manage/?organisation=police");
  EXPECT_NE(r.body.find("Alice Police"), std::string::npos);
  EXPECT_EQ(r.body.find("Beth Nurse"), std::string::npos);
  r = Get("admin", "/manage/unmatched");
  EXPECT_NE(r.body.find("visitor@nhs.example.org"), std::string::npos);
}

// A manager of the NHS trust asks for everything of the police: every route answers with
// the NHS trust's data or 404, and no police row appears in any body.
TEST_F(DashboardRoutesTest, AManagerNeverSeesAnotherOrganisationsRows) {
  const std::string alice = std::to_string(StaffId("alice@police.example.org"));
  const std::vector<std::string> paths = {
      "/manage/",
      "/manage/?organisation=police",
      "/manage/?organisation=police&team=Response",
      "/manage/?team=CID&status=never",
      "/manage/?organisation=police&page=1",
      "/manage/export.csv",
      "/manage/export.csv?organisation=police",
      "/manage/export.csv?team=Response&status=compliant",
      "/manage/staff/" + alice,
      "/manage/staff/" + alice + "?organisation=police",
      "/manage/unmatched",
      "/manage/unmatched?organisation=police",
  };
  for (const std::string& path : paths) {
    auto r = Get("nhs-trust", path);
    EXPECT_TRUE(r.status == 200 || r.status == 403 || r.status == 404) << path;
    for (const char* foreign : {"alice@police", "Alice Police", "arthur@police", "Arthur Police",
                                "stranger@police", "HYPERLINK"}) {
      EXPECT_EQ(r.body.find(foreign), std::string::npos) << path << " shows " << foreign;
    }
  }
  EXPECT_EQ(Get("nhs-trust", "/manage/staff/" + alice).status, 404);
}

TEST_F(DashboardRoutesTest, RosterUploadShowsEveryBadRowAndImportsNothing) {
  auto r = Upload("police",
                  "name,email,organisation,team,role\r\n"
                  "Cy,not-an-email,police,CID,Officer\r\n"
                  "Di,di@police.example.org,nhs-trust,CID,Officer\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("There is a problem"), std::string::npos);
  EXPECT_NE(r.body.find("<th scope=\"row\" class=\"table__num\">2</th>"), std::string::npos);
  EXPECT_NE(r.body.find("but this import is only for &apos;police&apos;"), std::string::npos)
      << r.body;
  EXPECT_EQ(Emails("police"),
            (std::vector<std::string>{"arthur@police.example.org", "alice@police.example.org"}));
}

TEST_F(DashboardRoutesTest, RosterUploadShowsThePlanThenImportsOnConfirm) {
  const std::string csv =
      "name,email,organisation,team,role\r\n"
      "Alice Police,alice@police.example.org,police,CID,Officer\r\n"
      "Cy New,cy@police.example.org,police,CID,Officer\r\n";
  auto r = Upload("police", csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("1 added, 1 changed, 1 removed, 0 unchanged"), std::string::npos);
  EXPECT_NE(r.body.find("arthur@police.example.org"), std::string::npos);  // to be removed
  EXPECT_EQ(Emails("police").size(), 2u);                                  // nothing yet
  r = Confirm("police", csv);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Roster updated"), std::string::npos);
  EXPECT_EQ(Emails("police"),
            (std::vector<std::string>{"alice@police.example.org", "cy@police.example.org"}));
  EXPECT_EQ(Emails("nhs-trust").size(), 2u);
  EXPECT_EQ(audit_->Recent(1)[0].action, "import-staff");
  // The dashboard sees the change at once.
  EXPECT_NE(Get("police", "/manage/").body.find("Cy New"), std::string::npos);
}

TEST_F(DashboardRoutesTest, RosterUploadCannotTakeAnotherOrganisationsStaff) {
  auto r = Confirm("police",
                   "name,email,organisation,team,role\n"
                   "Beth Nurse,beth@nhs.example.org,police,CID,Officer\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Emails("nhs-trust").size(), 2u);
}

}  // namespace
}  // namespace bulletin
