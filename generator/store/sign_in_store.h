#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/mail_outbox.h"

namespace bulletin {

/// A person on an imported staff roster (table staff).
struct RosterPerson {
  int64_t staff_id = 0;  ///< staff.id
  std::string email;
  std::string name;
  std::string organisation;
  std::string team;
};

/// A practitioner who has signed in by an e-mailed link: their identity is confirmed.
struct Practitioner {
  int64_t id = 0;
  std::string email;
  std::string name;          ///< "" until given (the roster gives it, or the person does)
  std::string organisation;  ///< an organisation id from site.yaml
  std::string team;
  int64_t first_signed_in_at = 0;  ///< Unix seconds: when the address was first confirmed
};

/// A signed-in practitioner's session.
struct PractitionerSession {
  Practitioner person;
  std::string csrf_token;  ///< put in every form as the field "csrf"
  int64_t signed_in_at = 0;
};

/// A one-time sign-in link, as stored.
struct SignInLink {
  std::string token_hash;  ///< SHA-256 (hex) of the token; the token is only in the e-mail
  std::string email;
  std::string next;  ///< where to go once signed in
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

/// Practitioners' sign-in by e-mailed link: links, throttling, practitioners and their
/// sessions. Implementations are thread-safe; every change is committed (durably) before
/// a method returns; methods throw std::exception when the database fails.
class SignInStore {
 public:
  virtual ~SignInStore() = default;

  /// The roster entry for `email` (case-insensitive), if any.
  virtual std::optional<RosterPerson> FindOnRoster(const std::string& email) = 0;

  /// How many sign-in requests were recorded under `key` at or after `since`.
  virtual int CountRequestsSince(const std::string& key, int64_t since) = 0;

  /// In one transaction: records a request under each of `keys` at `at`, forgets requests
  /// older than `forget_before`, and, when `link` is given, stores it with its e-mail
  /// `mail` in the outbox, so the link exists exactly when its message is queued.
  virtual void RecordRequest(const std::vector<std::string>& keys, int64_t at,
                             int64_t forget_before, const SignInLink* link,
                             const OutgoingMail* mail) = 0;

  /// The link with this hash if it is unused and unexpired at `now` (for the page that asks
  /// to confirm; nothing changes).
  virtual std::optional<SignInLink> PeekLink(const std::string& token_hash, int64_t now) = 0;

  /// Uses the link: marks it used and returns it if it was unused and unexpired at `now`;
  /// otherwise nullopt. Of two concurrent calls with one link, one succeeds.
  virtual std::optional<SignInLink> UseLink(const std::string& token_hash, int64_t now) = 0;

  /// Records `person` (by email: created, or its organisation, and its name and team when
  /// given, brought up to date) and starts a session with the given cookie hash and CSRF
  /// token, ending any session `replaced_hash` names. Returns the session.
  virtual PractitionerSession StartSession(const Practitioner& person,
                                           const std::string& session_hash,
                                           const std::string& csrf_token,
                                           const std::string& replaced_hash, int64_t now) = 0;

  /// The live session with this cookie hash: idle no longer than `idle_seconds` and no older
  /// than `absolute_seconds`. Expired sessions are deleted; a live one's last use is
  /// written at most every `touch_seconds`.
  virtual std::optional<PractitionerSession> ResumeSession(const std::string& session_hash,
                                                           int64_t now, int idle_seconds,
                                                           int absolute_seconds,
                                                           int touch_seconds) = 0;

  /// Ends the session with this cookie hash, if any.
  virtual void EndSession(const std::string& session_hash) = 0;

  /// Sets a practitioner's name and team.
  virtual void UpdateDetails(int64_t practitioner_id, const std::string& name,
                             const std::string& team) = 0;
};

}  // namespace bulletin
