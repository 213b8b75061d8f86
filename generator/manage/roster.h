#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/site_config.h"
#include "core/diagnostics.h"

namespace SQLite {
class Database;
}

namespace bulletin {

/// One person on a staff roster (table staff). Email is the identity, case-insensitive;
/// completions match staff by it.
struct StaffMember {
  int64_t id = 0;  ///< 0 until stored
  std::string name;
  std::string email;  ///< lower case
  std::string organisation;
  std::string team;  ///< may be empty
  std::string role;  ///< may be empty
  int line = 0;      ///< the CSV line it came from, for messages
};

/// A roster file, read and checked.
struct Roster {
  std::vector<StaffMember> staff;
  /// The organisations whose rosters the import replaces: those named in the file, plus
  /// the one it was restricted to.
  std::vector<std::string> organisations;
};

/// Reads a roster CSV (RFC 4180; a header row naming the columns name, email,
/// organisation, team, role in any order and any case). Every row is checked: a
/// well-formed email, a known organisation id (the closest one is suggested), clean text,
/// no email twice. When `only_organisation` is not empty (a manager's upload, or
/// `--organisation`), every row must be of that organisation. Returns false with every
/// problem in *diags ("path:LINE: error: ...") if any row is bad; *out is then incomplete.
bool ParseRoster(std::string_view text, const std::string& path, const SiteConfig& site,
                 const std::string& only_organisation, Diagnostics* diags, Roster* out);

/// A staff member whose details an import changes.
struct StaffChange {
  StaffMember before;
  StaffMember after;
};

/// What importing a roster does to the staff table.
struct RosterPlan {
  std::vector<StaffMember> added;
  std::vector<StaffChange> changed;  ///< includes people moved from another organisation
  std::vector<StaffMember> removed;  ///< staff of a named organisation missing from the file
  size_t unchanged = 0;
};

/// Computes what importing `roster` would do, from the current staff table. Returns false
/// with a diagnostic per row when `only_organisation` is set and a row's email is on
/// another organisation's roster (a manager cannot take another agency's staff).
bool PlanRoster(SQLite::Database& db, const Roster& roster, const std::string& path,
                const std::string& only_organisation, Diagnostics* diags, RosterPlan* plan);

/// Plans and applies the import in one IMMEDIATE transaction (so the plan cannot go stale
/// between planning and writing): either all of it is applied or none. Throws
/// std::exception on a database failure; returns false (nothing written) when PlanRoster does.
bool ApplyRoster(SQLite::Database& db, const Roster& roster, const std::string& path,
                 const std::string& only_organisation, int64_t now, Diagnostics* diags,
                 RosterPlan* plan);

/// "3 added, 1 changed, 2 removed, 40 unchanged".
std::string PlanSummary(const RosterPlan& plan);

/// The staff of `organisation` ("" for everyone), ordered by organisation, team, name.
std::vector<StaffMember> LoadStaff(SQLite::Database& db, const std::string& organisation);

}  // namespace bulletin
