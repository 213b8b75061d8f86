#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "mail/mail_sender.h"
#include "mail/mail_settings.h"
#include "mail/mime.h"
#include "store/mail_outbox.h"

namespace bulletin {

/// Makes `content` into an outbox row: From set to `from` (also the envelope sender), a new
/// Message-ID at From's domain, dated `now`. Returns false and sets *err when an address
/// or header is not acceptable (see FormatMailMessage).
bool ComposeMail(MailContent content, const MailAddress& from, const std::string& kind, int64_t now,
                 OutgoingMail* out, std::string* err);

/// What `bulletin serve` holds for mail: the settings, an outbox to queue into and the
/// sender thread that empties it.
class Mailer {
 public:
  /// Queues into `outbox` (the data layer's, which must outlive the Mailer) and starts the
  /// sender thread that empties it.
  Mailer(MailOutbox& outbox, MailSettings settings, MailSenderOptions options);
  ~Mailer();  ///< stops the sender

  const MailSettings& settings() const { return settings_; }

  /// Composes and queues one message, and wakes the sender. Returns false and sets *err
  /// if the message is not acceptable or cannot be stored.
  bool Queue(const MailContent& content, const std::string& kind, std::string* err);

  /// Wakes the sender (after another module queued messages in its own transaction).
  void Wake() { sender_->Wake(); }

  /// Stops the sender, leaving what is queued for the next start.
  void Stop() { sender_->Stop(); }

 private:
  MailSettings settings_;
  MailOutbox* outbox_;
  std::unique_ptr<MailSender> sender_;
};

}  // namespace bulletin
