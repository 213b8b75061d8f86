#include <memory>

#include "store/data_layer.h"
#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

class SqliteDataLayer : public DataLayer {
 public:
  SqliteDataLayer(const std::string& path, DataLayerOptions options)
      : connections_(path, options.readers, options.busy_timeout_ms),
        attempts_(NewSqliteAttemptStore(&connections_, std::move(options.attempts))),
        accounts_(NewSqliteAccountRecords(&connections_)),
        audit_(NewSqliteAuditLog(&connections_)),
        roster_(NewSqliteRosterRecords(&connections_)),
        reports_(NewSqliteReportRecords(&connections_)),
        lrs_outbox_(NewSqliteLrsOutbox(&connections_)),
        personal_data_(NewSqlitePersonalData(&connections_)),
        mail_outbox_(NewSqliteMailOutbox(&connections_)),
        sign_in_(NewSqliteSignInStore(&connections_)) {}

  Store& attempts() override { return *attempts_; }
  AccountRecords& accounts() override { return *accounts_; }
  AuditLog& audit() override { return *audit_; }
  RosterRecords& roster() override { return *roster_; }
  ReportRecords& reports() override { return *reports_; }
  LrsOutbox& lrs_outbox() override { return *lrs_outbox_; }
  PersonalData& personal_data() override { return *personal_data_; }
  MailOutbox& mail_outbox() override { return *mail_outbox_; }
  SignInStore& sign_in() override { return *sign_in_; }
  const std::string& location() const override { return connections_.path(); }

 private:
  SqliteConnections connections_;
  std::unique_ptr<Store> attempts_;  // its writer thread stops before the connections close
  std::unique_ptr<AccountRecords> accounts_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<RosterRecords> roster_;
  std::unique_ptr<ReportRecords> reports_;
  std::unique_ptr<LrsOutbox> lrs_outbox_;
  std::unique_ptr<PersonalData> personal_data_;
  std::unique_ptr<MailOutbox> mail_outbox_;
  std::unique_ptr<SignInStore> sign_in_;
};

// OpenSqliteStore's result: the attempts store of a data layer it owns.
class OwningStore : public Store {
 public:
  explicit OwningStore(std::unique_ptr<DataLayer> layer) : layer_(std::move(layer)) {}
  bool RecordAttempt(const NewAttempt& attempt, int64_t* id, std::string* err) override {
    return layer_->attempts().RecordAttempt(attempt, id, err);
  }
  int CountAttemptsSince(const std::string& email, const std::string& quiz_id,
                         int64_t since) override {
    return layer_->attempts().CountAttemptsSince(email, quiz_id, since);
  }
  std::optional<int64_t> LastFailedAttemptAt(const std::string& email,
                                             const std::string& quiz_id) override {
    return layer_->attempts().LastFailedAttemptAt(email, quiz_id);
  }
  std::optional<Certificate> FindCertificate(const std::string& code) override {
    return layer_->attempts().FindCertificate(code);
  }

 private:
  std::unique_ptr<DataLayer> layer_;
};

}  // namespace

std::unique_ptr<DataLayer> OpenSqliteDataLayer(const std::string& path, std::string* err,
                                               DataLayerOptions options) {
  try {
    return std::make_unique<SqliteDataLayer>(path, std::move(options));
  } catch (const std::exception& e) {
    *err = path + ": " + e.what();
    return nullptr;
  }
}

std::unique_ptr<Store> OpenSqliteStore(const std::string& path, std::string* err,
                                       StoreOptions options) {
  DataLayerOptions layer_options;
  layer_options.attempts = std::move(options);
  std::unique_ptr<DataLayer> layer = OpenSqliteDataLayer(path, err, std::move(layer_options));
  if (!layer) return nullptr;
  return std::make_unique<OwningStore>(std::move(layer));
}

}  // namespace bulletin
