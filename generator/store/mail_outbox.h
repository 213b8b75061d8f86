#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bulletin {

/// A message ready to send: the finished RFC 5322 text and its envelope.
struct OutgoingMail {
  std::string message_id;  ///< the Message-ID header's value without <>; unique
  std::string kind;        ///< what caused it: "sign-in", "reminder", "test", ...
  std::string envelope_from;
  std::string recipient;
  std::string content;  ///< the whole message, CRLF line ends
  int64_t created_at = 0;
};

/// A message waiting in the outbox.
struct QueuedMail {
  int64_t id = 0;
  std::string message_id;
  std::string envelope_from;
  std::string recipient;
  std::string content;
  int tries = 0;  ///< tries already made
};

/// What one try at sending gave.
struct MailAttempt {
  enum class Outcome { kSent, kRetry, kFailed };
  int64_t mail_id = 0;
  int64_t at = 0;  ///< Unix seconds
  Outcome outcome = Outcome::kSent;
  std::string reply;        ///< the server's answer, or why there was none
  int64_t next_try_at = 0;  ///< for kRetry
};

struct MailOutboxCounts {
  int queued = 0;
  int sent = 0;
  int failed = 0;
};

/// The mail outbox (tables mail_outbox and mail_attempts). Every message is written here
/// first, then sent by the one sender thread (mail/mail_sender.h). Implementations are
/// thread-safe; every method throws std::exception with a readable message when the
/// database fails.
class MailOutbox {
 public:
  virtual ~MailOutbox() = default;

  /// Adds the messages, due at once, in one transaction; durable when it returns.
  virtual void Enqueue(const std::vector<OutgoingMail>& mails) = 0;

  /// Up to `limit` queued messages due at `now`, oldest first.
  virtual std::vector<QueuedMail> Due(int64_t now, int limit) = 0;

  /// Records tries in one transaction: each is appended to mail_attempts (the audit of
  /// every try) and its message becomes sent, failed, or queued again at next_try_at.
  virtual void Record(const std::vector<MailAttempt>& attempts) = 0;

  /// When the next queued message falls due, if any is queued.
  virtual std::optional<int64_t> NextDue() = 0;

  virtual MailOutboxCounts Counts() = 0;

  /// Deletes sent and failed messages finished before `before`, with their tries (sign-in
  /// links and addresses are not kept longer than they are useful). Returns how many.
  virtual int Forget(int64_t before) = 0;

  /// Every try at the message with this Message-ID, oldest first (for tests and support).
  virtual std::vector<MailAttempt> AttemptsFor(const std::string& message_id) = 0;
};

}  // namespace bulletin
