// Shared by the manage tests: a site, attempts recorded through the real store, staff rows.
// Header-only because the test build compiles only *_test.cc files.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "content/site_config.h"
#include "store/store.h"

namespace bulletin::testing {

inline SiteConfig TestSite() {
  SiteConfig site;
  site.name = "Riverside Safeguarding Partnership";
  site.base_url = "https://safeguarding.example.org/";
  site.organisations = {{"police", "Riverside Police"}, {"health", "Riverside Health"}};
  return site;
}

struct AttemptSpec {
  std::string email;
  std::string organisation;
  bool passed = true;
  int64_t created_at = 1798761600;  // 2027-01-01
  std::string certificate_code = "";
};

inline NewAttempt MakeAttempt(const AttemptSpec& spec) {
  NewAttempt a;
  a.learner = {"Person " + spec.email.substr(0, spec.email.find('@')), spec.email,
               spec.organisation, "Team A"};
  a.quiz_id = "coercive-control-awareness";
  a.quiz_version = "0123456789abcdef";
  a.quiz_title = "Coercive control awareness";
  a.answers_json = R"({"q1":["a"],"q2":["b","c"]})";
  a.correct = spec.passed ? 9 : 3;
  a.total = 10;
  a.score = a.correct * 10;
  a.passed = spec.passed;
  a.created_at = spec.created_at;
  a.certificate_code = spec.passed ? spec.certificate_code : "";
  a.valid_until = spec.passed ? "2028-01-01" : "";
  return a;
}

/// Records each attempt through the real SQLite store at `path`; returns their ids.
inline std::vector<int64_t> RecordAttempts(const std::string& path,
                                           const std::vector<AttemptSpec>& specs,
                                           StoreOptions options = {}) {
  std::string err;
  auto store = OpenSqliteStore(path, &err, std::move(options));
  EXPECT_TRUE(store) << err;
  std::vector<int64_t> ids;
  if (!store) return ids;
  for (const AttemptSpec& spec : specs) {
    int64_t id = 0;
    EXPECT_TRUE(store->RecordAttempt(MakeAttempt(spec), &id, &err)) << err;
    ids.push_back(id);
  }
  return ids;
}

inline void AddStaff(SQLite::Database& db, const std::string& email,
                     const std::string& organisation) {
  SQLite::Statement q(db,
                      "INSERT INTO staff(email, name, organisation, team, role, created_at, "
                      "updated_at) VALUES (?, 'Staff member', ?, 'Team A', 'Officer', 0, 0)");
  q.bind(1, email);
  q.bind(2, organisation);
  q.exec();
}

/// Waits (at most 60 s) until `done` holds; false if it never did.
inline bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 6000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

}  // namespace bulletin::testing
