// Per-client-address limits: ClientLimits itself, then a real server refusing one address's
// flood (over loopback, each client on its own 127.0.0.x address) while serving others.
#include "server/client_limits.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "http_test_support.h"
#include "server/server.h"

namespace bulletin {
namespace {

using namespace std::chrono_literals;
using testing::Fetch;
using testing::FetchOptions;
using testing::RawConnection;
using testing::RawStatus;
using Verdict = ClientLimits::Verdict;

constexpr char kAttacker[] = "127.0.0.2";
constexpr char kOrdinary[] = "127.0.0.3";

TEST(ClientLimitsTest, CountsOpenConnectionsPerAddress) {
  ClientLimits limits(2, 0);
  EXPECT_EQ(limits.Admit("a", true), Verdict::kAdmitted);
  EXPECT_EQ(limits.Admit("a", true), Verdict::kAdmitted);
  EXPECT_EQ(limits.Admit("a", true), Verdict::kTooManyOpen);
  EXPECT_EQ(limits.Admit("b", true), Verdict::kAdmitted);
  limits.Release("a");
  EXPECT_EQ(limits.Admit("a", true), Verdict::kAdmitted);
  limits.Release("a");
  limits.Release("a");
  limits.Release("b");
  EXPECT_EQ(limits.tracked(), 0u);  // nothing open, nothing to remember
}

TEST(ClientLimitsTest, LimitsTheRateOfNewConnections) {
  ClientLimits limits(0, 2);
  auto t0 = ClientLimits::Clock::now();
  EXPECT_EQ(limits.Admit("a", true, t0), Verdict::kAdmitted);
  EXPECT_EQ(limits.Admit("a", true, t0), Verdict::kAdmitted);
  EXPECT_EQ(limits.Admit("a", true, t0), Verdict::kTooFast);
  EXPECT_EQ(limits.Admit("a", false, t0), Verdict::kAdmitted);  // open count only
  EXPECT_EQ(limits.Admit("b", true, t0), Verdict::kAdmitted);
  EXPECT_EQ(limits.Admit("a", true, t0 + 500ms), Verdict::kAdmitted);  // one token back
  EXPECT_EQ(limits.Admit("a", true, t0 + 600ms), Verdict::kTooFast);
}

TEST(ClientLimitsTest, ForgetsAddressesOnceTheirBucketIsFull) {
  ClientLimits limits(4, 10);
  auto t0 = ClientLimits::Clock::now();
  for (int i = 0; i < 3000; ++i) {
    std::string address = "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256);
    ASSERT_EQ(limits.Admit(address, true, t0 + std::chrono::milliseconds(i)), Verdict::kAdmitted);
    limits.Release(address);
  }
  // Addresses whose bucket has refilled are swept out (every 1,024 admissions): only those
  // seen since the last sweep, or too recently to have refilled, are remembered.
  EXPECT_LT(limits.tracked(), 2100u);
}

class ServerLimitsTest : public ::testing::Test {
 protected:
  ServerLimitsTest() {
    site_.Add("index.html", "<h1>Home</h1>\n");
    options_ = testing::TestOptions(site_.site());
  }
  void Start(Router routes = {}) { server_.emplace(options_, std::move(routes)); }
  int port() const { return server_->port(); }
  std::string Url(std::string_view path) const { return server_->Url(path); }

  // A GET from the ordinary client's address.
  long OrdinaryGet() {
    FetchOptions from;
    from.source_address = kOrdinary;
    return Fetch(Url("/"), from).status;
  }

