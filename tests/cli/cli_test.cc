// Runs the real `bulletin` binary: exit statuses, `new`, `check`.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::SourceDir;
using testing::TempDir;

using Result = testing::ShellResult;

// Runs `bulletin ARGS` in `cwd` through the shell.
Result RunBulletin(const std::string& cwd, const std::string& args) {
  return testing::RunShell("cd '" + cwd + "' && '" + std::string(BULLETIN_BINARY) + "' " + args +
                           " 2>&1");
}

TEST(CliTest, UsageErrorsExitTwo) {
  TempDir tmp;
  EXPECT_EQ(RunBulletin(tmp.path(), "").status, 2);
  EXPECT_EQ(RunBulletin(tmp.path(), "frobnicate").status, 2);
  EXPECT_EQ(RunBulletin(tmp.path(), "build --no-such-flag").status, 2);
  EXPECT_EQ(RunBulletin(tmp.path(), "serve --port 99999").status, 2);
  EXPECT_EQ(RunBulletin(tmp.path(), "new essay \"Title\"").status, 2);
  EXPECT_EQ(RunBulletin(tmp.path(), "--help").status, 0);
}

TEST(CliTest, VersionIsTheProjectVersionInCMakeLists) {
  // project(bulletin VERSION x.y.z ...) in the top CMakeLists.txt is the one place it is set.
  std::string cmake = ReadAll(SourceDir() + "/CMakeLists.txt");
  size_t at = cmake.find("project(bulletin VERSION ");
  ASSERT_NE(at, std::string::npos);
  at += std::string("project(bulletin VERSION ").size();
  std::string version = cmake.substr(at, cmake.find_first_of(" )", at) - at);
  TempDir tmp;
  Result r = RunBulletin(tmp.path(), "--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.output, "bulletin " + version + "\n");
}

TEST(CliTest, ContentErrorsExitOneAndAreAllReported) {
  TempDir tmp;
  fs::copy(SourceDir() + "/tests/fixtures/invalid/front-matter/content", tmp / "content",
           fs::copy_options::recursive);
  fs::copy(SourceDir() + "/templates", tmp / "templates", fs::copy_options::recursive);
  Result r = RunBulletin(tmp.path(), "build");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("content/briefs/fields.md:3:7: error: 'date' is not a date"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("content/pages/about.md:3:1: error: unknown field 'date'"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("build failed; site/ was left as it was"), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp / "site"));
}

// An identifying detail stops `bulletin build`: exit 1, every detail named at
// file:line:col, and the site the last build published left exactly as it was.
TEST(CliTest, IdentifyingDetailsStopAPublishAndLeaveTheSite) {
  TempDir tmp;
  fs::copy(SourceDir() + "/tests/fixtures/valid/minimal/content", tmp / "content",
           fs::copy_options::recursive);
  fs::copy(SourceDir() + "/templates", tmp / "templates", fs::copy_options::recursive);
  ASSERT_EQ(RunBulletin(tmp.path(), "build").status, 0);
  std::string home = ReadAll(tmp / "site/index.html");
  fs::copy(SourceDir() + "/tests/fixtures/invalid/identifying-details/content/briefs/baby-r.md",
           tmp / "content/briefs/baby-r.md");
  Result r = RunBulletin(tmp.path(), "build");
  EXPECT_EQ(r.status, 1) << r.output;
  for (const char* line :
       {"content/briefs/baby-r.md:11:65: error: 'DOB 14/04/2024' looks like a date of birth",
        "content/briefs/baby-r.md:12:35: error: 'HF2 7QT' looks like a UK postcode",
        "content/briefs/baby-r.md:13:36: error: '943 476 5919' looks like an NHS number",
        "list it exactly in the front matter: reviewed: [\"943 476 5919\"]",
        "build failed; site/ was left as it was"}) {
    EXPECT_NE(r.output.find(line), std::string::npos) << line << " in:\n" << r.output;
  }
  EXPECT_FALSE(fs::exists(tmp / "site/briefs/baby-r"));
  EXPECT_EQ(ReadAll(tmp / "site/index.html"), home);
  // `bulletin check` finds the same errors.
  Result check = RunBulletin(tmp.path(), "check");
  EXPECT_EQ(check.status, 1);
  EXPECT_NE(check.output.find("baby-r.md:13:36: error: '943 476 5919'"), std::string::npos)
      << check.output;
}

// The reading-ease notes are one line in build and check; --reading-ease lists them.
TEST(CliTest, ReadingEaseIsOneSummaryLineUnlessAsked) {
  TempDir tmp;
  fs::copy(SourceDir() + "/tests/fixtures/valid/minimal/content", tmp / "content",
           fs::copy_options::recursive);
  fs::copy(SourceDir() + "/templates", tmp / "templates", fs::copy_options::recursive);
  for (const char* name : {"dense-one", "dense-two"}) {
    std::ofstream(tmp / (std::string("content/briefs/") + name + ".md"))
        << "---\ntitle: Dense\ndate: 2024-01-01\nreview_type: CSPR\n"
        << "themes: [supervision]\nsummary: Hard going.\n---\n## Learning\n\n"
        << "Interagency institutional accountability necessitates comprehensive "
           "organisational documentation. Multidisciplinary safeguarding "
           "considerations necessitate collaborative professional responsibility.\n";
  }
  const std::string summary =
      "2 files read harder than plain English (reading ease under 60); `bulletin check "
      "--reading-ease` lists them\n";
  Result build = RunBulletin(tmp.path(), "build");
  EXPECT_EQ(build.status, 0) << build.output;
  EXPECT_NE(build.output.find(summary), std::string::npos) << build.output;
  EXPECT_EQ(build.output.find("note: reading ease"), std::string::npos) << build.output;
  Result check = RunBulletin(tmp.path(), "check");
  EXPECT_NE(check.output.find(summary), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("note: reading ease"), std::string::npos) << check.output;
  Result detail = RunBulletin(tmp.path(), "check --reading-ease");
  EXPECT_EQ(detail.output.find(summary), std::string::npos) << detail.output;
  for (const char* name : {"dense-one.md:1:1: note: reading ease ", "dense-two.md:1:1: note: "}) {
    EXPECT_NE(detail.output.find(name), std::string::npos) << detail.output;
  }
}

TEST(CliTest, BuildAndCheckUseCurrentFolderByDefault) {
  TempDir tmp;
  fs::copy(SourceDir() + "/tests/fixtures/valid/minimal/content", tmp / "content",
           fs::copy_options::recursive);
  fs::copy(SourceDir() + "/templates", tmp / "templates", fs::copy_options::recursive);
  Result check = RunBulletin(tmp.path(), "check");
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_FALSE(fs::exists(tmp / "site"));
  Result build = RunBulletin(tmp.path(), "build");
  EXPECT_EQ(build.status, 0) << build.output;
  EXPECT_TRUE(fs::exists(tmp / "site/index.html"));
  Result other = RunBulletin(tmp.path(), "build --out public --drafts");
  EXPECT_EQ(other.status, 0) << other.output;
  EXPECT_TRUE(fs::exists(tmp / "public/briefs/old-draft/index.html"));
}

// Captured output is not a terminal, so a large build reports plain lines at each
// quarter of a stage (no carriage returns to garble a log) and still ends with the summary.
TEST(CliTest, LargeBuildShowsPlainProgressLinesWhenNotATerminal) {
  TempDir tmp;
  fs::copy(SourceDir() + "/tests/fixtures/valid/minimal/content", tmp / "content",
           fs::copy_options::recursive);
  fs::copy(SourceDir() + "/templates", tmp / "templates", fs::copy_options::recursive);
  for (int i = 0; i < 400; ++i) {
    std::ofstream(tmp / ("content/briefs/many-" + std::to_string(i) + ".md"))
        << "---\ntitle: Brief " << i << "\ndate: 2024-01-01\nreview_type: CSPR\n"
        << "themes: [supervision]\nsummary: One of many.\n---\n## Learning\n\nText.\n";
  }
  Result r = RunBulletin(tmp.path(), "build");
  ASSERT_EQ(r.status, 0) << r.output;
  // 407 documents: the 400 above and the fixture's seven, two of them (a draft and a
  // withdrawn brief) not published, so 405 are rendered with their pages (the other two,
  // checked on their own, are too few for a progress line).
  for (const char* line : {"rendering 102/405\n", "rendering 203/405\n", "rendering 304/405\n",
                           "rendering 405/405\n"}) {
    EXPECT_NE(r.output.find(line), std::string::npos) << line << " in:\n" << r.output;
  }
  EXPECT_EQ(r.output.find('\r'), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("built "), std::string::npos) << r.output;

  // A small site shows no progress at all.
  for (int i = 0; i < 400; ++i)
    fs::remove(tmp / ("content/briefs/many-" + std::to_string(i) + ".md"));
  Result small = RunBulletin(tmp.path(), "build");
  ASSERT_EQ(small.status, 0) << small.output;
  EXPECT_EQ(small.output.find("rendering "), std::string::npos) << small.output;
}

TEST(CliTest, NewWritesValidFilesAndRefusesToOverwrite) {
  TempDir tmp;
  fs::copy(SourceDir() + "/tests/fixtures/valid/minimal/content", tmp / "content",
           fs::copy_options::recursive);
  fs::copy(SourceDir() + "/templates", tmp / "templates", fs::copy_options::recursive);
  for (const char* kind : {"brief", "bulletin", "page"}) {
    Result r =
        RunBulletin(tmp.path(), std::string("new ") + kind + " \"Child Q: what: we " + kind + "\"");
    EXPECT_EQ(r.status, 0) << r.output;
  }
  EXPECT_EQ(RunBulletin(tmp.path(), "new quiz \"Coercive control awareness\"").status, 0);
  EXPECT_TRUE(fs::exists(tmp / "content/briefs/child-q-what-we-brief.md"));
  EXPECT_TRUE(fs::exists(tmp / "content/quizzes/coercive-control-awareness.md"));
  std::string brief = ReadAll(tmp / "content/briefs/child-q-what-we-brief.md");
  EXPECT_NE(brief.find("title: \"Child Q: what: we brief\""), std::string::npos);
  EXPECT_NE(brief.find("themes: [domestic-abuse]"), std::string::npos) << "first theme of the site";

  // New briefs are drafts: they build with --drafts, and without it stay out of the site.
  Result build = RunBulletin(tmp.path(), "build --drafts");
  EXPECT_EQ(build.status, 0) << build.output;
  EXPECT_TRUE(fs::exists(tmp / "site/briefs/child-q-what-we-brief/index.html"));
  EXPECT_TRUE(fs::exists(tmp / "site/pages/child-q-what-we-page/index.html"));

  std::ofstream(tmp / "content/briefs/child-q-what-we-brief.md") << "edited";
  Result again = RunBulletin(tmp.path(), "new brief \"Child Q: what: we brief\"");
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.output.find("already exists"), std::string::npos);
  EXPECT_EQ(ReadAll(tmp / "content/briefs/child-q-what-we-brief.md"), "edited");
  // A bulletin may not take a brief's name either: they share one set of addresses.
  Result clash = RunBulletin(tmp.path(), "new bulletin \"Child Q: what: we brief\"");
  EXPECT_EQ(clash.status, 1);
  EXPECT_NE(clash.output.find("content/briefs/child-q-what-we-brief.md: error: already exists"),
            std::string::npos)
      << clash.output;
}

}  // namespace
}  // namespace bulletin
