#include "sitegen/incremental.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "check/check_command.h"
#include "core/hash.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::ReplaceAll;
using testing::SourceDir;
using testing::TempDir;

const char* const kThemes[] = {"domestic-abuse", "coercive-control", "professional-curiosity",
                               "hidden-men",     "supervision",      "mental-health",
                               "risk-assessment"};

// A small generated brief: themes and dates vary, so related lists overlap and tie.
std::string GeneratedBrief(int n, const std::string& title_suffix = "") {
  std::string themes = kThemes[n % 7];
  if (n % 3 == 0) themes += std::string(", ") + kThemes[(n + 2) % 7];
  if (n % 4 == 0) themes += std::string(", ") + kThemes[(n + 5) % 7];
  std::string day = std::to_string(10 + n % 5);
  return "---\ntitle: \"Generated brief " + std::to_string(n) + title_suffix +
         "\"\ndate: 2025-03-" + day + "\nreview_type: CSPR\nthemes: [" + themes +
         "]\naudience: [Police]\nsummary: Brief number " + std::to_string(n) +
         ".\n---\n\n## What happened\n\nText of brief " + std::to_string(n) +
         " about [another brief](/briefs/generated-" + std::to_string((n + 1) % 12) +
         "/#what-happened).\n\n> [!THINK]\n> What would you ask in case " + std::to_string(n) +
         "?\n\n> [!KEY]\n> Key message " + std::to_string(n) + ".\n";
}

// Every file under `dir` with its bytes.
std::map<std::string, std::string> Tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = ReadAll(e.path());
  }
  return out;
}

// Each test runs twice: with the watch's build, which stays in memory between updates
// (IncrementalBuild), and with `bulletin build` run again and again over the cache it leaves
// beside the site (BuildOptions::cache).
enum class Builder { kWatch, kCachedBuild };

class IncrementalTest : public ::testing::TestWithParam<Builder> {
 protected:
  bool cached() const { return GetParam() == Builder::kCachedBuild; }

  void SetUp() override {
    fs::copy(SourceDir() + "/content", tmp_ / "content", fs::copy_options::recursive);
    fs::copy(SourceDir() + "/templates", tmp_ / "templates", fs::copy_options::recursive);
    for (int n = 0; n < 12; ++n) Write(Brief("generated-" + std::to_string(n)), GeneratedBrief(n));
    options_.content_dir = tmp_ / "content";
    options_.templates_dir = tmp_ / "templates";
    options_.out_dir = tmp_ / "site";
    options_.today = *Date::Parse("2026-06-01");
    if (cached()) {
      ASSERT_TRUE(BuildAgain()) << diags_.FormatAll();
    } else {
      build_ = std::make_unique<IncrementalBuild>(fs_, options_);
      ASSERT_TRUE(build_->Rebuild(&diags_, &stats_)) << diags_.FormatAll();
    }
    ExpectSameAsCleanBuild("first build");
  }

  // `bulletin build` over the cache the last one left.
  bool BuildAgain() {
    BuildOptions again = options_;
    again.cache = true;
    BuildStats stats;
    diags_ = Diagnostics();
    bool ok = BuildSite(fs_, again, &diags_, &stats);
    stats_ = IncrementalStats();
    stats_.reloaded = stats.rendered == stats.pages;
    stats_.pages_rendered = stats.rendered;
    stats_.build = stats;
    return ok;
  }

  void SetToday(Date today) {
    options_.today = today;
    if (!cached()) build_->SetToday(today);
  }

