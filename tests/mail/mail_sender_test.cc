// The sender against a real SMTP server (tests/mail/smtp_sink.py, python3-aiosmtpd).
#include "mail/mail_sender.h"

#include <gtest/gtest.h>

#include "mail/mailer.h"
#include "mail/smtp_sink.h"
#include "store/data_layer.h"
#include "store/mail_outbox.h"
#include "store/test_data.h"

namespace bulletin {
namespace {

using testing::SmtpSink;
using testing::WaitFor;

class MailSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = tmp_ / "data/bulletin.db";
    data_ = testing::OpenTestData(db_path_);
    ASSERT_TRUE(data_);
    outbox_ = &data_->mail_outbox();
  }

  MailSettings SettingsFor(const std::string& url) {
    MailSettings s;
    s.smtp_url = url;
    s.from = {"Hallowford SP", "no-reply@example.org.uk"};
    s.eml_dir = tmp_ / "data/mail";
    s.timeout_seconds = 5;
    return s;
  }

  // Queues `n` messages to sam+<i>@example.org.uk; returns their Message-IDs.
  std::vector<std::string> Queue(int n) {
    std::vector<OutgoingMail> mails;
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      MailContent c;
      c.to = {"Sam Patel", "sam+" + std::to_string(i) + "@example.org.uk"};
      c.subject = "Message " + std::to_string(i);
      c.text = "Hello\n";
      c.html = "<p>Hello</p>";
      OutgoingMail m;
      std::string err;
      EXPECT_TRUE(ComposeMail(c, {"Hallowford SP", "no-reply@example.org.uk"}, "test", 1, &m, &err))
          << err;
      ids.push_back(m.message_id);
      mails.push_back(std::move(m));
    }
    outbox_->Enqueue(mails);
    return ids;
  }

  std::unique_ptr<MailSender> Start(const MailSettings& settings, int64_t base_delay = 1) {
    MailSenderOptions options;
    options.base_delay_seconds = base_delay;
    options.poll_interval = std::chrono::milliseconds(50);
    options.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_ += line + "\n";
    };
    auto sender = std::make_unique<MailSender>(*outbox_, MakeMailTransport(settings),
                                               settings.smtp_url, options);
    sender->Start();
    return sender;
  }

  std::string Log() {
    std::lock_guard<std::mutex> lock(log_mu_);
    return log_;
  }

  testing::TempDir tmp_;
  std::string db_path_;
  std::unique_ptr<DataLayer> data_;
  MailOutbox* outbox_ = nullptr;
  std::mutex log_mu_;
  std::string log_;
};

TEST_F(MailSenderTest, DeliversEveryQueuedMessageOnceAndAuditsEachTry) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  std::vector<std::string> ids = Queue(25);
  auto sender = Start(SettingsFor(sink.url()));
  ASSERT_TRUE(WaitFor([&] { return outbox_->Counts().sent == 25; })) << Log();
  sender->Stop();
  std::vector<std::string> got;
  for (const std::string& m : sink.Messages()) got.push_back(testing::MessageIdOf(m));
  std::sort(got.begin(), got.end());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(got, ids);
  std::vector<MailAttempt> tries = outbox_->AttemptsFor(ids[0]);
  ASSERT_EQ(tries.size(), 1u);
  EXPECT_EQ(tries[0].outcome, MailAttempt::Outcome::kSent);
  EXPECT_EQ(tries[0].reply.rfind("250 2.0.0 Ok: queued as test-", 0), 0u) << tries[0].reply;
  EXPECT_EQ(Log(), "");
}

