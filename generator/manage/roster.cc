#include "manage/roster.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "manage/csv.h"
#include "server/form.h"

namespace bulletin {

namespace {

constexpr size_t kMaxTextBytes = 100;
const char* const kColumns[] = {"name", "email", "organisation", "team", "role"};

// Maps each required column to its index in the header row; reports unknown, repeated and
// missing columns.
bool ReadHeader(const CsvRecord& header, const std::string& path, Diagnostics* diags,
                std::map<std::string, size_t>* columns) {
  const std::vector<std::string> known(std::begin(kColumns), std::end(kColumns));
  bool ok = true;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = AsciiLower(Trim(header.fields[i]));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string hint = ClosestMatch(name, known);
      diags->Error(path, header.line, 0,
                   "unknown column '" + header.fields[i] + "'" +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                       " The columns are name, email, organisation, team, role");
      ok = false;
    } else if (!columns->emplace(name, i).second) {
      diags->Error(path, header.line, 0, "column '" + name + "' appears twice; keep one");
      ok = false;
    }
  }
  for (const std::string& name : known) {
    if (!columns->count(name)) {
      diags->Error(path, header.line, 0,
                   "no '" + name +
                       "' column; the first row must name the columns name, "
                       "email, organisation, team, role (in any order)");
      ok = false;
    }
  }
  return ok;
}

// The organisation id a person probably meant: the id closest to what they wrote, or the
// id of the organisation whose name they wrote.
std::string SuggestOrganisation(const std::string& written, const SiteConfig& site) {
  std::vector<std::string> ids;
  for (const Organisation& o : site.organisations) {
    if (AsciiLower(o.name) == AsciiLower(written)) return o.id;
    ids.push_back(o.id);
  }
  std::string hint = ClosestMatch(AsciiLower(written), ids);
  if (hint.empty()) hint = ClosestMatch(Slugify(written), ids);
  return hint;
}

std::string OrganisationIds(const SiteConfig& site) {
  std::vector<std::string> ids;
  for (const Organisation& o : site.organisations) ids.push_back(o.id);
  return Join(ids, ", ");
}

// Checks one text cell; returns the problem, or "" if the value is fine.
std::string CheckText(const std::string& column, const std::string& value, bool required) {
  if (value.empty()) return required ? "'" + column + "' is empty; fill it in" : "";
  if (!IsCleanText(value)) {
    return "'" + column + "' holds a control character or invisible formatting; retype it";
  }
  if (value.size() > kMaxTextBytes) {
    return "'" + column + "' is longer than 100 characters; shorten it";
  }
  return "";
}

// Validates one data row into *member; reports every problem of the row.
bool ReadRow(const CsvRecord& row, const std::map<std::string, size_t>& columns, size_t width,
             const std::string& path, const SiteConfig& site, const std::string& only_organisation,
             Diagnostics* diags, StaffMember* member) {
  auto error = [&](const std::string& message) { diags->Error(path, row.line, 0, message); };
  if (row.fields.size() != width) {
    error("this row has " + std::to_string(row.fields.size()) + " fields but the header has " +
          std::to_string(width) + "; a value holding a comma must be in double quotes");
    return false;
  }
  auto cell = [&](const char* name) { return std::string(Trim(row.fields[columns.at(name)])); };
  member->line = row.line;
  member->name = cell("name");
  member->email = AsciiLower(cell("email"));
  member->organisation = cell("organisation");
  member->team = cell("team");
  member->role = cell("role");
  bool ok = true;
  for (auto [column, value, required] :
       {std::tuple{"name", &member->name, true}, std::tuple{"team", &member->team, false},
        std::tuple{"role", &member->role, false}}) {
    std::string problem = CheckText(column, *value, required);
    if (!problem.empty()) {
      error(problem);
      ok = false;
    }
  }
  if (member->email.empty()) {
    error("'email' is empty; every person needs their work email address");
    ok = false;
  } else if (!IsCleanText(member->email) || !IsWellFormedEmail(member->email)) {
    error("'" + member->email + "' is not an email address; write it like name@example.org.uk");
    ok = false;
  }
  if (member->organisation.empty()) {
    error("'organisation' is empty; use one of the ids in site.yaml: " + OrganisationIds(site));
    ok = false;
  } else if (!site.FindOrganisation(member->organisation)) {
    std::string hint = SuggestOrganisation(member->organisation, site);
    error("unknown organisation '" + member->organisation + "'; " +
          (hint.empty() ? "use one of the ids in site.yaml: " + OrganisationIds(site)
                        : "did you mean '" + hint + "'?"));
    ok = false;
  } else if (!only_organisation.empty() && member->organisation != only_organisation) {
    error("this row is for '" + member->organisation + "', but this import is only for '" +
          only_organisation + "'; remove the row, or ask the partnership administrator");
    ok = false;
  }
  return ok;
}

