package dev.consentgw.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveStateVariablesTest {

  private static LiveStateVariables with(Map<String, String> environment) {
    return new LiveStateVariables(environment::get)
        .require("a connection with data", "LIVE_USER", "LIVE_CONNECTION")
        .require("a disconnected connection", "LIVE_USER", "LIVE_GONE");
  }

  @Test
  void anInteractionWhoseStatesNeedNothingRuns() {
    assertThat(with(Map.of()).skipReason(List.of("the app holds a valid service token"))).isEmpty();
  }

  @Test
  void aDataStateRunsWhenEveryVariableItNeedsIsSet() {
    LiveStateVariables live = with(Map.of("LIVE_USER", "u1", "LIVE_CONNECTION", " c1 "));

    assertThat(live.skipReason(List.of("the app holds a valid service token", "a connection with data"))).isEmpty();
    assertThat(live.get("LIVE_CONNECTION")).isEqualTo("c1");
  }

  @Test
  void aDataStateIsSkippedNamingTheStateAndOnlyTheMissingVariables() {
    LiveStateVariables live = with(Map.of("LIVE_USER", "u1", "LIVE_CONNECTION", "  "));

    assertThat(live.skipReason(List.of("a connection with data"))).hasValue(
        "provider state 'a connection with data' needs a real connection or consent a person approved at a bank:"
            + " set LIVE_CONNECTION (see README, \"Contracts\")");
    assertThat(live.skipReason(List.of("a disconnected connection"))).get().asString()
        .contains("set LIVE_GONE ").doesNotContain("LIVE_USER");
  }

  @Test
  void readingAMissingVariableFailsNamingIt() {
    assertThatThrownBy(() -> with(Map.of()).get("LIVE_GONE")).hasMessage("LIVE_GONE is not set");
  }
}
