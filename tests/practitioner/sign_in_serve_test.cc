// End to end: `bulletin serve` with a real SMTP server (tests/mail/smtp_sink.py): a
// practitioner asks for a link, it arrives at the SMTP server, and it signs them in.
#include <gtest/gtest.h>

#include <regex>

#include "mail/smtp_sink.h"

namespace bulletin {
namespace {

using testing::SmtpSink;
using testing::WaitFor;
using namespace std::chrono_literals;

// The sign-in link in a delivered message: its quoted-printable soft line breaks removed.
std::string LinkIn(const std::string& message) {
  std::string text = std::regex_replace(message, std::regex("=\r\n"), "");
  std::smatch m;
  if (!std::regex_search(text, m,
                         std::regex("https://learning\\.example\\.org\\.uk(/sign-in/link\\?token"
                                    "=3D[A-Za-z0-9_-]{43})"))) {
    return "";
  }
  return std::regex_replace(m[1].str(), std::regex("=3D"), "=");
}

TEST(SignInServeTest, ALinkDeliveredBySmtpSignsThePractitionerIn) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  testing::TempSite site;
  testing::TempDir tmp;
  testing::Child child({BULLETIN_BINARY, "serve", "--site", site.site().string(), "--content",
                        BULLETIN_SOURCE_DIR + "/content", "--templates",
                        BULLETIN_SOURCE_DIR + "/templates", "--db", tmp / "data/bulletin.db",
                        "--port", "0", "--smtp-url", sink.url()});
  std::optional<std::string> line = child.ReadLine(60s);
  ASSERT_TRUE(line) << "no Serving line";
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex("127\\.0\\.0\\.1:([0-9]+)/"))) << *line;
  std::string base = "http://127.0.0.1:" + match[1].str();
  auto post = [&](const std::string& path, const std::string& body) {
    testing::FetchOptions options = testing::Method("POST", body);
    options.headers = {"Content-Type: application/x-www-form-urlencoded", "Origin: " + base};
    return testing::Fetch(base + path, options);
  };

  testing::HttpResult r = post("/sign-in", "email=alex.kerr%40northmoor.police.example.org.uk");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(WaitFor([&] { return sink.Count() == 1; }));
  std::string message = sink.Messages()[0];
  EXPECT_NE(message.find("\r\nTo: alex.kerr@northmoor.police.example.org.uk\r\n"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("\r\nSubject: Sign in to Hallowford SP\r\n"), std::string::npos);
  std::string link = LinkIn(message);
  ASSERT_FALSE(link.empty()) << message;
  EXPECT_EQ(testing::Fetch(base + link).status, 200);
  r = post("/sign-in/link", "token=" + link.substr(link.find('=') + 1));
  ASSERT_EQ(r.status, 303) << r.body;
  std::string cookie = r.headers["set-cookie"].substr(0, r.headers["set-cookie"].find(';'));
  testing::HttpResult page =
      testing::Fetch(base + "/sign-in", testing::WithHeader("Cookie: " + cookie));
  EXPECT_NE(
      page.body.find("You are signed in as <strong>alex.kerr@northmoor.police.example.org.uk"),
      std::string::npos)
      << page.body;
}

}  // namespace
}  // namespace bulletin
