#include <SQLiteCpp/SQLiteCpp.h>

#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

StaffMember ReadStaff(SQLite::Statement& q) {
  StaffMember m;
  m.id = q.getColumn(0).getInt64();
  m.name = q.getColumn(1).getString();
  m.email = q.getColumn(2).getString();
  m.organisation = q.getColumn(3).getString();
  m.team = q.getColumn(4).getString();
  m.role = q.getColumn(5).getString();
  return m;
}

std::vector<StaffMember> SelectStaff(SQLite::Database& db, const std::string& organisation) {
  SQLite::Statement q(db,
                      "SELECT id, name, email, organisation, team, role FROM staff "
                      "WHERE ?1 = '' OR organisation = ?1 ORDER BY organisation, team, name");
  q.bind(1, organisation);
  std::vector<StaffMember> out;
  while (q.executeStep()) out.push_back(ReadStaff(q));
  return out;
}

void BindDetails(SQLite::Statement& q, const StaffMember& m, int64_t now, int* k) {
  for (const std::string* v : {&m.name, &m.email, &m.organisation, &m.team, &m.role}) {
    q.bind((*k)++, *v);
  }
  q.bind((*k)++, now);
}

void WritePlan(SQLite::Database& db, int64_t now, RosterPlan* plan) {
  SQLite::Statement remove(db, "DELETE FROM staff WHERE id = ?");
  for (const StaffMember& m : plan->removed) {
    remove.bind(1, static_cast<int64_t>(m.id));
    remove.exec();
    remove.reset();
  }
  SQLite::Statement update(db,
                           "UPDATE staff SET name = ?, email = ?, organisation = ?, team = ?, "
                           "role = ?, updated_at = ? WHERE id = ?");
  for (const StaffChange& c : plan->changed) {
    int k = 1;
    BindDetails(update, c.after, now, &k);
    update.bind(k, static_cast<int64_t>(c.after.id));
    update.exec();
    update.reset();
  }
  SQLite::Statement insert(db,
                           "INSERT INTO staff(name, email, organisation, team, role, updated_at, "
                           "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (StaffMember& m : plan->added) {
    int k = 1;
    BindDetails(insert, m, now, &k);
    insert.bind(k, now);
    insert.exec();
    insert.reset();
    m.id = db.getLastInsertRowid();
  }
}

class SqliteRosterRecords : public RosterRecords {
 public:
  explicit SqliteRosterRecords(SqliteConnections* db) : db_(db) {}

  bool LoadStaff(const std::string& organisation, std::vector<StaffMember>* out,
                 std::string* err) override {
    return db_->Read(
        "reading the staff roster",
        [&](SQLite::Database& db) { *out = SelectStaff(db, organisation); }, err);
  }

  bool ApplyRoster(const Planner& planner, bool apply, int64_t now, RosterPlan* plan,
                   bool* accepted, std::string* err) override {
    *accepted = false;
    auto work = [&](SQLite::Database& db) {
      *plan = RosterPlan();
      *accepted = planner(SelectStaff(db, ""), plan);
      if (*accepted && apply) WritePlan(db, now, plan);
    };
    // Planning only reads; applying plans inside the write transaction.
    return apply ? db_->Write("importing the staff roster", work, err)
                 : db_->Read("planning the staff roster import", work, err);
  }

  bool AddAssignment(const AssignmentRecord& a, int64_t now, int64_t* id,
                     std::string* err) override {
    return db_->Write(
        "adding an assignment",
        [&](SQLite::Database& db) {
          SQLite::Statement insert(db,
                                   "INSERT INTO assignments(quiz_id, organisation, team, role, "
                                   "created_at) VALUES (?, ?, ?, ?, ?)");
          insert.bind(1, a.quiz_id);
          insert.bind(2, a.organisation);
          insert.bind(3, a.team);
          insert.bind(4, a.role);
          insert.bind(5, now);
          insert.exec();
          *id = db.getLastInsertRowid();
        },
        err);
  }

  bool RemoveAssignment(int64_t id, bool* removed, std::string* err) override {
    return db_->Write(
        "removing an assignment",
        [&](SQLite::Database& db) {
          SQLite::Statement remove(db, "DELETE FROM assignments WHERE id = ?");
          remove.bind(1, id);
          *removed = remove.exec() != 0;
        },
        err);
  }

  bool ListAssignments(std::vector<AssignmentRecord>* out, std::string* err) override {
    out->clear();
    return db_->Read(
        "reading the assignments",
        [&](SQLite::Database& db) {
          SQLite::Statement q(
              db, "SELECT id, quiz_id, organisation, team, role FROM assignments ORDER BY id");
          while (q.executeStep()) {
            out->push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                            q.getColumn(2).getString(), q.getColumn(3).getString(),
                            q.getColumn(4).getString()});
          }
        },
        err);
  }

 private:
  SqliteConnections* db_;
};

}  // namespace

std::unique_ptr<RosterRecords> NewSqliteRosterRecords(SqliteConnections* db) {
  return std::make_unique<SqliteRosterRecords>(db);
}

}  // namespace bulletin