  static std::string Brief(const std::string& slug) { return "briefs/" + slug + ".md"; }
  std::string Path(const std::string& rel) { return tmp_ / ("content/" + rel); }
  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories(fs::path(Path(rel)).parent_path());
    std::ofstream(Path(rel)) << text;
  }
  void Edit(const std::string& rel, const std::string& from, const std::string& to) {
    std::string text = ReadAll(Path(rel));
    ASSERT_NE(text.find(from), std::string::npos) << rel << " has no '" << from << "'";
    Write(rel, ReplaceAll(text, from, to));
  }
  bool Update(const std::vector<std::string>& rels) {
    std::vector<std::string> paths;
    for (const std::string& rel : rels)
      paths.push_back(rel.rfind("templates/", 0) == 0 ? tmp_ / rel : Path(rel));
    if (cached()) return BuildAgain();
    diags_ = Diagnostics();
    bool ok = build_->Update(paths, &diags_, &stats_);
    return build_->WaitForSearchIndex(&diags_) && ok;
  }

  // The whole site on disk equals what a clean build writes into another folder.
  void ExpectSameAsCleanBuild(const std::string& step) {
    BuildOptions clean = options_;
    clean.cache = false;
    clean.out_dir = tmp_ / ("clean-" + std::to_string(++clean_builds_));
    Diagnostics diags;
    BuildStats stats;
    ASSERT_TRUE(BuildSite(fs_, clean, &diags, &stats)) << step << "\n" << diags.FormatAll();
    std::map<std::string, std::string> want = Tree(clean.out_dir), got = Tree(options_.out_dir);
    std::vector<std::string> missing, extra, differ;
    for (const auto& [path, bytes] : want) {
      auto it = got.find(path);
      if (it == got.end()) {
        missing.push_back(path);
      } else if (it->second != bytes) {
        differ.push_back(path);
      }
    }
    for (const auto& [path, bytes] : got) {
      if (!want.count(path)) extra.push_back(path);
    }
    EXPECT_EQ(missing, std::vector<std::string>()) << step;
    EXPECT_EQ(extra, std::vector<std::string>()) << step;
    EXPECT_EQ(differ, std::vector<std::string>()) << step;
    EXPECT_EQ(diags_.FormatAll(), diags.FormatAll()) << step;
    fs::remove_all(clean.out_dir);
  }

  void Step(const std::string& step, const std::vector<std::string>& rels) {
    ASSERT_TRUE(Update(rels)) << step << "\n" << diags_.FormatAll();
    ExpectSameAsCleanBuild(step);
  }

  TempDir tmp_;
  RealFileSystem fs_;
  BuildOptions options_;
  std::unique_ptr<IncrementalBuild> build_;
  Diagnostics diags_;
  IncrementalStats stats_;
  int clean_builds_ = 0;
};

TEST_P(IncrementalTest, BodyEditRewritesFewFilesAndMatchesACleanBuild) {
  Edit(Brief("generated-3"), "Text of brief 3", "Changed text of brief three");
  Step("body edit", {Brief("generated-3")});
  EXPECT_FALSE(stats_.reloaded);
  EXPECT_GT(stats_.pages_rendered, 0);
  EXPECT_LT(stats_.pages_rendered, 30);
  if (!cached()) {
    EXPECT_GT(stats_.files_written, 0);
  }
  EXPECT_NE(
      ReadAll(tmp_ / "site/briefs/generated-3/index.html").find("Changed text of brief three"),
      std::string::npos);
}

// Each search index file's inode: a file written again (beside, then renamed over) gets a new one.
std::map<std::string, ino_t> IndexInodes(const fs::path& site) {
  std::map<std::string, ino_t> out;
  for (const auto& e : fs::recursive_directory_iterator(site / "search-index")) {
    struct stat st {};
    std::string name = e.path().filename().string();
    if (name.ends_with(".br") || name.ends_with(".gz")) continue;  // each file's variants
    if (e.is_regular_file() && ::stat(e.path().c_str(), &st) == 0) {
      out[fs::relative(e.path(), site).string()] = st.st_ino;
    }
  }
  return out;
}

TEST_P(IncrementalTest, BodyEditRewritesOnlyTheSearchIndexFilesThatChanged) {
  // A cached build writes a new folder (the spare) and swaps it in: inodes tell nothing.
  if (cached()) GTEST_SKIP() << "the watch's in-place writes only";
  std::map<std::string, ino_t> before = IndexInodes(tmp_ / "site");
  Edit(Brief("generated-3"), "Text of brief 3", "Changed text of brief three");
  Step("body edit", {Brief("generated-3")});
  std::map<std::string, ino_t> after = IndexInodes(tmp_ / "site");
  std::vector<std::string> written;
  for (const auto& [path, inode] : after) {
    auto it = before.find(path);
    if (it == before.end() || it->second != inode) written.push_back(path);
  }
  ASSERT_GT(after.size(), 30u);
  // The manifest, the brief's file and its table, and the chunks its words are in.
  EXPECT_LE(written.size(), 8u) << ::testing::PrintToString(written);
  EXPECT_NE(std::find(written.begin(), written.end(), "search-index/manifest.json"), written.end());
}

