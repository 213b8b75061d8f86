#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "server/http_types.h"
#include "server/router.h"

namespace bulletin {

/// The manager a request comes from, read from the server-side session. The organisation
/// always comes from here, never from the request.
struct ManagerSession {
  int64_t manager_id = 0;
  std::string email;
  std::string organisation;  ///< organisation id; "" for a partnership admin
  std::string csrf_token;    ///< put in every state-changing form as the field "csrf"
  std::string address;       ///< the client's address, for the audit log
  bool is_partnership_admin() const { return organisation.empty(); }
};

/// A /manage/ handler that runs only for a signed-in manager.
using ManagerHandler = std::function<HttpResponse(const HttpRequest&, const ManagerSession&)>;

/// Wraps /manage/ handlers with the session checks. Implemented by the accounts code
/// (manage/accounts.*): it looks up the session cookie, enforces the idle (30 min) and
/// absolute (12 h) timeouts, and refreshes the session.
class ManagerGate {
 public:
  virtual ~ManagerGate() = default;

  /// For GET pages and downloads: without a live session, 303 to /manage/login (with
  /// ?next= the path asked for); with one, calls `handler`. Adds Cache-Control: no-store.
  virtual HttpHandler Page(ManagerHandler handler) const = 0;

  /// For POSTs: additionally refuses (403, generic page) a cross-site request or one whose
  /// "csrf" field does not match the session's. Reads the field from an
  /// application/x-www-form-urlencoded body or a multipart/form-data part (parts before the
  /// first file are enough: put the csrf field first in the form).
  virtual HttpHandler Action(ManagerHandler handler) const = 0;
};

}  // namespace bulletin
