#include "mail/mail_sender.h"

#include <algorithm>
#include <ctime>
#include <iostream>
#include <random>

namespace bulletin {

int64_t MailBackoffSeconds(int tries, int64_t base, int64_t cap, double jitter) {
  int64_t delay = base;
  for (int i = 1; i < tries && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  jitter = std::clamp(jitter, 0.0, 1.0);
  return std::max<int64_t>(1, delay / 2 + static_cast<int64_t>((delay - delay / 2) * jitter));
}

MailSender::MailSender(MailOutbox& outbox, std::unique_ptr<MailTransport> transport,
                       std::string destination, MailSenderOptions options)
    : outbox_(&outbox),
      transport_(std::move(transport)),
      destination_(std::move(destination)),
      options_(std::move(options)),
      random_state_(std::random_device{}() | 1) {
  if (!options_.now) options_.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
}

MailSender::~MailSender() { Stop(); }

void MailSender::Start() {
  thread_ = std::thread([this] {
    while (true) {
      bool more = false;
      try {
        more = RunPass();
      } catch (const std::exception& e) {
        Log(std::string("mail: cannot read or update the outbox: ") + e.what() +
            "; trying again shortly");
      }
      std::unique_lock<std::mutex> lock(mu_);
      if (!more && !stopping_) {
        cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
      }
      woken_ = false;
      if (stopping_) break;
    }
  });
}

void MailSender::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void MailSender::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  abort_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailSender::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << line << '\n';
  }
}

double MailSender::Jitter() {
  random_state_ ^= random_state_ << 13;  // xorshift64: enough to spread retries
  random_state_ ^= random_state_ >> 7;
  random_state_ ^= random_state_ << 17;
  return static_cast<double>(random_state_ % 1000000) / 1000000.0;
}

// One pass over the due messages. Returns true if a full batch went (more may wait).
bool MailSender::RunPass() {
  int64_t now = options_.now();
  if (now >= next_forget_at_) {
    outbox_->Forget(now - options_.keep_seconds);
    next_forget_at_ = now + 3600;
  }
  if (now < paused_until_) return false;
  std::vector<QueuedMail> due = outbox_->Due(now, options_.batch);
  for (const QueuedMail& mail : due) {
    if (abort_) return false;
    Delivery delivery = transport_->Deliver(mail, abort_);
    if (delivery.result == Delivery::Result::kAborted) return false;
    now = options_.now();
    outbox_->Record({Judge(mail, delivery, now)});
    bool outage = delivery.result == Delivery::Result::kTemporary && delivery.outage;
    if (!outage) {
      if (down_) Log("mail: " + destination_ + " is taking messages again");
      down_ = false;
      outage_failures_ = 0;
      continue;
    }
    if (!down_) {
      Log("mail: cannot deliver through " + destination_ + ": " + delivery.reply +
          "; keeping the messages and retrying with backoff");
    }
    down_ = true;
    ++outage_failures_;
    paused_until_ = now + MailBackoffSeconds(outage_failures_, options_.base_delay_seconds,
                                             options_.max_delay_seconds, Jitter());
    return false;
  }
  return due.size() == static_cast<size_t>(options_.batch);
}

MailAttempt MailSender::Judge(const QueuedMail& mail, const Delivery& delivery, int64_t now) {
  MailAttempt attempt;
  attempt.mail_id = mail.id;
  attempt.at = now;
  attempt.reply = delivery.reply;
  switch (delivery.result) {
    case Delivery::Result::kAccepted:
      attempt.outcome = MailAttempt::Outcome::kSent;
      break;
    case Delivery::Result::kPermanent:
      attempt.outcome = MailAttempt::Outcome::kFailed;
      Log("mail: message <" + mail.message_id + "> refused for good: " + delivery.reply);
      break;
    default:
      if (mail.tries + 1 >= options_.max_tries) {
        attempt.outcome = MailAttempt::Outcome::kFailed;
        attempt.reply =
            "gave up after " + std::to_string(mail.tries + 1) + " tries: " + delivery.reply;
        Log("mail: message <" + mail.message_id + "> " + attempt.reply);
      } else {
        attempt.outcome = MailAttempt::Outcome::kRetry;
        attempt.next_try_at = now + MailBackoffSeconds(mail.tries + 1, options_.base_delay_seconds,
                                                       options_.max_delay_seconds, Jitter());
      }
  }
  return attempt;
}

}  // namespace bulletin
