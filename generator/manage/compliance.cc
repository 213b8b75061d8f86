#include "manage/compliance.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/text.h"

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
  DataGeneration generation;
  std::unordered_map<std::string, uint16_t> quiz_index;  ///< assignable quiz id -> index
};

ComplianceEngine::ComplianceEngine(ReportRecords* records, const SiteConfig& site,
                                   const std::vector<Quiz>& quizzes, std::function<Date()> today)
    : site_(site), quizzes_(quizzes), today_(std::move(today)), records_(records) {
  for (const Quiz& q : quizzes_) {
    if (q.grading == Grading::kServer && !q.draft) assignable_.push_back(&q);
  }
}

ComplianceEngine::~ComplianceEngine() = default;

bool ComplianceEngine::Refresh(std::string* err) {
  ComplianceData data;
  const DataGeneration known = snapshot_ ? snapshot_->generation : DataGeneration();
  const int64_t mark = snapshot_ ? snapshot_->last_attempt_id : 0;
  if (!records_->ComplianceChanges(known, mark, &data, err)) return false;
  if (data.full || !snapshot_) Rebuild(data);
  ApplyPasses(data.passes);
  snapshot_->generation = data.generation;
  snapshot_->last_attempt_id = data.last_attempt_id;
  return true;
}

void ComplianceEngine::Rebuild(const ComplianceData& data) {
  auto fresh = std::make_unique<Snapshot>();
  for (size_t i = 0; i < assignable_.size(); ++i) {
    fresh->quiz_index.emplace(assignable_[i]->id, static_cast<uint16_t>(i));
  }
  std::vector<AssignmentRule> rules = site_.assignments;
  for (const AssignmentRecord& a : data.assignments) {
    AssignmentRule rule;
    rule.quizzes.push_back(a.quiz_id);
    if (!a.organisation.empty()) rule.organisations.push_back(a.organisation);
    if (!a.team.empty()) rule.teams.push_back(a.team);
    if (!a.role.empty()) rule.roles.push_back(a.role);
    rules.push_back(std::move(rule));
  }
  // Many people share an organisation, team and role: work out their quizzes once.
  std::map<std::string, std::vector<uint16_t>> assigned_for;
  for (const StaffMember& m : data.staff) {
    Snapshot::Person p;
    p.id = m.id;
    p.name = m.name;
    p.email = AsciiLower(m.email);
    p.organisation = m.organisation;
    p.team = m.team;
    p.role = m.role;
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
          auto q = fresh->quiz_index.find(id);
          if (q != fresh->quiz_index.end()) on[q->second] = true;
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
}

// Keeps, per person and quiz, the latest expiry among their passes.
void ComplianceEngine::ApplyPasses(const std::vector<PassRecord>& passes) {
  for (const PassRecord& pass : passes) {
    auto person = snapshot_->by_email.find(AsciiLower(pass.email));
    if (person == snapshot_->by_email.end()) continue;
    auto q = snapshot_->quiz_index.find(pass.quiz_id);
    if (q == snapshot_->quiz_index.end()) continue;
    int32_t& best = snapshot_->staff[person->second].valid_until[q->second];
    best = std::max(best, DayNumber(pass.valid_until));
  }
}

ComplianceView ComplianceEngine::View(const ComplianceFilter& filter) {
  ComplianceView view;
  std::string err;
  View(filter, &view, &err);
  return view;
}

bool ComplianceEngine::View(const ComplianceFilter& filter, ComplianceView* out, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!Refresh(err)) return false;
  const int32_t today = today_().DaysSinceEpoch();
  const bool one_organisation = !filter.organisation.empty();
  ComplianceView& view = *out;
  view = ComplianceView();
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
  return true;
}

}  // namespace bulletin
