#include "cli/admin_command.h"

#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "content/site_config.h"
#include "core/diagnostics.h"
#include "core/file_system.h"
#include "store/audit_log.h"
#include "store/data_layer.h"

namespace bulletin {

void AddAdminCommands(CLI::App* app, AdminOptions* options, AdminRun* run) {
  CLI::App* admin = app->add_subcommand(
      "admin", "manager accounts, staff rosters and data protection (works while serve runs)");
  admin->require_subcommand(1);
  admin->fallthrough();  // --db and --content may also follow the subcommand
  admin->add_option("--db", options->db_path, "SQLite database file")->capture_default_str();
  admin->add_option("--content", options->content_dir, "content folder (site.yaml, quizzes)")
      ->capture_default_str();
  AddAccountCommands(admin, options, run);
  AddStaffCommands(admin, options, run);
  AddDataCommands(admin, options, run);
  AddMailCommands(admin, options, run);
}

bool LoadSiteForAdmin(const AdminOptions& options, SiteConfig* site) {
  RealFileSystem fs;
  const std::string path = options.content_dir + "/site.yaml";
  std::string text, err;
  if (!fs.ReadFile(path, &text, &err)) {
    std::cerr << "error: cannot read " << path << ": " << err
              << " (pass --content DIR, the folder holding site.yaml)\n";
    return false;
  }
  Diagnostics diags;
  bool ok = ParseSiteConfig(text, path, &diags, site);
  std::cerr << diags.FormatAll();
  return ok;
}

std::unique_ptr<DataLayer> OpenAdminData(const AdminOptions& options, const std::string& command) {
  DataLayerOptions data_options;
  data_options.readers = 1;
  std::string err;
  std::unique_ptr<DataLayer> data = OpenSqliteDataLayer(options.db_path, &err, data_options);
  if (!data) std::cerr << "bulletin admin " << command << ": " << err << '\n';
  return data;
}

bool AuditCommand(DataLayer& data, const std::string& command, const std::string& action,
                  const std::string& detail) {
  std::string err;
  if (data.audit().Record({0, CommandLineActor(), "", action, detail, ""}, &err)) return true;
  std::cerr << "bulletin admin " << command << ": " << data.location() << ": " << err << '\n';
  return false;
}

std::string CommandLineActor() {
  const char* name = nullptr;
  if (const passwd* pw = getpwuid(geteuid())) name = pw->pw_name;
  return std::string("cli:") + (name ? name : std::to_string(geteuid()));
}

}  // namespace bulletin
