// `bulletin new theme "Name"`: site.yaml gains the theme, keeps the rest as written, and
// the site builds with it. And `--base-url` takes only an http(s) address.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::SourceDir;
using testing::TempDir;

testing::ShellResult RunBulletin(const std::string& cwd, const std::string& args) {
  return testing::RunShell("cd '" + cwd + "' && '" + std::string(BULLETIN_BINARY) + "' " + args +
                           " 2>&1");
}

TEST(NewThemeTest, AddsTheThemeToSiteYamlAndTheSiteBuildsWithIt) {
  TempDir tmp;
  fs::copy(SourceDir() + "/content", tmp / "content", fs::copy_options::recursive);
  fs::copy(SourceDir() + "/templates", tmp / "templates", fs::copy_options::recursive);
  const std::string before = ReadAll(tmp / "content/site.yaml");
  testing::ShellResult r = RunBulletin(tmp.path(), "new theme \"Neglect\"");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output,
            "added the theme 'neglect' to content/site.yaml; give it a description there, and "
            "use it in front matter as themes: [neglect]\n");
  std::string after = ReadAll(tmp / "content/site.yaml");
  const std::string added = "  - slug: neglect\n    name: Neglect\n";
  size_t at = after.find(added);
  ASSERT_NE(at, std::string::npos) << after;
  EXPECT_EQ(after.substr(0, at) + after.substr(at + added.size()), before);
  testing::ShellResult build = RunBulletin(tmp.path(), "build");
  EXPECT_EQ(build.status, 0) << build.output;
  EXPECT_TRUE(fs::exists(tmp / "site/themes/neglect/index.html"));

  testing::ShellResult again = RunBulletin(tmp.path(), "new theme \"NEGLECT\"");
  EXPECT_EQ(again.status, 1);
  EXPECT_EQ(again.output, "content/site.yaml: error: site.yaml already has the theme 'neglect'\n");
  EXPECT_EQ(ReadAll(tmp / "content/site.yaml"), after);
}

TEST(BaseUrlFlagTest, MustBeAnHttpAddress) {
  TempDir tmp;
  EXPECT_EQ(RunBulletin(tmp.path(), "build --base-url ftp://example.org/").status, 2);
  EXPECT_EQ(RunBulletin(tmp.path(), "serve --base-url learning.example.org").status, 2);
}

}  // namespace
}  // namespace bulletin
