#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>

#include "store/mail_outbox.h"
#include "store/mail_outbox_sql.h"
#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

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

// Over the shared connections: each method is one transaction on the writer, or one read
// on the pool.
class SqliteMailOutbox : public MailOutbox {
 public:
  explicit SqliteMailOutbox(SqliteConnections* db) : db_(db) {}

  void Enqueue(const std::vector<OutgoingMail>& mails) override {
    return Run<void>(true, "queueing mail", [&](SQLite::Database& db) -> void {
      for (const OutgoingMail& mail : mails) InsertOutgoingMail(db, mail);
    });
  }

  std::vector<QueuedMail> Due(int64_t now, int limit) override {
    return Run<std::vector<QueuedMail>>(
        false, "reading the mail due", [&](SQLite::Database& db) -> std::vector<QueuedMail> {
          SQLite::Statement q(db,
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
        });
  }

  void Record(const std::vector<MailAttempt>& attempts) override {
    if (attempts.empty()) return;
    return Run<void>(true, "recording tries at sending mail", [&](SQLite::Database& db) -> void {
      SQLite::Statement audit(db,
                              "INSERT INTO mail_attempts(mail_id, at, outcome, reply) "
                              "VALUES (?, ?, ?, ?)");
      SQLite::Statement update(
          db,
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
    });
  }

  std::optional<int64_t> NextDue() override {
    return Run<std::optional<int64_t>>(
        false, "reading when mail is next due",
        [&](SQLite::Database& db) -> std::optional<int64_t> {
          SQLite::Statement q(db,
                              "SELECT min(next_try_at) FROM mail_outbox WHERE state = 'queued'");
          if (!q.executeStep() || q.getColumn(0).isNull()) return std::nullopt;
          return q.getColumn(0).getInt64();
        });
  }

  MailOutboxCounts Counts() override {
    return Run<MailOutboxCounts>(
        false, "counting the mail outbox", [&](SQLite::Database& db) -> MailOutboxCounts {
          SQLite::Statement q(db, "SELECT state, count(*) FROM mail_outbox GROUP BY state");
          MailOutboxCounts counts;
          while (q.executeStep()) {
            std::string state = q.getColumn(0).getString();
            int n = q.getColumn(1).getInt();
            if (state == "queued") counts.queued = n;
            if (state == "sent") counts.sent = n;
            if (state == "failed") counts.failed = n;
          }
          return counts;
        });
  }

  int Forget(int64_t before) override {
    return Run<int>(true, "forgetting sent mail", [&](SQLite::Database& db) -> int {
      SQLite::Statement q(db, "DELETE FROM mail_outbox WHERE state != 'queued' AND done_at < ?");
      q.bind(1, static_cast<int64_t>(before));
      return q.exec();
    });
  }

  std::vector<MailAttempt> AttemptsFor(const std::string& message_id) override {
    return Run<std::vector<MailAttempt>>(
        false, "reading the tries at sending a message",
        [&](SQLite::Database& db) -> std::vector<MailAttempt> {
          SQLite::Statement q(db,
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
        });
  }

 private:
  template <typename T>
  T Run(bool write, const char* what, const std::function<T(SQLite::Database&)>& work) {
    return RunOrThrow<T>(*db_, write, what, work);
  }
  SqliteConnections* db_;
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

std::unique_ptr<MailOutbox> NewSqliteMailOutbox(SqliteConnections* db) {
  return std::make_unique<SqliteMailOutbox>(db);
}

}  // namespace bulletin
