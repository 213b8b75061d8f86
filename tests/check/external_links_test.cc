// The external link checker against a real HTTP server on 127.0.0.1.
#include "check/external_links.h"

#include <gtest/gtest.h>

#include <chrono>

#include "check/http_link_checker.h"
#include "check/test_http_server.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using testing::TestHttpServer;

HttpCheckOptions FastOptions() {
  HttpCheckOptions o;
  o.max_per_host = 2;
  o.host_delay_ms = 5;
  // Generous enough for a loaded CI machine; /slow answers after 6 s, well beyond.
  o.connect_timeout_ms = 3000;
  o.timeout_ms = 3000;
  o.max_redirects = 5;
  o.user_agent = "bulletin-link-checker/0.1 (+https://test.example/)";
  return o;
}

TEST(HttpLinkCheckerTest, ReportsEachKindOfAnswer) {
  TestHttpServer server;
  std::vector<std::string> urls = {server.Url("/ok"),   server.Url("/missing"), server.Url("/r/3"),
                                   server.Url("/r/9"),  server.Url("/busy"),    server.Url("/slow"),
                                   server.Url("/huge"), "ftp://127.0.0.1/file"};
  HttpCheckStats stats;
  size_t last_done = 0;
  auto start = std::chrono::steady_clock::now();
  auto results = CheckUrls(
      urls, FastOptions(), [&](size_t done, size_t) { last_done = done; }, &stats);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(10));
  EXPECT_EQ(last_done, urls.size());

  EXPECT_TRUE(results[server.Url("/ok")].ok);
  EXPECT_EQ(results[server.Url("/missing")].problem, "returned 404");
  EXPECT_TRUE(results[server.Url("/r/3")].ok);
  EXPECT_EQ(results[server.Url("/r/9")].problem, "too many redirects (more than 5)");
  EXPECT_TRUE(results[server.Url("/busy")].ok) << results[server.Url("/busy")].problem;
  EXPECT_EQ(results[server.Url("/slow")].problem, "timed out (no answer within 3 s)");
  EXPECT_TRUE(results[server.Url("/huge")].ok) << results[server.Url("/huge")].problem;
  EXPECT_EQ(results["ftp://127.0.0.1/file"].problem, "is not a valid http or https address");
  EXPECT_LT(server.bytes_sent(), 64L << 20) << "the huge body must be cut off";
  EXPECT_EQ(server.user_agent(), "bulletin-link-checker/0.1 (+https://test.example/)");
  EXPECT_LE(server.MaxConcurrent("127.0.0.1:" + std::to_string(server.port())), 2);
}

TEST(HttpLinkCheckerTest, KeepsToThePerHostLimit) {
  TestHttpServer server;
  std::vector<std::string> urls;
  for (int i = 0; i < 16; ++i) urls.push_back(server.Url("/delay?n=" + std::to_string(i)));
  HttpCheckOptions options = FastOptions();
  options.max_per_host = 3;
  HttpCheckStats stats;
  auto results = CheckUrls(urls, options, nullptr, &stats);
  for (const auto& [url, r] : results) EXPECT_TRUE(r.ok) << url << " " << r.problem;
  int max = server.MaxConcurrent("127.0.0.1:" + std::to_string(server.port()));
  EXPECT_LE(max, 3);
  EXPECT_GE(max, 2) << "requests to one host should still overlap";
  EXPECT_EQ(stats.requests, 16);
}

TEST(ExternalLinksTest, CachesResultsAndWorksOffline) {
  TestHttpServer server;
  testing::TempDir tmp;
  std::vector<ExternalLink> links = {{server.Url("/ok"), "a.md", 3, 5},
                                     {server.Url("/missing"), "a.md", 4, 1},
                                     {server.Url("/missing"), "b.md", 9, 12}};
  ExternalCheckOptions options;
  options.http = FastOptions();
  options.cache_path = tmp / "cache/link-cache.db";
  options.now = 1'700'000'000;

  CheckReport first;
  ExternalCheckStats stats1;
  CheckExternalLinks(links, options, &first, &stats1);
  std::string missing = server.Url("/missing");
  EXPECT_EQ(first.FormatText(), "a.md:4:1: warning: " + missing + " returned 404\n" +
                                    "b.md:9:12: warning: " + missing + " returned 404\n");
  EXPECT_EQ(stats1.urls, 2);
  EXPECT_GT(stats1.requests, 0);
  int requests_after_first = server.requests();

  options.offline = true;
  options.now += 3600;
  CheckReport second;
  ExternalCheckStats stats2;
  CheckExternalLinks(links, options, &second, &stats2);
  EXPECT_EQ(second.FormatText(), first.FormatText());
  EXPECT_EQ(stats2.from_cache, 2);
  EXPECT_EQ(stats2.requests, 0);
  EXPECT_EQ(server.requests(), requests_after_first) << "an offline run makes no requests";

  links.push_back({server.Url("/r/1"), "c.md", 2, 2});
  CheckReport third;
  ExternalCheckStats stats3;
  CheckExternalLinks(links, options, &third, &stats3);
  EXPECT_NE(third.FormatText().find("c.md:2:2: note: " + server.Url("/r/1") +
                                    " not checked (offline, and not in the link cache)"),
            std::string::npos);

  // Past the time-to-live the cache is not trusted: online, it asks again.
  options.offline = false;
  options.now += 2 * 24 * 3600;
  CheckReport fourth;
  ExternalCheckStats stats4;
  CheckExternalLinks(links, options, &fourth, &stats4);
  EXPECT_EQ(stats4.from_cache, 0);
  EXPECT_GT(server.requests(), requests_after_first);
}

}  // namespace
}  // namespace bulletin
