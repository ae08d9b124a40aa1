package dev.consentgw.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TenantRateLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final TenantRateLimiter limiter = new TenantRateLimiter(new RateLimitOptions(2, 4), now::get);

  @Test
  void allowsTheBurstThenRefillsAtTheRate() {
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.acquire("acme").allowed()).isTrue();
    }
    TenantRateLimiter.Decision refused = limiter.acquire("acme");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.limit()).isEqualTo(4);
    assertThat(refused.windowSeconds()).isEqualTo(2);
    assertThat(refused.resetSeconds()).isEqualTo(2);

    now.addAndGet(500_000_000L);
    assertThat(limiter.acquire("acme").allowed()).isTrue();
    assertThat(limiter.acquire("acme").allowed()).isFalse();
    assertThat(limiter.acquire("globex").allowed()).as("another tenant's bucket").isTrue();
  }

  @Test
  void refillsByTheTimePassedWhateverTheClockStartedAt() {
    // System.nanoTime has an arbitrary origin, here far from zero.
    now.set(1_000_000_000_000L);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.acquire("acme").allowed()).isTrue();
    }

    assertThat(limiter.acquire("acme").allowed()).as("no time passed: nothing refilled").isFalse();
    now.addAndGet(499_999_999L);
    assertThat(limiter.acquire("acme").allowed()).as("not yet one whole request").isFalse();
    now.addAndGet(1L);
    assertThat(limiter.acquire("acme").allowed()).isTrue();
  }

  @Test
  void aRefusalSaysHowLongUntilTheNextWholeRequest() {
    TenantRateLimiter slow = new TenantRateLimiter(new RateLimitOptions(0.1, 1), now::get);
    TenantRateLimiter.Decision allowed = slow.acquire("acme");
    now.addAndGet(5_000_000_000L);

    TenantRateLimiter.Decision refused = slow.acquire("acme");

    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.retryAfterSeconds()).isZero();
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).as("half a request refilled, the other half takes 5 s").isEqualTo(5);
    assertThat(refused.resetSeconds()).isEqualTo(5);
  }

  @Test
  void holdsUnderConcurrentCallers() throws Exception {
    TenantRateLimiter shared = new TenantRateLimiter(new RateLimitOptions(0.001, 100), now::get);
    AtomicInteger allowed = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 1000; i++) {
          if (shared.acquire("acme").allowed()) {
            allowed.incrementAndGet();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(allowed.get()).isEqualTo(100);
  }
}
