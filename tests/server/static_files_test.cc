// StaticFiles through a real Server: real HTTP with libcurl, raw sockets for input curl
// would clean up.
#include "server/static_files.h"

#include <chrono>
#include <filesystem>
#include <string>

#include "core/precompressed.h"
#include "gtest/gtest.h"
#include "http_test_support.h"

namespace bulletin {
namespace {

using testing::Fetch;
using testing::FetchOptions;
using testing::HttpResult;
using testing::RawExchange;
using testing::RawStatus;

constexpr char kIndex[] = "<!doctype html><title>Home</title><h1>Home</h1>\n";
constexpr char kNotFound[] = "<!doctype html><title>Not found</title><h1>Custom not found</h1>\n";
constexpr char kSecret[] = "TOP-SECRET";

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    site_.Add("index.html", kIndex);
    site_.Add("404.html", kNotFound);
    site_.Add("nested/index.html", "<h1>Nested</h1>\n");
    site_.Add("nested/page.html", "<h1>Page</h1>\n");
    site_.Add("nested/deeper/index.html", "<h1>Deeper</h1>\n");
    site_.Add("assets/site.css", "body { color: #0b0c0c; }\n");
    site_.Add("assets/search.js", "export const x = 1;\n");
    site_.Add("assets/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    site_.Add("assets/photo.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
    site_.Add("assets/photo.jpg", "\xff\xd8\xff");
    site_.Add("assets/anim.gif", "GIF89a");
    site_.Add("assets/pic.webp", "RIFFxxxxWEBP");
    site_.Add("assets/font.woff2", "wOF2");
    site_.Add("favicon.ico", "ico");
    site_.Add("feed.xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>\n");
    site_.Add("sitemap.xml", "<urlset/>\n");
    site_.Add("search/index-0.json", "{\"terms\":[]}\n");
    site_.Add("robots.txt", "User-agent: *\n");
    site_.Add("downloads/brief.pdf", "%PDF-1.4");
    site_.Add("downloads/roster.csv", "name,email\n");
    site_.Add("downloads/blob.bin", "binary");
    site_.Add("with space/index.html", "<h1>Spaced</h1>\n");
    site_.Add(".secret", std::string(kSecret) + "-DOTFILE\n");
    site_.Add(".git/config", std::string(kSecret) + "-GIT\n");
    site_.Add("nested/.hidden.html", std::string(kSecret) + "-HIDDEN\n");
    std::filesystem::create_symlink("../outside.txt", site_.site() / "leak.txt");
    std::filesystem::create_directory_symlink("..", site_.site() / "up");
    std::filesystem::create_symlink("/etc/passwd", site_.site() / "passwd.txt");
    std::filesystem::create_symlink("index.html", site_.site() / "alias.html");
    server_.emplace(testing::TestOptions(site_.site()));
  }

  std::string Url(std::string_view path) const { return server_->Url(path); }
  HttpResult Get(std::string_view path, FetchOptions options = {}) {
    return Fetch(Url(path), options);
  }
  void ExpectRefused(std::string_view path) {
    HttpResult result = Get(path);
    ASSERT_TRUE(result.ok) << path << ": " << result.error;
    EXPECT_EQ(result.status, 404) << path;
    EXPECT_EQ(result.body, kNotFound) << path;
    EXPECT_EQ(result.body.find(kSecret), std::string::npos) << path;
    EXPECT_EQ(result.body.find("root:"), std::string::npos) << path;
  }

