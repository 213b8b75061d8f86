#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "store/personal_data.h"

namespace bulletin {

/// Everything held about the person with `email` (case-insensitive), for a subject-access
/// request: their learner record, every attempt with its answers, their certificates, their
/// roster entry, their manager account (never the password hash; sessions only as a count),
/// failed logins against their address, audit entries by them or naming them, the LRS
/// outbox rows of their attempts, their practitioner record (sessions as a count) and the
/// messages sent to them (never the text). *out is nullopt when nothing at all is held. Returns
/// false with *err when the database fails.
bool ExportPerson(PersonalData& data, const std::string& email, int64_t now,
                  std::optional<nlohmann::json>* out, std::string* err);

/// The Unix time `months` calendar months before `now` (UTC, clamped to the month's end).
int64_t RetentionCutoff(int64_t now, int months);

}  // namespace bulletin
