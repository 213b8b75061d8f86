#include "mail/mime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/test_support.h"

namespace bulletin {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\r\n", start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

std::string HeadOf(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n"));
}

// Header names at the start of lines (continuations excluded).
std::vector<std::string> HeaderNames(const std::string& message) {
  std::vector<std::string> names;
  for (const std::string& line : Lines(HeadOf(message))) {
    if (!line.empty() && line[0] != ' ' && line[0] != '\t')
      names.push_back(line.substr(0, line.find(':')));
  }
  return names;
}

MailContent Sample() {
  MailContent c;
  c.from = {"Hallowford SP", "no-reply@learning.example.org.uk"};
  c.to = {"Sam Patel", "sam.patel@example.org.uk"};
  c.subject = "Your sign-in link";
  c.text = "Hello Sam,\n\nSign in: https://learning.example.org.uk/sign-in/abc\n";
  c.html = "<!DOCTYPE html><html><body><p>Hello Sam</p></body></html>\n";
  return c;
}

TEST(MimeTest, ShortAsciiHeaderTextIsKeptAsItIs) {
  EXPECT_EQ(EncodeHeaderText("Your sign-in link", 7), "Your sign-in link");
}

TEST(MimeTest, NonAsciiHeaderTextBecomesEncodedWords) {
  EXPECT_EQ(EncodeHeaderText("Caf\xC3\xA9", 7), "=?UTF-8?B?Q2Fmw6k=?=");
}

TEST(MimeTest, LongHeaderTextIsFoldedIntoWordsOfAtMost75Characters) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "\xC3\xA9t\xC3\xA9 ";  // "été " 40 times
  std::string encoded = EncodeHeaderText(subject, 7);
  std::vector<std::string> lines = Lines(encoded);
  ASSERT_GT(lines.size(), 2u);
  EXPECT_LE(lines[0].size() + 9, 78u);
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i][0], ' ') << lines[i];
    EXPECT_LE(lines[i].size(), 78u) << lines[i];
  }
  for (const std::string& line : lines) {
    std::string word = line.substr(line.find("=?"));
    EXPECT_LE(word.size(), 75u);
  }
}

TEST(MimeTest, LineBreaksInHeaderTextCannotStartAHeader) {
  std::string encoded = EncodeHeaderText("Hello\r\nBcc: victim@example.org", 7);
  EXPECT_EQ(encoded, "Hello  Bcc: victim@example.org");
  EXPECT_EQ(encoded.find('\r'), std::string::npos);
  EXPECT_EQ(encoded.find('\n'), std::string::npos);
  // U+2028 LINE SEPARATOR and U+0085 NEXT LINE too.
  EXPECT_EQ(EncodeHeaderText("a\xE2\x80\xA8"
                             "b\xC2\x85"
                             "c",
                             7),
            "a b c");
}

