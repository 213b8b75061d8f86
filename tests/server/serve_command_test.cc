// `bulletin serve` as a user runs it: the real binary, its "Serving" line, SIGTERM.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
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

// Resident memory of a process that it still holds, in KiB, from /proc: VmRSS less the
// pages it has handed back with MADV_FREE (LazyFree), which the kernel takes back as soon as
// it needs them but counts as resident until then.
long ResidentKib(pid_t pid) {
  long rss = -1, lazy_free = 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) rss = std::stol(line.substr(6));
  }
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(rollup, line);) {
    if (line.starts_with("LazyFree:")) lazy_free = std::stol(line.substr(9));
  }
  return rss < 0 ? -1 : rss - lazy_free;
}

// Many connections each holding a body just under the limit, stalled: the server's memory
// grows while they last and returns to its resting level once they close.
TEST(ServeCommandTest, MemoryReturnsToRestAfterAbusiveConnectionsClose) {
  testing::TempSite site;
  site.Add("index.html", "<h1>Served</h1>\n");
  Child child({BULLETIN_BINARY, "serve", "--site", site.site().string(), "--port", "0",
               "--max-connections-per-client", "0", "--connection-rate-per-client", "0",
               "--body-timeout", "60"});
  std::optional<std::string> line = child.ReadLine(30s);
  ASSERT_TRUE(line) << "no Serving line";
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex(":([0-9]+)/$"))) << *line;
  int port = std::stoi(match[1].str());
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  for (int i = 0; i < 20; ++i) ASSERT_EQ(testing::Fetch(url).status, 200);
  long rest = ResidentKib(child.pid());
  ASSERT_GT(rest, 0);

  constexpr int kConnections = 200;
  constexpr size_t kDeclared = 64 * 1024 - 1;
  std::string head =
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(kDeclared) + "\r\n\r\n";
  std::string body(kDeclared - 16, 'x');  // all but the last bytes: the request never ends
  std::vector<std::unique_ptr<testing::RawConnection>> stalled;
  for (int i = 0; i < kConnections; ++i) {
    auto connection = std::make_unique<testing::RawConnection>(port, "127.0.0.2");
    ASSERT_TRUE(connection->connected());
    ASSERT_TRUE(connection->Send(head + body));
    stalled.push_back(std::move(connection));
  }
  // Wait until the server has read what was sent (its memory stops growing).
  long peak = ResidentKib(child.pid());
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(200ms);
    long now = ResidentKib(child.pid());
    if (now <= peak && now - rest > 8 * 1024) break;
    peak = std::max(peak, now);
  }
  // The bodies were really held: about 12 MiB of them.
  EXPECT_GT(peak - rest, 8 * 1024) << "rest " << rest << " KiB, peak " << peak << " KiB";
  stalled.clear();
  // At least half of what the abuse took is handed back (mimalloc keeps some pages of each
  // thread's heap for reuse, which a second round of abuse takes again rather than growing).
  const long bound = rest + (peak - rest) / 2;
  long after = peak;
  for (auto deadline = std::chrono::steady_clock::now() + 15s;
       std::chrono::steady_clock::now() < deadline && after > bound;) {
    std::this_thread::sleep_for(200ms);
    after = ResidentKib(child.pid());
  }
  EXPECT_LE(after, bound) << "rest " << rest << " KiB, peak " << peak << " KiB";
  EXPECT_EQ(testing::Fetch(url).status, 200);
}

}  // namespace
}  // namespace bulletin
