#pragma once

#include <functional>
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace bulletin {

class DataLayer;
struct SiteConfig;
struct AuditEntry;

/// What every `bulletin admin` subcommand shares.
struct AdminOptions {
  std::string db_path = "data/bulletin.db";
  std::string content_dir = "content";
};

/// A parsed subcommand, ready to run; returns the exit status (0 ok, 1 failed, 2 usage).
using AdminRun = std::function<int()>;

/// Adds `admin` and its subcommands to `app`. After parsing, if an admin subcommand was
/// given, *run holds what to call.
void AddAdminCommands(CLI::App* app, AdminOptions* options, AdminRun* run);

// Each family of subcommands registers itself from its own file. Each sets *run from its
// subcommand's callback.
/// add-manager, reset-password (admin_accounts.cc)
void AddAccountCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run);
/// import-staff, assign, unassign, assignments (admin_staff.cc)
void AddStaffCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run);
/// export-person, purge, backup (admin_data.cc)
void AddDataCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run);

/// mail-test (mail_command.cc, declared in mail_command.h)
void AddMailCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run);

/// Reads <content_dir>/site.yaml (organisation ids, the site's name). Prints the problems
/// to stderr and returns false if it is missing or has errors.
bool LoadSiteForAdmin(const AdminOptions& options, SiteConfig* site);

/// Opens the database of --db for one command (one writer, one reader; see
/// store/data_layer.h). Prints "bulletin admin <command>: <path>: <reason>" to stderr and
/// returns nullptr on failure.
std::unique_ptr<DataLayer> OpenAdminData(const AdminOptions& options, const std::string& command);

/// Records `action` by CommandLineActor() in the audit log. Prints why and returns false
/// when it cannot be written.
bool AuditCommand(DataLayer& data, const std::string& command, const std::string& action,
                  const std::string& detail);

/// "cli:<login name>" for the audit log.
std::string CommandLineActor();

}  // namespace bulletin