TEST(MimeTest, TextThatLooksLikeAnEncodedWordIsEncoded) {
  EXPECT_EQ(EncodeHeaderText("=?UTF-8?B?QQ==?=", 7).rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_NE(EncodeHeaderText("=?UTF-8?B?QQ==?=", 7), "=?UTF-8?B?QQ==?=");
}

TEST(MimeTest, MalformedUtf8BecomesTheReplacementCharacter) {
  EXPECT_EQ(EncodeHeaderText("a\xFF", 7), "=?UTF-8?B?Ye+/vQ==?=");
}

TEST(MimeTest, DisplayNamesAreQuotedOrEncoded) {
  EXPECT_EQ(FormatMailbox({"Sam \"the\" Patel", "sam@example.org"}, 4),
            "\"Sam \\\"the\\\" Patel\" <sam@example.org>");
  EXPECT_EQ(FormatMailbox({"Zo\xC3\xAB", "zoe@example.org"}, 4),
            "=?UTF-8?B?Wm/Dqw==?= <zoe@example.org>");
  EXPECT_EQ(FormatMailbox({"", "zoe@example.org"}, 4), "zoe@example.org");
  EXPECT_EQ(FormatMailbox({"Evil\r\nBcc: x@example.org", "zoe@example.org"}, 4),
            "\"Evil  Bcc: x@example.org\" <zoe@example.org>");
}

TEST(MimeTest, ParsesAddressesWithAndWithoutNames) {
  MailAddress a;
  std::string err;
  ASSERT_TRUE(ParseMailAddress("Hallowford SP <no-reply@example.org.uk>", &a, &err)) << err;
  EXPECT_EQ(a.name, "Hallowford SP");
  EXPECT_EQ(a.address, "no-reply@example.org.uk");
  ASSERT_TRUE(ParseMailAddress("\"Quoted\" <q@example.org>", &a, &err)) << err;
  EXPECT_EQ(a.name, "Quoted");
  ASSERT_TRUE(ParseMailAddress("plain@example.org", &a, &err)) << err;
  EXPECT_EQ(a.name, "");
  EXPECT_FALSE(ParseMailAddress("Name <not an address>", &a, &err));
  EXPECT_EQ(err,
            "'Name <not an address>' is not an e-mail address: expected local@domain or Name "
            "<local@domain>");
  EXPECT_FALSE(ParseMailAddress("Name <a@example.org", &a, &err));
  EXPECT_FALSE(ParseMailAddress("a@example.org\r\nBcc: b@example.org", &a, &err));
}

TEST(MimeTest, QuotedPrintableKeepsLinesShortAndEscapesWhatMustBe) {
  std::string long_line(200, 'x');
  std::string qp = QuotedPrintable("caf\xC3\xA9 = 1 \n" + long_line + "\n.hidden\nFrom me\n");
  for (const std::string& line : Lines(qp)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(qp.substr(0, qp.find("\r\n")), "caf=C3=A9 =3D 1=20");
  EXPECT_NE(qp.find("\r\n=2Ehidden\r\n"), std::string::npos) << qp;
  EXPECT_NE(qp.find("\r\n=46rom me\r\n"), std::string::npos) << qp;
  EXPECT_EQ(qp.find('\n', 0), qp.find("\r\n") + 1);
}

TEST(MimeTest, MailDateIsRfc5322InUtc) {
  EXPECT_EQ(MailDate(1796722200), "Tue, 08 Dec 2026 09:30:00 +0000");
}

TEST(MimeTest, MessageIdsAreUniqueAtTheGivenDomain) {
  std::string a = NewMessageId("example.org"), b = NewMessageId("example.org");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(a.find('@')), "@example.org");
  EXPECT_EQ(a.find('@'), 32u);
}

TEST(MimeTest, AMessageHasEveryHeaderOnceAndBothParts) {
  std::string m, err;
  ASSERT_TRUE(FormatMailMessage(Sample(), "0123abcd@learning.example.org.uk", 1796722200, &m, &err))
      << err;
  std::vector<std::string> names = HeaderNames(m);
  std::vector<std::string> expected = {"From",           "To",          "Subject",
                                       "Date",           "Message-ID",  "MIME-Version",
                                       "Auto-Submitted", "Content-Type"};
  EXPECT_EQ(names, expected);
  EXPECT_NE(m.find("From: \"Hallowford SP\" <no-reply@learning.example.org.uk>\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("Date: Tue, 08 Dec 2026 09:30:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <0123abcd@learning.example.org.uk>\r\n"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: multipart/alternative; boundary=\"=_bulletin_0123abcd\""),
            std::string::npos);
  EXPECT_NE(m.find("--=_bulletin_0123abcd\r\nContent-Type: text/plain; charset=UTF-8"),
            std::string::npos);
  EXPECT_NE(m.find("--=_bulletin_0123abcd\r\nContent-Type: text/html; charset=UTF-8"),
            std::string::npos);
  std::string end = "\r\n--=_bulletin_0123abcd--\r\n";
  EXPECT_EQ(m.substr(m.size() - end.size()), end);
  for (const std::string& line : Lines(m)) EXPECT_LE(line.size(), 78u) << line;
  // Every line ends CRLF: no bare LF.
  for (size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\n') {
      ASSERT_EQ(m[i - 1], '\r') << i;
    }
  }
}