  testing::TempSite site_;
  std::optional<testing::RunningServer> server_;
};

TEST_F(StaticFilesTest, ServesEachTypeWithItsContentType) {
  struct Case {
    const char* path;
    const char* content_type;
    const char* file;
  };
  const Case cases[] = {
      {"/index.html", "text/html; charset=utf-8", "index.html"},
      {"/assets/site.css", "text/css; charset=utf-8", "assets/site.css"},
      {"/assets/search.js", "text/javascript; charset=utf-8", "assets/search.js"},
      {"/search/index-0.json", "application/json", "search/index-0.json"},
      {"/feed.xml", "application/atom+xml", "feed.xml"},
      {"/sitemap.xml", "application/xml", "sitemap.xml"},
      {"/assets/logo.svg", "image/svg+xml", "assets/logo.svg"},
      {"/assets/photo.png", "image/png", "assets/photo.png"},
      {"/assets/photo.jpg", "image/jpeg", "assets/photo.jpg"},
      {"/assets/anim.gif", "image/gif", "assets/anim.gif"},
      {"/assets/pic.webp", "image/webp", "assets/pic.webp"},
      {"/favicon.ico", "image/x-icon", "favicon.ico"},
      {"/robots.txt", "text/plain; charset=utf-8", "robots.txt"},
      {"/downloads/brief.pdf", "application/pdf", "downloads/brief.pdf"},
      {"/assets/font.woff2", "font/woff2", "assets/font.woff2"},
      {"/downloads/roster.csv", "text/csv; charset=utf-8", "downloads/roster.csv"},
      {"/downloads/blob.bin", "application/octet-stream", "downloads/blob.bin"},
  };
  for (const Case& c : cases) {
    HttpResult result = Get(c.path);
    ASSERT_TRUE(result.ok) << c.path << ": " << result.error;
    EXPECT_EQ(result.status, 200) << c.path;
    EXPECT_EQ(result.headers["content-type"], c.content_type) << c.path;
    EXPECT_EQ(result.body, testing::ReadWholeFile(site_.site() / c.file)) << c.path;
    EXPECT_EQ(result.headers["content-length"], std::to_string(result.body.size())) << c.path;
  }
}

TEST_F(StaticFilesTest, FolderTargetsServeTheirIndex) {
  EXPECT_EQ(Get("/").body, kIndex);
  EXPECT_EQ(Get("/nested/").body, "<h1>Nested</h1>\n");
  EXPECT_EQ(Get("/nested/deeper/").body, "<h1>Deeper</h1>\n");
  EXPECT_EQ(Get("/with%20space/").body, "<h1>Spaced</h1>\n");
  EXPECT_EQ(Get("/nested//page.html").body, "<h1>Page</h1>\n");
  HttpResult no_index = Get("/assets/");
  EXPECT_EQ(no_index.status, 404);
  EXPECT_EQ(no_index.body, kNotFound);
}

TEST_F(StaticFilesTest, FolderWithoutSlashRedirectsKeepingTheQuery) {
  HttpResult plain = Get("/nested");
  EXPECT_EQ(plain.status, 301);
  EXPECT_EQ(plain.headers["location"], "/nested/");
  HttpResult query = Get("/nested/deeper?theme=dash&page=2");
  EXPECT_EQ(query.status, 301);
  EXPECT_EQ(query.headers["location"], "/nested/deeper/?theme=dash&page=2");
  EXPECT_EQ(Get("/with%20space").headers["location"], "/with%20space/");
  // Never a protocol-relative Location that would send the reader to another host.
  EXPECT_EQ(Get("//nested").headers["location"], "/nested/");
}

TEST_F(StaticFilesTest, MissingFilesGetThe404PageWithStatus404) {
  for (const char* path : {"/missing.html", "/nested/missing/", "/index.html/x", "/missing"}) {
    HttpResult result = Get(path);
    EXPECT_EQ(result.status, 404) << path;
    EXPECT_EQ(result.body, kNotFound) << path;
    EXPECT_EQ(result.headers["content-type"], "text/html; charset=utf-8") << path;
  }
}

TEST_F(StaticFilesTest, WithoutA404PageAPlainOneIsServed) {
  std::filesystem::remove(site_.site() / "404.html");
  HttpResult result = Get("/missing.html");
  EXPECT_EQ(result.status, 404);
  EXPECT_NE(result.body.find("404 Not Found"), std::string::npos) << result.body;
  EXPECT_EQ(result.headers["content-type"], "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, HeadSendsTheHeadersWithoutTheBody) {
  HttpResult head = Get("/index.html", testing::Method("HEAD"));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], std::to_string(sizeof kIndex - 1));
  EXPECT_EQ(head.headers["content-type"], "text/html; charset=utf-8");
  // curl would hide stray body bytes: read the raw reply to the end.
  std::string raw = RawExchange(
      server_->port(), "HEAD /index.html HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(RawStatus(raw), 200);
  EXPECT_TRUE(raw.ends_with("\r\n\r\n")) << raw;
  std::string missing =
      RawExchange(server_->port(), "HEAD /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(RawStatus(missing), 404);
  EXPECT_TRUE(missing.ends_with("\r\n\r\n")) << missing;
}

TEST_F(StaticFilesTest, OtherMethodsGet405WithAllow) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    HttpResult result = Get("/index.html", testing::Method(method, "x=1"));
    EXPECT_EQ(result.status, 405) << method;
    EXPECT_EQ(result.headers["allow"], "GET, HEAD") << method;
    EXPECT_EQ(result.body.find("Home"), std::string::npos) << method;
  }
}

