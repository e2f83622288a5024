#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace kemid::test {

namespace {

std::filesystem::path uniqueTempPath(const std::string& stem) {
  static int counter = 0;
  return std::filesystem::temp_directory_path() /
         (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

}  // namespace

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& workingDir) {
  BackgroundProcess process(program, args, workingDir);
  ProcessResult result;
  result.exitCode = process.waitExit(std::chrono::seconds(60)).value_or(-1);
  result.out = process.stdoutText();
  result.err = process.stderrText();
  return result;
}

BackgroundProcess::BackgroundProcess(const std::string& program,
                                     const std::vector<std::string>& args,
                                     const std::string& workingDir, ProcessGroup group)
    : outFile_(uniqueTempPath("kemid-test-out")),
      errFile_(uniqueTempPath("kemid-test-err")),
      ownGroup_(group == ProcessGroup::Own) {
  // Output goes to files, not pipes: tests read it while the program runs,
  // and a full pipe would block the program.
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (ownGroup_) ::setpgid(0, 0);
    int out = ::open(outFile_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(errFile_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int devNull = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || devNull < 0) ::_exit(125);
    ::dup2(devNull, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (::chdir(workingDir.c_str()) != 0) ::_exit(126);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(program.c_str(), argv.data());
    ::_exit(127);
  }
}

BackgroundProcess::~BackgroundProcess() {
  if (running()) {
    signalGroup(SIGKILL);
    reap(true);
  } else if (ownGroup_) {
    signalGroup(SIGKILL);  // what the program forked may have outlived it
  }
  std::error_code ignored;
  std::filesystem::remove(outFile_, ignored);
  std::filesystem::remove(errFile_, ignored);
}

bool BackgroundProcess::reap(bool block) {
  if (exitCode_) return true;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r != pid_) return false;
  exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

bool BackgroundProcess::running() {
  return !reap(false);
}

void BackgroundProcess::signal(int sig) const {
  ::kill(pid_, sig);
}

void BackgroundProcess::signalGroup(int sig) const {
  ::kill(ownGroup_ ? -pid_ : pid_, sig);
}

std::optional<int> BackgroundProcess::waitExit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!reap(false)) {
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exitCode_;
}

std::string BackgroundProcess::stderrText() const {
  return readFile(errFile_);
}
std::string BackgroundProcess::stdoutText() const {
  return readFile(outFile_);
}

bool BackgroundProcess::waitForStderr(const std::string& text, std::chrono::milliseconds timeout) {
  return waitForText(errFile_, text, timeout);
}

bool BackgroundProcess::waitForStdout(const std::string& text, std::chrono::milliseconds timeout) {
  return waitForText(outFile_, text, timeout);
}

bool BackgroundProcess::waitForText(const std::filesystem::path& file, const std::string& text,
                                    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (readFile(file).find(text) == std::string::npos) {
    if (!running() || std::chrono::steady_clock::now() > deadline) {
      return readFile(file).find(text) != std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

TempDir::TempDir() : path_(uniqueTempPath("kemid-test-dir")) {
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& text) const {
  auto file = path_ / name;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

}  // namespace kemid::test
