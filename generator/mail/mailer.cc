#include "mail/mailer.h"

#include <ctime>

namespace bulletin {

bool ComposeMail(MailContent content, const MailAddress& from, const std::string& kind, int64_t now,
                 OutgoingMail* out, std::string* err) {
  content.from = from;
  OutgoingMail mail;
  mail.message_id = NewMessageId(AddressDomain(from.address));
  mail.kind = kind;
  mail.envelope_from = from.address;
  mail.recipient = content.to.address;
  mail.created_at = now;
  if (!FormatMailMessage(content, mail.message_id, now, &mail.content, err)) return false;
  *out = std::move(mail);
  return true;
}

Mailer::Mailer(MailOutbox& outbox, MailSettings settings, MailSenderOptions options)
    : settings_(std::move(settings)), outbox_(&outbox) {
  std::string destination = settings_.smtp_url.empty() ? settings_.eml_dir : settings_.smtp_url;
  sender_ = std::make_unique<MailSender>(outbox, MakeMailTransport(settings_), destination,
                                         std::move(options));
  sender_->Start();
}

Mailer::~Mailer() { sender_->Stop(); }

bool Mailer::Queue(const MailContent& content, const std::string& kind, std::string* err) {
  OutgoingMail mail;
  if (!ComposeMail(content, settings_.from, kind, static_cast<int64_t>(std::time(nullptr)), &mail,
                   err)) {
    return false;
  }
  try {
    outbox_->Enqueue({mail});
  } catch (const std::exception& e) {
    *err = std::string("cannot queue the message: ") + e.what();
    return false;
  }
  sender_->Wake();
  return true;
}

}  // namespace bulletin
