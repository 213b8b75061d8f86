#include "mail/mail_settings.h"

#include <map>

#include "core/secrets_file.h"
#include "core/text.h"

namespace bulletin {

namespace {

std::string HostOf(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  if (!rest.empty() && rest.front() == '[') return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

}  // namespace

bool NormaliseSmtpUrl(std::string* url, std::string* err) {
  std::string& u = *url;
  std::string scheme = u.substr(0, u.find("://"));
  if (u.find("://") == std::string::npos || (scheme != "smtp" && scheme != "smtps")) {
    *err = "--smtp-url '" + u +
           "' must be smtp://host:587 (STARTTLS) or smtps://host:465 (TLS), such as "
           "smtp://smtp.example.org:587";
    return false;
  }
  std::string authority = u.substr(scheme.size() + 3);
  if (!authority.empty() && authority.back() == '/') authority.pop_back();
  if (authority.empty() || authority.find_first_of("@/?# \t\r\n") != std::string::npos) {
    *err = "--smtp-url '" + u +
           "' must hold only a host and a port: give the login in BULLETIN_SMTP_USERNAME and "
           "BULLETIN_SMTP_PASSWORD or --smtp-credentials-file";
    return false;
  }
  bool bracketed = authority.front() == '[';
  size_t colon = authority.rfind(':');
  bool has_port = colon != std::string::npos && (!bracketed || colon > authority.find(']'));
  if (has_port) {
    std::string port = authority.substr(colon + 1);
    bool digits = !port.empty() && port.size() <= 5 &&
                  port.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(port) == 0 || std::stoi(port) > 65535) {
      *err = "--smtp-url '" + u + "': the port must be a number from 1 to 65535";
      return false;
    }
  } else {
    authority += scheme == "smtp" ? ":587" : ":465";
  }
  u = scheme + "://" + authority;
  return true;
}

bool IsLoopbackSmtpUrl(const std::string& url) {
  std::string host = HostOf(url);
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

bool LoadSmtpCredentials(const std::string& credentials_file, const std::string& content_dir,
                         MailSettings* settings, std::string* err) {
  std::map<std::string, std::string> values;
  if (!ReadSecrets(credentials_file, content_dir, {kSmtpUsernameVariable, kSmtpPasswordVariable},
                   "the SMTP login", &values, err)) {
    return false;
  }
  std::string user = values[kSmtpUsernameVariable];
  std::string password = values[kSmtpPasswordVariable];
  if (user.empty() != password.empty()) {
    std::string where = credentials_file.empty() ? "the environment" : credentials_file;
    *err = "the SMTP login is incomplete: set both " + std::string(kSmtpUsernameVariable) +
           " and " + kSmtpPasswordVariable + " in " + where + ", or neither";
    return false;
  }
  settings->username = user;
  settings->password = password;
  return true;
}

bool MakeMailSettings(const MailFlags& flags, const std::string& content_dir,
                      const std::string& data_dir, const MailAddress& default_from,
                      MailSettings* settings, std::string* err) {
  MailSettings s;
  s.eml_dir = (data_dir.empty() ? std::string(".") : data_dir) + "/mail";
  s.ca_file = flags.ca_file;
  if (!flags.smtp_url.empty()) {
    s.smtp_url = flags.smtp_url;
    if (!NormaliseSmtpUrl(&s.smtp_url, err) ||
        !LoadSmtpCredentials(flags.credentials_file, content_dir, &s, err)) {
      return false;
    }
  }
  if (flags.from.empty()) {
    s.from = default_from;
  } else {
    std::string why;
    if (!ParseMailAddress(flags.from, &s.from, &why)) {
      *err = "--mail-from: " + why;
      return false;
    }
  }
  *settings = std::move(s);
  return true;
}

MailAddress DefaultMailFrom(const std::string& site_name, const std::string& base_url) {
  std::string host =
      base_url.substr(base_url.find("://") == std::string::npos ? 0 : base_url.find("://") + 3);
  host = host.substr(0, host.find_first_of(":/"));
  MailAddress from{site_name, "no-reply@" + host};
  if (!IsWellFormedEmail(from.address)) from.address = "no-reply@bulletin.invalid";
  return from;
}

std::string DescribeMailSettings(const MailSettings& settings) {
  std::string from = FormatMailbox(settings.from, 0);
  if (settings.smtp_url.empty()) {
    return "mail: no SMTP server set (--smtp-url); messages are written as .eml files to " +
           settings.eml_dir + "/ and not sent, from " + from;
  }
  std::string tls = settings.smtp_url.rfind("smtps://", 0) == 0 ? "TLS"
                    : IsLoopbackSmtpUrl(settings.smtp_url)      ? "STARTTLS if offered (loopback)"
                                                                : "STARTTLS required";
  return "mail: sending through " + settings.smtp_url + " (" + tls +
         (settings.username.empty() ? ", no login" : ", login " + settings.username) + ") from " +
         from;
}

}  // namespace bulletin
