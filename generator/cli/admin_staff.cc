// bulletin admin import-staff: replaces the rosters of the organisations a CSV file names.
#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/admin_command.h"
#include "content/content_tree.h"
#include "core/file_system.h"
#include "core/text.h"
#include "manage/audit.h"
#include "manage/roster.h"
#include "store/database.h"

namespace bulletin {

namespace {

struct ImportOptions {
  std::string file;
  std::string organisation;
  bool dry_run = false;
};

void PrintMember(const char* sign, const StaffMember& m, std::ostream& out) {
  out << "  " << sign << ' ' << m.email << "  " << m.name << " (" << m.organisation;
  if (!m.team.empty()) out << ", " << m.team;
  if (!m.role.empty()) out << ", " << m.role;
  out << ")\n";
}

void PrintPlan(const RosterPlan& plan, std::ostream& out) {
  for (const StaffMember& m : plan.added) PrintMember("+", m, out);
  for (const StaffChange& c : plan.changed) {
    PrintMember("~", c.after, out);
    out << "      was " << c.before.name << " (" << c.before.organisation << ", " << c.before.team
        << ", " << c.before.role << ")\n";
  }
  for (const StaffMember& m : plan.removed) PrintMember("-", m, out);
}

// Loads site.yaml for the organisation ids. Returns false after printing why it cannot.
bool LoadSite(const std::string& content_dir, SiteConfig* site) {
  RealFileSystem fs;
  std::string text, err;
  const std::string path = JoinPath(content_dir, "site.yaml");
  if (!fs.ReadFile(path, &text, &err)) {
    std::cerr << path << ": error: cannot read site.yaml (" << err
              << "); pass --content DIR, the content folder the site is built from\n";
    return false;
  }
  Diagnostics diags;
  if (!ParseSiteConfig(text, path, &diags, site)) {
    std::cerr << diags.FormatAll();
    return false;
  }
  return true;
}

int RunImport(const AdminOptions& admin, const ImportOptions& options) {
  SiteConfig site;
  if (!LoadSite(admin.content_dir, &site)) return 1;
  if (!options.organisation.empty() && !site.FindOrganisation(options.organisation)) {
    std::cerr << "bulletin admin import-staff: --organisation '" << options.organisation
              << "' is not an organisation id in site.yaml\n";
    return 2;
  }
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    std::cerr << options.file << ": error: cannot open the file\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  Diagnostics diags;
  Roster roster;
  if (!ParseRoster(text.str(), options.file, site, options.organisation, &diags, &roster)) {
    std::cerr << diags.FormatAll() << "nothing was imported: fix every row above and run "
                                      "the import again\n";
    return 1;
  }
  try {
    auto db = OpenDatabase(admin.db_path);
    RosterPlan plan;
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    bool ok = options.dry_run
                  ? PlanRoster(*db, roster, options.file, options.organisation, &diags, &plan)
                  : ApplyRoster(*db, roster, options.file, options.organisation, now, &diags, &plan);
    if (!ok) {
      std::cerr << diags.FormatAll() << "nothing was imported\n";
      return 1;
    }
    PrintPlan(plan, std::cout);
    std::cout << "rosters of " << Join(roster.organisations, ", ") << ": " << PlanSummary(plan)
              << (options.dry_run ? " (dry run: nothing was changed)\n" : "\n");
    if (!options.dry_run) {
      AuditLog audit(admin.db_path);
      audit.Record({0, CommandLineActor(), "", "import-staff",
                    options.file + ": " + Join(roster.organisations, ", ") + ": " +
                        PlanSummary(plan),
                    ""});
    }
  } catch (const std::exception& e) {
    std::cerr << "bulletin admin import-staff: " << admin.db_path << ": " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace

void AddStaffCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run) {
  auto import = std::make_shared<ImportOptions>();
  CLI::App* cmd = admin->add_subcommand(
      "import-staff",
      "import a staff roster CSV (name, email, organisation, team, role); replaces the roster "
      "of each organisation the file names");
  cmd->add_option("FILE", import->file, "the roster, RFC 4180 CSV in UTF-8")->required();
  cmd->add_flag("--dry-run", import->dry_run, "show what would be added, changed and removed");
  cmd->add_option("--organisation", import->organisation,
                  "only this organisation: every row must be of it, and its staff missing from "
                  "the file are removed");
  cmd->callback([options, import, run] {
    *run = [options, import] { return RunImport(*options, *import); };
  });
}

}  // namespace bulletin
