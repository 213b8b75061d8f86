#include <SQLiteCpp/SQLiteCpp.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"
#include "store/store.h"

namespace bulletin {

namespace {

constexpr size_t kMaxBatch = 256;

// Quiz attempts: written by one group-commit thread on the shared writer connection (it holds
// the writer's mutex for each batch), read through the shared readers.
class SqliteStore : public Store {
 public:
  SqliteStore(SqliteConnections* db, StoreOptions options)
      : options_(std::move(options)), db_(db), writer_db_(&db->writer()) {
    writer_ = std::thread([this] { WriterLoop(); });
  }

  ~SqliteStore() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    writer_.join();
  }

  bool RecordAttempt(const NewAttempt& attempt, int64_t* id, std::string* err) override {
    Pending p{&attempt, {}};
    std::future<Outcome> done = p.promise.get_future();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) {
        *err = "the store is closing";
        return false;
      }
      queue_.push_back(&p);
    }
    cv_.notify_one();
    Outcome outcome = done.get();
    if (!outcome.error.empty()) {
      *err = outcome.error;
      return false;
    }
    *id = outcome.id;
    return true;
  }

  int CountAttemptsSince(const std::string& email, const std::string& quiz_id,
                         int64_t since) override {
    int count = 0;
    std::string err;
    bool ok = db_->Read(
        "counting attempts",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT count(*) FROM attempts a JOIN learners l ON "
                              "l.id = a.learner_id "
                              "WHERE l.email = ? AND a.quiz_id = ? AND a.created_at >= ?");
          q.bind(1, email);
          q.bind(2, quiz_id);
          q.bind(3, static_cast<int64_t>(since));
          if (q.executeStep()) count = q.getColumn(0).getInt();
        },
        &err);
    if (!ok) std::cerr << "bulletin serve: " << err << '\n';
    return count;
  }

  std::optional<int64_t> LastFailedAttemptAt(const std::string& email,
                                             const std::string& quiz_id) override {
    std::optional<int64_t> at;
    std::string err;
    bool ok = db_->Read(
        "finding the last failed attempt",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT a.created_at, a.passed FROM attempts a "
                              "JOIN learners l ON l.id = a.learner_id WHERE l.email = ? AND "
                              "a.quiz_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT 1");
          q.bind(1, email);
          q.bind(2, quiz_id);
          if (q.executeStep() && q.getColumn(1).getInt() == 0) at = q.getColumn(0).getInt64();
        },
        &err);
    if (!ok) std::cerr << "bulletin serve: " << err << '\n';
    return at;
  }

  std::optional<Certificate> FindCertificate(const std::string& code) override {
    std::optional<Certificate> found;
    std::string err;
    bool ok = db_->Read(
        "finding a certificate",
        [&](SQLite::Database& db) {
          SQLite::Statement q(db,
                              "SELECT c.code, a.name, a.organisation, a.quiz_id, a.quiz_title, "
                              "a.score, a.created_at, c.valid_until FROM certificates c "
                              "JOIN attempts a ON a.id = c.attempt_id WHERE c.code = ?");
          q.bind(1, code);
          if (!q.executeStep()) return;
          Certificate c;
          c.code = q.getColumn(0).getString();
          c.name = q.getColumn(1).getString();
          c.organisation = q.getColumn(2).getString();
          c.quiz_id = q.getColumn(3).getString();
          c.quiz_title = q.getColumn(4).getString();
          c.score = q.getColumn(5).getInt();
          c.issued_at = q.getColumn(6).getInt64();
          c.valid_until = q.getColumn(7).getString();
          found = std::move(c);
        },
        &err);
    if (!ok) std::cerr << "bulletin serve: " << err << '\n';
    return found;
  }

 private:
  struct Outcome {
    int64_t id = 0;
    std::string error;
  };
  struct Pending {
    const NewAttempt* attempt;
    std::promise<Outcome> promise;
  };

  // Commits queued attempts in batches: one fsync acknowledges many submissions.
  void WriterLoop() {
    while (true) {
      std::vector<Pending*> batch;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to write
        while (!queue_.empty() && batch.size() < kMaxBatch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      WriteBatch(batch);
    }
  }

  void WriteBatch(const std::vector<Pending*>& batch) {
    std::vector<Outcome> outcomes(batch.size());
    std::lock_guard<std::mutex> writer(db_->writer_mutex());
    try {
      SQLite::Transaction tx(*writer_db_, SQLite::TransactionBehavior::IMMEDIATE);
      for (size_t i = 0; i < batch.size(); ++i) {
        // A savepoint per attempt: one bad row fails alone, not the whole batch.
        writer_db_->exec("SAVEPOINT one");
        try {
          outcomes[i].id = Insert(*batch[i]->attempt);
          writer_db_->exec("RELEASE one");
        } catch (const std::exception& e) {
          for (auto* stmt :
               {&upsert_learner_, &insert_attempt_, &insert_certificate_, &insert_outbox_}) {
            if (*stmt) (*stmt)->tryReset();
          }
          writer_db_->exec("ROLLBACK TO one");
          writer_db_->exec("RELEASE one");
          outcomes[i].error = e.what();
        }
      }
      tx.commit();
    } catch (const std::exception& e) {
      for (Outcome& o : outcomes) {
        o.id = 0;
        o.error = std::string("database write failed: ") + e.what();
      }
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->promise.set_value(outcomes[i]);
  }

  int64_t Insert(const NewAttempt& a) {
    SQLite::Statement& learner = Cached(
        upsert_learner_,
        "INSERT INTO learners(email, name, organisation, team, created_at, updated_at, public_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?5, lower(hex(randomblob(16)))) "
        "ON CONFLICT(email) DO UPDATE SET name = ?2, organisation = ?3, team = ?4, "
        "updated_at = ?5 RETURNING id, public_id");
    learner.bind(1, a.learner.email);
    learner.bind(2, a.learner.name);
    learner.bind(3, a.learner.organisation);
    learner.bind(4, a.learner.team);
    learner.bind(5, static_cast<int64_t>(a.created_at));
    learner.executeStep();
    int64_t learner_id = learner.getColumn(0).getInt64();
    std::string learner_key = learner.getColumn(1).getString();
    learner.reset();

    SQLite::Statement& attempt = Cached(
        insert_attempt_,
        "INSERT INTO attempts(learner_id, quiz_id, quiz_version, quiz_title, name, organisation, "
        "team, answers, correct, total, score, passed, created_at, questions) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    attempt.bind(1, static_cast<int64_t>(learner_id));
    attempt.bind(2, a.quiz_id);
    attempt.bind(3, a.quiz_version);
    attempt.bind(4, a.quiz_title);
    attempt.bind(5, a.learner.name);
    attempt.bind(6, a.learner.organisation);
    attempt.bind(7, a.learner.team);
    attempt.bind(8, a.answers_json);
    attempt.bind(9, a.correct);
    attempt.bind(10, a.total);
    attempt.bind(11, a.score);
    attempt.bind(12, a.passed ? 1 : 0);
    attempt.bind(13, static_cast<int64_t>(a.created_at));
    attempt.bind(14, a.questions);
    attempt.exec();
    attempt.reset();
    int64_t attempt_id = writer_db_->getLastInsertRowid();

    if (a.passed && !a.certificate_code.empty()) {
      SQLite::Statement& cert =
          Cached(insert_certificate_,
                 "INSERT INTO certificates(code, attempt_id, valid_until) VALUES (?, ?, ?)");
      cert.bind(1, a.certificate_code);
      cert.bind(2, static_cast<int64_t>(attempt_id));
      cert.bind(3, a.valid_until);
      cert.exec();
      cert.reset();
    }
    if (options_.outbox_statement) {
      std::string statement = options_.outbox_statement({a, attempt_id, learner_key});
      SQLite::Statement& outbox =
          Cached(insert_outbox_,
                 "INSERT INTO lrs_outbox(attempt_id, statement, next_try_at) VALUES (?, ?, ?)");
      outbox.bind(1, static_cast<int64_t>(attempt_id));
      outbox.bind(2, statement);
      outbox.bind(3, static_cast<int64_t>(a.created_at));
      outbox.exec();
      outbox.reset();
    }
    return attempt_id;
  }

  SQLite::Statement& Cached(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    if (!slot) slot = std::make_unique<SQLite::Statement>(*writer_db_, sql);
    slot->clearBindings();
    return *slot;
  }

  StoreOptions options_;
  SqliteConnections* db_;
  SQLite::Database* writer_db_;  // only while holding db_->writer_mutex()
  std::unique_ptr<SQLite::Statement> upsert_learner_, insert_attempt_, insert_certificate_,
      insert_outbox_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace

std::unique_ptr<Store> NewSqliteAttemptStore(SqliteConnections* db, StoreOptions options) {
  return std::make_unique<SqliteStore>(db, std::move(options));
}

}  // namespace bulletin
