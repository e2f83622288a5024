#pragma once
// Gives memory back to the system after a burst. glibc keeps what kemid
// frees (a flood's transactions, its queued datagrams) in its arenas for
// reuse, so without help the process stays at its peak size forever. The
// main thread asks every few seconds; when the process's resident memory
// exceeds what is allocated (in use) by more than `threshold` bytes and
// traffic is not rising (a burst in progress will want the memory again),
// malloc_trim returns the allocator's free pages. (Code, libraries and
// stacks count as resident and not as allocated: the default threshold
// leaves room for them.)

#include <cstddef>
#include <cstdint>
#include <functional>

namespace kemid {

// Under load, what is freed stays with malloc for reuse. By default glibc
// shrinks a thread's heap whenever 128 KiB at its top are free and grows it
// again at the next message (mprotect and page faults, measured at about
// 8 % of kemid's CPU at 3000 calls/s); IdleMemory gives memory back
// instead, once traffic stops rising. Called once, before threads start.
void keepFreedMemoryUnderLoad();

// The process's resident memory in bytes, from /proc/self/statm; 0 when
// unknown.
std::size_t residentBytes();

class IdleMemory {
 public:
  struct Sample {
    std::uint64_t received = 0;  // datagrams received so far (a counter)
    std::size_t resident = 0;    // bytes of the process in memory
    std::size_t allocated = 0;   // bytes in use by malloc's callers
  };
  using Sampler = std::function<Sample()>;
  using Trim = std::function<void()>;

  static constexpr std::size_t kDefaultThreshold = 16u << 20;

  // The process's allocator (mallinfo2, malloc_trim); `received` reads the
  // transport's datagram counter.
  explicit IdleMemory(std::function<std::uint64_t()> received);
  // For tests.
  IdleMemory(Sampler sample, Trim trim, std::size_t threshold);

  // One look; true when it trimmed.
  bool check();

 private:
  Sampler sample_;
  Trim trim_;
  std::size_t threshold_;
  std::uint64_t lastReceived_ = 0;
  std::uint64_t lastInterval_ = 0;  // datagrams in the previous interval
};

}  // namespace kemid