TEST_F(MailSenderTest, ARefusalForNowIsTriedAgainUntilTheServerTakesIt) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  sink.SetMode("tempfail");
  std::string id = Queue(1)[0];
  auto sender = Start(SettingsFor(sink.url()));
  ASSERT_TRUE(WaitFor([&] { return outbox_->AttemptsFor(id).size() >= 2; }));
  EXPECT_EQ(outbox_->Counts().queued, 1);
  sink.SetMode("accept");
  ASSERT_TRUE(WaitFor([&] { return outbox_->Counts().sent == 1; }));
  sender->Stop();
  std::vector<MailAttempt> tries = outbox_->AttemptsFor(id);
  ASSERT_GE(tries.size(), 3u);
  EXPECT_EQ(tries[0].outcome, MailAttempt::Outcome::kRetry);
  EXPECT_EQ(tries[0].reply, "451 4.3.0 Mailbox busy, try again later (test) (RCPT failed: 451)");
  EXPECT_EQ(tries.back().outcome, MailAttempt::Outcome::kSent);
  EXPECT_EQ(sink.Count(), 1u);
}

TEST_F(MailSenderTest, APermanentRefusalIsMarkedFailedWithTheServersAnswer) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  sink.SetMode("permfail");
  std::string id = Queue(1)[0];
  auto sender = Start(SettingsFor(sink.url()));
  ASSERT_TRUE(WaitFor([&] { return outbox_->Counts().failed == 1; }));
  sender->Stop();
  std::vector<MailAttempt> tries = outbox_->AttemptsFor(id);
  ASSERT_EQ(tries.size(), 1u);
  EXPECT_EQ(tries[0].outcome, MailAttempt::Outcome::kFailed);
  EXPECT_EQ(tries[0].reply, "550 5.1.1 No such mailbox here (test) (RCPT failed: 550)");
  EXPECT_NE(Log().find("refused for good: 550 5.1.1"), std::string::npos) << Log();
  EXPECT_EQ(sink.Count(), 0u);
}

TEST_F(MailSenderTest, AServerThatIsDownKeepsTheMessagesAndTheSenderBacksOff) {
  testing::ReservedPort nothing;  // bound, never listening: connections are refused
  Queue(5);
  auto sender = Start(SettingsFor("smtp://127.0.0.1:" + std::to_string(nothing.port())), 30);
  ASSERT_TRUE(WaitFor([&] { return Log().find("cannot deliver through") != std::string::npos; }))
      << Log();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  sender->Stop();
  EXPECT_EQ(outbox_->Counts().queued, 5);
  // One try in all: the sender paused after the first, rather than trying every message.
  int tries = 0;
  for (const QueuedMail& m : outbox_->Due(INT64_MAX, 100)) tries += m.tries;
  EXPECT_EQ(tries, 1);
}

TEST_F(MailSenderTest, AServerClosingTheConnectionIsAnOutageThatPassesWhenItRecovers) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  sink.SetMode("close");
  Queue(3);
  auto sender = Start(SettingsFor(sink.url()));
  ASSERT_TRUE(WaitFor([&] { return Log().find("cannot deliver through") != std::string::npos; }))
      << Log();
  sink.SetMode("accept");
  ASSERT_TRUE(WaitFor([&] { return outbox_->Counts().sent == 3; })) << Log();
  sender->Stop();
  EXPECT_EQ(sink.Count(), 3u);
  EXPECT_NE(Log().find("is taking messages again"), std::string::npos) << Log();
}

TEST_F(MailSenderTest, ASlowServerTimesOutAndTheMessageGoesOnceLater) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  sink.SetMode("slow 4");
  std::string id = Queue(1)[0];
  MailSettings settings = SettingsFor(sink.url());
  settings.timeout_seconds = 1;
  auto sender = Start(settings);
  ASSERT_TRUE(WaitFor([&] { return !outbox_->AttemptsFor(id).empty(); }));
  MailAttempt first = outbox_->AttemptsFor(id)[0];
  EXPECT_EQ(first.outcome, MailAttempt::Outcome::kRetry);
  EXPECT_TRUE(std::regex_search(first.reply, std::regex("time(d)? ?out"))) << first.reply;
  sink.SetMode("accept");
  ASSERT_TRUE(WaitFor([&] { return outbox_->Counts().sent == 1; }));
  sender->Stop();
  // The held message was dropped by the server when the client gave up on it.
  ASSERT_TRUE(WaitFor([&] { return !sink.Holding(); }));
  EXPECT_EQ(sink.Count(), 1u);
}

