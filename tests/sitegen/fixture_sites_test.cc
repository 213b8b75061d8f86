// Every site under tests/fixtures/invalid/ must fail to build with exactly the
// diagnostics in its expected.txt (paths relative to the fixture folder).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

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

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidFixtureTest, ::testing::ValuesIn(InvalidFixtures()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace bulletin
