#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "content/site_config.h"
#include "store/report_records.h"
#include "store/store.h"

namespace bulletin {

/// What an xAPI statement says about one recorded quiz attempt. Nothing in it identifies
/// the person: the learner appears only as their opaque key.
struct XapiAttempt {
  int64_t attempt_id = 0;
  std::string learner_key;  ///< learners.public_id
  std::string quiz_id;
  std::string quiz_version;
  std::string quiz_title;
  std::string organisation;  ///< organisation id as given on the form
  int correct = 0;
  int total = 0;
  bool passed = false;
  int64_t created_at = 0;  ///< Unix seconds
};

/// The attempt the store has just written, as an XapiAttempt.
XapiAttempt XapiAttemptFrom(const RecordedAttempt& recorded);

/// The statement's id: a name-based (version 5) UUID of the site's base_url, the attempt
/// id, its time and quiz, so the export and the LRS outbox give an attempt the same id every
/// time, and a retried PUT can never make a second statement.
std::string XapiStatementId(const SiteConfig& site, const XapiAttempt& attempt);

/// The xAPI 1.0.3 statement for an attempt:
///   - actor: an Agent with an account {homePage: base_url, name: learner_key}; never the
///     email or the name;
///   - verb: ADL `passed` or `failed`. Every recorded attempt is a finished, graded
///     assessment, so `result.completion` is always true and no separate `completed`
///     statement is sent (it would say nothing passed/failed does not);
///   - object: the quiz page's absolute URL as an assessment activity with its title;
///   - result: score {scaled, raw, min, max} from the questions right out of the total,
///     success, completion;
///   - timestamp: ISO 8601 UTC; context: platform, language, and extensions for the quiz
///     version and the organisation.
nlohmann::json XapiStatement(const SiteConfig& site, const XapiAttempt& attempt);

/// The statements of the attempts in `organisation`'s scope, oldest first: attempts whose
/// learner's email (case-insensitive) is on that organisation's staff roster. For "" (a
/// partnership admin) every attempt in the database. Sets *out to a JSON array; returns
/// false with *err when the database fails.
bool XapiExport(ReportRecords& reports, const SiteConfig& site, const std::string& organisation,
                nlohmann::json* out, std::string* err);

/// Unix seconds as ISO 8601 UTC: "2026-11-22T13:52:02Z".
std::string IsoUtcTimestamp(int64_t seconds);

/// Extension IRIs under the site's base_url: "<base_url>xapi/extensions/<name>".
std::string XapiExtension(const SiteConfig& site, const std::string& name);

}  // namespace bulletin
