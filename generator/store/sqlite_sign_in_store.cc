#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>

#include "store/mail_outbox_sql.h"
#include "store/sign_in_store.h"
#include "store/sqlite_connections.h"
#include "store/sqlite_tables.h"

namespace bulletin {

namespace {

constexpr char kSessionColumns[] =
    "SELECT p.id, p.email, p.name, p.organisation, p.team, p.first_signed_in_at, s.csrf_token, "
    "s.created_at, s.last_seen_at FROM practitioner_sessions s "
    "JOIN practitioners p ON p.id = s.practitioner_id WHERE s.token_hash = ?";

SignInLink LinkFrom(SQLite::Statement& q) {
  SignInLink link;
  link.token_hash = q.getColumn(0).getString();
  link.email = q.getColumn(1).getString();
  link.next = q.getColumn(2).getString();
  link.created_at = q.getColumn(3).getInt64();
  link.expires_at = q.getColumn(4).getInt64();
  return link;
}

// Over the shared connections: each method is one transaction on the writer, or one read
// on the pool.
class SqliteSignInStore : public SignInStore {
 public:
  explicit SqliteSignInStore(SqliteConnections* db) : db_(db) {}

  std::optional<RosterPerson> FindOnRoster(const std::string& email) override {
    return Run<std::optional<RosterPerson>>(
        false, "looking up a practitioner on the roster",
        [&](SQLite::Database& db) -> std::optional<RosterPerson> {
          SQLite::Statement q(
              db, "SELECT id, email, name, organisation, team FROM staff WHERE email = ?");
          q.bind(1, email);
          if (!q.executeStep()) return std::nullopt;
          return RosterPerson{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                              q.getColumn(2).getString(), q.getColumn(3).getString(),
                              q.getColumn(4).getString()};
        });
  }

  int CountRequestsSince(const std::string& key, int64_t since) override {
    return Run<int>(false, "counting sign-in requests", [&](SQLite::Database& db) -> int {
      SQLite::Statement q(db, "SELECT count(*) FROM sign_in_requests WHERE key = ? AND at >= ?");
      q.bind(1, key);
      q.bind(2, static_cast<int64_t>(since));
      q.executeStep();
      return q.getColumn(0).getInt();
    });
  }

  void RecordRequest(const std::vector<std::string>& keys, int64_t at, int64_t forget_before,
                     const SignInLink* link, const OutgoingMail* mail) override {
    return Run<void>(true, "recording a sign-in request", [&](SQLite::Database& db) -> void {
      SQLite::Statement forget(db, "DELETE FROM sign_in_requests WHERE at < ?");
      forget.bind(1, static_cast<int64_t>(forget_before));
      forget.exec();
      SQLite::Statement expired(db, "DELETE FROM sign_in_links WHERE expires_at < ?");
      expired.bind(1, static_cast<int64_t>(forget_before));
      expired.exec();
      SQLite::Statement add(db, "INSERT INTO sign_in_requests(key, at) VALUES (?, ?)");
      for (const std::string& key : keys) {
        add.bind(1, key);
        add.bind(2, static_cast<int64_t>(at));
        add.exec();
        add.reset();
      }
      if (link) {
        SQLite::Statement q(db,
                            "INSERT INTO sign_in_links(token_hash, email, next, created_at, "
                            "expires_at) VALUES (?, ?, ?, ?, ?)");
        q.bind(1, link->token_hash);
        q.bind(2, link->email);
        q.bind(3, link->next);
        q.bind(4, static_cast<int64_t>(link->created_at));
        q.bind(5, static_cast<int64_t>(link->expires_at));
        q.exec();
      }
      if (mail) InsertOutgoingMail(db, *mail);
    });
  }

  std::optional<SignInLink> PeekLink(const std::string& token_hash, int64_t now) override {
    return Run<std::optional<SignInLink>>(
        false, "reading a sign-in link", [&](SQLite::Database& db) -> std::optional<SignInLink> {
          SQLite::Statement q(db,
                              "SELECT token_hash, email, next, created_at, expires_at FROM "
                              "sign_in_links WHERE token_hash = ? AND used_at IS NULL AND "
                              "expires_at > ?");
          q.bind(1, token_hash);
          q.bind(2, static_cast<int64_t>(now));
          if (!q.executeStep()) return std::nullopt;
          return LinkFrom(q);
        });
  }

  std::optional<SignInLink> UseLink(const std::string& token_hash, int64_t now) override {
    return Run<std::optional<SignInLink>>(
        true, "using a sign-in link", [&](SQLite::Database& db) -> std::optional<SignInLink> {
          SQLite::Statement q(
              db,
              "UPDATE sign_in_links SET used_at = ?2 WHERE token_hash = ?1 AND used_at "
              "IS NULL AND expires_at > ?2 RETURNING token_hash, email, next, "
              "created_at, expires_at");
          q.bind(1, token_hash);
          q.bind(2, static_cast<int64_t>(now));
          if (!q.executeStep()) return std::nullopt;
          SignInLink link = LinkFrom(q);
          while (q.executeStep()) {
          }
          return link;
        });
  }

