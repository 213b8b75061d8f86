#include "manage/compliance.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/text.h"
#include "store/database.h"

namespace bulletin {

namespace {

int32_t DayNumber(const std::string& iso) {
  auto d = Date::Parse(iso);
  return d ? d->DaysSinceEpoch() : 0;
}

bool Names(const std::vector<std::string>& list, const std::string& value, bool fold) {
  if (list.empty()) return true;
  for (const std::string& item : list) {
    if (fold ? AsciiLower(item) == value : item == value) return true;
  }
  return false;
}

}  // namespace

const char* StatusId(ComplianceStatus status) {
  static const char* const kIds[] = {"compliant", "due-soon", "overdue", "never"};
  return kIds[static_cast<int>(status)];
}

const char* StatusLabel(ComplianceStatus status) {
  static const char* const kLabels[] = {"Compliant", "Due soon", "Overdue", "Never completed"};
  return kLabels[static_cast<int>(status)];
}

bool ParseStatusId(const std::string& id, ComplianceStatus* out) {
  for (int i = 0; i < kStatusCount; ++i) {
    if (id == StatusId(static_cast<ComplianceStatus>(i))) {
      *out = static_cast<ComplianceStatus>(i);
      return true;
    }
  }
  return false;
}

ComplianceStatus StatusOf(int32_t valid_until, int32_t today, int due_soon_days) {
  if (valid_until == 0) return ComplianceStatus::kNever;
  if (valid_until < today) return ComplianceStatus::kOverdue;
  if (valid_until <= today + due_soon_days) return ComplianceStatus::kDueSoon;
  return ComplianceStatus::kCompliant;
}

struct ComplianceEngine::Db {
  std::unique_ptr<SQLite::Database> conn;
  int64_t data_version = -1;
};

// Staff in roster order (organisation, team, name), each with the quizzes assigned to them
// and the expiry day of their latest pass at each assignable quiz.
struct ComplianceEngine::Snapshot {
  struct Person {
    int64_t id = 0;
    std::string name, email, organisation, team, role;
    std::vector<uint16_t> assigned;    ///< indexes into assignable_
    std::vector<int32_t> valid_until;  ///< per assignable quiz; 0 = never passed
  };
  std::vector<Person> staff;
  std::unordered_map<std::string, size_t> by_email;  ///< lower-case email -> staff index
  int64_t last_attempt_id = 0;
  int64_t roster_counter = -1;
  int64_t rewritten_counter = -1;
};

ComplianceEngine::ComplianceEngine(const std::string& db_path, const SiteConfig& site,
                                   const std::vector<Quiz>& quizzes, std::function<Date()> today)
    : site_(site), quizzes_(quizzes), today_(std::move(today)), db_(std::make_unique<Db>()) {
  for (const Quiz& q : quizzes_) {
    if (q.grading == Grading::kServer && !q.draft) assignable_.push_back(&q);
  }
  // Read-write so the schema is brought up to date; this connection only ever reads.
  db_->conn = OpenDatabase(db_path);
  std::lock_guard<std::mutex> lock(mu_);
  Refresh();
}

ComplianceEngine::~ComplianceEngine() = default;

void ComplianceEngine::Refresh() {
  SQLite::Database& db = *db_->conn;
  int64_t version = db.execAndGet("PRAGMA data_version").getInt64();
  if (snapshot_ && version == db_->data_version) return;
  db_->data_version = version;
  SQLite::Transaction read(db);  // one consistent view of every table below
  int64_t roster =
      db.execAndGet("SELECT value FROM change_counters WHERE name = 'roster'").getInt64();
  int64_t rewritten =
      db.execAndGet("SELECT value FROM change_counters WHERE name = 'attempts-rewritten'")
          .getInt64();
  if (!snapshot_ || roster != snapshot_->roster_counter ||
      rewritten != snapshot_->rewritten_counter) {
    Rebuild();
    snapshot_->roster_counter = roster;
    snapshot_->rewritten_counter = rewritten;
  }
  ApplyNewAttempts();
  read.commit();
}

void ComplianceEngine::Rebuild() {
  SQLite::Database& db = *db_->conn;
  auto fresh = std::make_unique<Snapshot>();
  std::unordered_map<std::string, uint16_t> quiz_index;
  for (size_t i = 0; i < assignable_.size(); ++i) {
    quiz_index.emplace(assignable_[i]->id, static_cast<uint16_t>(i));
  }
  std::vector<AssignmentRule> rules = site_.assignments;
  SQLite::Statement admin_rules(db, "SELECT quiz_id, organisation, team, role FROM assignments");
  while (admin_rules.executeStep()) {
    AssignmentRule rule;
    rule.quizzes.push_back(admin_rules.getColumn(0).getString());
    for (int k = 1; k <= 3; ++k) {
      std::string v = admin_rules.getColumn(k).getString();
      std::vector<std::string>& dst = k == 1   ? rule.organisations
                                      : k == 2 ? rule.teams
                                               : rule.roles;
      if (!v.empty()) dst.push_back(v);
    }
    rules.push_back(std::move(rule));
  }
  // Many people share an organisation, team and role: work out their quizzes once.
  std::map<std::string, std::vector<uint16_t>> assigned_for;
  SQLite::Statement staff(db,
                          "SELECT id, name, email, organisation, team, role FROM staff "
                          "ORDER BY organisation, team, name, id");
  while (staff.executeStep()) {
    Snapshot::Person p;
    p.id = staff.getColumn(0).getInt64();
    p.name = staff.getColumn(1).getString();
    p.email = AsciiLower(staff.getColumn(2).getString());
    p.organisation = staff.getColumn(3).getString();
    p.team = staff.getColumn(4).getString();
    p.role = staff.getColumn(5).getString();
    const std::string team = AsciiLower(p.team), role = AsciiLower(p.role);
    const std::string key = p.organisation + '\n' + team + '\n' + role;
    auto it = assigned_for.find(key);
    if (it == assigned_for.end()) {
      std::vector<bool> on(assignable_.size());
      for (const AssignmentRule& rule : rules) {
        if (!Names(rule.organisations, p.organisation, false) || !Names(rule.teams, team, true) ||
            !Names(rule.roles, role, true)) {
          continue;
        }
        for (const std::string& id : rule.quizzes) {
          auto q = quiz_index.find(id);
          if (q != quiz_index.end()) on[q->second] = true;
        }
      }
      std::vector<uint16_t> list;
      for (size_t i = 0; i < on.size(); ++i) {
        if (on[i]) list.push_back(static_cast<uint16_t>(i));
      }
      it = assigned_for.emplace(key, std::move(list)).first;
    }
    p.assigned = it->second;
    p.valid_until.assign(assignable_.size(), 0);
    fresh->by_email.emplace(p.email, fresh->staff.size());
    fresh->staff.push_back(std::move(p));
  }
  snapshot_ = std::move(fresh);
  // Passes by people on the roster, aggregated here rather than by GROUP BY: one pass over
  // the certificates, no sort.
  std::unordered_map<int64_t, size_t> person_of_learner;
  SQLite::Statement learners(db, "SELECT id, email FROM learners");
  while (learners.executeStep()) {
    auto it = snapshot_->by_email.find(AsciiLower(learners.getColumn(1).getString()));
    if (it != snapshot_->by_email.end()) {
      person_of_learner.emplace(learners.getColumn(0).getInt64(), it->second);
    }
  }
  snapshot_->last_attempt_id =
      db.execAndGet("SELECT coalesce(max(id), 0) FROM attempts").getInt64();
  SQLite::Statement passes(db,
                           "SELECT a.learner_id, a.quiz_id, c.valid_until FROM certificates c "
                           "JOIN attempts a ON a.id = c.attempt_id WHERE a.id <= ?");
  passes.bind(1, static_cast<int64_t>(snapshot_->last_attempt_id));
  while (passes.executeStep()) {
    auto person = person_of_learner.find(passes.getColumn(0).getInt64());
    if (person == person_of_learner.end()) continue;
    auto q = quiz_index.find(passes.getColumn(1).getString());
    if (q == quiz_index.end()) continue;
    int32_t& best = snapshot_->staff[person->second].valid_until[q->second];
    best = std::max(best, DayNumber(passes.getColumn(2).getString()));
  }
}

void ComplianceEngine::ApplyNewAttempts() {
  SQLite::Database& db = *db_->conn;
  SQLite::Statement q(
      db,
      "SELECT a.id, l.email, a.quiz_id, c.valid_until FROM attempts a "
      "JOIN learners l ON l.id = a.learner_id "
      "LEFT JOIN certificates c ON c.attempt_id = a.id WHERE a.id > ? ORDER BY a.id");
  q.bind(1, static_cast<int64_t>(snapshot_->last_attempt_id));
  while (q.executeStep()) {
    snapshot_->last_attempt_id = q.getColumn(0).getInt64();
    if (q.getColumn(3).isNull()) continue;
    auto person = snapshot_->by_email.find(AsciiLower(q.getColumn(1).getString()));
    if (person == snapshot_->by_email.end()) continue;
    const std::string quiz_id = q.getColumn(2).getString();
    for (size_t i = 0; i < assignable_.size(); ++i) {
      if (assignable_[i]->id != quiz_id) continue;
      int32_t& best = snapshot_->staff[person->second].valid_until[i];
      best = std::max(best, DayNumber(q.getColumn(3).getString()));
    }
  }
}

ComplianceView ComplianceEngine::View(const ComplianceFilter& filter) {
  std::lock_guard<std::mutex> lock(mu_);
  Refresh();
  const int32_t today = today_().DaysSinceEpoch();
  const bool one_organisation = !filter.organisation.empty();
  ComplianceView view;
  std::vector<std::map<std::string, StatusCounts>> groups(assignable_.size());
  std::vector<StatusCounts> per_quiz(assignable_.size());
  std::map<std::string, StatusCounts> per_organisation;
  std::vector<bool> used(assignable_.size());
  std::string last_team;
  for (const Snapshot::Person& p : snapshot_->staff) {
    if (one_organisation && p.organisation != filter.organisation) continue;
    ++view.staff_count;
    if (one_organisation && (view.teams.empty() || p.team != last_team)) {
      view.teams.push_back(p.team);
      last_team = p.team;
    }
    const bool team_matches = filter.team.empty() || p.team == filter.team;
    for (uint16_t qi : p.assigned) {
      ComplianceStatus status = StatusOf(p.valid_until[qi], today, site_.due_soon_days);
      const int s = static_cast<int>(status);
      used[qi] = true;
      ++per_quiz[qi].n[s];
      ++groups[qi][one_organisation ? p.team : p.organisation].n[s];
      if (!one_organisation) ++per_organisation[p.organisation].n[s];
      if (!team_matches || (filter.staff_id != 0 && p.id != filter.staff_id) ||
          (!filter.quiz_id.empty() && assignable_[qi]->id != filter.quiz_id) ||
          (filter.has_status && status != filter.status)) {
        continue;
      }
      const size_t index = view.total_rows++;
      if (index < filter.offset || index - filter.offset >= filter.limit) continue;
      view.rows.push_back(
          {p.id, p.name, p.email, p.organisation, p.team, p.role, assignable_[qi]->id, status,
           p.valid_until[qi] ? Date::FromDaysSinceEpoch(p.valid_until[qi]).ToIso() : ""});
    }
  }
  for (size_t i = 0; i < assignable_.size(); ++i) {
    if (!used[i]) continue;
    ComplianceView::QuizSummary summary{assignable_[i]->id, assignable_[i]->title, per_quiz[i], {}};
    for (auto& [key, counts] : groups[i]) summary.groups.push_back({key, counts});
    view.quizzes.push_back(std::move(summary));
  }
  for (const Organisation& o : site_.organisations) {
    if (one_organisation) break;
    auto it = per_organisation.find(o.id);
    view.organisations.push_back(
        {o.id, it == per_organisation.end() ? StatusCounts{} : it->second});
  }
  return view;
}

}  // namespace bulletin