TEST_P(IncrementalTest, FrontMatterEditsMatchACleanBuild) {
  Edit(Brief("generated-5"), "Generated brief 5", "Renamed brief five");
  Step("title", {Brief("generated-5")});
  Edit(Brief("generated-6"), "themes: [", "themes: [clares-law, ");
  Step("themes added", {Brief("generated-6")});
  Edit(Brief("generated-6"), "clares-law, ", "");
  Step("themes removed", {Brief("generated-6")});
  Edit(Brief("generated-7"), "date: 2025-03-", "date: 2026-05-");
  Step("date: now the newest", {Brief("generated-7")});
  Edit(Brief("generated-8"), "date: 2025-03-13", "date: 2025-03-10");
  Step("date: ties with others", {Brief("generated-8")});
  Edit(Brief("generated-2"), "summary:", "draft: true\nsummary:");
  Step("draft", {Brief("generated-2")});
  Edit(Brief("generated-2"), "draft: true\n", "");
  Step("no longer a draft", {Brief("generated-2")});
  Edit(Brief("generated-4"), "summary:", "withdrawn: true\nsummary:");
  Step("withdrawn", {Brief("generated-4")});
  Edit(Brief("generated-9"), "summary:", "superseded_by: generated-10\nsummary:");
  Step("superseded", {Brief("generated-9")});
  Edit(Brief("generated-10"), "Generated brief 10", "The brief that replaces nine");
  Step("the superseding brief's title", {Brief("generated-10")});
  Edit(Brief("generated-1"), "review_type: CSPR", "review_type: SAR\nreview_by: 2026-01-01");
  Step("review_by passed (a warning)", {Brief("generated-1")});
  Edit(Brief("generated-3"), "What would you ask in case 3", "What would you ask first in case 3");
  Step("a Think prompt", {Brief("generated-3")});
  Edit(Brief("generated-3"), "Key message 3.", "Key message three.");
  Step("a key message", {Brief("generated-3")});
  Edit(Brief("generated-8"), "summary: Brief number 8.", "summary: The eighth brief.");
  Step("summary", {Brief("generated-8")});
  Edit("bulletins/domestic-abuse-2026.md", "title: \"", "title: \"Renamed: ");
  Step("bulletin", {"bulletins/domestic-abuse-2026.md"});
}

TEST_P(IncrementalTest, AddDeleteAndRenameMatchACleanBuild) {
  Write(Brief("generated-20"), GeneratedBrief(20));
  Step("added", {Brief("generated-20")});
  fs::remove(Path(Brief("generated-0")));
  Step("deleted", {Brief("generated-0")});
  EXPECT_FALSE(fs::exists(tmp_ / "site/briefs/generated-0"));
  fs::rename(Path(Brief("generated-11")), Path(Brief("generated-eleven")));
  Step("renamed", {Brief("generated-11"), Brief("generated-eleven")});
  // An editor's save: a temporary file, then a rename over the original.
  Write(Brief(".generated-3.md.swp"), "scratch");
  Write(Brief("generated-3.md~"), GeneratedBrief(3, " edited"));
  fs::rename(Path(Brief("generated-3.md~")), Path(Brief("generated-3")));
  fs::remove(Path(Brief(".generated-3.md.swp")));
  Step("saved by rename",
       {Brief(".generated-3.md.swp"), Brief("generated-3.md~"), Brief("generated-3")});
  // Several files in one burst, one of them twice.
  Edit(Brief("generated-1"), "Text of brief 1", "Burst one");
  Edit(Brief("generated-2"), "Text of brief 2", "Burst two");
  Write(Brief("generated-21"), GeneratedBrief(21));
  Step("burst",
       {Brief("generated-1"), Brief("generated-2"), Brief("generated-21"), Brief("generated-1")});
}

