package dev.consentgw.gateway.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.consentgw.gateway.observability.LoggingOptions;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.net.URL;
import java.util.Locale;

/**
 * Routes java.util.logging (the OpenTelemetry SDK's) to logback, and applies the {@code logging:}
 * section once the configuration is loaded: logback first starts from
 * {@code logback.xml} with the environment's CGW_LOG_FORMAT and CGW_LOG_LEVEL, then is configured
 * again from the same file with the values of the configuration (which default to those variables),
 * so a configuration file can set them too.
 */
final class LogSetup {

  private static final String CONFIGURATION = "/logback.xml";

  private LogSetup() {
  }

  static void apply(LoggingOptions options) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    URL configuration = LogSetup.class.getResource(CONFIGURATION);
    context.reset();
    context.putProperty("CGW_LOG_FORMAT", options.format());
    context.putProperty("CGW_LOG_LEVEL", options.level().toUpperCase(Locale.ROOT));
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(configuration);
    } catch (JoranException e) {
      throw new IllegalStateException("logback configuration failed: " + e.getMessage(), e);
    }
  }
}
