#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/site_config.h"
#include "core/diagnostics.h"
#include "store/roster_records.h"

namespace bulletin {

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

/// Computes what importing `roster` would do to the staff table `current`. Returns false
/// with a diagnostic per row when `only_organisation` is set and a row's email is on
/// another organisation's roster (a manager cannot take another agency's staff).
bool PlanRoster(const std::vector<StaffMember>& current, const Roster& roster,
                const std::string& path, const std::string& only_organisation, Diagnostics* diags,
                RosterPlan* plan);

/// What became of an import (or of its dry run).
enum class RosterOutcome {
  kDone,         ///< planned (and, unless a dry run, applied); *plan says what
  kRefused,      ///< PlanRoster refused it: *diags says why; nothing written
  kUnavailable,  ///< the database failed: *err says how; nothing written
};

/// Plans the import against the current staff and, unless `dry_run`, applies it in the
/// same write transaction (so the plan cannot go stale between planning and writing):
/// either all of it is applied or none.
RosterOutcome ImportRoster(RosterRecords& records, const Roster& roster, const std::string& path,
                           const std::string& only_organisation, int64_t now, bool dry_run,
                           Diagnostics* diags, RosterPlan* plan, std::string* err);

/// "3 added, 1 changed, 2 removed, 40 unchanged".
std::string PlanSummary(const RosterPlan& plan);

}  // namespace bulletin
