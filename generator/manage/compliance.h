#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "content/site_config.h"
#include "core/date.h"
#include "quiz/quiz.h"
#include "store/report_records.h"

namespace bulletin {

/// Where one staff member stands with one assigned quiz.
enum class ComplianceStatus {
  kCompliant,  ///< holds a pass valid beyond the due-soon window
  kDueSoon,    ///< holds a pass that expires within the window
  kOverdue,    ///< passed once, but that pass has expired
  kNever,      ///< no pass on record
};
constexpr int kStatusCount = 4;

/// "compliant", "due-soon", "overdue", "never": used in URLs, CSS classes and exports.
const char* StatusId(ComplianceStatus status);
/// "Compliant", "Due soon", "Overdue", "Never completed".
const char* StatusLabel(ComplianceStatus status);
/// Parses a StatusId; false if `id` is not one.
bool ParseStatusId(const std::string& id, ComplianceStatus* out);

/// The status of a pass valid until `valid_until` (days since 1970-01-01; 0 for no pass) on
/// day `today`, with the due-soon window `due_soon_days`.
ComplianceStatus StatusOf(int32_t valid_until, int32_t today, int due_soon_days);

/// How many assigned (staff, quiz) pairs are in each status.
struct StatusCounts {
  std::array<int, kStatusCount> n{};
  int total() const { return n[0] + n[1] + n[2] + n[3]; }
  int of(ComplianceStatus s) const { return n[static_cast<int>(s)]; }
};

/// One assigned (staff member, quiz) pair.
struct ComplianceRow {
  int64_t staff_id = 0;
  std::string name;
  std::string email;
  std::string organisation;
  std::string team;
  std::string role;
  std::string quiz_id;
  ComplianceStatus status = ComplianceStatus::kNever;
  std::string valid_until;  ///< YYYY-MM-DD of the latest pass; "" if never passed
};

/// What to show. The organisation must come from the manager's session (or, for a
/// partnership admin, from their choice); "" means the whole partnership.
struct ComplianceFilter {
  std::string organisation;
  std::string team;      ///< "" for every team
  std::string quiz_id;   ///< "" for every quiz
  int64_t staff_id = 0;  ///< 0 for everyone; else only this person's rows
  bool has_status = false;
  ComplianceStatus status = ComplianceStatus::kNever;
  size_t offset = 0;        ///< rows to skip (paging)
  size_t limit = SIZE_MAX;  ///< rows to return at most
};

/// The counts behind the dashboard, and the rows of the staff list.
struct ComplianceView {
  struct Group {
    std::string key;  ///< a team (one organisation's view) or an organisation id (all)
    StatusCounts counts;
  };
  struct QuizSummary {
    std::string quiz_id;
    std::string title;
    StatusCounts counts;
    std::vector<Group> groups;  ///< per team, or per organisation for the partnership
  };
  std::vector<QuizSummary> quizzes;  ///< every assigned quiz, in site order; ignores filters
  std::vector<Group> organisations;  ///< partnership view: all quizzes, per organisation
  std::vector<std::string> teams;    ///< the organisation's teams, for the filter
  size_t staff_count = 0;            ///< staff in the organisation (or partnership)
  size_t total_rows = 0;             ///< rows matching the filter, before paging
  std::vector<ComplianceRow> rows;   ///< the page of rows matching the filter
};

/// Computes compliance from the roster, the assignments (site.yaml and the assignments
/// table) and the latest pass per person and quiz. Keeps an in-memory snapshot of the data,
/// so a dashboard is a walk over memory: it reloads only what changed (new attempts by id;
/// everything when the roster, admin assignments or past attempts change, which the
/// store's DataGeneration tells). Thread-safe.
class ComplianceEngine {
 public:
  /// `quizzes` are the quizzes staff can pass (server-graded, not drafts); `today` gives the
  /// current UTC date (tests replace it). Keeps references to `records`, `site` and
  /// `quizzes`. Reads nothing until the first View.
  ComplianceEngine(ReportRecords* records, const SiteConfig& site, const std::vector<Quiz>& quizzes,
                   std::function<Date()> today = Date::Today);
  ~ComplianceEngine();

  /// The dashboard's numbers and the filtered rows, from fresh data. Returns false with
  /// *err when the data cannot be read (nothing cached yet, or the refresh failed).
  bool View(const ComplianceFilter& filter, ComplianceView* view, std::string* err);
  /// As above; an empty view when the data cannot be read.
  ComplianceView View(const ComplianceFilter& filter);

 private:
  struct Snapshot;
  bool Refresh(std::string* err);
  void Rebuild(const ComplianceData& data);
  void ApplyPasses(const std::vector<PassRecord>& passes);

  const SiteConfig& site_;
  const std::vector<Quiz>& quizzes_;  ///< every quiz, to find titles
  std::vector<const Quiz*> assignable_;
  std::function<Date()> today_;
  ReportRecords* records_;
  std::mutex mu_;
  std::unique_ptr<Snapshot> snapshot_;
};

}  // namespace bulletin
