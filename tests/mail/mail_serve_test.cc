// `bulletin serve` and `bulletin admin mail-test` with a real SMTP server: what serve says
// at start, and the outbox surviving kill -9.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <set>

#include "mail/mailer.h"
#include "mail/smtp_sink.h"
#include "store/data_layer.h"
#include "store/mail_outbox.h"
#include "store/test_data.h"

namespace bulletin {
namespace {

using testing::SmtpSink;
using testing::WaitFor;
using namespace std::chrono_literals;

class MailServeTest : public ::testing::Test {
 protected:
  // Starts serve with its stderr in tmp_/serve.log; waits for the "Serving" line.
  std::unique_ptr<testing::Child> Serve(const std::vector<std::string>& extra) {
    std::string command = "exec '" + std::string(BULLETIN_BINARY) + "' serve --site '" +
                          site_.site().string() + "' --content '" + BULLETIN_SOURCE_DIR +
                          "/content' --templates '" + BULLETIN_SOURCE_DIR + "/templates' --db '" +
                          db_path_ + "' --port 0 --mail-retry-seconds 1";
    for (const std::string& arg : extra) command += " '" + arg + "'";
    command += " 2>>'" + tmp_ / "serve.log" + "'";
    auto child =
        std::make_unique<testing::Child>(std::vector<std::string>{"/bin/sh", "-c", command});
    std::optional<std::string> line = child->ReadLine(60s);
    EXPECT_TRUE(line && line->find("127.0.0.1:") != std::string::npos)
        << (line ? *line : "no Serving line") << "\n"
        << testing::ReadAll(tmp_ / "serve.log");
    return child;
  }

  std::vector<std::string> Queue(int n) {
    std::unique_ptr<DataLayer> data = testing::OpenTestData(db_path_);
    if (!data) return {};
    MailOutbox* outbox = &data->mail_outbox();
    std::vector<OutgoingMail> mails;
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      MailContent c;
      c.to = {"", "staff" + std::to_string(i) + "@example.org.uk"};
      c.subject = "Reminder " + std::to_string(i);
      c.text = "Your training is due.\n";
      c.html = "<p>Your training is due.</p>";
      OutgoingMail m;
      std::string err;
      EXPECT_TRUE(
          ComposeMail(c, {"Hallowford SP", "no-reply@example.org.uk"}, "test", 1, &m, &err));
      ids.push_back(m.message_id);
      mails.push_back(std::move(m));
    }
    outbox->Enqueue(mails);
    return ids;
  }

  MailOutboxCounts Counts() {
    std::unique_ptr<DataLayer> data = testing::OpenTestData(db_path_);
    return data ? data->mail_outbox().Counts() : MailOutboxCounts{};
  }

  testing::TempDir tmp_;
  testing::TempSite site_;
  std::string db_path_ = tmp_ / "data/bulletin.db";
};

TEST_F(MailServeTest, WithoutARelayServeSaysWhereTheEmlFilesGo) {
  Queue(2);
  auto child = Serve({});
  ASSERT_TRUE(WaitFor([&] { return Counts().sent == 2; })) << testing::ReadAll(tmp_ / "serve.log");
  std::string log = testing::ReadAll(tmp_ / "serve.log");
  EXPECT_NE(log.find("mail: no SMTP server set (--smtp-url); messages are written as .eml files "
                     "to " +
                     tmp_ / "data/mail/ and not sent, from \"Hallowford Safeguarding "
                            "Partnership\" <no-reply@learning.example.org.uk>"),
            std::string::npos)
      << log;
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp_ / "data/mail")) {
    files += e.path().extension() == ".eml";
  }
  EXPECT_EQ(files, 2u);
}

TEST_F(MailServeTest, ABadRelaySettingStopsServeWithTheReason) {
  testing::ShellResult r = testing::RunShell(
      "'" + std::string(BULLETIN_BINARY) + "' serve --site '" + site_.site().string() +
      "' --content '" + BULLETIN_SOURCE_DIR + "/content' --templates '" + BULLETIN_SOURCE_DIR +
      "/templates' --db '" + db_path_ + "' --port 0 --smtp-url http://relay.example.org 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("bulletin serve: --smtp-url 'http://relay.example.org' must be "
                          "smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)"),
            std::string::npos)
      << r.output;
}

// 1,000 messages queued; serve killed with SIGKILL while the server holds one message's
// answer; after the restart every message reaches the server exactly once.
TEST_F(MailServeTest, KilledWithAThousandMessagesQueuedEachIsDeliveredOnceAfterRestart) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  std::vector<std::string> ids = Queue(1000);
  {
    auto child = Serve({"--smtp-url", sink.url()});
    ASSERT_TRUE(WaitFor([&] { return sink.Count() >= 100; }))
        << testing::ReadAll(tmp_ / "serve.log");
    sink.SetMode("slow 2");
    ASSERT_TRUE(WaitFor([&] { return sink.Holding(); }));
    ASSERT_EQ(::kill(child->pid(), SIGKILL), 0);
    child->Wait(10s);
  }
  ASSERT_TRUE(WaitFor([&] { return !sink.Holding(); }));
  size_t before = sink.Count();
  EXPECT_LT(before, 1000u);
  EXPECT_EQ(Counts().sent, static_cast<int>(before));
  sink.SetMode("accept");
  {
    auto child = Serve({"--smtp-url", sink.url()});
    ASSERT_TRUE(WaitFor([&] { return Counts().sent == 1000; }, 120))
        << testing::ReadAll(tmp_ / "serve.log");
  }
  std::multiset<std::string> got;
  for (const std::string& m : sink.Messages()) got.insert(testing::MessageIdOf(m));
  EXPECT_EQ(got.size(), 1000u);
  for (const std::string& id : ids) EXPECT_EQ(got.count(id), 1u) << id;
}

TEST_F(MailServeTest, MailTestSendsOneMessageAndShowsTheServersAnswer) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  std::string base = "'" + std::string(BULLETIN_BINARY) + "' admin mail-test --content '" +
                     BULLETIN_SOURCE_DIR + "/content' --db '" + db_path_ + "' --smtp-url " +
                     sink.url();
  testing::ShellResult r = testing::RunShell(base + " --to sam@example.org.uk 2>/dev/null");
  EXPECT_EQ(r.status, 0) << r.output;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_match(r.output, m,
                       std::regex("sent <([0-9a-f]{32}@learning\\.example\\.org\\.uk)> to "
                                  "sam@example\\.org\\.uk; the server answered: 250 2\\.0\\.0 "
                                  "Ok: queued as test-1\n")))
      << r.output;
  ASSERT_EQ(sink.Count(), 1u);
  EXPECT_EQ(testing::MessageIdOf(sink.Messages()[0]), m[1].str());

  sink.SetMode("permfail");
  r = testing::RunShell(base + " --to sam@example.org.uk 2>/dev/null");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("; the server answered: 550 5.1.1 No such mailbox here (test)"),
            std::string::npos)
      << r.output;

  r = testing::RunShell(base + " --to 'sam@example.org.uk\r\nBcc: x@example.org' 2>&1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("is not an e-mail address"), std::string::npos) << r.output;
  EXPECT_EQ(sink.Count(), 1u);
}

}  // namespace
}  // namespace bulletin
