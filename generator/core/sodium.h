#pragma once

namespace bulletin {

/// Starts libsodium, which every use of it (password hashing, random tokens, session and
/// certificate hashes) needs first. Safe to call from any thread, any number of times.
/// False if it cannot start (the system gives no randomness).
bool StartSodium();

/// StartSodium, or throws std::runtime_error("libsodium could not start"): for constructors
/// and functions that cannot go on without it.
void RequireSodium();

}  // namespace bulletin
