// `bulletin serve` as a user runs it: the real binary, its "Serving" line, SIGTERM.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "http_test_support.h"
#include "server/server.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using namespace std::chrono_literals;
using testing::Child;

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

// The server runs in a forked child (RunServer with a route that takes its time), so the
// test can hold a request open while it signals.
TEST(ServeCommandTest, ASecondSignalDuringTheDrainStopsAtOnce) {
  testing::TempSite site;
  site.Add("index.html", "<h1>Served</h1>\n");
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ServerOptions options;
    options.site_dir = site.site().string();
    options.port = 0;
    int rc = RunServer(options, std::cout, [](Router& routes) {
      routes.Add("POST", "/slow", [](const HttpRequest&) {
        std::this_thread::sleep_for(60s);  // far past the drain's grace
        return HttpResponse();
      });
    });
    ::_exit(rc);
  }
  ::close(fds[1]);
  std::string line;
  for (char c; ::read(fds[0], &c, 1) == 1 && c != '\n';) line += c;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(line, match, std::regex(":([0-9]+)/$"))) << line;
  std::string url = "http://127.0.0.1:" + match[1].str() + "/slow";
  std::thread client([url] { testing::Fetch(url, testing::Method("POST", "x")); });
  std::this_thread::sleep_for(300ms);  // the request is in its handler

  auto ended = [pid](std::chrono::milliseconds within, int* status) {
    auto deadline = std::chrono::steady_clock::now() + within;
    do {
      if (::waitpid(pid, status, WNOHANG) == pid) return true;
      std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
  };
  int status = 0;
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_FALSE(ended(500ms, &status)) << "the first signal did not wait for the request";
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  bool stopped = ended(3s, &status);
  if (!stopped) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  client.join();
  ::close(fds[0]);
  ASSERT_TRUE(stopped) << "a second signal did not stop the draining server";
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
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