// /think/ and /key-messages/ show each theme's newest few blocks; the pages per theme show
// them all, and exist only while the theme has any.
TEST_P(IncrementalTest, ThemeCollectionPagesComeAndGoWithTheirBlocks) {
  Edit("site.yaml", "  - slug: adult-safeguarding\n",
       "  - slug: neglect\n    name: Neglect\n  - slug: adult-safeguarding\n");
  Step("a theme with nothing in it yet", {"site.yaml"});
  EXPECT_FALSE(fs::exists(tmp_ / "site/key-messages/neglect"));
  Edit(Brief("generated-6"), "themes: [", "themes: [neglect, ");
  Step("the theme's first blocks", {Brief("generated-6")});
  EXPECT_TRUE(fs::exists(tmp_ / "site/key-messages/neglect/index.html"));
  EXPECT_TRUE(fs::exists(tmp_ / "site/think/neglect/index.html"));
  Edit(Brief("generated-6"), "> [!KEY]\n> Key message 6.\n", "");
  Step("its only key message gone", {Brief("generated-6")});
  EXPECT_FALSE(fs::exists(tmp_ / "site/key-messages/neglect"));
  EXPECT_TRUE(fs::exists(tmp_ / "site/think/neglect/index.html"));
  // Four new key messages on one theme: the newest three reach /key-messages/.
  for (int n = 42; n <= 63; n += 7) {
    Write(Brief("generated-" + std::to_string(n)), GeneratedBrief(n, " new"));
    Edit(Brief("generated-" + std::to_string(n)), "date: 2025-03-", "date: 2026-04-");
    Step("a newer key message", {Brief("generated-" + std::to_string(n))});
  }
  Edit(Brief("generated-63"), "Key message 63.", "Key message sixty-three.");
  Step("the newest key message", {Brief("generated-63")});
  Edit(Brief("generated-6"), "neglect, ", "");
  Step("the theme's last blocks gone", {Brief("generated-6")});
  EXPECT_FALSE(fs::exists(tmp_ / "site/think/neglect"));
}

TEST_P(IncrementalTest, UpdatesInQuickSuccessionLeaveTheLatestSearchIndex) {
  Diagnostics diags;
  for (int n = 1; n <= 3; ++n) {
    Edit(Brief("generated-" + std::to_string(n)), "Text of brief", "Quick edit of brief");
    if (cached()) {
      ASSERT_TRUE(BuildAgain());
    } else {
      ASSERT_TRUE(build_->Update({Path(Brief("generated-" + std::to_string(n)))}, &diags, &stats_));
    }
  }
  Write(Brief("generated-30"), GeneratedBrief(30));
  Step("after three updates not waited for", {Brief("generated-30")});
}

TEST_P(IncrementalTest, TemplateSiteAndPageChangesReloadAndMatchACleanBuild) {
  Edit("../templates/pages/article.mustache", "</article>", "<p>Footnote</p></article>");
  Step("template", {"templates/pages/article.mustache"});
  EXPECT_TRUE(stats_.reloaded);
  Edit("site.yaml", "Hallowford", "Hallowfield");
  Step("site.yaml", {"site.yaml"});
  Edit("pages/about-the-partnership.md", "title:", "title: About -");
  Step("page", {"pages/about-the-partnership.md"});
  Edit("quizzes/coercive-control-awareness.md", "title:", "title: Quiz -");
  Step("quiz", {"quizzes/coercive-control-awareness.md"});
}

TEST_P(IncrementalTest, ANewDayReckonsReviewDatesFromIt) {
  Edit(Brief("generated-3"), "summary:", "review_by: 2026-06-15\nsummary:");
  Step("a review date still ahead", {Brief("generated-3")});
  EXPECT_EQ(diags_.FormatAll().find("review date 2026-06-15"), std::string::npos);
  // A preview left running into July: the next save, of another brief, reports it.
  SetToday(*Date::Parse("2026-07-01"));
  Edit(Brief("generated-4"), "Text of brief 4", "Text of brief four");
  Step("the first update of the new day", {Brief("generated-4")});
  EXPECT_NE(diags_.FormatAll().find("review date 2026-06-15"), std::string::npos);
}

TEST_P(IncrementalTest, AFailedUpdateWritesNothingAndTheNextCatchesUp) {
  std::map<std::string, std::string> before = Tree(options_.out_dir);
  Edit(Brief("generated-5"), "Generated brief 5", "Half-edited five");
  Edit(Brief("generated-6"), "themes: [", "themes: [no-such-theme, ");
  EXPECT_FALSE(Update({Brief("generated-5"), Brief("generated-6")}));
  EXPECT_NE(diags_.FormatAll().find("generated-6.md:"), std::string::npos) << diags_.FormatAll();
  EXPECT_TRUE(Tree(options_.out_dir) == before);
  Edit(Brief("generated-6"), "no-such-theme, ", "");
  Step("fixed", {Brief("generated-6")});
  EXPECT_NE(ReadAll(tmp_ / "site/briefs/generated-5/index.html").find("Half-edited five"),
            std::string::npos);
  Edit("../templates/pages/article.mustache", "</article>", "{{#broken}}</article>");
  EXPECT_FALSE(Update({"templates/pages/article.mustache"}));
  Edit(Brief("generated-7"), "Text of brief 7", "Edited while the template was broken");
  EXPECT_FALSE(Update({Brief("generated-7")}));
  Edit("../templates/pages/article.mustache", "{{#broken}}</article>", "</article>");
  Step("template fixed", {"templates/pages/article.mustache"});
}

