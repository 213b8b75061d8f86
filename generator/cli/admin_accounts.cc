// bulletin admin add-manager / reset-password.
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/admin_command.h"
#include "content/site_config.h"
#include "core/text.h"
#include "manage/accounts.h"
#include "manage/passwords.h"
#include "store/audit_log.h"
#include "store/data_layer.h"

namespace bulletin {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct PasswordSource {
  bool from_stdin = false;
  bool generate = false;
};

struct AccountArgs {
  std::string email;
  std::string organisation;
  bool partnership = false;
  PasswordSource password;
};

// Reads a line from the terminal without echoing it.
bool PromptHidden(const std::string& prompt, std::string* out) {
  std::cerr << prompt << std::flush;
  termios old{};
  bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  bool ok = static_cast<bool>(std::getline(std::cin, *out));
  if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::cerr << '\n';
  return ok;
}

// The new password from the chosen source; returns an exit status other than 0 on failure.
int ReadNewPassword(const PasswordSource& source, std::string* password) {
  if (source.generate) {
    *password = GeneratePassword();
    return kExitOk;
  }
  if (source.from_stdin) {
    if (!std::getline(std::cin, *password)) {
      std::cerr << "error: --password-stdin: nothing was read from standard input\n";
      return kExitFailed;
    }
    if (!password->empty() && password->back() == '\r') password->pop_back();
    return kExitOk;
  }
  if (!isatty(STDIN_FILENO)) {
    std::cerr << "error: no password given: run this on a terminal to be asked for one, or "
                 "pass --password-stdin or --generate-password\n";
    return kExitUsage;
  }
  std::string again;
  if (!PromptHidden("New password (12 or more characters): ", password) ||
      !PromptHidden("Type it again: ", &again)) {
    return kExitFailed;
  }
  if (*password != again) {
    std::cerr << "error: the two passwords were different; nothing was changed\n";
    return kExitFailed;
  }
  return kExitOk;
}

void AddPasswordFlags(CLI::App* command, PasswordSource* source) {
  CLI::Option* from_stdin = command->add_flag("--password-stdin", source->from_stdin,
                                              "read the password from the first line of stdin");
  command
      ->add_flag("--generate-password", source->generate,
                 "make a strong random password and print it once")
      ->excludes(from_stdin);
}

// Opens what both commands need; prints the reason and returns false on failure.
bool OpenStores(const AdminOptions& options, const SiteConfig& site,
                std::unique_ptr<DataLayer>* data, std::unique_ptr<AccountStore>* accounts) {
  AccountOptions account_options;
  account_options.site_name = site.name;
  account_options.site_short_name = site.short_name;
  DataLayerOptions data_options;
  data_options.readers = 1;
  std::string err;
  *data = OpenSqliteDataLayer(options.db_path, &err, data_options);
  if (!*data) {
    std::cerr << "error: cannot open the database " << err << '\n';
    return false;
  }
  *accounts = std::make_unique<AccountStore>(&(*data)->accounts(), account_options);
  return true;
}

void PrintGenerated(const PasswordSource& source, const std::string& password) {
  if (!source.generate) return;
  std::cout << "password: " << password << "\n"
            << "(shown only this once: give it to them by a secure route)\n";
}

std::string OrganisationLabel(const SiteConfig& site, const std::string& id) {
  if (id.empty()) return "the whole partnership";
  const Organisation* org = site.FindOrganisation(id);
  return (org ? org->name : id) + " (" + id + ")";
}

int AddManager(const AdminOptions& options, const AccountArgs& args) {
  if (args.partnership == !args.organisation.empty()) {
    std::cerr << "error: give either --organisation ID (a manager sees that organisation's "
                 "staff) or --partnership (an administrator sees every organisation)\n";
    return kExitUsage;
  }
  SiteConfig site;
  if (!LoadSiteForAdmin(options, &site)) return kExitFailed;
  if (!args.partnership && !site.FindOrganisation(args.organisation)) {
    std::vector<std::string> ids;
    for (const Organisation& org : site.organisations) ids.push_back(org.id);
    std::string closest = ClosestMatch(args.organisation, ids);
    std::cerr << "error: no organisation '" << args.organisation << "' in " << options.content_dir
              << "/site.yaml"
              << (closest.empty() ? "; the ids are: " + Join(ids, ", ")
                                  : "; did you mean '" + closest + "'?")
              << '\n';
    return kExitFailed;
  }
  std::unique_ptr<DataLayer> data;
  std::unique_ptr<AccountStore> accounts;
  if (!OpenStores(options, site, &data, &accounts)) return kExitFailed;
  std::string password;
  if (int status = ReadNewPassword(args.password, &password)) return status;
  Manager added;
  std::string err;
  if (!accounts->AddManager(args.email, args.organisation, password, &added, &err)) {
    std::cerr << "error: " << err << '\n';
    return kExitFailed;
  }
  if (!AuditCommand(*data, "add-manager", "add-manager",
                    added.email + " for " + OrganisationLabel(site, added.organisation))) {
    return kExitFailed;
  }
  std::cout << "added manager " << added.email << " for "
            << OrganisationLabel(site, added.organisation) << '\n';
  PrintGenerated(args.password, password);
  return kExitOk;
}

int ResetPassword(const AdminOptions& options, const AccountArgs& args) {
  SiteConfig site;
  if (!LoadSiteForAdmin(options, &site)) return kExitFailed;
  std::unique_ptr<DataLayer> data;
  std::unique_ptr<AccountStore> accounts;
  if (!OpenStores(options, site, &data, &accounts)) return kExitFailed;
  std::optional<Manager> manager;
  std::string find_err;
  if (!accounts->FindManager(args.email, &manager, &find_err)) {
    std::cerr << "error: " << options.db_path << ": " << find_err << '\n';
    return kExitFailed;
  }
  if (!manager) {
    std::cerr << "error: there is no manager with the email " << args.email
              << "; add one with `bulletin admin add-manager`\n";
    return kExitFailed;
  }
  std::string password;
  if (int status = ReadNewPassword(args.password, &password)) return status;
  std::string err;
  if (!accounts->ResetPassword(args.email, password, &err)) {
    std::cerr << "error: " << err << '\n';
    return kExitFailed;
  }
  if (!AuditCommand(*data, "reset-password", "reset-password", args.email)) return kExitFailed;
  std::cout << "new password set for " << args.email << "; their sessions were ended\n";
  PrintGenerated(args.password, password);
  return kExitOk;
}

}  // namespace

void AddAccountCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run) {
  auto args = std::make_shared<AccountArgs>();

  CLI::App* add = admin->add_subcommand("add-manager", "add a manager or partnership admin");
  add->add_option("--email", args->email, "their work email (they sign in with it)")->required();
  CLI::Option* org =
      add->add_option("--organisation", args->organisation, "organisation id from site.yaml");
  add->add_flag("--partnership", args->partnership, "a partnership-wide administrator")
      ->excludes(org);
  AddPasswordFlags(add, &args->password);
  add->callback([=] { *run = [=] { return AddManager(*options, *args); }; });

  CLI::App* reset = admin->add_subcommand("reset-password",
                                          "give a manager a new password and end their sessions");
  reset->add_option("--email", args->email, "the manager's email")->required();
  AddPasswordFlags(reset, &args->password);
  reset->callback([=] { *run = [=] { return ResetPassword(*options, *args); }; });
}

}  // namespace bulletin
