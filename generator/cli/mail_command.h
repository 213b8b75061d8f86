#pragma once

#include <string>

#include "cli/admin_command.h"
#include "mail/mail_settings.h"

namespace CLI {
class App;
}

namespace bulletin {

/// Adds --smtp-url, --smtp-credentials-file, --smtp-ca-file and --mail-from to `command`.
void AddMailFlags(CLI::App* command, MailFlags* flags);

/// The settings for `flags`, with From defaulting to the site's name at its domain and
/// .eml files going beside the database (`db_path`'s folder)/mail. Returns false and sets
/// *err (what to fix).
bool MailSettingsFor(const MailFlags& flags, const SiteConfig& site, const std::string& content_dir,
                     const std::string& db_path, MailSettings* settings, std::string* err);

}  // namespace bulletin
