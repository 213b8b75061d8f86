// `bulletin serve --watch` checks internal links after every save with a memo of what each
// document's links gave last time; what it reports must be what a clean build reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "check/check_command.h"
#include "sitegen/incremental.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::ReplaceAll;
using testing::SourceDir;
using testing::TempDir;

std::string LinkingBrief(int n, const std::string& link) {
  return "---\ntitle: \"Linking brief " + std::to_string(n) + "\"\ndate: 2025-03-1" +
         std::to_string(n % 10) + "\nreview_type: CSPR\nthemes: [domestic-abuse]\nsummary: Brief " +
         std::to_string(n) + ".\n---\n\n## What happened\n\nSee [the other brief](" + link + ").\n";
}

class LinkMemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(SourceDir() + "/content", tmp_ / "content", fs::copy_options::recursive);
    for (int n = 0; n < 6; ++n) {
      Write(n, LinkingBrief(n, "/briefs/linked-" + std::to_string((n + 1) % 6) + "/"));
    }
    options_.content_dir = tmp_ / "content";
    options_.templates_dir = SourceDir() + "/templates";
    options_.out_dir = tmp_ / "site";
    options_.today = *Date::Parse("2026-06-01");
    BuildOptions watched = options_;
    watched.inspect = InternalLinkInspector(/*remember=*/true);
    build_ = std::make_unique<IncrementalBuild>(fs_, watched);
    Diagnostics diags;
    IncrementalStats stats;
    build_->Rebuild(&diags, &stats);
    ExpectSameAsClean("first build", diags);
  }

  std::string Path(int n) { return tmp_ / ("content/briefs/linked-" + std::to_string(n) + ".md"); }
  void Write(int n, const std::string& text) { std::ofstream(Path(n)) << text; }

  void Step(const std::string& step, int n) {
    Diagnostics diags;
    IncrementalStats stats;
    build_->Update({Path(n)}, &diags, &stats);
    build_->WaitForSearchIndex(&diags);
    ExpectSameAsClean(step, diags);
  }

  void ExpectSameAsClean(const std::string& step, const Diagnostics& got) {
    BuildOptions clean = options_;
    clean.out_dir = tmp_ / "clean";
    clean.inspect = InternalLinkInspector();
    Diagnostics want;
    BuildStats stats;
    BuildSite(fs_, clean, &want, &stats);
    EXPECT_EQ(got.FormatAll(), want.FormatAll()) << step;
    fs::remove_all(clean.out_dir);
  }

  TempDir tmp_;
  RealFileSystem fs_;
  BuildOptions options_;
  std::unique_ptr<IncrementalBuild> build_;
};

TEST_F(LinkMemoTest, ReportsWhatACleanBuildReportsAfterEachSave) {
  Write(2, LinkingBrief(2, "/briefs/linked-9/"));
  Step("a link to a brief that does not exist", 2);
  Write(2, LinkingBrief(2, "/briefs/linked-3/"));
  Step("the link fixed", 2);

  // Others' links break when the brief they point to goes, and mend when it is back.
  std::string four = ReadAll(Path(4));
  fs::remove(Path(4));
  Step("a linked brief deleted", 4);
  Write(4, four);
  Step("the brief restored", 4);
  Write(4, ReplaceAll(four, "summary:", "withdrawn: true\nsummary:"));
  Step("the linked brief withdrawn", 4);
  Write(4, four);
  Step("withdrawal undone", 4);

  // Anchors: the target's headings change while the linking brief does not.
  Write(1, LinkingBrief(1, "/briefs/linked-2/#what-happened"));
  Step("a link to an anchor", 1);
  Write(2, ReplaceAll(LinkingBrief(2, "/briefs/linked-3/"), "## What happened", "## Events"));
  Step("the anchor renamed on the target", 2);
  Write(2, LinkingBrief(2, "/briefs/linked-3/"));
  Step("the anchor back", 2);
}

}  // namespace
}  // namespace bulletin
