package dev.consentgw.contracts.wych;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;

/**
 * Replays the gateway's pact with Wych against a Wych: the sandbox simulator or a real one. The pact
 * names paths relative to the API base URL, but Wych's token endpoint lives on a server of its own
 * (the login server): a request for the pact's {@code /token} is sent to the token URL instead.
 */
abstract class WychVerification {

  private static final String TOKEN_PATH = "/token";

  /** The full URL of the token endpoint being verified. */
  protected abstract URI tokenUrl();

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void wychHonoursWhatTheGatewayReliesOn(PactVerificationContext context, HttpRequest request) {
    if (isTokenRequest(context.getInteraction())) {
      request.setUri(tokenUrl());
    }
    context.verifyInteraction();
  }

  private static boolean isTokenRequest(Interaction interaction) {
    return TOKEN_PATH.equals(interaction.asSynchronousRequestResponse().getRequest().getPath());
  }
}
