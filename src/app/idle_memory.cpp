#include "app/idle_memory.h"

#include <malloc.h>
#include <unistd.h>

#include <fstream>
#include <utility>

namespace kemid {

void keepFreedMemoryUnderLoad() {
  // Above the 16 MiB IdleMemory leaves unreturned, so that it decides.
  constexpr int kTrimThreshold = 64 << 20;
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

std::size_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, pages = 0;
  if (!(statm >> size >> pages)) return 0;
  return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

IdleMemory::IdleMemory(std::function<std::uint64_t()> received)
    : IdleMemory(
          [received = std::move(received)] {
            const struct mallinfo2 info = ::mallinfo2();
            return Sample{received(), residentBytes(), info.uordblks + info.hblkhd};
          },
          [] { ::malloc_trim(0); }, kDefaultThreshold) {}

IdleMemory::IdleMemory(Sampler sample, Trim trim, std::size_t threshold)
    : sample_(std::move(sample)), trim_(std::move(trim)), threshold_(threshold) {}

bool IdleMemory::check() {
  const Sample now = sample_();
  const std::uint64_t interval = now.received - lastReceived_;
  lastReceived_ = now.received;
  // Rising by more than a tenth: a burst is under way and will reuse it.
  const bool rising = interval > lastInterval_ + lastInterval_ / 10;
  lastInterval_ = interval;
  const std::size_t held = now.resident > now.allocated ? now.resident - now.allocated : 0;
  if (rising || held <= threshold_) return false;
  trim_();
  return true;
}

}  // namespace kemid
