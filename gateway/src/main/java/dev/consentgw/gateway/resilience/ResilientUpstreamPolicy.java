package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.observability.GatewayMetrics;
import dev.consentgw.gateway.observability.RequestLogFields;
import dev.consentgw.gateway.observability.UpstreamOutcome;
import dev.consentgw.gateway.observability.UpstreamTracer;
import dev.consentgw.gateway.provider.InstitutionId;
import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The gateway's upstream policy: every call to a provider passes its circuit breakers (provider,
 * then institution), its bulkhead and a time limit, and idempotent calls may be retried once
 * within the retry budget.
 *
 * <p>Each attempt is bounded by the per-call timeout and by what is left of the facade request's
 * {@link RequestDeadline} (calls outside a request, such as the catalogue warm-up, get a deadline
 * of their own); when the time is up the attempt fails as a timeout whether or not the supplied
 * future ever completes, and its permits are returned — on every path, so a breaker can never stay
 * half-open. {@link ExchangeTimeout} cancels the HTTP exchange itself at the same limit.
 *
 * <p>A call the guards refuse fails at once with a {@link ProviderFailure#refused refused} failure
 * carrying the time until a retry makes sense; nothing goes upstream. A retry that can no longer
 * run (refused, or out of time) leaves the original failure as the answer.
 */
public final class ResilientUpstreamPolicy implements UpstreamPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientUpstreamPolicy.class);
  /** Jitter draws each backoff uniformly from [backoff × JITTER_FLOOR, backoff × (JITTER_FLOOR + 1)). */
  private static final double JITTER_FLOOR = 0.5;

  private final Vertx vertx;
  private final ResilienceOptions options;
  private final Duration callTimeout;
  private final Clock clock;
  private final DoubleSupplier random;
  private final GatewayMetrics metrics;
  private final UpstreamTracer tracer;
  private final ConcurrentMap<String, ProviderGuards> guards = new ConcurrentHashMap<>();

  /**
   * @param callTimeout the longest one attempt may take, all of it: connecting, sending, and
   *     receiving the whole response body (the HTTP client cancels the exchange at the same limit)
   * @param clock the time of the retry budgets (tests move it instead of waiting); breakers run on
   *     real Vert.x timers
   * @param random uniform values in [0, 1) for the backoff jitter
   */
  public ResilientUpstreamPolicy(Vertx vertx, ResilienceOptions options, Duration callTimeout, Clock clock,
      DoubleSupplier random) {
    this(vertx, options, callTimeout, clock, random, GatewayMetrics.NONE, UpstreamTracer.NONE);
  }

  /**
   * @param metrics every attempt's outcome and latency, every refusal, breaker states and transitions
   * @param tracer opens a client span per attempt that goes upstream
   */
  public ResilientUpstreamPolicy(Vertx vertx, ResilienceOptions options, Duration callTimeout, Clock clock,
      DoubleSupplier random, GatewayMetrics metrics, UpstreamTracer tracer) {
    this.metrics = metrics;
    this.tracer = tracer;
    this.vertx = vertx;
    this.options = options;
    this.callTimeout = callTimeout;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public <T> Future<T> execute(UpstreamCall call, Supplier<Future<T>> action) {
    long deadline = RequestDeadline.current().orElseGet(() -> System.nanoTime() + options.requestDeadline().toNanos());
    RequestLogFields.provider(call.provider());
    return attempt(call, action, guards(call.provider()), deadline, 0, null);
  }

  /** The provider's breakers, bulkhead and retry budget, for the health endpoints. */
  public ProviderGuards.Snapshot snapshot(String provider) {
    return guards(provider).snapshot();
  }

  /**
   * One attempt, and the retry after it if one is due.
   *
   * @param previous the failure of the attempt before, which stays the answer if this one cannot run
   */
  private <T> Future<T> attempt(UpstreamCall call, Supplier<Future<T>> action, ProviderGuards guards, long deadline,
      int retry, ProviderFailure previous) {
    long remainingNanos = deadline - System.nanoTime();
    if (remainingNanos <= 0) {
      return Future.failedFuture(previous != null ? previous
          : failure(call, Kind.TIMEOUT, "The request ran out of time before " + call.operation() + " could be sent."));
    }
    CallPermits permits;
    try {
      permits = guards.admit(call);
    } catch (ProviderFailure refused) {
      return Future.failedFuture(previous != null ? previous : refused);
    }
    if (retry == 0) {
      guards.retryBudget().recordCall();
    }
    long limitMillis = Math.max(1, Math.min(callTimeout.toMillis(), Duration.ofNanos(remainingNanos).toMillis()));
    long startedNanos = System.nanoTime();
    UpstreamTracer.Attempt traced = tracer.start(call.provider(), call.operation());
    Promise<T> outcome = Promise.promise();
    long timer = vertx.setTimer(limitMillis, id -> outcome.tryFail(
        failure(call, Kind.TIMEOUT, call.provider() + " did not answer " + call.operation() + " in time.")));
    traced.within(() -> invoke(action)).onComplete(result -> {
      if (result.succeeded()) {
        outcome.tryComplete(result.result());
      } else {
        outcome.tryFail(result.cause());
      }
    });
    return outcome.future()
        .transform(result -> {
          vertx.cancelTimer(timer);
          UpstreamOutcome observed = OutcomeClassifier.forMetrics(result.cause());
          metrics.upstreamCall(call.provider(), call.operation(), observed, System.nanoTime() - startedNanos);
          traced.end(observed, result.cause() instanceof ProviderFailure failed ? failed.error().upstreamStatus() : 0);
          Future<Void> counted = permits.complete(result.cause());
          if (result.failed()) {
            observe(call, result.cause());
          }
          // Answer once the breakers have counted the outcome, so the caller's next call sees its effect.
          return counted.transform(v -> result.succeeded()
              ? Future.succeededFuture(result.result()) : Future.<T>failedFuture(result.cause()));
        })
        .recover(failure -> {
          long pauseNanos = backoffNanos();
          if (!retryDue(call, failure, retry, deadline, pauseNanos, guards)) {
            return Future.failedFuture(failure);
          }
          LOG.debug("retrying {} {} after {}: {}", call.provider(), call.operation(),
              Duration.ofNanos(pauseNanos), failure.getMessage());
          Promise<Void> paused = Promise.promise();
          vertx.setTimer(Math.max(1, Duration.ofNanos(pauseNanos).toMillis()), id -> paused.complete());
          return paused.future().compose(v -> attempt(call, action, guards, deadline, retry + 1, (ProviderFailure) failure));
        });
  }

  /** Only idempotent calls, only failures that may pass, only with time left after the pause, only within budget. */
  private boolean retryDue(UpstreamCall call, Throwable failure, int retry, long deadline, long pauseNanos,
      ProviderGuards guards) {
    return call.idempotent()
        && retry < options.retries().maxRetries()
        && OutcomeClassifier.retryable(failure)
        && deadline - System.nanoTime() - pauseNanos > 0
        && guards.retryBudget().tryRetry();
  }

  private long backoffNanos() {
    return (long) (options.retries().backoff().toNanos() * (JITTER_FLOOR + random.getAsDouble()));
  }

  /** Broken credentials are an operator's problem, not the consumer's: say so loudly, once per failed call. */
  private static void observe(UpstreamCall call, Throwable failure) {
    if (failure instanceof ProviderFailure provider && provider.error().kind() == Kind.AUTHENTICATION) {
      LOG.error("{} refused the gateway's credentials on {} (HTTP {}): check providers.{} in the configuration;"
              + " consumers get 502 provider_unavailable until this is fixed", call.provider(), call.operation(),
          provider.error().upstreamStatus(), call.provider());
    } else {
      LOG.debug("{} {} failed: {}", call.provider(), call.operation(), failure.getMessage());
    }
  }

  private ProviderGuards guards(String provider) {
    return guards.computeIfAbsent(provider, id -> {
      ResilienceOptions.InstitutionBreaker institutions = options.institutionBreaker();
      BreakerGuard.Transitions institutionTransitions = new BreakerTransitionLog(metrics, id, "institution");
      ProviderGuards created = new ProviderGuards(id,
          BreakerGuard.create(vertx, id, options.providerBreaker(), OutcomeClassifier::forProvider,
              new BreakerTransitionLog(metrics, id, "provider")),
          new InstitutionBreakers(institutions.maxTracked(), institutions.idleExpiry(),
              institutionId -> BreakerGuard.create(vertx, new InstitutionId(id, institutionId).toString(),
                  institutions.breaker(), OutcomeClassifier::forInstitution, institutionTransitions)),
          new Bulkhead(options.bulkhead().maxConcurrentCalls()),
          new RetryBudget(options.retries().budgetRatio(), options.retries().budgetMinimum(),
              options.retries().budgetWindow(), clock),
          metrics);
      metrics.watchBreakers(id, created::breakerStateValue, created::institutionBreakersNotClosed);
      return created;
    });
  }

  private static ProviderFailure failure(UpstreamCall call, Kind kind, String detail) {
    return new ProviderFailure(new ProviderError(kind, call.provider(), null, 0, detail));
  }

  private static <T> Future<T> invoke(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
