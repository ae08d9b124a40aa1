package dev.consentgw.gateway.resilience;

import dev.consentgw.gateway.provider.ProviderError;
import dev.consentgw.gateway.provider.ProviderError.Kind;
import dev.consentgw.gateway.provider.ProviderFailure;
import dev.consentgw.gateway.resilience.UpstreamErrorReader.ErrorBody;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.StreamResetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one classification table every provider's failures go through. */
class FailureClassifierTest {

  private static final UpstreamCall CALL = UpstreamCall.write("acme", "bank-1", "createThing");

  /** A provider whose bodies say nothing, except {"fault":"BANK"} (the bank's) and {"fault":"CREDS"} (credentials). */
  private static final UpstreamErrorReader READER = (status, body) -> switch (body.path("fault").asText("")) {
    case "BANK" -> new ErrorBody("E1", Kind.INSTITUTION_UNAVAILABLE);
    case "CREDS" -> new ErrorBody("E2", Kind.AUTHENTICATION);
    default -> ErrorBody.NONE;
  };

  private final FailureClassifier classifier = new FailureClassifier("acme", "Acme", READER);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "400, REJECTED", "401, AUTHENTICATION", "403, REJECTED", "404, NOT_FOUND", "405, REJECTED", "409, REJECTED",
      "422, REJECTED", "429, UNAVAILABLE", "500, UNAVAILABLE", "501, UNAVAILABLE", "502, UNAVAILABLE",
      "503, UNAVAILABLE", "504, UNAVAILABLE", "302, UNAVAILABLE", "399, UNAVAILABLE", "499, REJECTED"})
  void statusTable(int status, Kind kind) {
    ProviderError error = classify(new UpstreamHttpException(status, "{}", null));

    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.upstreamStatus()).isEqualTo(status);
    assertThat(error.provider()).isEqualTo("acme");
    assertThat(error.institutionId()).isNull();
  }

  @Test
  void theProvidersReadingOfTheBodyWinsOverTheStatus() {
    ProviderError bank = classify(new UpstreamHttpException(400, "{\"fault\":\"BANK\"}", null));
    ProviderError credentials = classify(new UpstreamHttpException(403, "{\"fault\":\"CREDS\"}", null));

    assertThat(bank.kind()).isEqualTo(Kind.INSTITUTION_UNAVAILABLE);
    assertThat(bank.institutionId()).isEqualTo("bank-1");
    assertThat(bank.detail()).isEqualTo("The bank behind this institution failed the request or does not offer what was"
        + " asked (Acme answered 400). Try again later, or choose another institution.").doesNotContain("createThing");
    assertThat(credentials.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(credentials.detail()).isEqualTo("Acme refused the gateway's credentials for createThing (403).");
  }

  @Test
  void everyTimeoutIsATimeoutWhereverItSitsInTheCauseChain() {
    assertThat(classify(new TimeoutException("exchange")).kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(classify(new ConnectTimeoutException("connect")).kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(classify(new IOException(new io.netty.handler.timeout.ReadTimeoutException())).kind())
        .isEqualTo(Kind.TIMEOUT);
    assertThat(classify(new TimeoutException("exchange")).detail()).isEqualTo("Acme did not answer createThing in time.");
  }

  @Test
  void noAnswerAtAllIsUnavailableWithoutAStatus() {
    ProviderError refused = classify(new ConnectException("Connection refused"));
    ProviderError reset = classify(new StreamResetException(0));

    assertThat(refused.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.upstreamStatus()).isZero();
    assertThat(refused.detail()).isEqualTo("Acme could not be reached for createThing.");
    assertThat(reset.kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void aSuccessThatCannotBeReadIsUnavailableWithItsStatus() {
    ProviderError error = classify(new UpstreamHttpException(201, "{\"id\": BANK", new IOException("bad json")));

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.upstreamStatus()).isEqualTo(201);
    assertThat(error.detail()).isEqualTo("Acme's answer to createThing could not be read.");
  }

  @Test
  void detailsNameTheProviderAndOperationButNeverTheBody() {
    assertThat(classify(new UpstreamHttpException(429, "secret-echo", null)).detail())
        .isEqualTo("Acme throttled createThing.");
    assertThat(classify(new UpstreamHttpException(503, "secret-echo", null)).detail())
        .isEqualTo("Acme failed createThing (503).");
    assertThat(classify(new UpstreamHttpException(409, "secret-echo", null)).detail())
        .isEqualTo("Acme rejected createThing (409).");
    assertThat(classify(new UpstreamHttpException(404, "secret-echo", null)).detail())
        .isEqualTo("Acme does not know the object of createThing.");
  }

  @Test
  void bodiesThatAreNotJsonSayNothing() {
    assertThat(classify(new UpstreamHttpException(400, "<html>fault BANK</html>", null)).kind()).isEqualTo(Kind.REJECTED);
    assertThat(classify(new UpstreamHttpException(400, null, null)).kind()).isEqualTo(Kind.REJECTED);
  }

  @Test
  void aClassifiedFailureIsKeptAsItIs() {
    ProviderFailure known = new ProviderFailure(new ProviderError(Kind.NOT_FOUND, "acme", null, 0, "gone"));

    assertThat(classifier.classify(known, CALL)).isSameAs(known);
  }

  @Test
  void anIncompleteAnswerIsUnavailable() {
    ProviderError error = classifier.incomplete(CALL).error();

    assertThat(error.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(error.detail()).isEqualTo("Acme's answer to createThing was incomplete.");
  }

  private ProviderError classify(Throwable failure) {
    return classifier.classify(failure, CALL).error();
  }
}
