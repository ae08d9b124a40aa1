package dev.consentgw.contracts.yapily;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFilter;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.consentgw.contracts.LiveHttp;
import dev.consentgw.contracts.Pacts;
import dev.consentgw.contracts.WithoutProviderStates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.Optional;

import static dev.consentgw.contracts.yapily.YapilyContract.BANK_FAILING;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_AUTHORISED;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_AWAITING_AUTHORISATION;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_AWAITING_DECOUPLED_APPROVAL;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_BEING_RENEWED;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_DELETED_BY_BANK;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_EXPIRED;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_PRE_AUTHORISED;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_REJECTED;
import static dev.consentgw.contracts.yapily.YapilyContract.CONSENT_REVOKED;
import static dev.consentgw.contracts.yapily.YapilyContract.DATA_BANK_FAILING;
import static dev.consentgw.contracts.yapily.YapilyContract.ONE_TIME_TOKEN_FOR_AUTHORISED;
import static dev.consentgw.contracts.yapily.YapilyContract.ONE_TIME_TOKEN_FOR_PRE_AUTHORISED;
import static dev.consentgw.contracts.yapily.YapilyContract.PRE_AUTHORISATION_CONSUMED;
import static dev.consentgw.contracts.yapily.YapilyContract.YAPILY_FAILING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gateway's pact with Yapily, verified against a real Yapily application (profile
 * {@code live-providers}; base URL and credentials from the environment, see
 * {@link LiveYapilyStates}). Interactions whose provider state a real Yapily cannot be put into are
 * left to {@link YapilyProviderIT}: consents and one-time tokens that exist only after a person
 * approved at a bank (the authorised-consent interactions also delete it, so a real one cannot be
 * lent to them), consents in a lifecycle status only time or a person at the bank brings about
 * (expired, deleted by the bank, being renewed, a consumed pre-authorisation, awaiting approval in
 * the banking app, refused, revoked after approval), a failing bank, and an outage. An unanswered
 * authorisation request a real Yapily could hold, but {@link LiveYapilyStates} does not set one up yet. The account-data interactions run when the
 * environment names real consent tokens (see {@link LiveYapilyStates#DATA_VARIABLES}) and are
 * skipped, with the missing variables named, otherwise.
 */
@Provider(Pacts.YAPILY)
@PactFolder(Pacts.COMMITTED_DIR)
@PactFilter(value = {CONSENT_AUTHORISED, CONSENT_PRE_AUTHORISED, ONE_TIME_TOKEN_FOR_AUTHORISED,
    ONE_TIME_TOKEN_FOR_PRE_AUTHORISED, BANK_FAILING, YAPILY_FAILING, DATA_BANK_FAILING, CONSENT_EXPIRED,
    CONSENT_DELETED_BY_BANK, CONSENT_BEING_RENEWED, PRE_AUTHORISATION_CONSUMED, CONSENT_AWAITING_DECOUPLED_APPROVAL,
    CONSENT_AWAITING_AUTHORISATION, CONSENT_REJECTED, CONSENT_REVOKED},
    filter = WithoutProviderStates.class)
class YapilyLiveProviderIT {

  private static LiveYapilyStates yapily;

  @BeforeAll
  static void liveYapily() {
    yapily = LiveYapilyStates.fromEnvironment();
  }

  @BeforeEach
  void target(PactVerificationContext context) throws IOException {
    Optional<String> skip = yapily.skipReason(context.getInteraction());
    assumeTrue(skip.isEmpty(), skip::get);
    context.setTarget(LiveHttp.target(yapily.baseUrl()));
    context.withStateChangeHandlers(yapily);
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void yapilyHonoursWhatTheGatewayReliesOn(PactVerificationContext context) {
    context.verifyInteraction();
  }
}
