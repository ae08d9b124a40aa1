package dev.consentgw.gateway.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void noArgumentsMeanTheBuiltInDefaults() {
    CommandLine command = CommandLine.parse(new String[0], NO_ENV::get);

    assertThat(command).isEqualTo(new CommandLine(null, null, false, false));
    assertThat(command.overrides()).isNull();
  }

  @Test
  void portAndConfigFromTheCommandLine() throws Exception {
    Path file = Files.createTempFile("gateway", ".yaml");

    CommandLine command = CommandLine.parse(new String[] {"--port", "9090", "--config", file.toString()}, NO_ENV::get);

    assertThat(command.configFile()).isEqualTo(file);
    assertThat(command.port()).isEqualTo(9090);
    assertThat(command.overrides()).isEqualTo("server: {port: 9090}");
  }

  @Test
  void theConfigFileMayComeFromTheEnvironmentButTheCommandLineWins() throws Exception {
    Path fromEnv = Files.createTempFile("env", ".yaml");
    Path fromArgs = Files.createTempFile("args", ".yaml");
    Map<String, String> env = Map.of("CGW_CONFIG", fromEnv.toString());

    assertThat(CommandLine.parse(new String[0], env::get).configFile()).isEqualTo(fromEnv);
    assertThat(CommandLine.parse(new String[] {"--config", fromArgs.toString()}, env::get).configFile())
        .isEqualTo(fromArgs);
  }

  @Test
  void exitWhenReadyIsAskedForExplicitly() {
    assertThat(CommandLine.parse(new String[] {"--exit-when-ready", "--port", "0"}, NO_ENV::get))
        .isEqualTo(new CommandLine(null, 0, false, true));
    assertThat(CommandLine.parse(new String[] {"--port", "0"}, NO_ENV::get).exitWhenReady()).isFalse();
  }

  @Test
  void helpWinsOverEverythingElse() {
    assertThat(CommandLine.parse(new String[] {"--port", "1", "--help", "--bogus"}, NO_ENV::get).help()).isTrue();
    assertThat(CommandLine.parse(new String[] {"-h"}, NO_ENV::get).help()).isTrue();
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port", "http"}, NO_ENV::get))
        .hasMessage("--port must be a number from 0 to 65535: http");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port", "65536"}, NO_ENV::get))
        .hasMessage("--port must be a number from 0 to 65535: 65536");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port"}, NO_ENV::get))
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--conifg", "x"}, NO_ENV::get))
        .hasMessage("unknown argument: --conifg");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--config", "/no/such/file.yaml"}, NO_ENV::get))
        .hasMessage("configuration file not readable: /no/such/file.yaml");
  }

  @Test
  void thePortFromTheEnvironmentReachesTheConfiguration() throws Exception {
    GatewayConfig config = new ConfigLoader(Map.of("PORT", "9191")::get).load(null);

    assertThat(config.server().port()).isEqualTo(9191);
    assertThat(new ConfigLoader(Map.of("PORT", "9191")::get).load(null, "server: {port: 9292}").server().port())
        .as("--port wins over PORT").isEqualTo(9292);
  }
}
