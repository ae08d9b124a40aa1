package dev.consentgw.contracts.wych;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFilter;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.consentgw.contracts.LiveHttp;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.contracts.WithoutProviderStates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import static dev.consentgw.contracts.wych.WychContract.CONNECTION_ACTIVE;
import static dev.consentgw.contracts.wych.WychContract.CONNECTION_EXPIRED;
import static dev.consentgw.contracts.wych.WychContract.WYCH_FAILING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gateway's pact with Wych, verified against a real Wych sandbox (profile
 * {@code live-providers}; base URLs and credentials from the environment, see
 * {@link LiveWychStates}). Interactions whose provider state a real Wych cannot be put into are
 * left to {@link WychProviderIT}: an active connection (a person must approve it at a bank) and an
 * outage. The Customer Data interactions run when the environment names a real connection (see
 * {@link LiveWychStates#DATA_VARIABLES}) and are skipped, with the missing variables named, otherwise.
 */
@Provider(Pacts.WYCH)
@PactFolder(Pacts.COMMITTED_DIR)
@PactFilter(value = {CONNECTION_ACTIVE, WYCH_FAILING, CONNECTION_EXPIRED}, filter = WithoutProviderStates.class)
class WychLiveProviderIT extends WychVerification {

  private static LiveWychStates wych;

  @BeforeAll
  static void liveWych() {
    wych = LiveWychStates.fromEnvironment();
  }

  @BeforeEach
  void target(PactVerificationContext context) throws IOException {
    Optional<String> skip = wych.skipReason(context.getInteraction());
    assumeTrue(skip.isEmpty(), skip::get);
    context.setTarget(LiveHttp.target(wych.baseUrl()));
    context.withStateChangeHandlers(wych);
  }

  @Override
  protected URI tokenUrl() {
    return URI.create(wych.tokenUrl());
  }
}
