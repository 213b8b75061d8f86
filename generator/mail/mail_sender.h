#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "mail/mail_transport.h"
#include "store/mail_outbox.h"

namespace bulletin {

/// Seconds to wait after the `tries`-th temporary failure of a message: base * 2^(tries-1),
/// capped at `cap`, then scaled into [half, all] of that by `jitter` (0..1).
int64_t MailBackoffSeconds(int tries, int64_t base, int64_t cap, double jitter);

struct MailSenderOptions {
  int64_t base_delay_seconds = 60;
  int64_t max_delay_seconds = 3600;
  /// A message still refused for now after this many tries is marked failed (at the
  /// defaults, half a day to a day of trying).
  int max_tries = 30;
  /// How often to look for messages queued by another process (bulletin admin) when idle;
  /// this process's own messages Wake() the sender.
  std::chrono::milliseconds poll_interval{1000};
  int batch = 100;
  /// Sent and failed messages are deleted this long after (checked at start and hourly).
  int64_t keep_seconds = 30 * 86400;
  std::function<int64_t()> now;                 ///< Unix seconds; tests replace it
  std::function<void(const std::string&)> log;  ///< state changes; default stderr
};

/// The one thread that sends the outbox. Each message is handed to the transport, and the
/// outcome recorded (with the try, in mail_attempts) before the next message is taken, so
/// a message is sent again only if the process dies between the server's "250" and that
/// commit. Accepted: sent. A 5xx answer: failed, with the answer. A 4xx answer or no answer:
/// queued again with backoff; when the server cannot be reached at all, answers 421, or
/// refuses the login or TLS, the whole sender pauses with backoff, so an outage costs one try per
/// pause. Messages left queued by a crash or a stop are sent after the next start.
class MailSender {
 public:
  /// `outbox` (the data layer's) must outlive the sender.
  MailSender(MailOutbox& outbox, std::unique_ptr<MailTransport> transport, std::string destination,
             MailSenderOptions options);
  ~MailSender();  ///< Stop()s.
  MailSender(const MailSender&) = delete;
  MailSender& operator=(const MailSender&) = delete;

  /// Starts the thread.
  void Start();

  /// Looks for due messages now rather than at the next poll.
  void Wake();

  /// Aborts a try in flight (its message stays queued), and joins the thread. Safe twice.
  void Stop();

 private:
  bool RunPass();
  MailAttempt Judge(const QueuedMail& mail, const Delivery& delivery, int64_t now);
  void Log(const std::string& line) const;
  double Jitter();

  MailOutbox* outbox_;
  std::unique_ptr<MailTransport> transport_;
  std::string destination_;  ///< for the log: the SMTP URL or the .eml folder
  MailSenderOptions options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::atomic<bool> abort_{false};
  int outage_failures_ = 0;
  int64_t paused_until_ = 0;
  int64_t next_forget_at_ = 0;
  bool down_ = false;
  uint64_t random_state_;
};

}  // namespace bulletin
