#pragma once

// Opening the data layer in tests (store/data_layer.h), the way `bulletin serve` does.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/audit_log.h"
#include "store/data_layer.h"

namespace bulletin::testing {

/// The data layer over the SQLite file at `path` (created if needed); fails the test and
/// returns nullptr if it cannot be opened.
inline std::unique_ptr<DataLayer> OpenTestData(const std::string& path,
                                               DataLayerOptions options = {}) {
  std::string err;
  std::unique_ptr<DataLayer> data = OpenSqliteDataLayer(path, &err, std::move(options));
  EXPECT_TRUE(data) << err;
  return data;
}

/// The newest `limit` audit entries of the database at `path`, newest first.
inline std::vector<AuditEntry> RecentAudit(const std::string& path, size_t limit) {
  std::unique_ptr<DataLayer> data = OpenTestData(path);
  return data ? data->audit().Recent(limit) : std::vector<AuditEntry>();
}

/// Appends `entry` to the audit log of the database at `path`; fails the test if it cannot.
inline void RecordAudit(const std::string& path, const AuditEntry& entry) {
  std::unique_ptr<DataLayer> data = OpenTestData(path);
  std::string err;
  ASSERT_TRUE(data && data->audit().Record(entry, &err)) << err;
}

}  // namespace bulletin::testing