// The files of the build cache beside the site, with their sizes.
std::map<std::string, uintmax_t> CacheFiles(const fs::path& cache) {
  std::map<std::string, uintmax_t> out;
  for (const auto& e : fs::directory_iterator(cache)) out[e.path().filename()] = e.file_size();
  return out;
}

TEST_P(IncrementalTest, ADamagedCacheCostsTimeNeverCorrectness) {
  if (!cached()) GTEST_SKIP() << "bulletin build's cache only";
  const fs::path cache = tmp_ / ".site.cache";
  // A byte changed inside every body file: the bodies it hits are rendered again.
  for (const auto& [name, size] : CacheFiles(cache)) {
    if (name.rfind("bodies-", 0) != 0) continue;
    std::fstream f(cache / name, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put('\x7f');
  }
  Edit(Brief("generated-3"), "Text of brief 3", "Changed text of brief three");
  Step("a body file damaged", {Brief("generated-3")});
  EXPECT_FALSE(stats_.reloaded);
  // A body file cut short.
  for (const auto& [name, size] : CacheFiles(cache)) {
    if (name.rfind("bodies-", 0) == 0) fs::resize_file(cache / name, size / 2);
  }
  Edit(Brief("generated-4"), "Text of brief 4", "Changed text of brief four");
  Step("a body file cut short", {Brief("generated-4")});
  // The index damaged, then gone: every page is rendered.
  std::string index = ReadAll(cache / "index");
  index[index.size() / 2] ^= 1;
  std::ofstream(cache / "index", std::ios::binary) << index;
  Edit(Brief("generated-5"), "Text of brief 5", "Changed text of brief five");
  Step("the index damaged", {Brief("generated-5")});
  EXPECT_TRUE(stats_.reloaded);
  fs::remove(cache / "index");
  Edit(Brief("generated-5"), "brief five", "brief 5 again");
  Step("the index gone", {Brief("generated-5")});
  EXPECT_TRUE(stats_.reloaded);
  Edit(Brief("generated-5"), "brief 5 again", "brief five again");
  Step("the cache back", {Brief("generated-5")});
  EXPECT_FALSE(stats_.reloaded);
}

TEST_P(IncrementalTest, ACacheOfAnotherFormatIsIgnored) {
  if (!cached()) GTEST_SKIP() << "bulletin build's cache only";
  const fs::path cache = tmp_ / ".site.cache";
  // The index as an older bulletin would have left it (format 2 kept std::hash values):
  // another first line, and a checksum that matches it, so only the format turns it away.
  const std::string index = ReadAll(cache / "index");
  const std::string first_line = index.substr(0, index.find('\n') + 1);
  ASSERT_TRUE(first_line.starts_with("bulletin build cache ")) << first_line;
  ASSERT_NE(first_line, "bulletin build cache 2\n");
  std::string older = "bulletin build cache 2\n" +
                      index.substr(first_line.size(), index.size() - first_line.size() - 8);
  uint64_t check = Hash64(older);
  for (int i = 0; i < 8; ++i) older += static_cast<char>(check >> (8 * i));
  std::ofstream(cache / "index", std::ios::binary) << older;
  Edit(Brief("generated-3"), "Text of brief 3", "Changed text of brief three");
  Step("a cache of another format", {Brief("generated-3")});
  EXPECT_TRUE(stats_.reloaded);
  EXPECT_TRUE(ReadAll(cache / "index").starts_with(first_line));
}

TEST_P(IncrementalTest, TheCacheHoldsOnlyForTheFoldersItDescribes) {
  if (!cached()) GTEST_SKIP() << "bulletin build's cache only";
  fs::remove_all(tmp_ / "site");
  Edit(Brief("generated-3"), "Text of brief 3", "Changed text of brief three");
  Step("the site deleted", {Brief("generated-3")});
  EXPECT_TRUE(stats_.reloaded);
  fs::remove_all(tmp_ / ".site.spare");
  Edit(Brief("generated-4"), "Text of brief 4", "Changed text of brief four");
  Step("the spare deleted", {Brief("generated-4")});
  EXPECT_FALSE(stats_.reloaded);
  // Swapped by hand for another folder with the same files.
  fs::rename(tmp_ / "site", tmp_ / "site-moved");
  fs::copy(tmp_ / "site-moved", tmp_ / "site", fs::copy_options::recursive);
  Edit(Brief("generated-5"), "Text of brief 5", "Changed text of brief five");
  Step("the site replaced", {Brief("generated-5")});
  EXPECT_TRUE(stats_.reloaded);
  options_.clean = true;
  Edit(Brief("generated-6"), "Text of brief 6", "Changed text of brief six");
  Step("--clean", {Brief("generated-6")});
  EXPECT_TRUE(stats_.reloaded);
}

TEST_P(IncrementalTest, AFailedBuildLeavesTheCacheAsItWas) {
  if (!cached()) GTEST_SKIP() << "bulletin build's cache only";
  std::map<std::string, uintmax_t> before = CacheFiles(tmp_ / ".site.cache");
  Edit(Brief("generated-5"), "Text of brief 5", "Changed text of brief five");
  Edit(Brief("generated-6"), "themes: [", "themes: [no-such-theme, ");
  EXPECT_FALSE(Update({Brief("generated-5"), Brief("generated-6")}));
  EXPECT_TRUE(CacheFiles(tmp_ / ".site.cache") == before);
  Edit(Brief("generated-6"), "no-such-theme, ", "");
  Step("fixed", {Brief("generated-6")});
  EXPECT_FALSE(stats_.reloaded);
}

// Another program that publishes into the same folder (here the preview, with drafts, twice:
// the folders swap back to their old names) leaves the cache describing other bytes.
TEST_P(IncrementalTest, APublishByAnotherBuildIsNoticed) {
  if (!cached()) GTEST_SKIP() << "bulletin build's cache only";
  Write(Brief("generated-40"), GeneratedBrief(40));
  Edit(Brief("generated-40"), "summary:", "draft: true\nsummary:");
  Step("a draft", {Brief("generated-40")});
  BuildOptions preview = options_;
  preview.drafts = true;
  for (int i = 0; i < 2; ++i) {
    IncrementalBuild other(fs_, preview);
    Diagnostics diags;
    IncrementalStats stats;
    ASSERT_TRUE(other.Rebuild(&diags, &stats)) << diags.FormatAll();
    ASSERT_TRUE(other.WaitForSearchIndex(&diags));
  }
  Step("after two previews with drafts", {});
  EXPECT_TRUE(stats_.reloaded);
}

// A file put into the site by hand is gone after the next build, as after a clean one, and
// does not come back from the spare the build after.
TEST_P(IncrementalTest, FilesAddedToTheSiteByHandDoNotComeBack) {
  if (!cached()) GTEST_SKIP() << "bulletin build's cache only";
  std::ofstream(tmp_ / "site/CNAME") << "briefs.example.org.uk\n";
  for (int n = 3; n <= 5; ++n) {
    Edit(Brief("generated-" + std::to_string(n)), "Text of brief", "Edited text of brief");
    Step("build " + std::to_string(n), {Brief("generated-" + std::to_string(n))});
    EXPECT_FALSE(fs::exists(tmp_ / "site/CNAME"));
  }
}

// The link checker reads the ids of pages the build did not render from the live site.
TEST_P(IncrementalTest, AnchorsIntoUnchangedPagesAreStillChecked) {
  options_.inspect = InternalLinkInspector();
  if (!cached()) {
    build_ = std::make_unique<IncrementalBuild>(fs_, options_);
    ASSERT_TRUE(build_->Rebuild(&diags_, &stats_)) << diags_.FormatAll();
  }
  Edit(Brief("generated-3"), "Text of brief 3",
       "Text of brief 3, see [five](/briefs/generated-5/index.html#gone)");
  EXPECT_FALSE(Update({Brief("generated-3")}));
  EXPECT_NE(diags_.FormatAll().find("no heading or block with id 'gone'"), std::string::npos)
      << diags_.FormatAll();
  Edit(Brief("generated-3"), "#gone", "#what-happened");
  Step("fixed", {Brief("generated-3")});
}

INSTANTIATE_TEST_SUITE_P(Builders, IncrementalTest,
                         ::testing::Values(Builder::kWatch, Builder::kCachedBuild),
                         [](const ::testing::TestParamInfo<Builder>& info) {
                           return info.param == Builder::kWatch ? "Watch" : "CachedBuild";
                         });

}  // namespace
}  // namespace bulletin