TEST_F(StaticFilesTest, TraversalOutOfTheSiteIsRefused) {
  ExpectRefused("/../outside.txt");
  ExpectRefused("/nested/../../outside.txt");
  ExpectRefused("/%2e%2e/outside.txt");
  ExpectRefused("/%2E%2E/outside.txt");
  ExpectRefused("/nested/%2e%2e/%2e%2e/outside.txt");
  ExpectRefused("/..%2foutside.txt");
  ExpectRefused("/%2e%2e%2foutside.txt");
  ExpectRefused("/%252e%252e/outside.txt");
  ExpectRefused("/%252e%252e%252foutside.txt");
  ExpectRefused("/./outside.txt");
  // Raw, exactly as an attacker would send it.
  for (const char* target : {"/../../etc/passwd", "/../outside.txt", "/nested/../../../etc/passwd",
                             "/%2e%2e/%2e%2e/etc/passwd"}) {
    std::string raw =
        RawExchange(server_->port(), std::string("GET ") + target +
                                         " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(RawStatus(raw), 404) << target;
    EXPECT_EQ(raw.find(kSecret), std::string::npos) << target;
    EXPECT_EQ(raw.find("root:"), std::string::npos) << target;
  }
}

TEST_F(StaticFilesTest, SymlinksLeavingTheSiteAreRefused) {
  ExpectRefused("/leak.txt");
  ExpectRefused("/up/outside.txt");
  ExpectRefused("/passwd.txt");
  // A link that stays inside is fine.
  HttpResult alias = Get("/alias.html");
  EXPECT_EQ(alias.status, 200);
  EXPECT_EQ(alias.body, kIndex);
}

TEST_F(StaticFilesTest, DotfilesAreNotServed) {
  ExpectRefused("/.secret");
  ExpectRefused("/.git/config");
  ExpectRefused("/.git/");
  ExpectRefused("/nested/.hidden.html");
  ExpectRefused("/%2esecret");
}

TEST_F(StaticFilesTest, BadlyEncodedPathsGet400) {
  for (const char* path : {"/%zz", "/a%00b", "/a%5cb", "/%", "/index.html%"}) {
    HttpResult result = Get(path);
    EXPECT_EQ(result.status, 400) << path;
  }
  std::string raw = RawExchange(server_->port(), "GET /a\\b HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(RawStatus(raw), 400);
}

TEST_F(StaticFilesTest, MatchingEntityTagGets304) {
  HttpResult first = Get("/assets/site.css");
  ASSERT_EQ(first.status, 200);
  std::string etag = first.headers["etag"];
  ASSERT_FALSE(etag.empty());
  ASSERT_FALSE(first.headers["last-modified"].empty());

  HttpResult again = Get("/assets/site.css", testing::WithHeader("If-None-Match: " + etag));
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.headers["etag"], etag);
  EXPECT_EQ(again.headers["cache-control"], "public, max-age=3600");
  EXPECT_EQ(Get("/assets/site.css", testing::WithHeader("If-None-Match: \"x\", W/" + etag)).status,
            304);
  EXPECT_EQ(Get("/assets/site.css", testing::WithHeader("If-None-Match: \"other\"")).status, 200);

  // A change to the file changes the tag.
  site_.Add("assets/site.css", "body { color: #d4351c; }\n/* longer */\n");
  HttpResult changed = Get("/assets/site.css", testing::WithHeader("If-None-Match: " + etag));
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.headers["etag"], etag);
}

