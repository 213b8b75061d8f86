#pragma once

// The SQLite implementations of the table-group interfaces, each over the shared
// connections. Internal to store/ (sqlite_data_layer.cc puts them together).

#include <memory>

#include "store/account_records.h"
#include "store/audit_log.h"
#include "store/lrs_outbox.h"
#include "store/mail_outbox.h"
#include "store/personal_data.h"
#include "store/report_records.h"
#include "store/roster_records.h"
#include "store/sign_in_store.h"
#include "store/store.h"

namespace bulletin {

class SqliteConnections;

std::unique_ptr<Store> NewSqliteAttemptStore(SqliteConnections* db, StoreOptions options);
std::unique_ptr<AccountRecords> NewSqliteAccountRecords(SqliteConnections* db);
std::unique_ptr<AuditLog> NewSqliteAuditLog(SqliteConnections* db);
std::unique_ptr<RosterRecords> NewSqliteRosterRecords(SqliteConnections* db);
std::unique_ptr<ReportRecords> NewSqliteReportRecords(SqliteConnections* db);
std::unique_ptr<LrsOutbox> NewSqliteLrsOutbox(SqliteConnections* db);
std::unique_ptr<PersonalData> NewSqlitePersonalData(SqliteConnections* db);
std::unique_ptr<MailOutbox> NewSqliteMailOutbox(SqliteConnections* db);
std::unique_ptr<SignInStore> NewSqliteSignInStore(SqliteConnections* db);

}  // namespace bulletin
