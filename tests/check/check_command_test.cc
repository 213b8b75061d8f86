// `bulletin check` on a fixture site with one of every problem, against the
// exact report in expected.txt (BULLETIN_UPDATE_GOLDEN=1 rewrites it), and
// `bulletin build`'s share.
#include "check/check_command.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sitegen/site_builder.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using testing::ReadAll;
using testing::ReplaceAll;
using testing::SourceDir;

const std::string kFixture = "/tests/fixtures/check/problems";

BuildOptions FixtureBuild() {
  BuildOptions build;
  build.content_dir = SourceDir() + kFixture + "/content";
  build.templates_dir = SourceDir() + "/templates";
  build.today = *Date::Parse("2026-01-01");
  return build;
}

TEST(CheckCommandTest, FixtureReportMatchesExpected) {
  RealFileSystem fs;
  std::ostringstream out, err;
  int status = RunCheckCommand(fs, FixtureBuild(), CheckCommandOptions(), out, err);
  EXPECT_EQ(status, 1);
  const std::string dir = SourceDir() + kFixture;
  std::string actual = ReplaceAll(err.str(), dir + "/", "");
  if (std::getenv("BULLETIN_UPDATE_GOLDEN")) std::ofstream(dir + "/expected.txt") << actual;
  EXPECT_EQ(actual, ReadAll(dir + "/expected.txt"));
  EXPECT_EQ(out.str(), "");
}

TEST(CheckCommandTest, JsonHasEveryFieldAndStrictMakesWarningsErrors) {
  RealFileSystem fs;
  CheckCommandOptions options;
  options.json = true;
  options.strict = true;
  options.reading_ease = true;
  std::ostringstream out, err;
  EXPECT_EQ(RunCheckCommand(fs, FixtureBuild(), options, out, err), 1);
  nlohmann::json report = nlohmann::json::parse(out.str());
  ASSERT_TRUE(report.is_array());
  ASSERT_FALSE(report.empty());
  int notes = 0;
  for (const auto& f : report) {
    for (const char* key : {"path", "line", "column", "severity", "kind", "message"}) {
      EXPECT_TRUE(f.contains(key)) << f.dump();
    }
    EXPECT_NE(f["severity"], "warning") << "--strict leaves no warnings";
    if (f["kind"] == "reading-ease") ++notes;
  }
  EXPECT_EQ(notes, 1);  // dense.md reads harder than plain English
}

// `bulletin build` runs the checks `bulletin check` runs (AddBuildChecks): broken links
// and identifying details in published briefs are errors, the rest warnings.
TEST(CheckCommandTest, BuildRunsTheChecksCheckRuns) {
  RealFileSystem fs;
  BuildOptions build = FixtureBuild();
  build.write = false;
  std::shared_ptr<BuildCheckTally> tally = AddBuildChecks(&build);
  Diagnostics diags;
  BuildStats stats;
  EXPECT_FALSE(BuildSite(fs, build, &diags, &stats));
  std::string text = diags.FormatAll();
  EXPECT_NE(text.find("links.md:15:15: error: '/briefs/details' needs a "
                      "trailing slash: use "
                      "/briefs/details/"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("details.md:13:16: error: '943 476 5919' looks like an NHS number"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("draft-brief.md:9:50: warning: 'jane.doe@example.org.uk'"), std::string::npos)
      << "a draft the build leaves out is warned about: " << text;
  EXPECT_NE(text.find("details.md:20:18: warning: 'Amy'"), std::string::npos)
      << "a guessed name is a warning: " << text;
  EXPECT_NE(text.find("lint.md:8:1: warning: a level 1 heading"), std::string::npos) << text;
  EXPECT_EQ(tally->hard_to_read, 1);
}

TEST(CheckCommandTest, SampleContentIsClean) {
  RealFileSystem fs;
  BuildOptions build;
  build.content_dir = SourceDir() + "/content";
  build.templates_dir = SourceDir() + "/templates";
  CheckCommandOptions options;
  options.json = true;
  std::ostringstream out, err;
  RunCheckCommand(fs, build, options, out, err);
  for (const auto& f : nlohmann::json::parse(out.str())) {
    EXPECT_EQ(f["severity"], "note") << f.dump();
  }
}

}  // namespace
}  // namespace bulletin
