#include "manage/roster.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>

#include <filesystem>

#include "gtest/gtest.h"
#include "store/database.h"
#include "store/test_data.h"

namespace bulletin {
namespace {

SiteConfig TwoOrganisations() {
  SiteConfig site;
  site.organisations = {{"police", "Northmoor Police"}, {"nhs-trust", "Dene NHS Trust"}};
  return site;
}

std::string Parse(std::string_view csv, Roster* roster, const std::string& only = "") {
  Diagnostics diags;
  bool ok = ParseRoster(csv, "roster.csv", TwoOrganisations(), only, &diags, roster);
  EXPECT_EQ(ok, !diags.HasErrors());
  return diags.FormatAll();
}

class RosterDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulletin-roster-XXXXXX");
    dir_ = mkdtemp(pattern.data());
    data_ = testing::OpenTestData((dir_ / "b.db").string());
    ASSERT_TRUE(data_);
  }
  void TearDown() override {
    data_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Imports `csv`; returns the diagnostics ("" on success).
  std::string Import(std::string_view csv, RosterPlan* plan, const std::string& only = "") {
    Roster roster;
    std::string errors = Parse(csv, &roster, only);
    if (!errors.empty()) return errors;
    Diagnostics diags;
    std::string err;
    EXPECT_NE(
        ImportRoster(data_->roster(), roster, "roster.csv", only, 1000, false, &diags, plan, &err),
        RosterOutcome::kUnavailable)
        << err;
    return diags.FormatAll();
  }
  std::vector<StaffMember> LoadStaff(const std::string& organisation) {
    std::vector<StaffMember> out;
    std::string err;
    EXPECT_TRUE(data_->roster().LoadStaff(organisation, &out, &err)) << err;
    return out;
  }
  std::filesystem::path dir_;
  std::unique_ptr<DataLayer> data_;
};

TEST(RosterTest, ReadsColumnsInAnyOrderAndCase) {
  Roster roster;
  EXPECT_EQ(Parse("Email,ROLE,name,Team,organisation\r\n"
                  " Jo.Bloggs@Example.org , Nurse,Jo Bloggs,Ward 3,nhs-trust\r\n",
                  &roster),
            "");
  ASSERT_EQ(roster.staff.size(), 1u);
  const StaffMember& m = roster.staff[0];
  EXPECT_EQ(m.email, "jo.bloggs@example.org");
  EXPECT_EQ(m.name, "Jo Bloggs");
  EXPECT_EQ(m.team, "Ward 3");
  EXPECT_EQ(m.role, "Nurse");
  EXPECT_EQ(m.line, 2);
  EXPECT_EQ(roster.organisations, std::vector<std::string>{"nhs-trust"});
}

TEST(RosterTest, ReportsUnknownAndMissingColumns) {
  Roster roster;
  EXPECT_EQ(Parse("name,emial,organisation,team\n", &roster),
            "roster.csv:1: error: unknown column 'emial'; did you mean 'email'? The columns "
            "are name, email, organisation, team, role\n"
            "roster.csv:1: error: no 'email' column; the first row must name the columns name, "
            "email, organisation, team, role (in any order)\n"
            "roster.csv:1: error: no 'role' column; the first row must name the columns name, "
            "email, organisation, team, role (in any order)\n");
}

TEST(RosterTest, ReportsEveryBadRowWithItsLine) {
  Roster roster;
  std::string errors = Parse(
      "name,email,organisation,team,role\n"
      "Jo Bloggs,jo@example.org,police,Response,Officer\n"
      ",not-an-email,polise,Response,Officer\n"
      "Sam Roe,JO@example.org,police,,\n"
      "Al \x1b[31m,al@example.org,Dene NHS Trust,Ward 1,Nurse\n"
      "Too,few\n"
      "Stray,st\"ray@example.org,police,,\n",
      &roster);
  EXPECT_EQ(errors,
            "roster.csv:3: error: 'name' is empty; fill it in\n"
            "roster.csv:3: error: 'not-an-email' is not an email address; write it like "
            "name@example.org.uk\n"
            "roster.csv:3: error: unknown organisation 'polise'; did you mean 'police'?\n"
            "roster.csv:4: error: jo@example.org is also on line 2; list each person once\n"
            "roster.csv:5: error: 'name' holds a control character or invisible formatting; "
            "retype it\n"
            "roster.csv:5: error: unknown organisation 'Dene NHS Trust'; did you mean "
            "'nhs-trust'?\n"
            "roster.csv:6: error: this row has 2 fields but the header has 5; a value holding "
            "a comma must be in double quotes\n"
            "roster.csv:7:9: error: a quote inside a field that does not start with a quote; "
            "put the whole field in quotes and write each quote inside it twice (\"\")\n");
}

TEST(RosterTest, AManagersImportNamesOnlyTheirOrganisation) {
  Roster roster;
  EXPECT_EQ(Parse("name,email,organisation,team,role\n"
                  "Jo Bloggs,jo@example.org,police,Response,Officer\n",
                  &roster, "nhs-trust"),
            "roster.csv:2: error: this row is for 'police', but this import is only for "
            "'nhs-trust'; remove the row, or ask the partnership administrator\n");
}

TEST_F(RosterDbTest, PlansAddsChangesAndRemovalsPerOrganisation) {
  RosterPlan plan;
  ASSERT_EQ(Import("name,email,organisation,team,role\n"
                   "Jo,jo@example.org,police,Response,Officer\n"
                   "Al,al@example.org,police,Response,Officer\n"
                   "Bea,bea@example.org,nhs-trust,Ward 1,Nurse\n",
                   &plan),
            "");
  EXPECT_EQ(PlanSummary(plan), "3 added, 0 changed, 0 removed, 0 unchanged");

  // A police-only file: Al leaves, Jo changes team, Cy joins; the NHS roster is untouched.
  ASSERT_EQ(Import("name,email,organisation,team,role\n"
                   "Jo,JO@example.org,police,CID,Officer\n"
                   "Cy,cy@example.org,police,CID,Officer\n",
                   &plan),
            "");
  EXPECT_EQ(PlanSummary(plan), "1 added, 1 changed, 1 removed, 0 unchanged");
  EXPECT_EQ(plan.changed[0].before.team, "Response");
  EXPECT_EQ(plan.removed[0].email, "al@example.org");
  std::vector<std::string> emails;
  for (const StaffMember& m : LoadStaff("")) emails.push_back(m.email);
  EXPECT_EQ(emails,
            (std::vector<std::string>{"bea@example.org", "cy@example.org", "jo@example.org"}));
}

TEST_F(RosterDbTest, AManagerCannotTakeAnotherOrganisationsStaff) {
  RosterPlan plan;
  ASSERT_EQ(Import("name,email,organisation,team,role\n"
                   "Bea,bea@example.org,nhs-trust,Ward 1,Nurse\n",
                   &plan),
            "");
  EXPECT_EQ(Import("name,email,organisation,team,role\n"
                   "Bea,bea@example.org,police,Response,Officer\n",
                   &plan, "police"),
            "roster.csv:2: error: bea@example.org is on another organisation's roster; ask "
            "the partnership administrator to move them\n");
  ASSERT_EQ(LoadStaff("nhs-trust").size(), 1u);  // nothing written
  EXPECT_TRUE(LoadStaff("police").empty());
}

TEST_F(RosterDbTest, RestrictedEmptyFileClearsThatOrganisation) {
  RosterPlan plan;
  ASSERT_EQ(Import("name,email,organisation,team,role\n"
                   "Jo,jo@example.org,police,Response,Officer\n",
                   &plan),
            "");
  ASSERT_EQ(Import("name,email,organisation,team,role\n", &plan, "police"), "");
  EXPECT_EQ(PlanSummary(plan), "0 added, 0 changed, 1 removed, 0 unchanged");
  EXPECT_TRUE(LoadStaff("police").empty());
}

}  // namespace
}  // namespace bulletin
