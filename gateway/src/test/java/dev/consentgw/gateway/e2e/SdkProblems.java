package dev.consentgw.gateway.e2e;

import dev.consentgw.sdk.ApiException;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The problem document a facade SDK call fails with, for end-to-end tests that drive the SDK. */
final class SdkProblems {

  @FunctionalInterface
  interface Call {
    Object run() throws Exception;
  }

  private SdkProblems() {
  }

  /** Runs {@code call}, which must fail with {@code status}, and returns its problem with {@code code}. */
  static JsonObject problem(Call call, int status, String code) {
    ApiException e = catchThrowableOfType(call::run, ApiException.class);
    assertThat(e).as("the call must fail with an ApiException").isNotNull();
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
    JsonObject problem = new JsonObject(e.getResponseBody());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    return problem;
  }
}