bool SameDetails(const StaffMember& a, const StaffMember& b) {
  return a.name == b.name && a.email == b.email && a.organisation == b.organisation &&
         a.team == b.team && a.role == b.role;
}

}  // namespace

bool ParseRoster(std::string_view text, const std::string& path, const SiteConfig& site,
                 const std::string& only_organisation, Diagnostics* out_diags, Roster* out) {
  // Collected apart and sorted, so CSV syntax errors and row errors read in line order.
  Diagnostics local;
  Diagnostics* diags = &local;
  struct MergeOnExit {
    Diagnostics* from;
    Diagnostics* to;
    ~MergeOnExit() {
      from->Sort();
      to->Merge(*from);
    }
  } merge{&local, out_diags};
  const int errors_before = 0;
  std::vector<CsvRecord> records;
  // Rows with CSV syntax errors are already reported; the other rows are still checked, so
  // one upload shows every problem.
  std::set<int> bad_lines;
  const size_t items_before = diags->items().size();
  if (!ReadCsv(text, path, diags, &records)) {
    for (size_t i = items_before; i < diags->items().size(); ++i) {
      bad_lines.insert(diags->items()[i].line);
    }
  }
  if (records.empty()) {
    diags->Error(path, 1, 0,
                 "the file is empty; the first row must name the columns name, email, "
                 "organisation, team, role");
    return false;
  }
  std::map<std::string, size_t> columns;
  if (bad_lines.count(records[0].line) || !ReadHeader(records[0], path, diags, &columns)) {
    return false;
  }
  std::map<std::string, int> first_line;  // by lower-case email
  std::set<std::string> organisations;
  if (!only_organisation.empty()) organisations.insert(only_organisation);
  for (size_t i = 1; i < records.size(); ++i) {
    if (bad_lines.count(records[i].line)) continue;
    StaffMember member;
    if (!ReadRow(records[i], columns, records[0].fields.size(), path, site, only_organisation,
                 diags, &member)) {
      continue;
    }
    auto [it, fresh] = first_line.emplace(member.email, member.line);
    if (!fresh) {
      diags->Error(path, member.line, 0,
                   member.email + " is also on line " + std::to_string(it->second) +
                       "; list each person once");
      continue;
    }
    organisations.insert(member.organisation);
    out->staff.push_back(std::move(member));
  }
  out->organisations.assign(organisations.begin(), organisations.end());
  return diags->error_count() == errors_before;
}

bool PlanRoster(const std::vector<StaffMember>& staff, const Roster& roster,
                const std::string& path, const std::string& only_organisation, Diagnostics* diags,
                RosterPlan* plan) {
  *plan = RosterPlan();
  std::map<std::string, StaffMember> current;  // by lower-case email
  for (const StaffMember& m : staff) current.emplace(AsciiLower(m.email), m);
  const std::set<std::string> named(roster.organisations.begin(), roster.organisations.end());
  std::set<std::string> in_file;
  bool ok = true;
  for (const StaffMember& row : roster.staff) {
    in_file.insert(row.email);
    auto it = current.find(row.email);
    if (it == current.end()) {
      plan->added.push_back(row);
      continue;
    }
    if (!only_organisation.empty() && it->second.organisation != only_organisation) {
      diags->Error(path, row.line, 0,
                   row.email +
                       " is on another organisation's roster; ask the partnership "
                       "administrator to move them");
      ok = false;
      continue;
    }
    StaffMember after = row;
    after.id = it->second.id;
    if (SameDetails(it->second, after)) {
      ++plan->unchanged;
    } else {
      plan->changed.push_back({it->second, after});
    }
  }
  for (const auto& [email, member] : current) {
    if (named.count(member.organisation) && !in_file.count(email)) {
      plan->removed.push_back(member);
    }
  }
  return ok;
}

RosterOutcome ImportRoster(RosterRecords& records, const Roster& roster, const std::string& path,
                           const std::string& only_organisation, int64_t now, bool dry_run,
                           Diagnostics* diags, RosterPlan* plan, std::string* err) {
  bool accepted = false;
  auto planner = [&](const std::vector<StaffMember>& current, RosterPlan* out) {
    return PlanRoster(current, roster, path, only_organisation, diags, out);
  };
  if (!records.ApplyRoster(planner, !dry_run, now, plan, &accepted, err)) {
    return RosterOutcome::kUnavailable;
  }
  return accepted ? RosterOutcome::kDone : RosterOutcome::kRefused;
}

std::string PlanSummary(const RosterPlan& plan) {
  return std::to_string(plan.added.size()) + " added, " + std::to_string(plan.changed.size()) +
         " changed, " + std::to_string(plan.removed.size()) + " removed, " +
         std::to_string(plan.unchanged) + " unchanged";
}

}  // namespace bulletin
