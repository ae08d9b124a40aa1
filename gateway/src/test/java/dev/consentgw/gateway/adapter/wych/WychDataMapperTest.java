package dev.consentgw.gateway.adapter.wych;

import dev.consentgw.clients.wych.model.Money;
import dev.consentgw.clients.wych.model.Transaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Wych gives a transaction's direction in {@code type}: money out becomes negative whatever the sign sent. */
class WychDataMapperTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "DEBIT,   42.17,  -42.17",
      "DEBIT,  -42.17,  -42.17",
      "CREDIT,  0.10,    0.10",
      "CREDIT, -0.10,    0.10",
      "UNKNOWN, -7.00,  -7.00",
      "DEBIT,  98765432109876543.21, -98765432109876543.21"})
  void signsAmountsByDirection(String type, String sent, String expected) {
    Transaction tx = new Transaction()
        .id(UUID.randomUUID())
        .type(type)
        .status("POSTED")
        .datetime(OffsetDateTime.parse("2025-06-02T08:42:11Z"))
        .amount(new Money().amount(new BigDecimal(sent)).currency("AUD"));

    var mapped = WychDataMapper.transaction(tx);

    assertThat(mapped.amount().value()).isEqualTo(new BigDecimal(expected));
    assertThat(mapped.pending()).isFalse();
  }
}
