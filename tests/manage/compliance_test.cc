#include "manage/compliance.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>

#include <filesystem>

#include "gtest/gtest.h"
#include "store/database.h"
#include "store/store.h"
#include "store/test_data.h"

namespace bulletin {
namespace {

const Date kToday{2026, 6, 1};

class ComplianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulletin-comp-XXXXXX");
    dir_ = mkdtemp(pattern.data());
    db_path_ = (dir_ / "b.db").string();
    db_ = OpenDatabase(db_path_);
    data_ = testing::OpenTestData(db_path_);
    ASSERT_TRUE(data_);
    std::string err;
    store_ = OpenSqliteStore(db_path_, &err);
    ASSERT_TRUE(store_) << err;
    site_.organisations = {{"police", "Police"}, {"nhs", "NHS"}};
    AssignmentRule everyone;
    everyone.quizzes = {"dv"};
    AssignmentRule nurses;
    nurses.quizzes = {"cc"};
    nurses.roles = {"NURSE"};
    site_.assignments = {everyone, nurses};
    for (const char* id : {"dv", "cc", "self"}) {
      Quiz q;
      q.id = id;
      q.title = std::string("Quiz ") + id;
      q.grading = std::string(id) == "self" ? Grading::kSelfCheck : Grading::kServer;
      quizzes_.push_back(q);
    }
  }
  void TearDown() override {
    data_.reset();
    store_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void AddStaff(const std::string& name, const std::string& email, const std::string& org,
                const std::string& team, const std::string& role) {
    SQLite::Statement q(*db_,
                        "INSERT INTO staff(name, email, organisation, team, role, created_at, "
                        "updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)");
    q.bind(1, name);
    q.bind(2, email);
    q.bind(3, org);
    q.bind(4, team);
    q.bind(5, role);
    q.exec();
  }
  void Pass(const std::string& email, const std::string& quiz, const std::string& valid_until,
            bool passed = true) {
    NewAttempt a;
    a.learner = {"Someone", email, "police", "Team"};
    a.quiz_id = quiz;
    a.quiz_version = "v";
    a.quiz_title = quiz;
    a.answers_json = "{}";
    a.passed = passed;
    a.created_at = 1000;
    if (passed) {
      a.certificate_code = "CODE" + std::to_string(++codes_);
      a.valid_until = valid_until;
    }
    int64_t id;
    std::string err;
    ASSERT_TRUE(store_->RecordAttempt(a, &id, &err)) << err;
  }
  std::string Statuses(ComplianceEngine& engine, ComplianceFilter filter = {}) {
    std::string out;
    for (const ComplianceRow& r : engine.View(filter).rows) {
      out += r.email + " " + r.quiz_id + " " + StatusId(r.status) + " " + r.valid_until + "\n";
    }
    return out;
  }

  std::filesystem::path dir_;
  std::string db_path_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<DataLayer> data_;
  SiteConfig site_;
  std::vector<Quiz> quizzes_;
  int codes_ = 0;
};

TEST_F(ComplianceTest, EachAssignedQuizHasAStatusFromTheLatestPass) {
  AddStaff("Ann", "ann@example.org", "nhs", "Ward 1", "Nurse");
  AddStaff("Bob", "Bob@Example.org", "nhs", "Ward 1", "Porter");
  AddStaff("Cat", "cat@example.org", "police", "CID", "Officer");
  Pass("ann@example.org", "dv", "2027-01-01");
  Pass("ann@example.org", "cc", "2026-06-20");         // within 30 days
  Pass("bob@example.org", "dv", "2026-01-01");         // expired
  Pass("bob@example.org", "dv", "2026-05-31", false);  // a later fail changes nothing
  Pass("cat@example.org", "cc", "2027-01-01");         // not assigned to Cat
  ComplianceEngine engine(&data_->reports(), site_, quizzes_, [] { return kToday; });
  EXPECT_EQ(Statuses(engine),
            "ann@example.org dv compliant 2027-01-01\n"
            "ann@example.org cc due-soon 2026-06-20\n"
            "bob@example.org dv overdue 2026-01-01\n"
            "cat@example.org dv never \n");
}

TEST_F(ComplianceTest, SeesNewAttemptsAndRosterChanges) {
  AddStaff("Ann", "ann@example.org", "nhs", "Ward 1", "Porter");
  ComplianceEngine engine(&data_->reports(), site_, quizzes_, [] { return kToday; });
  EXPECT_EQ(Statuses(engine), "ann@example.org dv never \n");
  Pass("ann@example.org", "dv", "2027-01-01");
  EXPECT_EQ(Statuses(engine), "ann@example.org dv compliant 2027-01-01\n");
  db_->exec("UPDATE staff SET role = 'nurse'");
  EXPECT_EQ(Statuses(engine),
            "ann@example.org dv compliant 2027-01-01\n"
            "ann@example.org cc never \n");
  db_->exec("DELETE FROM certificates");  // as a purge would
  EXPECT_EQ(Statuses(engine),
            "ann@example.org dv never \n"
            "ann@example.org cc never \n");
  db_->exec(
      "INSERT INTO assignments(quiz_id, organisation, team, role, created_at) "
      "VALUES ('self', '', '', '', 0), ('cc', 'police', '', '', 0)");
  db_->exec("DELETE FROM staff");
  EXPECT_EQ(Statuses(engine), "");
}

TEST_F(ComplianceTest, FiltersPagesAndCountsPerTeamOrOrganisation) {
  AddStaff("Ann", "ann@example.org", "nhs", "Ward 1", "Porter");
  AddStaff("Bea", "bea@example.org", "nhs", "Ward 2", "Porter");
  AddStaff("Cy", "cy@example.org", "nhs", "Ward 2", "Porter");
  AddStaff("Di", "di@example.org", "police", "CID", "Officer");
  Pass("bea@example.org", "dv", "2027-01-01");
  ComplianceEngine engine(&data_->reports(), site_, quizzes_, [] { return kToday; });

  ComplianceFilter nhs;
  nhs.organisation = "nhs";
  ComplianceView view = engine.View(nhs);
  EXPECT_EQ(view.staff_count, 3u);
  EXPECT_EQ(view.teams, (std::vector<std::string>{"Ward 1", "Ward 2"}));
  ASSERT_EQ(view.quizzes.size(), 1u);
  EXPECT_EQ(view.quizzes[0].counts.of(ComplianceStatus::kNever), 2);
  ASSERT_EQ(view.quizzes[0].groups.size(), 2u);
  EXPECT_EQ(view.quizzes[0].groups[1].key, "Ward 2");
  EXPECT_EQ(view.quizzes[0].groups[1].counts.of(ComplianceStatus::kCompliant), 1);
  EXPECT_TRUE(view.organisations.empty());

  nhs.team = "Ward 2";
  nhs.has_status = true;
  nhs.status = ComplianceStatus::kNever;
  EXPECT_EQ(Statuses(engine, nhs), "cy@example.org dv never \n");

  ComplianceFilter page;
  page.offset = 1;
  page.limit = 2;
  view = engine.View(page);
  EXPECT_EQ(view.total_rows, 4u);
  ASSERT_EQ(view.rows.size(), 2u);
  EXPECT_EQ(view.rows[0].email, "bea@example.org");
  ASSERT_EQ(view.organisations.size(), 2u);
  EXPECT_EQ(view.organisations[0].key, "police");
  EXPECT_EQ(view.organisations[0].counts.total(), 1);
  EXPECT_EQ(view.organisations[1].counts.total(), 3);
  EXPECT_EQ(view.quizzes[0].groups[0].key, "nhs");
}

TEST(ComplianceStatusTest, WindowEdges) {
  EXPECT_EQ(StatusOf(0, 100, 30), ComplianceStatus::kNever);
  EXPECT_EQ(StatusOf(99, 100, 30), ComplianceStatus::kOverdue);
  EXPECT_EQ(StatusOf(100, 100, 30), ComplianceStatus::kDueSoon);
  EXPECT_EQ(StatusOf(130, 100, 30), ComplianceStatus::kDueSoon);
  EXPECT_EQ(StatusOf(131, 100, 30), ComplianceStatus::kCompliant);
  ComplianceStatus s;
  EXPECT_TRUE(ParseStatusId("due-soon", &s));
  EXPECT_EQ(s, ComplianceStatus::kDueSoon);
  EXPECT_FALSE(ParseStatusId("Due soon", &s));
}

}  // namespace
}  // namespace bulletin
