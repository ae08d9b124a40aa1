package dev.consentgw.gateway.e2e.observability;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.consentgw.gateway.e2e.GatewayTestKit;
import dev.consentgw.gateway.observability.OpenTelemetryUpstreamTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces through the OpenTelemetry SDK's in-memory exporter: the span tree of a journey step (the
 * client's traceparent → the gateway's server span → the upstream call's client span → the Yapily
 * simulator's server span), the traceparent a provider receives (Wych on WireMock), and the
 * traceId in problem documents.
 */
class TracingTest {

  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static OpenTelemetrySdk sdk;
  private static WireMockServer wych;
  private static GatewayTestKit kit;

  @BeforeAll
  static void boot() throws Exception {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    wych = new WireMockServer(options().dynamicPort());
    wych.start();
    wych.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    kit = GatewayTestKit.tracedWith(sdk, """
        resilience:
          retries: {maxRetries: 0}
        providers:
          wych:
            apiBaseUrl: "%1$s/v3"
            tokenUrl: "%1$s/token"
            apiKey: api-key-not-logged
            clientId: gateway-client
            clientSecret: client-secret-not-logged
            partnerId: 3b0f6c52-1d4e-4c8a-9f21-5a7e2d9c0b11
            appId: 9a4e1f27-6c3b-4d80-b5e2-0c7d8a1f3e22
        """.formatted(wych.baseUrl()));
  }

  @AfterAll
  static void stop() throws Exception {
    kit.close();
    wych.stop();
    sdk.close();
  }

  @Test
  void aJourneyStepIsOneTraceFromTheClientThroughTheGatewayToTheProvider() throws Exception {
    HttpResponse<String> created = kit.raw("POST", "/v1/consents", """
        {"institutionId": "yapily:thistle-sandbox", "user": {"reference": "traced-user"},
         "permissions": ["accounts"], "redirectUrl": "%s/sandbox/return"}""".formatted(kit.baseUrl()),
        "Authorization", "Bearer " + GatewayTestKit.ACME_KEY, "Content-Type", "application/json",
        "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    SpanData server = await().atMost(Duration.ofSeconds(10)).until(
        () -> only(span -> span.getKind() == SpanKind.SERVER && span.getParentSpanId().equals(CLIENT_SPAN)),
        span -> span != null);
    SpanData upstream = only(span -> span.getKind() == SpanKind.CLIENT
        && span.getParentSpanId().equals(server.getSpanId()) && span.getName().equals("yapily initiateAccountRequest"));
    SpanData simulator = await().atMost(Duration.ofSeconds(10)).until(
        () -> only(span -> span.getKind() == SpanKind.SERVER && span.getParentSpanId().equals(upstream.getSpanId())),
        span -> span != null);

    assertThat(server.getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(upstream.getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(simulator.getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(upstream.getAttributes().get(OpenTelemetryUpstreamTracer.PROVIDER)).isEqualTo("yapily");
    assertThat(upstream.getAttributes().get(OpenTelemetryUpstreamTracer.OPERATION)).isEqualTo("initiateAccountRequest");
    assertThat(upstream.getAttributes().get(OpenTelemetryUpstreamTracer.OUTCOME)).isEqualTo("success");
  }

  @Test
  void theProviderReceivesTheUpstreamCallsSpanAsTraceparent() {
    // The catalogue warm-up asks Wych for a token first; WireMock answers 503.
    SpanData tokenCall = await().atMost(Duration.ofSeconds(10)).until(
        () -> only(span -> span.getName().equals("wych requestToken")), span -> span != null);
    List<LoggedRequest> received = wych.findAll(anyRequestedFor(anyUrl()));

    assertThat(received).hasSize(1);
    assertThat(received.get(0).getHeader("traceparent"))
        .isEqualTo("00-" + tokenCall.getTraceId() + "-" + tokenCall.getSpanId() + "-"
            + tokenCall.getSpanContext().getTraceFlags().asHex());
    assertThat(tokenCall.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(tokenCall.getAttributes().get(OpenTelemetryUpstreamTracer.OUTCOME)).isEqualTo("5xx");
    assertThat(tokenCall.getAttributes().get(OpenTelemetryUpstreamTracer.STATUS)).isEqualTo(503L);
  }

  @Test
  void problemDocumentsQuoteTheTraceId() throws Exception {
    String trace = "0af7651916cd43dd8448eb211c80319c";
    HttpResponse<String> response = kit.raw("GET", "/v1/nothing-here", null,
        "X-Request-Id", "req-traced-1", "traceparent", "00-" + trace + "-b7ad6b7169203331-01");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-traced-1");
    assertThat(new JsonObject(response.body()).getString("traceId")).isEqualTo(trace);
  }

  private static SpanData only(java.util.function.Predicate<SpanData> which) {
    List<SpanData> found = SPANS.getFinishedSpanItems().stream().filter(which).toList();
    assertThat(found).hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? null : found.get(0);
  }
}