  testing::TempSite site_;
  ServerOptions options_;
  std::optional<testing::RunningServer> server_;
};

TEST_F(ServerLimitsTest, OneAddressOverItsConnectionLimitIsRefusedAndOthersAreServed) {
  options_.max_connections = 8;
  options_.max_connections_per_client = 3;
  options_.new_connections_per_client_per_second = 0;
  options_.header_timeout_seconds = 30;  // the held connections send nothing
  Start();
  // Twice the global cap of idle connections from one address.
  std::vector<std::unique_ptr<RawConnection>> flood;
  int refused = 0;
  for (int i = 0; i < 16; ++i) {
    auto connection = std::make_unique<RawConnection>(port(), kAttacker);
    ASSERT_TRUE(connection->connected());
    // A refused connection is answered at once without the client sending anything.
    bool closed = false;
    std::string answer = connection->ReadFor(i < 3 ? 50ms : 2000ms, &closed);
    if (closed) {
      EXPECT_EQ(RawStatus(answer), 429) << answer;
      testing::ExpectSecurityHeaders(answer);
      ++refused;
    }
    flood.push_back(std::move(connection));
  }
  EXPECT_EQ(refused, 13);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(OrdinaryGet(), 200);
  // Once the attacker's connections close, the address is served again.
  flood.clear();
  bool served = false;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!served && std::chrono::steady_clock::now() < deadline) {
    FetchOptions from;
    from.source_address = kAttacker;
    served = Fetch(Url("/"), from).status == 200;
    if (!served) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerLimitsTest, OneAddressOpeningConnectionsTooFastIsRefused) {
  options_.max_connections_per_client = 0;
  options_.new_connections_per_client_per_second = 1;
  Start();
  RawConnection first(port(), kAttacker);
  RawConnection second(port(), kAttacker);
  bool closed = false;
  std::string answer = second.ReadFor(2000ms, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(RawStatus(answer), 429) << answer;
  ASSERT_TRUE(first.Send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(RawStatus(first.ReadFor(5s)), 200);
  EXPECT_EQ(OrdinaryGet(), 200);
}

TEST_F(ServerLimitsTest, BehindTheProxyTheForwardedAddressIsLimited) {
  options_.max_connections_per_client = 1;
  options_.new_connections_per_client_per_second = 1;  // never applied to the proxy itself
  Start(testing::EchoRoutes());
  // The proxy (127.0.0.1) relays a slow upload from one client: its request is in progress.
  RawConnection slow(port());
  ASSERT_TRUE(
      slow.Send("POST /echo HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: "
                "198.51.100.7\r\nContent-Length: 4\r\n\r\nab"));
  auto get_for = [&](const std::string& client) {
    std::string request = "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n";
    if (!client.empty()) request += "X-Forwarded-For: " + client + "\r\n";
    return RawStatus(testing::RawExchange(port(), request + "\r\n"));
  };
  // Once the server has read the slow request's header, that client's one slot is taken.
  // (Asked too soon, a request from that client could take the slot first.)
  std::this_thread::sleep_for(500ms);
  int status = 0;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       status != 429 && std::chrono::steady_clock::now() < deadline;) {
    status = get_for("198.51.100.7");
    if (status != 429) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(status, 429);
  EXPECT_EQ(get_for("198.51.100.8"), 200);
  EXPECT_EQ(get_for(""), 200);  // the proxy's own requests
  ASSERT_TRUE(slow.Send("cd"));
  std::string echoed = slow.ReadUntil("abcd", 5s);
  EXPECT_EQ(RawStatus(echoed), 200) << echoed;
  slow.Close();
  bool served = false;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!served && std::chrono::steady_clock::now() < deadline) {
    served = get_for("198.51.100.7") == 200;
    if (!served) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerLimitsTest, HostMustBePresentOnceAndAllowed) {
  options_.allowed_hosts = {"learning.example.org.uk", "localhost"};
  Start();
  auto status = [&](const std::string& host_lines) {
    return RawStatus(testing::RawExchange(
        port(), "GET / HTTP/1.1\r\n" + host_lines + "Connection: close\r\n\r\n"));
  };
  EXPECT_EQ(status("Host: learning.example.org.uk\r\n"), 200);
  EXPECT_EQ(status("Host: LOCALHOST:8080\r\n"), 200);
  EXPECT_EQ(status(""), 400);
  EXPECT_EQ(status("Host: localhost\r\nHost: localhost\r\n"), 400);
  EXPECT_EQ(status("Host: evil.example\r\n"), 400);
  EXPECT_EQ(status("Host: learning.example.org.uk.evil.example\r\n"), 400);
}

TEST_F(ServerLimitsTest, WithoutAnAllowListAnyHostIsTakenButStillExactlyOne) {
  Start();
  auto status = [&](const std::string& host_lines) {
    return RawStatus(testing::RawExchange(
        port(), "GET / HTTP/1.1\r\n" + host_lines + "Connection: close\r\n\r\n"));
  };
  EXPECT_EQ(status("Host: anything.example\r\n"), 200);
  EXPECT_EQ(status(""), 400);
  EXPECT_EQ(status("Host: a\r\nHost: b\r\n"), 400);
}

TEST_F(ServerLimitsTest, TheBodyHasItsOwnDeadlineAfterTheHeader) {
  options_.header_timeout_seconds = 1;
  options_.body_timeout_seconds = 10;
  Start(testing::EchoRoutes());
  RawConnection connection(port());
  ASSERT_TRUE(connection.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nab"));
  std::this_thread::sleep_for(1500ms);  // past the header's deadline, within the body's
  ASSERT_TRUE(connection.Send("cd"));
  std::string response = connection.ReadUntil("abcd", 5s);
  EXPECT_EQ(RawStatus(response), 200) << response;
}

// The larger body limit is decided by may_upload once the first bytes are in, not from the
// method and path: a request it does not allow gets 413 without the rest being held.
TEST_F(ServerLimitsTest, TheUploadLimitAppliesOnlyWhenAuthorised) {
  options_.max_body_bytes = 1024;
  options_.max_upload_body_bytes = 64 * 1024;
  std::atomic<int> asked{0};
  options_.may_upload = [&](const HttpRequest& head) {
    ++asked;
    EXPECT_GE(head.body.size(), 1024u);
    EXPECT_EQ(head.path, "/manage/upload");
    return head.body.starts_with("csrf=right&");
  };
  Router routes;
  routes.Add("POST", "/manage/upload", [](const HttpRequest& request) {
    HttpResponse response;
    response.body = std::to_string(request.body.size());
    return response;
  });
  Start(std::move(routes));
  auto post = [&](const std::string& body) {
    return Fetch(Url("/manage/upload"), testing::Method("POST", body));
  };
  testing::HttpResult small = post("csrf=wrong&" + std::string(500, 'x'));
  EXPECT_EQ(small.status, 200);  // under the small limit: not asked
  EXPECT_EQ(asked.load(), 0);
  testing::HttpResult big = post("csrf=right&" + std::string(40000, 'x'));
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.body, "40011");
  EXPECT_EQ(post("csrf=wrong&" + std::string(40000, 'x')).status, 413);
  EXPECT_EQ(post("csrf=right&" + std::string(70000, 'x')).status, 413);
  // A declared length over the upload limit is refused with the header alone.
  std::string declared = testing::RawExchange(
      port(), "POST /manage/upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n");
  EXPECT_EQ(RawStatus(declared), 413);
}

TEST_F(ServerLimitsTest, WithoutAnUploadGateEveryBodyHasTheSmallLimit) {
  options_.max_body_bytes = 1024;
  options_.max_upload_body_bytes = 64 * 1024;
  Router routes;
  routes.Add("POST", "/manage/roster", [](const HttpRequest&) { return HttpResponse(); });
  Start(std::move(routes));
  EXPECT_EQ(Fetch(Url("/manage/roster"), testing::Method("POST", std::string(5000, 'x'))).status,
            413);
}

// Slow handlers (password hashing) run on their own pool with a bounded queue: a burst of
// them is answered 503 at once beyond it, and never holds the workers quiz posts need.
TEST_F(ServerLimitsTest, SlowRoutesHaveTheirOwnBoundedPool) {
  options_.worker_threads = 1;
  options_.slow_threads = 1;
  options_.slow_queue = 1;
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> started{0};
  Router routes;
  routes.Add(
      "POST", "/slow",
      [&](const HttpRequest&) {
        ++started;
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return release; });
        return HttpResponse();
      },
      HandlerPool::kSlow);
  routes.Add("POST", "/quick", [](const HttpRequest&) { return HttpResponse(); });
  Start(std::move(routes));
  std::vector<std::thread> slow;
  std::atomic<int> ok{0};
  for (int i = 0; i < 2; ++i) {
    slow.emplace_back(
        [&] { ok += Fetch(Url("/slow"), testing::Method("POST", "x")).status == 200; });
  }
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (started.load() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(200ms);  // the second is queued behind the first
  testing::HttpResult over = Fetch(Url("/slow"), testing::Method("POST", "x"));
  EXPECT_EQ(over.status, 503);
  EXPECT_EQ(over.headers["retry-after"], "2");
  // The one worker is free for other posts meanwhile.
  EXPECT_EQ(Fetch(Url("/quick"), testing::Method("POST", "x")).status, 200);
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  for (std::thread& thread : slow) thread.join();
  EXPECT_EQ(ok.load(), 2);
}

}  // namespace
}  // namespace bulletin
