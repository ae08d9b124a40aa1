package dev.consentgw.gateway.facade;

import dev.consentgw.facade.model.Account;
import dev.consentgw.facade.model.AccountIdentifier;
import dev.consentgw.facade.model.Address;
import dev.consentgw.facade.model.Balance;
import dev.consentgw.facade.model.DataMeta;
import dev.consentgw.facade.model.Identity;
import dev.consentgw.facade.model.Money;
import dev.consentgw.facade.model.Transaction;
import dev.consentgw.gateway.journey.DataView;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Consented data → facade models; money leaves as decimal strings, never as binary floats. */
final class DataMapper {

  private DataMapper() {
  }

  static DataMeta meta(DataView<?> view) {
    DataMeta meta = new DataMeta();
    meta.setFetchedAt(time(view.fetchedAt()));
    meta.setLastUpdated(time(view.lastUpdated()));
    return meta;
  }

  static Account account(dev.consentgw.gateway.provider.Account source) {
    Account target = new Account();
    target.setId(source.id());
    target.setName(source.name());
    target.setType(source.type());
    target.setSubtype(source.subtype());
    target.setUsage(source.usage());
    target.setCurrency(source.currency());
    target.setStatus(source.status());
    target.setIdentifiers(source.identifiers().stream().map(id -> {
      AccountIdentifier identifier = new AccountIdentifier();
      identifier.setScheme(id.scheme());
      identifier.setValue(id.value());
      identifier.setMasked(id.masked());
      return identifier;
    }).toList());
    return target;
  }

  static Balance balance(dev.consentgw.gateway.provider.Balance source) {
    Balance target = new Balance();
    target.setType(source.type());
    target.setAmount(money(source.amount()));
    target.setAt(time(source.at()));
    return target;
  }

  static Transaction transaction(dev.consentgw.gateway.provider.Transaction source) {
    Transaction target = new Transaction();
    target.setId(source.id());
    target.setStatus(source.pending() ? Transaction.StatusEnum.PENDING : Transaction.StatusEnum.BOOKED);
    target.setBookedAt(time(source.bookedAt()));
    target.setValueDate(source.valueDate());
    target.setAmount(money(source.amount()));
    target.setOriginalAmount(money(source.originalAmount()));
    target.setDescription(source.description());
    target.setReference(source.reference());
    target.setCounterparty(source.counterparty());
    target.setMerchant(source.merchant());
    target.setCategory(source.category());
    return target;
  }

  static Identity identity(dev.consentgw.gateway.provider.Identity source) {
    Identity target = new Identity();
    target.setFullName(source.fullName());
    target.setFirstName(source.firstName());
    target.setLastName(source.lastName());
    target.setEmail(source.email());
    target.setPhone(source.phone());
    target.setAddresses(source.addresses().isEmpty() ? null : source.addresses().stream().map(a -> {
      Address address = new Address();
      address.setLines(a.lines());
      address.setCity(a.city());
      address.setPostalCode(a.postalCode());
      address.setCountry(a.country());
      return address;
    }).toList());
    return target;
  }

  static Money money(dev.consentgw.gateway.provider.Money source) {
    if (source == null) {
      return null;
    }
    Money target = new Money();
    target.setValue(source.value().toPlainString());
    target.setCurrency(source.currency());
    return target;
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
