// Every site under tests/fixtures/invalid/ must fail to build, with the checks `bulletin
// build` runs (AddBuildChecks), with exactly the diagnostics in its expected.txt (paths
// relative to the fixture folder). identifying-details builds once its values are reviewed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "check/check_command.h"
#include "sitegen/site_builder.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::SourceDir;
using testing::TempDir;

std::vector<std::string> InvalidFixtures() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/tests/fixtures/invalid")) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class InvalidFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidFixtureTest, FailsWithExpectedDiagnostics) {
  const std::string dir = SourceDir() + "/tests/fixtures/invalid/" + GetParam();
  TempDir out;
  BuildOptions options;
  options.content_dir = dir + "/content";
  options.templates_dir = SourceDir() + "/templates";
  options.out_dir = out / "site";
  options.today = *Date::Parse("2026-01-01");
  AddBuildChecks(&options);
  RealFileSystem fs;
  Diagnostics diags;
  BuildStats stats;
  EXPECT_FALSE(BuildSite(fs, options, &diags, &stats));
  std::string actual = testing::ReplaceAll(diags.FormatAll(), dir + "/", "");
  if (std::getenv("BULLETIN_UPDATE_GOLDEN")) {
    std::ofstream(dir + "/expected.txt") << actual;
  }
  EXPECT_EQ(actual, ReadAll(dir + "/expected.txt"));
  EXPECT_FALSE(fs::exists(out / "site")) << "a failed build must not write the site";
}

// The same brief publishes once the author lists each deliberate value in `reviewed`, and the
// site the failed build left alone is replaced then.
TEST(IdentifyingDetailsFixtureTest, BuildsWhenTheValuesAreReviewed) {
  TempDir tmp;
  fs::copy(SourceDir() + "/tests/fixtures/invalid/identifying-details/content", tmp / "content",
           fs::copy_options::recursive);
  BuildOptions options;
  options.content_dir = tmp / "content";
  options.templates_dir = SourceDir() + "/templates";
  options.out_dir = tmp / "site";
  AddBuildChecks(&options);
  RealFileSystem fs;
  Diagnostics diags;
  BuildStats stats;
  EXPECT_FALSE(BuildSite(fs, options, &diags, &stats));
  const fs::path brief = tmp / "content/briefs/baby-r.md";
  std::string text = ReadAll(brief);
  text.replace(text.find("pseudonyms:"), 0,
               "reviewed: [\"DOB 14/04/2024\", \"HF2 7QT\", \"943 476 5919\", Kayden]\n");
  std::ofstream(brief) << text;
  Diagnostics again;
  EXPECT_TRUE(BuildSite(fs, options, &again, &stats)) << again.FormatAll();
  EXPECT_EQ(again.error_count(), 0) << again.FormatAll();
  EXPECT_TRUE(fs::exists(tmp / "site/briefs/baby-r/index.html"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidFixtureTest, ::testing::ValuesIn(InvalidFixtures()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace bulletin
