#pragma once
// kemictl's pieces: the request it sends and how it prints the answer.

#include <Poco/Dynamic/Var.h>

#include <string>
#include <vector>

namespace kemid::ctl {

// A JSON-RPC request; numeric-looking arguments become numbers, "s:"
// forces a string (as kamcmd).
std::string buildRequest(const std::string& method, const std::vector<std::string>& args);

// kamcmd's human-readable form: scalars one per line, structs as
// "key: value" lines, arrays one element after the other.
std::string humanReadable(const Poco::Dynamic::Var& result);

}  // namespace kemid::ctl
