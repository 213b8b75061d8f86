// `bulletin admin mail-test`, and the mail flags `serve` shares.
#include "cli/mail_command.h"

#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "content/site_config.h"
#include "core/text.h"
#include "mail/mail_transport.h"
#include "mail/mailer.h"
#include "store/audit_log.h"
#include "store/data_layer.h"

namespace bulletin {

namespace {

struct MailTestOptions {
  MailFlags flags;
  std::string to;
};

MailContent TestMessage(const SiteConfig& site, const std::string& to) {
  MailContent content;
  content.to = {"", to};
  content.subject = site.short_name + ": test message";
  content.text = "This is a test message from " + site.name +
                 ".\n\nIf you can read it, bulletin can send e-mail: sign-in links and "
                 "reminders will arrive.\n";
  content.html = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>" +
                 HtmlEscape(content.subject) +
                 "</title></head><body><p>This is a test message from " + HtmlEscape(site.name) +
                 ".</p><p>If you can read it, bulletin can send e-mail: sign-in links and "
                 "reminders will arrive.</p></body></html>\n";
  return content;
}

int RunMailTest(const AdminOptions& options, const MailTestOptions& test) {
  SiteConfig site;
  if (!LoadSiteForAdmin(options, &site)) return 1;
  MailSettings settings;
  std::string err;
  if (!MailSettingsFor(test.flags, site, options.content_dir, options.db_path, &settings, &err)) {
    std::cerr << "bulletin admin mail-test: " << err << '\n';
    return 2;
  }
  if (!IsWellFormedEmail(test.to)) {
    std::cerr << "bulletin admin mail-test: --to '" << test.to
              << "' is not an e-mail address (local@domain)\n";
    return 2;
  }
  OutgoingMail mail;
  if (!ComposeMail(TestMessage(site, test.to), settings.from, "test",
                   static_cast<int64_t>(std::time(nullptr)), &mail, &err)) {
    std::cerr << "bulletin admin mail-test: " << err << '\n';
    return 2;
  }
  std::cerr << DescribeMailSettings(settings) << '\n';
  QueuedMail queued{0, mail.message_id, mail.envelope_from, mail.recipient, mail.content, 0};
  std::atomic<bool> never{false};
  Delivery delivery = MakeMailTransport(settings)->Deliver(queued, never);
  bool ok = delivery.result == Delivery::Result::kAccepted;
  std::string detail = std::string(ok ? "sent" : "not sent") + " <" + mail.message_id + "> to " +
                       test.to + ": " + delivery.reply;
  std::unique_ptr<DataLayer> data = OpenAdminData(options, "mail-test");
  if (!data || !data->audit().Record({0, CommandLineActor(), "", "mail-test", detail, ""}, &err)) {
    std::cerr << "bulletin admin mail-test: warning: cannot write the audit log"
              << (data ? ": " + err : std::string()) << '\n';
  }
  std::cout << (ok ? "sent" : "not sent") << " <" << mail.message_id << "> to " << test.to
            << "; the server answered: " << delivery.reply << '\n';
  return ok ? 0 : 1;
}

}  // namespace

void AddMailFlags(CLI::App* command, MailFlags* flags) {
  command->add_option("--smtp-url", flags->smtp_url,
                      "SMTP submission server: smtp://host:587 (STARTTLS required) or "
                      "smtps://host:465; login from BULLETIN_SMTP_USERNAME and "
                      "BULLETIN_SMTP_PASSWORD. Without it, mail is written as .eml files "
                      "beside the database");
  command->add_option("--smtp-credentials-file", flags->credentials_file,
                      "file with BULLETIN_SMTP_USERNAME=... and BULLETIN_SMTP_PASSWORD=... "
                      "lines (not inside content/)");
  command->add_option("--smtp-ca-file", flags->ca_file,
                      "CA certificates (PEM) for a relay whose certificate a public CA did not "
                      "sign");
  command->add_option("--mail-from", flags->from,
                      "From address, \"Name <address>\" (default: the site's name at "
                      "no-reply@ its domain)");
}

bool MailSettingsFor(const MailFlags& flags, const SiteConfig& site, const std::string& content_dir,
                     const std::string& db_path, MailSettings* settings, std::string* err) {
  std::string data_dir = std::filesystem::path(db_path).parent_path().string();
  return MakeMailSettings(flags, content_dir, data_dir, DefaultMailFrom(site.name, site.base_url),
                          settings, err);
}

void AddMailCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run) {
  auto test = std::make_shared<MailTestOptions>();
  CLI::App* cmd = admin->add_subcommand(
      "mail-test", "send one test message with the mail settings given, and show the answer");
  cmd->add_option("--to", test->to, "the address to send it to")->required();
  AddMailFlags(cmd, &test->flags);
  cmd->callback(
      [options, test, run] { *run = [options, test] { return RunMailTest(*options, *test); }; });
}

}  // namespace bulletin