TEST_F(StaticFilesTest, IfModifiedSinceGets304UnlessTheFileIsNewer) {
  HttpResult first = Get("/index.html");
  std::string last_modified = first.headers["last-modified"];
  EXPECT_EQ(Get("/index.html", testing::WithHeader("If-Modified-Since: " + last_modified)).status,
            304);
  EXPECT_EQ(
      Get("/index.html", testing::WithHeader("If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT"))
          .status,
      200);
  EXPECT_EQ(Get("/index.html", testing::WithHeader("If-Modified-Since: yesterday")).status, 200);
}

TEST_F(StaticFilesTest, HtmlIsRevalidatedAndAssetsAreCachedForAnHour) {
  EXPECT_EQ(Get("/").headers["cache-control"], "no-cache");
  EXPECT_EQ(Get("/nested/page.html").headers["cache-control"], "no-cache");
  EXPECT_EQ(Get("/assets/site.css").headers["cache-control"], "public, max-age=3600");
  EXPECT_EQ(Get("/assets/photo.png").headers["cache-control"], "public, max-age=3600");
}

TEST_F(StaticFilesTest, SearchIndexFilesNamedByTheirBytesAreImmutable) {
  site_.Add("search-index/manifest.json", "{}");
  site_.Add("search-index/c/abcdef0123.json", "{}");
  EXPECT_EQ(Get("/search-index/manifest.json").headers["cache-control"], "no-cache");
  EXPECT_EQ(Get("/search-index/c/abcdef0123.json").headers["cache-control"],
            "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, ASiteSwappedByRenameIsServedAtOnce) {
  ASSERT_EQ(Get("/").body, kIndex);
  std::filesystem::path next = site_.root() / "site.next";
  testing::WriteFile(next / "index.html", "<h1>Rebuilt</h1>\n");
  std::filesystem::rename(site_.site(), site_.root() / "site.old");
  std::filesystem::rename(next, site_.site());
  EXPECT_EQ(Get("/").body, "<h1>Rebuilt</h1>\n");
  EXPECT_EQ(Get("/nested/page.html").status, 404);
}

// The build's .br and .gz variants (core/precompressed.h), chosen by Accept-Encoding.
TEST_F(StaticFilesTest, PrecompressedVariantsAreChosenByAcceptEncoding) {
  std::string page = "<!doctype html><title>Big</title>";
  for (int i = 0; i < 200; ++i) page += "<p>Line " + std::to_string(i) + "</p>\n";
  site_.Add("big/index.html", page);
  site_.Add("big/index.html.gz", GzipCompress(page));
  site_.Add("big/index.html.br", BrotliCompress(page));
  struct Case {
    const char* accept;  // nullptr: no header
    const char* encoding;
  };
  for (const Case& c : {Case{"gzip, deflate, br", "br"}, Case{"br", "br"}, Case{"gzip", "gzip"},
                        Case{"br;q=0, gzip;q=0.5", "gzip"}, Case{"*", "br"},
                        Case{"*;q=0, gzip", "gzip"}, Case{"identity", ""}, Case{"gzip;q=0", ""},
                        Case{"br;q=0, gzip;q=0", ""}, Case{nullptr, ""}}) {
    FetchOptions options;
    if (c.accept) options.headers.push_back(std::string("Accept-Encoding: ") + c.accept);
    HttpResult result = Get("/big/", options);
    SCOPED_TRACE(c.accept ? c.accept : "(none)");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.headers["vary"], "Accept-Encoding");
    EXPECT_EQ(result.headers["content-type"], "text/html; charset=utf-8");
    std::string encoding = c.encoding;
    if (encoding.empty()) {
      EXPECT_EQ(result.headers.count("content-encoding"), 0u);
      EXPECT_EQ(result.body, page);
    } else {
      EXPECT_EQ(result.headers["content-encoding"], encoding);
      EXPECT_EQ(result.body, encoding == "br" ? BrotliCompress(page) : GzipCompress(page));
    }
  }
  // Each representation has its own tag, and revalidates against it.
  HttpResult br = Get("/big/", testing::WithHeader("Accept-Encoding: br"));
  HttpResult plain = Get("/big/");
  EXPECT_NE(br.headers["etag"], plain.headers["etag"]);
  FetchOptions again;
  again.headers = {"Accept-Encoding: br", "If-None-Match: " + br.headers["etag"]};
  HttpResult not_modified = Get("/big/", again);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.headers["vary"], "Accept-Encoding");
  // HEAD gives the length of what GET would send.
  FetchOptions head = testing::WithHeader("Accept-Encoding: gzip");
  head.method = "HEAD";
  EXPECT_EQ(Get("/big/", head).headers["content-length"],
            std::to_string(GzipCompress(page).size()));
}