TEST(MimeTest, NothingTypedInAnyFieldAddsAHeader) {
  MailContent c = Sample();
  c.to.name = "Sam\r\nBcc: evil@example.org";
  c.from.name = "SP\nX-Injected: 1";
  c.subject = "Hi\r\n\r\nInjected body\r\nBcc: evil@example.org";
  c.text = "Text\r\n\r\nBcc: evil@example.org\r\n.\r\nMAIL FROM:<x@example.org>\n";
  c.html = "<p>\r\nBcc: evil@example.org</p>";
  std::string m, err;
  ASSERT_TRUE(FormatMailMessage(c, "1@example.org", 0, &m, &err)) << err;
  std::vector<std::string> names = HeaderNames(m);
  EXPECT_EQ(std::count(names.begin(), names.end(), "Bcc"), 0);
  EXPECT_EQ(std::count(names.begin(), names.end(), "X-Injected"), 0);
  EXPECT_EQ(names.size(), 8u);
  // The text's lone "." is escaped, so it cannot end the SMTP data either.
  EXPECT_EQ(m.find("\r\n.\r\n"), std::string::npos);
}

TEST(MimeTest, RefusesAddressesAndHeadersThatWouldBreakTheMessage) {
  std::string m, err;
  MailContent c = Sample();
  c.to.address = "sam@example.org\r\nBcc: evil@example.org";
  EXPECT_FALSE(FormatMailMessage(c, "1@example.org", 0, &m, &err));
  EXPECT_EQ(err.rfind("To: ", 0), 0u) << err;
  c = Sample();
  c.headers = {{"List-Unsubscribe", "<https://example.org/u/1>\r\nBcc: evil@example.org"}};
  EXPECT_FALSE(FormatMailMessage(c, "1@example.org", 0, &m, &err));
  c.headers = {{"Bcc", "evil@example.org"}};
  EXPECT_FALSE(FormatMailMessage(c, "1@example.org", 0, &m, &err));
  c.headers = {{"Content-Type", "text/plain"}};
  EXPECT_FALSE(FormatMailMessage(c, "1@example.org", 0, &m, &err));
  c.headers = {{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  EXPECT_TRUE(FormatMailMessage(c, "1@example.org", 0, &m, &err)) << err;
  EXPECT_NE(m.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_FALSE(FormatMailMessage(Sample(), "1@example.org>\r\nBcc: x", 0, &m, &err));
}

// Python's e-mail parser (the standard library, strict policy) reads the message back: the
// subject, the names and both parts decode to what was given.
TEST(MimeTest, PythonsMailParserReadsBackWhatWasWritten) {
  MailContent c = Sample();
  c.subject =
      "R\xC3\xA9initialiser \xE2\x80\x94 your link for caf\xC3\xA9 training, a long subject "
      "that needs folding over more than one line";
  c.to.name = "Zo\xC3\xAB O'Brien";
  c.text = "Bonjour Zo\xC3\xAB,\n\n" + std::string(120, 'y') + "\n= sign\n";
  std::string m, err;
  ASSERT_TRUE(FormatMailMessage(c, "abc@example.org", 0, &m, &err)) << err;
  testing::TempDir tmp;
  std::ofstream(tmp / "m.eml", std::ios::binary) << m;
  std::ofstream(tmp / "check.py") << R"py(
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.strict)
assert not m.defects, m.defects
print(m['Subject'])
print(m['To'])
parts = list(m.iter_parts())
print(len(parts), parts[0].get_content_type(), parts[1].get_content_type())
sys.stdout.write(parts[0].get_content())
)py";
  testing::ShellResult r =
      testing::RunShell("/usr/bin/python3 " + tmp / "check.py" + " " + tmp / "m.eml" + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, c.subject + "\n" + "Zo\xC3\xAB O'Brien <sam.patel@example.org.uk>\n" +
                          "2 text/plain text/html\n" + c.text);
}

}  // namespace
}  // namespace bulletin
