#include "server/mime_types.h"

#include "gtest/gtest.h"

namespace bulletin {
namespace {

TEST(MimeTypesTest, KnowsTheTypesASiteServes) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/assets/site.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/assets/search.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/search/index-0.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("/sitemap.xml"), "application/xml");
  EXPECT_EQ(ContentTypeFor("/logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.jpg"), "image/jpeg");
  EXPECT_EQ(ContentTypeFor("a.jpeg"), "image/jpeg");
  EXPECT_EQ(ContentTypeFor("a.gif"), "image/gif");
  EXPECT_EQ(ContentTypeFor("a.webp"), "image/webp");
  EXPECT_EQ(ContentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("brief.pdf"), "application/pdf");
  EXPECT_EQ(ContentTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("roster.csv"), "text/csv; charset=utf-8");
}

TEST(MimeTypesTest, TheAtomFeedIsNotPlainXml) {
  EXPECT_EQ(ContentTypeFor("/feed.xml"), "application/atom+xml");
  EXPECT_EQ(ContentTypeFor("/themes/feed.xml"), "application/atom+xml");
  EXPECT_EQ(ContentTypeFor("/feedback.xml"), "application/xml");
}

TEST(MimeTypesTest, ComparesExtensionsCaseInsensitively) {
  EXPECT_EQ(ContentTypeFor("PHOTO.JPG"), "image/jpeg");
  EXPECT_TRUE(IsHtmlPath("/A/INDEX.HTML"));
  EXPECT_FALSE(IsHtmlPath("/a/html"));
}

TEST(MimeTypesTest, UnknownOrMissingExtensionsAreOctetStream) {
  EXPECT_EQ(ContentTypeFor("archive.tar.zz"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("README"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("dir.html/file"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor(""), "application/octet-stream");
}

}  // namespace
}  // namespace bulletin
