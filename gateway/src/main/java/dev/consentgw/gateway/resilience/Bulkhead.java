package dev.consentgw.gateway.resilience;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds the calls in flight to one provider. A call over the limit is refused at once instead of
 * waiting: a queue in front of a slow provider only turns its slowness into the gateway's.
 * Thread-safe.
 */
public final class Bulkhead {

  /** What the health endpoints report. */
  public record Snapshot(int inFlight, int maxConcurrentCalls, long rejectedCalls) {
  }

  private final int maxConcurrentCalls;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder rejectedCalls = new LongAdder();

  Bulkhead(int maxConcurrentCalls) {
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be >= 1");
    }
    this.maxConcurrentCalls = maxConcurrentCalls;
  }

  /** Takes a slot; false (and counted) when all are taken. A taken slot must be {@link #release() released}. */
  boolean tryAcquire() {
    int current;
    do {
      current = inFlight.get();
      if (current >= maxConcurrentCalls) {
        rejectedCalls.increment();
        return false;
      }
    } while (!inFlight.compareAndSet(current, current + 1));
    return true;
  }

  void release() {
    inFlight.decrementAndGet();
  }

  Snapshot snapshot() {
    return new Snapshot(inFlight.get(), maxConcurrentCalls, rejectedCalls.sum());
  }
}
