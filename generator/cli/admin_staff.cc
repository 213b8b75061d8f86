// bulletin admin import-staff: replaces the rosters of the organisations a CSV file names.
// bulletin admin assign / unassign / assignments: quiz assignments kept in the database.
#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/admin_command.h"
#include "content/content_tree.h"
#include "core/file_system.h"
#include "core/text.h"
#include "manage/roster.h"
#include "quiz/quiz_parser.h"
#include "store/data_layer.h"
#include "store/roster_records.h"

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

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
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
    std::cerr << diags.FormatAll()
              << "nothing was imported: fix every row above and run "
                 "the import again\n";
    return 1;
  }
  std::unique_ptr<DataLayer> data = OpenAdminData(admin, "import-staff");
  if (!data) return 1;
  RosterPlan plan;
  std::string err;
  switch (ImportRoster(data->roster(), roster, options.file, options.organisation, NowSeconds(),
                       options.dry_run, &diags, &plan, &err)) {
    case RosterOutcome::kUnavailable:
      std::cerr << "bulletin admin import-staff: " << admin.db_path << ": " << err << '\n';
      return 1;
    case RosterOutcome::kRefused:
      std::cerr << diags.FormatAll() << "nothing was imported\n";
      return 1;
    case RosterOutcome::kDone:
      break;
  }
  PrintPlan(plan, std::cout);
  std::cout << "rosters of " << Join(roster.organisations, ", ") << ": " << PlanSummary(plan)
            << (options.dry_run ? " (dry run: nothing was changed)\n" : "\n");
  if (options.dry_run) return 0;
  return AuditCommand(
             *data, "import-staff", "import-staff",
             options.file + ": " + Join(roster.organisations, ", ") + ": " + PlanSummary(plan))
             ? 0
             : 1;
}

struct AssignOptions {
  std::string quiz, organisation, team, role;
  int64_t id = 0;
};

// Checks an assignment against the content: a server-graded quiz, a known organisation.
bool CheckAssignment(const AdminOptions& admin, const AssignOptions& a) {
  RealFileSystem fs;
  Diagnostics diags;
  ContentTree content;
  std::vector<Quiz> quizzes;
  if (!LoadContentTree(fs, admin.content_dir, LoadOptions(), &diags, &content) ||
      !LoadQuizzes(fs, admin.content_dir, content, &diags, &quizzes)) {
    std::cerr << diags.FormatAll() << "bulletin admin assign: fix the content first\n";
    return false;
  }
  std::vector<std::string> ids;
  bool found = false;
  for (const Quiz& q : quizzes) {
    if (q.grading != Grading::kServer) continue;
    ids.push_back(q.id);
    found = found || q.id == a.quiz;
  }
  if (!found) {
    std::string hint = ClosestMatch(a.quiz, ids);
    std::cerr << "bulletin admin assign: --quiz '" << a.quiz << "' is not a server-graded quiz"
              << (hint.empty() ? "; the quizzes are: " + Join(ids, ", ")
                               : "; did you mean '" + hint + "'?")
              << '\n';
    return false;
  }
  if (!a.organisation.empty() && !content.site.FindOrganisation(a.organisation)) {
    std::cerr << "bulletin admin assign: --organisation '" << a.organisation
              << "' is not an organisation id in site.yaml\n";
    return false;
  }
  return true;
}

std::string Describe(const std::string& quiz, const std::string& organisation,
                     const std::string& team, const std::string& role) {
  return quiz + " for " + (organisation.empty() ? "every organisation" : organisation) +
         (team.empty() ? "" : ", team " + team) + (role.empty() ? "" : ", role " + role);
}

int RunAssign(const AdminOptions& admin, const AssignOptions& a) {
  if (!CheckAssignment(admin, a)) return 2;
  std::unique_ptr<DataLayer> data = OpenAdminData(admin, "assign");
  if (!data) return 1;
  int64_t id = 0;
  std::string err;
  if (!data->roster().AddAssignment({0, a.quiz, a.organisation, a.team, a.role}, NowSeconds(), &id,
                                    &err)) {
    std::cerr << "bulletin admin assign: " << admin.db_path << ": " << err << '\n';
    return 1;
  }
  const std::string what = Describe(a.quiz, a.organisation, a.team, a.role);
  if (!AuditCommand(*data, "assign", "assign", "#" + std::to_string(id) + ": " + what)) return 1;
  std::cout << "assignment " << id << ": " << what << '\n';
  return 0;
}

int RunUnassign(const AdminOptions& admin, int64_t id) {
  std::unique_ptr<DataLayer> data = OpenAdminData(admin, "unassign");
  if (!data) return 1;
  bool removed = false;
  std::string err;
  if (!data->roster().RemoveAssignment(id, &removed, &err)) {
    std::cerr << "bulletin admin unassign: " << admin.db_path << ": " << err << '\n';
    return 1;
  }
  if (!removed) {
    std::cerr << "bulletin admin unassign: no assignment " << id
              << " (`bulletin admin assignments` lists them)\n";
    return 1;
  }
  if (!AuditCommand(*data, "unassign", "unassign", "#" + std::to_string(id))) return 1;
  std::cout << "assignment " << id << " removed\n";
  return 0;
}

int RunListAssignments(const AdminOptions& admin) {
  std::unique_ptr<DataLayer> data = OpenAdminData(admin, "assignments");
  if (!data) return 1;
  std::vector<AssignmentRecord> list;
  std::string err;
  if (!data->roster().ListAssignments(&list, &err)) {
    std::cerr << "bulletin admin assignments: " << admin.db_path << ": " << err << '\n';
    return 1;
  }
  for (const AssignmentRecord& a : list) {
    std::cout << a.id << ": " << Describe(a.quiz_id, a.organisation, a.team, a.role) << '\n';
  }
  if (list.empty()) std::cout << "no assignments in the database (site.yaml may have some)\n";
  return 0;
}

void AddAssignmentCommands(CLI::App* admin, const AdminOptions* options, AdminRun* run) {
  auto args = std::make_shared<AssignOptions>();
  CLI::App* assign = admin->add_subcommand(
      "assign",
      "require a quiz of every staff member matching the organisation, team and "
      "role given (in addition to site.yaml's assignments)");
  assign->add_option("--quiz", args->quiz, "the quiz id")->required();
  assign->add_option("--organisation", args->organisation, "an organisation id (default: all)");
  assign->add_option("--team", args->team, "a team, as on the roster (default: all)");
  assign->add_option("--role", args->role, "a role, as on the roster (default: all)");
  assign->callback(
      [options, args, run] { *run = [options, args] { return RunAssign(*options, *args); }; });
  CLI::App* unassign = admin->add_subcommand("unassign", "remove an assignment made by assign");
  unassign->add_option("ID", args->id, "its number, from `bulletin admin assignments`")->required();
  unassign->callback(
      [options, args, run] { *run = [options, args] { return RunUnassign(*options, args->id); }; });
  CLI::App* list = admin->add_subcommand("assignments", "list the assignments made by assign");
  list->callback([options, run] { *run = [options] { return RunListAssignments(*options); }; });
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
  AddAssignmentCommands(admin, options, run);
}

}  // namespace bulletin
