#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

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

/// A quiz assignment made by `bulletin admin assign` (table assignments), in addition to
/// site.yaml's. An empty organisation, team or role means every one.
struct AssignmentRecord {
  int64_t id = 0;
  std::string quiz_id;
  std::string organisation;
  std::string team;
  std::string role;
};

/// Staff rosters and admin assignments. Every method is one transaction and returns false
/// with *err when the database fails. Thread-safe.
class RosterRecords {
 public:
  virtual ~RosterRecords() = default;

  /// The staff of `organisation` ("" for everyone), ordered by organisation, team, name.
  virtual bool LoadStaff(const std::string& organisation, std::vector<StaffMember>* out,
                         std::string* err) = 0;

  /// Decides an import from the whole current staff table: fills *plan and returns true to
  /// go ahead, or false to write nothing.
  using Planner = std::function<bool(const std::vector<StaffMember>& current, RosterPlan* plan)>;

  /// Runs `planner` over the current staff and, when it returns true and `apply`, writes the
  /// plan (removals, changes, additions; the ids of added staff are set in *plan), all in
  /// one write transaction so the plan cannot go stale between planning and writing.
  /// *accepted is what the planner returned.
  virtual bool ApplyRoster(const Planner& planner, bool apply, int64_t now, RosterPlan* plan,
                           bool* accepted, std::string* err) = 0;

  /// Adds an assignment; *id is its number.
  virtual bool AddAssignment(const AssignmentRecord& assignment, int64_t now, int64_t* id,
                             std::string* err) = 0;

  /// Removes assignment `id`; *removed is false when there was none.
  virtual bool RemoveAssignment(int64_t id, bool* removed, std::string* err) = 0;

  /// Every admin assignment, by number.
  virtual bool ListAssignments(std::vector<AssignmentRecord>* out, std::string* err) = 0;
};

}  // namespace bulletin
