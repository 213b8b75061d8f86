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
