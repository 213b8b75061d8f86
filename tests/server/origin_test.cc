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
  // Only the proxy's own address is trusted, not the rest of 127.0.0.0/8.
  EXPECT_EQ(ClientAddress(From("127.0.0.2", "198.51.100.1")), "127.0.0.2");
  EXPECT_EQ(ForwardedClientAddress(From("127.0.0.1")), "");
  EXPECT_EQ(ForwardedClientAddress(From("127.0.0.1", "198.51.100.1")), "198.51.100.1");
}

TEST(OriginOfTest, KeepsSchemeHostAndOnlyANonDefaultPort) {
  EXPECT_EQ(OriginOf("https://Learning.Example.org.uk/path?q"), "https://learning.example.org.uk");
  EXPECT_EQ(OriginOf("https://example.org:443/"), "https://example.org");
  EXPECT_EQ(OriginOf("http://example.org:80"), "http://example.org");
  EXPECT_EQ(OriginOf("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(OriginOf("example.org"), "");
}

TEST(CrossSiteTest, ComparesOriginWithHostAndBaseUrl) {
  HttpRequest request;
  request.peer_address = "127.0.0.1";
  request.headers.Add("Host", "127.0.0.1:8080");
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

TEST(CrossSiteTest, ComparesTheScheme) {
  const std::string base = "https://learning.example.org.uk/";
  HttpRequest request;
  request.peer_address = "203.0.113.5";
  request.headers.Add("Host", "learning.example.org.uk");
  request.headers.Add("Origin", "http://learning.example.org.uk");
  EXPECT_FALSE(IsCrossSite(request, "https://other.example/"));  // served directly over http
  request.headers.Set("Host", "127.0.0.1:8080");
  EXPECT_TRUE(IsCrossSite(request, base));  // the public site is https, not http
  // Behind the proxy, the page's scheme is the one the proxy says it received.
  request.peer_address = "127.0.0.1";
  request.headers.Set("Host", "intranet.example");
  request.headers.Set("X-Forwarded-Proto", "https");
  request.headers.Set("Origin", "https://intranet.example");
  EXPECT_FALSE(IsCrossSite(request, base));
  request.headers.Set("Origin", "http://intranet.example");
  EXPECT_TRUE(IsCrossSite(request, base));
  // A remote client cannot claim https for itself.
  request.peer_address = "203.0.113.5";
  request.headers.Set("Origin", "https://intranet.example");
  EXPECT_TRUE(IsCrossSite(request, base));
}

TEST(CrossSiteTest, APostWithNeitherOriginNorSameOriginFetchIsRefused) {
  const std::string base = "https://learning.example.org.uk/";
  HttpRequest request;
  request.headers.Add("Host", "learning.example.org.uk");
  EXPECT_TRUE(IsCrossSite(request, base));
  request.headers.Add("Sec-Fetch-Site", "none");
  EXPECT_TRUE(IsCrossSite(request, base));
  request.headers.Set("Sec-Fetch-Site", "same-origin");
  EXPECT_FALSE(IsCrossSite(request, base));
}

}  // namespace
}  // namespace bulletin
