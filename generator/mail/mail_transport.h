#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "mail/mail_settings.h"
#include "store/mail_outbox.h"

namespace bulletin {

/// What one try at handing a message over gave.
struct Delivery {
  enum class Result {
    kAccepted,   ///< the server took it (2xx), or the .eml file is written
    kTemporary,  ///< try again later: a 4xx answer, no answer, a timeout, a refused connection
    kPermanent,  ///< a 5xx answer: trying again would get the same
    kAborted,    ///< Stop() cut it short: nothing is known, the message stays as it was
  };
  Result result = Result::kTemporary;
  /// kTemporary for every message, not this one: no answer, 421, a refused login, no TLS.
  bool outage = false;
  int code = 0;       ///< the SMTP reply code, 0 when there was none
  std::string reply;  ///< the server's last answer, or what went wrong
};

/// Hands messages to where they go. One thread uses a transport at a time.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  /// Delivers one message. `abort`, when set by another thread, cuts a try short.
  virtual Delivery Deliver(const QueuedMail& mail, const std::atomic<bool>& abort) = 0;
};

/// SMTP submission with libcurl: smtp:// with STARTTLS required (only a loopback relay may
/// go without), or smtps://; certificates and host names verified; the login when set; the
/// settings' timeouts. Keeps the connection open between messages. Message bytes are sent
/// as stored (libcurl dot-stuffs them).
std::unique_ptr<MailTransport> MakeSmtpTransport(const MailSettings& settings);

/// Writes each message to `<dir>/<created>-<Message-ID>.eml` (written whole, then
/// renamed into place), for a server with no SMTP relay and for the demo.
std::unique_ptr<MailTransport> MakeEmlFolderTransport(const std::string& dir);

/// The transport `settings` asks for: SMTP when smtp_url is set, else the .eml folder.
std::unique_ptr<MailTransport> MakeMailTransport(const MailSettings& settings);

}  // namespace bulletin
