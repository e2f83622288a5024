#pragma once
// Small text helpers both config frontends and the writers share.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kemid::cfg {

// A config file, or a file it includes, larger than this is refused: a
// mistaken include of /dev/zero or a log file must not eat the memory.
inline constexpr std::size_t kMaxConfigFileSize = 16 * 1024 * 1024;

// Reads a whole file; nullopt with `error` set (a directory, errno's text,
// or larger than kMaxConfigFileSize) when it cannot.
std::optional<std::string> readTextFile(const std::filesystem::path& path, std::string& error);

// `text` in double quotes with the escapes both kamailio.cfg strings and
// YAML double-quoted scalars decode: \" \\ \n \r \t and \xHH for the other
// control bytes; everything else (UTF-8 included) as is.
std::string doubleQuoted(std::string_view text);

}  // namespace kemid::cfg
