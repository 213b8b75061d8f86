// `bulletin serve` as a user runs it: the real binary, its "Serving" line, SIGTERM.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "http_test_support.h"

extern char** environ;

namespace bulletin {
namespace {

using namespace std::chrono_literals;

// A child process with its stdout on a pipe; killed and reaped if the test ends early.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }

  pid_t pid() const { return pid_; }

  /// The first line written to stdout within `timeout`, without the newline.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string line;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd pfd{out_, POLLIN, 0};
      if (::poll(&pfd, 1, 100) <= 0) continue;
      char c;
      if (::read(out_, &c, 1) != 1) return std::nullopt;
      if (c == '\n') return line;
      line += c;
    }
    return std::nullopt;
  }

  /// The exit status once the process ends within `timeout`; nullopt if it did not end
  /// or was killed by a signal.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        return std::nullopt;
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

TEST(ServeCommandTest, ServesUntilSigtermThenExitsZero) {
  testing::TempSite site;
  site.Add("index.html", "<h1>Served by the binary</h1>\n");
  std::string site_dir = site.site().string();
  Child child({BULLETIN_BINARY, "serve", "--site", site_dir, "--port", "0"});
  ASSERT_GT(child.pid(), 0);

  std::optional<std::string> line = child.ReadLine(30s);
  ASSERT_TRUE(line) << "no Serving line";
  std::smatch match;
  std::regex pattern("Serving (.*)/ at http://127\\.0\\.0\\.1:([0-9]+)/");
  ASSERT_TRUE(std::regex_match(*line, match, pattern)) << *line;
  EXPECT_EQ(match[1].str(), site_dir);
  int port = std::stoi(match[2].str());
  ASSERT_GT(port, 0);

  testing::HttpResult result = testing::Fetch("http://127.0.0.1:" + std::to_string(port) + "/");
  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body, "<h1>Served by the binary</h1>\n");
  testing::ExpectSecurityHeaders(result);

  ASSERT_EQ(::kill(child.pid(), SIGTERM), 0);
  EXPECT_EQ(child.Wait(30s), std::optional<int>(0));
}

TEST(ServeCommandTest, AMissingSiteFolderExitsOne) {
  testing::TempSite site;
  Child child({BULLETIN_BINARY, "serve", "--site", (site.root() / "nope").string(), "--port", "0"});
  ASSERT_GT(child.pid(), 0);
  EXPECT_EQ(child.ReadLine(30s), std::nullopt);
  EXPECT_EQ(child.Wait(30s), std::optional<int>(1));
}

TEST(ServeCommandTest, APortInUseExitsOne) {
  testing::TempSite site;
  testing::RunningServer taken(testing::TestOptions(site.site()));
  Child child({BULLETIN_BINARY, "serve", "--site", site.site().string(), "--port",
               std::to_string(taken.port())});
  ASSERT_GT(child.pid(), 0);
  EXPECT_EQ(child.Wait(30s), std::optional<int>(1));
}

}  // namespace
}  // namespace bulletin
