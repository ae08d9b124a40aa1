package dev.consentgw.gateway.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.consentgw.gateway.observability.JsonLogEncoder;
import dev.consentgw.gateway.sandbox.wych.WychSimulatorOptions;
import dev.consentgw.gateway.sandbox.yapily.YapilySimulatorOptions;
import dev.consentgw.sdk.api.ConsentsApi;
import dev.consentgw.sdk.model.Consent;
import dev.consentgw.sdk.model.ConsentUserInput;
import dev.consentgw.sdk.model.CreateConsentRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static dev.consentgw.gateway.e2e.GatewayTestKit.location;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs journeys with every logger at DEBUG and scans what the log pipeline wrote, and what the
 * consumer received, for the secrets that passed through the gateway.
 */
class SecretsNeverLeakTest {

  @Test
  void noSecretReachesTheLogsOrTheConsumer() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = context.getLogger("dev.consentgw");
    Level oursBefore = ours.getLevel();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedJson = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> appender = capture(context, captured, textEncoder(context));
    OutputStreamAppender<ILoggingEvent> jsonAppender = capture(context, capturedJson, jsonEncoder(context));
    // Loggers that do not pass their lines up (the test logging config routes expected warnings to a
    // file) are captured too: the scan must see every line the gateway writes.
    List<Logger> scanned = new ArrayList<>(List.of(root));
    context.getLoggerList().stream().filter(logger -> !logger.isAdditive()).forEach(scanned::add);
    Map<Logger, Level> levels = new HashMap<>();
    scanned.forEach(logger -> {
      levels.put(logger, logger.getLevel());
      logger.addAppender(appender);
      logger.addAppender(jsonAppender);
      logger.setLevel(Level.DEBUG);
    });
    ours.setLevel(Level.DEBUG);
    StringBuilder consumerSaw = new StringBuilder();
    String callbackUrl;
    try (GatewayTestKit kit = GatewayTestKit.start()) {
      ConsentsApi acme = new ConsentsApi(kit.sdk(GatewayTestKit.ACME_KEY));
      Consent yapily = acme.createConsent(request(kit, "yapily:thistle-sandbox"), null, null);
      HttpResponse<String> bank = kit.browse("POST", yapily.getAuthorisationUrl() + "/approve");
      callbackUrl = location(bank);
      HttpResponse<String> back = kit.browse("GET", callbackUrl);
      consumerSaw.append(location(back)).append(acme.getConsent(yapily.getId(), null));
      Consent wych = acme.createConsent(request(kit, kit.sdk(GatewayTestKit.ACME_KEY)), null, null);
      consumerSaw.append(location(kit.decideAtBank(wych.getAuthorisationUrl().toString(), "approve")));
      consumerSaw.append(acme.getConsent(wych.getId(), null));
    } finally {
      scanned.forEach(logger -> {
        logger.setLevel(levels.get(logger));
        logger.detachAppender(appender);
        logger.detachAppender(jsonAppender);
      });
      ours.setLevel(oursBefore);
      appender.stop();
      jsonAppender.stop();
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    String jsonLogs = capturedJson.toString(StandardCharsets.UTF_8);
    Map<String, String> callbackQuery = GatewayTestKit.query(callbackUrl);
    List<String> secrets = List.of(
        GatewayTestKit.ACME_KEY,
        WychSimulatorOptions.SANDBOX_CLIENT_SECRET,
        WychSimulatorOptions.SANDBOX_API_KEY,
        YapilySimulatorOptions.SANDBOX_APPLICATION_SECRET,
        callbackQuery.get("journey"),
        callbackQuery.get("one-time-token"));

    assertThat(logs).as("the scan must see the journeys").contains("/v1/callbacks/yapily");
    assertThat(jsonLogs).as("the scan must see the journeys").contains("/v1/callbacks/yapily");
    assertEveryLineIsAJsonLogRecord(jsonLogs);
    for (String secret : secrets) {
      assertThat(secret).isNotBlank();
      assertThat(logs).as("logs").doesNotContain(secret);
      assertThat(jsonLogs).as("JSON logs").doesNotContain(secret);
      assertThat(consumerSaw).as("consumer").doesNotContain(secret);
    }
  }

  private static CreateConsentRequest request(GatewayTestKit kit, String institutionId) {
    CreateConsentRequest request = new CreateConsentRequest();
    request.setInstitutionId(institutionId);
    ConsentUserInput user = new ConsentUserInput();
    user.setReference("leak-check");
    user.setEmail("jane@example.com");
    request.setUser(user);
    request.setPermissions(new LinkedHashSet<>(List.of("accounts")));
    request.setRedirectUrl(URI.create(kit.baseUrl() + "/sandbox/return"));
    return request;
  }

  private static CreateConsentRequest request(GatewayTestKit kit, dev.consentgw.sdk.ApiClient client) throws Exception {
    String wychBank = new dev.consentgw.sdk.api.InstitutionsApi(client)
        .listInstitutions(null, null, "wych", "accounts", "Kookaburra", null, null).getData().get(0).getId();
    return request(kit, wychBank);
  }

  /** One JSON object per line, with the request's fields on the lines written for a facade request. */
  private static void assertEveryLineIsAJsonLogRecord(String jsonLogs) {
    List<JsonObject> records = jsonLogs.lines().map(JsonObject::new).toList();
    assertThat(records).allSatisfy(record -> assertThat(record.fieldNames())
        .contains("timestamp", "level", "logger", "message"));
    assertThat(records).anySatisfy(record -> {
      assertThat(record.getString("message")).startsWith("consent ").contains(" started at wych:");
      assertThat(record.getString("requestId")).isNotBlank();
      assertThat(record.getString("tenant")).isEqualTo("acme");
      assertThat(record.getString("provider")).isEqualTo("wych");
    });
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    // The same conversion words as logback.xml: the redaction point is what is under test.
    encoder.setPattern("%logger %msg%n%redactedEx");
    encoder.start();
    return encoder;
  }

  /** The encoder of logging.format: json, as logback.xml declares it. */
  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  private static OutputStreamAppender<ILoggingEvent> capture(LoggerContext context, ByteArrayOutputStream into,
      Encoder<ILoggingEvent> encoder) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(into);
    appender.start();
    return appender;
  }
}
