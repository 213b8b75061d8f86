#include "mail/mail_settings.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "support/test_support.h"

namespace bulletin {
namespace {

std::string Normalised(std::string url) {
  std::string err;
  return NormaliseSmtpUrl(&url, &err) ? url : "error: " + err;
}

TEST(MailSettingsTest, SmtpUrlsGetTheirDefaultPorts) {
  EXPECT_EQ(Normalised("smtp://smtp.example.org"), "smtp://smtp.example.org:587");
  EXPECT_EQ(Normalised("smtps://smtp.example.org"), "smtps://smtp.example.org:465");
  EXPECT_EQ(Normalised("smtp://smtp.example.org:2525/"), "smtp://smtp.example.org:2525");
  EXPECT_EQ(Normalised("smtp://[::1]"), "smtp://[::1]:587");
}

TEST(MailSettingsTest, BadSmtpUrlsSayHowToFixThem) {
  EXPECT_EQ(Normalised("https://smtp.example.org"),
            "error: --smtp-url 'https://smtp.example.org' must be smtp://host:587 (STARTTLS) or "
            "smtps://host:465 (TLS), such as smtp://smtp.example.org:587");
  EXPECT_EQ(Normalised("smtp://user:secret@smtp.example.org"),
            "error: --smtp-url 'smtp://user:secret@smtp.example.org' must hold only a host and a "
            "port: give the login in BULLETIN_SMTP_USERNAME and BULLETIN_SMTP_PASSWORD or "
            "--smtp-credentials-file");
  EXPECT_EQ(Normalised("smtp://smtp.example.org:99999"),
            "error: --smtp-url 'smtp://smtp.example.org:99999': the port must be a number from 1 "
            "to 65535");
  EXPECT_EQ(Normalised("smtp://smtp.example.org/x?y").rfind("error: ", 0), 0u);
  EXPECT_EQ(Normalised("smtp://").rfind("error: ", 0), 0u);
}

TEST(MailSettingsTest, OnlyLoopbackMayGoWithoutTls) {
  EXPECT_TRUE(IsLoopbackSmtpUrl("smtp://127.0.0.1:2525"));
  EXPECT_TRUE(IsLoopbackSmtpUrl("smtp://localhost:25"));
  EXPECT_TRUE(IsLoopbackSmtpUrl("smtp://[::1]:25"));
  EXPECT_FALSE(IsLoopbackSmtpUrl("smtp://smtp.example.org:587"));
  EXPECT_FALSE(IsLoopbackSmtpUrl("smtp://127.0.0.1.example.org:587"));
}

TEST(MailSettingsTest, TheLoginComesFromAFileOutsideContent) {
  testing::TempDir tmp;
  std::ofstream(tmp / "smtp.env") << "# relay\nBULLETIN_SMTP_USERNAME=bulletin\n"
                                     "BULLETIN_SMTP_PASSWORD = s3cret=x \n";
  MailSettings s;
  std::string err;
  ASSERT_TRUE(LoadSmtpCredentials(tmp / "smtp.env", tmp / "content", &s, &err)) << err;
  EXPECT_EQ(s.username, "bulletin");
  EXPECT_EQ(s.password, "s3cret=x");

  std::filesystem::create_directories(tmp / "content");
  std::ofstream(tmp / "content/smtp.env") << "BULLETIN_SMTP_USERNAME=a\n";
  EXPECT_FALSE(LoadSmtpCredentials(tmp / "content/smtp.env", tmp / "content", &s, &err));
  EXPECT_NE(err.find("must not be inside"), std::string::npos) << err;

  std::ofstream(tmp / "half.env") << "BULLETIN_SMTP_USERNAME=a\n";
  EXPECT_FALSE(LoadSmtpCredentials(tmp / "half.env", tmp / "content", &s, &err));
  EXPECT_EQ(err,
            "the SMTP login is incomplete: set both BULLETIN_SMTP_USERNAME and "
            "BULLETIN_SMTP_PASSWORD in " +
                tmp / "half.env" + ", or neither");

  std::ofstream(tmp / "typo.env") << "BULLETIN_SMTP_PASWORD=a\n";
  EXPECT_FALSE(LoadSmtpCredentials(tmp / "typo.env", tmp / "content", &s, &err));
  EXPECT_EQ(err, tmp / "typo.env" +
                     ":1: expected BULLETIN_SMTP_USERNAME=... or "
                     "BULLETIN_SMTP_PASSWORD=...");
}

TEST(MailSettingsTest, TheLoginComesFromTheEnvironmentWithoutAFile) {
  ::setenv("BULLETIN_SMTP_USERNAME", "env-user", 1);
  ::setenv("BULLETIN_SMTP_PASSWORD", "env-pass", 1);
  MailSettings s;
  std::string err;
  bool ok = LoadSmtpCredentials("", "content", &s, &err);
  ::unsetenv("BULLETIN_SMTP_USERNAME");
  ::unsetenv("BULLETIN_SMTP_PASSWORD");
  ASSERT_TRUE(ok) << err;
  EXPECT_EQ(s.username, "env-user");
  EXPECT_EQ(s.password, "env-pass");
  MailSettings none;
  ASSERT_TRUE(LoadSmtpCredentials("", "content", &none, &err)) << err;
  EXPECT_EQ(none.username, "");
}

TEST(MailSettingsTest, WithoutARelayMailGoesToEmlFilesBesideTheDatabase) {
  MailSettings s;
  std::string err;
  ASSERT_TRUE(MakeMailSettings({}, "content", "data",
                               DefaultMailFrom("Hallowford SP", "https://learning.example.org.uk/"),
                               &s, &err))
      << err;
  EXPECT_EQ(s.smtp_url, "");
  EXPECT_EQ(s.eml_dir, "data/mail");
  EXPECT_EQ(s.from.address, "no-reply@learning.example.org.uk");
  EXPECT_EQ(DescribeMailSettings(s),
            "mail: no SMTP server set (--smtp-url); messages are written as .eml files to "
            "data/mail/ and not sent, from \"Hallowford SP\" <no-reply@learning.example.org.uk>");
  EXPECT_EQ(DefaultMailFrom("X", "http://localhost:8080/").address, "no-reply@bulletin.invalid");
}

TEST(MailSettingsTest, AFromFlagIsChecked) {
  MailSettings s;
  std::string err;
  MailFlags flags;
  flags.from = "Partnership <training@example.org>";
  ASSERT_TRUE(MakeMailSettings(flags, "content", "data", {}, &s, &err)) << err;
  EXPECT_EQ(s.from.name, "Partnership");
  flags.from = "Partnership <training>";
  EXPECT_FALSE(MakeMailSettings(flags, "content", "data", {}, &s, &err));
  EXPECT_EQ(err.rfind("--mail-from: ", 0), 0u) << err;
}

}  // namespace
}  // namespace bulletin
