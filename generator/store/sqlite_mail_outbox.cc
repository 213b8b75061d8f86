#include <SQLiteCpp/SQLiteCpp.h>

#include <mutex>

#include "store/database.h"
#include "store/mail_outbox.h"
#include "store/mail_outbox_sql.h"

namespace bulletin {

namespace {

const char* OutcomeName(MailAttempt::Outcome outcome) {
  switch (outcome) {
    case MailAttempt::Outcome::kSent:
      return "sent";
    case MailAttempt::Outcome::kRetry:
      return "retry";
    case MailAttempt::Outcome::kFailed:
      return "failed";
  }
  return "retry";
}

MailAttempt::Outcome OutcomeFromName(const std::string& name) {
  if (name == "sent") return MailAttempt::Outcome::kSent;
  if (name == "failed") return MailAttempt::Outcome::kFailed;
  return MailAttempt::Outcome::kRetry;
}

// One connection, used under a mutex: the outbox has one sender and few writers, and each
// of its transactions is short.
class SqliteMailOutbox : public MailOutbox {
 public:
  explicit SqliteMailOutbox(const std::string& path) : db_(OpenDatabase(path)) {}

  void Enqueue(const std::vector<OutgoingMail>& mails) override {
    std::lock_guard<std::mutex> lock(mu_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const OutgoingMail& mail : mails) InsertOutgoingMail(*db_, mail);
    tx.commit();
  }

  std::vector<QueuedMail> Due(int64_t now, int limit) override {
    std::lock_guard<std::mutex> lock(mu_);
    SQLite::Statement q(*db_,
                        "SELECT id, message_id, envelope_from, recipient, content, tries "
                        "FROM mail_outbox WHERE state = 'queued' AND next_try_at <= ? "
                        "ORDER BY next_try_at, id LIMIT ?");
    q.bind(1, static_cast<int64_t>(now));
    q.bind(2, limit);
    std::vector<QueuedMail> due;
    while (q.executeStep()) {
      QueuedMail m;
      m.id = q.getColumn(0).getInt64();
      m.message_id = q.getColumn(1).getString();
      m.envelope_from = q.getColumn(2).getString();
      m.recipient = q.getColumn(3).getString();
      m.content = q.getColumn(4).getString();
      m.tries = q.getColumn(5).getInt();
      due.push_back(std::move(m));
    }
    return due;
  }

  void Record(const std::vector<MailAttempt>& attempts) override {
    if (attempts.empty()) return;
    std::lock_guard<std::mutex> lock(mu_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement audit(*db_,
                            "INSERT INTO mail_attempts(mail_id, at, outcome, reply) "
                            "VALUES (?, ?, ?, ?)");
    SQLite::Statement update(
        *db_,
        "UPDATE mail_outbox SET tries = tries + 1, last_reply = ?2, state = ?3, "
        "next_try_at = CASE WHEN ?3 = 'queued' THEN ?4 ELSE next_try_at END, "
        "done_at = CASE WHEN ?3 = 'queued' THEN NULL ELSE ?5 END "
        "WHERE id = ?1 AND state = 'queued'");
    for (const MailAttempt& a : attempts) {
      audit.bind(1, static_cast<int64_t>(a.mail_id));
      audit.bind(2, static_cast<int64_t>(a.at));
      audit.bind(3, OutcomeName(a.outcome));
      audit.bind(4, a.reply);
      audit.exec();
      audit.reset();
      const char* state = a.outcome == MailAttempt::Outcome::kSent     ? "sent"
                          : a.outcome == MailAttempt::Outcome::kFailed ? "failed"
                                                                       : "queued";
      update.bind(1, static_cast<int64_t>(a.mail_id));
      update.bind(2, a.reply);
      update.bind(3, state);
      update.bind(4, static_cast<int64_t>(a.next_try_at));
      update.bind(5, static_cast<int64_t>(a.at));
      update.exec();
      update.reset();
    }
    tx.commit();
  }

  std::optional<int64_t> NextDue() override {
    std::lock_guard<std::mutex> lock(mu_);
    SQLite::Statement q(*db_, "SELECT min(next_try_at) FROM mail_outbox WHERE state = 'queued'");
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
    return q.getColumn(0).getInt64();
  }

  MailOutboxCounts Counts() override {
    std::lock_guard<std::mutex> lock(mu_);
    SQLite::Statement q(*db_, "SELECT state, count(*) FROM mail_outbox GROUP BY state");
    MailOutboxCounts counts;
    while (q.executeStep()) {
      std::string state = q.getColumn(0).getString();
      int n = q.getColumn(1).getInt();
      if (state == "queued") counts.queued = n;
      if (state == "sent") counts.sent = n;
      if (state == "failed") counts.failed = n;
    }
    return counts;
  }

  int Forget(int64_t before) override {
    std::lock_guard<std::mutex> lock(mu_);
    SQLite::Statement q(*db_, "DELETE FROM mail_outbox WHERE state != 'queued' AND done_at < ?");
    q.bind(1, static_cast<int64_t>(before));
    return q.exec();
  }

  std::vector<MailAttempt> AttemptsFor(const std::string& message_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    SQLite::Statement q(*db_,
                        "SELECT a.mail_id, a.at, a.outcome, a.reply FROM mail_attempts a "
                        "JOIN mail_outbox m ON m.id = a.mail_id WHERE m.message_id = ? "
                        "ORDER BY a.id");
    q.bind(1, message_id);
    std::vector<MailAttempt> attempts;
    while (q.executeStep()) {
      MailAttempt a;
      a.mail_id = q.getColumn(0).getInt64();
      a.at = q.getColumn(1).getInt64();
      a.outcome = OutcomeFromName(q.getColumn(2).getString());
      a.reply = q.getColumn(3).getString();
      attempts.push_back(std::move(a));
    }
    return attempts;
  }

 private:
  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace

void InsertOutgoingMail(SQLite::Database& db, const OutgoingMail& mail) {
  SQLite::Statement q(db,
                      "INSERT INTO mail_outbox(message_id, kind, envelope_from, recipient, "
                      "content, created_at, next_try_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, mail.message_id);
  q.bind(2, mail.kind);
  q.bind(3, mail.envelope_from);
  q.bind(4, mail.recipient);
  q.bind(5, mail.content.data(), static_cast<int>(mail.content.size()));
  q.bind(6, static_cast<int64_t>(mail.created_at));
  q.bind(7, static_cast<int64_t>(mail.created_at));
  q.exec();
}

std::unique_ptr<MailOutbox> OpenSqliteMailOutbox(const std::string& path) {
  return std::make_unique<SqliteMailOutbox>(path);
}

}  // namespace bulletin
