package dev.consentgw.gateway.observability;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.composite.AbstractJsonProvider;
import net.logstash.logback.composite.JsonProviders;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventPatternJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;

import java.io.IOException;

/**
 * {@code logging.format: json}: one JSON object per line, written by logstash-logback-encoder —
 * {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message}, and when the
 * line was written for a request {@code requestId}, {@code traceId} (tracing on), {@code tenant} and
 * {@code provider}; {@code stack_trace} when there is one. The message and the stack trace go
 * through the same {@code %msg} and {@code %redactedEx} conversion words as the text format, so
 * the redaction point applies (they must be declared in the logback configuration).
 */
public final class JsonLogEncoder extends LoggingEventCompositeJsonEncoder {

  @Override
  public void start() {
    JsonProviders<ILoggingEvent> providers = getProviders();
    LoggingEventFormattedTimestampJsonProvider timestamp = new LoggingEventFormattedTimestampJsonProvider();
    timestamp.setFieldName("timestamp");
    providers.addProvider(timestamp);
    LogLevelJsonProvider level = new LogLevelJsonProvider();
    level.setFieldName("level");
    providers.addProvider(level);
    LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
    logger.setFieldName("logger");
    providers.addProvider(logger);
    LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
    thread.setFieldName("thread");
    providers.addProvider(thread);
    providers.addProvider(pattern("{\"message\": \"%msg\"}"));
    providers.addProvider(new RequestFields());
    providers.addProvider(pattern("{\"stack_trace\": \"%redactedEx\"}"));
    super.start();
  }

  private LoggingEventPatternJsonProvider pattern(String pattern) {
    LoggingEventPatternJsonProvider provider = new LoggingEventPatternJsonProvider();
    provider.setPattern(pattern);
    provider.setOmitEmptyFields(true);
    return provider;
  }

  /** The {@link RequestLogFields} of the request on whose context the line was written. */
  static final class RequestFields extends AbstractJsonProvider<ILoggingEvent> {
    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
      RequestLogFields.Fields fields = RequestLogFields.current();
      if (fields == null) {
        return;
      }
      field(generator, "requestId", fields.requestId);
      field(generator, "traceId", TraceIds.current().orElse(null));
      field(generator, "tenant", fields.tenant);
      field(generator, "provider", fields.provider);
    }

    private static void field(JsonGenerator generator, String name, String value) throws IOException {
      if (value != null) {
        generator.writeStringField(name, value);
      }
    }
  }
}
