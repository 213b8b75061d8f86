#include "server/multipart.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(MultipartBoundaryTest, ReadsQuotedAndBareBoundaries) {
  std::string b;
  ASSERT_TRUE(MultipartBoundary("multipart/form-data; boundary=abc123", &b));
  EXPECT_EQ(b, "abc123");
  ASSERT_TRUE(MultipartBoundary("Multipart/Form-Data;boundary=\"a b:c=d?\"; charset=utf-8", &b));
  EXPECT_EQ(b, "a b:c=d?");
  ASSERT_TRUE(MultipartBoundary("multipart/form-data; BOUNDARY=\"----WebKitFormBoundaryx\"", &b));
  EXPECT_EQ(b, "----WebKitFormBoundaryx");
}

TEST(MultipartBoundaryTest, RefusesOtherTypesAndBadBoundaries) {
  std::string b;
  EXPECT_FALSE(MultipartBoundary("application/x-www-form-urlencoded", &b));
  EXPECT_FALSE(MultipartBoundary("multipart/mixed; boundary=abc", &b));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data", &b));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=", &b));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=\"unterminated", &b));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a'), &b));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=\"ends with space \"", &b));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=a<b", &b));
}

const char kBody[] =
    "preamble to ignore\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n"
    "\r\n"
    "token123\r\n"
    "--XyZ\r\n"
    "content-disposition: form-data; name=\"roster\"; filename=\"staff \\\"2027\\\".csv\"\r\n"
    "Content-Type: text/csv\r\n"
    "\r\n"
    "name,email\r\n\"Sam\r\nPatel\",sam@example.org\r\n--XyZnot-a-delimiter\r\n"
    "\r\n"
    "--XyZ  \r\n"
    "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
    "\r\n"
    "\r\n"
    "--XyZ--\r\n"
    "epilogue to ignore";

TEST(MultipartTest, SplitsPartsKeepingCrlfsAndLookAlikeLinesInContent) {
  std::vector<MultipartPart> parts;
  std::string err;
  ASSERT_TRUE(ParseMultipart(kBody, "XyZ", 10, &parts, &err)) << err;
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].name, "csrf");
  EXPECT_FALSE(parts[0].has_filename);
  EXPECT_EQ(parts[0].content_type, "text/plain");
  EXPECT_EQ(parts[0].body, "token123");
  EXPECT_EQ(parts[1].name, "roster");
  EXPECT_TRUE(parts[1].has_filename);
  EXPECT_EQ(parts[1].filename, "staff \"2027\".csv");
  EXPECT_EQ(parts[1].content_type, "text/csv");
  EXPECT_EQ(parts[1].body,
            "name,email\r\n\"Sam\r\nPatel\",sam@example.org\r\n--XyZnot-a-delimiter\r\n");
  EXPECT_EQ(parts[2].name, "empty");
  EXPECT_TRUE(parts[2].has_filename);
  EXPECT_EQ(parts[2].filename, "");
  EXPECT_EQ(parts[2].body, "");
  EXPECT_EQ(FindPart(parts, "roster"), &parts[1]);
  EXPECT_EQ(FindPart(parts, "missing"), nullptr);
}

TEST(MultipartTest, ABodyMayStartWithTheDelimiter) {
  std::vector<MultipartPart> parts;
  std::string err;
  ASSERT_TRUE(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--", "b",
                             10, &parts, &err))
      << err;
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "a");
  EXPECT_EQ(parts[0].body, "1");
}

TEST(MultipartTest, RefusesTruncatedAndMalformedBodies) {
  std::vector<MultipartPart> parts;
  std::string err;
  const std::string part = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
  EXPECT_FALSE(ParseMultipart(part, "b", 10, &parts, &err));
  EXPECT_EQ(err, "the body ends without its closing boundary");
  EXPECT_FALSE(ParseMultipart(part + "--b", "b", 10, &parts, &err));
  EXPECT_EQ(err, "the body ends without its closing boundary");
  EXPECT_FALSE(ParseMultipart("no delimiter at all", "b", 10, &parts, &err));
  EXPECT_EQ(err, "the body has no boundary line");
  EXPECT_FALSE(
      ParseMultipart("--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--", "b", 10, &parts, &err));
  EXPECT_EQ(err, "a part has no Content-Disposition header");
  EXPECT_FALSE(ParseMultipart("--b\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--b--",
                              "b", 10, &parts, &err));
  EXPECT_EQ(err, "a part's Content-Disposition is not form-data with a name");
  EXPECT_FALSE(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\r\n1\r\n--b--", "b",
                              10, &parts, &err));
  EXPECT_FALSE(ParseMultipart("--bjunk\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--",
                              "b", 10, &parts, &err));
  EXPECT_EQ(err, "a boundary line is followed by other text");
  EXPECT_FALSE(ParseMultipart("--b\r\nContent-Disposition: form-data; name=a\r\nX: " +
                                  std::string(9000, 'x') + "\r\n\r\n1\r\n--b--",
                              "b", 10, &parts, &err));
  EXPECT_EQ(err, "a part's headers are too long");
  EXPECT_FALSE(ParseMultipart(part + part + "--b--", "b", 1, &parts, &err));
  EXPECT_EQ(err, "too many parts");
}

}  // namespace
}  // namespace bulletin