TEST_F(MailSenderTest, StoppingMidMessageLeavesItQueuedAndUntried) {
  SmtpSink sink;
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  sink.SetMode("slow 3");
  std::string id = Queue(1)[0];
  auto sender = Start(SettingsFor(sink.url()));
  ASSERT_TRUE(WaitFor([&] { return sink.Holding(); }));
  sender->Stop();
  EXPECT_EQ(outbox_->Counts().queued, 1);
  EXPECT_TRUE(outbox_->AttemptsFor(id).empty());
  ASSERT_TRUE(WaitFor([&] { return !sink.Holding(); }));
  EXPECT_EQ(sink.Count(), 0u);
}

TEST_F(MailSenderTest, LogsInWithTheLoginGiven) {
  SmtpSink sink("bulletin:s3cret");
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  Queue(1);
  MailSettings settings = SettingsFor(sink.url());
  settings.username = "bulletin";
  settings.password = "s3cret";
  auto sender = Start(settings);
  ASSERT_TRUE(WaitFor([&] { return outbox_->Counts().sent == 1; })) << Log();
  sender->Stop();
  EXPECT_EQ(sink.Logins(), "bulletin ok\n");
}

TEST_F(MailSenderTest, AWrongLoginKeepsTheMessagesQueued) {
  SmtpSink sink("bulletin:s3cret");
  ASSERT_TRUE(sink.started()) << SmtpSink::Missing();
  Queue(2);
  MailSettings settings = SettingsFor(sink.url());
  settings.username = "bulletin";
  settings.password = "wrong";
  auto sender = Start(settings, 30);
  ASSERT_TRUE(WaitFor([&] { return Log().find("cannot deliver through") != std::string::npos; }))
      << Log();
  sender->Stop();
  EXPECT_EQ(outbox_->Counts().queued, 2);
  EXPECT_EQ(sink.Count(), 0u);
}

TEST_F(MailSenderTest, WithoutARelayMessagesAreWrittenAsEmlFiles) {
  std::string id = Queue(1)[0];
  auto sender = Start(SettingsFor(""));
  ASSERT_TRUE(WaitFor([&] { return outbox_->Counts().sent == 1; })) << Log();
  sender->Stop();
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(tmp_ / "data/mail")) {
    files.push_back(e.path().filename().string());
  }
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0], "1-" + id + ".eml");
  std::string eml = testing::ReadAll(tmp_ / ("data/mail/" + files[0]));
  EXPECT_EQ(testing::MessageIdOf(eml), id);
  EXPECT_NE(eml.find("\r\nTo: \"Sam Patel\" <sam+0@example.org.uk>\r\n"), std::string::npos);
}

TEST_F(MailSenderTest, FinishedMessagesAreForgottenAfterTheirKeepingTime) {
  std::vector<std::string> ids = Queue(2);
  outbox_->Record({{1, 100, MailAttempt::Outcome::kSent, "250 ok", 0},
                   {2, 200, MailAttempt::Outcome::kRetry, "451 later", 300}});
  EXPECT_EQ(outbox_->Forget(101), 1);
  EXPECT_TRUE(outbox_->AttemptsFor(ids[0]).empty());
  EXPECT_EQ(outbox_->Counts().queued, 1);
  EXPECT_EQ(outbox_->Forget(1000), 0);  // still queued: kept however old
}

TEST(MailBackoffTest, DoublesUpToTheCapWithJitterInTheUpperHalf) {
  EXPECT_EQ(MailBackoffSeconds(1, 60, 3600, 1.0), 60);
  EXPECT_EQ(MailBackoffSeconds(1, 60, 3600, 0.0), 30);
  EXPECT_EQ(MailBackoffSeconds(3, 60, 3600, 1.0), 240);
  EXPECT_EQ(MailBackoffSeconds(20, 60, 3600, 1.0), 3600);
}

}  // namespace
}  // namespace bulletin
