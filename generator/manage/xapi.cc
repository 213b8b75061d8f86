#include "manage/xapi.h"

#include <openssl/sha.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace bulletin {

namespace {

// Bulletin's own namespace for name-based statement ids (a random UUID, fixed forever).
constexpr std::array<unsigned char, 16> kStatementNamespace = {
    0x9c, 0x18, 0xf4, 0xcd, 0x2b, 0xab, 0x4d, 0xc5, 0x84, 0x90, 0x59, 0xa0, 0x12, 0x0a, 0xd4, 0x88};

// RFC 4122 section 4.3: SHA-1 of namespace + name, version 5, variant 10.
std::string Uuid5(const std::string& name) {
  std::string input(kStatementNamespace.begin(), kStatementNamespace.end());
  input += name;
  unsigned char hash[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), hash);
  hash[6] = static_cast<unsigned char>((hash[6] & 0x0f) | 0x50);
  hash[8] = static_cast<unsigned char>((hash[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", hash[0],
                hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9],
                hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]);
  return out;
}

std::string OrganisationName(const SiteConfig& site, const std::string& id) {
  const Organisation* org = site.FindOrganisation(id);
  return org ? org->name : id;
}

}  // namespace

std::string IsoUtcTimestamp(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

XapiAttempt XapiAttemptFrom(const RecordedAttempt& recorded) {
  const NewAttempt& a = recorded.attempt;
  XapiAttempt x;
  x.attempt_id = recorded.id;
  x.learner_key = recorded.learner_key;
  x.quiz_id = a.quiz_id;
  x.quiz_version = a.quiz_version;
  x.quiz_title = a.quiz_title;
  x.organisation = a.learner.organisation;
  x.correct = a.correct;
  x.total = a.total;
  x.passed = a.passed;
  x.created_at = a.created_at;
  return x;
}

std::string XapiStatementId(const SiteConfig& site, const XapiAttempt& attempt) {
  return Uuid5(site.base_url + "\n" + std::to_string(attempt.attempt_id) + "\n" +
               std::to_string(attempt.created_at) + "\n" + attempt.quiz_id);
}

std::string XapiExtension(const SiteConfig& site, const std::string& name) {
  return site.AbsoluteUrl("/xapi/extensions/" + name);
}

nlohmann::json XapiStatement(const SiteConfig& site, const XapiAttempt& a) {
  using nlohmann::json;
  const char* verb = a.passed ? "passed" : "failed";
  double scaled = a.total > 0 ? static_cast<double>(a.correct) / a.total : 0.0;
  json statement = {
      {"id", XapiStatementId(site, a)},
      {"actor",
       {{"objectType", "Agent"},
        {"account", {{"homePage", site.base_url}, {"name", a.learner_key}}}}},
      {"verb",
       {{"id", std::string("http://adlnet.gov/expapi/verbs/") + verb},
        {"display", {{"en-GB", verb}, {"en-US", verb}}}}},
      {"object",
       {{"objectType", "Activity"},
        {"id", site.AbsoluteUrl("/quizzes/" + a.quiz_id + "/")},
        {"definition",
         {{"type", "http://adlnet.gov/expapi/activities/assessment"},
          {"name", {{site.language, a.quiz_title}}}}}}},
      {"result",
       {{"score", {{"scaled", scaled}, {"raw", a.correct}, {"min", 0}, {"max", a.total}}},
        {"success", a.passed},
        {"completion", true}}},
      {"timestamp", IsoUtcTimestamp(a.created_at)},
      {"context",
       {{"platform", "Bulletin"},
        {"language", site.language},
        {"extensions",
         {{XapiExtension(site, "quiz-version"), a.quiz_version},
          {XapiExtension(site, "organisation"),
           {{"id", a.organisation}, {"name", OrganisationName(site, a.organisation)}}}}}}},
  };
  // No "version": the LRS sets it (to 1.0.0 for every 1.0.x statement); the request's
  // X-Experience-API-Version header says which patch release the client follows.
  return statement;
}

bool XapiExport(ReportRecords& reports, const SiteConfig& site, const std::string& organisation,
                nlohmann::json* out, std::string* err) {
  std::vector<AttemptFacts> attempts;
  if (!reports.ExportAttempts(organisation, &attempts, err)) return false;
  *out = nlohmann::json::array();
  for (const AttemptFacts& f : attempts) {
    XapiAttempt a;
    a.attempt_id = f.attempt_id;
    a.learner_key = f.learner_key;
    a.quiz_id = f.quiz_id;
    a.quiz_version = f.quiz_version;
    a.quiz_title = f.quiz_title;
    a.organisation = f.organisation;
    a.correct = f.correct;
    a.total = f.total;
    a.passed = f.passed;
    a.created_at = f.created_at;
    out->push_back(XapiStatement(site, a));
  }
  return true;
}

}  // namespace bulletin
