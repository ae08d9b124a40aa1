package dev.consentgw.clients;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import dev.consentgw.clients.yapily.api.ConsentsApiImpl;
import dev.consentgw.clients.yapily.api.InstitutionsApiImpl;
import dev.consentgw.clients.yapily.invoker.ApiClient;
import dev.consentgw.clients.yapily.invoker.ApiException;
import dev.consentgw.clients.yapily.model.ApiListResponseOfInstitution;
import dev.consentgw.clients.yapily.model.AuthorisationStatus;
import dev.consentgw.clients.yapily.model.Consent;
import dev.consentgw.clients.yapily.model.EnvironmentType;
import dev.consentgw.clients.yapily.model.FeatureEnum;
import dev.consentgw.clients.yapily.model.Institution;
import dev.consentgw.clients.yapily.model.OneTimeTokenRequest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generated Yapily client against a WireMock Yapily: envelopes, basic auth, errors, open enums. */
class YapilyClientRoundTripTest {

  private static final String JSON = "application/json;charset=UTF-8";
  private static final String CONSENT_ID = "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7";

  private static WireMockServer yapily;
  private static Vertx vertx;
  private ApiClient client;

  @BeforeAll
  static void start() {
    yapily = new WireMockServer(options().dynamicPort());
    yapily.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    yapily.stop();
    vertx.close().await(10, SECONDS);
  }

  @BeforeEach
  void reset() {
    yapily.resetAll();
    client = new ApiClient(vertx, new JsonObject().put("basePath", yapily.baseUrl()));
    client.setUsername("app-id");
    client.setPassword("app-secret");
  }

  @Test
  void readsTheInstitutionListEnvelopeWithBasicAuth() throws Exception {
    yapily.stubFor(get("/institutions").willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody("""
        {"meta":{"tracingId":"3e4f","count":1},
         "data":[{"id":"modelo-sandbox","name":"Modelo Sandbox","fullName":"Modelo Sandbox",
                  "countries":[{"displayName":"United Kingdom","countryCode2":"GB"}],
                  "environmentType":"SANDBOX","credentialsType":"OPEN_BANKING_UK_AUTO",
                  "media":[{"source":"https://media.example/modelo/logo.png","type":"logo"}],
                  "features":["INITIATE_ACCOUNT_REQUEST","ACCOUNTS","ACCOUNT_BALANCES"]}],
         "links":{"self":"https://api.yapily.com/institutions"}}""")));

    ApiListResponseOfInstitution envelope = new InstitutionsApiImpl(client).getInstitutions().await(10, SECONDS);

    assertThat(envelope.getMeta().getTracingId()).isEqualTo("3e4f");
    assertThat(envelope.getMeta().getCount()).isEqualTo(1);
    assertThat(envelope.getLinks()).containsEntry("self", "https://api.yapily.com/institutions");
    Institution modelo = envelope.getData().get(0);
    assertThat(modelo.getId()).isEqualTo("modelo-sandbox");
    assertThat(modelo.getEnvironmentType()).isEqualTo(EnvironmentType.SANDBOX);
    assertThat(modelo.getCountries()).singleElement().satisfies(c -> assertThat(c.getCountryCode2()).isEqualTo("GB"));
    assertThat(modelo.getFeatures()).containsExactly(
        FeatureEnum.INITIATE_ACCOUNT_REQUEST, FeatureEnum.ACCOUNTS, FeatureEnum.ACCOUNT_BALANCES);
    yapily.verify(1, getRequestedFor(urlEqualTo("/institutions"))
        .withBasicAuth(new BasicCredentials("app-id", "app-secret"))
        .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void sendsAndReadsBareObjects() throws Exception {
    yapily.stubFor(post("/consent-one-time-token").willReturn(aResponse().withStatus(201).withHeader("Content-Type", JSON)
        .withBody("""
            {"id":"%s","institutionId":"modelo-sandbox","status":"AUTHORIZED",
             "authorizedAt":"2025-03-01T10:16:05.400Z","consentToken":"EXAMPLE-TOKEN"}""".formatted(CONSENT_ID))));

    Consent consent = new ConsentsApiImpl(client)
        .getConsentBySingleAccessConsent(new OneTimeTokenRequest().oneTimeToken("ott-1")).await(10, SECONDS);

    assertThat(consent.getId()).isEqualTo(UUID.fromString(CONSENT_ID));
    assertThat(consent.getStatus()).isEqualTo(AuthorisationStatus.AUTHORIZED);
    assertThat(consent.getAuthorizedAt()).isEqualTo(OffsetDateTime.parse("2025-03-01T10:16:05.400Z"));
    assertThat(consent.getConsentToken()).isEqualTo("EXAMPLE-TOKEN");
    yapily.verify(1, postRequestedFor(urlEqualTo("/consent-one-time-token"))
        .withRequestBody(equalToJson("{\"oneTimeToken\":\"ott-1\"}", false, false)));
  }

  @Test
  void aLegacyErrorFailsWithItsStatusAndBody() {
    String body = """
        {"error":{"code":401,"status":"UNAUTHORIZED","message":"The application credentials were not accepted.",
                  "source":"YAPILY","tracingId":"9c8b"}}""";
    yapily.stubFor(get("/institutions").willReturn(aResponse().withStatus(401).withHeader("Content-Type", JSON)
        .withBody(body)));

    assertThatThrownBy(() -> new InstitutionsApiImpl(client).getInstitutions().await(10, SECONDS))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(401);
          assertThat(new JsonObject(e.getResponseBody()).getJsonObject("error").getString("status"))
              .isEqualTo("UNAUTHORIZED");
        });
    yapily.verify(1, getRequestedFor(urlEqualTo("/institutions")));
  }

  @Test
  void unknownEnumValuesReadAsTheFallback() throws Exception {
    yapily.stubFor(get("/consents/" + CONSENT_ID).willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
        .withBody("""
            {"meta":{"tracingId":"t"},
             "data":{"id":"%s","status":"AWAITING_SOMETHING_NEW","featureScope":["ACCOUNTS","A_FEATURE_FROM_THE_FUTURE"],
                     "aPropertyFromTheFuture":{"x":1}}}""".formatted(CONSENT_ID))));

    Consent consent = new ConsentsApiImpl(client).getConsentById(UUID.fromString(CONSENT_ID)).await(10, SECONDS).getData();

    assertThat(consent.getStatus()).isEqualTo(AuthorisationStatus.UNKNOWN_DEFAULT_OPEN_API);
    assertThat(consent.getFeatureScope()).containsExactly(FeatureEnum.ACCOUNTS, FeatureEnum.UNKNOWN_DEFAULT_OPEN_API);
    yapily.verify(1, getRequestedFor(urlEqualTo("/consents/" + CONSENT_ID)));
  }
}
