#include "manage/data_protection.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "manage/xapi.h"

namespace bulletin {

namespace {

using nlohmann::json;

// Parses stored JSON (answers, statements); keeps the raw text if it does not parse.
json StoredJson(const std::string& text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? json(text) : parsed;
}

// The rows as JSON objects; integer columns named at or *_at become ISO 8601 UTC
// timestamps, stored JSON (answers, statements) is parsed.
json Rows(const std::vector<PersonalRow>& rows) {
  json out = json::array();
  for (const PersonalRow& fields : rows) {
    json row = json::object();
    for (const Field& f : fields) {
      const std::string& name = f.name;
      if (const int64_t* v = std::get_if<int64_t>(&f.value)) {
        bool is_time = name == "at" || (name.size() > 3 && name.ends_with("_at"));
        row[name] = is_time ? json(IsoUtcTimestamp(*v)) : json(*v);
      } else if (const std::string* text = std::get_if<std::string>(&f.value)) {
        row[name] = name == "answers" || name == "statement" ? StoredJson(*text) : json(*text);
      } else {
        row[name] = nullptr;
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

json FirstOrNull(json rows) { return rows.empty() ? json(nullptr) : rows[0]; }

}  // namespace

bool ExportPerson(PersonalData& data, const std::string& email, int64_t now,
                  std::optional<json>* person, std::string* err) {
  PersonalRecords records;
  if (!data.FindPerson(email, &records, err)) return false;
  json out;
  out["email"] = email;
  out["exported_at"] = IsoUtcTimestamp(now);
  out["learner"] = FirstOrNull(Rows(records.learner));
  out["attempts"] = Rows(records.attempts);
  out["certificates"] = Rows(records.certificates);
  out["staff"] = FirstOrNull(Rows(records.staff));
  out["manager"] = FirstOrNull(Rows(records.manager));
  out["failed_logins"] = Rows(records.failed_logins);
  out["audit_log"] = Rows(records.audit_log);
  out["lrs_outbox"] = Rows(records.lrs_outbox);
  out["practitioner"] = FirstOrNull(Rows(records.practitioner));
  out["mail"] = Rows(records.mail);
  bool held = false;
  for (const char* key : {"learner", "staff", "manager", "practitioner"}) {
    held |= !out[key].is_null();
  }
  for (const char* key : {"attempts", "failed_logins", "audit_log", "mail"}) {
    held |= !out[key].empty();
  }
  if (held) {
    *person = std::move(out);
  } else {
    person->reset();
  }
  return true;
}

int64_t RetentionCutoff(int64_t now, int months) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  Date today{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
  Date cutoff = today.AddMonths(-months);
  int64_t seconds_into_day = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
  return static_cast<int64_t>(cutoff.DaysSinceEpoch()) * 86400 + seconds_into_day;
}

}  // namespace bulletin
