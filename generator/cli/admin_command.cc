#include "cli/admin_command.h"

#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

namespace bulletin {

void AddAdminCommands(CLI::App* app, AdminOptions* options, AdminRun* run) {
  CLI::App* admin = app->add_subcommand(
      "admin", "manager accounts, staff rosters and data protection (works while serve runs)");
  admin->require_subcommand(1);
  admin->add_option("--db", options->db_path, "SQLite database file")->capture_default_str();
  admin->add_option("--content", options->content_dir, "content folder (site.yaml, quizzes)")
      ->capture_default_str();
  AddAccountCommands(admin, options, run);
  AddStaffCommands(admin, options, run);
  AddDataCommands(admin, options, run);
}

std::string CommandLineActor() {
  const char* name = nullptr;
  if (const passwd* pw = getpwuid(geteuid())) name = pw->pw_name;
  return std::string("cli:") + (name ? name : std::to_string(geteuid()));
}

}  // namespace bulletin
