#include "cli/admin_command.h"

#include <CLI/CLI.hpp>

namespace bulletin {

void AddStaffCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run) {
  (void)admin;
  (void)options;
  (void)run;
}

}  // namespace bulletin
