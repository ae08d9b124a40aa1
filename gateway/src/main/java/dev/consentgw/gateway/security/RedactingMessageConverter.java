package dev.consentgw.gateway.security;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;

/**
 * Logback's {@code %msg} through {@link Redaction}: registered in {@code logback.xml} so that every
 * log line, whoever writes it, passes the one redaction point.
 */
public final class RedactingMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.redact(super.convert(event));
  }

  /** Exception text is redacted too: upstream exceptions may quote URLs with tokens. */
  public static final class Throwables extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy tp) {
      return Redaction.redact(super.throwableProxyToString(tp));
    }
  }
}
