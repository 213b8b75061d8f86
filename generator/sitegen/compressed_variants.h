#pragma once

#include "core/diagnostics.h"
#include "sitegen/output_tree.h"

namespace bulletin {

/// The build's last step before publishing: beside every text file of the site
/// (IsCompressiblePath) it adds the precompressed variants worth having (a Brotli `.br` and a
/// gzip `.gz` where each is smaller than the file), so the server, or nginx with
/// `gzip_static`, sends them to clients that accept them without compressing per request.
/// Files made or copied by this build are compressed on every core. A file kept from the
/// live site keeps the variants it has there, per `live` (the published site's
/// fingerprints, when a build cache knows them); without them it is read and compressed.
/// A path already taken in the tree (a site that ships its own `x.js.gz`) is left as it is.
void AddCompressedVariants(OutputTree* out, const Fingerprints* live, Diagnostics* diags);

}  // namespace bulletin
