#pragma once

#include <string>

#include "mail/mime.h"

namespace bulletin {

/// How bulletin sends mail: through an SMTP submission server, or (no server set) into
/// .eml files in a folder.
struct MailSettings {
  /// "smtp://host:587" (STARTTLS required) or "smtps://host:465" (TLS from the start);
  /// empty: write .eml files into eml_dir instead.
  std::string smtp_url;
  std::string username;  ///< empty: the relay takes mail without a login
  std::string password;  ///< never logged, never a flag
  std::string ca_file;   ///< extra CA bundle for a relay with a private certificate
  MailAddress from;      ///< the From header and the envelope sender
  std::string eml_dir;   ///< where .eml files go without smtp_url
  long connect_timeout_seconds = 10;
  long timeout_seconds = 60;  ///< one message, start to end
};

/// The environment variables (and credentials-file keys) holding the SMTP login.
inline constexpr const char* kSmtpUsernameVariable = "BULLETIN_SMTP_USERNAME";
inline constexpr const char* kSmtpPasswordVariable = "BULLETIN_SMTP_PASSWORD";

/// Checks `url` is smtp://host[:port] or smtps://host[:port] with no user, path or query,
/// and adds the default port (587, 465). Returns false and sets *err (how to fix it).
bool NormaliseSmtpUrl(std::string* url, std::string* err);

/// True when `url`'s host is 127.0.0.1, ::1 or localhost: the one place a relay may be
/// reached without TLS (a local MTA, and the tests).
bool IsLoopbackSmtpUrl(const std::string& url);

/// Fills settings->username and password from `credentials_file` (lines
/// BULLETIN_SMTP_USERNAME=... and BULLETIN_SMTP_PASSWORD=...; not inside content_dir) or,
/// without one, from those environment variables. Neither set is fine (a relay that takes
/// mail by address); one without the other is an error.
bool LoadSmtpCredentials(const std::string& credentials_file, const std::string& content_dir,
                         MailSettings* settings, std::string* err);

/// The settings `bulletin serve` and `bulletin admin` share, as given on the command line.
struct MailFlags {
  std::string smtp_url;
  std::string credentials_file;
  std::string ca_file;
  std::string from;  ///< "Name <address>"; default: the site's name at no-reply@ its domain
};

/// Turns flags into settings: checks the URL, reads the login, parses From (falling back to
/// `default_from`), and sets eml_dir to `data_dir`/mail. Returns false and sets *err.
bool MakeMailSettings(const MailFlags& flags, const std::string& content_dir,
                      const std::string& data_dir, const MailAddress& default_from,
                      MailSettings* settings, std::string* err);

/// The From used when none is given: `site_name` at no-reply@ the host of `base_url`
/// (bulletin.invalid when that host has no dot, as on a laptop).
MailAddress DefaultMailFrom(const std::string& site_name, const std::string& base_url);

/// One line for the log at start: where mail goes, and as whom.
std::string DescribeMailSettings(const MailSettings& settings);

}  // namespace bulletin
