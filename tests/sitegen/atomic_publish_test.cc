// Kills `bulletin build` at many moments and checks that site/ is always either the
// complete previous site or the complete new one.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using testing::SourceDir;
using testing::TempDir;

std::set<std::string> ListTree(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) out.insert(fs::relative(it->path(), dir).string());
  }
  return out;
}

void WriteBriefs(const std::string& content, int count, const std::string& prefix) {
  fs::create_directories(content + "/briefs");
  for (int i = 0; i < count; ++i) {
    std::ofstream(content + "/briefs/" + prefix + std::to_string(i) + ".md")
        << "---\ntitle: Brief " << i << "\ndate: 2024-01-01\nreview_type: CSPR\n"
        << "themes: [domestic-abuse]\nsummary: Summary " << i << ".\n---\n"
        << "## Learning\n\nSome text about the review and what we learned from it.\n";
  }
}

pid_t StartBuild(const std::string& content, const std::string& out) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    const std::string templates = SourceDir() + "/templates";
    ::execl(BULLETIN_BINARY, BULLETIN_BINARY, "build", "--content", content.c_str(), "--templates",
            templates.c_str(), "--out", out.c_str(), nullptr);
    ::_exit(127);
  }
  return pid;
}

int RunBuild(const std::string& content, const std::string& out) {
  int status = 0;
  ::waitpid(StartBuild(content, out), &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(AtomicPublishTest, KilledBuildLeavesACompleteSite) {
  TempDir tmp;
  const std::string content = tmp / "content";
  const std::string site = tmp / "site";
  fs::create_directories(content);
  std::ofstream(content + "/site.yaml")
      << "name: Kill Test\nbase_url: https://kill.example.org.uk/\nthemes: [Domestic abuse]\n";
  WriteBriefs(content, 1500, "old-");
  ASSERT_EQ(RunBuild(content, site), 0);
  const std::set<std::string> old_tree = ListTree(site);
  ASSERT_GT(old_tree.size(), 1500u);

  // The next version: different file names, so a mixed tree would show.
  fs::remove_all(content + "/briefs");
  WriteBriefs(content, 1500, "new-");
  std::set<std::string> new_tree;

  int killed_while_writing = 0;
  for (int attempt = 0; attempt < 12; ++attempt) {
    pid_t pid = StartBuild(content, site);
    // Wait until the build has started writing its new folder, then a little more.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool writing = false;
    while (!writing && std::chrono::steady_clock::now() < deadline) {
      for (const auto& e : fs::directory_iterator(tmp.path())) {
        writing = writing || e.path().filename().string().rfind(".site.new-", 0) == 0;
      }
      if (!writing) std::this_thread::sleep_for(std::chrono::microseconds(200));
      int status;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        break;
      }
    }
    if (pid > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(attempt * 3));
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      killed_while_writing += writing;
    }
    std::set<std::string> tree = ListTree(site);
    if (new_tree.empty() && tree != old_tree) new_tree = tree;
    EXPECT_TRUE(tree == old_tree || tree == new_tree)
        << "attempt " << attempt << ": site/ is neither the old nor the new site (" << tree.size()
        << " files)";
    EXPECT_TRUE(tree.count("index.html"));
    if (tree != old_tree) break;  // the new site landed: nothing more to interrupt
  }
  EXPECT_GT(killed_while_writing, 0) << "no kill landed while the new site was being written";

  // The next build cleans up whatever the killed ones left and publishes the new site.
  ASSERT_EQ(RunBuild(content, site), 0);
  EXPECT_TRUE(ListTree(site).count("briefs/new-0/index.html"));
  EXPECT_FALSE(ListTree(site).count("briefs/old-0/index.html"));
  // Beside it only the spare is left (the site it replaced, for the next build to reuse),
  // the build cache, and the lock that keeps two builds apart.
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    std::string name = e.path().filename().string();
    if (name.rfind(".site.", 0) == 0 && name != ".site.lock" && name != ".site.cache") {
      EXPECT_EQ(name, ".site.spare");
    }
  }
  // In the cache, the index and the bodies of the last build: what the killed builds
  // saved is gone (every brief changed, so no older body is used).
  std::set<std::string> stamps;
  for (const auto& e : fs::directory_iterator(tmp / ".site.cache")) {
    std::string name = e.path().filename().string();
    if (name == "index") continue;
    ASSERT_EQ(name.rfind("bodies-", 0), 0u) << name;
    stamps.insert(name.substr(0, name.rfind('-')));
  }
  EXPECT_EQ(stamps.size(), 1u) << ::testing::PrintToString(stamps);
}

}  // namespace
}  // namespace bulletin