  PractitionerSession StartSession(const Practitioner& person, const std::string& session_hash,
                                   const std::string& csrf_token, const std::string& replaced_hash,
                                   int64_t now) override {
    return Run<PractitionerSession>(
        true, "starting a practitioner's session",
        [&](SQLite::Database& db) -> PractitionerSession {
          SQLite::Statement upsert(
              db,
              "INSERT INTO practitioners(email, name, organisation, team, first_signed_in_at, "
              "last_signed_in_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(email) DO UPDATE SET "
              "organisation = ?3, last_signed_in_at = ?5, "
              "name = CASE WHEN ?2 = '' THEN name ELSE ?2 END, "
              "team = CASE WHEN ?4 = '' THEN team ELSE ?4 END");
          upsert.bind(1, person.email);
          upsert.bind(2, person.name);
          upsert.bind(3, person.organisation);
          upsert.bind(4, person.team);
          upsert.bind(5, static_cast<int64_t>(now));
          upsert.exec();
          SQLite::Statement id(db, "SELECT id FROM practitioners WHERE email = ?");
          id.bind(1, person.email);
          id.executeStep();
          int64_t practitioner_id = id.getColumn(0).getInt64();
          if (!replaced_hash.empty()) {
            SQLite::Statement end(db, "DELETE FROM practitioner_sessions WHERE token_hash = ?");
            end.bind(1, replaced_hash);
            end.exec();
          }
          SQLite::Statement add(db,
                                "INSERT INTO practitioner_sessions(token_hash, practitioner_id, "
                                "csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
          add.bind(1, session_hash);
          add.bind(2, static_cast<int64_t>(practitioner_id));
          add.bind(3, csrf_token);
          add.bind(4, static_cast<int64_t>(now));
          add.bind(5, static_cast<int64_t>(now));
          add.exec();
          SQLite::Statement q(db, kSessionColumns);
          q.bind(1, session_hash);
          q.executeStep();
          return SessionFrom(q);
        });
  }

  std::optional<PractitionerSession> ResumeSession(const std::string& session_hash, int64_t now,
                                                   int idle_seconds, int absolute_seconds,
                                                   int touch_seconds) override {
    return Run<std::optional<PractitionerSession>>(
        true, "resuming a practitioner's session",
        [&](SQLite::Database& db) -> std::optional<PractitionerSession> {
          SQLite::Statement q(db, kSessionColumns);
          q.bind(1, session_hash);
          if (!q.executeStep()) return std::nullopt;
          PractitionerSession session = SessionFrom(q);
          int64_t last_seen = q.getColumn(8).getInt64();
          q.reset();
          if (now - last_seen > idle_seconds || now - session.signed_in_at > absolute_seconds) {
            SQLite::Statement end(db, "DELETE FROM practitioner_sessions WHERE token_hash = ?");
            end.bind(1, session_hash);
            end.exec();
            return std::nullopt;
          }
          if (now - last_seen >= touch_seconds) {
            SQLite::Statement touch(db,
                                    "UPDATE practitioner_sessions SET last_seen_at = ? WHERE "
                                    "token_hash = ?");
            touch.bind(1, static_cast<int64_t>(now));
            touch.bind(2, session_hash);
            touch.exec();
          }
          return session;
        });
  }

  void EndSession(const std::string& session_hash) override {
    return Run<void>(true, "ending a practitioner's session", [&](SQLite::Database& db) -> void {
      SQLite::Statement end(db, "DELETE FROM practitioner_sessions WHERE token_hash = ?");
      end.bind(1, session_hash);
      end.exec();
    });
  }

  void UpdateDetails(int64_t practitioner_id, const std::string& name,
                     const std::string& team) override {
    return Run<void>(true, "updating a practitioner's details", [&](SQLite::Database& db) -> void {
      SQLite::Statement q(db, "UPDATE practitioners SET name = ?, team = ? WHERE id = ?");
      q.bind(1, name);
      q.bind(2, team);
      q.bind(3, static_cast<int64_t>(practitioner_id));
      q.exec();
    });
  }

 private:
  template <typename T>
  T Run(bool write, const char* what, const std::function<T(SQLite::Database&)>& work) {
    return RunOrThrow<T>(*db_, write, what, work);
  }
  static PractitionerSession SessionFrom(SQLite::Statement& q) {
    PractitionerSession s;
    s.person.id = q.getColumn(0).getInt64();
    s.person.email = q.getColumn(1).getString();
    s.person.name = q.getColumn(2).getString();
    s.person.organisation = q.getColumn(3).getString();
    s.person.team = q.getColumn(4).getString();
    s.person.first_signed_in_at = q.getColumn(5).getInt64();
    s.csrf_token = q.getColumn(6).getString();
    s.signed_in_at = q.getColumn(7).getInt64();
    return s;
  }

  SqliteConnections* db_;
};

}  // namespace

std::unique_ptr<SignInStore> NewSqliteSignInStore(SqliteConnections* db) {
  return std::make_unique<SqliteSignInStore>(db);
}

}  // namespace bulletin
