package dev.consentgw.gateway.observability;

import java.util.function.Supplier;

/**
 * Opens the client span of one upstream call attempt. The HTTP exchange the attempt sends carries
 * that span as its W3C {@code traceparent} ({@link TraceHeaders}), so the provider's own traces
 * join the gateway's. Components see only this interface; {@link #NONE} traces nothing.
 */
public interface UpstreamTracer {

  /** One attempt's span. */
  interface Attempt {

    /** Runs {@code send} with this span current, so the exchange it starts propagates it. */
    <T> T within(Supplier<T> send);

    /** @param upstreamStatus the provider's HTTP status, or 0 when there was no answer */
    void end(UpstreamOutcome outcome, int upstreamStatus);
  }

  Attempt NO_ATTEMPT = new Attempt() {
    @Override
    public <T> T within(Supplier<T> send) {
      return send.get();
    }

    @Override
    public void end(UpstreamOutcome outcome, int upstreamStatus) {
    }
  };

  UpstreamTracer NONE = (provider, operation) -> NO_ATTEMPT;

  Attempt start(String provider, String operation);
}
