#pragma once

// Inside store/ only: lets another table group's SQLite implementation put a message in the
// outbox within its own transaction (a sign-in request and its e-mail commit together).

#include "store/mail_outbox.h"

namespace SQLite {
class Database;
}

namespace bulletin {

/// Inserts `mail` into mail_outbox, due at once, in whatever transaction `db` has open.
void InsertOutgoingMail(SQLite::Database& db, const OutgoingMail& mail);

}  // namespace bulletin
