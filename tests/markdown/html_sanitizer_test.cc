#include "markdown/html_sanitizer.h"

#include <gtest/gtest.h>

#include "markdown_test_util.h"

namespace bulletin {
namespace {

TEST(HtmlSanitizerTest, RawHtmlIsDroppedWithAWarning) {
  struct Case {
    const char* input;
    const char* html;
    const char* position;
    const char* tag;
  };
  for (const Case& c : {
           Case{"Before.\n\n<script>alert(1)</script>\n\nAfter.\n",
                "<p>Before.</p>\n<p>After.</p>\n", "3:1", "<script>alert(1)</script>"},
           Case{"A <img src=x onerror=alert(1)> b\n", "<p>A  b</p>\n", "1:3",
                "<img src=x onerror=alert(1)>"},
           Case{"x<sup class=x>2</sup>\n", "<p>x2</p>\n", "1:2", "<sup class=x>"},
       }) {
    SCOPED_TRACE(c.input);
    RenderResult r = RenderForTest(c.input);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.out.html, c.html);
    EXPECT_EQ(r.Messages(), std::string("input:") + c.position + ": warning: raw HTML '" + c.tag +
                                "' dropped: write Markdown instead (only <sup>, <sub> and <br> "
                                "are kept)\n");
  }
}

TEST(HtmlSanitizerTest, CommentsAreDroppedSilentlyWithoutAPlaceholder) {
  RenderResult r = RenderForTest("<!-- note to self -->\n\nText <!-- inline --> here.\n");
  EXPECT_EQ(r.out.html, "<p>Text  here.</p>\n");
  EXPECT_EQ(r.Messages(), "");
  EXPECT_EQ(r.out.html.find("omitted"), std::string::npos);
}

TEST(HtmlSanitizerTest, AttributeFreeSupSubBrAreKept) {
  RenderResult r = RenderForTest("H<SUB>2</SUB>O, x<sup>2</sup>,<br>a<br/>b<BR />c\n");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.out.html, "<p>H<sub>2</sub>O, x<sup>2</sup>,<br>a<br>b<br>c</p>\n");
  EXPECT_EQ(r.Messages(), "");
}

TEST(HtmlSanitizerTest, UnbalancedOrMisnestedTagsAreDropped) {
  EXPECT_EQ(RenderForTest("a</sup> <sub>b\n").out.html, "<p>a b</p>\n");
  EXPECT_EQ(RenderForTest("<sup>*a</sup>*\n").out.html, "<p><em>a</em></p>\n");
  EXPECT_EQ(RenderForTest("<sup><sub>a</sup></sub>\n").out.html, "<p><sub>a</sub></p>\n");
}

TEST(HtmlSanitizerTest, JavascriptLinkIsRemovedKeepingItsText) {
  RenderResult r = RenderForTest("Intro.\n\nSee [the form](javascript:alert(1)) now.\n", 7);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.out.html, "<p>Intro.</p>\n<p>See the form now.</p>\n");
  EXPECT_EQ(r.Messages(),
            "input:9:5: error: link to 'javascript:alert(1)' removed: only http(s), mailto:, "
            "tel: and site links are allowed\n");
  EXPECT_TRUE(r.out.links.empty());
}

TEST(HtmlSanitizerTest, RawAnchorWithJavascriptIsDropped) {
  RenderResult r = RenderForTest("<a href=\"javascript:alert(1)\">x</a>\n");
  EXPECT_EQ(r.out.html, "<p>x</p>\n");
  EXPECT_EQ(r.diags.warning_count(), 2);  // the open and the close tag
}

TEST(HtmlSanitizerTest, EntityEncodedSchemesAreCaught) {
  RenderResult r = RenderForTest(
      "[a](jav&#x09;ascript:alert(1)) [b](&#106;avascript:x) [c](VBScript:x) "
      "[d](javascript&colon;x) [e](file:///etc/passwd) <javascript:x>\n");
  EXPECT_EQ(r.diags.error_count(), 6) << r.Messages();
  EXPECT_EQ(r.out.html.find("href"), std::string::npos) << r.out.html;
  EXPECT_EQ(r.diags.items()[0].Format(),
            "input:1:1: error: link to 'javascript:alert(1)' removed: only http(s), mailto:, "
            "tel: and site links are allowed");
}

TEST(HtmlSanitizerTest, DataImageBecomesItsAltText) {
  RenderResult r =
      RenderForTest("![a chart](data:image/png;base64,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)\n");
  EXPECT_EQ(r.out.html, "<p>a chart</p>\n");
  EXPECT_EQ(r.Messages(),
            "input:1:1: error: image 'data:image/png;base64,AAAAAAAAAAAAAAAAAA\u2026' removed: "
            "only http(s) and site images are allowed\n");
}

TEST(HtmlSanitizerTest, UnsafeImageInsideUnsafeLinkLeavesOnlyText) {
  RenderResult r = RenderForTest("[![alt](data:x)](javascript:y)\n");
  EXPECT_EQ(r.out.html, "<p>alt</p>\n");
  EXPECT_EQ(r.diags.error_count(), 2);
}

TEST(HtmlSanitizerTest, LinksAreRecordedWithFilePositions) {
  RenderResult r = RenderForTest(
      "See [one](https://example.org/a).\n\n> [!NOTE]\n> ![chart](/img/c.png) and "
      "www.example.com\n\n[ref]: /briefs/x/\n\nA [ref] and [mail](mailto:a@example.org), "
      "https://example.org/b\n",
      20);
  ASSERT_TRUE(r.ok) << r.Messages();
  ASSERT_EQ(r.out.links.size(), 6u);
  auto expect = [&](size_t i, const char* url, bool image, int line, int column) {
    SCOPED_TRACE(i);
    EXPECT_EQ(r.out.links[i].url, url);
    EXPECT_EQ(r.out.links[i].is_image, image);
    EXPECT_EQ(r.out.links[i].line, line);
    EXPECT_EQ(r.out.links[i].column, column);
  };
  expect(0, "https://example.org/a", false, 20, 5);
  expect(1, "/img/c.png", true, 23, 3);
  // cmark-gfm's autolink extension puts www links one column early and gives
  // https:// autolinks no position (the text before them stands in).
  expect(2, "http://www.example.com", false, 23, 27);
  expect(3, "/briefs/x/", false, 27, 3);
  expect(4, "mailto:a@example.org", false, 27, 13);
  expect(5, "https://example.org/b", false, 27, 41);
}

TEST(HtmlSanitizerTest, AllowedUrls) {
  for (const char* url : {"https://a.org", "HTTP://a.org", "mailto:a@b.org", "tel:0300",
                          "/briefs/x/", "../x", "#section", "", "briefs/x:y", "?q=1"}) {
    EXPECT_TRUE(IsAllowedUrl(url)) << url;
  }
  for (const char* url : {"javascript:x", " JaVaScRiPt:x", "java\tscript:x", "java\nscript:x",
                          "vbscript:x", "data:text/html,x", "file:///x", "ftp://x"}) {
    EXPECT_FALSE(IsAllowedUrl(url)) << url;
  }
}

}  // namespace
}  // namespace bulletin
