// Runs the real `bulletin admin import-staff`, `assign` and `unassign` on a real database.
#include <gtest/gtest.h>

#include <filesystem>

#include "server/http_test_support.h"
#include "store/audit_log.h"
#include "store/test_data.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

class AdminStaffTest : public ::testing::Test {
 protected:
  testing::ShellResult Admin(const std::string& args) {
    return testing::RunShell("cd '" + tmp_.path() + "' && '" + std::string(BULLETIN_BINARY) +
                             "' admin --content '" + testing::SourceDir() + "/content' " + args +
                             " 2>&1");
  }
  void Write(const std::string& name, const std::string& text) {
    testing::WriteFile(std::filesystem::path(tmp_.path()) / name, text);
  }
  testing::TempDir tmp_;
};

TEST_F(AdminStaffTest, ImportReportsEveryBadRowAndWritesNothing) {
  Write("roster.csv",
        "name,email,organisation,team,role\n"
        "Jo,jo@example.org,police,CID,Officer\n"
        "Al,al@example,polise,CID,Officer\n"
        "Bo,\"bo\"x@example.org,police,,\n");
  testing::ShellResult r = Admin("import-staff roster.csv");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.output,
            "roster.csv:3: error: 'al@example' is not an email address; write it like "
            "name@example.org.uk\n"
            "roster.csv:3: error: unknown organisation 'polise'; did you mean 'police'?\n"
            "roster.csv:4:8: error: text after the closing quote of a field; put the whole field "
            "in quotes and write each quote inside it twice (\"\")\n"
            "nothing was imported: fix every row above and run the import again\n");
}

TEST_F(AdminStaffTest, DryRunShowsThePlanThenImportApplies) {
  Write("roster.csv",
        "name,email,organisation,team,role\n"
        "Jo,jo@example.org,police,CID,Officer\n");
  testing::ShellResult r = Admin("import-staff --dry-run roster.csv");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output,
            "  + jo@example.org  Jo (police, CID, Officer)\n"
            "rosters of police: 1 added, 0 changed, 0 removed, 0 unchanged (dry run: nothing "
            "was changed)\n");
  r = Admin("import-staff roster.csv");
  EXPECT_EQ(r.status, 0) << r.output;
  r = Admin("import-staff roster.csv");
  EXPECT_EQ(r.output, "rosters of police: 0 added, 0 changed, 0 removed, 1 unchanged\n");
  EXPECT_EQ(testing::RecentAudit(tmp_ / "data/bulletin.db", 1)[0].action, "import-staff");
}

TEST_F(AdminStaffTest, AssignChecksTheQuizAndUnassignRemoves) {
  testing::ShellResult r = Admin("assign --quiz coercive-control-awarenes");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output,
            "bulletin admin assign: --quiz 'coercive-control-awarenes' is not a server-graded "
            "quiz; did you mean 'coercive-control-awareness'?\n");
  r = Admin("assign --quiz coercive-control-awareness --organisation police --role Sergeant");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "assignment 1: coercive-control-awareness for police, role Sergeant\n");
  EXPECT_EQ(Admin("assignments").output,
            "1: coercive-control-awareness for police, role Sergeant\n");
  EXPECT_EQ(Admin("unassign 1").status, 0);
  EXPECT_EQ(Admin("unassign 1").status, 1);
}

}  // namespace
}  // namespace bulletin
