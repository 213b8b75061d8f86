// Interim: replaced by the Boost.Beast server.
#include "server/server.h"

#include <ostream>

namespace bulletin {

int RunServer(const ServerOptions&, std::ostream& log) {
  log << "bulletin serve: not built yet\n";
  return 1;
}

}  // namespace bulletin
