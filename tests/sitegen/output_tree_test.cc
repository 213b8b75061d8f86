// The output tree's reuse of the site it replaced: whatever the spare folder held, the
// published site is exactly the files of the last build, and unchanged files are left
// alone.
#include "sitegen/output_tree.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::ReadAll;
using testing::TempDir;

using Files = std::map<std::string, std::string>;

// Every file under `dir`, site-relative, with its contents; folders as "name/".
Files Tree(const std::string& dir) {
  Files out;
  for (fs::recursive_directory_iterator it(dir), end; it != end; ++it) {
    std::string rel = fs::relative(it->path(), dir).string();
    out[it->is_directory() ? rel + "/" : rel] = it->is_directory() ? "" : ReadAll(it->path());
  }
  return out;
}

Files FilesOf(const Files& tree) {
  Files out;
  for (const auto& [path, contents] : tree) {
    if (path.back() != '/') out[path] = contents;
  }
  return out;
}

bool Publish(const std::string& out, const Files& files) {
  OutputTree tree;
  tree.StageBeside(out);
  for (const auto& [path, contents] : files) tree.Add(path, contents);
  Diagnostics diags;
  bool ok = tree.Publish(out, &diags);
  EXPECT_EQ(diags.error_count(), 0) << diags.FormatAll();
  return ok;
}

ino_t Inode(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_ino;
}

TEST(OutputTreeTest, ReusesTheReplacedSiteAndPublishesExactlyTheNewFiles) {
  TempDir tmp;
  const std::string site = tmp / "site";
  Files v1 = {{"index.html", "home 1"},
              {"briefs/a/index.html", "brief a"},
              {"briefs/b/index.html", "brief b"},
              {"feed.xml", "feed 1"},
              {"odd", "a file that becomes a folder"},
              {"dir/x.txt", "a folder that becomes a file"},
              {"same.txt", "unchanged throughout"}};
  ASSERT_TRUE(Publish(site, v1));
  EXPECT_EQ(FilesOf(Tree(site)), v1);
  ASSERT_TRUE(fs::is_directory(tmp / ".site.spare") == false);  // nothing replaced yet

  Files v2 = v1;
  v2["index.html"] = "home 2";
  ASSERT_TRUE(Publish(site, v2));
  EXPECT_EQ(FilesOf(Tree(site)), v2);
  EXPECT_EQ(FilesOf(Tree(tmp / ".site.spare")), v1) << "the spare is the replaced site";
  // A backup that hard-links the spare's files keeps their bytes.
  const ino_t index_before = Inode(tmp / ".site.spare/index.html");
  const ino_t same_before = Inode(tmp / ".site.spare/same.txt");
  fs::create_hard_link(tmp / ".site.spare/index.html", tmp / "backup-index.html");

  // The third build writes over the first's folder: brief a is the same there, so it is
  // left alone; brief b is gone; the clashes between files and folders resolve.
  // Links planted in the spare, where a page goes or where a folder of pages goes, are
  // removed, never written through.
  const std::string outside = tmp / "outside.txt";
  std::ofstream(outside) << "not the site's";
  fs::remove(tmp / ".site.spare/feed.xml");
  fs::create_symlink(outside, tmp / ".site.spare/feed.xml");
  fs::create_directories(tmp / "elsewhere/a");
  std::ofstream(tmp / "elsewhere/a/index.html") << "someone else's";
  fs::rename(tmp / ".site.spare/briefs", tmp / "briefs-was");
  fs::create_symlink(tmp / "elsewhere", tmp / ".site.spare/briefs");

  Files v3 = {{"index.html", "home 3"},
              {"briefs/a/index.html", "brief a"},
              {"briefs/c/index.html", "brief c"},
              {"feed.xml", "feed 3"},
              {"odd/inner.html", "now a folder"},
              {"dir", "now a file"},
              {"same.txt", "unchanged throughout"}};
  ASSERT_TRUE(Publish(site, v3));
  Files published = Tree(site);
  EXPECT_EQ(FilesOf(published), v3);
  EXPECT_FALSE(published.count("briefs/b/")) << "a folder left empty is removed";
  EXPECT_NE(Inode(site + "/index.html"), index_before)
      << "a changed file must get a new inode (hard-linked backups keep the old bytes)";
  EXPECT_EQ(ReadAll(tmp / "backup-index.html"), "home 1");
  EXPECT_EQ(Inode(site + "/same.txt"), same_before) << "an unchanged file was rewritten";
  EXPECT_EQ(ReadAll(outside), "not the site's");
  EXPECT_FALSE(fs::is_symlink(site + "/feed.xml"));
  EXPECT_EQ(ReadAll(tmp / "elsewhere/a/index.html"), "someone else's");
  EXPECT_FALSE(fs::exists(tmp / "elsewhere/c"));
  EXPECT_FALSE(fs::is_symlink(site + "/briefs"));
  EXPECT_EQ(FilesOf(Tree(tmp / ".site.spare")), v2);
}

TEST(OutputTreeTest, AKilledBuildsFolderIsReusedAndCleared) {
  TempDir tmp;
  const std::string site = tmp / "site";
  ASSERT_TRUE(Publish(site, {{"index.html", "home 1"}}));
  // What a killed build leaves: a half-written folder, plus an older one.
  fs::create_directories(tmp / ".site.new-999999/briefs/half");
  std::ofstream(tmp / ".site.new-999999/briefs/half/index.html") << "half writ";
  std::ofstream(tmp / ".site.new-999999/index.html") << "home 2, cut sh";
  fs::create_directories(tmp / ".site.new-999998");

  Files v2 = {{"index.html", "home 2"}, {"briefs/whole/index.html", "whole"}};
  ASSERT_TRUE(Publish(site, v2));
  Files published = Tree(site);
  EXPECT_EQ(FilesOf(published), v2);
  EXPECT_FALSE(published.count("briefs/half/"));
  std::vector<std::string> beside;
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    beside.push_back(e.path().filename().string());
  }
  std::sort(beside.begin(), beside.end());
  EXPECT_EQ(beside, (std::vector<std::string>{".site.lock", ".site.spare", "site"}));
}

TEST(OutputTreeTest, AFailedWriteLeavesThePublishedSite) {
  TempDir tmp;
  const std::string site = tmp / "site";
  Files v1 = {{"index.html", "home 1"}};
  ASSERT_TRUE(Publish(site, v1));
  ASSERT_TRUE(Publish(site, v1));
  OutputTree tree;
  tree.StageBeside(site);
  tree.Add("index.html", "home 2");
  tree.Add(std::string(300, 'x') + "/index.html", "a name too long for the file system");
  Diagnostics diags;
  EXPECT_FALSE(tree.Publish(site, &diags));
  EXPECT_GT(diags.error_count(), 0);
  EXPECT_EQ(FilesOf(Tree(site)), v1);
}

}  // namespace
}  // namespace bulletin
