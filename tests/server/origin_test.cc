#include "server/origin.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

HttpRequest From(const std::string& peer, const std::string& forwarded = "") {
  HttpRequest request;
  request.peer_address = peer;
  if (!forwarded.empty()) request.headers.Add("X-Forwarded-For", forwarded);
  return request;
}

TEST(ClientAddressTest, TrustsForwardedForOnlyFromThisMachine) {
  EXPECT_EQ(ClientAddress(From("203.0.113.5")), "203.0.113.5");
  EXPECT_EQ(ClientAddress(From("203.0.113.5", "198.51.100.1")), "203.0.113.5");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", "10.1.1.1, 198.51.100.1")), "198.51.100.1");
  EXPECT_EQ(ClientAddress(From("::1", "2001:db8::7")), "2001:db8::7");
  EXPECT_EQ(ClientAddress(From("127.0.0.1")), "127.0.0.1");
  EXPECT_EQ(ClientAddress(From("127.0.0.1", "not an address")), "127.0.0.1");
}

TEST(CrossSiteTest, ComparesOriginWithHostAndBaseUrl) {
  HttpRequest request;
  request.headers.Add("Host", "127.0.0.1:8080");
  EXPECT_FALSE(IsCrossSite(request, "https://learning.example.org.uk/"));
  request.headers.Add("Origin", "http://127.0.0.1:8080");
  EXPECT_FALSE(IsCrossSite(request, "https://learning.example.org.uk/"));
  request.headers.Set("Origin", "https://learning.example.org.uk");
  EXPECT_FALSE(IsCrossSite(request, "https://learning.example.org.uk/"));
  request.headers.Set("Origin", "https://evil.example");
  EXPECT_TRUE(IsCrossSite(request, "https://learning.example.org.uk/"));
  request.headers.Set("Origin", "null");
  EXPECT_TRUE(IsCrossSite(request, "https://learning.example.org.uk/"));
  HttpRequest fetch;
  fetch.headers.Add("Sec-Fetch-Site", "same-site");
  EXPECT_TRUE(IsCrossSite(fetch, "https://learning.example.org.uk/"));
}

}  // namespace
}  // namespace bulletin
