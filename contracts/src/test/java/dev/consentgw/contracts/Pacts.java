package dev.consentgw.contracts;

import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithState;
import au.com.dius.pact.core.model.generators.Category;
import au.com.dius.pact.core.model.generators.ProviderStateGenerator;
import au.com.dius.pact.core.support.expressions.DataType;
import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Names and helpers shared by every consumer test and provider verification of this module. */
public final class Pacts {

  /** The gateway as the consumer of Wych and Yapily. */
  public static final String GATEWAY = "consent-gateway";
  /** An API consumer of the facade, as a fintech would write it. */
  public static final String FINTECH = "example-fintech";
  public static final String WYCH = "wych";
  public static final String YAPILY = "yapily";

  /** Where the verifications read the pacts from: the committed, reviewed ones (module-relative). */
  public static final String COMMITTED_DIR = "pacts";

  public static final String UUID_REGEX = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
  /** An RFC 3339 date-time with any number of fraction digits and a zone (Z or an offset). */
  public static final String DATE_TIME_REGEX =
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$";
  public static final String URL_REGEX = "^https?://\\S+$";
  public static final String JSON_CONTENT_TYPE = "^application/json.*$";

  private static final long TIMEOUT_SECONDS = 10;

  private Pacts() {
  }

  /**
   * Where the next interaction of a pact starts: the {@code given} of the builder for the first
   * one, of the previous response for the rest. Lets one interaction definition be reused in
   * several pact fragments; identical definitions merge into one interaction in the pact file.
   */
  @FunctionalInterface
  public interface Start {
    PactDslWithState given(String state, Map<String, ?> params);

    default PactDslWithState given(String state) {
      return given(state, Map.of());
    }
  }

  /**
   * A top-level uuid member whose value a provider state supplies: matched as a uuid, and replaced by
   * {@code ${expression}} when the pact is verified. (The DSL's own {@code valueFromProviderState}
   * only matches by type.)
   */
  public static PactDslJsonBody uuidFromProviderState(PactDslJsonBody body, String name, String stateValue,
      String example) {
    return fromProviderState(body, name, UUID_REGEX, stateValue, example);
  }

  /** Like {@link #uuidFromProviderState}, for a string matching {@code regex}. */
  public static PactDslJsonBody fromProviderState(PactDslJsonBody body, String name, String regex, String stateValue,
      String example) {
    body.stringMatcher(name, regex, example);
    body.getGenerators().addGenerator(Category.BODY, "$." + name,
        new ProviderStateGenerator("${" + stateValue + "}", DataType.STRING));
    return body;
  }

  /** The result of a Vert.x future, waited for on the test thread. */
  public static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The failure of a Vert.x future that must fail. */
  public static Throwable failureOf(Future<?> future) throws InterruptedException, TimeoutException {
    try {
      Object result = future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