TEST_F(StaticFilesTest, FilesWithoutVariantsOrNotTextAreSentAsTheyAre) {
  HttpResult css = Get("/assets/site.css", testing::WithHeader("Accept-Encoding: br, gzip"));
  EXPECT_EQ(css.body, "body { color: #0b0c0c; }\n");
  EXPECT_EQ(css.headers.count("content-encoding"), 0u);
  EXPECT_EQ(css.headers.count("vary"), 0u);
  site_.Add("assets/photo.png.gz", "not served");
  HttpResult png = Get("/assets/photo.png", testing::WithHeader("Accept-Encoding: gzip"));
  EXPECT_EQ(png.headers.count("content-encoding"), 0u);
  EXPECT_EQ(png.body.size(), 10u);
}

TEST_F(StaticFilesTest, AVariantOlderThanItsFileIsIgnored) {
  site_.Add("stale.html.gz", GzipCompress("<h1>Old</h1>\n"));
  std::filesystem::last_write_time(
      site_.site() / "stale.html.gz",
      std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
  site_.Add("stale.html", "<h1>New</h1>\n");
  HttpResult result = Get("/stale.html", testing::WithHeader("Accept-Encoding: gzip"));
  EXPECT_EQ(result.body, "<h1>New</h1>\n");
  EXPECT_EQ(result.headers.count("content-encoding"), 0u);
}

TEST_F(StaticFilesTest, OneByteRangeGets206AndOtherRangesTheWholeFile) {
  const std::string body = "body { color: #0b0c0c; }\n";  // assets/site.css, 25 bytes
  auto get = [&](std::vector<std::string> headers) {
    FetchOptions options;
    options.headers = std::move(headers);
    return Get("/assets/site.css", options);
  };
  HttpResult whole = get({});
  EXPECT_EQ(whole.headers["accept-ranges"], "bytes");
  HttpResult first = get({"Range: bytes=0-3"});
  EXPECT_EQ(first.status, 206);
  EXPECT_EQ(first.body, "body");
  EXPECT_EQ(first.headers["content-range"], "bytes 0-3/25");
  EXPECT_EQ(get({"Range: bytes=5-"}).body, body.substr(5));
  EXPECT_EQ(get({"Range: bytes=-2"}).body, "}\n");
  EXPECT_EQ(get({"Range: bytes=-100"}).body, body);
  EXPECT_EQ(get({"Range: bytes=20-1000"}).body, body.substr(20));
  HttpResult past = get({"Range: bytes=25-"});
  EXPECT_EQ(past.status, 416);
  EXPECT_EQ(past.headers["content-range"], "bytes */25");
  for (const char* ignored : {"bytes=0-1,4-5", "lines=1-2", "bytes=5-2", "bytes=x-"}) {
    HttpResult r = get({std::string("Range: ") + ignored});
    EXPECT_EQ(r.status, 200) << ignored;
    EXPECT_EQ(r.body, body) << ignored;
  }
  // If-Range: the range only if the file is still the one the client has part of.
  EXPECT_EQ(get({"Range: bytes=0-3", "If-Range: " + whole.headers["etag"]}).status, 206);
  EXPECT_EQ(get({"Range: bytes=0-3", "If-Range: \"old\""}).status, 200);
}

}  // namespace
}  // namespace bulletin
